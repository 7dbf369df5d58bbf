package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// tourSeed is how many users the tour's server starts with: 8 covers every
// kind of seeded identity.
const tourSeed = 8

func (a *app) tourCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "tour",
		Short: "Tour the SDK on an embedded fake OneAll server (what `oneall` alone runs without credentials)",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.tour(cmd.Context())
		},
	}
}

// narrator writes the tour.
type narrator struct {
	w    io.Writer
	step int
}

func (n *narrator) heading(title string) {
	n.step++
	fmt.Fprintf(n.w, "\n%d. %s\n", n.step, title)
}

func (n *narrator) code(format string, args ...any) {
	fmt.Fprintf(n.w, "   > %s\n", fmt.Sprintf(format, args...))
}

func (n *narrator) say(format string, args ...any) {
	fmt.Fprintf(n.w, "   %s\n", fmt.Sprintf(format, args...))
}

// tour runs a narrated walk through the SDK against an embedded fake server:
// nothing leaves the machine, and the output is the same on every run.
func (a *app) tour(ctx context.Context) error {
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.Seed(tourSeed)
	c := srv.Client(a.options()...)
	n := &narrator{w: a.stdout}

	fmt.Fprintln(a.stdout, "A tour of oneall-go, the Go SDK for the OneAll API.")
	fmt.Fprintf(a.stdout, "It runs on an embedded fake OneAll site (package onealltest) seeded with %d users:\n", tourSeed)
	fmt.Fprintln(a.stdout, "nothing leaves this machine. Each step shows the SDK call (lines starting with >, Go")
	fmt.Fprintln(a.stdout, "that compiles in order, with c a *wrapper.Client and ctx a context.Context), then what came back.")

	token, err := tourIdentities(ctx, n, c)
	if err != nil {
		return err
	}
	if err := tourStorage(ctx, n, c); err != nil {
		return err
	}
	if err := tourErrors(ctx, n, c, token); err != nil {
		return err
	}
	// 9-11. A social login, a link and an SSO session.
	if err := a.tourLogin(ctx, n, c); err != nil {
		return err
	}

	fmt.Fprintf(a.stdout, "\nDone: %d requests to the fake site.\n", len(srv.Requests()))
	fmt.Fprintln(a.stdout, "Next: `oneall --help`, `oneall --fake identities list --per-page 3`,")
	fmt.Fprintln(a.stdout, "`oneall fake serve --seed 50` for a site to test against, docs/api.md, and")
	fmt.Fprintln(a.stdout, "`go run ./examples/sociallogin` for a web site with social login in a browser.")
	return nil
}

// tourIdentities lists, reads, synchronizes and relinks an identity (steps
// 1 to 4) and returns its token.
func tourIdentities(ctx context.Context, n *narrator, c *wrapper.Client) (string, error) {
	// 1. List identities, page by page.
	n.heading("List the site's identities, page by page")
	n.code("page, err := c.Identities.List(ctx, &wrapper.ListOptions{EntriesPerPage: 4})")
	page, err := c.Identities.List(ctx, &wrapper.ListOptions{EntriesPerPage: 4})
	if err != nil {
		return "", err
	}
	n.say("page %d of %d, %d identities in all:", page.CurrentPage, page.TotalPages, page.TotalEntries)
	for _, id := range page.Entries {
		created := ""
		if !id.DateCreation.IsZero() {
			created = "created " + id.DateCreation.Format("2006-01-02 15:04")
		}
		n.say("  %s  %-9s %s", id.IdentityToken, id.Provider, created)
	}
	n.code("for id, err := range c.Identities.All(ctx, nil) { /* every identity, or the error that ends the walk */ }")
	count, providers := 0, map[string]int{}
	for id, err := range c.Identities.All(ctx, nil) {
		if err != nil {
			return "", err
		}
		count++
		providers[id.Provider]++
	}
	n.say("the iterator fetched every page: %d identities from %d networks", count, len(providers))
	if len(page.Entries) == 0 {
		return "", errors.New("tour: the fake site has no identities")
	}

	// 2. Read one.
	first := page.Entries[0]
	token := first.IdentityToken
	n.heading("Read one identity")
	n.code("id, err := c.Identities.Get(ctx, %q)", token)
	id, err := c.Identities.Get(ctx, token)
	if err != nil {
		return "", err
	}
	owner := id.UserToken
	n.say("%s profile of %s, owned by user %s", id.Provider, id.DisplayName, owner)

	// 3. Synchronize it.
	n.heading("Synchronize it with the social network")
	n.code("synced, err := c.Identities.Synchronize(ctx, %q, nil)", token)
	synced, err := c.Identities.Synchronize(ctx, token, nil)
	if err != nil {
		return "", err
	}
	n.say("refreshed %s; the identity token is unchanged: %v", synced.DisplayName, synced.IdentityToken == token)

	// 4. Relink it to another user.
	n.heading("Relink it to another user")
	users, err := c.Users.List(ctx, &wrapper.ListOptions{EntriesPerPage: 10})
	if err != nil {
		return "", err
	}
	other := ""
	for _, u := range users.Entries {
		if u.UserToken != owner {
			other = u.UserToken
			break
		}
	}
	if other == "" {
		return "", errors.New("tour: the fake site has a single user")
	}
	n.code("newOwner, err := c.Identities.Relink(ctx, %q, %q)", token, other)
	newOwner, err := c.Identities.Relink(ctx, token, other)
	if err != nil {
		return "", err
	}
	n.say("user %s now has %d identities, this one included: %v", newOwner.UserToken, len(newOwner.Identities), hasIdentity(newOwner, token))
	return token, nil
}

