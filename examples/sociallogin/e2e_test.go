package main

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// plantedKey is the fake site's private key: it must appear in no log and
// no page.
const plantedKey = "planted-private-key-7d1e5c2a-do-not-leak"

// e2e is the demo on a fake OneAll, over 127.0.0.1, with its log.
type e2e struct {
	fake  *onealltest.Server
	demo  *demo
	logs  *syncBuffer
	pages *pages
	c     *wrapper.Client // the test's own view of OneAll
}

func startE2E(t *testing.T) *e2e {
	t.Helper()
	e := &e2e{logs: &syncBuffer{}, pages: &pages{}}
	e.fake = onealltest.NewServer(onealltest.WithKeys("e2e-public-key", plantedKey))
	t.Cleanup(e.fake.Close)
	e.fake.Seed(4)
	logger := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d, err := start(options{Addr: "127.0.0.1:0", Providers: []string{"google", "github", "twitter"}, Logger: logger,
		Fake: e.fake, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	shutdown(t, d)
	e.demo, e.c = d, e.fake.Client()
	return e
}

func (e *e2e) browser(t *testing.T) *browser { return newBrowser(t, e.demo.URL, e.pages) }

// redeemed counts the reads of connections that reached OneAll.
func (e *e2e) redeemed() int { return e.fake.RequestCount("GET", "/connections/*") }

// TestE2ELoginLinkUnlinkLogout drives the demo as a person does: log in,
// link a network, unlink it, link one through a cross-site POST (which the
// demo bounces), log out. Nothing secret shows in its log or its pages.
func TestE2ELoginLinkUnlinkLogout(t *testing.T) {
	e := startE2E(t)
	ctx := t.Context()
	alice := e.browser(t)

	page := alice.get("/")
	if page.status != http.StatusOK || !strings.Contains(page.body, "Log in with Google") {
		t.Fatalf("the start page: %d\n%s", page.status, page.body)
	}

	// Log in with a new Google account.
	login := alice.connect("/login", "google", onealltest.NewPerson)
	page = alice.home(alice.send(login))
	if !strings.Contains(page.body, "Hello, ") || strings.Contains(page.body, "Hello, stranger") ||
		!strings.Contains(page.body, "Logged in with Google.") || !slices.Equal(providers(page.body), []string{"google"}) {
		t.Fatalf("not greeted after the login:\n%s", page.body)
	}
	user, ssoToken := code(page.body, "user-token"), code(page.body, "sso-token")
	sess, err := e.c.SSO.Get(ctx, ssoToken)
	if err != nil || sess.UserToken != user {
		t.Fatalf("the SSO session of the login: %+v, %v", sess, err)
	}

	// Link a GitHub account: two networks.
	page = alice.home(alice.send(alice.connect("/link", "github", onealltest.NewPerson)))
	if !slices.Equal(providers(page.body), []string{"google", "github"}) || !strings.Contains(page.body, "Linked GitHub.") ||
		code(page.body, "user-token") != user {
		t.Fatalf("after the link:\n%s", page.body)
	}

	// Unlink it: the consent screen offers the user's GitHub account.
	var github string
	for _, a := range e.fake.Accounts("github") {
		if a.UserToken == user {
			github = a.IdentityToken
		}
	}
	page = alice.home(alice.send(alice.connect("/unlink", "github", github)))
	if !slices.Equal(providers(page.body), []string{"google"}) || !strings.Contains(page.body, "Unlinked GitHub.") ||
		!strings.Contains(page.body, "your only network") {
		t.Fatalf("after the unlink:\n%s", page.body)
	}

	// A link whose callback comes cross-site, as from OneAll's real page:
	// the browser sends no SameSite=Lax cookie with it, so the demo posts
	// it again from its own page, which has them.
	link := alice.connect("/link", "twitter", onealltest.NewPerson)
	cookieless := newBrowser(t, e.demo.URL, e.pages)
	bounce := cookieless.send(link, "Sec-Fetch-Site", "cross-site")
	if bounce.status != http.StatusOK || !strings.Contains(bounce.body, "document.forms[0].submit()") {
		t.Fatalf("the cross-site callback was not bounced: %d\n%s", bounce.status, bounce.body)
	}
	again := form(t, bounce.body)
	if !strings.HasPrefix(again.URL, callbackPath+"?login_state=") || again.Token() != link.Token() {
		t.Fatalf("the bounce posts %+v", again)
	}
	page = alice.home(alice.post(again.URL, again.Form, "Sec-Fetch-Site", "same-origin"))
	if !slices.Equal(providers(page.body), []string{"google", "twitter"}) {
		t.Fatalf("after the bounced link:\n%s", page.body)
	}

	// A form posted from another site is refused; Alice stays logged in.
	if a := alice.post("/logout", nil, "Sec-Fetch-Site", "cross-site"); a.status != http.StatusForbidden {
		t.Errorf("a cross-site log out: %d", a.status)
	}
	if page = alice.get("/"); code(page.body, "user-token") != user {
		t.Fatal("a cross-site post logged Alice out")
	}

	// Log out: the session and the SSO session end.
	if a := alice.post("/logout", nil); a.status != http.StatusSeeOther {
		t.Fatalf("log out: %d", a.status)
	}
	if page = alice.get("/"); !strings.Contains(page.body, "Log in with Google") {
		t.Fatalf("still logged in after the log out:\n%s", page.body)
	}
	if _, err := e.c.SSO.Get(ctx, ssoToken); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("the SSO session after the log out: %v", err)
	}

	e.checkSecrets(t)
}

// TestE2ERefusals: a replayed token, a token of another browser, a callback
// without a valid state, a link of another user's account, bad input.
func TestE2ERefusals(t *testing.T) {
	e := startE2E(t)
	alice, bob := e.browser(t), e.browser(t)

	login := alice.connect("/login", "google", onealltest.NewPerson)
	page := alice.home(alice.send(login))
	user := code(page.body, "user-token")

	// A replayed callback: its state served the login, and is refused.
	if a := alice.send(login); a.status != http.StatusForbidden || !strings.Contains(a.body, "used already") {
		t.Errorf("a replayed token: %d\n%s", a.status, a.body)
	}

	// Bob's login, posted from Alice's browser: his state is not hers, and
	// it is refused before anything reaches OneAll.
	bobs := bob.connect("/login", "twitter", onealltest.NewPerson)
	before := e.redeemed()
	if a := alice.send(bobs); a.status != http.StatusForbidden || !strings.Contains(a.body, "not started in this browser") {
		t.Errorf("Bob's callback in Alice's browser: %d\n%s", a.status, a.body)
	}
	if e.redeemed() != before {
		t.Error("a callback with another browser's state reached OneAll")
	}
	// Bob's token posted to Alice's own callback URI, with her valid state:
	// the connection was made for Bob's state, which OneAll echoes.
	direct, _ := url.Parse(alice.start("/login", "google"))
	aliceCallback := direct.Query().Get("callback_uri")
	foreign := &onealltest.CallbackPost{URL: aliceCallback, Form: bobs.Form}
	if a := alice.send(foreign); a.status != http.StatusForbidden {
		t.Errorf("Bob's token with Alice's state: %d\n%s", a.status, a.body)
	}
	if page = alice.get("/"); code(page.body, "user-token") != user {
		t.Fatal("a refused callback changed Alice's session")
	}

	// A callback without a valid state.
	token, err := e.fake.Connect(onealltest.ConnectRequest{Provider: "google", CallbackURI: e.demo.URL + callbackPath})
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"oa_action": {"social_login"}, "connection_token": {token}}
	before = e.redeemed()
	for _, target := range []string{callbackPath, callbackPath + "?login_state=1999999999.AAAA", callbackPath + "?login_state=x"} {
		if a := alice.post(target, form); a.status != http.StatusForbidden {
			t.Errorf("a callback at %s: %d\n%s", target, a.status, a.body)
		}
	}

	// Bad input, with a valid state: clear errors, nothing sent.
	other := "0a0a0a0a-0b0b-4c0c-8d0d-0e0e0e0e0e0e"
	for name, f := range map[string]url.Values{
		"no token":        {"oa_action": {"social_login"}},
		"two tokens":      {"oa_action": {"social_login"}, "connection_token": {token}, "oa_social_login_token": {other}},
		"malformed token": {"oa_action": {"social_login"}, "connection_token": {"1 OR 1=1"}},
		"unknown action":  {"oa_action": {"drop_tables"}, "connection_token": {token}},
		"encrypted":       {"oa_action": {"social_login"}, "connection_token": {token}, "identity_vault_key": {"k"}},
	} {
		if a := alice.post(aliceCallback, f); a.status != http.StatusBadRequest || !strings.Contains(a.body, "not a login that OneAll sent") {
			t.Errorf("%s: %d\n%s", name, a.status, a.body)
		}
	}
	// A huge form, through the handler (over a connection net/http would
	// linger half a second closing it, past the leak check).
	huge := url.Values{"oa_action": {"social_login"}, "connection_token": {token}, "junk": {strings.Repeat("x", 1<<20)}}
	for _, site := range []string{"same-origin", "cross-site"} {
		req := httptest.NewRequest(http.MethodPost, aliceCallback, strings.NewReader(huge.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", site)
		rec := httptest.NewRecorder()
		e.demo.server.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "64 KiB") {
			t.Errorf("a huge form (%s): %d\n%s", site, rec.Code, rec.Body)
		}
	}
	if e.redeemed() != before {
		t.Errorf("%d refused callbacks reached OneAll", e.redeemed()-before)
	}

	// Linking an account that belongs to another user.
	var taken string
	for _, a := range e.fake.Accounts("twitter") {
		if a.UserToken != user {
			taken = a.IdentityToken
		}
	}
	if a := alice.send(alice.connect("/link", "twitter", taken)); a.status != http.StatusConflict || !strings.Contains(a.body, "belongs to another user") {
		t.Errorf("a link of another user's account: %d\n%s", a.status, a.body)
	}
	// Cancelling at the network.
	if a := alice.send(alice.connect("/link", "github", onealltest.Cancel)); a.status != http.StatusBadRequest || !strings.Contains(a.body, "did not log in") {
		t.Errorf("a cancelled link: %d\n%s", a.status, a.body)
	}
	// Link and unlink need a session.
	if a := bob.post("/link", url.Values{"provider": {"github"}}); a.status != http.StatusForbidden {
		t.Errorf("a link without a session: %d", a.status)
	}
	if a := alice.post("/login", url.Values{"provider": {"no such network"}}); a.status != http.StatusBadRequest {
		t.Errorf("an unknown provider: %d", a.status)
	}
	e.checkSecrets(t)
}

// checkSecrets looks for the private key and every access token of the
// fake site in the demo's log and in every page the browsers got.
func (e *e2e) checkSecrets(t *testing.T) {
	t.Helper()
	logs, seen := e.logs.String(), e.pages.all()
	if !strings.Contains(logs, "msg=login") || !strings.Contains(logs, "callback refused") && t.Name() == "TestE2ERefusals" {
		t.Errorf("the log lacks the logins or the refusals:\n%s", logs)
	}
	secrets := map[string]string{"the private key": plantedKey}
	for ref, err := range e.c.Identities.All(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		id, err := e.c.Identities.Get(t.Context(), ref.IdentityToken) // the list has no source
		if err != nil {
			t.Fatal(err)
		}
		if k := id.Source.AccessToken.Key; k != "" {
			secrets["the access token of "+id.IdentityToken] = k
		}
		if s := id.Source.AccessToken.Secret; s != "" {
			secrets["the token secret of "+id.IdentityToken] = s
		}
	}
	if len(secrets) < 5 {
		t.Fatalf("only %d secrets to look for", len(secrets))
	}
	// Connection tokens may be logged at DEBUG only: a token in a log line
	// that OneAll never redeemed could be redeemed from the log.
	for _, r := range e.fake.Requests() {
		if token, ok := strings.CutPrefix(r.Path, "/connections/"); ok && r.Method == http.MethodGet {
			token = strings.TrimSuffix(token, ".json")
			for _, line := range strings.Split(logs, "\n") {
				if strings.Contains(line, token) && !strings.Contains(line, "level=DEBUG") {
					t.Errorf("a log line above DEBUG holds a connection token: %s", line)
				}
			}
		}
	}
	for name, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("the log holds %s", name)
		}
		if strings.Contains(seen, s) {
			t.Errorf("a page holds %s", name)
		}
	}
}
