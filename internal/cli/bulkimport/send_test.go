package bulkimport

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// answered returns the error SynchronizeUser gives for an answer, from a
// real client and server.
func answered(t *testing.T, status int, header http.Header, body string) error {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header()[k] = v
		}
		if body == "" {
			w.Header().Set("Content-Type", "application/json")
			body = fmt.Sprintf(`{"response":{"request":{"date":"Mon, 01 Jan 2024 00:00:00 +0000","resource":"/x","status":{"flag":"error","code":%d,"info":"test"}}}}`, status)
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	c, err := wrapper.New("", "pub", "priv", wrapper.WithBaseURL(srv.URL), wrapper.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Storage.SynchronizeUser(context.Background(), wrapper.Identifier{Field: wrapper.ByLogin, Value: "x"}, api.StorageUserInput{})
	if err == nil {
		t.Fatalf("%d: no error", status)
	}
	return err
}

func storageOff(status int) string {
	return fmt.Sprintf(`{"response":{"request":{"date":"Mon, 01 Jan 2024 00:00:00 +0000","resource":"/x","status":{"flag":"error","code":%d,`+
		`"info":"The User Cloud Storage is not enabled for this site"}}}}`, status)
}

// TestClassify is the error policy, error by error.
func TestClassify(t *testing.T) {
	for name, tc := range map[string]struct {
		err  error
		want errorClass
	}{
		"400":                 {answered(t, 400, nil, ""), rowError},
		"404":                 {answered(t, 404, nil, ""), rowError},
		"409":                 {answered(t, 409, nil, ""), rowError},
		"401":                 {answered(t, 401, nil, ""), fatalError},
		"403":                 {answered(t, 403, nil, ""), fatalError},
		"storage not enabled": {answered(t, 400, nil, storageOff(400)), fatalError},
		"redirect":            {answered(t, 302, http.Header{"Location": {"http://127.0.0.1:1/"}}, "moved"), fatalError},
		"429":                 {answered(t, 429, http.Header{"Retry-After": {"1"}}, ""), transientError},
		"500":                 {answered(t, 500, nil, ""), transientError},
		"502":                 {answered(t, 502, nil, ""), transientError},
		"HTML 502":            {answered(t, 502, http.Header{"Content-Type": {"text/html"}}, "<html>bad gateway</html>"), transientError},
		"503":                 {answered(t, 503, nil, ""), transientError},
		"504":                 {answered(t, 504, nil, ""), transientError},
		"unknown host":        {fmt.Errorf("oneall: PUT /x: %w", &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}), fatalError},
		"invalid identifier":  {fmt.Errorf("%w: identifier.value: is empty", wrapper.ErrInvalidInput), rowError},
		"not the API's":       {errors.New("something else"), fatalError},
	} {
		if got := classify(tc.err); got != tc.want {
			t.Errorf("%s (%v): class %d, want %d", name, tc.err, got, tc.want)
		}
	}
}

// flaky fails each row's first n attempts with err, then succeeds.
type flaky struct {
	mu    sync.Mutex
	tries map[string]int
	n     int
	err   error
	calls []time.Time
}

func (f *flaky) SynchronizeUser(_ context.Context, id wrapper.Identifier, _ api.StorageUserInput, _ ...wrapper.Option) (*wrapper.SyncResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, time.Now())
	f.tries[id.Value]++
	if f.tries[id.Value] <= f.n {
		return nil, f.err
	}
	return &wrapper.SyncResult{User: api.StorageUser{}, Created: true}, nil
}

// TestTransientFailuresAreWaitedOut: rows that meet transient failures
// wait and go again; none fails, the import does not stop.
func TestTransientFailuresAreWaitedOut(t *testing.T) {
	for _, status := range []int{500, 502, 503} {
		f := &flaky{tries: map[string]int{}, n: 2, err: answered(t, status, nil, "")}
		path := writeJSONL(t, t.TempDir(), 50)
		st, err := Run(context.Background(), f, Options{Path: path, Identifier: wrapper.ByLogin})
		if err != nil || st.Created != 50 || st.Failed != 0 || st.Retries != 100 {
			t.Fatalf("%d twice per row: %+v, %v", status, st, err)
		}
	}
}

