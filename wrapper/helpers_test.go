package wrapper

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sync"
	"testing"
	"time"
)

// Test keys: the private key is planted so that redaction tests can search
// every output for it.
const (
	testPublicKey  = "0b8e1c1a-6d3a-4d5e-8f7a-111111111111"
	testPrivateKey = "PRIVATE-S3CRET-d00d-4bad-beef-222222222222"
	basePath       = "/base/v1"
)

// Tokens used across tests.
const (
	identityToken  = "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"
	identityToken2 = "8b285b3c-6f7e-4b5f-a2c5-5f6b8a2d9e01"
	userToken      = "15ad071c-6a64-4ce1-a9df-72f506161636"
	userToken2     = "b456365a-d259-47c6-a72a-0f012f9dab84"
)

// fixture is an httptest server mounted under a non-empty base path, so a
// request to a wrong path fails loudly, and a client wired to it whose
// retry waits are recorded instead of slept.
type fixture struct {
	t      *testing.T
	mux    *http.ServeMux
	server *httptest.Server
	client *Client

	mu    sync.Mutex
	waits []time.Duration
	hits  map[string]int
}

func setup(t *testing.T, opts ...ClientOption) *fixture {
	t.Helper()
	f := &fixture{t: t, mux: http.NewServeMux(), hits: map[string]int{}}
	outer := http.NewServeMux()
	outer.Handle(basePath+"/", http.StripPrefix(basePath, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.hits[r.Method+" "+r.URL.Path]++
		f.mu.Unlock()
		f.mux.ServeHTTP(w, r)
	})))
	outer.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base path: %s %s", r.Method, r.URL.Path)
		http.Error(w, "wrong path", http.StatusTeapot)
	})
	f.server = httptest.NewServer(outer)
	t.Cleanup(f.server.Close)
	all := append([]ClientOption{WithBaseURL(f.server.URL + basePath), WithRetries(2), WithBackoff(time.Millisecond, 4*time.Millisecond)}, opts...)
	c, err := New("", testPublicKey, testPrivateKey, all...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		f.mu.Lock()
		f.waits = append(f.waits, d)
		f.mu.Unlock()
		return ctx.Err()
	}
	f.client = c
	return f
}

// hitCount is how many requests reached method+path (path below the base).
func (f *fixture) hitCount(method, path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[method+" "+path]
}

func (f *fixture) recordedWaits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// expect describes the request an operation must send.
type expect struct {
	method string
	query  url.Values // nil: no query at all
	body   string     // JSON; "" means no body
}

// handle registers path to check the request against e and answer with
// status and body.
func (f *fixture) handle(path string, e expect, status int, body string) {
	f.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		checkRequest(f.t, r, e)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	})
}

func checkRequest(t *testing.T, r *http.Request, e expect) {
	t.Helper()
	if r.Method != e.method {
		t.Errorf("%s: method = %s, want %s", r.URL.Path, r.Method, e.method)
	}
	user, pass, ok := r.BasicAuth()
	if !ok || user != testPublicKey || pass != testPrivateKey {
		t.Errorf("%s: basic auth = %q, %v; want the site keys", r.URL.Path, user, ok)
	}
	if ua := r.Header.Get("User-Agent"); len(ua) < 10 || ua[:10] != "oneall-go/" {
		t.Errorf("%s: User-Agent = %q", r.URL.Path, ua)
	}
	got := r.URL.Query()
	if len(got) == 0 {
		got = nil
	}
	if !reflect.DeepEqual(got, e.query) {
		t.Errorf("%s: query = %v, want %v", r.URL.Path, got, e.query)
	}
	body, _ := io.ReadAll(r.Body)
	if e.body == "" {
		if len(body) != 0 {
			t.Errorf("%s: unexpected body %s", r.URL.Path, body)
		}
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s: Content-Type = %q", r.URL.Path, ct)
	}
	if !jsonEqual(t, body, []byte(e.body)) {
		t.Errorf("%s: body = %s\nwant %s", r.URL.Path, body, e.body)
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Errorf("not JSON: %s", a)
		return false
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("bad expectation: %s", b)
	}
	return reflect.DeepEqual(x, y)
}

// ok wraps data in a success envelope.
func ok(code int, resource, data string) string {
	return fmt.Sprintf(`{"response":{"request":{"date":"Tue, 02 May 2017 15:27:08 +0200","resource":%q,`+
		`"status":{"flag":"success","code":%d,"info":"Your request has been processed successfully"}},`+
		`"result":{"data":%s}}}`, resource, code, data)
}

// fail is an error envelope without result, as OneAll sends them.
func fail(code int, info string) string {
	return fmt.Sprintf(`{"response":{"request":{"date":"Tue, 02 May 2017 15:27:08 +0200","resource":"/x.json",`+
		`"status":{"flag":"error","code":%d,"info":%q}}}}`, code, info)
}

func pagination(current, total, perPage, entries int) string {
	return fmt.Sprintf(`"pagination":{"current_page":%d,"total_pages":%d,"entries_per_page":%d,"total_entries":%d,`+
		`"order":{"field":"date_creation","direction":"asc"}}`, current, total, perPage, entries)
}
