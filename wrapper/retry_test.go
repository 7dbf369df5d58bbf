package wrapper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/internal/ctxsleep"
)

// sequence answers each request with the next status; after the last, the
// last one again. A 200 answers with an identity.
func sequence(f *fixture, path string, header http.Header, statuses ...int) *atomic.Int32 {
	var n atomic.Int32
	f.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		st := statuses[min(i, len(statuses)-1)]
		for k, v := range header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(st)
		if st < 300 {
			io.WriteString(w, ok(st, path, `{"identity":{"identity_token":"`+identityToken+`"},"user":{"user_token":"`+userToken+`"}}`))
		} else {
			io.WriteString(w, fail(st, "try later"))
		}
	})
	return &n
}

func TestRetriesTransientStatusesThenSucceeds(t *testing.T) {
	for _, st := range []int{429, 500, 502, 503, 504} {
		f := setup(t)
		n := sequence(f, "/identities/"+identityToken+".json", nil, st, st, 200)
		if _, err := f.client.Identities.Get(context.Background(), identityToken); err != nil {
			t.Fatalf("%d: %v", st, err)
		}
		if n.Load() != 3 || len(f.recordedWaits()) != 2 {
			t.Errorf("%d: %d requests, %d waits; want 3 and 2", st, n.Load(), len(f.recordedWaits()))
		}
	}
}

func TestRetriesGiveUpWithTheLastAPIError(t *testing.T) {
	f := setup(t, WithRetries(3))
	n := sequence(f, "/identities/"+identityToken+".json", nil, 503, 503, 503, 429)
	_, err := f.client.Identities.Get(context.Background(), identityToken)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want the last answer (429)", err)
	}
	if n.Load() != 4 {
		t.Errorf("%d requests, want 1 + 3 retries", n.Load())
	}
}

func TestNoRetryOnFinalErrors(t *testing.T) {
	for _, st := range []int{400, 401, 403, 404, 409, 501} {
		f := setup(t)
		n := sequence(f, "/identities/"+identityToken+".json", nil, st)
		f.client.Identities.Get(context.Background(), identityToken)
		if n.Load() != 1 {
			t.Errorf("%d was sent %d times", st, n.Load())
		}
	}
}

func TestWithRetriesZeroDisablesRetries(t *testing.T) {
	f := setup(t, WithRetries(0))
	n := sequence(f, "/identities/"+identityToken+".json", nil, 503, 200)
	if _, err := f.client.Identities.Get(context.Background(), identityToken); !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v", err)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests", n.Load())
	}
}

