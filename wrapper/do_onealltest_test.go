package wrapper_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// Do reaches what the typed services do not model. Here it reads one page of
// identities and relinks one, as the typed calls would; the body is the
// whole JSON body, OneAll's {"request": ...} envelope included.
func ExampleClient_Do() {
	srv := onealltest.NewServer()
	defer srv.Close()
	users := srv.Seed(2)
	c := srv.Client()
	ctx := context.Background()

	// out receives response.result.data.
	var page struct {
		Identities struct {
			Entries []api.Identity `json:"entries"`
		} `json:"identities"`
	}
	if err := c.Do(ctx, "GET", "/identities.json?entries_per_page=1", nil, &page); err != nil {
		log.Fatal(err)
	}
	fmt.Println("identities on the page:", len(page.Identities.Entries))

	// Path parameters are escaped by the caller; the body goes as is.
	id := page.Identities.Entries[0].IdentityToken
	body := map[string]any{"request": map[string]any{"user": map[string]string{"user_token": users[1]}}}
	var moved struct {
		User api.User `json:"user"`
	}
	if err := c.Do(ctx, "PUT", "/identities/"+url.PathEscape(id)+"/link.json", body, &moved); err != nil {
		log.Fatal(err)
	}
	fmt.Println("now owned by the second user:", moved.User.UserToken == users[1])

	// Errors are the typed methods' errors.
	err := c.Do(ctx, "GET", "/identities/00000000-0000-4000-8000-000000000000.json", nil, nil)
	fmt.Println("not found:", errors.Is(err, wrapper.ErrNotFound))
	// Output:
	// identities on the page: 1
	// now owned by the second user: true
	// not found: true
}

func TestDoReadsWhatTheTypedMethodReads(t *testing.T) {
	srv := onealltest.NewServer()
	t.Cleanup(srv.Close)
	srv.Seed(3)
	c := srv.Client()
	ctx := context.Background()
	page, err := c.Identities.List(ctx, nil)
	if err != nil || len(page.Entries) == 0 {
		t.Fatalf("List: %v", err)
	}
	tok := page.Entries[0].IdentityToken
	want, err := c.Identities.Get(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Identity api.Identity `json:"identity"`
	}
	if err := c.Do(ctx, "GET", "identities/"+tok+".json", nil, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got.Identity, want) {
		t.Errorf("Do gave %+v\nGet gave %+v", got.Identity, want)
	}
	var raw json.RawMessage
	if err := c.Do(ctx, "GET", "identities/"+tok+".json", nil, &raw); err != nil || !strings.Contains(string(raw), tok) {
		t.Errorf("raw: %v, %s", err, raw)
	}
	if n := srv.RequestCount("GET", "/identities/*.json"); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

// On the fake's faults: a POST whose answer was lost after the work was
// done is not sent again (a second create would fail or duplicate), a GET is.
func TestDoOnTheFakesFaults(t *testing.T) {
	srv := onealltest.NewServer()
	t.Cleanup(srv.Close)
	srv.Seed(1)
	c := srv.Client(wrapper.WithRetries(2), wrapper.WithBackoff(time.Millisecond, time.Millisecond))
	ctx := context.Background()
	srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.FaultLost}, AfterWork: true, Paths: []string{"POST /storage/users.json"}})
	const password = "correct-horse-S3CRET"
	body := json.RawMessage(`{"request":{"user":{"login":"ann@example.com","password":"` + password + `"}}}`)
	err := c.Do(ctx, "POST", "/storage/users.json", body, nil)
	if !errors.Is(err, wrapper.ErrNetwork) || srv.RequestCount("POST", "/storage/users.json") != 1 {
		t.Fatalf("lost POST: %v after %d requests, want a network error after 1", err, srv.RequestCount("POST", "/storage/users.json"))
	}
	if strings.Contains(err.Error(), password) {
		t.Errorf("the body's password is in the error: %v", err)
	}
	// The work was done: the user exists.
	var found struct {
		User struct {
			UserToken string `json:"user_token"`
		} `json:"user"`
	}
	lookup := map[string]any{"request": map[string]any{"user": map[string]string{"login": "ann@example.com", "password": password}}}
	if err := c.Do(ctx, "POST", "/storage/users/user/lookup.json", lookup, &found, wrapper.WithIdempotent(true)); err != nil || found.User.UserToken == "" {
		t.Errorf("lookup after the lost create: %v, %+v", err, found)
	}

	srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault429, onealltest.FaultHTML, onealltest.FaultTruncated}, Paths: []string{"GET /users.json"}})
	if err := c.Do(ctx, "GET", "/users.json", nil, nil); err == nil || srv.RequestCount("GET", "/users.json") != 3 {
		t.Errorf("GET under faults: %v after %d requests, want a failure after 3", err, srv.RequestCount("GET", "/users.json"))
	}
	srv.SetFaults(onealltest.Faults{})
	if err := c.Do(ctx, "GET", "/users.json", nil, nil); err != nil {
		t.Errorf("GET without faults: %v", err)
	}
}

// ShortURLs.All lists, against the fake, what Create made, newest first or
// oldest first as asked.
func TestShortURLsAllAgainstTheFake(t *testing.T) {
	srv := onealltest.New(t)
	c := srv.Client()
	ctx := context.Background()
	var made []string
	for i := range 3 {
		su, err := c.ShortURLs.Create(ctx, fmt.Sprintf("https://shop.example/%d", i))
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, su.ShortURLToken)
	}
	var got []string
	for su, err := range c.ShortURLs.All(ctx, &wrapper.ListOptions{EntriesPerPage: 2, Order: "asc"}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, su.ShortURLToken)
	}
	if !reflect.DeepEqual(got, made) {
		t.Errorf("All = %q, want %q", got, made)
	}
}
