package onealltest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// newServer starts a server that the test closes.
func newServer(t *testing.T, opts ...onealltest.Option) *onealltest.Server {
	t.Helper()
	srv := onealltest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// fastRetries makes the wrapper's retries quick.
var fastRetries = wrapper.WithBackoff(time.Millisecond, 5*time.Millisecond)

// raw is an answer read with plain net/http, for what the wrapper cannot send.
type raw struct {
	status int
	header http.Header
	body   []byte
	env    struct {
		Response struct {
			Request struct {
				Resource string     `json:"resource"`
				Status   api.Status `json:"status"`
			} `json:"request"`
			Result *struct {
				Status *api.Status     `json:"status"`
				Data   json.RawMessage `json:"data"`
			} `json:"result"`
		} `json:"response"`
	}
}

func (r *raw) info() string {
	return r.env.Response.Request.Status.Info
}

// noAuth, badAuth and contentType change a raw request.
func noAuth(r *http.Request)  { r.Header.Del("Authorization") }
func badAuth(r *http.Request) { r.SetBasicAuth("wrong", "keys") }
func jsonType(r *http.Request) {
	r.Header.Set("Content-Type", "application/json")
}

// do sends a request with the server's keys (unless an edit changes them)
// and no Content-Type (unless an edit adds it).
func do(t *testing.T, srv *onealltest.Server, method, path, body string, edits ...func(*http.Request)) *raw {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(srv.PublicKey, srv.PrivateKey)
	for _, e := range edits {
		e(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out := &raw{status: resp.StatusCode, header: resp.Header}
	if out.body, err = io.ReadAll(resp.Body); err != nil {
		t.Fatalf("%s %s: reading: %v", method, path, err)
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(out.body, &out.env); err != nil {
			t.Fatalf("%s %s: not an envelope: %v\n%s", method, path, err, out.body)
		}
		if got := int(out.env.Response.Request.Status.Code); got != resp.StatusCode {
			t.Errorf("%s %s: envelope code %d, HTTP status %d", method, path, got, resp.StatusCode)
		}
	}
	return out
}

// wantStatus fails the test unless r has the status (and, if given, an
// info containing infoPart).
func wantStatus(t *testing.T, r *raw, status int, infoPart string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body: %s", r.status, status, r.body)
	}
	if infoPart != "" && !strings.Contains(r.info(), infoPart) {
		t.Fatalf("info %q does not contain %q", r.info(), infoPart)
	}
}

// identities lists every identity of the server through the wrapper.
func identities(t *testing.T, c *wrapper.Client) []api.Identity {
	t.Helper()
	var out []api.Identity
	for id, err := range c.Identities.All(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// identityOf returns the first identity of a provider.
func identityOf(t *testing.T, c *wrapper.Client, provider string) api.Identity {
	t.Helper()
	for _, id := range identities(t, c) {
		if id.Provider == provider {
			return id
		}
	}
	t.Fatalf("no %s identity", provider)
	return api.Identity{}
}

// users lists every user through the wrapper.
func users(t *testing.T, c *wrapper.Client) []api.User {
	t.Helper()
	var out []api.User
	for u, err := range c.Users.All(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}
