package login

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/wrapper"
)

// The state's names: the query parameter of the callback URI and the cookie
// that binds it to a browser. On an https callback the cookie is
// StateCookieSecure, whose __Host- prefix tells the browser to take it from
// this host only (Secure, Path=/, no Domain): a sibling subdomain cannot
// plant it. On plain http (a loopback demo) it is StateCookie.
const (
	StateParam        = "login_state"
	StateCookie       = "oneall_login_state"
	StateCookieSecure = "__Host-" + StateCookie
)

// MaxCallbacksPerState bounds the callbacks that one state lets reach
// OneAll (a retry after OneAll was unreachable, a person who cancelled and
// came back): past it, and once the state served a login, a callback with
// that state is refused before anything is sent.
const MaxCallbacksPerState = 3

// spentMark is what a state's counter gains when it serves a login: it then
// exceeds MaxCallbacksPerState for good, and a second spend sees twice it.
const spentMark = 1 << 32

// stateSigner makes and checks states: "<expiry>.<id>.<mode>.<mac>", where
// expiry is a Unix time, id a random name for the state's counter in the
// Store, mode "s" (the cookie is StateCookieSecure) or "p" (StateCookie),
// and mac the HMAC-SHA256 of those and of a random nonce that only the
// browser's cookie holds. The cookie is "<nonce>.<mac of the nonce>": only
// this key can have made it. A state is worthless without its cookie, and
// the cookie without the key.
type stateSigner struct {
	key    []byte
	maxAge time.Duration
	now    func() time.Time
}

const nonceBytes, idBytes = 32, 16

var b64 = base64.RawURLEncoding

func (s *stateSigner) mac(parts ...string) string {
	m := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return b64.EncodeToString(m.Sum(nil))
}

func (s *stateSigner) stateMAC(expiry, id, mode, nonce string) string {
	return s.mac("oneall-go login state v2", expiry, id, mode, nonce)
}

// cookieValue is the cookie that holds nonce.
func (s *stateSigner) cookieValue(nonce string) string {
	return nonce + "." + s.mac("oneall-go login cookie v2", nonce)
}

// nonceOf returns the nonce of a cookie this key made, or "".
func (s *stateSigner) nonceOf(value string) string {
	nonce, mac, ok := strings.Cut(value, ".")
	if !ok || !validNonce(nonce) || !hmac.Equal([]byte(mac), []byte(s.mac("oneall-go login cookie v2", nonce))) {
		return ""
	}
	return nonce
}

func cookieName(secure bool) string {
	if secure {
		return StateCookieSecure
	}
	return StateCookie
}

func random(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("login: no randomness for the state: %w", err)
	}
	return b64.EncodeToString(b), nil
}

