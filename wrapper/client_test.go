package wrapper

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

func TestNewValidatesItsInput(t *testing.T) {
	for _, tc := range []struct {
		name           string
		sub, pub, priv string
		opts           []ClientOption
		wantInErr      string
	}{
		{"empty subdomain", "", "p", "q", nil, "subdomain"},
		{"subdomain with a dot", "evil.example.com/x", "p", "q", nil, "subdomain"},
		{"subdomain with a leading dash", "-site", "p", "q", nil, "subdomain"},
		{"empty public key", "site", "", "q", nil, "public key"},
		{"empty private key", "site", "p", "", nil, "private key"},
		{"key with a newline", "site", "p", "q\n", nil, "private key"},
		{"plain http to a remote host", "site", "p", "q", []ClientOption{WithBaseURL("http://example.com")}, "loopback"},
		{"credentials in the base URL", "site", "p", "q", []ClientOption{WithBaseURL("https://u:pw@example.com")}, "credentials"},
		{"ftp base URL", "site", "p", "q", []ClientOption{WithBaseURL("ftp://example.com")}, "scheme"},
		{"base URL without host", "site", "p", "q", []ClientOption{WithBaseURL("/just/a/path")}, "host"},
		{"negative retries", "site", "p", "q", []ClientOption{WithRetries(-1)}, "retries"},
		{"backoff max below initial", "site", "p", "q", []ClientOption{WithBackoff(2, 1)}, "backoff"},
		{"zero timeout", "site", "p", "q", []ClientOption{WithTimeout(0)}, "timeout"},
		{"nil HTTP client", "site", "p", "q", []ClientOption{WithHTTPClient(nil)}, "HTTP client"},
		{"TLS verification off", "site", "p", "q", []ClientOption{WithHTTPClient(&http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}})}, "TLS"},
		{"app name with a space", "site", "p", "q", []ClientOption{WithAppInfo("my app", "1")}, "app info"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(tc.sub, tc.pub, tc.priv, tc.opts...)
			if c != nil || !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), tc.wantInErr) {
				t.Errorf("New = %v, %v; want ErrInvalidInput naming %q", c, err, tc.wantInErr)
			}
		})
	}
}

func TestNewBaseURLs(t *testing.T) {
	for _, tc := range []struct {
		sub  string
		opts []ClientOption
		want string
	}{
		{"MySite", nil, "https://mysite.api.oneall.com"},
		{"site", []ClientOption{WithBaseURL("http://127.0.0.1:8080/base/")}, "http://127.0.0.1:8080/base"},
		{"", []ClientOption{WithBaseURL("http://localhost:1")}, "http://localhost:1"},
		{"", []ClientOption{WithBaseURL("http://[::1]:1")}, "http://[::1]:1"},
		{"", []ClientOption{WithBaseURL("https://proxy.internal/oneall")}, "https://proxy.internal/oneall"},
	} {
		c, err := New(tc.sub, "p", "q", tc.opts...)
		if err != nil || c.BaseURL() != tc.want {
			t.Errorf("New(%q) base = %v, %v; want %s", tc.sub, c, err, tc.want)
		}
	}
}

func TestNewFromEnv(t *testing.T) {
	t.Setenv("ONEALL_SUBDOMAIN", "")
	t.Setenv("ONEALL_BASE_URL", "")
	t.Setenv("ONEALL_PUBLIC_KEY", "pub")
	t.Setenv("ONEALL_PRIVATE_KEY", testPrivateKey)
	_, err := NewFromEnv()
	if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "ONEALL_SUBDOMAIN") || !strings.Contains(err.Error(), "ONEALL_BASE_URL") || strings.Contains(err.Error(), testPrivateKey) {
		t.Errorf("err = %v; want the missing variable named and no value", err)
	}
	t.Setenv("ONEALL_SUBDOMAIN", "site")
	c, err := NewFromEnv(WithRetries(1))
	if err != nil || c.BaseURL() != "https://site.api.oneall.com" {
		t.Errorf("NewFromEnv = %v, %v", c, err)
	}
	// ONEALL_BASE_URL, as "oneall fake serve" prints it: no subdomain needed,
	// and it wins over one; an explicit WithBaseURL wins over it.
	for _, sub := range []string{"", "site"} {
		t.Setenv("ONEALL_SUBDOMAIN", sub)
		t.Setenv("ONEALL_BASE_URL", "http://127.0.0.1:8080/")
		c, err = NewFromEnv()
		if err != nil || c.BaseURL() != "http://127.0.0.1:8080" {
			t.Errorf("subdomain %q, with ONEALL_BASE_URL: %v, %v", sub, c, err)
		}
	}
	if c, err = NewFromEnv(WithBaseURL("http://[::1]:1")); err != nil || c.BaseURL() != "http://[::1]:1" {
		t.Errorf("WithBaseURL over ONEALL_BASE_URL: %v, %v", c, err)
	}
	t.Setenv("ONEALL_PRIVATE_KEY", "")
	if _, err = NewFromEnv(); !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "ONEALL_PRIVATE_KEY") || strings.Contains(err.Error(), "SUBDOMAIN") {
		t.Errorf("err = %v; want only ONEALL_PRIVATE_KEY named", err)
	}
}

