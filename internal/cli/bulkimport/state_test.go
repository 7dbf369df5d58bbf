package bulkimport

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// snapshotDir returns every file of dir with its content.
func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			out[e.Name()] = "<dir>"
			continue
		}
		out[e.Name()] = readFile(t, filepath.Join(dir, e.Name()))
	}
	return out
}

// TestStatePathsThatAreNotTheImportsAreRefused is the issue's
// reproduction 2 and more: a state path that names the input, another
// state file, a directory or a file the import did not write is refused
// with a usage error, and every file is left exactly as it was.
func TestStatePathsThatAreNotTheImportsAreRefused(t *testing.T) {
	dir := t.TempDir()
	in := writeJSONL(t, dir, 20)
	other := filepath.Join(dir, "other.jsonl")
	writeFile(t, other, `{"login":"o@example.com"}`+"\n[1]\n")
	if st, err := Run(context.Background(), newMemSyncer(), Options{Path: other, Identifier: wrapper.ByLogin, FailuresPath: filepath.Join(dir, "o.failures")}); err != nil || st.Pending != 1 {
		t.Fatal(st, err)
	}
	writeFile(t, filepath.Join(dir, "notes.txt"), "my notes\nno final newline")
	writeFile(t, filepath.Join(dir, "empty.txt"), "")
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "mine.checkpoint.lock"), "I wrote this")
	writeFile(t, filepath.Join(dir, "mine2.checkpoint.journal"), "and this")
	before := snapshotDir(t, dir)
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"failures is the input", Options{FailuresPath: in}, "is the input file"},
		{"checkpoint is the input, restart", Options{CheckpointPath: in, Restart: true}, "is the input file"},
		{"failures is the input by another name", Options{FailuresPath: p("./sub/../users.jsonl")}, "is the input file"},
		{"failures is a user's file", Options{FailuresPath: p("notes.txt")}, "was not written by an import"},
		{"failures is an empty file", Options{FailuresPath: p("empty.txt"), Restart: true}, "was not written by an import"},
		{"checkpoint is a user's file", Options{CheckpointPath: p("notes.txt"), Restart: true}, "was not written by an import"},
		{"failures is another import's checkpoint", Options{FailuresPath: other + ".checkpoint"}, "is an import's checkpoint, not"},
		{"checkpoint is another import's failures", Options{CheckpointPath: p("o.failures")}, "is an import's failures file, not"},
		{"failures is the checkpoint", Options{CheckpointPath: p("x.cp"), FailuresPath: p("x.cp")}, "are the same file"},
		{"failures is the journal", Options{CheckpointPath: p("x.cp"), FailuresPath: p("x.cp.journal")}, "are the same file"},
		{"checkpoint is a directory", Options{CheckpointPath: p("sub")}, "is a directory"},
		{"lock file is a user's file", Options{CheckpointPath: p("mine.checkpoint")}, "is not an import's lock file"},
		{"journal is a user's file", Options{CheckpointPath: p("mine2.checkpoint"), Restart: true}, "was not written by an import"},
		{"restart over another input's state", Options{CheckpointPath: other + ".checkpoint", FailuresPath: p("f2"), Restart: true}, "belongs to the import of"},
		{"retry with a user's file", Options{FailuresPath: p("notes.txt"), RetryFailures: true}, "was not written by an import"},
	} {
		o := tc.o
		o.Path, o.Identifier = in, wrapper.ByLogin
		s := newMemSyncer()
		st, err := Run(context.Background(), s, o)
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a usage error saying %q", tc.name, err, tc.want)
		}
		if st.Started || len(s.sent()) != 0 {
			t.Errorf("%s: rows were sent (%d)", tc.name, len(s.sent()))
		}
		if after := snapshotDir(t, dir); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("%s: the directory changed:\nbefore %q\nafter  %q", tc.name, before, after)
		}
	}
}

