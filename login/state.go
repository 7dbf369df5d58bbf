package login

import (
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
// that binds it to a browser.
const (
	StateParam  = "login_state"
	StateCookie = "oneall_login_state"
)

// stateSigner makes and checks states: "<expiry>.<mac>", where expiry is a
// Unix time and mac the HMAC-SHA256 of the expiry and of a random nonce that
// only the browser's cookie holds. A state is worthless without that cookie,
// and the cookie without the key.
type stateSigner struct {
	key    []byte
	maxAge time.Duration
	now    func() time.Time
}

const nonceBytes = 32

var b64 = base64.RawURLEncoding

func (s *stateSigner) mac(expiry, nonce string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("oneall-go login state v1\x00" + expiry + "\x00" + nonce))
	return b64.EncodeToString(m.Sum(nil))
}

// CallbackURL returns callbackURI with a fresh signed state in its query,
// and sets the cookie that binds the state to this browser on w. Call it
// when the person asks to log in, link or unlink, and pass the result to
// LoginURL, LinkURL or UnlinkURL. A browser that has a valid cookie keeps
// it, so two logins started in two tabs both work. Without WithState it
// returns callbackURI unchanged. r may be nil (a browser without cookies).
// callbackURI must be an absolute http or
// https URL; the cookie is Secure and SameSite=None for https (OneAll's
// POST comes from another site), SameSite=Lax for plain http.
func (cb *Callback) CallbackURL(w http.ResponseWriter, r *http.Request, callbackURI string) (string, error) {
	u, err := checkCallbackURI(callbackURI)
	if err != nil || cb.state == nil {
		return callbackURI, err
	}
	s := cb.state
	nonce := ""
	if r == nil {
		r = &http.Request{}
	}
	if c, err := r.Cookie(StateCookie); err == nil && validNonce(c.Value) {
		nonce = c.Value
	} else {
		b := make([]byte, nonceBytes)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("login: no randomness for the state: %w", err)
		}
		nonce = b64.EncodeToString(b)
	}
	expiry := strconv.FormatInt(s.now().Add(s.maxAge).Unix(), 10)
	secure := u.Scheme == "https"
	cookie := &http.Cookie{
		Name: StateCookie, Value: nonce, Path: "/", MaxAge: int(s.maxAge / time.Second),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	}
	if secure {
		cookie.SameSite = http.SameSiteNoneMode
	}
	http.SetCookie(w, cookie)
	q := u.Query()
	q.Set(StateParam, expiry+"."+s.mac(expiry, nonce))
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// check verifies the state of a callback: in the query, signed with the
// key, not expired, made for the nonce of this browser's cookie.
func (s *stateSigner) check(r *http.Request) error {
	states := r.URL.Query()[StateParam]
	if len(states) != 1 {
		return fmt.Errorf("%w: the callback URI has %d states, want 1 (was it made by CallbackURL?)", ErrInvalidState, len(states))
	}
	expiry, mac, ok := strings.Cut(states[0], ".")
	if !ok {
		return fmt.Errorf("%w: malformed", ErrInvalidState)
	}
	c, err := r.Cookie(StateCookie)
	if err != nil || !validNonce(c.Value) {
		return fmt.Errorf("%w: no state cookie in this browser (cookies off, another browser, or it expired)", ErrInvalidState)
	}
	if !hmac.Equal([]byte(mac), []byte(s.mac(expiry, c.Value))) {
		return fmt.Errorf("%w: the state was not made for this browser", ErrInvalidState)
	}
	until, err := strconv.ParseInt(expiry, 10, 64)
	if err != nil || s.now().Unix() > until {
		return fmt.Errorf("%w: expired; start the login again", ErrInvalidState)
	}
	return nil
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
