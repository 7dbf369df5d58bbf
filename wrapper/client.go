package wrapper

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/oneall-go/oneall-go/internal/ctxsleep"
	"github.com/oneall-go/oneall-go/internal/uuid"
)

// Version is the version of this SDK, sent in the User-Agent.
const Version = "0.1.0"

// Environment variables read by NewFromEnv (and by the oneall command).
const (
	// EnvSubdomain names the site: requests go to https://<subdomain>.api.oneall.com.
	EnvSubdomain = "ONEALL_SUBDOMAIN"
	// EnvPublicKey is the site's public API key.
	EnvPublicKey = "ONEALL_PUBLIC_KEY"
	// EnvPrivateKey is the site's private API key.
	EnvPrivateKey = "ONEALL_PRIVATE_KEY"
	// EnvBaseURL, when set, is the base URL requests go to instead (a proxy,
	// a test server, "oneall fake serve"); EnvSubdomain may then be absent.
	EnvBaseURL = "ONEALL_BASE_URL"
)

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
	// ShortURLs shortens URLs and counts the clicks on them.
	ShortURLs *ShortURLsService
	// Sharing publishes messages on social networks and reads shared pages.
	Sharing *SharingService
	// SharingAnalytics measures published messages with snapshots.
	SharingAnalytics *SharingAnalyticsService
	// LoudVoice runs OneAll's comments: discussions, comments, authors,
	// author sessions and votes.
	LoudVoice *LoudVoiceService
	// Exports schedules exports of the site's users.
	Exports *ExportsService
	// Push publishes on social networks on behalf of identities.
	Push *PushService
	// Pull reads what identities have on their social networks.
	Pull *PullService
	// Search searches tweets.
	Search *SearchService

	// conn is shared by the client and every copy made by With.
	conn *conn
	// call holds the defaults of every call; never modified after New or With.
	call callSettings
	// sleep waits between retries; tests replace it to record the waits.
	sleep func(context.Context, time.Duration) error
}

// conn is what a client and its copies share: where requests go, the keys
// and the HTTP client (so its connections).
type conn struct {
	hc   *http.Client
	base *url.URL
	// server is the base URL with a trailing slash, as the generated
	// request builders of package api want it.
	server string
	// basePath is the base URL's path, cut from request paths in errors.
	basePath  string
	creds     credentials
	userAgent string
	// userAgentHeader is the User-Agent header's value, built once and
	// shared by every request (see prepare).
	userAgentHeader []string
	// rt, when not nil, sends requests instead of hc.Do (see
	// directTransport).
	rt http.RoundTripper
}

var subdomainRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// New returns a client for the site https://<subdomain>.api.oneall.com,
// authenticated with the site's public and private keys (HTTP Basic). The
// subdomain may be empty only when WithBaseURL is given. Errors never repeat
// a value that may hold a key.
func New(subdomain, publicKey, privateKey string, opts ...ClientOption) (*Client, error) {
	s := defaultSettings()
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o.applyClient(&s); err != nil {
			return nil, err
		}
	}
	if err := checkSubdomain(subdomain, publicKey, privateKey); err != nil {
		return nil, err
	}
	if s.baseURL == nil {
		if subdomain == "" {
			return nil, invalidInput("subdomain", "is empty (and no base URL was given)")
		}
		s.baseURL = &url.URL{Scheme: "https", Host: strings.ToLower(subdomain) + ".api.oneall.com"}
	}
	if err := checkKey("public key", publicKey); err != nil {
		return nil, err
	}
	if err := checkKey("private key", privateKey); err != nil {
		return nil, err
	}
	cn := &conn{
		hc:        secureHTTPClient(s.httpClient),
		base:      s.baseURL,
		server:    s.baseURL.String() + "/",
		basePath:  s.baseURL.EscapedPath(),
		creds:     newCredentials(publicKey, privateKey),
		userAgent: s.userAgent(),
	}
	cn.userAgentHeader = []string{cn.userAgent}
	cn.rt = directTransport(cn.hc)
	return newClient(cn, s.call, ctxsleep.Sleep), nil
}

func newClient(cn *conn, call callSettings, sleep func(context.Context, time.Duration) error) *Client {
	c := &Client{conn: cn, call: call, sleep: sleep}
	c.Identities = &IdentitiesService{c: c}
	c.Users = &UsersService{c: c}
	c.Storage = &StorageService{c: c}
	c.Connections = &ConnectionsService{c: c}
	c.SSO = &SSOService{c: c}
	c.Site = &SiteService{c: c}
	c.Tools = &ToolsService{c: c}
	c.Providers = &ProvidersService{c: c}
	c.ShortURLs = &ShortURLsService{c: c}
	c.Sharing = &SharingService{c: c}
	c.SharingAnalytics = &SharingAnalyticsService{c: c}
	c.LoudVoice = &LoudVoiceService{c: c}
	c.Exports = &ExportsService{c: c}
	c.Push = &PushService{c: c}
	c.Pull = &PullService{c: c}
	c.Search = &SearchService{c: c}
	return c
}

