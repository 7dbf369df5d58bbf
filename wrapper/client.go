package wrapper

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// Version is the version of this SDK, sent in the User-Agent.
const Version = "0.1.0"

// maxBody bounds how much of an answer is read: a page of 500 full identities
// fits many times over; anything larger is not a OneAll answer.
const maxBody = 64 << 20

// Client calls the OneAll API of one site. It is safe for concurrent use.
type Client struct {
	// Identities reads, relinks, synchronizes and deletes social identities.
	Identities *IdentitiesService
	// Users reads, imports and deletes the users that own identities.
	Users *UsersService
	// Storage manages users in OneAll's User Cloud Storage.
	Storage *StorageService
	// Connections redeems the connection tokens of social logins and lists
	// connections.
	Connections *ConnectionsService
	// SSO manages Single Sign-On sessions.
	SSO *SSOService
	// Site reads the site and its plan.
	Site *SiteService
	// Tools checks the API settings.
	Tools *ToolsService
	// Providers lists the social networks OneAll supports.
	Providers *ProvidersService

	api      *api.Client
	base     *url.URL
	settings settings
	logger   *slog.Logger
	// sleep waits between retries; tests replace it to record the waits.
	sleep func(context.Context, time.Duration) error
}

var subdomainRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// New returns a client for the site https://<subdomain>.api.oneall.com,
// authenticated with the site's public and private keys (HTTP Basic). The
// subdomain may be empty only when WithBaseURL is given.
func New(subdomain, publicKey, privateKey string, opts ...Option) (*Client, error) {
	s := defaultSettings()
	for _, o := range opts {
		if err := o(&s); err != nil {
			return nil, err
		}
	}
	if subdomain != "" && !subdomainRE.MatchString(subdomain) {
		return nil, invalidInput("subdomain", "%q is not a valid DNS label", truncate(subdomain, 64))
	}
	if s.baseURL == nil {
		if subdomain == "" {
			return nil, invalidInput("subdomain", "is empty")
		}
		s.baseURL = &url.URL{Scheme: "https", Host: strings.ToLower(subdomain) + ".api.oneall.com"}
	}
	if err := checkKey("public key", publicKey); err != nil {
		return nil, err
	}
	if err := checkKey("private key", privateKey); err != nil {
		return nil, err
	}
	logger := s.logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{base: s.baseURL, settings: s, logger: logger, sleep: sleepCtx}
	doer := &authDoer{hc: secureHTTPClient(s.httpClient), creds: credentials{public: publicKey, private: privateKey}, userAgent: s.userAgent()}
	ac, err := api.NewClient(s.baseURL.String(), api.WithHTTPClient(doer))
	if err != nil {
		return nil, fmt.Errorf("oneall: %w", err)
	}
	c.api = ac
	c.Identities = &IdentitiesService{c: c}
	c.Users = &UsersService{c: c}
	c.Storage = &StorageService{c: c}
	c.Connections = &ConnectionsService{c: c}
	c.SSO = &SSOService{c: c}
	c.Site = &SiteService{c: c}
	c.Tools = &ToolsService{c: c}
	c.Providers = &ProvidersService{c: c}
	return c, nil
}

// NewFromEnv is New with the subdomain and keys read from ONEALL_SUBDOMAIN,
// ONEALL_PUBLIC_KEY and ONEALL_PRIVATE_KEY. The error names missing variables,
// never their values.
func NewFromEnv(opts ...Option) (*Client, error) {
	var missing []string
	get := func(name string) string {
		v := os.Getenv(name)
		if v == "" {
			missing = append(missing, name)
		}
		return v
	}
	sub, pub, priv := get("ONEALL_SUBDOMAIN"), get("ONEALL_PUBLIC_KEY"), get("ONEALL_PRIVATE_KEY")
	if len(missing) > 0 {
		return nil, invalidInput("environment", "%s not set", strings.Join(missing, ", "))
	}
	return New(sub, pub, priv, opts...)
}

func checkKey(name, key string) error {
	if key == "" {
		return invalidInput(name, "is empty")
	}
	for _, r := range key {
		if r < 0x21 || r == 0x7f || (name == "public key" && r == ':') {
			return invalidInput(name, "contains a space, a control character or ':'")
		}
	}
	return nil
}

// BaseURL is the URL requests are sent to.
func (c *Client) BaseURL() string { return c.base.String() }

// String describes the client without its keys.
func (c *Client) String() string {
	return fmt.Sprintf("oneall.Client{BaseURL: %s, Retries: %d, Timeout: %v}", c.base, c.settings.retries, c.settings.timeout)
}

// GoString is String: %#v must not print the keys either.
func (c *Client) GoString() string { return c.String() }

// LogValue keeps the keys out of structured logs.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// credentials holds the site keys; every way of printing it hides them.
type credentials struct{ public, private string }

func (credentials) String() string   { return "[REDACTED]" }
func (credentials) GoString() string { return "[REDACTED]" }

// authDoer is the generated client's transport: it authenticates and names
// every request. It never logs: headers carry the keys.
type authDoer struct {
	hc        *http.Client
	creds     credentials
	userAgent string
}

func (d *authDoer) Do(req *http.Request) (*http.Response, error) {
	req.SetBasicAuth(d.creds.public, d.creds.private)
	req.Header.Set("User-Agent", d.userAgent)
	req.Header.Set("Accept", "application/json")
	return d.hc.Do(req)
}

