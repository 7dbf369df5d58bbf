package wrapper

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ClientOption configures a client when New or NewFromEnv builds it. Every
// Option is a ClientOption; WithBaseURL, WithHTTPClient and WithAppInfo are
// ClientOptions only, because they are fixed for the client's life (its
// connection and its name): a call or Client.With cannot take them, which the
// compiler checks. A bad value makes New fail rather than the first request.
type ClientOption interface {
	applyClient(*settings) error
}

// Option sets how calls are made: retries, backoff, the per-attempt timeout,
// an extra header, a logger. Given to New or NewFromEnv it sets the client's
// defaults; given to Client.With, the defaults of a copy; given as the last
// arguments of one call, it applies to that call only and never changes the
// client for other calls or goroutines. A call given a bad option fails with
// ErrInvalidInput before anything is sent.
type Option func(*callSettings) error

func (o Option) applyClient(s *settings) error {
	if o == nil {
		return nil
	}
	return o(&s.call)
}

// clientOption is an option that only New accepts.
type clientOption func(*settings) error

func (o clientOption) applyClient(s *settings) error { return o(s) }

// settings is what the options set; New turns it into a Client.
type settings struct {
	baseURL    *url.URL
	httpClient *http.Client
	appName    string
	appVersion string
	call       callSettings
}

// callSettings are the settings a single call may override.
type callSettings struct {
	retries    int
	backoffMin time.Duration
	backoffMax time.Duration
	timeout    time.Duration
	// logger is never nil once New has run: a discarding one by default.
	logger *slog.Logger
	// header holds extra request headers. It is shared by copies of the
	// settings and so never modified in place: WithHeader clones it.
	header http.Header
	// prefetch is how many pages the All iterators fetch ahead (WithPrefetch).
	prefetch int
	// doReplay is Client.Do's retry class (WithIdempotent): 0 by the
	// method, 1 idempotent, -1 sent once. Typed methods ignore it.
	doReplay int8
	// drift, when not nil, reports unknown members (WithDriftHandler).
	drift *driftState
}

// Defaults, chosen for an interactive API with a documented 429.
const (
	DefaultRetries    = 3
	DefaultBackoffMin = 250 * time.Millisecond
	DefaultBackoffMax = 10 * time.Second
	DefaultTimeout    = 30 * time.Second
	// maxRetryAfter caps a server's Retry-After so a bad header cannot park a caller.
	maxRetryAfter = 60 * time.Second
)

var discardLogger = slog.New(slog.DiscardHandler)

func defaultSettings() settings {
	return settings{call: callSettings{
		retries:    DefaultRetries,
		backoffMin: DefaultBackoffMin,
		backoffMax: DefaultBackoffMax,
		timeout:    DefaultTimeout,
		logger:     discardLogger,
	}}
}

// apply returns a copy of s changed by opts; s itself is never modified, so
// the client's settings stay what they were for every other call.
func (s callSettings) apply(opts []Option) (callSettings, error) {
	if len(opts) == 0 {
		return s, nil // s stays on the stack: the common call costs nothing
	}
	return s.applyEach(opts)
}

func (s callSettings) applyEach(opts []Option) (callSettings, error) {
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&s); err != nil {
			return s, err
		}
	}
	return s, nil
}

// WithBaseURL sends requests to rawURL instead of https://<subdomain>.api.oneall.com:
// a test server or a proxy. A path in it is kept as a prefix. Plain http is
// allowed only for loopback hosts; user info in the URL is refused (pass the
// keys to New). Errors never repeat the URL, which may hold a key.
func WithBaseURL(rawURL string) ClientOption {
	return clientOption(func(s *settings) error {
		u, err := parseBaseURL("base URL", rawURL)
		if err != nil {
			return err
		}
		s.baseURL = u
		return nil
	})
}

// parseBaseURL checks a base URL. None of its errors quotes the URL or a part
// of it: "pub:KEY@example.com" parses as the scheme "pub" and the opaque
// "KEY@example.com", and url.Parse's own errors quote their input.
func parseBaseURL(field, rawURL string) (*url.URL, error) {
	if strings.ContainsRune(rawURL, '@') {
		return nil, invalidInput(field, "must not carry credentials (it has an '@'); pass the keys to New")
	}
	u, err := url.Parse(strings.TrimRight(rawURL, "/"))
	if err != nil {
		return nil, invalidInput(field, "is not a URL")
	}
	if u.User != nil {
		return nil, invalidInput(field, "must not carry credentials; pass the keys to New")
	}
	if u.Opaque != "" || u.Host == "" {
		return nil, invalidInput(field, "has no host: want https://host[:port][/path]")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, invalidInput(field, "must not have a query or fragment")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, invalidInput(field, "plain http is only allowed for loopback hosts (127.0.0.1, ::1, localhost)")
		}
	default:
		return nil, invalidInput(field, "scheme must be https (or http on loopback)")
	}
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithHTTPClient sends requests through a copy of hc: the caller's client is
// never modified. Its Timeout still applies on top of WithTimeout; redirects
// are never followed (they could carry the keys elsewhere). A client whose
// *http.Transport (or http.DefaultTransport, for a nil Transport) skips TLS
// verification is refused; a RoundTripper of another type cannot be
// inspected and is trusted as given.
func WithHTTPClient(hc *http.Client) ClientOption {
	return clientOption(func(s *settings) error {
		if hc == nil {
			return invalidInput("HTTP client", "is nil")
		}
		rt := hc.Transport
		if rt == nil {
			rt = http.DefaultTransport
		}
		if t, ok := rt.(*http.Transport); ok && t.TLSClientConfig != nil && t.TLSClientConfig.InsecureSkipVerify {
			return invalidInput("HTTP client", "skips TLS verification; the OneAll keys would be exposed")
		}
		s.httpClient = hc
		return nil
	})
}