// tourStorage creates, synchronizes and looks up cloud storage users
// (steps 5 and 6).
func tourStorage(ctx context.Context, n *narrator, c *wrapper.Client) error {
	// 5. Cloud storage: create, then synchronize.
	n.heading("Create a cloud storage user, then synchronize it")
	const login, password = "ada.lovelace@example.com", "correct horse battery staple"
	pw := api.Password(password)
	n.code("pw := api.Password(secret)")
	n.say("fmt.Println(pw) prints %v: a password never shows in output or logs", pw)
	in := api.StorageUserInput{
		Login:    api.Set(login),
		Password: pw,
		Identity: api.Identity{Name: api.IdentityName{GivenName: "Ada", FamilyName: "Byron"}},
	}
	n.code(`created, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set(%q), Password: pw, Identity: api.Identity{Name: api.IdentityName{GivenName: "Ada", FamilyName: "Byron"}}})`, login)
	created, err := c.Storage.CreateUser(ctx, in)
	if err != nil {
		return err
	}
	n.say("created user %s with externalid %s (OneAll's sequence)", created.UserToken, created.ExternalID)
	in = api.StorageUserInput{Identity: api.Identity{Name: api.IdentityName{FamilyName: "Lovelace"}}}
	n.code(`res, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: %q}, api.StorageUserInput{Identity: api.Identity{Name: api.IdentityName{FamilyName: "Lovelace"}}})`, login)
	res, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: login}, in)
	if err != nil {
		return err
	}
	n.say("created: %v, so the existing user %s was updated: family name now %s",
		res.Created, res.User.UserToken, res.User.Identity.Name.FamilyName)
	other2 := "grace.hopper@example.com"
	n.code("res, err = c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: %q}, api.StorageUserInput{Login: api.Set(%q)})", other2, other2)
	res2, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: other2}, api.StorageUserInput{Login: api.Set(other2)})
	if err != nil {
		return err
	}
	n.say("created: %v: no user had that login, so synchronize created one (an upsert)", res2.Created)

	// 6. Look it up, with the right and the wrong password.
	n.heading("Look the user up with its password")
	n.code("found, err := c.Storage.LookupUser(ctx, wrapper.Lookup{Login: %q, Password: pw})", login)
	found, err := c.Storage.LookupUser(ctx, wrapper.Lookup{Login: login, Password: pw})
	if err != nil {
		return err
	}
	n.say("authenticated: user %s", found.UserToken)
	n.code("_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: %q, Password: \"wrong\"})", login)
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: login, Password: "wrong"})
	n.say("errors.Is(err, wrapper.ErrInvalidCredentials) = %v", errors.Is(err, wrapper.ErrInvalidCredentials))
	if err == nil {
		return errors.New("tour: a wrong password was accepted")
	}
	return nil
}

// tourErrors deletes the identity token and shows the typed errors that
// follow (steps 7 and 8).
func tourErrors(ctx context.Context, n *narrator, c *wrapper.Client, token string) error {
	// 7. Delete an identity.
	n.heading("Delete an identity")
	n.code("deleted, err := c.Identities.Delete(ctx, %q)", token)
	deleted, err := c.Identities.Delete(ctx, token)
	if err != nil {
		return err
	}
	n.say("deleted the %s identity of user %s", deleted.Provider, deleted.UserToken)
	n.code("_, err = c.Identities.Get(ctx, %q)", token)
	_, err = c.Identities.Get(ctx, token)
	n.say("errors.Is(err, wrapper.ErrNotFound) = %v", errors.Is(err, wrapper.ErrNotFound))

	// 8. A typed error.
	n.heading("Inspect a typed error")
	n.code("var apiErr *wrapper.APIError")
	n.code("errors.As(err, &apiErr)")
	var apiErr *wrapper.APIError
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("tour: reading a deleted identity: %v", err)
	}
	n.say("StatusCode %d, Method %s, Resource %s", apiErr.StatusCode, apiErr.Method, apiErr.Resource)
	n.say("Info %q", apiErr.Info)
	n.code("_, err = c.Users.Get(ctx, \"not-a-token\")")
	_, err = c.Users.Get(ctx, "not-a-token")
	n.say("errors.Is(err, wrapper.ErrInvalidInput) = %v: refused before anything was sent", errors.Is(err, wrapper.ErrInvalidInput))
	return nil
}

func hasIdentity(u *api.User, token string) bool {
	for _, id := range u.Identities {
		if id.IdentityToken == token {
			return true
		}
	}
	return false
}
