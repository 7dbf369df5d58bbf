package bulkimport

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// memSyncer is an in-memory Syncer that counts the calls per identifier.
type memSyncer struct {
	mu    sync.Mutex
	calls map[string]int
	// fail makes the call for that identifier fail with that error.
	fail  map[string]error
	delay time.Duration
}

func newMemSyncer() *memSyncer {
	return &memSyncer{calls: map[string]int{}, fail: map[string]error{}}
}

func (m *memSyncer) SynchronizeUser(ctx context.Context, id wrapper.Identifier, in api.StorageUserInput) (*wrapper.SyncResult, error) {
	if m.delay > 0 {
		time.Sleep(m.delay)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fail[id.Value]; err != nil {
		return nil, err
	}
	m.calls[id.Value]++
	return &wrapper.SyncResult{User: api.StorageUser{}, Created: m.calls[id.Value] == 1}, nil
}

// passwordEvery is how often writeJSONL gives a row a password.
var passwordEvery = 1

func writeJSONL(t testing.TB, dir string, n int) string {
	t.Helper()
	p := filepath.Join(dir, "users.jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range n {
		// One row in passwordEvery has a password: the fake hashes each with
		// bcrypt, which would otherwise dominate a large import's time.
		if i%passwordEvery == 0 {
			fmt.Fprintf(w, `{"login":"user%d@example.com","password":"pw-%d","identity":{"name":{"givenName":"User %d"}}}`+"\n", i, i, i)
		} else {
			fmt.Fprintf(w, `{"login":"user%d@example.com","identity":{"name":{"givenName":"User %d"}}}`+"\n", i, i)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFailures(t *testing.T, path string) []Failure {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []Failure
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var f Failure
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("failures line %q: %v", l, err)
		}
		out = append(out, f)
	}
	return out
}

// countingProgress counts settled lines and can cancel at a threshold.
type countingProgress struct {
	n      atomic.Int64
	at     int64
	cancel context.CancelFunc
}

func (p *countingProgress) Add(n int) error {
	if v := p.n.Add(int64(n)); p.cancel != nil && v >= p.at {
		p.cancel()
	}
	return nil
}

func TestRunCountsAndCheckpoint(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 500)
	s := newMemSyncer()
	prog := &countingProgress{}
	st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Progress: prog})
	if err != nil {
		t.Fatal(err)
	}
	if st.Created != 500 || st.Updated != 0 || st.Failed != 0 || st.Skipped != 0 || len(s.calls) != 500 {
		t.Fatalf("stats %+v, %d identifiers called", st, len(s.calls))
	}
	if prog.n.Load() != 500 {
		t.Errorf("progress saw %d lines, want 500", prog.n.Load())
	}
	cp, err := ReadCheckpoint(path + ".checkpoint")
	if err != nil || cp == nil || cp.Line != 500 || !cp.Complete || cp.Created != 500 {
		t.Fatalf("checkpoint %+v, %v", cp, err)
	}
	if _, err := os.Stat(path + ".failures.jsonl"); !os.IsNotExist(err) {
		t.Errorf("a failures file was written without failures: %v", err)
	}
	if !strings.Contains(st.Summary(), "created 500, updated 0, failed 0, skipped 0 (checkpoint)") {
		t.Errorf("summary %q", st.Summary())
	}

	// Running it again sends nothing: the checkpoint says it is complete.
	st, err = Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin})
	if err != nil || st.Rows() != 0 || st.Skipped != 500 || st.ResumedAt != 500 {
		t.Fatalf("second run: %+v, %v", st, err)
	}
	// --restart sends everything again: now they are updates.
	st, err = Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Restart: true})
	if err != nil || st.Updated != 500 || st.Skipped != 0 {
		t.Fatalf("restart: %+v, %v", st, err)
	}
}

func TestRunResumeSendsNothingTwice(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 5000)
	s := newMemSyncer()
	s.delay = 100 * time.Microsecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	prog := &countingProgress{at: 1234, cancel: cancel}
	st, err := Run(ctx, s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 16, Progress: prog})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: err %v", err)
	}
	first := st.Rows()
	if first < 1234 || first >= 5000 {
		t.Fatalf("interrupted run sent %d rows", first)
	}
	if st.Checkpoint.Line != first || st.Checkpoint.Complete {
		t.Fatalf("checkpoint %+v after %d rows: the low-water mark must cover exactly the rows sent", st.Checkpoint, first)
	}
	st, err = Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 16})
	if err != nil {
		t.Fatal(err)
	}
	if st.Skipped != first || st.Created != 5000-first || st.Updated != 0 {
		t.Fatalf("resumed run: %+v after %d", st, first)
	}
	for id, n := range s.calls {
		if n != 1 {
			t.Fatalf("%s was sent %d times", id, n)
		}
	}
	if len(s.calls) != 5000 || !st.Checkpoint.Complete || st.Checkpoint.Created != 5000 {
		t.Fatalf("%d users, checkpoint %+v", len(s.calls), st.Checkpoint)
	}
}