// TestFailuresFileWithoutFinalNewlineIsKept: a failures file edited by
// hand, its last failure without a newline, is resumed whole (the issue's
// reproduction: a resume cut that line); a last line cut short by a crash
// is dropped, and its row tried again.
func TestFailuresFileWithoutFinalNewlineIsKept(t *testing.T) {
	for _, torn := range []bool{false, true} {
		dir := t.TempDir()
		path := filepath.Join(dir, "in.jsonl")
		// The second bad row is far enough that the dispatcher, one row
		// ahead of the worker, cannot reach it before the interrupt.
		writeFile(t, path, "{\"login\":\"a\"}\n[1]\n{\"login\":\"b\"}\n{\"login\":\"c1\"}\n{\"login\":\"c2\"}\n{\"login\":\"c3\"}\n"+
			"{\"login\":\"c4\"}\n{\"login\":\"c5\"}\n{\"login\":\"c6\"}\n[2]\n{\"login\":\"d\"}\n")
		o := Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 1}
		ctx, cancel := context.WithCancel(context.Background())
		s := syncerFunc(func(_ context.Context, id wrapper.Identifier, _ api.StorageUserInput) (*wrapper.SyncResult, error) {
			if id.Value == "b" {
				cancel()
			}
			return &wrapper.SyncResult{User: api.StorageUser{}, Created: true}, nil
		})
		if st, err := Run(ctx, s, o); !errors.Is(err, context.Canceled) || st.Pending != 1 || st.Complete {
			t.Fatal(st, err)
		}
		fp := path + ".failures.jsonl"
		content := strings.TrimSuffix(readFile(t, fp), "\n")
		if torn {
			writeFile(t, fp, content+"\n"+`{"line":10,"row":`)
		} else {
			writeFile(t, fp, content)
		}
		st, err := Run(context.Background(), newMemSyncer(), o)
		if err != nil || st.Pending != 2 || st.Failed != 1 || !st.Complete {
			t.Fatalf("torn %v: resumed: %+v, %v", torn, st, err)
		}
		if got := readFailures(t, fp); len(got) != 2 || got[0].Line != 2 || got[1].Line != 10 {
			t.Fatalf("torn %v: failures after the resume: %+v", torn, got)
		}
		if !strings.HasPrefix(readFile(t, fp), content+"\n") {
			t.Fatalf("torn %v: the failures file was cut:\n%s", torn, readFile(t, fp))
		}
	}
}

// TestChangedFileIsRefused is the reproduction 3: killed at row
// 2320, two lines of equal length swapped further down (1200 and 9000):
// the resume is refused and says how to start over; --restart then
// imports every row.
func TestChangedFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 10_000)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := newMemSyncer()
	prog := &countingProgress{at: 2320, cancel: cancel}
	if _, err := Run(ctx, s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 4, Progress: prog}); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(readFile(t, path), "\n")
	a, b := lines[1199], lines[8999]
	if len(a) != len(b) {
		t.Fatalf("lines 1200 and 9000 differ in length: %d, %d", len(a), len(b))
	}
	lines[1199], lines[8999] = b, a
	writeFile(t, path, strings.Join(lines, ""))
	_, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin})
	if !errors.Is(err, ErrCheckpointMismatch) || !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "changed since the import began") ||
		!strings.Contains(err.Error(), "--restart") {
		t.Fatalf("resuming a changed file: %v", err)
	}
	st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Restart: true})
	if err != nil || st.Rows() != 10_000 || !st.Complete {
		t.Fatalf("restart: %+v, %v", st, err)
	}
	if len(s.sent()) != 10_000 {
		t.Fatalf("%d users after the restart, want 10000", len(s.sent()))
	}

	// Settings are part of the import too.
	for name, o := range map[string]Options{
		"other identifier": {Path: path, Identifier: wrapper.ByExternalID},
		"other format":     {Path: path, Identifier: wrapper.ByLogin, Format: CSV},
	} {
		if _, err := Run(context.Background(), s, o); !errors.Is(err, ErrUsage) {
			t.Errorf("%s: %v, want a usage error", name, err)
		}
	}
}

// TestSecondRunIsRefusedAtOnce is the reproduction 7: a second
// run of an import in progress is refused at once, not resumed from the
// first one's live journal.
func TestSecondRunIsRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 3000)
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	s := syncerFunc(func(_ context.Context, id wrapper.Identifier, _ api.StorageUserInput) (*wrapper.SyncResult, error) {
		select {
		case started <- struct{}{}:
		default:
		}
		<-release
		return &wrapper.SyncResult{User: api.StorageUser{}, Created: true}, nil
	})
	done := make(chan error, 1)
	go func() {
		_, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin})
		done <- err
	}()
	<-started
	second := newMemSyncer()
	begun := time.Now()
	st, err := Run(context.Background(), second, Options{Path: path, Identifier: wrapper.ByLogin})
	if !errors.Is(err, ErrLocked) || st.Started || len(second.sent()) != 0 {
		t.Fatalf("the second run: %+v, %v, %d rows sent; want ErrLocked and nothing sent", st, err, len(second.sent()))
	}
	if d := time.Since(begun); d > 5*time.Second {
		t.Errorf("the second run took %v to be refused", d)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(LockPath(path + ".checkpoint")); !os.IsNotExist(err) {
		t.Errorf("the lock file is left: %v", err)
	}
	if st, err := Run(context.Background(), second, Options{Path: path, Identifier: wrapper.ByLogin}); err != nil || st.Skipped != 3000 {
		t.Fatalf("a run after the first ended: %+v, %v", st, err)
	}
}

