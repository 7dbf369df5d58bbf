package bulkimport

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// writeMixedJSONL writes rows lines (user<i>@example.com on line i), every
// badEvery-th one invalid JSON, and returns the path and the bad lines.
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
			fmt.Fprintf(w, `{"login":"user%d@example.com","password":"pw-%d"`+"\n", i, i) // truncated
			bad[int64(i)] = true
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

// doneOnDisk returns the lines the files say are done: up to the
// checkpoint, in the journal, in the failures file. (One row per line.)
func doneOnDisk(t *testing.T, path string) map[int64]bool {
	t.Helper()
	done := map[int64]bool{}
	cpPath := path + ".checkpoint"
	if _, err := os.Stat(cpPath); err == nil {
		cp, err := readCheckpoint(cpPath)
		if err != nil {
			t.Fatal(err)
		}
		for l := int64(1); l <= cp.Line; l++ {
			done[l] = true
		}
	}
	if _, err := os.Stat(JournalPath(cpPath)); err == nil {
		for l := range journalRecords(t, JournalPath(cpPath)) {
			done[l] = true
		}
	}
	if _, err := os.Stat(path + ".failures.jsonl"); err == nil {
		ff, err := readFailuresFile(path + ".failures.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		for _, fl := range ff.failures {
			done[fl.Line] = true
		}
	}
	return done
}

// TestCrashesResumeExactly kills the import, as SIGKILL would (from the
// crash point on nothing reaches the disk), at the moments that matter:
// in the middle of the failures file's creation, before the first
// checkpoint, between a failure's write and its journal record, between a
// checkpoint's rename and the journal's compaction, and after many saves;
// then lets it finish. After each crash, no row the files say is done is
// sent again; only rows in flight at the crash are, at most the
// concurrency; the failures file reports each bad row once; the final
// checkpoint has the exact counts.
func TestCrashesResumeExactly(t *testing.T) {
	const rows, badEvery, concurrency = 3000, 97, 8
	dir := t.TempDir()
	path, bad := writeMixedJSONL(t, dir, rows, badEvery)
	good := int64(rows - len(bad))
	cpPath := path + ".checkpoint"
	jPath, fPath := JournalPath(cpPath), path+".failures.jsonl"

	// Triggers: each is given (op, name) and returns true at the crash.
	afterJournalWrites := func(n int64) func(op, name string) bool {
		var k atomic.Int64
		return func(op, name string) bool { return op == "write" && name == jPath && k.Add(1) > n }
	}
	betweenCheckpointAndCompaction := func(minCheckpoints int) func(op, name string) bool {
		cps := 0
		return func(op, name string) bool {
			if op == "rename" && name == cpPath {
				cps++
			}
			return op == "rename" && name == jPath && cps >= minCheckpoints
		}
	}
	betweenFailureAndJournal := func(minFailures int) func(op, name string) bool {
		fails, lastWasFailure := 0, false
		return func(op, name string) bool {
			if op == "write" && name == fPath {
				fails++
				lastWasFailure = true
				return false
			}
			if op == "write" && name == jPath && lastWasFailure && fails >= minFailures {
				return true
			}
			if op == "write" && name == jPath {
				lastWasFailure = false
			}
			return false
		}
	}
	inFailuresCreation := func(op, name string) bool { return op == "rename" && name == fPath }

	s := newMemSyncer()
	runs := []struct {
		name    string
		trigger func(op, name string) bool
		every   time.Duration
	}{
		{"killed in the creation of the failures file", inFailuresCreation, time.Hour},
		{"killed before the first checkpoint", afterJournalWrites(500), time.Hour},
		{"killed between a failure and its journal record", betweenFailureAndJournal(1), 10 * time.Millisecond},
		// A count of journal writes, not of checkpoints, so that the run
		// dies however fast it goes; saves every millisecond meanwhile.
		{"killed after many checkpoints", afterJournalWrites(600), time.Millisecond},
		// At the latest, the final save of the run has this moment: a run
		// that went faster than the checkpoints dies there.
		{"killed between a checkpoint and the compaction", betweenCheckpointAndCompaction(1), 10 * time.Millisecond},
		{"finished", nil, 10 * time.Millisecond},
	}
	resent := 0
	var st Stats
	for _, r := range runs {
		done := doneOnDisk(t, path)
		before := s.sent()
		ctx, cancel := context.WithCancel(context.Background())
		cfs := &crashFS{trigger: r.trigger, cancel: cancel}
		var err error
		st, err = run(ctx, s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: concurrency, CheckpointEvery: r.every}, testDeps(cfs))
		cancel()
		if (r.trigger != nil) != cfs.died() || (r.trigger == nil && err != nil) {
			t.Fatalf("%s: died %v, err %v", r.name, cfs.died(), err)
		}
		after := s.sent()
		for id, n := range after {
			if n == before[id] {
				continue
			}
			var line int64
			fmt.Sscanf(id, "user%d@example.com", &line)
			if done[line] {
				t.Fatalf("%s: line %d was done (the files said so) and was sent again", r.name, line)
			}
			if before[id] > 0 {
				resent++
			}
		}
		t.Logf("%s: %d rows sent in all, %d done on disk after it", r.name, len(after), len(doneOnDisk(t, path)))
	}
	if resent > concurrency*(len(runs)-1) {
		t.Errorf("%d rows were sent twice: more than were in flight at the crashes", resent)
	}
	if len(s.sent()) != int(good) {
		t.Fatalf("%d rows sent, want the %d good ones", len(s.sent()), good)
	}
	// A row sent again after two crashes in a row counts twice in resent,
	// but it was created once: updated counts the rows, not the sends.
	again := 0
	for _, n := range s.sent() {
		if n > 1 {
			again++
		}
	}
	if cp := st.Checkpoint; !cp.Complete || cp.Line != rows || cp.Created+cp.Updated != good || cp.Failed != int64(len(bad)) || cp.Updated != int64(again) {
		t.Errorf("final checkpoint %+v, want created+updated %d (updated %d: rows sent again after a crash), failed %d", cp, good, again, len(bad))
	}
	seen := map[int64]int{}
	for _, f := range readFailures(t, fPath) {
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
	if _, err := os.Stat(jPath); !os.IsNotExist(err) {
		t.Errorf("the journal of a complete import is still there: %v", err)
	}
}

