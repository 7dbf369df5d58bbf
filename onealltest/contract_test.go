package onealltest

// The contract test: every request that reaches the server and every answer
// it writes go through kin-openapi's validation against openapi.yaml, for
// every operation and every status code the server can produce.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// specPath is the source of truth; the test reads it, nothing embeds it.
const specPath = "../openapi.yaml"

// invalidHeader marks a request that is deliberately outside the spec (a
// missing confirm_deletion, a malformed body...): its request is not
// validated, its answer is.
const invalidHeader = "X-Contract-Invalid-Request"

// wantStatuses is every status code the server can produce, per operation.
// 429, 500, 502 and 503 come from faults (and 500 from a server bug), so
// every operation has them.
var wantStatuses = map[string][]int{
	"ListIdentities":         {200, 400, 401},
	"GetIdentity":            {200, 401, 404},
	"DeleteIdentity":         {200, 400, 401, 404},
	"RelinkIdentity":         {200, 400, 401, 404},
	"SynchronizeIdentity":    {200, 400, 401, 404},
	"ListIdentityContacts":   {200, 203, 400, 401, 403, 404},
	"ListSteamGames":         {200, 401, 403, 404},
	"ListYouTubeVideos":      {200, 401, 403, 404},
	"ListFacebookPosts":      {200, 400, 401, 403, 404},
	"ListUsers":              {200, 400, 401},
	"ImportUser":             {200, 201, 400, 401, 404},
	"GetUser":                {200, 401, 404},
	"DeleteUser":             {200, 400, 401, 404},
	"ListUserContacts":       {200, 207, 400, 401, 404},
	"CreateStorageUser":      {201, 400, 401, 409},
	"UpdateStorageUser":      {200, 201, 400, 401, 404, 409},
	"SynchronizeStorageUser": {201, 202, 400, 401, 404, 409},
	"LookupStorageUser":      {200, 400, 401, 404},
}

var faultStatuses = []int{429, 500, 502, 503}

// validator is a middleware that validates requests and answers.
type validator struct {
	t      *testing.T
	router routers.Router
	next   http.Handler

	mu        sync.Mutex
	validated map[string]bool // "Operation status"
	exercised map[string]bool // operationId
}

func (v *validator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		v.t.Errorf("reading the request: %v", err)
	}
	invalid := r.Header.Get(invalidHeader) != ""
	r.Header.Del(invalidHeader)
	r.Body = io.NopCloser(bytes.NewReader(body))

	route, params, routeErr := v.router.FindRoute(r)
	var input *openapi3filter.RequestValidationInput
	if routeErr == nil {
		input = &openapi3filter.RequestValidationInput{
			Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: basicAuthPresent},
		}
		if !invalid {
			if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
				v.t.Errorf("request %s %s does not match the spec: %v", r.Method, r.URL, err)
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
	}

	rec := httptest.NewRecorder()
	v.next.ServeHTTP(rec, r)

	if routeErr == nil {
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: input,
			Status:                 rec.Code,
			Header:                 rec.Header(),
			Options:                &openapi3filter.Options{IncludeResponseStatus: true},
		}
		out.SetBodyBytes(rec.Body.Bytes())
		op := route.Operation.OperationID
		if err := openapi3filter.ValidateResponse(r.Context(), out); err != nil {
			v.t.Errorf("answer %d to %s %s does not match the spec: %v\n%s", rec.Code, r.Method, r.URL, err, rec.Body.Bytes())
		} else {
			v.mu.Lock()
			v.validated[fmt.Sprintf("%s %d", op, rec.Code)] = true
			v.mu.Unlock()
		}
		v.mu.Lock()
		v.exercised[op] = true
		v.mu.Unlock()
	}

	maps.Copy(w.Header(), rec.Header())
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// basicAuthPresent is the spec's basicAuth scheme: the server checks the
// keys, the spec only says that they are sent.
func basicAuthPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if _, _, ok := in.RequestValidationInput.Request.BasicAuth(); !ok {
		return errors.New("no HTTP Basic credentials")
	}
	return nil
}

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		t.Fatalf("load %s: %v", specPath, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("%s: %v", specPath, err)
	}
	// The router matches the servers' host: serve the spec from the root.
	doc.Servers = openapi3.Servers{{URL: "/"}}
	return doc
}

