package wrapper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// pagedIdentities serves total identities in pages, like OneAll, and records
// the pages asked for. stuck makes every answer claim to be page 1.
func pagedIdentities(f *fixture, total int, stuck bool) func() []string {
	var mu sync.Mutex
	var asked []string
	f.mux.HandleFunc("/identities.json", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		mu.Lock()
		asked = append(asked, q.Encode())
		mu.Unlock()
		page, _ := strconv.Atoi(q.Get("page"))
		per, _ := strconv.Atoi(q.Get("entries_per_page"))
		pages := (total + per - 1) / per
		var entries []string
		for i := (page - 1) * per; i < min(page*per, total); i++ {
			entries = append(entries, fmt.Sprintf(`{"identity_token":"00000000-0000-4000-8000-%012d"}`, i))
		}
		current := page
		if stuck {
			current = 1
		}
		fmt.Fprint(w, ok(200, "/identities.json", `{"identities":{`+pagination(current, pages, per, total)+
			fmt.Sprintf(`,"count":%d,"entries":[%s]}}`, len(entries), strings.Join(entries, ","))))
	})
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), asked...)
	}
}

func TestAllYieldsEveryEntryInOrderWithPagesOf500(t *testing.T) {
	f := setup(t)
	asked := pagedIdentities(f, 1203, false)
	i := 0
	for id, err := range f.client.Identities.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("00000000-0000-4000-8000-%012d", i); id.IdentityToken != want {
			t.Fatalf("entry %d = %s, want %s", i, id.IdentityToken, want)
		}
		i++
	}
	if i != 1203 {
		t.Errorf("%d entries, want 1203", i)
	}
	want := []string{"entries_per_page=500&page=1", "entries_per_page=500&page=2", "entries_per_page=500&page=3"}
	if got := asked(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("pages asked = %v, want %v", got, want)
	}
}

func TestAllKeepsCallerOptionsAndDoesNotChangeThem(t *testing.T) {
	f := setup(t)
	asked := pagedIdentities(f, 25, false)
	opts := &ListOptions{Page: 2, EntriesPerPage: 10, Order: "desc"}
	n := 0
	for _, err := range f.client.Identities.All(context.Background(), opts) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 15 || *opts != (ListOptions{Page: 2, EntriesPerPage: 10, Order: "desc"}) {
		t.Errorf("%d entries, options now %+v", n, opts)
	}
	if got := asked(); len(got) != 2 || got[0] != "entries_per_page=10&order_direction=desc&page=2" {
		t.Errorf("pages asked = %v", got)
	}
}

func TestAllEmptyList(t *testing.T) {
	f := setup(t)
	f.handle("/identities.json", expect{method: "GET", query: map[string][]string{"page": {"1"}, "entries_per_page": {"500"}}},
		200, ok(200, "/identities.json", `{"identities":{"pagination":{"current_page":1,"total_pages":0,"entries_per_page":500,"total_entries":0},"count":0}}`))
	for id, err := range f.client.Identities.All(context.Background(), nil) {
		t.Errorf("yielded %v, %v from an empty list", id, err)
	}
}

func TestAllStopsFetchingWhenTheCallerBreaks(t *testing.T) {
	f := setup(t)
	asked := pagedIdentities(f, 5000, false)
	for _, err := range f.client.Identities.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	if got := asked(); len(got) != 1 {
		t.Errorf("%d pages fetched after a break on the first entry", len(got))
	}
}

func TestAllFailsWhenThePageDoesNotAdvance(t *testing.T) {
	f := setup(t)
	asked := pagedIdentities(f, 1500, true)
	var errs []error
	n := 0
	for _, err := range f.client.Identities.All(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	if len(errs) != 1 || !errors.Is(errs[0], ErrUnexpectedResponse) || !strings.Contains(errs[0].Error(), "does not advance") {
		t.Fatalf("errors = %v, want one ErrUnexpectedResponse", errs)
	}
	if n != 500 || len(asked()) != 2 {
		t.Errorf("%d entries from %d pages before giving up", n, len(asked()))
	}
}

func TestAllYieldsAnErrorOnceAndStops(t *testing.T) {
	f := setup(t, WithRetries(0))
	calls := 0
	f.mux.HandleFunc("/users.json", func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 2 {
			w.WriteHeader(500)
			fmt.Fprint(w, fail(500, "boom"))
			return
		}
		fmt.Fprint(w, ok(200, "/users.json", `{"users":{`+pagination(1, 3, 500, 1200)+`,"count":1,"entries":[{"user_token":"`+userToken+`"}]}}`))
	})
	var got []string
	for u, err := range f.client.Users.All(context.Background(), nil) {
		if err != nil {
			got = append(got, "error: "+err.Error())
			continue
		}
		got = append(got, u.UserToken)
	}
	if len(got) != 2 || got[0] != userToken || !strings.HasPrefix(got[1], "error: ") || !strings.Contains(got[1], "boom") {
		t.Errorf("yielded %q", got)
	}
}

func TestAllContactsPages(t *testing.T) {
	f := setup(t)
	f.mux.HandleFunc("/identities/"+identityToken+"/contacts.json", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("disable_cache") != "true" || q.Get("entries_per_page") != "2" {
			t.Errorf("query %v", q)
		}
		page, _ := strconv.Atoi(q.Get("page"))
		fmt.Fprint(w, ok(200, "/c.json", fmt.Sprintf(`{"contacts":{%s,"count":1,"entries":[{"displayName":"c%d"}]}}`, pagination(page, 3, 2, 3), page)))
	})
	var names []string
	for c, err := range f.client.Identities.AllContacts(context.Background(), identityToken, &ContactsOptions{ListOptions: ListOptions{EntriesPerPage: 2}, DisableCache: true}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, c.DisplayName)
	}
	if strings.Join(names, ",") != "c1,c2,c3" {
		t.Errorf("contacts = %v", names)
	}
}
