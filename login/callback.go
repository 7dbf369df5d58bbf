package login

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/internal/uuid"
	"github.com/oneall-go/oneall-go/wrapper"
)

// Errors of a callback, matched with errors.Is.
var (
	// ErrNoToken is a callback without a connection_token: the URL was
	// opened directly, or something stripped the form.
	ErrNoToken = errors.New("login: the callback has no connection_token")
	// ErrInvalidCallback is a callback that is not what OneAll posts: a token
	// that is not a UUID, two different tokens, an unknown oa_action, a form
	// that is too large or does not parse. Nothing was sent to OneAll.
	ErrInvalidCallback = errors.New("login: invalid callback")
	// ErrEncrypted is a callback of a site with data encryption on (OneAll
	// posted an identity_vault_key): its user data is encrypted with a
	// scheme OneAll does not document, so it is not redeemed. Turn the
	// encryption off in the site's settings.
	ErrEncrypted = errors.New("login: the site encrypts its user data (identity_vault_key); this package cannot decrypt it")
	// ErrInvalidState is a callback whose state is missing, expired, forged
	// or made for another browser: a possible login CSRF. Nothing was sent.
	ErrInvalidState = errors.New("login: the callback's state is missing, invalid or expired")
	// ErrUnknownToken is a connection_token that OneAll does not know, or
	// that was used already. It also matches wrapper.ErrNotFound.
	ErrUnknownToken = errors.New("login: the connection_token is unknown or was used already")
	// ErrIdentityLinkedToAnotherUser is a link refused because the social
	// network account belongs to another user: the person should log out
	// and log in with that account. It is wrapper's sentinel.
	ErrIdentityLinkedToAnotherUser = wrapper.ErrIdentityLinkedToAnotherUser
)

// maxForm bounds the callback's body. OneAll posts four short fields.
const maxForm = 64 << 10

// The services OneAll names in oa_action.
var knownActions = map[string]bool{
	wrapper.ServiceSocialLogin: true, wrapper.ServiceSocialLink: true, wrapper.ServiceSingleSignOn: true,
}

// Callback redeems the connection tokens that OneAll posts to a site's
// callback URI. It is safe for concurrent use.
type Callback struct {
	client *wrapper.Client
	state  *stateSigner // nil: no state
}

// Option configures a Callback.
type Option func(*Callback) error

// New returns the callback of a client's site. Without WithState it does not
// protect against login CSRF (see the package documentation).
func New(c *wrapper.Client, opts ...Option) (*Callback, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: login.New: the client is nil", wrapper.ErrInvalidInput)
	}
	cb := &Callback{client: c}
	for _, o := range opts {
		if err := o(cb); err != nil {
			return nil, err
		}
	}
	return cb, nil
}

// WithState checks a signed, short-lived state on every callback (see
// CallbackURL). key signs it (HMAC-SHA256): at least 32 random bytes, the
// same on every instance of the application, kept secret. maxAge is how long
// a person may take to log in, 10 minutes if 0.
func WithState(key []byte, maxAge time.Duration) Option {
	return func(cb *Callback) error {
		if len(key) < 32 {
			return fmt.Errorf("%w: login.WithState: the key has %d bytes, want at least 32", wrapper.ErrInvalidInput, len(key))
		}
		if maxAge < 0 {
			return fmt.Errorf("%w: login.WithState: negative max age", wrapper.ErrInvalidInput)
		}
		if maxAge == 0 {
			maxAge = 10 * time.Minute
		}
		cb.state = &stateSigner{key: append([]byte(nil), key...), maxAge: maxAge, now: time.Now}
		return nil
	}
}

// Result is what a callback learned: what happened, and who.
type Result struct {
	// Outcome is what happened: wrapper.OutcomeLogin, OutcomeLink,
	// OutcomeUnlink or OutcomeSingleSignOn.
	Outcome wrapper.Outcome
	// UserToken is OneAll's user: map it to the application's account.
	UserToken string
	// IdentityToken is the identity (social network account) used.
	IdentityToken string
	// Profile is the identity normalized: provider, email, names, avatar.
	Profile Profile
	// Identity is the identity as OneAll sent it (nil if the answer had
	// none). Its Source.AccessToken is the person's token at the network.
	Identity *api.Identity
	// Identities lists every identity of the user (token and provider), in
	// answers since 2016.
	Identities []api.Identity
	// Connection is the redeemed connection as the wrapper returns it.
	Connection *wrapper.Connection
}

// String names the result without the profile: no access token, no email.
func (r *Result) String() string {
	return fmt.Sprintf("login.Result{Outcome: %s, UserToken: %s, IdentityToken: %s, Provider: %s}",
		r.Outcome, r.UserToken, r.IdentityToken, r.Profile.Provider)
}

// GoString is String: %#v must not print the access token either.
func (r *Result) GoString() string { return r.String() }

// LogValue keeps the identity out of structured logs, for a Result and a
// *Result alike.
func (r Result) LogValue() slog.Value {
	return slog.GroupValue(slog.String("outcome", string(r.Outcome)), slog.String("user_token", r.UserToken),
		slog.String("identity_token", r.IdentityToken), slog.String("provider", r.Profile.Provider))
}

