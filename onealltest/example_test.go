package onealltest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// In a test, New starts a server that closes when the test ends, and the
// builders put in the users the test is about.
func ExampleNew() {
	var t *testing.T // the *testing.T of func TestWelcome(t *testing.T)

	srv := onealltest.New(t)
	ada := srv.AddUser(onealltest.User{})
	srv.AddIdentity(ada, "facebook", api.Identity{DisplayName: "Ada Lovelace"})

	if err := WelcomeNewUsers(t.Context(), srv.Client()); err != nil { // the code under test
		t.Fatal(err)
	}
	if n := srv.RequestCount("GET", "/users.json"); n != 1 {
		t.Errorf("listed the users %d times", n)
	}
}

// WelcomeNewUsers stands for the code under test in ExampleNew.
func WelcomeNewUsers(ctx context.Context, c *wrapper.Client) error {
	_, err := c.Users.List(ctx, nil)
	return err
}

func ExampleServer_AddUser() {
	srv := onealltest.NewServer()
	defer srv.Close()

	// A user with the two identities the test needs.
	ada := srv.AddUser(onealltest.User{NumLogins: 12})
	fb := srv.AddIdentity(ada, "facebook", api.Identity{
		DisplayName: "Ada Lovelace",
		Emails:      []api.Email{{Value: "ada@example.com", IsVerified: true}},
	})
	srv.AddIdentity(ada, "github", api.Identity{PreferredUsername: "ada"})

	c := srv.Client()
	u, err := c.Users.Get(context.Background(), ada)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("logins:", u.NumLogins)
	for _, id := range u.Identities {
		fmt.Printf("%s %q %q (the token AddIdentity returned: %v)\n", id.Provider, id.DisplayName, id.PreferredUsername, id.IdentityToken == fb)
	}
	// Output:
	// logins: 12
	// facebook "Ada Lovelace" "" (the token AddIdentity returned: true)
	// github "" "ada" (the token AddIdentity returned: false)
}

func ExampleServer_AddStorageUser() {
	srv := onealltest.NewServer()
	defer srv.Close()
	token := srv.AddStorageUser(onealltest.StorageUser{
		Login:    "ada@example.com",
		Password: "correct horse",
		Identity: api.Identity{Name: api.IdentityName{GivenName: "Ada", FamilyName: "Lovelace"}},
	})

	c := srv.Client()
	ctx := context.Background()
	u, err := c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "ada@example.com", Password: "correct horse"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.UserToken == token, u.ExternalID, u.Identity.Name.GivenName)
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "ada@example.com", Password: "wrong"})
	fmt.Println("wrong password:", errors.Is(err, wrapper.ErrInvalidCredentials))
	// Output:
	// true 100000001 Ada
	// wrong password: true
}

// NewUnstarted, as httptest.NewUnstartedServer, gives a server to prepare
// before it listens: here on a listener of the program's choosing.
func ExampleNewUnstarted() {
	srv := onealltest.NewUnstarted(onealltest.WithKeys("test-public-key", "test-private-key"))
	srv.Seed(2)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	srv.StartListener(ln) // srv.Start() listens on a random loopback port
	defer srv.Close()

	fmt.Println(strings.HasPrefix(srv.URL, "http://127.0.0.1:"))
	p, err := srv.Client().Users.List(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("users:", p.TotalEntries)

	// Stop accepting requests, and wait for those in flight.
	if err := srv.Shutdown(context.Background()); err != nil {
		log.Fatal(err)
	}
	// Output:
	// true
	// users: 2
}

func ExampleNewServer() {
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.Seed(3) // the same 3 users on every run

	c := srv.Client()
	page, err := c.Identities.List(context.Background(), &wrapper.ListOptions{Order: "desc"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("identities:", page.TotalEntries)
	for _, id := range page.Entries {
		fmt.Println(id.Provider, id.DateCreation)
	}
	// Output:
	// identities: 6
	// disqus Mon, 01 Jan 2024 00:09:00 +0000
	// google Mon, 01 Jan 2024 00:08:00 +0000
	// linkedin Mon, 01 Jan 2024 00:06:00 +0000
	// yahoo Mon, 01 Jan 2024 00:05:00 +0000
	// twitter Mon, 01 Jan 2024 00:04:00 +0000
	// facebook Mon, 01 Jan 2024 00:02:00 +0000
}

func ExampleServer_SetFaults() {
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.Seed(5)

	// 30% of the requests fail, the same ones on every run. Server.Client
	// retries them within milliseconds (Retry-After-Ms and a short backoff).
	srv.SetFaults(onealltest.Faults{Seed: 1, Rate: 0.3,
		Kinds: []onealltest.FaultKind{onealltest.Fault429, onealltest.Fault503, onealltest.FaultReset}})
	c := srv.Client()
	failed := 0
	for range 20 {
		if _, err := c.Users.List(context.Background(), nil); err != nil {
			failed++
		}
	}
	fmt.Println("calls that failed after retries:", failed)
	fmt.Println("requests received:", len(srv.Requests()))
	// Output:
	// calls that failed after retries: 0
	// requests received: 34
}

// With AfterWork, a faulted request does its work before the answer is
// lost: what a test of "never create a user twice" needs.
func ExampleFaults_afterWork() {
	srv := onealltest.NewServer()
	defer srv.Close()

	// Every create gets a 503 after the user was created: the answer is lost.
	srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault503}, AfterWork: true,
		Paths: []string{"POST /storage/users.json"}})
	c := srv.Client()
	_, err := c.Storage.CreateUser(context.Background(), api.StorageUserInput{Login: api.Set("jane")})
	fmt.Println("server error:", errors.Is(err, wrapper.ErrServer))
	fmt.Println("requests sent:", srv.RequestCount("POST", "/storage/users.json"))
	fmt.Println("users created:", srv.Stats().StorageUsers)
	// Output:
	// server error: true
	// requests sent: 1
	// users created: 1
}