// sharedTransport is the transport of every client built without
// WithHTTPClient. It is built here rather than cloned from
// http.DefaultTransport, so that no other package's change to that global
// (a proxy, InsecureSkipVerify) weakens the connection that carries the
// keys. One transport for all clients keeps the idle connections bounded;
// 64 per host serve the workers of a bulk import without dialing anew.
var sharedTransport = sync.OnceValue(func() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
})

// secureHTTPClient returns a copy of hc (or a new client) that never follows
// a redirect: Go re-sends the Authorization header to a redirect on the same
// host, even from https to plain http, which would expose the private key.
// OneAll does not redirect API calls; a redirect is reported as an error.
func secureHTTPClient(hc *http.Client) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	} else {
		c.Transport = sharedTransport()
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// operation describes one API call for the retry loop and for errors.
type operation struct {
	method string
	// path is the resource as OneAll names it, relative to the base URL.
	path string
	// idempotent operations are retried after they may have reached the
	// server; the others only when the connection was never made.
	idempotent bool
}

// answer is a complete HTTP answer: status, headers and the whole body.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// do sends op with retries and returns the first answer that is final: a
// success, or an error that retrying cannot fix. send makes one attempt.
func (c *Client) do(ctx context.Context, op operation, send func(context.Context) (*http.Response, error)) (*answer, error) {
	var lastErr error
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, c.stopped(op, err, lastErr)
		}
		ans, err := c.attempt(ctx, op, attempt, send)
		if ans != nil && !retryableStatus(ans.status) {
			return ans, nil
		}
		var wait time.Duration
		if ans != nil {
			apiErr := decodeError(op, ans)
			wait = apiErr.RetryAfter
			lastErr = apiErr
		} else {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, c.stopped(op, ctxErr, lastErr)
			}
			if !sentOrRead(err) {
				// The request could not even be built (a body that does not
				// encode): no retry can help, and nothing was sent.
				return nil, fmt.Errorf("%w: %s %s: cannot build the request: %v", ErrInvalidInput, op.method, op.path, err)
			}
			lastErr = &transportError{op: op, err: err}
			if !op.idempotent && !neverSent(err) {
				return nil, lastErr
			}
		}
		if ans != nil && !op.idempotent {
			return nil, lastErr // it reached the server: never send it twice
		}
		if attempt > c.settings.retries {
			return nil, lastErr
		}
		if wait == 0 {
			wait = backoff(c.settings.backoffMin, c.settings.backoffMax, attempt)
		}
		wait = min(wait, maxRetryAfter)
		c.logger.LogAttrs(ctx, slog.LevelInfo, "oneall: retrying",
			slog.String("method", op.method), slog.String("path", op.path),
			slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("error", lastErr.Error()))
		if err := c.sleep(ctx, wait); err != nil {
			return nil, c.stopped(op, err, lastErr)
		}
	}
}

// sleepCtx waits for d, or returns at once when ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// attempt makes one request and reads the whole answer within the per-attempt
// timeout. It returns either an answer or a transport error.
func (c *Client) attempt(ctx context.Context, op operation, n int, send func(context.Context) (*http.Response, error)) (*answer, error) {
	actx, cancel := context.WithTimeout(ctx, c.settings.timeout)
	defer cancel()
	start := time.Now()
	resp, err := send(actx)
	if err == nil {
		var body []byte
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
		resp.Body.Close()
		if err == nil && len(body) > maxBody {
			err = fmt.Errorf("answer larger than %d MiB", maxBody>>20)
		}
		if err == nil {
			c.logger.LogAttrs(ctx, slog.LevelDebug, "oneall: request",
				slog.String("method", op.method), slog.String("path", op.path), slog.Int("status", resp.StatusCode),
				slog.Duration("duration", time.Since(start)), slog.Int("attempt", n))
			return &answer{status: resp.StatusCode, header: resp.Header, body: body}, nil
		}
		err = &bodyError{status: resp.StatusCode, err: err}
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "oneall: request failed",
		slog.String("method", op.method), slog.String("path", op.path), slog.String("error", err.Error()),
		slog.Duration("duration", time.Since(start)), slog.Int("attempt", n))
	return nil, err
}

// sentOrRead reports an error of the HTTP exchange itself, as opposed to
// one from building the request before any I/O.
func sentOrRead(err error) bool {
	var ue *url.Error
	var be *bodyError
	return errors.As(err, &ue) || errors.As(err, &be)
}

// stopped reports a call ended by its context, keeping the last failure.
func (c *Client) stopped(op operation, ctxErr, last error) error {
	if last == nil {
		return fmt.Errorf("oneall: %s %s: %w", op.method, op.path, ctxErr)
	}
	return fmt.Errorf("%w; retry abandoned: %w", last, ctxErr)
}

// transportError is a request that got no complete answer.
type transportError struct {
	op  operation
	err error
}

func (e *transportError) Error() string {
	return fmt.Sprintf("oneall: %s %s: %v", e.op.method, e.op.path, redactURL(e.err))
}

func (e *transportError) Unwrap() error { return e.err }

// Is makes every transport failure match ErrNetwork.
func (e *transportError) Is(target error) bool { return target == ErrNetwork }

// bodyError is an answer whose body could not be read to its end.
type bodyError struct {
	status int
	err    error
}

func (e *bodyError) Error() string {
	return fmt.Sprintf("reading the %d answer: %v", e.status, e.err)
}

func (e *bodyError) Unwrap() error { return e.err }

// redactURL drops the URL from a *url.Error: the path is already named, and
// a caller-supplied URL could carry more than it should.
func redactURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
