package onealltest_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

func TestImportUser(t *testing.T) {
	srv := newServer(t)
	srv.Seed(2)
	c := srv.Client()
	ctx := t.Context()
	in := wrapper.ImportInput{Provider: "twitter", AccessToken: "1234-abc", AccessTokenSecret: "s3cret"}
	first, err := c.Users.Import(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Created || first.User.Identity.Provider != "twitter" {
		t.Fatalf("first import = %+v", first)
	}
	again, err := c.Users.Import(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if again.Created || again.User.UserToken != first.User.UserToken ||
		again.User.Identity.IdentityToken != first.User.Identity.IdentityToken ||
		again.User.Identity.DisplayName != first.User.Identity.DisplayName {
		t.Fatalf("importing the same token again: %+v", again)
	}
	// Another token of a network: a new identity, linked to an existing user when asked.
	owner := users(t, c)[0]
	linked, err := c.Users.Import(ctx, wrapper.ImportInput{Provider: "google", IDToken: "eyJhbGciOi.example.jwt", UserToken: owner.UserToken})
	if err != nil {
		t.Fatal(err)
	}
	if !linked.Created || linked.User.UserToken != owner.UserToken {
		t.Fatalf("import with user_token = %+v", linked)
	}
	got, _ := c.Users.Get(ctx, owner.UserToken)
	if len(got.Identities) != len(owner.Identities)+1 {
		t.Fatal("the imported identity was not linked to the user")
	}
	_, err = c.Users.Import(ctx, wrapper.ImportInput{Provider: "google", AccessToken: "x", UserToken: "00000000-0000-4000-8000-000000000000"})
	assertAPIError(t, err, wrapper.ErrNotFound, "No user has been found for the specified user_token")
	_, err = c.Users.Import(ctx, wrapper.ImportInput{Provider: "myspace", AccessToken: "x"})
	assertAPIError(t, err, wrapper.ErrBadRequest, "The request cannot be processed. Please verify the format of the [request->user->identity->source->key] node.")
}

func TestStorageCreate(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	ctx := t.Context()
	a, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("alice"), Password: api.Password("pw-a"),
		Identity: api.Identity{Name: api.IdentityName{GivenName: "Alice"}, CustomData: map[string]any{"plan": "gold"}}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Storage.CreateUser(ctx, api.StorageUserInput{})
	if err != nil {
		t.Fatal(err)
	}
	if a.ExternalID != "100000001" || b.ExternalID != "100000002" {
		t.Fatalf("externalids %v, %v: want the sequence from 100000001", a.ExternalID, b.ExternalID)
	}
	if a.UserToken == "" || a.Identity.Provider != "storage" || a.Identity.CustomData["plan"] != "gold" ||
		a.Identity.ID != "/external/100000001" || a.NumLogins.Int() != 0 {
		t.Fatalf("created user = %+v", a)
	}
	// Storage users are users of the site, with one storage identity.
	u, err := c.Users.Get(ctx, a.UserToken)
	if err != nil || len(u.Identities) != 1 || u.Identities[0].Provider != "storage" {
		t.Fatalf("storage user as a site user: %+v, %v", u, err)
	}
	// An externalid given as a number is stored as a string, and skipped by the sequence.
	r := do(t, srv, http.MethodPost, "/storage/users.json", `{"request":{"user":{"externalid":100000003}}}`)
	wantStatus(t, r, http.StatusCreated, "")
	if !strings.Contains(string(r.body), `"externalid":"100000003"`) {
		t.Fatalf("numeric externalid: %s", r.body)
	}
	d, err := c.Storage.CreateUser(ctx, api.StorageUserInput{})
	if err != nil || string(d.ExternalID) != "100000004" {
		t.Fatalf("the sequence did not skip a taken externalid: %v %v", d.ExternalID, err)
	}
	// Login and externalid are unique.
	_, err = c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("alice")})
	assertAPIError(t, err, wrapper.ErrConflict, "The login is already used by another user")
	_, err = c.Storage.CreateUser(ctx, api.StorageUserInput{ExternalID: api.Set("100000002")})
	assertAPIError(t, err, wrapper.ErrConflict, "The externalid is already used by another user")
	if st := srv.Stats(); st.StorageUsers != 4 || st.Users != 4 || st.Identities != 4 {
		t.Fatalf("Stats = %+v", st)
	}
	// The password is never returned.
	if strings.Contains(string(r.body), "password") {
		t.Fatal("an answer mentions the password")
	}
}

