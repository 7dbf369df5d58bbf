package login

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

const someToken = "1481c1d9-6b8e-4c49-a2de-0e6f3d1c9a52"

// discard is a logger that drops everything.
var discard = slog.New(slog.DiscardHandler)

// site is a fake OneAll site and a Callback for it, state-less (and
// protected by nothing) unless opts say otherwise.
func site(t *testing.T, opts ...Option) (*onealltest.Server, *Callback) {
	t.Helper()
	if len(opts) == 0 {
		opts = []Option{WithoutState()}
	}
	opts = append(opts, WithLogger(discard))
	srv := onealltest.NewServer()
	t.Cleanup(srv.Close)
	cb, err := New(srv.Client(wrapper.WithRetries(0)), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, cb
}

// post is the callback request OneAll's page makes: a form POSTed to target.
func post(target string, form url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func oneAllForm(action, token string) url.Values {
	return url.Values{"oa_action": {action}, "connection_token": {token}, "oa_social_login_token": {token}}
}

func TestHandleLogin(t *testing.T) {
	srv, cb := site(t)
	profile := &api.Identity{ID: "https://www.facebook.com/ann", DisplayName: "Ann Lee",
		Name:   api.IdentityName{GivenName: "Ann", FamilyName: "Lee"},
		Emails: []api.Email{{Value: "old@example.com"}, {Value: "ann@example.com", IsVerified: true}}}
	token, err := srv.Connect(onealltest.ConnectRequest{Provider: "facebook", Profile: profile, CallbackURI: "https://app.example/cb"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := cb.Handle(t.Context(), httptest.NewRecorder(), post("https://app.example/cb", oneAllForm("social_login", token)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != wrapper.OutcomeLogin || res.UserToken == "" || res.IdentityToken == "" || len(res.Identities) != 1 {
		t.Errorf("result = %v (identities %v)", res, res.Identities)
	}
	want := Profile{Provider: "facebook", ProviderName: "Facebook", UserID: "https://www.facebook.com/ann", Email: "ann@example.com",
		EmailVerified: true, Name: "Ann Lee", FirstName: "Ann", LastName: "Lee", ProfileURL: "https://www.facebook.com/ann"}
	if res.Profile != want {
		t.Errorf("profile = %+v\nwant      %+v", res.Profile, want)
	}
	// The token is spent: OneAll's callback is not a bookmark.
	_, err = cb.Handle(t.Context(), httptest.NewRecorder(), post("https://app.example/cb", oneAllForm("social_login", token)))
	if !errors.Is(err, ErrUnknownToken) || !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("replayed token: %v; want ErrUnknownToken", err)
	}
	// A token in the query (some proxies turn the POST into a GET) works too.
	token2, _ := srv.Connect(onealltest.ConnectRequest{IdentityToken: res.IdentityToken})
	res2, err := cb.Handle(t.Context(), httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/cb?oa_action=social_login&connection_token="+token2, nil))
	if err != nil || res2.UserToken != res.UserToken {
		t.Errorf("query token: %v, %v", res2, err)
	}
}

func TestHandleRefusedOutcomes(t *testing.T) {
	srv, cb := site(t)
	srv.Seed(2)
	ids := srv.Accounts("facebook")
	if len(ids) == 0 {
		t.Fatal("no seeded facebook account")
	}
	other := srv.Accounts("twitter")[0]
	token, _ := srv.Connect(onealltest.ConnectRequest{Service: "social_link", IdentityToken: ids[0].IdentityToken, UserToken: other.UserToken})
	_, err := cb.Handle(t.Context(), httptest.NewRecorder(), post("/cb", oneAllForm("social_link", token)), wrapper.OutcomeLink)
	var ce *wrapper.ConnectionError
	if !errors.Is(err, ErrIdentityLinkedToAnotherUser) || !errors.As(err, &ce) || ce.Connection.UserToken != ids[0].UserToken {
		t.Errorf("link of another user's account: %v", err)
	}
	if statusOf(err) != http.StatusBadRequest {
		t.Errorf("status %d", statusOf(err))
	}
	token, _ = srv.Connect(onealltest.ConnectRequest{Provider: "google", Declined: true})
	if _, err := cb.Handle(t.Context(), httptest.NewRecorder(), post("/cb", oneAllForm("social_login", token))); !errors.Is(err, wrapper.ErrNotAuthenticated) {
		t.Errorf("declined: %v", err)
	}
}

// Every malformed callback is refused before anything is sent.
func TestHandleRefusesBadCallbacks(t *testing.T) {
	srv, cb := site(t)
	huge := url.Values{"connection_token": {someToken}, "padding": {strings.Repeat("x", maxForm)}}
	for _, tc := range []struct {
		name string
		r    *http.Request
		want error
	}{
		{"nothing", httptest.NewRequest(http.MethodGet, "/cb", nil), ErrNoToken},
		{"empty token", post("/cb", url.Values{"connection_token": {""}}), ErrNoToken},
		{"not a UUID", post("/cb", url.Values{"connection_token": {"../../users"}}), ErrInvalidCallback},
		{"two tokens in the body", post("/cb", url.Values{"connection_token": {someToken, "8875cb47-9b2e-40f9-8ae0-8428c06937a9"}}), ErrInvalidCallback},
		{"body and query differ", post("/cb?connection_token=8875cb47-9b2e-40f9-8ae0-8428c06937a9", url.Values{"connection_token": {someToken}}), ErrInvalidCallback},
		{"the two names differ", post("/cb", url.Values{"connection_token": {someToken}, "oa_social_login_token": {"8875cb47-9b2e-40f9-8ae0-8428c06937a9"}}), ErrInvalidCallback},
		{"unknown action", post("/cb", url.Values{"connection_token": {someToken}, "oa_action": {"social_share"}}), ErrInvalidCallback},
		{"two actions", post("/cb", url.Values{"connection_token": {someToken}, "oa_action": {"social_login", "social_link"}}), ErrInvalidCallback},
		{"encrypted", post("/cb", url.Values{"oa_action": {"social_login"}, "connection_token": {someToken}, "identity_vault_key": {"k"}}), ErrEncrypted},
		{"no action", post("/cb", url.Values{"connection_token": {someToken}}), ErrInvalidCallback},
		{"a link where logins only are taken", post("/cb", oneAllForm("social_link", someToken)), ErrUnexpectedOutcome},
		{"huge form", post("/cb", huge), ErrInvalidCallback},
		{"bad encoding", post("/cb?x=%zz", url.Values{"connection_token": {someToken}}), ErrInvalidCallback},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cb.Handle(t.Context(), httptest.NewRecorder(), tc.r)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if len(err.Error()) > 200 {
				t.Errorf("error too long: %d bytes", len(err.Error()))
			}
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached OneAll", n)
	}
	// The same token twice, under both names, is one token.
	_, err := cb.Handle(t.Context(), httptest.NewRecorder(), post("/cb", oneAllForm("social_login", someToken)))
	if !errors.Is(err, ErrUnknownToken) {
		t.Errorf("one token twice: %v; want it redeemed (and unknown)", err)
	}
}

func TestHandler(t *testing.T) {
	srv, cb := site(t)
	var got *Result
	h := cb.Handler(func(w http.ResponseWriter, r *http.Request, res *Result) {
		got = res
		http.Redirect(w, r, "/welcome", http.StatusSeeOther)
	}, nil)
	token, _ := srv.Connect(onealltest.ConnectRequest{Provider: "github"})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, post("/cb", oneAllForm("social_login", token)))
	if w.Code != http.StatusSeeOther || got == nil || got.Profile.Provider != "github" {
		t.Errorf("login: %d %q, result %v", w.Code, w.Body, got)
	}
	for _, tc := range []struct {
		r    *http.Request
		want int
	}{
		{post("/cb", url.Values{}), http.StatusBadRequest},
		{post("/cb", oneAllForm("social_login", token)), http.StatusBadRequest}, // spent
		{httptest.NewRequest(http.MethodDelete, "/cb", nil), http.StatusMethodNotAllowed},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, tc.r)
		if w.Code != tc.want || w.Body.Len() == 0 {
			t.Errorf("%s: %d %q, want %d", tc.r.Method, w.Code, w.Body, tc.want)
		}
	}
	srv.Close()
	w = httptest.NewRecorder()
	h.ServeHTTP(w, post("/cb", oneAllForm("social_login", someToken)))
	if w.Code != http.StatusBadGateway {
		t.Errorf("OneAll unreachable: %d, want 502", w.Code)
	}
}

func TestResultKeepsSecretsOut(t *testing.T) {
	srv, cb := site(t)
	token, _ := srv.Connect(onealltest.ConnectRequest{Provider: "facebook"})
	res, err := cb.Handle(t.Context(), httptest.NewRecorder(), post("/cb", oneAllForm("social_login", token)))
	if err != nil {
		t.Fatal(err)
	}
	secret := res.Identity.Source.AccessToken.Key
	if secret == "" {
		t.Fatal("the fake's identity has no access token to hide")
	}
	var b strings.Builder
	slog.New(slog.NewJSONHandler(&b, nil)).Info("login", "result", res)
	fmt.Fprintf(&b, "%v %+v %#v %s", res, res, res, res)
	if strings.Contains(b.String(), secret) || !strings.Contains(b.String(), res.UserToken) {
		t.Errorf("printed: %s", b.String())
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	srv := onealltest.NewServer()
	defer srv.Close()
	for _, tc := range []struct {
		c    *wrapper.Client
		opts []Option
	}{
		{nil, nil},
		{srv.Client(), []Option{WithState([]byte("short"), 0)}},
		{srv.Client(), []Option{WithState(make([]byte, 32), -1)}},
	} {
		if _, err := New(tc.c, tc.opts...); !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("New(%v, %d options) = %v", tc.c, len(tc.opts), err)
		}
	}
}
