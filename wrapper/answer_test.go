package wrapper

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// endless serves answers of total bytes (after decompression): prefix, then
// chunk again and again. Nothing of that size is ever allocated: with gzip,
// prefix and chunk are each compressed once, as gzip members, which a gzip
// reader reads on as one stream.
type endless struct {
	status        int
	prefix, chunk []byte
	total         int64
	gzip          bool
	requests      atomic.Int32
	// sent counts the bytes written, uncompressed.
	sent atomic.Int64

	once         sync.Once
	zpre, zchunk []byte
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func (e *endless) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.requests.Add(1)
	w.Header().Set("Content-Type", "application/json")
	prefix, chunk := e.prefix, e.chunk
	if e.gzip {
		e.once.Do(func() { e.zpre, e.zchunk = gzipped(prefix), gzipped(chunk) })
		w.Header().Set("Content-Encoding", "gzip")
		prefix, chunk = e.zpre, e.zchunk
	}
	w.WriteHeader(e.status)
	if _, err := w.Write(prefix); err != nil {
		return
	}
	for n := int64(len(e.prefix)); n < e.total; n += int64(len(e.chunk)) {
		if _, err := w.Write(chunk); err != nil {
			return // the client gave up
		}
		e.sent.Add(int64(len(e.chunk)))
	}
}

// heapPeak samples the heap until stop is closed and returns the largest
// HeapAlloc seen.
func heapPeak(stop <-chan struct{}) <-chan uint64 {
	peak := make(chan uint64, 1)
	go func() {
		var m runtime.MemStats
		var top uint64
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			top = max(top, m.HeapAlloc)
			select {
			case <-stop:
				peak <- top
				return
			case <-tick.C:
			}
		}
	}()
	return peak
}

// hostile is an answer a hostile or broken server could send, and what the
// call must return.
type hostile struct {
	srv  *endless
	want error
	// attempts is how many requests one call makes with WithRetries(3).
	attempts int32
}

// The answers of 1 GiB that cost most: a list whose entries never end (what
// decoding would cost most), one string that never ends, the same list
// gzipped (a compression bomb: 1 GiB is a few MB on the wire), and an error
// page that never ends (a 503, so retried, but read only for its first
// 4 KiB).
func hostileAnswers() map[string]hostile {
	entry := `{"identity_token":"` + identityToken + `","user_token":"` + userToken + `","provider":"facebook","date_creation":"Tue, 02 May 2017 15:27:08 +0200"},`
	list := `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":{"identities":{"entries":[`
	entries := []byte(strings.Repeat(entry, 1<<20/len(entry)))
	return map[string]hostile{
		"entries": {srv: &endless{status: 200, prefix: []byte(list), chunk: entries}, want: ErrUnexpectedResponse, attempts: 1},
		"string": {srv: &endless{status: 200, prefix: []byte(`{"response":{"request":{"status":{"flag":"success","code":200,"info":"`),
			chunk: bytes.Repeat([]byte("x"), 64<<10)}, want: ErrUnexpectedResponse, attempts: 1},
		"gzip": {srv: &endless{status: 200, prefix: []byte(list), chunk: entries, gzip: true}, want: ErrUnexpectedResponse, attempts: 1},
		"error page": {srv: &endless{status: 503, prefix: []byte("<html><body>"), chunk: bytes.Repeat([]byte("<p>busy</p>"), 64<<10/11)},
			want: ErrServer, attempts: 4},
	}
}

