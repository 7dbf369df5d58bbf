package bulkimport

import (
	"bufio"
	"context"
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
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// syncerFunc is a Syncer made of a function.
type syncerFunc func(ctx context.Context, id wrapper.Identifier, in api.StorageUserInput) (*wrapper.SyncResult, error)

func (f syncerFunc) SynchronizeUser(ctx context.Context, id wrapper.Identifier, in api.StorageUserInput) (*wrapper.SyncResult, error) {
	return f(ctx, id, in)
}

// journalRecords reads the records of a journal file as the test sees
// them, and fails on a header that is not one.
func journalRecords(t *testing.T, path string) map[int64]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if !strings.HasPrefix(lines[0], `{"oneall_import_journal":1,"input":{`) {
		t.Fatalf("journal header %q", lines[0])
	}
	recs := map[int64]byte{}
	for _, l := range lines[1:] {
		var n int64
		var k byte
		if _, err := fmt.Sscanf(l, "%d %c", &n, &k); err != nil {
			t.Fatalf("journal record %q: %v", l, err)
		}
		recs[n] = k
	}
	return recs
}

// writeMixedJSONL writes rows lines, every badEvery-th one invalid JSON,
// and returns the path and the bad lines.
func writeMixedJSONL(t *testing.T, dir string, rows, badEvery int) (string, map[int64]bool) {
	t.Helper()
	path := filepath.Join(dir, "mixed.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	bad := map[int64]bool{}
	for i := 1; i <= rows; i++ {
		switch {
		case i%badEvery == 0:
			fmt.Fprintf(w, `{"login":"bad%d@example.com","password":"pw-%d"`+"\n", i, i) // truncated
			bad[int64(i)] = true
		case i%100 == 1:
			fmt.Fprintf(w, `{"login":"user%d@example.com","password":"pw-%d"}`+"\n", i, i)
		default:
			fmt.Fprintf(w, `{"login":"user%d@example.com","identity":{"name":{"givenName":"U%d"}}}`+"\n", i, i)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, bad
}

// checkFailuresOnce checks that the failures file reports each bad line
// exactly once, and nothing else.
func checkFailuresOnce(t *testing.T, path string, bad map[int64]bool) {
	t.Helper()
	seen := map[int64]int{}
	for _, f := range readFailures(t, path) {
		seen[f.Line]++
	}
	for l, n := range seen {
		if n != 1 || !bad[l] {
			t.Errorf("the failures file reports line %d %d times (bad row: %v)", l, n, bad[l])
		}
	}
	if len(seen) != len(bad) {
		t.Errorf("the failures file reports %d lines, want %d", len(seen), len(bad))
	}
}

// TestImportCrashResumesExactly kills the import three times, as SIGKILL
// would (no final save, no journal compaction), at three moments: before
// any checkpoint was saved, between a checkpoint's rename and the journal's
// compaction, and after many saves; then lets it finish. The fake's request
// log must show every good row sent exactly once, the failures file every
// bad row once, and the final checkpoint the exact counts.
func TestImportCrashResumesExactly(t *testing.T) {
	const rows, badEvery = 3000, 97
	srv := onealltest.NewServer()
	defer srv.Close()
	c := srv.Client()
	dir := t.TempDir()
	path, bad := writeMixedJSONL(t, dir, rows, badEvery)
	good := int64(rows - len(bad))
	cpPath, jPath := path+".checkpoint", JournalPath(path+".checkpoint")

	var total Stats
	runs := []struct {
		name  string
		crash crashPlan
		every time.Duration
	}{
		{"killed before the first checkpoint", crashPlan{afterRows: 500}, time.Hour},
		{"killed between checkpoint and compaction", crashPlan{afterRows: 700, inSave: true}, 20 * time.Millisecond},
		{"killed after many checkpoints", crashPlan{afterRows: 600}, 20 * time.Millisecond},
		{"finished", crashPlan{}, 20 * time.Millisecond},
	}
	for i, r := range runs {
		st, err := Run(context.Background(), c.Storage, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 8,
			CheckpointEvery: r.every, crash: r.crash})
		if r.crash.afterRows > 0 != errors.Is(err, errCrashed) || (r.crash.afterRows == 0 && err != nil) {
			t.Fatalf("%s: %v", r.name, err)
		}
		total.Created += st.Created
		total.Updated += st.Updated
		total.Failed += st.Failed
		sent := srv.RequestCount("PUT", syncPath)
		t.Logf("%s: %d requests so far; this run: created %d, failed %d, skipped %d", r.name, sent, st.Created, st.Failed, st.Skipped)
		if int64(sent) != total.Created+total.Updated {
			t.Fatalf("%s: %d requests for %d rows synchronized: a row was sent twice", r.name, sent, total.Created+total.Updated)
		}
		switch i {
		case 0:
			// Nothing but the journal says what was done.
			if _, err := os.Stat(cpPath); !os.IsNotExist(err) {
				t.Fatalf("a checkpoint was saved: %v", err)
			}
			if n := len(journalRecords(t, jPath)); n < 500 {
				t.Fatalf("the journal holds %d records after 500 rows", n)
			}
		case 1:
			// The checkpoint was renamed, the journal not compacted: some rows
			// are in both.
			cp, err := ReadCheckpoint(cpPath)
			if err != nil || cp == nil {
				t.Fatalf("checkpoint %v, %v", cp, err)
			}
			both := 0
			for l := range journalRecords(t, jPath) {
				if l <= cp.Line {
					both++
				}
			}
			if both == 0 {
				t.Fatalf("no journaled row is below the checkpoint's line %d: the crash did not come before the compaction", cp.Line)
			}
			if st.Skipped < 500 {
				t.Errorf("the second run skipped %d rows, the first did 500 or more", st.Skipped)
			}
		case 3:
			if !st.Checkpoint.Complete || st.Checkpoint.Line != rows {
				t.Fatalf("final checkpoint %+v", st.Checkpoint)
			}
			if st.Checkpoint.Created != good || st.Checkpoint.Updated != 0 || st.Checkpoint.Failed != int64(len(bad)) {
				t.Errorf("final checkpoint counts %+v, want created %d, failed %d", st.Checkpoint, good, len(bad))
			}
			if _, err := os.Stat(jPath); !os.IsNotExist(err) {
				t.Errorf("the journal of a complete import is still there: %v", err)
			}
		}
	}
	if n := srv.RequestCount("PUT", syncPath); int64(n) != good {
		t.Fatalf("the server received %d synchronize requests for %d good rows", n, good)
	}
	if total.Created != good || total.Updated != 0 || total.Failed != int64(len(bad)) {
		t.Errorf("the runs created %d, updated %d, failed %d; want %d, 0, %d", total.Created, total.Updated, total.Failed, good, len(bad))
	}
	if s := srv.Stats(); int64(s.StorageUsers) != good {
		t.Errorf("the server has %d storage users, want %d", s.StorageUsers, good)
	}
	checkFailuresOnce(t, path+".failures.jsonl", bad)
}

// TestRunCrashBetweenFailureAndJournal: a row that failed is written to the
// failures file, then journaled. A kill between the two, or in the middle of
// either write, must neither report the row twice nor count it twice.
func TestRunCrashBetweenFailureAndJournal(t *testing.T) {
	dir := t.TempDir()
	path, bad := writeMixedJSONL(t, dir, 400, 9)
	good := int64(400 - len(bad))
	s := newMemSyncer()
	o := Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 4, CheckpointEvery: time.Hour}
	crashed := o
	crashed.crash = crashPlan{afterRows: 150}
	st, err := Run(context.Background(), s, crashed)
	if !errors.Is(err, errCrashed) || st.Failed == 0 {
		t.Fatalf("crashed run: %+v, %v", st, err)
	}
	// As if every failure had been killed before its journal record, and the
	// last records of both files had been cut short.
	jPath := JournalPath(path + ".checkpoint")
	b, err := os.ReadFile(jPath)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if !strings.HasSuffix(l, " f\n") {
			kept = append(kept, l)
		}
	}
	torn := strings.Join(kept, "") + "39" // a record cut short: not a row done
	if err := os.WriteFile(jPath, []byte(torn), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path+".failures.jsonl", os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(f, `{"line":399,"row":{"login":`) // a failure cut short
	f.Close()

	st2, err := Run(context.Background(), s, o)
	if err != nil {
		t.Fatal(err)
	}
	for id, n := range s.calls {
		if n != 1 {
			t.Fatalf("%s was sent %d times", id, n)
		}
	}
	if int64(len(s.calls)) != good || st.Created+st2.Created != good {
		t.Fatalf("%d users; runs created %d + %d, want %d", len(s.calls), st.Created, st2.Created, good)
	}
	if st.Failed+st2.Failed != int64(len(bad)) {
		t.Errorf("runs failed %d + %d rows, want %d", st.Failed, st2.Failed, len(bad))
	}
	if cp := st2.Checkpoint; !cp.Complete || cp.Created != good || cp.Failed != int64(len(bad)) {
		t.Errorf("checkpoint %+v", cp)
	}
	checkFailuresOnce(t, path+".failures.jsonl", bad)
}

// TestRunRateLimitStopsWaitingRows: with --rate, workers wait for a token;
// after Ctrl-C, a row still waiting is not sent (and not done: the resumed
// run sends it).
func TestRunRateLimitStopsWaitingRows(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 100)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	first := map[string]bool{}
	var late atomic.Int64
	s := syncerFunc(func(_ context.Context, id wrapper.Identifier, _ api.StorageUserInput) (*wrapper.SyncResult, error) {
		mu.Lock()
		defer mu.Unlock()
		if ctx.Err() != nil {
			late.Add(1)
		}
		first[id.Value] = true
		if len(first) == 5 {
			cancel() // Ctrl-C, while the 7 other workers wait for a token
		}
		return &wrapper.SyncResult{User: api.StorageUser{}, Created: true}, nil
	})
	// 20 per second: a token every 50 ms, so the other workers are waiting.
	st, err := Run(ctx, s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 8, Rate: 20})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if late.Load() != 0 || len(first) != 5 || st.Created != 5 {
		t.Fatalf("%d requests sent after the interrupt; %d in all; stats %+v", late.Load(), len(first), st)
	}
	if st.Checkpoint.Line > 5 {
		t.Fatalf("the checkpoint is at line %d after 5 rows", st.Checkpoint.Line)
	}

	s2 := newMemSyncer()
	st, err = Run(context.Background(), s2, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 8})
	if err != nil || st.Created != 95 || st.Skipped != 5 {
		t.Fatalf("resumed: %+v, %v", st, err)
	}
	for id := range s2.calls {
		if first[id] {
			t.Errorf("%s was sent by both runs", id)
		}
	}
	if len(s2.calls) != 95 || st.Checkpoint.Created != 100 || !st.Checkpoint.Complete {
		t.Fatalf("%d sent on resume; checkpoint %+v", len(s2.calls), st.Checkpoint)
	}
}