// CallbackURL returns callbackURI with a fresh signed state in its query,
// and sets the cookie that binds the state to this browser on w. Call it
// when the person asks to log in, link or unlink, and pass the result to
// LoginURL, LinkURL or UnlinkURL. A browser that has a cookie this key made
// keeps it, so two logins started in two tabs both work; any other cookie
// of that name (planted, or of another key) is replaced. Without WithState
// it returns callbackURI unchanged. r may be nil (a browser without
// cookies). callbackURI must be an absolute http or https URL. For https
// the cookie is StateCookieSecure, Secure and SameSite=None (OneAll's POST
// comes from another site); for plain http it is StateCookie, SameSite=Lax.
func (cb *Callback) CallbackURL(w http.ResponseWriter, r *http.Request, callbackURI string) (string, error) {
	u, err := checkCallbackURI(callbackURI)
	if err != nil || cb.state == nil {
		return callbackURI, err
	}
	s := cb.state
	secure := u.Scheme == "https"
	nonce := ""
	if r != nil {
		if c, err := r.Cookie(cookieName(secure)); err == nil {
			nonce = s.nonceOf(c.Value)
		}
	}
	if nonce == "" {
		if nonce, err = random(nonceBytes); err != nil {
			return "", err
		}
	}
	id, err := random(idBytes)
	if err != nil {
		return "", err
	}
	http.SetCookie(w, stateCookie(secure, s.cookieValue(nonce), int(s.maxAge/time.Second)))
	mode := "p"
	if secure {
		mode = "s"
	}
	expiry := strconv.FormatInt(s.now().Add(s.maxAge).Unix(), 10)
	q := u.Query()
	q.Set(StateParam, expiry+"."+id+"."+mode+"."+s.stateMAC(expiry, id, mode, nonce))
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// stateCookie is the state's cookie: no Domain, Path=/, HttpOnly; Secure
// and SameSite=None for https. maxAge -1 deletes it.
func stateCookie(secure bool, value string, maxAge int) *http.Cookie {
	c := &http.Cookie{Name: cookieName(secure), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode}
	if secure {
		c.SameSite = http.SameSiteNoneMode
	}
	return c
}

// checked is a state that passed: the key of its counter, its expiry, and
// which cookie holds it.
type checked struct {
	key    string
	until  time.Time
	secure bool
}

// check verifies the state of a callback: in the query, signed with the
// key, not expired, made for the nonce of this browser's cookie, which the
// key made too.
func (s *stateSigner) check(r *http.Request) (checked, error) {
	states := r.URL.Query()[StateParam]
	if len(states) != 1 {
		return checked{}, fmt.Errorf("%w: the callback URI has %d states, want 1 (was it made by CallbackURL?)", ErrInvalidState, len(states))
	}
	parts := strings.Split(states[0], ".")
	if len(parts) != 4 || (parts[2] != "s" && parts[2] != "p") {
		return checked{}, fmt.Errorf("%w: malformed", ErrInvalidState)
	}
	expiry, id, mode, mac := parts[0], parts[1], parts[2], parts[3]
	secure := mode == "s"
	c, err := r.Cookie(cookieName(secure))
	if err != nil {
		until, _ := strconv.ParseInt(expiry, 10, 64)
		return checked{}, &noCookieError{key: counterKey(id), until: time.Unix(until, 0)}
	}
	nonce := s.nonceOf(c.Value)
	if nonce == "" {
		return checked{}, fmt.Errorf("%w: a state cookie that this site did not make", ErrInvalidState)
	}
	if !hmac.Equal([]byte(mac), []byte(s.stateMAC(expiry, id, mode, nonce))) {
		return checked{}, fmt.Errorf("%w: the state was not made for this browser", ErrInvalidState)
	}
	until, err := strconv.ParseInt(expiry, 10, 64)
	if err != nil || s.now().Unix() > until {
		return checked{}, fmt.Errorf("%w: expired; start the login again", ErrInvalidState)
	}
	return checked{key: counterKey(id), until: time.Unix(until, 0), secure: secure}, nil
}

// counterKey names the Store's counter of the state with that id.
func counterKey(id string) string { return "oneall-go:login:state:" + id }

// noCookieError is a callback whose browser has no state cookie: cookies
// off, another browser, an expired cookie, or a state that served its
// login (its cookie is deleted then). Without the cookie the state cannot
// be authenticated, so the only thing done with its id is to read whether
// it served a login, to say so (ErrStateUsed).
type noCookieError struct {
	key   string
	until time.Time
}

func (e *noCookieError) Error() string {
	return ErrInvalidState.Error() + ": no state cookie in this browser (cookies off, another browser, it expired, or it served a login)"
}

func (e *noCookieError) Unwrap() error { return ErrInvalidState }

// whyNoCookie tells a state that served its login from the other reasons a
// callback comes without a cookie. It only reads the store, and only for a
// state that has not expired.
func (cb *Callback) whyNoCookie(ctx context.Context, e *noCookieError) error {
	if cb.state.now().After(e.until) {
		return e
	}
	if n, err := cb.store.Add(ctx, e.key, 0, e.until); err == nil && n >= spentMark {
		return fmt.Errorf("%w: it served a login, and its cookie is gone; start again", ErrStateUsed)
	}
	return e
}

// sameState checks that a redeemed connection was made for the state of
// this callback: OneAll echoes the callback_uri the login started with,
// state included. Answers older than 2016 echo none, and pass.
func sameState(callbackURI string, r *http.Request) error {
	if callbackURI == "" {
		return nil
	}
	u, err := url.Parse(callbackURI)
	if err != nil {
		return fmt.Errorf("%w: the connection's callback_uri does not parse", ErrInvalidState)
	}
	got := u.Query()[StateParam]
	if len(got) != 1 || got[0] != r.URL.Query().Get(StateParam) {
		return fmt.Errorf("%w: the connection_token was made for another login (its callback_uri has another state): a token from another browser", ErrInvalidState)
	}
	return nil
}

// validNonce reports whether a cookie value is a nonce CallbackURL made.
func validNonce(v string) bool {
	b, err := b64.DecodeString(v)
	return err == nil && len(b) == nonceBytes
}

// checkCallbackURI parses an absolute http(s) URL without a fragment.
func checkCallbackURI(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Fragment != "" {
		return nil, fmt.Errorf("%w: callback URI %.100q: want an absolute http or https URL without user info or fragment", wrapper.ErrInvalidInput, raw)
	}
	return u, nil
}

// redeem counts one more callback of a state, and refuses it once the state
// served a login or had MaxCallbacksPerState callbacks.
func (cb *Callback) redeem(ctx context.Context, st checked) error {
	n, err := cb.store.Add(ctx, st.key, 1, st.until)
	switch {
	case err != nil:
		return fmt.Errorf("%w: %w", ErrStateStore, err)
	case n >= spentMark:
		return fmt.Errorf("%w: it served a login; start again", ErrStateUsed)
	case n > MaxCallbacksPerState:
		return fmt.Errorf("%w: it had %d callbacks; start again", ErrStateUsed, MaxCallbacksPerState)
	}
	return nil
}

// spend marks a state as having served its login, and deletes its cookie.
// Of two callbacks that succeed at once with one state, the second is
// refused.
func (cb *Callback) spend(ctx context.Context, w http.ResponseWriter, st checked) error {
	n, err := cb.store.Add(ctx, st.key, spentMark, st.until)
	switch {
	case err != nil:
		return fmt.Errorf("%w: %w", ErrStateStore, err)
	case n >= 2*spentMark:
		return fmt.Errorf("%w: it served a login; start again", ErrStateUsed)
	}
	http.SetCookie(w, stateCookie(st.secure, "", -1))
	return nil
}
