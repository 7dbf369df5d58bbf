package wrapper

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

// answerWith serves a fixed answer on /identities/<token>.json.
func answerWith(f *fixture, status int, contentType, body string) {
	f.mux.HandleFunc("/identities/"+identityToken+".json", func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	})
}

func TestErrorClasses(t *testing.T) {
	html := "<html><body><h1>502 Bad Gateway</h1></body></html>"
	for _, tc := range []struct {
		name       string
		status     int
		ct, body   string
		want       error
		statusKept int
		code       int
		info       string
	}{
		{"400", 400, "application/json", fail(400, "The request cannot be processed."), ErrBadRequest, 400, 400, "The request cannot be processed."},
		{"401", 401, "application/json", fail(401, "Authentication credentials are missing or incorrect: http://docs.oneall.com/api/basic/authentication/"), ErrUnauthorized, 401, 401, "Authentication credentials are missing or incorrect: http://docs.oneall.com/api/basic/authentication/"},
		{"403", 403, "application/json", fail(403, "refused"), ErrForbidden, 403, 403, "refused"},
		{"404", 404, "application/json", fail(404, "No identity has been found for the specified identity_token"), ErrNotFound, 404, 404, "No identity has been found for the specified identity_token"},
		{"409", 409, "application/json", fail(409, "taken"), ErrConflict, 409, 409, "taken"},
		{"500", 500, "application/json", fail(500, "boom"), ErrServer, 500, 500, "boom"},
		{"HTML 502 from a proxy", 502, "text/html", html, ErrServer, 502, 0, ""},
		{"HTTP 200 with a result error inside", 200, "application/json",
			`{"response":{"request":{"status":{"flag":"success","code":200,"info":"Your request has been processed successfully"}},"result":{"status":{"flag":"error","code":401,"info":"The user did not authenticate successfully"}}}}`,
			ErrUnauthorized, 200, 401, "The user did not authenticate successfully"},
		{"HTTP 200 with a request error inside", 200, "application/json", fail(404, "gone"), ErrNotFound, 200, 404, "gone"},
		{"HTTP 200 HTML", 200, "text/html", html, ErrUnexpectedResponse, 200, 0, ""},
		{"HTTP 200 empty", 200, "application/json", "", ErrUnexpectedResponse, 200, 0, ""},
		{"HTTP 200 truncated JSON", 200, "application/json", `{"response":{"request":{"status":{"flag":"succ`, ErrUnexpectedResponse, 200, 0, ""},
		{"HTTP 200 JSON but no envelope", 200, "application/json", `{"identity":{}}`, ErrUnexpectedResponse, 200, 0, ""},
		{"HTTP 200 without result.data", 200, "application/json", `{"response":{"request":{"status":{"flag":"success","code":200}}}}`, ErrUnexpectedResponse, 200, 0, ""},
		{"HTTP 200 data of the wrong shape", 200, "application/json", ok(200, "/x", `{"identity":[1,2]}`), ErrUnexpectedResponse, 200, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t, WithRetries(0))
			answerWith(f, tc.status, tc.ct, tc.body)
			id, err := f.client.Identities.Get(context.Background(), identityToken)
			if id != nil || err == nil {
				t.Fatalf("Get = %v, %v; want an error", id, err)
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err %T is not an *APIError: %v", err, err)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.want)
			}
			for _, other := range []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrRateLimited, ErrServer, ErrInvalidCredentials, ErrInvalidInput, ErrUnexpectedResponse} {
				if other != tc.want && errors.Is(err, other) {
					t.Errorf("error also matches %v", other)
				}
			}
			if apiErr.StatusCode != tc.statusKept || apiErr.Code != tc.code || (tc.info != "" && apiErr.Info != tc.info) {
				t.Errorf("APIError = {Status %d, Code %d, Info %q}", apiErr.StatusCode, apiErr.Code, apiErr.Info)
			}
			if apiErr.Method != "GET" || apiErr.Resource != "/identities/"+identityToken+".json" {
				t.Errorf("APIError names %s %s", apiErr.Method, apiErr.Resource)
			}
			// A 2xx JSON payload may hold users' access tokens: never kept.
			wantBody := tc.body
			if tc.status < 300 && looksLikeJSON([]byte(tc.body)) {
				wantBody = ""
			}
			if string(apiErr.Body) != wantBody {
				t.Errorf("Body = %q, want %q", apiErr.Body, wantBody)
			}
			msg := err.Error()
			for _, part := range []string{"GET", "/identities/" + identityToken + ".json", http.StatusText(tc.statusKept), tc.info} {
				if !strings.Contains(msg, part) {
					t.Errorf("Error() = %q lacks %q", msg, part)
				}
			}
		})
	}
}