func TestStorageLookup(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	ctx := t.Context()
	u, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("john"), Password: api.Password("correct horse battery staple, and more than seventy-two bytes of it, to pass bcrypt's limit")})
	if err != nil {
		t.Fatal(err)
	}
	ext := string(u.ExternalID)
	const pw = "correct horse battery staple, and more than seventy-two bytes of it, to pass bcrypt's limit"
	for _, l := range []wrapper.Lookup{
		{Login: "john", Password: pw},
		{ExternalID: ext, Password: pw},
		{UserToken: u.UserToken},
		{UserToken: u.UserToken, Login: "john", ExternalID: ext, Password: pw},
	} {
		got, err := c.Storage.LookupUser(ctx, l)
		if err != nil || got.UserToken != u.UserToken {
			t.Fatalf("lookup %v: %v, %v", l, got, err)
		}
	}
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "john", Password: api.Password(pw[:72])})
	assertAPIError(t, err, wrapper.ErrInvalidCredentials, "Invalid Credentials")
	if errors.Is(err, wrapper.ErrUnauthorized) {
		t.Fatal("a wrong password looks like wrong API keys")
	}
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "nobody", Password: pw})
	assertAPIError(t, err, wrapper.ErrNotFound, "No User found")
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "john", ExternalID: "1"})
	assertAPIError(t, err, wrapper.ErrNotFound, "No User found")
	wantStatus(t, do(t, srv, http.MethodPost, "/storage/users/user/lookup.json", `{"request":{"user":{}}}`), http.StatusBadRequest, "[request->user]")
	// Passwords are kept as sent, spaces included.
	if _, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("spaced"), Password: api.Password(" pw ")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "spaced", Password: " pw "}); err != nil {
		t.Fatalf("a password with spaces: %v", err)
	}
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "spaced", Password: "pw"})
	assertAPIError(t, err, wrapper.ErrInvalidCredentials, "")
	// A user created without a password never authenticates with one.
	if _, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("nopw")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "nopw", Password: ""})
	if err != nil {
		t.Fatalf("lookup without password: %v", err)
	}
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "nopw", Password: "guess"})
	assertAPIError(t, err, wrapper.ErrInvalidCredentials, "")
}

func TestStorageSynchronize(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	ctx := t.Context()
	created, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: "max"},
		api.StorageUserInput{Password: api.Password("pw"), Identity: api.Identity{Gender: "male"}})
	if err != nil {
		t.Fatal(err)
	}
	if !created.Created || created.User.Login != "max" || string(created.User.ExternalID) != "100000001" {
		t.Fatalf("first synchronize = %+v", created.User)
	}
	updated, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: "max"},
		api.StorageUserInput{Identity: api.Identity{DisplayName: "Max"}})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Created || updated.User.UserToken != created.User.UserToken || updated.User.Identity.Gender != "male" ||
		updated.User.Identity.DisplayName != "Max" || !updated.User.DateLastUpdate.After(created.User.DateLastUpdate.Time) {
		t.Fatalf("second synchronize = %+v", updated.User)
	}
	byExt, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByExternalID, Value: "100000001"}, api.StorageUserInput{Login: api.Set("maxi")})
	if err != nil || byExt.Created || byExt.User.Login != "maxi" {
		t.Fatalf("synchronize by externalid: %+v %v", byExt, err)
	}
	byToken, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByUserToken, Value: created.User.UserToken}, api.StorageUserInput{})
	if err != nil || byToken.Created {
		t.Fatalf("synchronize by user_token: %+v %v", byToken, err)
	}
	newExt, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByExternalID, Value: "ext-7"}, api.StorageUserInput{})
	if err != nil || !newExt.Created || string(newExt.User.ExternalID) != "ext-7" {
		t.Fatalf("synchronize creating by externalid: %+v %v", newExt, err)
	}
	_, err = c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByUserToken, Value: "00000000-0000-4000-8000-000000000000"}, api.StorageUserInput{})
	assertAPIError(t, err, wrapper.ErrNotFound, "")
	_, err = c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByExternalID, Value: "ext-7"}, api.StorageUserInput{Login: api.Set("maxi")})
	assertAPIError(t, err, wrapper.ErrConflict, "The login is already used by another user")
	if _, err := c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "maxi", Password: "pw"}); err != nil {
		t.Fatalf("the synchronized password does not authenticate: %v", err)
	}
	wantStatus(t, do(t, srv, http.MethodPut, "/storage/users/user/synchronize.json",
		`{"request":{"synchronize":{"identifier":{"field":"email","value":"x"},"user":{}}}}`), http.StatusBadRequest, "[request->synchronize->identifier->field]")
}