// With returns a copy of the client whose calls use opts on top of the
// client's own defaults. The copy shares the client's connections and keys,
// is cheap to make, and changes nothing for the client or its other copies.
// A bad option is an ErrInvalidInput.
func (c *Client) With(opts ...Option) (*Client, error) {
	call, err := c.call.apply(opts)
	if err != nil {
		return nil, err
	}
	return newClient(c.conn, call, c.sleep), nil
}

// NewFromEnv is New with the site and keys read from the environment:
// ONEALL_PUBLIC_KEY, ONEALL_PRIVATE_KEY, and ONEALL_BASE_URL or
// ONEALL_SUBDOMAIN (see the Env constants). ONEALL_BASE_URL, when set, is
// applied as WithBaseURL before opts. Errors name the variables, never their
// values.
func NewFromEnv(opts ...ClientOption) (*Client, error) {
	return NewFromEnvFunc(os.Getenv, opts...)
}

// NewFromEnvFunc is NewFromEnv reading the variables through getenv, so that
// a program can layer its own sources (a credentials file, a flag) over the
// environment, as the oneall command does.
func NewFromEnvFunc(getenv func(name string) string, opts ...ClientOption) (*Client, error) {
	if getenv == nil {
		return nil, invalidInput("environment", "the getenv function is nil")
	}
	sub, pub, priv, base := getenv(EnvSubdomain), getenv(EnvPublicKey), getenv(EnvPrivateKey), getenv(EnvBaseURL)
	var missing []string
	if sub == "" && base == "" {
		missing = append(missing, EnvSubdomain+" (or "+EnvBaseURL+")")
	}
	if pub == "" {
		missing = append(missing, EnvPublicKey)
	}
	if priv == "" {
		missing = append(missing, EnvPrivateKey)
	}
	if len(missing) > 0 {
		return nil, invalidInput("environment", "no credentials: %s not set", strings.Join(missing, ", "))
	}
	if base != "" {
		if _, err := parseBaseURL(EnvBaseURL, base); err != nil {
			return nil, err
		}
		opts = append([]ClientOption{WithBaseURL(base)}, opts...)
	}
	return New(sub, pub, priv, opts...)
}

// checkSubdomain refuses a subdomain that is not a DNS label, and one that
// looks like an API key: sent as a host name, a key would leak in DNS
// queries. The subdomain is never quoted, since it may be a key.
func checkSubdomain(sub, publicKey, privateKey string) error {
	switch {
	case sub == "":
		return nil
	case sub == publicKey || sub == privateKey || uuid.Loose(sub):
		return invalidInput("subdomain", "looks like an API key, not a site name (it is not repeated here)")
	case !subdomainRE.MatchString(sub):
		return invalidInput("subdomain", "is not a valid DNS label: letters, digits and inner '-', at most 63 (it is not repeated here)")
	}
	return nil
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
func (c *Client) BaseURL() string { return c.conn.base.String() }

// String describes the client without its keys.
func (c *Client) String() string {
	return fmt.Sprintf("oneall.Client{BaseURL: %s, Retries: %d, Timeout: %v}", c.conn.base, c.call.retries, c.call.timeout)
}

// GoString is String: %#v must not print the keys either.
func (c *Client) GoString() string { return c.String() }

// LogValue keeps the keys out of structured logs.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// credentials holds the site keys, and the Authorization header's value
// built from them once; every way of printing it hides them.
type credentials struct {
	public, private string
	header          []string
}

func newCredentials(public, private string) credentials {
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(public+":"+private))
	return credentials{public: public, private: private, header: []string{auth}}
}

func (credentials) String() string   { return "[REDACTED]" }
func (credentials) GoString() string { return "[REDACTED]" }

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
// directTransport returns the transport of hc when calling it directly does
// all that hc.Do would: hc has no Timeout and no cookie Jar to apply, and
// redirects are never followed anyway (see secureHTTPClient). Skipping
// http.Client's redirect bookkeeping (a copy of every request's headers,
// among others) saves a few allocations per call. It returns nil when hc.Do
// must be used.
func directTransport(hc *http.Client) http.RoundTripper {
	if hc.Timeout != 0 || hc.Jar != nil {
		return nil
	}
	if hc.Transport == nil {
		return http.DefaultTransport
	}
	return hc.Transport
}

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