func TestRunBadRowsGoToFailures(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "in.jsonl")
	lines := []string{
		`{"login":"ok1","password":"secret-1"}`,
		`{"login":"ok2","password":"secret-2"`, // truncated JSON
		``,
		`{"externalid":"9","password":"secret-3"}`, // no login
		`{"login":"refused","password":"secret-4"}`,
		strings.Repeat("z", MaxLine+10),
		`{"login":"ok3","password":"secret-5"}`,
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := newMemSyncer()
	s.fail["refused"] = fmt.Errorf("%w: login: refused by the test", wrapper.ErrInvalidInput)
	st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin})
	if err != nil {
		t.Fatal(err)
	}
	if st.Created != 2 || st.Failed != 4 {
		t.Fatalf("stats %+v", st)
	}
	fails := readFailures(t, path+".failures.jsonl")
	want := map[int64]string{2: "invalid JSON", 4: `missing identifier: no "login"`, 5: "refused by the test", 6: "longer than"}
	if len(fails) != len(want) {
		t.Fatalf("failures %+v", fails)
	}
	for _, f := range fails {
		if !strings.Contains(f.Error, want[f.Line]) {
			t.Errorf("line %d: error %q, want %q", f.Line, f.Error, want[f.Line])
		}
	}
	b, _ := os.ReadFile(path + ".failures.jsonl")
	if strings.Contains(string(b), "secret-") {
		t.Errorf("the failures file holds a password:\n%s", b)
	}
	if !strings.Contains(string(b), `"row":{"login":"refused","password":"[REDACTED]"}`) {
		t.Errorf("the refused row is not in the failures file, redacted:\n%s", b)
	}
	if st.Checkpoint.Line != 7 || !st.Checkpoint.Complete {
		t.Errorf("checkpoint %+v: failed rows are done too", st.Checkpoint)
	}
}

func TestRunCSV(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "in.csv")
	in := "login,password,given_name\r\nann,pw1,Ann\r\nbob,pw2,\r\n,pw3,Nobody\r\n"
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	s := newMemSyncer()
	st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin})
	if err != nil {
		t.Fatal(err)
	}
	if st.Created != 2 || st.Failed != 1 || s.calls["ann"] != 1 || s.calls["bob"] != 1 {
		t.Fatalf("stats %+v, calls %v", st, s.calls)
	}
	fails := readFailures(t, path+".failures.jsonl")
	if len(fails) != 1 || fails[0].Line != 4 || string(fails[0].Row) != `",,Nobody"` {
		t.Errorf("failures %+v", fails)
	}
	if _, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByExternalID, Restart: true}); !errors.Is(err, wrapper.ErrInvalidInput) {
		t.Errorf("a CSV without the identifier column: %v", err)
	}
}

func TestRunShards(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 2000)
	// A bad row is reported by shard 0 only.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprintln(f, `{"password":"x"}`)
	f.Close()
	s := newMemSyncer()
	var failed int64
	for i := range 3 {
		st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Shard: Shard{Index: i, Count: 3},
			CheckpointPath: filepath.Join(dir, fmt.Sprintf("cp%d", i)), FailuresPath: filepath.Join(dir, fmt.Sprintf("f%d", i))})
		if err != nil {
			t.Fatal(err)
		}
		if st.Created < 500 || st.Created+st.OtherShards+st.Failed != 2001 {
			t.Errorf("shard %d: %+v", i, st)
		}
		failed += st.Failed
	}
	if len(s.calls) != 2000 || failed != 1 {
		t.Fatalf("%d users, %d failures", len(s.calls), failed)
	}
	for id, n := range s.calls {
		if n != 1 {
			t.Fatalf("%s was sent by %d shards", id, n)
		}
	}
}

func TestRunRefusesForeignCheckpoint(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 10)
	s := newMemSyncer()
	if _, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin}); err != nil {
		t.Fatal(err)
	}
	for name, o := range map[string]Options{
		"other identifier": {Path: path, Identifier: wrapper.ByExternalID},
		"other shard":      {Path: path, Identifier: wrapper.ByLogin, Shard: Shard{Index: 1, Count: 2}},
	} {
		if _, err := Run(context.Background(), s, o); !errors.Is(err, ErrCheckpointMismatch) {
			t.Errorf("%s: %v, want ErrCheckpointMismatch", name, err)
		}
	}
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprintln(f, `{"login":"late"}`)
	f.Close()
	if _, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin}); !errors.Is(err, ErrCheckpointMismatch) {
		t.Errorf("changed file: %v, want ErrCheckpointMismatch", err)
	}
}

func TestRunStopsOnFatalError(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 1000)
	s := newMemSyncer()
	down := errors.New("connection refused")
	s.fail["user10@example.com"] = down
	st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 1})
	if !errors.Is(err, down) || !strings.Contains(err.Error(), "line 11") {
		t.Fatalf("err %v", err)
	}
	if st.Failed != 0 || st.Checkpoint.Line != 10 || st.Created != 10 {
		t.Fatalf("a fatal error is no row failure and is retried on resume: %+v", st)
	}
	delete(s.fail, "user10@example.com")
	st, err = Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 1})
	if err != nil || st.Created != 990 || st.Skipped != 10 {
		t.Fatalf("resume: %+v, %v", st, err)
	}
}

func TestRunRateLimit(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 30)
	s := newMemSyncer()
	start := time.Now()
	st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Rate: 100})
	if err != nil || st.Created != 30 {
		t.Fatal(st, err)
	}
	// 30 requests at 100/s with a burst of 1 take at least 290 ms.
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("30 rows at 100/s took %v", d)
	}
}

func TestOptionsValidation(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 1)
	for name, o := range map[string]Options{
		"no path":        {Identifier: wrapper.ByLogin},
		"bad extension":  {Path: filepath.Join(dir, "x.txt"), Identifier: wrapper.ByLogin},
		"bad identifier": {Path: path, Identifier: "email"},
		"concurrency":    {Path: path, Identifier: wrapper.ByLogin, Concurrency: -1},
		"rate":           {Path: path, Identifier: wrapper.ByLogin, Rate: -1},
		"format":         {Path: path, Identifier: wrapper.ByLogin, Format: "xml"},
	} {
		if _, err := Run(context.Background(), newMemSyncer(), o); !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", name, err)
		}
	}
}
