package bench

import (
	"bufio"
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

	"github.com/oneall-go/oneall-go/internal/cli/bulkimport"
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
	answer := envelope(http.StatusCreated, "/storage/users/user/synchronize.json", `{"user":{"user_token":"4fb92e50-603e-48c6-90bc-451a03634a81","externalid":"1","login":"user1@example.com","date_creation":"Mon, 01 Jan 2024 00:01:00 +0000","date_last_update":"Mon, 01 Jan 2024 00:01:00 +0000","num_logins":0,"identity":{"date_creation":"Mon, 01 Jan 2024 00:01:00 +0000","date_last_update":"Mon, 01 Jan 2024 00:01:00 +0000","emails":[{"value":"user1@example.com"}],"id":"/external/1","identity_token":"16180034-dad0-4a43-8329-aaa32011044a","name":{"familyName":"Family","givenName":"Given 1"},"provider":"storage","source":{"key":"storage","name":"Cloud Storage"},"user_token":"4fb92e50-603e-48c6-90bc-451a03634a81"}}}`)
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
// 3,200 rows/s), and splits what it costs, in one run:
//
//   - nethttp-floor: 32 goroutines of bare net/http PUTs against the floor
//     server (serveFloor), which costs nothing: what two processes allow
//     on this machine;
//   - import-floor: the import against the floor: the import's cost, SDK
//     included;
//   - nethttp-fake: the bare PUTs against onealltest: the fake's cost;
//   - import-fake: the import against onealltest, as the command runs.
//
// go test -run '^$' -bench ImportTwoProcesses -benchtime 1x -count 3 ./bench
func BenchmarkImportTwoProcesses(b *testing.B) {
	path := writeImportRows(b)
	servers := map[string]fakeProcess{"fake": startFake(b, 0), "floor": startChild(b, floorEnv+"=1")}
	for _, name := range []string{"nethttp-floor", "import-floor", "nethttp-fake", "import-fake"} {
		client, server, _ := strings.Cut(name, "-")
		at := servers[server]
		b.Run(name, func(b *testing.B) {
			for range b.N {
				var rate float64
				if client == "import" {
					rate = importInto(b, path, at)
				} else {
					rate = putInto(b, at)
				}
				b.ReportMetric(rate, "rows/s")
			}
		})
	}
}

// importInto imports the rows at path into the server at and returns the
// rows per second.
func importInto(b *testing.B, path string, at fakeProcess) float64 {
	c, err := wrapper.New("", at.PublicKey, at.PrivateKey, wrapper.WithBaseURL(at.URL))
	if err != nil {
		b.Fatal(err)
	}
	st, err := bulkimport.Run(context.Background(), c.Storage, bulkimport.Options{
		Path: path, Identifier: wrapper.ByLogin, Concurrency: importConcurrency, Restart: true,
	})
	if err != nil || st.Failed != 0 || st.Created+st.Updated != importRows {
		b.Fatalf("%+v, %v", st, err)
	}
	return importRows / st.Elapsed.Seconds()
}

// putInto sends the rows as bare synchronize PUTs from importConcurrency
// goroutines, started spread over one latency as an import's first
// requests are, and returns the rows per second.
func putInto(b *testing.B, at fakeProcess) float64 {
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: importConcurrency}}
	defer hc.CloseIdleConnections()
	url := at.URL + "/storage/users/user/synchronize.json"
	var next atomic.Int64
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	start := time.Now()
	for g := range importConcurrency {
		wg.Go(func() {
			time.Sleep(time.Duration(g) * importLatency / importConcurrency)
			for i := next.Add(1) - 1; i < importRows && failed.Load() == nil; i = next.Add(1) - 1 {
				body := fmt.Sprintf(`{"request":{"synchronize":{"identifier":{"field":"login","value":"user%d@example.com"},"user":%s}}}`, i, importRow(int(i)))
				if err := put(hc, url, at, body); err != nil {
					failed.CompareAndSwap(nil, &err)
				}
			}
		})
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		b.Fatal(*err)
	}
	return importRows / time.Since(start).Seconds()
}

// importRow is row i of the benchmark, as a line of the import's JSONL file
// and as the user of a bare synchronize.
func importRow(i int) string {
	return fmt.Sprintf(`{"login":"user%d@example.com","externalid":"%[1]d","identity":{"name":{"givenName":"Given %[1]d","familyName":"Family"},"emails":[{"value":"user%[1]d@example.com"}]}}`, i)
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
		fmt.Fprintln(w, importRow(i))
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// put sends one PUT to the server at and reads its whole answer.
func put(hc *http.Client, url string, at fakeProcess, body string) error {
	req, err := http.NewRequest(http.MethodPut, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.SetBasicAuth(at.PublicKey, at.PrivateKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