// TestRunRunAheadIsBounded: behind a stuck row, the other workers go on only
// runAhead rows past the mark, then wait for it.
func TestRunRunAheadIsBounded(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 500)
	release := make(chan struct{})
	var calls atomic.Int64
	s := syncerFunc(func(_ context.Context, id wrapper.Identifier, _ api.StorageUserInput) (*wrapper.SyncResult, error) {
		calls.Add(1)
		if id.Value == "user2@example.com" { // row 3
			<-release
		}
		return &wrapper.SyncResult{User: api.StorageUser{}, Created: true}, nil
	})
	done := make(chan struct{})
	var st Stats
	var err error
	go func() {
		defer close(done)
		d := testDeps(nil)
		d.runAhead = 50
		st, err = run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 4}, d)
	}()
	// The mark stays at 2: rows up to 52 are started, 53 waits.
	deadline := time.Now().Add(10 * time.Second)
	for calls.Load() < 52 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if n := calls.Load(); n != 52 {
		t.Errorf("%d rows started behind a stuck row 3, want 52 (runAhead 50)", n)
	}
	close(release)
	<-done
	if err != nil || st.Created != 500 || !st.Complete {
		t.Fatalf("%+v, %v", st, err)
	}
}

// TestCleanStopSendsNothingAgain: Ctrl-C (a cancelled context) while rows
// wait for the rate cap: none of them is sent, and the resumed run sends
// exactly the rows not done.
func TestCleanStopSendsNothingAgain(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 100)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var late atomic.Int64
	first := newMemSyncer()
	s := syncerFunc(func(c context.Context, id wrapper.Identifier, in api.StorageUserInput) (*wrapper.SyncResult, error) {
		if ctx.Err() != nil {
			late.Add(1)
		}
		res, err := first.SynchronizeUser(c, id, in)
		if len(first.sent()) == 5 {
			cancel() // Ctrl-C, while the 7 other workers wait for a token
		}
		return res, err
	})
	// 20 per second: a token every 50 ms, so the other workers are waiting.
	st, err := Run(ctx, s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 8, Rate: 20})
	if !errors.Is(err, context.Canceled) || late.Load() != 0 || st.Created != 5 || st.Checkpoint.Line > 5 {
		t.Fatalf("%v; %d requests sent after the interrupt; stats %+v", err, late.Load(), st)
	}
	second := newMemSyncer()
	st, err = Run(context.Background(), second, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 8})
	if err != nil || st.Created != 95 || st.Skipped != 5 {
		t.Fatalf("resumed: %+v, %v", st, err)
	}
	for id := range second.sent() {
		if first.sent()[id] > 0 {
			t.Errorf("%s was sent by both runs", id)
		}
	}
	if !strings.Contains(st.Summary(), "skipped 5") {
		t.Errorf("summary %q", st.Summary())
	}
}