// TestRetryFailures is the reproduction 6 and its remedy: while
// the failures file holds rows, every run says so (Pending); a retry sends
// exactly those rows and removes each from the file once imported.
func TestRetryFailures(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 300)
	s := newMemSyncer()
	conflict := fmt.Errorf("%w: refused by the test", wrapper.ErrInvalidInput)
	for _, i := range []int{7, 150, 299} {
		s.fail[fmt.Sprintf("user%d@example.com", i)] = conflict
	}
	o := Options{Path: path, Identifier: wrapper.ByLogin}
	st, err := Run(context.Background(), s, o)
	if err != nil || st.Failed != 3 || st.Pending != 3 || !st.Complete {
		t.Fatalf("first run: %+v, %v", st, err)
	}
	st, err = Run(context.Background(), s, o)
	if err != nil || st.Rows() != 0 || st.Pending != 3 {
		t.Fatalf("the same command again: %+v, %v; want nothing sent and 3 rows pending", st, err)
	}
	// Two causes are fixed, one is not.
	delete(s.fail, "user7@example.com")
	delete(s.fail, "user150@example.com")
	before := s.sent()
	o.RetryFailures = true
	prog := &countingProgress{}
	o.Progress = prog
	st, err = Run(context.Background(), s, o)
	if err != nil || st.Created != 2 || st.Failed != 1 || st.Pending != 1 || !st.Retrying {
		t.Fatalf("retry: %+v, %v", st, err)
	}
	if plan := prog.plan.Load(); plan == nil || plan.Rows != 3 || !plan.Retrying {
		t.Errorf("retry plan %+v", plan)
	}
	after := s.sent()
	var resent []string
	for id, n := range after {
		if n != before[id] {
			resent = append(resent, id)
		}
	}
	slices.Sort(resent)
	if fmt.Sprint(resent) != "[user150@example.com user7@example.com]" {
		t.Fatalf("the retry sent %v, want exactly the rows that failed (and now succeed)", resent)
	}
	if fails := readFailures(t, path+".failures.jsonl"); len(fails) != 1 || fails[0].Line != 300 {
		t.Fatalf("failures after the retry: %+v", fails)
	}
	delete(s.fail, "user299@example.com")
	st, err = Run(context.Background(), s, o)
	if err != nil || st.Created != 1 || st.Pending != 0 {
		t.Fatalf("second retry: %+v, %v", st, err)
	}
	if _, err := os.Stat(path + ".failures.jsonl"); !os.IsNotExist(err) {
		t.Fatalf("the failures file of no failures is left: %v", err)
	}
	st, err = Run(context.Background(), s, o)
	if err != nil || st.Rows() != 0 || st.Pending != 0 {
		t.Fatalf("a retry with nothing to retry: %+v, %v", st, err)
	}
}

// TestStateOfTheFirstVersion: the checkpoint and failures file of the
// import's first version are its own, of another version: refused for a
// resume, replaced by --restart.
func TestStateOfTheFirstVersion(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 10)
	writeFile(t, path+".checkpoint", "{\n  \"version\": 1,\n  \"input\": {\n    \"size\": 10,\n    \"head_sha256\": \"x\"\n  },\n  \"line\": 3\n}\n")
	writeFile(t, path+".failures.jsonl", `{"line":2,"row":null,"error":"old"}`+"\n")
	_, err := Run(context.Background(), newMemSyncer(), Options{Path: path, Identifier: wrapper.ByLogin})
	if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "another version of oneall") {
		t.Fatalf("resuming the first version's state: %v", err)
	}
	st, err := Run(context.Background(), newMemSyncer(), Options{Path: path, Identifier: wrapper.ByLogin, Restart: true})
	if err != nil || st.Created != 10 || st.Pending != 0 {
		t.Fatalf("restart: %+v, %v", st, err)
	}
	if _, err := os.Stat(path + ".failures.jsonl"); !os.IsNotExist(err) {
		t.Errorf("the old failures file is left: %v", err)
	}
}