// A configuration value that may hold a key is never repeated in an error.
func TestConfigurationErrorsNeverEchoAKey(t *testing.T) {
	const key = "KEY-8f2c1e5a"
	uuidKey := "0b8e1c1a-6d3a-4d5e-8f7a-333333333333"
	for name, env := range map[string]map[string]string{
		"base URL with user:key@":   {"ONEALL_BASE_URL": "https://pub:" + key + "@example.com"},
		"base URL without a scheme": {"ONEALL_BASE_URL": "pub:" + key + "@example.com"},
		"base URL key as a scheme":  {"ONEALL_BASE_URL": key + ":443"},
		"base URL with a key path":  {"ONEALL_BASE_URL": "ftp://host/" + key},
		"base URL key as a host":    {"ONEALL_BASE_URL": "http://" + key + ".example.com"},
		"base URL unparsable":       {"ONEALL_BASE_URL": "http://a b" + key},
		"base URL control char":     {"ONEALL_BASE_URL": "https://example.com/\x7f" + key},
		"key as the subdomain":      {"ONEALL_SUBDOMAIN": uuidKey},
		"private key as subdomain":  {"ONEALL_SUBDOMAIN": key, "ONEALL_PRIVATE_KEY": key},
		"key in a bad subdomain":    {"ONEALL_SUBDOMAIN": "x." + key},
		"public key with a colon":   {"ONEALL_PUBLIC_KEY": "pub:" + key},
		"private key with a space":  {"ONEALL_PRIVATE_KEY": key + " "},
	} {
		vars := map[string]string{"ONEALL_SUBDOMAIN": "site", "ONEALL_PUBLIC_KEY": "pub", "ONEALL_PRIVATE_KEY": "priv"}
		for k, v := range env {
			vars[k] = v
		}
		c, err := NewFromEnvFunc(func(k string) string { return vars[k] })
		if c != nil || !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: NewFromEnvFunc = %v, %v; want ErrInvalidInput", name, c, err)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, key) || strings.Contains(msg, uuidKey) || strings.Contains(msg, "8f2c1e5a") {
			t.Errorf("%s: the error repeats the key: %s", name, msg)
		}
	}
}

func TestUserAgentNamesTheApp(t *testing.T) {
	f := setup(t, WithAppInfo("shop", "2.1"))
	var ua string
	f.mux.HandleFunc("/identities/"+identityToken+".json", func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		fmt.Fprint(w, ok(200, "/x", `{"identity":{"identity_token":"`+identityToken+`"}}`))
	})
	if _, err := f.client.Identities.Get(context.Background(), identityToken); err != nil {
		t.Fatal(err)
	}
	if ua != "oneall-go/"+Version+" shop/2.1" {
		t.Errorf("User-Agent = %q", ua)
	}
}