func TestStorageUpdate(t *testing.T) {
	srv := newServer(t)
	srv.Seed(1)
	c := srv.Client()
	ctx := t.Context()
	email := func(v string) api.Email { return api.Email{Value: v} }
	u, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("ann"), Identity: api.Identity{
		Name: api.IdentityName{GivenName: "Ann", FamilyName: "Lee"}, Gender: "female",
		Emails: []api.Email{email("a@example.com")}, CustomData: map[string]any{"k": "v", "n": map[string]any{"x": "1", "y": "2"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	values := func(es []api.Email) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Value)
		}
		return out
	}

	// Replace: given values replace, lists replace, null values remove, nested objects merge.
	r1, err := c.Storage.UpdateUser(ctx, u.UserToken, api.StorageUserInput{Identity: api.Identity{
		Name: api.IdentityName{GivenName: "Anna"}, Emails: []api.Email{email("b@example.com")},
		CustomData:           map[string]any{"n": map[string]any{"y": "3"}},
		AdditionalProperties: map[string]any{"gender": nil}, // sent as null: removes the gender
	}}, wrapper.Replace)
	if err != nil {
		t.Fatal(err)
	}
	id := r1.Identity
	if id.Name.GivenName != "Anna" || id.Name.FamilyName != "Lee" || id.Gender != "" ||
		!slices.Equal(values(id.Emails), []string{"b@example.com"}) || id.CustomData["k"] != "v" ||
		mustJSON(t, id.CustomData["n"]) != `{"x":"1","y":"3"}` || !r1.DateLastUpdate.After(u.DateLastUpdate.Time) {
		t.Fatalf("replace update = %s", mustJSON(t, r1))
	}
	// Append: lists grow, blank values are ignored.
	r2, err := c.Storage.UpdateUser(ctx, u.UserToken, api.StorageUserInput{Login: api.Set(""), Identity: api.Identity{
		Emails: []api.Email{email("c@example.com")}, DisplayName: "", Note: "hi",
	}}, wrapper.Append)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(values(r2.Identity.Emails), []string{"b@example.com", "c@example.com"}) || r2.Login != "ann" || r2.Identity.Note != "hi" {
		t.Fatalf("append update = %s", mustJSON(t, r2))
	}
	// Null removes in replace mode (the wrapper cannot send null; plain HTTP can).
	r := do(t, srv, http.MethodPut, "/storage/users/"+u.UserToken+".json", `{"request":{"update_mode":"replace","user":{"login":null,"identity":{"note":null,"customData":{"k":null}}}}}`)
	wantStatus(t, r, http.StatusOK, "")
	if strings.Contains(string(r.body), `"login"`) || strings.Contains(string(r.body), `"note"`) || strings.Contains(string(r.body), `"k"`) {
		t.Fatalf("null did not remove: %s", r.body)
	}
	// The login is free again, so another user may take it; uniqueness holds on update.
	other, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("ann")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Storage.UpdateUser(ctx, u.UserToken, api.StorageUserInput{Login: api.Set("ann")}, wrapper.Replace)
	assertAPIError(t, err, wrapper.ErrConflict, "The login is already used by another user")
	_, err = c.Storage.UpdateUser(ctx, u.UserToken, api.StorageUserInput{ExternalID: api.Set(string(other.ExternalID))}, wrapper.Replace)
	assertAPIError(t, err, wrapper.ErrConflict, "The externalid is already used by another user")
	// A password set by update authenticates.
	if _, err := c.Storage.UpdateUser(ctx, u.UserToken, api.StorageUserInput{Password: api.Password("new-pw")}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Storage.LookupUser(ctx, wrapper.Lookup{UserToken: u.UserToken, Password: "new-pw"}); err != nil {
		t.Fatal(err)
	}
	// A social user gets a storage identity on its first update: 201, then 200.
	social := users(t, c)[0]
	path := "/storage/users/" + social.UserToken + ".json"
	wantStatus(t, do(t, srv, http.MethodPut, path, `{"request":{"user":{"identity":{"note":"x"}}}}`), http.StatusCreated, "")
	wantStatus(t, do(t, srv, http.MethodPut, path, `{"request":{"user":{"identity":{"note":"y"}}}}`), http.StatusOK, "")
	_, err = c.Storage.UpdateUser(ctx, "00000000-0000-4000-8000-000000000000", api.StorageUserInput{}, "")
	assertAPIError(t, err, wrapper.ErrNotFound, "No user has been found for the specified user_token")
	wantStatus(t, do(t, srv, http.MethodPut, path, `{"request":{"update_mode":"merge","user":{}}}`), http.StatusBadRequest, "[request->update_mode]")
}