func TestErrorBodyIsCapped(t *testing.T) {
	f := setup(t, WithRetries(0))
	answerWith(f, 500, "text/html", strings.Repeat("x", 100<<10))
	_, err := f.client.Identities.Get(context.Background(), identityToken)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || len(apiErr.Body) != maxErrorBody {
		t.Fatalf("body kept: %d bytes, want %d (err %v)", len(apiErr.Body), maxErrorBody, err)
	}
}

func TestInvalidTokensAreRefusedBeforeSending(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	bad := []string{"", "nope", "1b93e09a4cd34c5c90812cb1eaa53573", "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573/../x", "{1b93e09a-4cd3-4c5c-9081-2cb1eaa53573}"}
	for _, tok := range bad {
		calls := map[string]error{}
		_, calls["Identities.Get"] = f.client.Identities.Get(ctx, tok)
		_, calls["Identities.Delete"] = f.client.Identities.Delete(ctx, tok)
		_, calls["Identities.Relink(identity)"] = f.client.Identities.Relink(ctx, tok, userToken)
		_, calls["Identities.Relink(user)"] = f.client.Identities.Relink(ctx, identityToken, tok)
		_, calls["Identities.Synchronize"] = f.client.Identities.Synchronize(ctx, tok, nil)
		_, calls["Identities.Contacts"] = f.client.Identities.Contacts(ctx, tok, nil)
		_, calls["Identities.SteamGames"] = f.client.Identities.SteamGames(ctx, tok)
		_, calls["Identities.YouTubeVideos"] = f.client.Identities.YouTubeVideos(ctx, tok)
		_, calls["Identities.FacebookPosts"] = f.client.Identities.FacebookPosts(ctx, tok, nil)
		_, calls["Users.Get"] = f.client.Users.Get(ctx, tok)
		_, calls["Users.Delete"] = f.client.Users.Delete(ctx, tok)
		_, calls["Users.Contacts"] = f.client.Users.Contacts(ctx, tok, nil)
		_, calls["Storage.UpdateUser"] = f.client.Storage.UpdateUser(ctx, tok, apiInput(), Replace)
		if tok != "" { // an empty UserToken in a Lookup means "not given"
			_, calls["Storage.LookupUser"] = f.client.Storage.LookupUser(ctx, Lookup{UserToken: tok})
		}
		for name, err := range calls {
			if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "token") {
				t.Errorf("%s(%q) = %v, want ErrInvalidInput naming the token", name, tok, err)
			}
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.hits) != 0 {
		t.Errorf("requests were sent for invalid input: %v", f.hits)
	}
}

func TestListOptionsValidation(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	for _, tc := range []struct {
		opts  ListOptions
		field string
	}{
		{ListOptions{Page: -1}, "page"},
		{ListOptions{EntriesPerPage: 501}, "entries_per_page"},
		{ListOptions{EntriesPerPage: -5}, "entries_per_page"},
		{ListOptions{Order: "newest"}, "order_direction"},
		{ListOptions{Filters: "x"}, "filters"},
	} {
		_, err := f.client.Identities.List(ctx, &tc.opts)
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("List(%+v) = %v, want ErrInvalidInput naming %s", tc.opts, err, tc.field)
		}
		for _, err := range f.client.Identities.All(ctx, &tc.opts) {
			if !errors.Is(err, ErrInvalidInput) {
				t.Errorf("All(%+v) yielded %v", tc.opts, err)
			}
		}
	}
	if _, err := f.client.Users.List(ctx, &ListOptions{EntriesPerPage: 1000}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Users.List: %v", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.hits) != 0 {
		t.Errorf("requests were sent for invalid input: %v", f.hits)
	}
}