// contract drives the validating server.
type contract struct {
	t   *testing.T
	srv *Server
	url string
	c   *wrapper.Client
}

// raw sends a request with the server's keys and a JSON content type;
// edits change it.
func (k *contract) raw(method, path, body string, edits ...func(*http.Request)) int {
	k.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(k.t.Context(), method, k.url+path, rd)
	if err != nil {
		k.t.Fatal(err)
	}
	req.SetBasicAuth(k.srv.PublicKey, k.srv.PrivateKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, e := range edits {
		e(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		k.t.Fatalf("%s %s: %v", method, path, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// expect checks the status of a raw request.
func (k *contract) expect(status int, method, path, body string, edits ...func(*http.Request)) {
	k.t.Helper()
	if got := k.raw(method, path, body, edits...); got != status {
		k.t.Errorf("%s %s: status %d, want %d", method, path, got, status)
	}
}

func invalid(r *http.Request)   { r.Header.Set(invalidHeader, "1") }
func wrongKeys(r *http.Request) { r.SetBasicAuth("wrong", "keys") }
func noKeys(r *http.Request)    { r.Header.Del("Authorization") }

// check fails the test on an unexpected error class.
func (k *contract) check(err, want error) {
	k.t.Helper()
	if !errors.Is(err, want) && !(want == nil && err == nil) {
		k.t.Errorf("error %v, want %v", err, want)
	}
}

func TestContract(t *testing.T) {
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC4122))
	t.Cleanup(func() { openapi3.DefineStringFormatValidator("uuid", nil) })
	doc := loadSpec(t)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer()
	defer srv.Close()
	v := &validator{t: t, router: router, next: srv.Handler(), validated: map[string]bool{}, exercised: map[string]bool{}}
	ts := httptest.NewServer(v)
	defer ts.Close()
	c, err := wrapper.New("", srv.PublicKey, srv.PrivateKey, wrapper.WithBaseURL(ts.URL), wrapper.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	k := &contract{t: t, srv: srv, url: ts.URL, c: c}
	srv.Seed(8)
	ctx := t.Context()

	// Tokens of each kind of identity and user.
	byProvider := map[string]api.Identity{}
	for id, err := range c.Identities.All(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := byProvider[id.Provider]; !ok {
			byProvider[id.Provider] = id
		}
	}
	fb, steam, yt := byProvider["facebook"].IdentityToken, byProvider["steam"].IdentityToken, byProvider["youtube"].IdentityToken
	fbOwner := byProvider["facebook"].UserToken
	steamOwner := byProvider["steam"].UserToken
	const unknown = "00000000-0000-4000-8000-000000000000"

	// ---- Identity API through the wrapper, then what it cannot send.
	_, err = c.Identities.List(ctx, &wrapper.ListOptions{Page: 2, EntriesPerPage: 3, Order: "desc"})
	k.check(err, nil)
	k.expect(200, "GET", "/identities.json?page=99", "")
	k.expect(400, "GET", "/identities.json?entries_per_page=501", "", invalid)
	_, err = c.Identities.Get(ctx, fb)
	k.check(err, nil)
	_, err = c.Identities.Get(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	_, err = c.Identities.Contacts(ctx, fb, &wrapper.ContactsOptions{ListOptions: wrapper.ListOptions{EntriesPerPage: 5}})
	k.check(err, nil)
	_, err = c.Identities.Contacts(ctx, fb, &wrapper.ContactsOptions{DisableCache: true})
	k.check(err, nil)
	_, err = c.Identities.Contacts(ctx, steam, nil)
	k.check(err, wrapper.ErrForbidden)
	_, err = c.Identities.Contacts(ctx, unknown, nil)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "GET", "/identities/"+fb+"/contacts.json?order_direction=sideways", "", invalid)
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = c.Identities.SteamGames(ctx, steam)
	k.check(err, nil)
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = c.Identities.SteamGames(ctx, fb)
	k.check(err, wrapper.ErrForbidden)
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = c.Identities.SteamGames(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = c.Identities.YouTubeVideos(ctx, yt)
	k.check(err, nil)
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = c.Identities.YouTubeVideos(ctx, fb)
	k.check(err, wrapper.ErrForbidden)
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = c.Identities.YouTubeVideos(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = c.Identities.FacebookPosts(ctx, fb, &wrapper.ListOptions{EntriesPerPage: 2, Page: 2})
	k.check(err, nil)
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = c.Identities.FacebookPosts(ctx, steam, nil)
	k.check(err, wrapper.ErrForbidden)
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = c.Identities.FacebookPosts(ctx, unknown, nil)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "GET", "/identities/"+fb+"/facebook/posts.json?page=0", "", invalid)
	_, err = c.Identities.Synchronize(ctx, fb, &wrapper.SynchronizeOptions{ForceTokenUpdate: true})
	k.check(err, nil)
	k.expect(200, "PUT", "/identities/"+fb+"/synchronize.json", "")
	k.expect(200, "PUT", "/identities/"+fb+"/synchronize.json", `{"request":{"synchronize":[]}}`) // PHP's empty settings
	_, err = c.Identities.Synchronize(ctx, unknown, nil)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "PUT", "/identities/"+fb+"/synchronize.json", `{"request":{"synchronize":{"force_token_update":"yes"}}}`, invalid)
	_, err = c.Identities.Relink(ctx, steam, fbOwner)
	k.check(err, nil)
	_, err = c.Identities.Relink(ctx, unknown, fbOwner)
	k.check(err, wrapper.ErrNotFound)
	_, err = c.Identities.Relink(ctx, steam, unknown)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "PUT", "/identities/"+steam+"/link.json", `{"request":{}}`, invalid)
	// Write bodies without a Content-Type are accepted (outside the spec).
	k.expect(200, "PUT", "/identities/"+steam+"/link.json", `{"request":{"user":{"user_token":"`+steamOwner+`"}}}`, invalid,
		func(r *http.Request) { r.Header.Del("Content-Type") })

	// ---- User API.
	_, err = c.Users.List(ctx, &wrapper.ListOptions{EntriesPerPage: 2, Filters: "date_creation:gt:2024-01-01"})
	k.check(err, nil)
	k.expect(400, "GET", "/users.json?filters=bogus", "")
	k.expect(400, "GET", "/users.json?page=0", "", invalid)
	_, err = c.Users.Get(ctx, fbOwner)
	k.check(err, nil)
	_, err = c.Users.Get(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	statuses := map[bool]bool{}
	for u, err := range c.Users.All(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.Users.Contacts(ctx, u.UserToken, nil)
		k.check(err, nil)
		if res != nil {
			statuses[res.Partial] = true
		}
	}
	if !statuses[true] || !statuses[false] {
		t.Error("user contacts never answered both 200 and 207")
	}
	_, err = c.Users.Contacts(ctx, fbOwner, &wrapper.UserContactsOptions{DisableCache: true})
	k.check(err, nil)
	_, err = c.Users.Contacts(ctx, unknown, nil)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "GET", "/users/"+fbOwner+"/contacts.json?disable_cache=maybe", "", invalid)
	imp := wrapper.ImportInput{Provider: "twitter", AccessToken: "key-1", AccessTokenSecret: "secret-1"}
	_, err = c.Users.Import(ctx, imp)
	k.check(err, nil)
	_, err = c.Users.Import(ctx, imp)
	k.check(err, nil)
	_, err = c.Users.Import(ctx, wrapper.ImportInput{Provider: "google", IDToken: "jwt", UserToken: fbOwner})
	k.check(err, nil)
	_, err = c.Users.Import(ctx, wrapper.ImportInput{Provider: "google", AccessToken: "k", UserToken: unknown})
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "PUT", "/users.json", `{"request":{"user":{"identity":{"source":{"key":"facebook"}}}}}`)
	k.expect(201, "PUT", "/users.json", `{"request":{"user":{"identity":{"source":{"key":"github","access_token":{"key":"anon"}}}}}}`, noKeys)

	// ---- Cloud storage.
	u1, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("ann"), Password: api.Password("pw"),
		Identity: api.Identity{Name: api.IdentityName{GivenName: "Ann"}, CustomData: map[string]any{"k": []any{"a", 1}}}})
	k.check(err, nil)
	_, err = c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("ann")})
	k.check(err, wrapper.ErrConflict)
	k.expect(201, "POST", "/storage/users.json", `{"request":{"user":{"externalid":12345}}}`)
	k.expect(400, "POST", "/storage/users.json", `{"request":{"user":{"identity":{"emails":"x"}}}}`, invalid)
	if u1 != nil {
		_, err = c.Storage.UpdateUser(ctx, u1.UserToken, api.StorageUserInput{Identity: api.Identity{Gender: "female"}}, wrapper.Append)
		k.check(err, nil)
		_, err = c.Storage.UpdateUser(ctx, u1.UserToken, api.StorageUserInput{ExternalID: api.Set("12345")}, wrapper.Replace)
		k.check(err, wrapper.ErrConflict)
	}
	_, err = c.Storage.UpdateUser(ctx, steamOwner, api.StorageUserInput{Login: api.Set("gamer")}, wrapper.Replace)
	k.check(err, nil) // 201: a storage identity was added
	_, err = c.Storage.UpdateUser(ctx, unknown, api.StorageUserInput{}, "")
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "PUT", "/storage/users/"+steamOwner+".json", `{"request":{"update_mode":"merge","user":{}}}`, invalid)
	_, err = c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: "max"}, api.StorageUserInput{})
	k.check(err, nil)
	_, err = c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: "max"}, api.StorageUserInput{Password: api.Password("x")})
	k.check(err, nil)
	_, err = c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByUserToken, Value: unknown}, api.StorageUserInput{})
	k.check(err, wrapper.ErrNotFound)
	_, err = c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: "max"}, api.StorageUserInput{Login: api.Set("ann")})
	k.check(err, wrapper.ErrConflict)
	k.expect(400, "PUT", "/storage/users/user/synchronize.json", `{"request":{"synchronize":{"identifier":{"field":"login","value":""},"user":{}}}}`)
	// PHP's bodies: an empty user as [], or no user at all.
	k.expect(201, "PUT", "/storage/users/user/synchronize.json", `{"request":{"synchronize":{"identifier":{"field":"login","value":"php"},"user":[]}}}`)
	k.expect(202, "PUT", "/storage/users/user/synchronize.json", `{"request":{"synchronize":{"identifier":{"field":"login","value":"php"},"user":{"identity":[]}}}}`)
	k.expect(201, "PUT", "/storage/users/user/synchronize.json", `{"request":{"synchronize":{"identifier":{"field":"login","value":"no-user-node"}}}}`)
	k.expect(201, "POST", "/storage/users.json", `{"request":{"user":[]}}`)
	k.expect(200, "PUT", "/storage/users/"+steamOwner+".json", `{"request":{"user":[]}}`)
	k.expect(400, "PUT", "/storage/users/user/synchronize.json", `{"request":{"synchronize":{"identifier":{"field":"login","value":"php"},"user":[{}]}}}`, invalid)
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "ann", Password: "pw"})
	k.check(err, nil)
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "ann", Password: "wrong"})
	k.check(err, wrapper.ErrInvalidCredentials)
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "nobody"})
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "POST", "/storage/users/user/lookup.json", `{"request":{"user":{}}}`)

	// ---- Connections, SSO sessions, site, ping, providers.
	k.exerciseLogin(fb, steamOwner)
	k.exercisePushPull() // push, pull, search, the storage update's POST alias

	// ---- LoudVoice (comments) and Export (contract_loudvoice_test.go).
	k.exerciseLoudVoice()

	// ---- Deletes.
	k.expect(400, "DELETE", "/identities/"+yt+".json", "", invalid)
	_, err = c.Identities.Delete(ctx, yt)
	k.check(err, nil)
	_, err = c.Identities.Delete(ctx, yt)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "DELETE", "/users/"+steamOwner+".json?confirm_deletion=false", "")
	_, err = c.Users.Delete(ctx, steamOwner)
	k.check(err, nil)
	_, err = c.Users.Delete(ctx, steamOwner)
	k.check(err, wrapper.ErrNotFound)

	// ---- Every operation from its valid request: the success of those
	// without a special fixture, 401, the faults; then the coverage.
	k.exerciseAll() // short URLs, site administration, sharing, analytics

	k.everyOperation(v, doc, map[string]string{
		"identity_token": fb, "user_token": fbOwner,
		"connection_token": unknown, "sso_session_token": unknown,
		"shorturl_token": "mOTlo", "sharing_message_token": unknown,
		"sharing_page_token": unknown, "sharing_analytics_snapshot_token": unknown,
		"discussion_token": unknown, "comment_token": unknown, "author_token": unknown, "author_session_token": unknown,
		"board_id": "1", "page_id": "1", "company_id": "1",
	})
}
