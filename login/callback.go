package login

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
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
	// ErrStateUsed is a state that served a login already, or had all the
	// callbacks one state may cause. It matches ErrInvalidState too.
	ErrStateUsed = fmt.Errorf("%w: it was used already", ErrInvalidState)
	// ErrUnknownToken is a connection_token that OneAll does not know, or
	// that was used already. It also matches wrapper.ErrNotFound.
	ErrUnknownToken = errors.New("login: the connection_token is unknown or was used already")
	// ErrIdentityLinkedToAnotherUser is a link refused because the social
	// network account belongs to another user: the person should log out
	// and log in with that account. It is wrapper's sentinel.
	ErrIdentityLinkedToAnotherUser = wrapper.ErrIdentityLinkedToAnotherUser
	// ErrActionMismatch is a connection whose service or outcome is not
	// the one of the oa_action posted: a link token posted as social_login,
	// say. Someone posted another service's token here.
	ErrActionMismatch = errors.New("login: the posted oa_action does not match what OneAll says happened")
	// ErrUnexpectedOutcome is an outcome the application did not take (see
	// Handle and Outcomes): a link, an unlink or an SSO login where only
	// logins are taken. When the posted oa_action alone says so, nothing is
	// sent to OneAll.
	ErrUnexpectedOutcome = errors.New("login: an outcome this callback does not take")
	// ErrStateStore is a Store that failed: the callback is refused, since
	// a state that cannot be counted cannot be bounded.
	ErrStateStore = errors.New("login: the state store failed")
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
	client    *wrapper.Client
	state     *stateSigner // nil: no state (WithoutState)
	stateless bool         // WithoutState was given
	store     Store
	log       *slog.Logger // nil: slog.Default() at the time of logging
}

// Option configures a Callback.
type Option func(*Callback) error

// New returns the callback of a client's site. It needs WithState, or
// WithoutState to say that the site goes without protection against login
// CSRF (see the package documentation); without either it fails with
// wrapper.ErrInvalidInput.
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
	switch {
	case cb.state == nil && !cb.stateless:
		return nil, fmt.Errorf("%w: login.New: no WithState: without it anyone can log a visitor into their own account (login CSRF); "+
			"pass login.WithState(key, 0), or login.WithoutState() if the site knows why it needs none", wrapper.ErrInvalidInput)
	case cb.state != nil && cb.stateless:
		return nil, fmt.Errorf("%w: login.New: both WithState and WithoutState", wrapper.ErrInvalidInput)
	}
	if cb.store == nil {
		cb.store = NewMemoryStore()
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

// WithoutState is DANGEROUS: the callback checks no state, so any web page
// can make a visitor's browser post the page author's own connection_token
// and log the visitor into the author's account (login CSRF), and every
// callback, whatever its origin, costs a request to OneAll with the site's
// keys. Use it only where something else binds the callback to the
// browser that started the login; New refuses to build a callback without
// WithState otherwise.
func WithoutState() Option {
	return func(cb *Callback) error {
		cb.stateless = true
		return nil
	}
}

// WithStore keeps the states' counters (how many callbacks a state had,
// whether it served its login) in s instead of this process's memory. An
// application with several instances gives them all one shared Store (see
// Store), so that a state serves one login across all of them.
func WithStore(s Store) Option {
	return func(cb *Callback) error {
		if s == nil {
			return fmt.Errorf("%w: login.WithStore: nil store", wrapper.ErrInvalidInput)
		}
		cb.store = s
		return nil
	}
}

// WithLogger is where the default error answer of Handler logs a refused
// callback (slog.Default() otherwise). Connection tokens appear at DEBUG
// only.
func WithLogger(l *slog.Logger) Option {
	return func(cb *Callback) error {
		if l == nil {
			return fmt.Errorf("%w: login.WithLogger: nil logger", wrapper.ErrInvalidInput)
		}
		cb.log = l
		return nil
	}
}

func (cb *Callback) logger() *slog.Logger {
	if cb.log != nil {
		return cb.log
	}
	return slog.Default()
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
	// Identity is the identity as OneAll sent it (never nil: an answer
	// without one is refused). Its Source.AccessToken is the person's token
	// at the network.
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
// oa_social_login_token, identity_vault_key), checks the state, redeems the
// token and returns the Result. accept lists the outcomes the caller takes;
// none means wrapper.OutcomeLogin alone. Another outcome is
// ErrUnexpectedOutcome: before anything is sent when the posted oa_action
// says so.
//
// It fails closed: a state that is missing, forged, expired, spent, or
// past MaxCallbacksPerState is refused before anything is sent, and so is a
// connection whose echoed callback_uri carries another state (a token made
// for another browser's login). An answer that does not say, consistently,
// that the person connected (see ErrInvalidAnswer) is refused, and so is
// one whose service is not the posted oa_action (ErrActionMismatch). On
// success the state is spent: its cookie is deleted on w and the state is
// refused from then on. The body is read up to 64 KiB. The error's text
// never holds the connection token. w and r must not be nil.
func (cb *Callback) Handle(ctx context.Context, w http.ResponseWriter, r *http.Request, accept ...wrapper.Outcome) (*Result, error) {
	if r == nil || w == nil {
		return nil, fmt.Errorf("%w: no request or no ResponseWriter", ErrInvalidCallback)
	}
	if len(accept) == 0 {
		accept = []wrapper.Outcome{wrapper.OutcomeLogin}
	}
	p, err := parse(r)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(accept, func(o wrapper.Outcome) bool { return serviceOf(o) == p.action }) {
		return nil, fmt.Errorf("%w: oa_action %s", ErrUnexpectedOutcome, p.action)
	}
	var st checked
	if cb.state != nil {
		if st, err = cb.state.check(r); err != nil {
			if nc, ok := err.(*noCookieError); ok {
				return nil, cb.whyNoCookie(ctx, nc)
			}
			return nil, err
		}
		if err := cb.redeem(ctx, st); err != nil {
			return nil, err
		}
	}
	res, err := cb.redeemToken(ctx, r, p, accept)
	if err != nil {
		return nil, err // wrapper's errors never print the connection token
	}
	if cb.state != nil {
		if err := cb.spend(ctx, w, st); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// redeemToken reads the connection at OneAll and checks the answer.
func (cb *Callback) redeemToken(ctx context.Context, r *http.Request, p posted, accept []wrapper.Outcome) (*Result, error) {
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
	if err := checkAnswer(conn, p); err != nil {
		return nil, err
	}
	if !slices.Contains(accept, conn.Outcome) {
		return nil, fmt.Errorf("%w: %s", ErrUnexpectedOutcome, conn.Outcome)
	}
	return &Result{Outcome: conn.Outcome, UserToken: conn.UserToken, Identity: conn.Identity, Identities: conn.Identities,
		Connection: conn, IdentityToken: conn.Identity.IdentityToken, Profile: normalize(conn.Identity)}, nil
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
	// OneAll always posts oa_action (every plugin of its own checks it); it
	// says which service the token is for, and the answer must agree.
	actions := r.Form["oa_action"]
	if len(actions) != 1 {
		return p, fmt.Errorf("%w: %d oa_action fields, want 1", ErrInvalidCallback, len(actions))
	}
	p.action = actions[0]
	if !knownActions[p.action] {
		return p, fmt.Errorf("%w: unknown oa_action %.32q", ErrInvalidCallback, p.action)
	}
	if r.Form.Get("identity_vault_key") != "" {
		return p, ErrEncrypted
	}
	return p, nil
}