// TestRunRunAheadIsBounded: behind a stuck row, the other workers go on only
// runAhead lines past the mark, then wait for it.
func TestRunRunAheadIsBounded(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 500)
	release := make(chan struct{})
	var calls atomic.Int64
	s := syncerFunc(func(_ context.Context, id wrapper.Identifier, _ api.StorageUserInput) (*wrapper.SyncResult, error) {
		calls.Add(1)
		if id.Value == "user2@example.com" { // line 3
			<-release
		}
		return &wrapper.SyncResult{User: api.StorageUser{}, Created: true}, nil
	})
	done := make(chan struct{})
	var st Stats
	var err error
	go func() {
		defer close(done)
		st, err = Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 4, runAhead: 50})
	}()
	// The mark stays at 2: lines up to 52 are started, 53 waits.
	deadline := time.Now().Add(10 * time.Second)
	for calls.Load() < 52 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if n := calls.Load(); n != 52 {
		t.Errorf("%d rows started behind a stuck line 3, want 52 (runAhead 50)", n)
	}
	close(release)
	<-done
	if err != nil || st.Created != 500 || !st.Checkpoint.Complete {
		t.Fatalf("%+v, %v", st, err)
	}
}

// TestRunJournalBelongsToItsImport: a journal of another import is refused
// like a checkpoint; --restart replaces it (and sends every row again).
func TestRunJournalBelongsToItsImport(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 50)
	s := newMemSyncer()
	o := Options{Path: path, Identifier: wrapper.ByLogin, CheckpointEvery: time.Hour, crash: crashPlan{afterRows: 20}}
	if _, err := Run(context.Background(), s, o); !errors.Is(err, errCrashed) {
		t.Fatal(err)
	}
	jPath := JournalPath(path + ".checkpoint")
	if _, err := os.Stat(path + ".checkpoint"); !os.IsNotExist(err) {
		t.Fatalf("checkpoint: %v", err)
	}
	_, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByExternalID})
	if !errors.Is(err, ErrCheckpointMismatch) || !strings.Contains(err.Error(), jPath) {
		t.Fatalf("a journal of another identifier: %v", err)
	}
	b, _ := os.ReadFile(jPath)
	if err := os.WriteFile(jPath, append([]byte("not a header\n"), b...), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin}); !errors.Is(err, ErrCheckpointMismatch) {
		t.Fatalf("a journal with no header: %v", err)
	}
	st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Restart: true})
	if err != nil || st.Skipped != 0 || st.Created+st.Updated != 50 || st.Updated < 20 {
		t.Fatalf("restart: %+v, %v", st, err)
	}
	if _, err := os.Stat(jPath); !os.IsNotExist(err) {
		t.Errorf("the journal of a complete import is still there: %v", err)
	}
}