// WithAppInfo names the application in the User-Agent, after "oneall-go/<version>".
func WithAppInfo(name, version string) ClientOption {
	return clientOption(func(s *settings) error {
		if name == "" || strings.ContainsAny(name+version, " \t\r\n/()") || !isToken(name+version) {
			return invalidInput("app info", "name and version must be non-empty tokens without spaces, '/' or parentheses")
		}
		s.appName, s.appVersion = name, version
		return nil
	})
}

// WithRetries sets how many times a failed request is retried (see
// IsRetryable for which failures are). 0 disables retries.
func WithRetries(max int) Option {
	return func(s *callSettings) error {
		if max < 0 {
			return invalidInput("retries", "must be >= 0, got %d", max)
		}
		s.retries = max
		return nil
	}
}

// WithBackoff sets the first and the largest wait between retries. Waits grow
// exponentially from initial to max, with jitter.
func WithBackoff(initial, max time.Duration) Option {
	return func(s *callSettings) error {
		if initial <= 0 || max < initial {
			return invalidInput("backoff", "need 0 < initial <= max, got %v and %v", initial, max)
		}
		s.backoffMin, s.backoffMax = initial, max
		return nil
	}
}

// WithTimeout bounds each attempt (connect, send, read the whole answer).
// The caller's context bounds the call as a whole.
func WithTimeout(d time.Duration) Option {
	return func(s *callSettings) error {
		if d <= 0 {
			return invalidInput("timeout", "must be > 0, got %v", d)
		}
		s.timeout = d
		return nil
	}
}

// WithLogger logs every attempt at debug level (method, path, status,
// duration, attempt) and retries at info level. Keys, passwords, headers and
// bodies are never logged. Without it the client is silent; WithLogger(nil)
// silences it again.
func WithLogger(l *slog.Logger) Option {
	return func(s *callSettings) error {
		if l == nil {
			l = discardLogger
		}
		s.logger = l
		return nil
	}
}

// reservedHeaders are set by the client itself: the keys, its name, what it
// accepts and the body's framing.
var reservedHeaders = map[string]bool{
	"Authorization": true, "Proxy-Authorization": true, "User-Agent": true, "Accept": true,
	"Accept-Encoding": true, "Content-Type": true, "Content-Length": true, "Content-Encoding": true,
	"Transfer-Encoding": true, "Host": true, "Connection": true, "Te": true, "Trailer": true,
	"Upgrade": true, "Cookie": true, "Expect": true, "Keep-Alive": true, "Proxy-Connection": true,
}

// WithHeader adds a header to every request (given to New or With) or to
// one call's requests, e.g. a trace ID for a proxy. Setting the same key
// again replaces its value. Headers the client sets itself (Authorization,
// User-Agent, Accept, Content-Type, Host...) cannot be set; errors name the
// header, never its value.
func WithHeader(key, value string) Option {
	return func(s *callSettings) error {
		if !isToken(key) {
			return invalidInput("header", "the name must be a non-empty HTTP token")
		}
		key = http.CanonicalHeaderKey(key)
		if reservedHeaders[key] {
			return invalidInput("header", "%s is set by the client and cannot be changed", key)
		}
		for i := 0; i < len(value); i++ {
			if c := value[i]; (c < 0x20 && c != '\t') || c == 0x7f {
				return invalidInput("header", "the value of %s contains a control character", key)
			}
		}
		h := s.header.Clone()
		if h == nil {
			h = http.Header{}
		}
		h[key] = []string{value}
		s.header = h
		return nil
	}
}

// isToken reports an RFC 9110 token: visible ASCII without separators.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

func (s *settings) userAgent() string {
	ua := fmt.Sprintf("oneall-go/%s", Version)
	if s.appName != "" {
		ua += " " + s.appName
		if s.appVersion != "" {
			ua += "/" + s.appVersion
		}
	}
	return ua
}