func TestRetryAfterIsHonouredAndCapped(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   time.Duration
	}{
		{"2", 2 * time.Second},
		{"3600", maxRetryAfter},
		{"99999999999999999999999", maxRetryAfter},
		{time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat), 30 * time.Second},
	} {
		f := setup(t)
		sequence(f, "/identities/"+identityToken+".json", http.Header{"Retry-After": {tc.header}}, 429, 200)
		if _, err := f.client.Identities.Get(context.Background(), identityToken); err != nil {
			t.Fatal(err)
		}
		w := f.recordedWaits()
		// An HTTP date has one-second resolution: allow for the clock moving.
		if len(w) != 1 || w[0] > tc.want || w[0] < tc.want-2*time.Second {
			t.Errorf("Retry-After %q: waits %v, want %v", tc.header, w, tc.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"":                              0,
		"0":                             0,
		"-5":                            0,
		"soon":                          0,
		"7":                             7 * time.Second,
		" 7 ":                           7 * time.Second,
		"999999999999":                  maxRetryAfter, // no overflow
		"99999999999999999999999":       maxRetryAfter, // past int64
		"0099999999999999999999999.5":   maxRetryAfter,
		"1" + strings.Repeat("0", 400):  maxRetryAfter, // past float64
		"1.5":                           1500 * time.Millisecond,
		"-99999999999999999999999":      0,
		"1e9":                           0,
		"+5":                            0,
		"Fri, 02 Jan 9999 03:04:15 GMT": maxRetryAfter,
		"86400":                         maxRetryAfter,
		"Fri, 02 Jan 2026 03:04:15 GMT": 10 * time.Second,
		"Fri, 02 Jan 2026 03:00:00 GMT": 0,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestBackoffGrowsWithJitterWithinBounds(t *testing.T) {
	lo, hi := 100*time.Millisecond, 2*time.Second
	for attempt := 1; attempt <= 10; attempt++ {
		ceiling := min(lo<<(attempt-1), hi)
		for range 50 {
			d := backoff(lo, hi, attempt)
			if d < lo || d > ceiling || d < ceiling/2 {
				t.Fatalf("attempt %d: backoff %v outside [%v, %v]", attempt, d, max(lo, ceiling/2), ceiling)
			}
		}
	}
}

func TestCreateIsNeverSentTwice(t *testing.T) {
	for _, st := range []int{429, 500, 502, 503, 504} {
		f := setup(t)
		n := sequence(f, "/storage/users.json", nil, st, 201)
		_, err := f.client.Storage.CreateUser(context.Background(), apiInput())
		if err == nil || n.Load() != 1 {
			t.Errorf("create answered %d: err %v after %d requests, want an error after 1", st, err, n.Load())
		}
	}
	f := setup(t)
	n := sequence(f, "/users.json", nil, 503, 201)
	if _, err := f.client.Users.Import(context.Background(), ImportInput{Provider: "x", AccessToken: "y"}); err == nil || n.Load() != 1 {
		t.Errorf("import: err %v after %d requests", err, n.Load())
	}
	f = setup(t)
	n = sequence(f, "/storage/users/"+userToken+".json", nil, 503, 200)
	if _, err := f.client.Storage.UpdateUser(context.Background(), userToken, apiInput(), Append); err == nil || n.Load() != 1 {
		t.Errorf("append update: err %v after %d requests", err, n.Load())
	}
	f = setup(t)
	n = sequence(f, "/storage/users/"+userToken+".json", nil, 503, 200)
	if _, err := f.client.Storage.UpdateUser(context.Background(), userToken, apiInput(), Replace); err != nil || n.Load() != 2 {
		t.Errorf("replace update: err %v after %d requests, want a retry", err, n.Load())
	}
}

func TestLookupPOSTIsRetried(t *testing.T) {
	f := setup(t)
	n := sequence(f, "/storage/users/user/lookup.json", nil, 503, 200)
	if _, err := f.client.Storage.LookupUser(context.Background(), Lookup{Login: "x"}); err != nil || n.Load() != 2 {
		t.Errorf("lookup: err %v after %d requests", err, n.Load())
	}
}

// resetServer closes every connection without answering.
func resetServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestConnectionErrors(t *testing.T) {
	srv, n := resetServer(t)
	c, _ := New("", testPublicKey, testPrivateKey, WithBaseURL(srv.URL), WithRetries(2), WithBackoff(time.Millisecond, time.Millisecond))
	_, err := c.Identities.Get(context.Background(), identityToken)
	var apiErr *APIError
	if !errors.Is(err, ErrNetwork) || errors.As(err, &apiErr) || n.Load() != 3 {
		t.Errorf("GET on reset connections: %v after %d requests, want a transport error after 3", err, n.Load())
	}
	n.Store(0)
	if _, err := c.Storage.CreateUser(context.Background(), apiInput()); err == nil || n.Load() != 1 {
		t.Errorf("create on a reset connection: %v after %d requests, want no retry: it may have reached the server", err, n.Load())
	}

	// A refused connection never reached a server: even a create is retried.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	var waits int
	c, _ = New("", testPublicKey, testPrivateKey, WithBaseURL("http://"+addr), WithRetries(2), WithBackoff(time.Millisecond, time.Millisecond))
	c.sleep = func(ctx context.Context, d time.Duration) error { waits++; return nil }
	if _, err := c.Storage.CreateUser(context.Background(), apiInput()); err == nil || waits != 2 {
		t.Errorf("create on a refused connection: %v after %d waits, want 2 retries", err, waits)
	}
}

func TestPerAttemptTimeoutIsRetried(t *testing.T) {
	var n atomic.Int32
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		io.WriteString(w, ok(200, "/x", `{"identity":{"identity_token":"`+identityToken+`"}}`))
	}))
	t.Cleanup(srv.Close)
	c, _ := New("", testPublicKey, testPrivateKey, WithBaseURL(srv.URL), WithTimeout(50*time.Millisecond), WithBackoff(time.Millisecond, time.Millisecond))
	if _, err := c.Identities.Get(context.Background(), identityToken); err != nil || n.Load() != 2 {
		t.Errorf("err %v after %d requests; want the slow attempt abandoned and retried", err, n.Load())
	}
}

func TestCancelDuringBackoffWaitReturnsAtOnce(t *testing.T) {
	f := setup(t, WithBackoff(time.Hour, time.Hour))
	waiting := make(chan struct{})
	f.client.sleep = func(ctx context.Context, d time.Duration) error {
		close(waiting)
		return ctxsleep.Sleep(ctx, d) // really wait, so that only cancellation can end it
	}
	sequence(f, "/identities/"+identityToken+".json", nil, 503)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := f.client.Identities.Get(ctx, identityToken)
		done <- err
	}()
	<-waiting
	cancel()
	err := <-done // a wait that ignored ctx would hang here for an hour
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("the last answer was lost: %v", err)
	}
}

func TestCancelledContextSendsNothing(t *testing.T) {
	f := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.client.Identities.Get(ctx, identityToken); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if n := f.hitCount("GET", "/identities/"+identityToken+".json"); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestTruncatedBodyIsANetworkErrorAndRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Length", "1000")
		io.WriteString(w, `{"response":{"request":`)
	}))
	t.Cleanup(srv.Close)
	c, _ := New("", testPublicKey, testPrivateKey, WithBaseURL(srv.URL), WithRetries(1), WithBackoff(time.Millisecond, time.Millisecond))
	id, err := c.Identities.Get(context.Background(), identityToken)
	if id != nil || !errors.Is(err, ErrNetwork) || !errors.Is(err, io.ErrUnexpectedEOF) || n.Load() != 2 {
		t.Errorf("Get = %v, %v after %d requests; want a network error after a retry", id, err, n.Load())
	}
	if strings.Contains(err.Error(), testPrivateKey) {
		t.Error("key in error")
	}
}