// TestRunUnreadableInput: a missing input file is a usage error
// (wrapper.ErrInvalidInput), as a bad option is.
func TestRunUnreadableInput(t *testing.T) {
	dir := t.TempDir()
	for name, p := range map[string]string{
		"missing":   filepath.Join(dir, "missing.jsonl"),
		"directory": filepath.Join(dir, "dir.jsonl"),
	} {
		if name == "directory" {
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
		}
		st, err := Run(context.Background(), newMemSyncer(), Options{Path: p, Identifier: wrapper.ByLogin})
		if !errors.Is(err, wrapper.ErrInvalidInput) || st.Started {
			t.Errorf("%s: %v (started %v), want ErrInvalidInput", name, err, st.Started)
		}
		if name == "missing" && !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: %v, want os.ErrNotExist too", name, err)
		}
	}
}

// TestRunRemovesStaleTemps: the temporary files a crash left in the middle
// of a checkpoint save or a journal compaction are deleted by the next run;
// other files are not.
func TestRunRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 3)
	stale := []string{".users.jsonl.checkpoint.123.tmp", ".users.jsonl.checkpoint.journal.456.tmp"}
	kept := []string{".users.jsonl.checkpoint.x.7.tmp", ".users.jsonl.checkpoint.9.tmp.bak"}
	for _, n := range append(stale, kept...) {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Run(context.Background(), newMemSyncer(), Options{Path: path, Identifier: wrapper.ByLogin}); err != nil {
		t.Fatal(err)
	}
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(dir, n)); !os.IsNotExist(err) {
			t.Errorf("%s: %v, want it removed", n, err)
		}
	}
	for _, n := range kept {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s: %v, want it kept", n, err)
		}
	}
}
