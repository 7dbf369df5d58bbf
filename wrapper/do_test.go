package wrapper

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const shortURLData = `{"shorturl":{"shorturl_token":"cbf3Fb","original_url":"https://example.com/a"}}`

// shortURL is a payload for the tests' out.
type shortURL struct {
	Token       string `json:"shorturl_token"`
	OriginalURL string `json:"original_url"`
}

func TestDoGetDecodesResultData(t *testing.T) {
	f := setup(t)
	f.handle("/shorturls/cbf3Fb.json", expect{method: "GET", query: url.Values{"page": {"2"}}}, 200, ok(200, "/shorturls/cbf3Fb.json", shortURLData))
	ctx := context.Background()
	for _, path := range []string{"/shorturls/cbf3Fb.json?page=2", "shorturls/cbf3Fb.json?page=2"} {
		var out struct {
			ShortURL shortURL `json:"shorturl"`
		}
		if err := f.client.Do(ctx, "get", path, nil, &out); err != nil {
			t.Fatalf("Do %s: %v", path, err)
		}
		if out.ShortURL.Token != "cbf3Fb" || out.ShortURL.OriginalURL != "https://example.com/a" {
			t.Errorf("Do %s: out = %+v", path, out)
		}
	}
	var raw json.RawMessage
	if err := f.client.Do(ctx, http.MethodGet, "/shorturls/cbf3Fb.json?page=2", nil, &raw); err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, raw, []byte(shortURLData)) {
		t.Errorf("raw = %s, want result.data", raw)
	}
	if err := f.client.Do(ctx, http.MethodGet, "/shorturls/cbf3Fb.json?page=2", nil, nil); err != nil {
		t.Errorf("out nil: %v", err)
	}
	if n := f.hitCount("GET", "/shorturls/cbf3Fb.json"); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
}

func TestDoSendsTheBodyAsIs(t *testing.T) {
	f := setup(t)
	const body = `{"request":{"shorturl":{"original_url":"https://example.com/<a>&b"}}}`
	var got []byte
	var ctype string
	f.mux.HandleFunc("/shorturls.json", func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		ctype = r.Header.Get("Content-Type")
		io.WriteString(w, ok(200, "/shorturls.json", shortURLData))
	})
	ctx := context.Background()
	if err := f.client.Do(ctx, "POST", "/shorturls.json", json.RawMessage(body), nil); err != nil {
		t.Fatal(err)
	}
	if string(got) != body || ctype != "application/json" {
		t.Errorf("raw body sent as %q (%s), want %q byte for byte", got, ctype, body)
	}
	// Any other value is encoded; no envelope is added.
	in := map[string]any{"request": map[string]any{"shorturl": map[string]string{"original_url": "https://example.com/x"}}}
	if err := f.client.Do(ctx, "POST", "/shorturls.json", in, nil); err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, got, []byte(`{"request":{"shorturl":{"original_url":"https://example.com/x"}}}`)) {
		t.Errorf("encoded body = %s", got)
	}
}

func TestDoAnswersNoDataLeavesOutAlone(t *testing.T) {
	f := setup(t)
	f.handle("/shorturls/cbf3Fb.json", expect{method: "DELETE"}, 200,
		`{"response":{"request":{"date":"Tue, 02 May 2017 15:27:08 +0200","resource":"/x","status":{"flag":"success","code":200}}}}`)
	out := json.RawMessage("untouched")
	if err := f.client.Do(context.Background(), "DELETE", "/shorturls/cbf3Fb.json", nil, &out); err != nil {
		t.Fatal(err)
	}
	if string(out) != "untouched" {
		t.Errorf("out = %s", out)
	}
}