func TestBackoffDoesNotOverflow(t *testing.T) {
	for attempt := 1; attempt <= 200; attempt++ {
		if d := backoff(time.Second, time.Duration(math.MaxInt64), attempt); d < time.Second {
			t.Fatalf("attempt %d: backoff %v", attempt, d)
		}
	}
}

func TestIsRetryable(t *testing.T) {
	answered := func(status int) error {
		f := setup(t, WithRetries(0))
		sequence(f, "/identities/"+identityToken+".json", nil, status)
		_, err := f.client.Identities.Get(context.Background(), identityToken)
		return err
	}
	for status, want := range map[int]bool{
		400: false, 401: false, 403: false, 404: false, 409: false,
		429: true, 500: true, 502: true, 503: true, 504: true,
	} {
		if err := answered(status); IsRetryable(err) != want {
			t.Errorf("%d (%v): IsRetryable = %v, want %v", status, err, !want, want)
		}
	}

	srv, _ := resetServer(t)
	c, _ := New("", testPublicKey, testPrivateKey, WithBaseURL(srv.URL), WithRetries(0))
	_, reset := c.Identities.Get(context.Background(), identityToken)
	if !IsRetryable(reset) {
		t.Errorf("a reset connection (%v) is not retryable", reset)
	}
	op := operation{method: "GET", url: &url.URL{Path: "/x.json"}}
	unknownHost := &transportError{op: op, err: &url.Error{Op: "Get", URL: "https://x.invalid", Err: &net.OpError{Op: "dial", Net: "tcp",
		Err: &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}}}}
	dnsTimeout := &transportError{op: op, err: &url.Error{Op: "Get", URL: "https://x.invalid", Err: &net.OpError{Op: "dial", Net: "tcp",
		Err: &net.DNSError{Err: "i/o timeout", Name: "x.invalid", IsTimeout: true}}}}
	for name, tc := range map[string]struct {
		err  error
		want bool
	}{
		"unknown host":           {unknownHost, false},
		"resolver timeout":       {dnsTimeout, true},
		"cancelled during retry": {fmt.Errorf("%w; retry abandoned: %w", reset, context.Canceled), false},
		"invalid input":          {invalidInput("login", "is empty"), false},
		"nil":                    {nil, false},
		"another error":          {errors.New("disk full"), false},
	} {
		if got := IsRetryable(tc.err); got != tc.want {
			t.Errorf("%s: IsRetryable(%v) = %v, want %v", name, tc.err, got, tc.want)
		}
	}
}

// The policy itself, on errors made by hand.
func TestIsRetryablePolicy(t *testing.T) {
	op := operation{method: "GET", url: &url.URL{Path: "/x.json"}, replay: idempotent}
	apiErr := func(status, code int, kind error) error {
		return &APIError{StatusCode: status, Code: code, kind: kind}
	}
	tooLarge := &APIError{StatusCode: 200, kind: ErrUnexpectedResponse, Info: errTooLarge.Error()}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"429", apiErr(429, 429, ErrRateLimited), true},
		{"500", apiErr(500, 500, ErrServer), true},
		{"502 HTML", apiErr(502, 0, ErrServer), true},
		{"503", apiErr(503, 503, ErrServer), true},
		{"504", apiErr(504, 0, ErrServer), true},
		{"503 inside a 200", apiErr(200, 503, ErrServer), true},
		{"501", apiErr(501, 501, ErrServer), false},
		{"404", apiErr(404, 404, ErrNotFound), false},
		{"400", apiErr(400, 400, ErrBadRequest), false},
		{"401", apiErr(401, 401, ErrUnauthorized), false},
		{"a 503 over the cap", &APIError{StatusCode: 503, kind: ErrUnexpectedResponse}, false},
		{"over the cap", tooLarge, false},
		{"reset", &transportError{op: op, err: io.ErrUnexpectedEOF}, true},
		{"unknown host", &transportError{op: op, err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}}}, false},
		{"DNS timeout", &transportError{op: op, err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "timeout", Name: "x", IsTimeout: true}}}, true},
		{"wrapped", fmt.Errorf("import: %w", apiErr(503, 503, ErrServer)), true},
		{"abandoned on cancel", stopped(op, context.Canceled, apiErr(503, 503, ErrServer)), false},
		{"abandoned on deadline", stopped(op, context.DeadlineExceeded, apiErr(503, 503, ErrServer)), true},
		{"invalid input", invalidInput("x", "bad"), false},
		{"nil", nil, false},
		{"other", errors.New("x"), false},
	} {
		if got := IsRetryable(tc.err); got != tc.want {
			t.Errorf("%s: IsRetryable = %v, want %v", tc.name, got, tc.want)
		}
	}
	// The retry loop asks the same question, and never resends a call that
	// may not be repeated once an answer came back.
	if retryable(apiErr(503, 503, ErrServer), sendOnce) || !retryable(apiErr(503, 503, ErrServer), idempotent) {
		t.Error("retryable does not follow replay for answers")
	}
}