func TestSuccessWithoutItsPayloadIsUnexpected(t *testing.T) {
	f := setup(t, WithRetries(0))
	for path, data := range map[string]string{
		"/identities/" + identityToken + ".json": `{}`,
		"/storage/users.json":                    `{"user":{}}`,
		"/users/" + userToken + ".json":          `{"user":{"num_logins":3}}`,
		"/identities.json":                       `{}`,
	} {
		f.handle(path, expect{method: map[bool]string{true: "POST", false: "GET"}[path == "/storage/users.json"],
			body: map[bool]string{true: `{"request":{"user":{"login":"x"}}}`}[path == "/storage/users.json"]}, 200, ok(200, path, data))
	}
	ctx := context.Background()
	var errs []error
	_, err := f.client.Identities.Get(ctx, identityToken)
	errs = append(errs, err)
	_, err = f.client.Storage.CreateUser(ctx, apiInput())
	errs = append(errs, err)
	_, err = f.client.Users.Get(ctx, userToken)
	errs = append(errs, err)
	_, err = f.client.Identities.List(ctx, nil)
	errs = append(errs, err)
	for i, err := range errs {
		if !errors.Is(err, ErrUnexpectedResponse) || !strings.Contains(err.Error(), "the answer has no") {
			t.Errorf("call %d: err = %v, want ErrUnexpectedResponse naming what is missing", i, err)
		}
	}
}

func TestARequestThatCannotBeEncodedIsInvalidInputAndNotSent(t *testing.T) {
	f := setup(t)
	in := api.StorageUserInput{Login: api.Set("x"), Identity: api.Identity{CustomData: map[string]any{"n": math.NaN()}}}
	_, err := f.client.Storage.UpdateUser(context.Background(), userToken, in, Replace)
	if !errors.Is(err, ErrInvalidInput) || errors.Is(err, ErrNetwork) {
		t.Errorf("err = %v, want ErrInvalidInput", err)
	}
	if n := f.hitCount("PUT", "/storage/users/"+userToken+".json"); n != 0 || len(f.recordedWaits()) != 0 {
		t.Errorf("%d requests, %d retries for a body that cannot be encoded", n, len(f.recordedWaits()))
	}
}

// What the envelope says counts, whatever the HTTP status: a code of 400 or
// more is an error whatever the flag, flags compare in any case, unknown
// flags on a success are accepted.
func TestEnvelopeStatusesAreStrict(t *testing.T) {
	identity := `"result":{"data":{"identity":{"identity_token":"` + identityToken + `"}}}`
	for _, tc := range []struct {
		name, body string
		want       error // nil: success
	}{
		{"flag ERROR in upper case", `{"response":{"request":{"status":{"flag":"ERROR","code":404,"info":"gone"}}}}`, ErrNotFound},
		{"flag Error with a 200 code", `{"response":{"request":{"status":{"flag":"Error","code":200}}}}`, ErrUnexpectedResponse},
		{"no flag, code 500", `{"response":{"request":{"status":{"code":500,"info":"boom"}},` + identity + `}}`, ErrServer},
		{"success flag, code 403", `{"response":{"request":{"status":{"flag":"success","code":403}},` + identity + `}}`, ErrForbidden},
		{"success flag, result code 409", `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"status":{"flag":"success","code":"409"},"data":{"identity":{"identity_token":"` + identityToken + `"}}}}}`, ErrConflict},
		{"result flag ERROR", `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"status":{"flag":" ERROR ","code":200}}}}`, ErrUnexpectedResponse},
		{"scheduled with 201", `{"response":{"request":{"status":{"flag":"scheduled","code":201}},` + identity + `}}`, nil},
		{"multistatus", `{"response":{"request":{"status":{"flag":"multistatus","code":207}},` + identity + `}}`, nil},
		{"no flag, code 200", `{"response":{"request":{"status":{"code":200}},` + identity + `}}`, nil},
		{"data after the envelope", ok(200, "/x", `{"identity":{"identity_token":"`+identityToken+`"}}`) + `{"response":{}}`, ErrUnexpectedResponse},
		{"white space after the envelope", ok(200, "/x", `{"identity":{"identity_token":"`+identityToken+`"}}`) + "\n\t \n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			answerWith(f, 200, "application/json", tc.body)
			id, err := f.client.Identities.Get(context.Background(), identityToken)
			if tc.want == nil {
				if err != nil || id.IdentityToken != identityToken {
					t.Errorf("Get = %v, %v; want the identity", id, err)
				}
				return
			}
			var apiErr *APIError
			if !errors.Is(err, tc.want) || !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if n := f.hitCount("GET", "/identities/"+identityToken+".json"); tc.want == ErrServer && n != 3 || tc.want != ErrServer && n != 1 {
				t.Errorf("%d requests: only a server error is retried", n)
			}
		})
	}
}
