package wrapper

import (
	"context"
	"errors"
	"net/url"
	"testing"
)

const userJSON = `{"user_token":"` + userToken + `","date_creation":"Tue, 1 Sep 2011 11:01:12 +0200","num_logins":"64",` +
	`"identities":{"identity":[{"identity_token":"` + identityToken + `","provider":"twitter"}]}}`

func TestUsersList(t *testing.T) {
	f := setup(t)
	f.handle("/users.json", expect{method: "GET", query: url.Values{"filters": {"date_last_login:gt:2023-05-01"}, "order_direction": {"asc"}}},
		200, ok(200, "/users.json", `{"users":{"pagination":{"current_page":"1","total_pages":1,"entries_per_page":250,"total_entries":1},"count":1,"entries":[`+userJSON+`]}}`))
	p, err := f.client.Users.List(context.Background(), &ListOptions{Filters: "date_last_login:gt:2023-05-01", Order: "asc"})
	if err != nil {
		t.Fatal(err)
	}
	if p.CurrentPage != 1 || len(p.Entries) != 1 || p.Entries[0].NumLogins.Int() != 64 || len(p.Entries[0].Identities) != 1 {
		t.Errorf("page = %+v", p)
	}
}

func TestUsersGet(t *testing.T) {
	f := setup(t)
	f.handle("/users/"+userToken+".json", expect{method: "GET"}, 200, ok(200, "/u.json", `{"user":`+userJSON+`}`))
	u, err := f.client.Users.Get(context.Background(), userToken)
	if err != nil {
		t.Fatal(err)
	}
	if u.UserToken != userToken || u.DateCreation.Day() != 1 || u.Identities[0].Provider != "twitter" {
		t.Errorf("user = %+v", u)
	}
}

func TestUsersDelete(t *testing.T) {
	f := setup(t)
	f.handle("/users/"+userToken+".json", expect{method: "DELETE", query: url.Values{"confirm_deletion": {"true"}}}, 200,
		`{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"status":{"flag":"success","code":200,"info":"The specified user has been removed successfully"},`+
			`"data":{"user":{"user_token":"`+userToken+`","identities":[{"identity_token":"`+identityToken+`","provider":"facebook"}]}}}}}`)
	u, err := f.client.Users.Delete(context.Background(), userToken)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Identities) != 1 || u.Identities[0].IdentityToken != identityToken {
		t.Errorf("deleted = %+v", u)
	}
}

func TestUsersContactsMultistatus(t *testing.T) {
	f := setup(t)
	f.handle("/users/"+userToken+"/contacts.json", expect{method: "GET", query: url.Values{"disable_cache": {"true"}}}, 207,
		`{"response":{"request":{"status":{"flag":"multistatus","code":207,"info":"partial"}},"result":{"data":{"identities":{"count":2,"entries":[`+
			`{"identity_token":"`+identityToken+`","provider":"facebook","contacts":{"status":{"flag":"success","code":200,"message":"Contacts read"},"count":1,"entries":[{"displayName":"A"}]}},`+
			`{"identity_token":"`+identityToken2+`","provider":"twitter","contacts":{"status":{"flag":"error","code":401,"message":"expired"}}}]}}}}}`)
	uc, err := f.client.Users.Contacts(context.Background(), userToken, &UserContactsOptions{DisableCache: true})
	if err != nil {
		t.Fatal(err)
	}
	if !uc.Partial || len(uc.Entries) != 2 || uc.Entries[1].Contacts.Status.Flag != "error" || uc.Entries[0].Contacts.Entries[0].DisplayName != "A" {
		t.Errorf("contacts = %+v", uc)
	}
}

func TestUsersImport(t *testing.T) {
	f := setup(t)
	f.handle("/users.json", expect{method: "PUT", body: `{"request":{"user":{"user_token":"` + userToken + `","identity":{"source":{"key":"twitter","access_token":{"key":"tok","secret":"sec"}}}}}}`},
		201, ok(201, "/users.json", `{"user":{"user_token":"`+userToken+`","identity":{"identity_token":"`+identityToken+`","provider":"twitter"}}}`))
	res, err := f.client.Users.Import(context.Background(), ImportInput{Provider: "twitter", AccessToken: "tok", AccessTokenSecret: "sec", UserToken: userToken})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.User.Identity.IdentityToken != identityToken {
		t.Errorf("import = %+v", res)
	}
}

func TestUsersImportIDTokenUpdated(t *testing.T) {
	f := setup(t)
	f.handle("/users.json", expect{method: "PUT", body: `{"request":{"user":{"identity":{"source":{"key":"google","id_token":{"value":"jwt"}}}}}}`},
		200, ok(200, "/users.json", `{"user":{"user_token":"`+userToken+`"}}`))
	res, err := f.client.Users.Import(context.Background(), ImportInput{Provider: "google", IDToken: "jwt"})
	if err != nil || res.Created {
		t.Fatalf("import = %+v, %v", res, err)
	}
}

func TestUsersImportValidation(t *testing.T) {
	f := setup(t)
	for _, in := range []ImportInput{
		{AccessToken: "x"},
		{Provider: "twitter"},
		{Provider: "twitter", AccessToken: "x", IDToken: "y"},
		{Provider: "twitter", IDToken: "y", AccessTokenSecret: "s"},
		{Provider: "twitter", AccessToken: "x", UserToken: "not-a-uuid"},
	} {
		if _, err := f.client.Users.Import(context.Background(), in); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Import(%v) = %v, want ErrInvalidInput", in, err)
		}
	}
	if n := f.hitCount("PUT", "/users.json"); n != 0 {
		t.Errorf("%d requests sent for invalid input", n)
	}
}