// 32 calls at once against answers of 1 GiB stay under 64 MiB of heap in
// all, and an answer over the cap is ErrUnexpectedResponse, not retried.
func TestHostileAnswersAreCappedInMemory(t *testing.T) {
	const calls = 32
	for name, tc := range hostileAnswers() {
		t.Run(name, func(t *testing.T) {
			srv := tc.srv
			srv.total = 1 << 30
			ts := httptest.NewServer(srv)
			defer ts.Close()
			c, err := New("", testPublicKey, testPrivateKey, WithBaseURL(ts.URL),
				WithRetries(3), WithBackoff(time.Millisecond, time.Millisecond), WithTimeout(5*time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			stop := make(chan struct{})
			peak := heapPeak(stop)
			start := time.Now()
			errs := make([]error, calls)
			var wg sync.WaitGroup
			for i := range calls {
				wg.Go(func() {
					if name == "error page" {
						_, errs[i] = c.Identities.Get(context.Background(), identityToken)
					} else {
						_, errs[i] = c.Identities.List(context.Background(), nil)
					}
				})
			}
			wg.Wait()
			close(stop)
			top := <-peak
			t.Logf("%d calls: heap %.1f MiB before, peak %.1f MiB; the server wrote %.0f MiB (uncompressed) in %v",
				calls, float64(before.HeapAlloc)/(1<<20), float64(top)/(1<<20), float64(srv.sent.Load())/(1<<20), time.Since(start).Round(time.Millisecond))
			if top >= 64<<20 {
				t.Errorf("heap peaked at %.1f MiB, want under 64 MiB", float64(top)/(1<<20))
			}
			for _, err := range errs {
				var apiErr *APIError
				if !errors.Is(err, tc.want) || !errors.As(err, &apiErr) {
					t.Fatalf("err = %v, want %v", err, tc.want)
				}
				if tc.want == ErrUnexpectedResponse && (!strings.Contains(err.Error(), "larger than 4 MiB") || IsRetryable(err)) {
					t.Errorf("err = %v (retryable %v), want the cap named and no retry", err, IsRetryable(err))
				}
				if len(apiErr.Body) > maxErrorBody {
					t.Errorf("APIError.Body holds %d bytes", len(apiErr.Body))
				}
			}
			if n := srv.requests.Load(); n != calls*tc.attempts {
				t.Errorf("%d requests for %d calls, want %d each", n, calls, tc.attempts)
			}
		})
	}
}

// An answer of exactly MaxAnswerSize is read whole, one byte more is not;
// an answer read ahead decodes plain or gzipped (undone by the transport,
// or by the client when the transport did not ask for it), and its
// big-answer slot is given back.
func TestAnswersUpToTheCapAreDecoded(t *testing.T) {
	answer := func(size int) string {
		head := `{"response":{"request":{"status":{"flag":"success","code":200,"info":"`
		tail := `"}},"result":{"data":{"identity":{"identity_token":"` + identityToken + `"}}}}}` + "\n"
		return head + strings.Repeat("x", size-len(head)-len(tail)) + tail
	}
	f := setup(t, WithRetries(0))
	largest := answer(MaxAnswerSize)
	f.mux.HandleFunc("/identities/"+identityToken+".json", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, largest)
	})
	f.mux.HandleFunc("/users/"+userToken+".json", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, largest+" ")
	})
	if _, err := f.client.Identities.Get(context.Background(), identityToken); err != nil {
		t.Errorf("an answer of MaxAnswerSize: %v", err)
	}
	if _, err := f.client.Users.Get(context.Background(), userToken); !errors.Is(err, ErrUnexpectedResponse) {
		t.Errorf("one byte over the cap: %v", err)
	}

	big := answer(smallAnswer + aheadChunk + 1)
	for _, mode := range []string{"plain", "gzip", "gzip unasked"} {
		var opts []ClientOption
		if mode == "gzip unasked" {
			opts = append(opts, WithHTTPClient(&http.Client{Transport: &http.Transport{DisableCompression: true}}))
		}
		f := setup(t, append(opts, WithRetries(0))...)
		f.mux.HandleFunc("/identities/"+identityToken+".json", func(w http.ResponseWriter, r *http.Request) {
			if mode != "plain" {
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(gzipped([]byte(big)))
				return
			}
			io.WriteString(w, big)
		})
		for range bigAnswerSlots + 1 { // a slot that was not given back would block
			id, err := f.client.Identities.Get(context.Background(), identityToken)
			if err != nil || id.IdentityToken != identityToken {
				t.Fatalf("%s: %v", mode, err)
			}
		}
	}
}

// A Content-Length over the cap fails before the body is read.
func TestContentLengthOverTheCap(t *testing.T) {
	f := setup(t)
	var n atomic.Int32
	f.mux.HandleFunc("/identities/"+identityToken+".json", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Length", fmt.Sprint(MaxAnswerSize+1))
		w.WriteHeader(200)
		io.WriteString(w, `{"response":`)
	})
	_, err := f.client.Identities.Get(context.Background(), identityToken)
	if !errors.Is(err, ErrUnexpectedResponse) || n.Load() != 1 {
		t.Errorf("err = %v after %d requests", err, n.Load())
	}
}