func TestDoAPIErrors(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   error
	}{{400, ErrBadRequest}, {401, ErrUnauthorized}, {403, ErrForbidden}, {404, ErrNotFound}, {409, ErrConflict}} {
		f := setup(t)
		f.handle("/shorturls/nope.json", expect{method: "GET", query: url.Values{"x": {"1"}}}, tc.status, fail(tc.status, "The shorturl_token is invalid"))
		err := f.client.Do(context.Background(), "GET", "/shorturls/nope.json?x=1", nil, nil)
		var ae *APIError
		if !errors.As(err, &ae) || !errors.Is(err, tc.want) {
			t.Fatalf("%d: err = %v, want an *APIError matching %v", tc.status, err, tc.want)
		}
		if ae.StatusCode != tc.status || ae.Method != "GET" || ae.Resource != "/shorturls/nope.json" || ae.Info != "The shorturl_token is invalid" {
			t.Errorf("%d: %+v", tc.status, ae)
		}
		if n := f.hitCount("GET", "/shorturls/nope.json"); n != 1 {
			t.Errorf("%d: sent %d times", tc.status, n)
		}
	}
	// An error inside a 200 is an error too.
	f := setup(t)
	f.handle("/x.json", expect{method: "GET"}, 200, fail(404, "gone"))
	if err := f.client.Do(context.Background(), "GET", "/x.json", nil, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("error flag in a 200: %v", err)
	}
}

func TestDoHTMLErrorPage(t *testing.T) {
	f := setup(t)
	var n atomic.Int32
	f.mux.HandleFunc("/x.json", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	})
	err := f.client.Do(context.Background(), "GET", "/x.json", nil, nil)
	var ae *APIError
	if !errors.As(err, &ae) || !errors.Is(err, ErrServer) || !bytes.Contains(ae.Body, []byte("502 Bad Gateway")) {
		t.Fatalf("err = %v, want an ErrServer with the page's start in Body", err)
	}
	if n.Load() != 3 {
		t.Errorf("GET sent %d times, want 3 (two retries)", n.Load())
	}
	// A 200 with a page is not an answer either.
	f = setup(t)
	f.mux.HandleFunc("/y.json", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html>maintenance</html>") })
	if err := f.client.Do(context.Background(), "GET", "/y.json", nil, nil); !errors.Is(err, ErrUnexpectedResponse) {
		t.Errorf("HTML 200: %v", err)
	}
}

func TestDoTruncatedBody(t *testing.T) {
	f := setup(t)
	var n atomic.Int32
	f.mux.HandleFunc("/x.json", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Length", "1000")
		io.WriteString(w, `{"response":{"request":`)
	})
	ctx := context.Background()
	if err := f.client.Do(ctx, "GET", "/x.json", nil, nil); !errors.Is(err, ErrNetwork) || !errors.Is(err, io.ErrUnexpectedEOF) || n.Load() != 3 {
		t.Errorf("GET: %v after %d requests, want a network error after 2 retries", err, n.Load())
	}
	n.Store(0)
	if err := f.client.Do(ctx, "POST", "/x.json", json.RawMessage(`{}`), nil); !errors.Is(err, ErrNetwork) || n.Load() != 1 {
		t.Errorf("POST: %v after %d requests, want a network error and no retry: it reached the server", err, n.Load())
	}
}

func TestDoRetriesARateLimit(t *testing.T) {
	f := setup(t)
	n := sequence(f, "/x.json", http.Header{"Retry-After": {"7"}}, 429, 200)
	if err := f.client.Do(context.Background(), "GET", "/x.json", nil, nil); err != nil || n.Load() != 2 {
		t.Fatalf("err %v after %d requests, want success after a retry", err, n.Load())
	}
	if w := f.recordedWaits(); len(w) != 1 || w[0] != 7*time.Second {
		t.Errorf("waits %v, want the server's 7s", w)
	}
}

func TestDoRetryClass(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		method string
		opts   []Option
		sent   int32
	}{
		{"POST", nil, 1},
		{"PATCH", nil, 1},
		{"POST", []Option{WithIdempotent(true)}, 2},
		{"PUT", nil, 2},
		{"DELETE", nil, 2},
		{"PUT", []Option{WithIdempotent(false)}, 1},
	} {
		f := setup(t)
		n := sequence(f, "/x.json", nil, 503, 200)
		err := f.client.Do(ctx, tc.method, "/x.json", json.RawMessage(`{"request":{}}`), nil, tc.opts...)
		if n.Load() != tc.sent || (err == nil) != (tc.sent == 2) {
			t.Errorf("%s %d option(s) after a 503: err %v after %d requests, want %d", tc.method, len(tc.opts), err, n.Load(), tc.sent)
		}
	}
	// The option given to With sets the default of the copy's Do calls.
	f := setup(t)
	n := sequence(f, "/x.json", nil, 503, 200)
	c, _ := f.client.With(WithIdempotent(true))
	c.sleep = f.client.sleep
	if err := c.Do(ctx, "POST", "/x.json", json.RawMessage(`{}`), nil); err != nil || n.Load() != 2 {
		t.Errorf("With(WithIdempotent(true)): err %v after %d requests", err, n.Load())
	}
}

