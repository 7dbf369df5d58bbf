package bulkimport

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
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

func (m *memSyncer) SynchronizeUser(ctx context.Context, id wrapper.Identifier, in api.StorageUserInput, opts ...wrapper.Option) (*wrapper.SyncResult, error) {
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

func (m *memSyncer) sent() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]int, len(m.calls))
	for k, v := range m.calls {
		out[k] = v
	}
	return out
}

// syncerFunc is a Syncer made of a function.
type syncerFunc func(ctx context.Context, id wrapper.Identifier, in api.StorageUserInput) (*wrapper.SyncResult, error)

func (f syncerFunc) SynchronizeUser(ctx context.Context, id wrapper.Identifier, in api.StorageUserInput, opts ...wrapper.Option) (*wrapper.SyncResult, error) {
	return f(ctx, id, in)
}

// passwordEvery is how often writeJSONL gives a row a password.
var passwordEvery = 1

// writeJSONL writes n rows with logins user0@example.com... and returns the
// path.
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

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readFailures reads the failures of a failures file, checking its header.
func readFailures(t testing.TB, path string) []Failure {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(readFile(t, path)), "\n")
	if !strings.HasPrefix(lines[0], failuresMarker) {
		t.Fatalf("failures file header %q", lines[0])
	}
	var out []Failure
	for _, l := range lines[1:] {
		var f Failure
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("failures line %q: %v", l, err)
		}
		out = append(out, f)
	}
	return out
}

// countingProgress counts settled rows and can cancel at a threshold.
type countingProgress struct {
	n      atomic.Int64
	plan   atomic.Pointer[Plan]
	at     int64
	cancel context.CancelFunc
}

func (p *countingProgress) Begin(plan Plan) { p.plan.Store(&plan) }

func (p *countingProgress) Add(n int) {
	if v := p.n.Add(int64(n)); p.cancel != nil && v >= p.at {
		p.cancel()
	}
}

// testDeps are the run's dependencies in a test: fs (nil: the real one).
func testDeps(fsys fileSystem) deps {
	d := defaultDeps()
	if fsys != nil {
		d.fs = fsys
	}
	return d
}

// crashFS is the real file system until it dies: from then on, every
// write, rename and removal is dropped (and reported as done), as if the
// process had been killed at that instant, and the run's context is
// cancelled so that it winds down. The files are left as a SIGKILL would
// leave them. trigger, called before each operation (op is "write",
// "rename" or "remove", name the file written, or renamed to), decides
// when it dies: the operation that triggers it is dropped too.
type crashFS struct {
	mu      sync.Mutex
	dead    bool
	trigger func(op, name string) bool
	cancel  context.CancelFunc
}

// alive reports whether an operation may reach the disk.
func (c *crashFS) alive(op, name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dead && c.trigger != nil && c.trigger(op, name) {
		c.dead = true
		if c.cancel != nil {
			c.cancel()
		}
	}
	return !c.dead
}

func (c *crashFS) died() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dead
}

func (c *crashFS) OpenFile(name string, flag int, perm fs.FileMode) (file, error) {
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &crashFile{fs: c, f: f, name: name}, nil
}

func (c *crashFS) CreateTemp(dir, pattern string) (file, error) {
	if !c.alive("create", filepath.Join(dir, pattern)) {
		return &crashFile{fs: c, name: filepath.Join(dir, "dropped.tmp")}, nil
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &crashFile{fs: c, f: f, name: f.Name()}, nil
}

func (c *crashFS) Rename(oldpath, newpath string) error {
	if !c.alive("rename", newpath) {
		return nil
	}
	return os.Rename(oldpath, newpath)
}

func (c *crashFS) Remove(name string) error {
	if !c.alive("remove", name) {
		return nil
	}
	return os.Remove(name)
}

type crashFile struct {
	fs   *crashFS
	f    *os.File // nil for a file created after the crash
	name string
}

func (f *crashFile) Write(p []byte) (int, error) {
	if f.f == nil || !f.fs.alive("write", f.name) {
		return len(p), nil
	}
	return f.f.Write(p)
}

func (f *crashFile) Sync() error {
	if f.f == nil {
		return nil
	}
	return f.f.Sync()
}

func (f *crashFile) Close() error {
	if f.f == nil {
		return nil
	}
	return f.f.Close()
}

func (f *crashFile) Name() string { return f.name }

// journalRecords reads the records of a journal file as the test sees
// them, and fails on a header that is not one.
func journalRecords(t *testing.T, path string) map[int64]byte {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(readFile(t, path), "\n"), "\n")
	if !strings.HasPrefix(lines[0], journalMarker) {
		t.Fatalf("journal header %q", lines[0])
	}
	recs := map[int64]byte{}
	for _, l := range lines[1:] {
		var seq, line int64
		var k byte
		if _, err := fmt.Sscanf(l, "%d %d %c", &seq, &line, &k); err != nil {
			t.Fatalf("journal record %q: %v", l, err)
		}
		recs[line] = k
	}
	return recs
}