// TestRateLimitPausesEveryWorker: after a 429 with Retry-After, no worker
// starts a request before the Retry-After has passed.
func TestRateLimitPausesEveryWorker(t *testing.T) {
	limited := answered(t, 429, http.Header{"Retry-After": {"1"}}, "")
	var mu sync.Mutex
	var at time.Time
	var early atomic.Int64
	var once sync.Once
	s := syncerFunc(func(_ context.Context, id wrapper.Identifier, _ api.StorageUserInput) (*wrapper.SyncResult, error) {
		mu.Lock()
		start := time.Now()
		if !at.IsZero() && start.Before(at.Add(time.Second-20*time.Millisecond)) && start.After(at.Add(50*time.Millisecond)) {
			early.Add(1)
		}
		mu.Unlock()
		var err error
		once.Do(func() {
			mu.Lock()
			at = time.Now()
			mu.Unlock()
			err = limited
		})
		if err != nil {
			return nil, err
		}
		time.Sleep(time.Millisecond)
		return &wrapper.SyncResult{User: api.StorageUser{}, Created: true}, nil
	})
	path := writeJSONL(t, t.TempDir(), 200)
	begun := time.Now()
	st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 8})
	if err != nil || st.Created != 200 || st.Retries != 1 {
		t.Fatalf("%+v, %v", st, err)
	}
	if n := early.Load(); n != 0 {
		t.Errorf("%d requests started during the second the server asked every client to wait", n)
	}
	if d := time.Since(begun); d < time.Second {
		t.Errorf("the import took %v: the Retry-After of 1s was not waited", d)
	}
}

// TestMaxWaitGivesARowUp: a row that keeps failing transiently goes to the
// failures file once its waits would pass --max-wait; the others go on.
func TestMaxWaitGivesARowUp(t *testing.T) {
	unavailable := answered(t, 503, nil, "")
	for _, maxWait := range []time.Duration{300 * time.Millisecond, -1} {
		s := syncerFunc(func(_ context.Context, id wrapper.Identifier, _ api.StorageUserInput) (*wrapper.SyncResult, error) {
			if id.Value == "user3@example.com" {
				return nil, unavailable
			}
			return &wrapper.SyncResult{User: api.StorageUser{}, Created: true}, nil
		})
		path := writeJSONL(t, t.TempDir(), 20)
		st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, MaxWait: maxWait})
		if err != nil || st.Created != 19 || st.Failed != 1 || st.Pending != 1 {
			t.Fatalf("max wait %v: %+v, %v", maxWait, st, err)
		}
		fails := readFailures(t, path+".failures.jsonl")
		if len(fails) != 1 || fails[0].Line != 4 || !strings.Contains(fails[0].Error, "gave up after") || !strings.Contains(fails[0].Error, "503") {
			t.Fatalf("max wait %v: failures %+v", maxWait, fails)
		}
		if maxWait < 0 && (st.Retries != 0 || !strings.Contains(fails[0].Error, "after 1 attempt ")) {
			t.Errorf("no waiting at all: %d retries, %q", st.Retries, fails[0].Error)
		}
	}
}

// TestFatalErrorsStopTheImport: 401, 403 and storage not enabled would
// fail every row: the import stops at once, without filling the failures
// file, and says which line met the error.
func TestFatalErrorsStopTheImport(t *testing.T) {
	for name, fatal := range map[string]error{
		"401":                 answered(t, 401, nil, ""),
		"403":                 answered(t, 403, nil, ""),
		"storage not enabled": answered(t, 403, nil, storageOff(403)),
	} {
		var calls atomic.Int64
		s := syncerFunc(func(context.Context, wrapper.Identifier, api.StorageUserInput) (*wrapper.SyncResult, error) {
			calls.Add(1)
			return nil, fatal
		})
		path := writeJSONL(t, t.TempDir(), 1000)
		st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin})
		var re *RowError
		if !errors.As(err, &re) || !errors.Is(err, fatal) || strings.Contains(err.Error(), "oneall: ") {
			t.Errorf("%s: %v", name, err)
		}
		if st.Failed != 0 || calls.Load() > DefaultConcurrency {
			t.Errorf("%s: %d rows failed, %d requests", name, st.Failed, calls.Load())
		}
	}
}

// TestServerErrorAfterTheWorkIsRetried is the reproduction 5: a
// 500 or a lost answer on a synchronize the server carried out is sent
// again (an upsert), not written to the failures file.
func TestServerErrorAfterTheWorkIsRetried(t *testing.T) {
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.SetFaults(onealltest.Faults{Seed: 3, Rate: 0.3, AfterWork: true,
		Kinds: []onealltest.FaultKind{onealltest.Fault500, onealltest.FaultLost, onealltest.FaultTruncated}})
	c := srv.Client(wrapper.WithRetries(0))
	dir := t.TempDir()
	defer func(n int) { passwordEvery = n }(passwordEvery)
	passwordEvery = 50 // the fake hashes passwords with bcrypt: slow under -race
	path := writeJSONL(t, dir, 300)
	st, err := Run(context.Background(), c.Storage, Options{Path: path, Identifier: wrapper.ByLogin, FailuresPath: filepath.Join(dir, "f.jsonl")})
	if err != nil || st.Failed != 0 || st.Created+st.Updated != 300 || st.Retries == 0 {
		t.Fatalf("%+v, %v", st, err)
	}
	if s := srv.Stats(); s.StorageUsers != 300 {
		t.Fatalf("%d users", s.StorageUsers)
	}
}