func TestWithHTTPClientIsUsedAndNotModified(t *testing.T) {
	var used bool
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used = true
		return http.DefaultTransport.RoundTrip(r)
	})}
	f := setup(t, WithHTTPClient(hc))
	f.handle("/identities/"+identityToken+".json", expect{method: "GET"}, 200, ok(200, "/x", `{"identity":{"identity_token":"`+identityToken+`"}}`))
	if _, err := f.client.Identities.Get(context.Background(), identityToken); err != nil || !used {
		t.Fatalf("err %v, custom client used: %v", err, used)
	}
	if hc.Timeout != 0 || hc.CheckRedirect != nil || hc.Jar != nil {
		t.Errorf("the caller's client was modified: %+v", hc)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Secrets planted in the private key and in a user password must not show
// up in errors, in the client's printed forms, or in logs at any level.
func TestSecretsNeverLeak(t *testing.T) {
	const password = "USER-PASSWORD-S3CRET"
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	textLogger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, l := range []*slog.Logger{logger, textLogger} {
		f := setup(t, WithLogger(l))
		sequence(f, "/storage/users/user/lookup.json", nil, 503, 401)
		sequence(f, "/storage/users.json", nil, 409)
		sequence(f, "/storage/users/user/synchronize.json", nil, 502, 502, 502)
		ctx := context.Background()
		var errs []error
		_, err := f.client.Storage.LookupUser(ctx, Lookup{Login: "bob", Password: password})
		errs = append(errs, err)
		pw := api.Password(password)
		_, err = f.client.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("bob"), Password: pw})
		errs = append(errs, err)
		_, err = f.client.Storage.SynchronizeUser(ctx, Identifier{Field: ByLogin, Value: "bob"}, api.StorageUserInput{Password: pw})
		errs = append(errs, err)
		l.Info("client", "client", f.client)
		l.Info("inputs", "lookup", Lookup{Login: "bob", Password: password}, "import", ImportInput{Provider: "x", AccessToken: password, AccessTokenSecret: password})
		l.Info("inputs", slog.Any("lookup", &Lookup{Password: password}), slog.Any("password", pw))
		// At depth, as slog's JSON handler encodes structs with encoding/json.
		var body api.SynchronizeStorageUserBody
		body.Request.Synchronize.User = api.StorageUserInput{Login: api.Set("bob"), Password: pw}
		l.Info("depth", "input", body.Request.Synchronize.User, "body", body, "lookup", api.StorageLookup{Password: pw})

		lookup := Lookup{Login: "bob", Password: password}
		printed := []string{
			fmt.Sprintf("%v %+v %#v %s", f.client, f.client, f.client, f.client),
			fmt.Sprintf("%v %+v %#v %s %q", lookup, lookup, lookup, lookup, lookup),
			fmt.Sprintf("%v %+v %d %x", ImportInput{Provider: "x", AccessToken: password}, ImportInput{AccessTokenSecret: password}, ImportInput{IDToken: password}, ImportInput{AccessToken: password}),
			fmt.Sprintf("%v %+v", api.StorageUserInput{Password: pw}, pw),
		}
		for _, err := range errs {
			if err == nil {
				t.Fatal("expected errors from every call")
			}
			printed = append(printed, err.Error(), fmt.Sprintf("%+v", err))
		}
		for _, s := range append(printed, logs.String()) {
			for _, secret := range []string{testPrivateKey, password, "Authorization", "Basic "} {
				if strings.Contains(s, secret) {
					t.Errorf("%q leaked in: %s", secret, s)
				}
			}
		}
	}
	if !strings.Contains(logs.String(), `"attempt":2`) || !strings.Contains(logs.String(), "status=503") {
		t.Errorf("attempts were not logged at debug level:\n%s", logs.String())
	}
}

func TestSilentWithoutALogger(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(old) })
	f := setup(t)
	sequence(f, "/identities/"+identityToken+".json", nil, 503, 200)
	if _, err := f.client.Identities.Get(context.Background(), identityToken); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Errorf("logged without a logger: %s", buf.String())
	}
}

// A redirect must not carry the keys anywhere, least of all to plain http.
func TestRedirectsAreNotFollowed(t *testing.T) {
	var leaked atomic.Bool
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := r.BasicAuth(); ok {
			leaked.Store(true)
		}
	}))
	t.Cleanup(plain.Close)
	f := setup(t)
	f.mux.HandleFunc("/identities/"+identityToken+".json", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/steal", http.StatusFound)
	})
	_, err := f.client.Identities.Get(context.Background(), identityToken)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusFound || !errors.Is(err, ErrUnexpectedResponse) || !strings.Contains(err.Error(), "redirect") {
		t.Errorf("err = %v, want the refused redirect", err)
	}
	if leaked.Load() {
		t.Error("the keys followed the redirect")
	}
}

// TLS is verified even if some other package turned verification off in
// http.DefaultTransport; a client that skips it is refused.
func TestTLSVerificationCannotBeTurnedOff(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, ok(200, "/x", `{"identity":{"identity_token":"`+identityToken+`"}}`))
	}))
	t.Cleanup(srv.Close)
	dt := http.DefaultTransport.(*http.Transport)
	old := dt.TLSClientConfig
	dt.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	t.Cleanup(func() { dt.TLSClientConfig = old })

	c, err := New("", "p", "q", WithBaseURL(srv.URL), WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Identities.Get(context.Background(), identityToken); !errors.Is(err, ErrNetwork) || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a self-signed certificate was accepted: %v", err)
	}
	if _, err := New("", "p", "q", WithHTTPClient(&http.Client{})); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("a client on an insecure http.DefaultTransport was accepted: %v", err)
	}
	// The right way to trust a test server: its own client.
	c, _ = New("", "p", "q", WithBaseURL(srv.URL), WithHTTPClient(srv.Client()))
	if _, err := c.Identities.Get(context.Background(), identityToken); err != nil {
		t.Errorf("with the server's own client: %v", err)
	}
}