// Handle is the callback for any framework: it reads what OneAll posted to r
// (the form body or the query: oa_action, connection_token,
// oa_social_login_token, identity_vault_key), checks the state if the
// Callback has one, redeems the token and returns the Result. With a state,
// a connection whose callback_uri (which OneAll echoes) carries another
// state is refused too, with ErrInvalidState: the token was made for another
// browser's login, and was posted here with this browser's state. The checks of
// the request happen before any request to OneAll. The body is read up to
// 64 KiB.
func (cb *Callback) Handle(ctx context.Context, r *http.Request) (*Result, error) {
	if r == nil {
		return nil, fmt.Errorf("%w: no request", ErrInvalidCallback)
	}
	p, err := parse(r)
	if err != nil {
		return nil, err
	}
	if cb.state != nil {
		if err := cb.state.check(r); err != nil {
			return nil, err
		}
	}
	conn, err := cb.client.Connections.Get(ctx, p.token)
	if errors.Is(err, wrapper.ErrNotFound) {
		return nil, fmt.Errorf("%w: %w", ErrUnknownToken, err)
	}
	if err != nil {
		return nil, err
	}
	if cb.state != nil {
		if err := sameState(conn.CallbackURI, r); err != nil {
			return nil, err
		}
	}
	res := &Result{Outcome: conn.Outcome, UserToken: conn.UserToken, Identity: conn.Identity, Identities: conn.Identities, Connection: conn}
	if conn.Identity != nil {
		res.IdentityToken = conn.Identity.IdentityToken
		res.Profile = normalize(conn.Identity)
	}
	return res, nil
}

// posted is what OneAll posted, checked.
type posted struct {
	action, token string
}

// parse reads and checks the callback's fields.
func parse(r *http.Request) (posted, error) {
	var p posted
	if r.Body != nil {
		r.Body = http.MaxBytesReader(nil, r.Body, maxForm)
	}
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return p, fmt.Errorf("%w: the form is larger than %d KiB", ErrInvalidCallback, maxForm>>10)
		}
		return p, fmt.Errorf("%w: the form does not parse", ErrInvalidCallback)
	}
	// r.Form holds the body's values and the query's; OneAll posts the same
	// token under both names.
	tokens := map[string]bool{}
	for _, name := range []string{"connection_token", "oa_social_login_token"} {
		for _, v := range r.Form[name] {
			if v != "" {
				tokens[v] = true
			}
		}
	}
	switch len(tokens) {
	case 0:
		return p, ErrNoToken
	case 1:
	default:
		return p, fmt.Errorf("%w: %d different connection tokens", ErrInvalidCallback, len(tokens))
	}
	for t := range tokens {
		p.token = t
	}
	if !uuid.Valid(p.token) {
		return p, fmt.Errorf("%w: the connection_token is not a UUID", ErrInvalidCallback)
	}
	actions := r.Form["oa_action"]
	if len(actions) > 1 {
		return p, fmt.Errorf("%w: %d oa_action fields", ErrInvalidCallback, len(actions))
	}
	if len(actions) == 1 {
		p.action = actions[0]
		if !knownActions[p.action] {
			return p, fmt.Errorf("%w: unknown oa_action %.32q", ErrInvalidCallback, p.action)
		}
	}
	if r.Form.Get("identity_vault_key") != "" {
		return p, ErrEncrypted
	}
	return p, nil
}

// Handler returns the callback as an http.Handler: Handle, then onLogin with
// the Result, which logs the person in with the application's own sessions
// and writes the answer (a redirect, usually). A failure goes to onError; a
// nil onError answers with a short plain-text page: 403 for ErrInvalidState,
// 400 for the other errors of the request or the token, 502 when OneAll
// could not be reached or failed.
func (cb *Callback) Handler(onLogin func(http.ResponseWriter, *http.Request, *Result), onError func(http.ResponseWriter, *http.Request, error)) http.Handler {
	if onError == nil {
		onError = defaultError
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost && r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET, POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		res, err := cb.Handle(r.Context(), r)
		if err != nil {
			onError(w, r, err)
			return
		}
		onLogin(w, r, res)
	})
}

// defaultError answers a failed callback.
func defaultError(w http.ResponseWriter, _ *http.Request, err error) {
	http.Error(w, "The login failed: "+err.Error(), statusOf(err))
}

// statusOf is the HTTP status that fits a callback error.
func statusOf(err error) int {
	switch {
	case errors.Is(err, ErrInvalidState):
		return http.StatusForbidden
	case errors.Is(err, ErrNoToken), errors.Is(err, ErrInvalidCallback), errors.Is(err, ErrEncrypted),
		errors.Is(err, ErrUnknownToken), errors.Is(err, ErrIdentityLinkedToAnotherUser), errors.Is(err, wrapper.ErrNotAuthenticated):
		return http.StatusBadRequest
	default:
		return http.StatusBadGateway
	}
}
