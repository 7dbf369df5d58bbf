package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

func ExampleNewFromEnv() {
	c, err := wrapper.NewFromEnv(wrapper.WithAppInfo("myshop", "1.2.0"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	id, err := c.Identities.Get(ctx, "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573")
	switch {
	case errors.Is(err, wrapper.ErrNotFound):
		fmt.Println("no such identity")
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println(id.IdentityToken)
	}
}

func ExampleIdentitiesService_All() {
	c, err := wrapper.NewFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	for id, err := range c.Identities.All(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(id.IdentityToken, id.Provider)
	}
}

func ExampleStorageService_SynchronizeUser() {
	c, err := wrapper.NewFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	login, pw := "john.doe", api.Password("s3cret")
	res, err := c.Storage.SynchronizeUser(context.Background(),
		wrapper.Identifier{Field: wrapper.ByLogin, Value: login},
		api.StorageUserInput{Login: api.Set(login), Password: pw})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.User.UserToken, "created:", res.Created)
}

func ExampleStorageService_LookupUser() {
	c, err := wrapper.NewFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	u, err := c.Storage.LookupUser(context.Background(), wrapper.Lookup{Login: "john.doe", Password: "s3cret"})
	switch {
	case errors.Is(err, wrapper.ErrInvalidCredentials):
		fmt.Println("wrong password")
	case errors.Is(err, wrapper.ErrNotFound):
		fmt.Println("no such user")
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println("welcome back", u.Login)
	}
}
