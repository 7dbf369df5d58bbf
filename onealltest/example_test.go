package onealltest_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

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
