package login

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/onealltest"
)

var stateKey = []byte("0123456789abcdef0123456789abcdef")

// begin is a browser asking to log in: the callback URI with its state and
// the cookie the browser now holds.
func begin(t *testing.T, cb *Callback, callbackURI string, cookies ...*http.Cookie) (string, *http.Cookie) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/login", nil)
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	u, err := cb.CallbackURL(w, r, callbackURI)
	if err != nil {
		t.Fatal(err)
	}
	set := w.Result().Cookies()
	if len(set) != 1 {
		t.Fatalf("%d cookies set", len(set))
	}
	return u, set[0]
}

// callback is OneAll's POST to callbackURI, from a browser with cookies.
func callback(callbackURI, token string, cookies ...*http.Cookie) *http.Request {
	r := post(callbackURI, oneAllForm("social_login", token))
	for _, c := range cookies {
		r.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	return r
}

func TestStateAcceptsItsBrowser(t *testing.T) {
	srv, cb := site(t, WithState(stateKey, 0))
	uri, cookie := begin(t, cb, "https://shop.example/oneall/callback?redirect_to=%2Fcart")
	u, _ := url.Parse(uri)
	if u.Query().Get("redirect_to") != "/cart" || u.Query().Get(StateParam) == "" || u.Host != "shop.example" {
		t.Errorf("callback URI = %s", uri)
	}
	if cookie.Name != StateCookieSecure || !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteNoneMode || cookie.MaxAge != 600 {
		t.Errorf("cookie = %+v; want HttpOnly, Secure, SameSite=None (OneAll posts cross-site), 10 minutes", cookie)
	}
	// A second login started in another tab keeps the browser's cookie, so
	// that both states hold until one of them logs the person in.
	uri2, cookie2 := begin(t, cb, "https://shop.example/oneall/callback", cookie)
	if cookie2.Value != cookie.Value {
		t.Error("a second login replaced the browser's nonce: the first tab's login would fail")
	}
	token, _ := srv.Connect(onealltest.ConnectRequest{Provider: "google", CallbackURI: uri})
	w := httptest.NewRecorder()
	if _, err := cb.Handle(t.Context(), w, callback(uri, token, cookie)); err != nil {
		t.Fatal(err)
	}
	if set := w.Result().Cookies(); len(set) != 1 || set[0].Name != cookie.Name || set[0].MaxAge >= 0 {
		t.Errorf("the login did not delete the state cookie: %v", set)
	}
	// The person is logged in: the other tab's login, now without the
	// cookie, is refused; it starts again if it must.
	token2, _ := srv.Connect(onealltest.ConnectRequest{Provider: "google", CallbackURI: uri2})
	if _, err := cb.Handle(t.Context(), httptest.NewRecorder(), callback(uri2, token2)); !errors.Is(err, ErrInvalidState) {
		t.Errorf("the other tab without the cookie: %v", err)
	}
	// On plain http (a loopback demo) the cookie cannot be Secure.
	_, plain := begin(t, cb, "http://127.0.0.1:8080/callback")
	if plain.Secure || plain.SameSite != http.SameSiteLaxMode {
		t.Errorf("plain http cookie = %+v", plain)
	}
}

// A login CSRF: the attacker's own token and state, posted from the
// victim's browser, is refused before anything reaches OneAll.
func TestStateRefusesOtherBrowsers(t *testing.T) {
	srv, cb := site(t, WithState(stateKey, time.Minute))
	attackerURI, attackerCookie := begin(t, cb, "https://shop.example/cb")
	_, victimCookie := begin(t, cb, "https://shop.example/cb")
	token, _ := srv.Connect(onealltest.ConnectRequest{Provider: "google"})
	srv.ResetRequests()

	_, otherKey := site(t, WithState([]byte(strings.Repeat("k", 32)), 0))
	forgedURI, forgedCookie := begin(t, otherKey, "https://shop.example/cb")
	tampered := strings.Replace(attackerURI, "login_state=", "login_state=9", 1)

	for _, tc := range []struct {
		name string
		r    *http.Request
	}{
		{"the attacker's state in the victim's browser", callback(attackerURI, token, victimCookie)},
		{"no cookie", callback(attackerURI, token)},
		{"no state", callback("https://shop.example/cb", token, victimCookie)},
		{"two states", callback(attackerURI+"&login_state=x.y", token, attackerCookie)},
		{"a state signed with another key", callback(forgedURI, token, forgedCookie)},
		{"a tampered expiry", callback(tampered, token, attackerCookie)},
		{"a malformed state", callback("https://shop.example/cb?login_state=nodot", token, attackerCookie)},
		{"a cookie that is no nonce", callback(attackerURI, token, &http.Cookie{Name: StateCookie, Value: "x"})},
	} {
		if _, err := cb.Handle(t.Context(), httptest.NewRecorder(), tc.r); !errors.Is(err, ErrInvalidState) {
			t.Errorf("%s: %v; want ErrInvalidState", tc.name, err)
		}
		if statusOf(ErrInvalidState) != http.StatusForbidden {
			t.Error("a refused state is not a 403")
		}
	}
	// Expired: the clock moves past the max age.
	cb.state.now = func() time.Time { return time.Now().Add(2 * time.Minute) }
	if _, err := cb.Handle(t.Context(), httptest.NewRecorder(), callback(attackerURI, token, attackerCookie)); !errors.Is(err, ErrInvalidState) || !strings.Contains(err.Error(), "expired") {
		t.Errorf("expired state: %v", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached OneAll", n)
	}
}

func TestCallbackURLChecksItsInput(t *testing.T) {
	_, cb := site(t, WithState(stateKey, 0))
	_, plain := site(t)
	for _, bad := range []string{"", "/relative", "ftp://x/cb", "https://user:pw@x/cb", "https://x/cb#frag", "https://%zz"} {
		for _, c := range []*Callback{cb, plain} {
			if _, err := c.CallbackURL(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil), bad); err == nil {
				t.Errorf("CallbackURL(%q) accepted", bad)
			}
		}
	}
	if u, err := cb.CallbackURL(httptest.NewRecorder(), nil, "https://x/cb"); err != nil || !strings.Contains(u, StateParam) {
		t.Errorf("without a request: %q, %v", u, err)
	}
	if _, err := cb.Handle(t.Context(), httptest.NewRecorder(), nil); !errors.Is(err, ErrInvalidCallback) {
		t.Errorf("Handle(nil) = %v", err)
	}
	w := httptest.NewRecorder()
	if u, err := plain.CallbackURL(w, httptest.NewRequest("GET", "/", nil), "https://x/cb?a=1"); err != nil || u != "https://x/cb?a=1" || len(w.Result().Cookies()) != 0 {
		t.Errorf("without state: %q, %v, cookies %v", u, err, w.Result().Cookies())
	}
}

// A token made for one browser's login, posted with another browser's own
// valid state and cookie, is refused: OneAll echoes the callback_uri the
// login started with, and its state is not this one.
func TestStateBindsTheToken(t *testing.T) {
	srv, cb := site(t, WithState(stateKey, 0))
	aliceURI, _ := begin(t, cb, "https://shop.example/cb")
	bobURI, bobCookie := begin(t, cb, "https://shop.example/cb")
	if aliceURI == bobURI {
		t.Fatal("two browsers got the same state")
	}
	alices, _ := srv.Connect(onealltest.ConnectRequest{Provider: "google", CallbackURI: aliceURI})
	_, err := cb.Handle(t.Context(), httptest.NewRecorder(), callback(bobURI, alices, bobCookie))
	if !errors.Is(err, ErrInvalidState) || !strings.Contains(err.Error(), "another login") {
		t.Errorf("Alice's token in Bob's callback: %v; want ErrInvalidState", err)
	}
	bobs, _ := srv.Connect(onealltest.ConnectRequest{Provider: "google", CallbackURI: bobURI})
	if _, err := cb.Handle(t.Context(), httptest.NewRecorder(), callback(bobURI, bobs, bobCookie)); err != nil {
		t.Errorf("Bob's own token: %v", err)
	}
	// An answer without callback_uri (before 2016) cannot be checked. (Bob's
	// first state is spent: he starts again.)
	bobURI, bobCookie = begin(t, cb, "https://shop.example/cb", bobCookie)
	old, _ := srv.Connect(onealltest.ConnectRequest{Provider: "google"})
	if _, err := cb.Handle(t.Context(), httptest.NewRecorder(), callback(bobURI, old, bobCookie)); err != nil {
		t.Errorf("a token without callback_uri: %v", err)
	}
}
