package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// The main flows, run against the in-memory OneAll of package onealltest.
func Example() {
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.Seed(3)
	c := srv.Client() // a *wrapper.Client; in production: wrapper.New or wrapper.NewFromEnv
	ctx := context.Background()

	// Iterate over every identity, page by page.
	var first string
	n := 0
	for id, err := range c.Identities.All(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		if first == "" {
			first = id.IdentityToken
		}
		n++
	}
	fmt.Println("identities:", n)

	// Read one.
	id, err := c.Identities.Get(ctx, first)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("first identity has an owner:", id.UserToken != "")

	// Handle a typed error.
	_, err = c.Identities.Get(ctx, "00000000-0000-4000-8000-000000000000")
	fmt.Println("not found:", errors.Is(err, wrapper.ErrNotFound))

	// Upsert a cloud storage user, then authenticate it.
	login, pw := "john.doe", api.Password("correct horse")
	res, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: login},
		api.StorageUserInput{Login: api.Set(login), Password: pw})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created:", res.Created)
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: login, Password: "wrong"})
	fmt.Println("wrong password:", errors.Is(err, wrapper.ErrInvalidCredentials))
	// Output:
	// identities: 6
	// first identity has an owner: true
	// not found: true
	// created: true
	// wrong password: true
}