// A Do call to an operation of the spec gets the spec's retry class
// (x-oneall.retry), not the method's: a PUT that creates (an import, an
// export, a snapshot) is sent once, a POST that only reads (a lookup) may
// be sent again. WithIdempotent still says otherwise.
func TestDoTakesTheSpecsRetryClass(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		method, path string
		opts         []Option
		sent         int32
	}{
		{"PUT", "/users.json", nil, 1},                                                   // ImportUser: once
		{"PUT", "/exports.json", nil, 1},                                                 // ScheduleUsersCSV: once
		{"PUT", "/sharing/analytics/snapshots.json", nil, 1},                             // InitiateSharingAnalyticsSnapshot: once
		{"PUT", "/storage/users/" + userToken + ".json", nil, 1},                         // UpdateStorageUser: once (it may append)
		{"POST", "/storage/users/user/lookup.json", nil, 2},                              // LookupStorageUser: idempotent
		{"PUT", "/loudvoice/discussions/discussion.json?discussion_reference=r", nil, 2}, // UpdateDiscussionByReference
		{"PUT", "/identities/" + identityToken + "/synchronize.json", nil, 2},
		{"PUT", "/users.json", []Option{WithIdempotent(true)}, 2},
		{"POST", "/storage/users/user/lookup.json", []Option{WithIdempotent(false)}, 1},
		{"PUT", "/not/in/the/spec.json", nil, 2}, // the method's class
	} {
		f := setup(t)
		route, _, _ := strings.Cut(tc.path, "?")
		n := sequence(f, route, nil, 503, 200)
		err := f.client.Do(ctx, tc.method, tc.path, json.RawMessage(`{"request":{}}`), nil, tc.opts...)
		if n.Load() != tc.sent || (err == nil) != (tc.sent == 2) {
			t.Errorf("%s %s, %d option(s), after a 503: err %v after %d requests, want %d", tc.method, tc.path, len(tc.opts), err, n.Load(), tc.sent)
		}
	}
}

func TestDoPOSTNotRetriedAfterAReset(t *testing.T) {
	srv, n := resetServer(t)
	c, _ := New("", testPublicKey, testPrivateKey, WithBaseURL(srv.URL), WithRetries(2), WithBackoff(time.Millisecond, time.Millisecond))
	ctx := context.Background()
	if err := c.Do(ctx, "POST", "/x.json", json.RawMessage(`{}`), nil); !errors.Is(err, ErrNetwork) || n.Load() != 1 {
		t.Errorf("POST on a reset connection: %v after %d requests, want no retry", err, n.Load())
	}
	n.Store(0)
	if err := c.Do(ctx, "GET", "/x.json", nil, nil); !errors.Is(err, ErrNetwork) || n.Load() != 3 {
		t.Errorf("GET on reset connections: %v after %d requests, want 3", err, n.Load())
	}
}

