package onealltest_test

// OneAll's PHP SDK (github.com/oneall/php-sdk) builds its bodies as PHP
// arrays, and json_encode writes an empty array as [], so a PHP client sends
// [] where a node is empty. The bodies below are the SDK's, byte for byte.

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/oneall-go/oneall-go/wrapper"
)

// phpSyncByLogin is Storage::synchronizeByLogin("php.user") with no other
// argument: the SDK always sends "user", as [] when it is empty.
const phpSyncByLogin = `{"request":{"synchronize":{"identifier":{"field":"login","value":"php.user"},"user":[]}}}`

func TestPHPStartIdentitySession(t *testing.T) {
	srv := newServer(t)
	srv.Seed(1)
	id := identities(t, srv.Client())[0]
	// Sso::startIdentitySession($token), as OneAll's own unit test of the
	// SDK fixes it: ['request' => ['sso_session' => []]].
	r := do(t, srv, http.MethodPut, "/sso/sessions/identities/"+id.IdentityToken+".json", `{"request":{"sso_session":[]}}`, jsonType)
	wantStatus(t, r, http.StatusCreated, "")
	s, err := srv.Client().SSO.GetForIdentity(t.Context(), id.IdentityToken)
	if err != nil {
		t.Fatalf("the session PHP started is not found: %v", err)
	}
	// [] sets nothing: OneAll's default lifetime (a day) applies.
	if got := s.DateExpiration.Sub(s.DateCreation.Time); got.Hours() != 24 {
		t.Fatalf("lifetime %v, want the default 24h", got)
	}
	// [] stands for an empty object only: a non-empty array is still refused.
	wantStatus(t, do(t, srv, http.MethodPut, "/sso/sessions/identities/"+id.IdentityToken+".json", `{"request":{"sso_session":[1]}}`, jsonType),
		http.StatusBadRequest, "[request->sso_session]")
}

func TestPHPSynchronizeByLogin(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	const path = "/storage/users/user/synchronize.json"
	// No user matches: the user is created, named by the identifier.
	created := do(t, srv, http.MethodPut, path, phpSyncByLogin, jsonType)
	wantStatus(t, created, http.StatusCreated, "")
	var data struct {
		User struct {
			UserToken string `json:"user_token"`
			Login     string `json:"login"`
		} `json:"user"`
	}
	if err := json.Unmarshal(created.env.Response.Result.Data, &data); err != nil || data.User.Login != "php.user" {
		t.Fatalf("created %s (%v), want the login php.user", created.env.Response.Result.Data, err)
	}
	// The same call again finds the user and changes nothing.
	again := do(t, srv, http.MethodPut, path, phpSyncByLogin, jsonType)
	wantStatus(t, again, http.StatusAccepted, "")
	u, err := c.Storage.LookupUser(t.Context(), wrapper.Lookup{Login: "php.user"})
	if err != nil || u.UserToken != data.User.UserToken {
		t.Fatalf("lookup after the PHP synchronize: %+v %v", u, err)
	}
	// The docs give user's members "only if you want to update it": a body
	// without user creates the user too.
	noUser := do(t, srv, http.MethodPut, path, `{"request":{"synchronize":{"identifier":{"field":"login","value":"no.user.node"}}}}`, jsonType)
	wantStatus(t, noUser, http.StatusCreated, "")
	if _, err := c.Storage.LookupUser(t.Context(), wrapper.Lookup{Login: "no.user.node"}); err != nil {
		t.Fatalf("the user synchronized without a user node: %v", err)
	}
	// Storage::synchronizeByLogin($login, [], null, 'renamed'): PHP fills
	// the user node it started as [].
	renamed := do(t, srv, http.MethodPut, path, `{"request":{"synchronize":{"identifier":{"field":"login","value":"php.user"},"user":{"login":"renamed"}}}}`, jsonType)
	wantStatus(t, renamed, http.StatusAccepted, "")
	// An empty identity written by PHP is an empty identity, too.
	wantStatus(t, do(t, srv, http.MethodPut, path, `{"request":{"synchronize":{"identifier":{"field":"login","value":"renamed"},"user":{"identity":[]}}}}`, jsonType),
		http.StatusAccepted, "")
	// A string is not an object: still refused.
	wantStatus(t, do(t, srv, http.MethodPut, path, `{"request":{"synchronize":{"identifier":{"field":"login","value":"x"},"user":"none"}}}`, jsonType),
		http.StatusBadRequest, "[request->synchronize->user]")
}

func TestPHPEmptyNodesElsewhere(t *testing.T) {
	srv := newServer(t)
	srv.Seed(1)
	c := srv.Client()
	id := identities(t, c)[0]
	// Storage::createUser with nothing set, Storage::updateUser with
	// nothing to change, Identity::synchronize without settings.
	created := do(t, srv, http.MethodPost, "/storage/users.json", `{"request":{"user":[]}}`, jsonType)
	wantStatus(t, created, http.StatusCreated, "")
	var data struct {
		User struct {
			UserToken string `json:"user_token"`
		} `json:"user"`
	}
	if err := json.Unmarshal(created.env.Response.Result.Data, &data); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, do(t, srv, http.MethodPut, "/storage/users/"+data.User.UserToken+".json", `{"request":{"update_mode":"replace","user":[]}}`, jsonType),
		http.StatusOK, "")
	wantStatus(t, do(t, srv, http.MethodPut, "/identities/"+id.IdentityToken+"/synchronize.json", `{"request":{"synchronize":[]}}`, jsonType),
		http.StatusOK, "")
}
