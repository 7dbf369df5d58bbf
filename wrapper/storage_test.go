package wrapper

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

const storageUserJSON = `{"user_token":"` + userToken + `","externalid":100000001,"login":"john.doe","num_logins":0,` +
	`"date_creation":"Thu, 29 Oct 2015 16:11:57  0100","identity":{"identity_token":"` + identityToken + `","provider":"storage"}}`

func TestStorageCreateUser(t *testing.T) {
	f := setup(t)
	f.handle("/storage/users.json", expect{method: "POST", body: `{"request":{"user":{"login":"john.doe","password":"pw-S3CRET","identity":{"name":{"givenName":"John"},"customData":{"k":"v"}}}}}`},
		201, ok(201, "/storage/users.json", `{"user":`+storageUserJSON+`}`))
	in := api.StorageUserInput{
		Login:    api.Set("john.doe"),
		Password: "pw-S3CRET",
		Identity: api.Identity{Name: api.IdentityName{GivenName: "John"}, CustomData: map[string]any{"k": "v"}},
	}
	u, err := f.client.Storage.CreateUser(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if u.UserToken != userToken || u.ExternalID.String() != "100000001" || u.Identity.Provider != "storage" {
		t.Errorf("user = %+v", u)
	}
}

func TestStorageUpdateUser(t *testing.T) {
	for _, tc := range []struct {
		mode UpdateMode
		sent string
	}{{"", "replace"}, {Replace, "replace"}, {Append, "append"}} {
		t.Run(string(tc.mode), func(t *testing.T) {
			f := setup(t)
			f.handle("/storage/users/"+userToken+".json", expect{method: "PUT", body: `{"request":{"update_mode":"` + tc.sent + `","user":{"externalid":"ext-1"}}}`},
				200, ok(200, "/s.json", `{"user":`+storageUserJSON+`}`))
			if _, err := f.client.Storage.UpdateUser(context.Background(), userToken, api.StorageUserInput{ExternalID: api.Set("ext-1")}, tc.mode); err != nil {
				t.Fatal(err)
			}
		})
	}
	f := setup(t)
	if _, err := f.client.Storage.UpdateUser(context.Background(), userToken, api.StorageUserInput{}, "merge"); !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "update_mode") {
		t.Errorf("bad mode: %v", err)
	}
}

func TestStorageSynchronizeUser(t *testing.T) {
	for _, tc := range []struct {
		status  int
		created bool
	}{{201, true}, {202, false}, {200, false}} {
		f := setup(t)
		f.handle("/storage/users/user/synchronize.json", expect{method: "PUT",
			body: `{"request":{"synchronize":{"identifier":{"field":"login","value":"john.doe"},"user":{"login":"john.doe"}}}}`},
			tc.status, ok(tc.status, "/sync.json", `{"user":`+storageUserJSON+`}`))
		res, err := f.client.Storage.SynchronizeUser(context.Background(), Identifier{Field: ByLogin, Value: "john.doe"}, api.StorageUserInput{Login: api.Set("john.doe")})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != tc.created || res.User.UserToken != userToken {
			t.Errorf("status %d: result = %+v", tc.status, res)
		}
	}
}

func TestStorageSynchronizeUserValidation(t *testing.T) {
	f := setup(t)
	for _, id := range []Identifier{{Field: "email", Value: "x"}, {Field: ByLogin}, {Field: ByUserToken, Value: "nope"}, {}} {
		_, err := f.client.Storage.SynchronizeUser(context.Background(), id, api.StorageUserInput{})
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "identifier") {
			t.Errorf("SynchronizeUser(%+v) = %v", id, err)
		}
	}
}

func TestStorageLookupUser(t *testing.T) {
	body := `{"request":{"user":{"login":"johnny","externalid":"42","password":"pw-S3CRET"}}}`
	lookup := Lookup{Login: "johnny", ExternalID: "42", Password: "pw-S3CRET"}
	t.Run("found", func(t *testing.T) {
		f := setup(t)
		f.handle("/storage/users/user/lookup.json", expect{method: "POST", body: body}, 200, ok(200, "/l.json", `{"user":`+storageUserJSON+`}`))
		u, err := f.client.Storage.LookupUser(context.Background(), lookup)
		if err != nil || u.Login != "john.doe" {
			t.Fatalf("lookup = %+v, %v", u, err)
		}
	})
	for _, tc := range []struct {
		name   string
		status int
		info   string
		want   error
		notIs  error
	}{
		{"wrong password", 401, "Invalid Credentials", ErrInvalidCredentials, ErrUnauthorized},
		{"wrong API keys", 401, "Authentication credentials are missing or incorrect: http://docs.oneall.com/api/basic/authentication/", ErrUnauthorized, ErrInvalidCredentials},
		{"no such user", 404, "No User found", ErrNotFound, ErrInvalidCredentials},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.handle("/storage/users/user/lookup.json", expect{method: "POST", body: body}, tc.status, fail(tc.status, tc.info))
			_, err := f.client.Storage.LookupUser(context.Background(), lookup)
			if !errors.Is(err, tc.want) || errors.Is(err, tc.notIs) {
				t.Errorf("err = %v; want Is %v and not %v", err, tc.want, tc.notIs)
			}
			if strings.Contains(err.Error(), "pw-S3CRET") {
				t.Errorf("password in error: %v", err)
			}
		})
	}
	t.Run("nothing to look up by", func(t *testing.T) {
		f := setup(t)
		if _, err := f.client.Storage.LookupUser(context.Background(), Lookup{Password: "x"}); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("err = %v", err)
		}
	})
}

func apiInput() api.StorageUserInput { return api.StorageUserInput{Login: api.Set("x")} }

// Replace removes what is sent as null: an api.Null input, or a profile
// field set to nil; unset fields are not sent at all.
func TestStorageUpdateUserSendsNullToRemove(t *testing.T) {
	f := setup(t)
	f.handle("/storage/users/"+userToken+".json",
		expect{method: "PUT", body: `{"request":{"update_mode":"replace","user":{"externalid":null,"identity":{"gender":null,"note":"hi"}}}}`},
		200, ok(200, "/s.json", `{"user":`+storageUserJSON+`}`))
	profile := api.Identity{Note: "hi"}
	profile.Set("gender", nil)
	in := api.StorageUserInput{ExternalID: api.Null[string](), Identity: profile}
	if _, err := f.client.Storage.UpdateUser(context.Background(), userToken, in, Replace); err != nil {
		t.Fatal(err)
	}
}
