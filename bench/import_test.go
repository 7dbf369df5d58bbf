package bench

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/internal/bulkimport"
	"github.com/oneall-go/oneall-go/internal/precise"
	"github.com/oneall-go/oneall-go/wrapper"
)

// The import's throughput target is 95% of 32 rows per 10 ms. These figures
// say how much of what is missing is the import's, and how much the
// machine's: HTTP between two processes costs something even when neither
// does anything.

const (
	importRows, importConcurrency = 10_000, 32
	importLatency                 = 10 * time.Millisecond
)

// floorEnv makes the test binary the floor server (see serveFloor).
const floorEnv = "ONEALL_BENCH_SERVE_FLOOR"

// serveFloor is a server that costs nothing but net/http: every request is
// read, then answered importLatency after it arrived (waited as onealltest
// waits: half before the handling, the rest after) with the same canned
// synchronize answer, the size of the fake's for the benchmark's rows. It
// prints its URL and keys and serves until its standard input closes.
func serveFloor() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: floor:", err)
		os.Exit(2)
	}
	answer := []byte(`{"response":{"request":{"date":"Mon, 01 Jan 2024 00:01:00 +0000","resource":"/storage/users/user/synchronize.json","status":{"code":201,"flag":"success","info":"Your request has been processed successfully"}},"result":{"data":{"user":{"user_token":"4fb92e50-603e-48c6-90bc-451a03634a81","externalid":"1","login":"user1@example.com","date_creation":"Mon, 01 Jan 2024 00:01:00 +0000","date_last_update":"Mon, 01 Jan 2024 00:01:00 +0000","num_logins":0,"identity":{"date_creation":"Mon, 01 Jan 2024 00:01:00 +0000","date_last_update":"Mon, 01 Jan 2024 00:01:00 +0000","emails":[{"value":"user1@example.com"}],"id":"/external/1","identity_token":"16180034-dad0-4a43-8329-aaa32011044a","name":{"familyName":"Family","givenName":"Given 1"},"provider":"storage","source":{"key":"storage","name":"Cloud Storage"},"user_token":"4fb92e50-603e-48c6-90bc-451a03634a81"}}}}}}`)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		_, _ = io.Copy(io.Discard, r.Body)
		if !precise.WaitUntil(r.Context(), start.Add(importLatency/2)) || !precise.WaitUntil(r.Context(), start.Add(importLatency)) {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(answer)
	})}
	go func() { _ = srv.Serve(ln) }()
	fmt.Println("http://"+ln.Addr().String(), publicKey, privateKey)
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = srv.Close()
}

// BenchmarkImportTwoProcesses imports 10,000 rows (a login, an externalid,
// a name and an email each) at concurrency 32, as `oneall storage import`
// does, against a server in another process with a latency of 10 ms (ideal
// 3,200 rows/s), in one run:
//
//   - fake: against onealltest;
//   - floor: against the floor server (serveFloor), which costs nothing;
//   - nethttp-floor: 32 goroutines of bare net/http PUTs against the floor:
//     what two processes allow on this machine.
//
// go test -run '^$' -bench ImportTwoProcesses -benchtime 1x -count 3 ./bench
func BenchmarkImportTwoProcesses(b *testing.B) {
	path := writeImportRows(b)
	fake := startFake(b, 0)
	floor := startChild(b, floorEnv+"=1")
	for _, s := range []struct {
		name string
		at   fakeProcess
	}{{"fake", fake}, {"floor", floor}} {
		b.Run(s.name, func(b *testing.B) {
			c, err := wrapper.New("", s.at.PublicKey, s.at.PrivateKey, wrapper.WithBaseURL(s.at.URL))
			if err != nil {
				b.Fatal(err)
			}
			for range b.N {
				st, err := bulkimport.Run(context.Background(), c.Storage, bulkimport.Options{
					Path: path, Identifier: wrapper.ByLogin, Concurrency: importConcurrency, Restart: true,
				})
				if err != nil || st.Failed != 0 || st.Created+st.Updated != importRows {
					b.Fatalf("%+v, %v", st, err)
				}
				b.ReportMetric(importRows/st.Elapsed.Seconds(), "rows/s")
			}
		})
	}
	b.Run("nethttp-floor", func(b *testing.B) {
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: importConcurrency}}
		for range b.N {
			start := time.Now()
			if err := putConcurrently(hc, floor.URL+"/storage/users/user/synchronize.json"); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(importRows/time.Since(start).Seconds(), "rows/s")
		}
	})
}

// writeImportRows writes the benchmark's rows and returns the file's path.
func writeImportRows(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "users.jsonl")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range importRows {
		fmt.Fprintf(w, `{"login":"user%d@example.com","externalid":"%[1]d","identity":{"name":{"givenName":"Given %[1]d","familyName":"Family"},"emails":[{"value":"user%[1]d@example.com"}]}}`+"\n", i)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// putConcurrently sends importRows small PUTs to url from importConcurrency
// goroutines, started spread over one latency as an import's first
// requests are, and returns the first failure.
func putConcurrently(hc *http.Client, url string) error {
	var next atomic.Int64
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for g := range importConcurrency {
		wg.Go(func() {
			time.Sleep(time.Duration(g) * importLatency / importConcurrency)
			for i := next.Add(1) - 1; i < importRows; i = next.Add(1) - 1 {
				body := fmt.Sprintf(`{"request":{"synchronize":{"identifier":{"field":"login","value":"user%d@example.com"},"user":{"login":"user%[1]d@example.com"}}}}`, i)
				err := put(hc, url, body)
				if err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

// put sends one PUT and reads its whole answer.
func put(hc *http.Client, url, body string) error {
	req, err := http.NewRequest(http.MethodPut, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.SetBasicAuth(publicKey, privateKey)
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
