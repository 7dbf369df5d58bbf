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

// Option configures a Client. Options are checked by New: a bad value makes
// New fail rather than the first request.
type Option func(*settings) error

// settings is what the options set; New turns it into a Client.
type settings struct {
	baseURL    *url.URL
	httpClient *http.Client
	retries    int
	backoffMin time.Duration
	backoffMax time.Duration
	timeout    time.Duration
	logger     *slog.Logger
	appName    string
	appVersion string
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

func defaultSettings() settings {
	return settings{
		retries:    DefaultRetries,
		backoffMin: DefaultBackoffMin,
		backoffMax: DefaultBackoffMax,
		timeout:    DefaultTimeout,
	}
}

// WithBaseURL sends requests to rawURL instead of https://<subdomain>.api.oneall.com:
// a test server or a proxy. A path in it is kept as a prefix. Plain http is
// allowed only for loopback hosts; user info in the URL is refused (pass the
// keys to New).
func WithBaseURL(rawURL string) Option {
	return func(s *settings) error {
		u, err := url.Parse(strings.TrimRight(rawURL, "/"))
		if err != nil {
			return invalidInput("base URL", "%v", err)
		}
		if u.User != nil {
			return invalidInput("base URL", "must not carry credentials; pass the keys to New")
		}
		if u.Host == "" {
			return invalidInput("base URL", "%q has no host", rawURL)
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return invalidInput("base URL", "must not have a query or fragment")
		}
		switch u.Scheme {
		case "https":
		case "http":
			if !isLoopback(u.Hostname()) {
				return invalidInput("base URL", "plain http is only allowed for loopback hosts, not %q", u.Hostname())
			}
		default:
			return invalidInput("base URL", "scheme must be https (or http on loopback), not %q", u.Scheme)
		}
		s.baseURL = u
		return nil
	}
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
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error {
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
	}
}

// WithRetries sets how many times a failed request is retried (429, 502,
// 503, 504 and connection errors). 0 disables retries.
func WithRetries(max int) Option {
	return func(s *settings) error {
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
	return func(s *settings) error {
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
	return func(s *settings) error {
		if d <= 0 {
			return invalidInput("timeout", "must be > 0, got %v", d)
		}
		s.timeout = d
		return nil
	}
}

// WithLogger logs every attempt at debug level (method, path, status,
// duration, attempt) and retries at info level. Keys, passwords and headers
// are never logged. Without it the client is silent.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		s.logger = l
		return nil
	}
}

// WithAppInfo names the application in the User-Agent, after "oneall-go/<version>".
func WithAppInfo(name, version string) Option {
	return func(s *settings) error {
		if name == "" || strings.ContainsAny(name+version, " \t\r\n/()") {
			return invalidInput("app info", "name and version must be non-empty tokens without spaces, '/' or parentheses")
		}
		s.appName, s.appVersion = name, version
		return nil
	}
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