func TestDoCancelledContextSendsNothing(t *testing.T) {
	f := setup(t)
	sequence(f, "/x.json", nil, 200)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.client.Do(ctx, "POST", "/x.json", json.RawMessage(`{}`), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if n := f.hitCount("POST", "/x.json"); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestDoRefusesBadInputAndSendsNothing(t *testing.T) {
	var n atomic.Int32
	f := setup(t)
	f.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { n.Add(1) })
	ctx := context.Background()
	var out struct{}
	for _, tc := range []struct {
		name, method, path string
		body, out          any
	}{
		{"empty path", "GET", "", nil, nil},
		{"only a query", "GET", "/?a=1", nil, nil},
		{"absolute URL", "GET", "https://evil.example/x.json", nil, nil},
		{"http URL", "GET", "http://127.0.0.1/x.json", nil, nil},
		{"host", "GET", "//evil.example/x.json", nil, nil},
		{"scheme", "GET", "javascript:alert(1)", nil, nil},
		{"dot dot", "GET", "/identities/../users.json", nil, nil},
		{"dot dot at the end", "GET", "/identities/..", nil, nil},
		{"escaped dot dot", "GET", "/identities/%2e%2E/users.json", nil, nil},
		{"escaped slash and dot dot", "GET", "/identities%2F..%2Fusers.json", nil, nil},
		{"dot", "GET", "/./users.json", nil, nil},
		{"backslash", "GET", `/identities\..\users.json`, nil, nil},
		{"newline", "GET", "/x.json\r\nX-Evil: 1", nil, nil},
		{"NUL", "GET", "/x\x00.json", nil, nil},
		{"DEL", "GET", "/x\x7f.json", nil, nil},
		{"space", "GET", "/x .json", nil, nil},
		{"fragment", "GET", "/x.json#frag", nil, nil},
		{"bad escape", "GET", "/x%zz.json", nil, nil},
		{"method", "HEAD", "/x.json", nil, nil},
		{"method with a space", "GET /y", "/x.json", nil, nil},
		{"bytes body", "POST", "/x.json", []byte(`{}`), nil},
		{"invalid raw body", "POST", "/x.json", json.RawMessage(`{"a":`), nil},
		{"null raw body", "POST", "/x.json", json.RawMessage(` null `), nil},
		{"nil map body", "POST", "/x.json", map[string]any(nil), nil},
		{"NaN body", "POST", "/x.json", math.NaN(), nil},
		{"channel body", "POST", "/x.json", make(chan int), nil},
		{"out not a pointer", "GET", "/x.json", nil, out},
		{"out nil pointer", "GET", "/x.json", nil, (*struct{})(nil)},
		{"bad option", "GET", "/x.json", nil, nil},
	} {
		var opts []Option
		if tc.name == "bad option" {
			opts = []Option{WithRetries(-1)}
		}
		err := f.client.Do(ctx, tc.method, tc.path, tc.body, tc.out, opts...)
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: err = %v, want ErrInvalidInput", tc.name, err)
		}
	}
	if n.Load() != 0 {
		t.Errorf("%d requests sent", n.Load())
	}
}

func TestDoOutThatDoesNotFit(t *testing.T) {
	f := setup(t)
	f.handle("/x.json", expect{method: "POST", body: `{}`}, 200, ok(200, "/x.json", `{"identity":{"access_token":{"key":"SECRET-TOKEN"}}}`))
	var out struct {
		Identity struct {
			AccessToken int `json:"access_token"`
		} `json:"identity"`
	}
	err := f.client.Do(context.Background(), "POST", "/x.json", json.RawMessage(`{}`), &out)
	var ae *APIError
	if !errors.As(err, &ae) || !errors.Is(err, ErrUnexpectedResponse) || !strings.Contains(err.Error(), "call succeeded") {
		t.Fatalf("err = %v, want an ErrUnexpectedResponse saying the call succeeded", err)
	}
	if strings.Contains(err.Error(), "SECRET-TOKEN") || len(ae.Body) != 0 {
		t.Errorf("the payload leaks into the error: %v / %q", err, ae.Body)
	}
}

func TestDoNeverLogsKeysQueriesOrBodies(t *testing.T) {
	var logs bytes.Buffer
	f := setup(t, WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	f.mux.HandleFunc("/x.json", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(503)
		io.WriteString(w, fail(503, "down"))
	})
	const body = `{"request":{"user":{"password":"BODY-S3CRET"}}}`
	err := f.client.Do(context.Background(), "PUT", "/x.json?password=QUERY-S3CRET", json.RawMessage(body), nil)
	if !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(logs.String(), "oneall: retrying") {
		t.Fatalf("nothing logged:\n%s", logs.String())
	}
	for _, s := range []string{logs.String(), err.Error(), f.client.String()} {
		for _, secret := range []string{testPrivateKey, "QUERY-S3CRET", "BODY-S3CRET", "Basic "} {
			if strings.Contains(s, secret) {
				t.Errorf("%q appears in %s", secret, s)
			}
		}
	}
}
