package onealltest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/onealltest"
)

// bodyOperations are the operations that decode a request body; {identity}
// and {user} are replaced by tokens of seeded data.
var bodyOperations = []struct{ method, path string }{
	{http.MethodPut, "/storage/users/user/synchronize.json"},
	{http.MethodPost, "/storage/users.json"},
	{http.MethodPost, "/storage/users/user/lookup.json"},
	{http.MethodPut, "/storage/users/{user}.json"},
	{http.MethodPut, "/users.json"},
	{http.MethodPut, "/identities/{identity}/link.json"},
	{http.MethodPut, "/identities/{identity}/synchronize.json"},
	{http.MethodPut, "/sso/sessions/identities/{identity}.json"},
	// LoudVoice and Export: the tokens are unknown, the bodies are read first.
	{http.MethodPost, "/loudvoice/discussions.json"},
	{http.MethodPut, "/loudvoice/discussions/" + unknownToken + ".json"},
	{http.MethodPost, "/loudvoice/comments.json"},
	{http.MethodPut, "/loudvoice/comments/" + unknownToken + ".json"},
	{http.MethodPost, "/loudvoice/authors.json"},
	{http.MethodPut, "/loudvoice/authors/sessions.json"},
	{http.MethodPut, "/loudvoice/votes/comments/" + unknownToken + "/authors/" + unknownToken + ".json"},
	{http.MethodPut, "/exports.json"},
}

const unknownToken = "00000000-0000-4000-8000-000000000000"

// FuzzRequestBodies sends any body to every operation that reads one: the
// fake answers with a OneAll envelope and a 2xx or 4xx status, never a 5xx
// (a bad body is the caller's fault), and never panics.
func FuzzRequestBodies(f *testing.F) {
	// The documented bodies (../shared/oneall-api.md, section 2) and their
	// drifting forms, for every operation.
	seeds := []string{
		`{"request":{"synchronize":{"identifier":{"field":"login","value":"john@example.com"},"user":{"externalid":"extid1","login":"john@example.com","password":"12345678","identity":{"name":{"givenName":"John"}}}}}}`,
		`{"request":{"synchronize":{"identifier":{"field":"externalid","value":45673},"user":{"externalid":45673}}}}`,
		`{"request":{"user":{"externalid":"extid1","login":"john.doe","password":"12345678","identity":{"name":{"givenName":"John","familyName":"Doe"},"customData":{"k1":"v1","k2":["a","b"],"k3":{"x":"y"}}}}}}`,
		`{"request":{"user":{"user_token":"2eaf5d01-8244-44b9-878d-9e83073c45e0","externalid":"x","login":"johnny","password":"iaaU3WA6kFlR"}}}`,
		`{"request":{"update_mode":"replace","user":{"externalid":null,"login":"","password":"x","identity":{"name":{"givenName":"Max"},"gender":null}}}}`,
		`{"request":{"update_mode":"append","user":{"identity":{"emails":[{"value":"a@example.com","is_verified":"true"}]}}}}`,
		`{"request":{"user":{"user_token":"24f6eaef-0000-4000-8000-000000000000","identity":{"source":{"key":"facebook","access_token":{"key":"CAABwiWr8t","secret":"T0OzJdw"},"id_token":{"value":"eyJ"}}}}}}`,
		`{"request":{"user":{"action":"import_from_access_token","identity":{"source":{"key":"twitter","access_token":{"key":"k"}}}}}}`,
		`{"request":{"user":{"user_token":"5360232a-d9ca-4433-8128-44a9e1d9cec3"}}}`,
		`{"request":{"synchronize":{"update_user_data":true,"force_token_update":false}}}`,
		`{"request":{"synchronize":{"update_user_data":"#update_user_data#"}}}`,
		// OneAll's PHP SDK: [] for an empty object.
		`{"request":{"synchronize":{"identifier":{"field":"login","value":"php"},"user":[]}}}`,
		`{"request":{"sso_session":[]}}`, `{"request":{"user":[ ],"update_mode":"append"}}`, `{"request":{"synchronize":[]}}`,
		// LoudVoice and Export.
		`{"request":{"discussion":{"discussion_reference":"/p/1","title":"T","url":"https://example.com","is_closed":"true"}}}`,
		`{"request":{"do_moderation":true,"discussion":{"discussion_reference":"/p/1"},"comment":{"text":"hi","parent_comment_reference":"x","author":{"name":"n","email":"e@example.com"}}}}`,
		`{"request":{"discussion":{"discussion_token":"00000000-0000-4000-8000-000000000000"},"comment":{"text":"hi","author":null}}}`,
		`{"request":{"author_session":{"author":{"author_reference":"A","allow_create_new":true}}}}`,
		`{"request":{"author":{"author_reference":"A","name":null}}}`, `{"request":{"vote":{"direction":"down"}}}`,
		`{"request":{"export":{"resource":"users","format":"csv"}}}`,
		`{"request":{}}`, `{}`, `[]`, `null`, ``, `{"request":null}`, `{"request":{"user":"x"}}`, `{"request":{}} {}`,
	}
	for op := range bodyOperations {
		for _, s := range seeds {
			f.Add(uint8(op), []byte(s))
		}
	}
	srv := onealltest.NewServer()
	f.Cleanup(srv.Close)
	users := seedTokens(f, srv)
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		o := bodyOperations[int(op)%len(bodyOperations)]
		path := strings.NewReplacer("{user}", users.user, "{identity}", users.identity).Replace(o.path)
		req := httptest.NewRequest(o.method, path, bytes.NewReader(body))
		req.SetBasicAuth(srv.PublicKey, srv.PrivateKey)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s with %q: %d %s", o.method, o.path, body, rec.Code, rec.Body)
		}
		var env struct {
			Response struct {
				Request struct {
					Status struct {
						Flag string `json:"flag"`
						Code int    `json:"code"`
					} `json:"status"`
				} `json:"request"`
			} `json:"response"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || env.Response.Request.Status.Code != rec.Code {
			t.Fatalf("%s %s with %q: %d answered %s (%v)", o.method, o.path, body, rec.Code, rec.Body, err)
		}
	})
}

type seeded struct{ user, identity string }

// seedTokens adds a few users and returns one's user and identity tokens.
func seedTokens(tb testing.TB, srv *onealltest.Server) seeded {
	srv.Seed(3)
	req := httptest.NewRequest(http.MethodGet, "/identities.json?entries_per_page=1", nil)
	req.SetBasicAuth(srv.PublicKey, srv.PrivateKey)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	var env struct {
		Response struct {
			Result struct {
				Data struct {
					Identities struct {
						Entries []struct {
							UserToken     string `json:"user_token"`
							IdentityToken string `json:"identity_token"`
						} `json:"entries"`
					} `json:"identities"`
				} `json:"data"`
			} `json:"result"`
		} `json:"response"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || len(env.Response.Result.Data.Identities.Entries) == 0 {
		tb.Fatalf("listing the seeded identities: %d %s", rec.Code, rec.Body)
	}
	e := env.Response.Result.Data.Identities.Entries[0]
	return seeded{user: e.UserToken, identity: e.IdentityToken}
}
