package onealltest_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

func TestAddUserAndIdentity(t *testing.T) {
	srv := onealltest.New(t)
	ctx := t.Context()
	c := srv.Client()
	lastLogin := time.Date(2023, 6, 1, 12, 0, 0, 0, time.UTC)
	ada := srv.AddUser(onealltest.User{NumLogins: 3, LastLogin: lastLogin})
	emails := []api.Email{{Value: "ada@example.com", IsVerified: true}}
	fb := srv.AddIdentity(ada, "facebook", api.Identity{
		DisplayName: "Ada Lovelace",
		Emails:      emails,
		// The server sets these itself.
		UserToken: "ignored", Provider: "twitter", DateCreation: api.Timestamp{Time: time.Unix(0, 0)},
	})
	emails[0].Value = "changed@example.com" // the server keeps its own copy

	id, err := c.Identities.Get(ctx, fb)
	if err != nil {
		t.Fatal(err)
	}
	if id.IdentityToken != fb || id.UserToken != ada || id.Provider != "facebook" || id.DisplayName != "Ada Lovelace" ||
		len(id.Emails) != 1 || id.Emails[0].Value != "ada@example.com" || !id.DateCreation.Equal(srv.Now()) ||
		id.Source.Key != "facebook" || id.Source.AccessToken.Key == "" {
		t.Fatalf("identity %+v", id)
	}
	u, err := c.Users.Get(ctx, ada)
	if err != nil {
		t.Fatal(err)
	}
	if u.NumLogins != 3 || !u.DateLastLogin.Equal(lastLogin) || len(u.Identities) != 1 || u.Identities[0].IdentityToken != fb {
		t.Fatalf("user %+v", u)
	}
	// The network's data comes with the identity.
	if p, err := c.Identities.Contacts(ctx, fb, nil); err != nil || len(p.Entries) == 0 {
		t.Fatalf("contacts of an added facebook identity: %v", err)
	}
	// The users list filters on the last login given.
	p, err := c.Users.List(ctx, &wrapper.ListOptions{Filters: "date_last_login:lt:2023-07-01"})
	if err != nil || p.TotalEntries != 1 {
		t.Fatalf("filtered list: %v, %+v", err, p)
	}
	if st := srv.Stats(); st.Users != 1 || st.Identities != 1 || st.StorageUsers != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestAddWithChosenTokens(t *testing.T) {
	srv := onealltest.New(t)
	const userToken, identityToken = "0a8e3b3e-8b8d-4a1e-9a55-2f6d8c1f0001", "0a8e3b3e-8b8d-4a1e-9a55-2f6d8c1f0002"
	if got := srv.AddUser(onealltest.User{Token: userToken}); got != userToken {
		t.Fatalf("AddUser returned %q", got)
	}
	if got := srv.AddIdentity(userToken, "github", api.Identity{IdentityToken: identityToken}); got != identityToken {
		t.Fatalf("AddIdentity returned %q", got)
	}
	if _, err := srv.Client().Identities.Get(t.Context(), identityToken); err != nil {
		t.Fatal(err)
	}
	mustPanic(t, "a user token used twice", func() { srv.AddUser(onealltest.User{Token: identityToken}) })
	mustPanic(t, "an identity token used twice", func() {
		srv.AddIdentity(userToken, "github", api.Identity{IdentityToken: userToken})
	})
	mustPanic(t, "an unknown user", func() { srv.AddIdentity("no-such-user", "github", api.Identity{}) })
	mustPanic(t, "no provider", func() { srv.AddIdentity(userToken, "", api.Identity{}) })
	mustPanic(t, "a storage identity", func() { srv.AddIdentity(userToken, "storage", api.Identity{}) })
	if st := srv.Stats(); st.Users != 1 || st.Identities != 1 {
		t.Fatalf("a refused addition changed the state: %+v", st)
	}
}

func TestAddsAreDeterministic(t *testing.T) {
	build := func() []string {
		srv := onealltest.New(t)
		u := srv.AddUser(onealltest.User{})
		id := srv.AddIdentity(u, "twitter", api.Identity{})
		s := srv.AddStorageUser(onealltest.StorageUser{Login: "ada"})
		got, err := srv.Client().Identities.Get(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return []string{u, id, s, got.Source.AccessToken.Key, got.Source.AccessToken.Secret}
	}
	if a, b := build(), build(); !slices.Equal(a, b) {
		t.Fatalf("two servers built alike differ: %q and %q", a, b)
	}
}

func TestAddStorageUser(t *testing.T) {
	srv := onealltest.New(t)
	ctx := t.Context()
	c := srv.Client()
	ada := srv.AddStorageUser(onealltest.StorageUser{
		Login:    "ada@example.com",
		Password: "correct horse",
		Identity: api.Identity{Name: api.IdentityName{GivenName: "Ada"}},
	})
	bob := srv.AddStorageUser(onealltest.StorageUser{ExternalID: "crm-42"})

	u, err := c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "ada@example.com", Password: "correct horse"})
	if err != nil {
		t.Fatal(err)
	}
	if u.UserToken != ada || u.Login != "ada@example.com" || u.ExternalID != "100000001" || u.Identity.Name.GivenName != "Ada" ||
		u.Identity.Provider != "storage" {
		t.Fatalf("looked up %+v", u)
	}
	if _, err := c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "ada@example.com", Password: "wrong"}); !errors.Is(err, wrapper.ErrInvalidCredentials) {
		t.Fatalf("a wrong password: %v", err)
	}
	u, err = c.Storage.LookupUser(ctx, wrapper.Lookup{ExternalID: "crm-42"})
	if err != nil || u.UserToken != bob {
		t.Fatalf("lookup by externalid: %v, %+v", err, u)
	}
	// The API's create sees the logins and externalids taken.
	if _, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("ada@example.com")}); !errors.Is(err, wrapper.ErrConflict) {
		t.Fatalf("create with a taken login: %v", err)
	}
	mustPanic(t, "a taken login", func() { srv.AddStorageUser(onealltest.StorageUser{Login: "ada@example.com"}) })
	mustPanic(t, "a taken externalid", func() { srv.AddStorageUser(onealltest.StorageUser{ExternalID: "crm-42"}) })
	if st := srv.Stats(); st.Users != 2 || st.StorageUsers != 2 || st.Identities != 2 {
		t.Fatalf("stats %+v", st)
	}
}
