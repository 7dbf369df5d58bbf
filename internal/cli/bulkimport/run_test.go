package bulkimport

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/wrapper"
)

func TestRunCountsAndCheckpoint(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 500)
	s := newMemSyncer()
	prog := &countingProgress{}
	st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Progress: prog})
	if err != nil {
		t.Fatal(err)
	}
	if st.Created != 500 || st.Updated != 0 || st.Failed != 0 || st.Skipped != 0 || len(s.sent()) != 500 || !st.Complete || st.Pending != 0 {
		t.Fatalf("stats %+v, %d identifiers called", st, len(s.sent()))
	}
	if plan := prog.plan.Load(); plan == nil || plan.Rows != 500 || plan.Done != 0 || plan.Resuming {
		t.Errorf("plan %+v", plan)
	}
	if prog.n.Load() != 500 {
		t.Errorf("progress saw %d rows, want 500", prog.n.Load())
	}
	cp, err := readCheckpoint(path + ".checkpoint")
	if err != nil || cp.Rows != 500 || cp.Line != 500 || !cp.Complete || cp.Created != 500 || cp.Input.Rows != 500 {
		t.Fatalf("checkpoint %+v, %v", cp, err)
	}
	for _, p := range []string{path + ".failures.jsonl", JournalPath(path + ".checkpoint"), LockPath(path + ".checkpoint")} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s is left after a complete import without failures: %v", p, err)
		}
	}
	if !strings.Contains(st.Summary(), "created 500, updated 0, failed 0, skipped 0 (done before)") {
		t.Errorf("summary %q", st.Summary())
	}

	// Running it again sends nothing: the checkpoint says it is complete.
	prog = &countingProgress{}
	st, err = Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Progress: prog})
	if err != nil || st.Rows() != 0 || st.Skipped != 500 || st.ResumedAt != 500 || !st.Complete {
		t.Fatalf("second run: %+v, %v", st, err)
	}
	if plan := prog.plan.Load(); plan == nil || plan.Done != 500 || !plan.Resuming || plan.ResumedAt != 500 {
		t.Errorf("second run's plan %+v", plan)
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
	if st.Checkpoint.Rows != first || st.Checkpoint.Complete || st.Complete {
		t.Fatalf("checkpoint %+v after %d rows: the low-water mark must cover exactly the rows sent", st.Checkpoint, first)
	}
	st, err = Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 16})
	if err != nil {
		t.Fatal(err)
	}
	if st.Skipped != first || st.Created != 5000-first || st.Updated != 0 {
		t.Fatalf("resumed run: %+v after %d", st, first)
	}
	for id, n := range s.sent() {
		if n != 1 {
			t.Fatalf("%s was sent %d times", id, n)
		}
	}
	if len(s.sent()) != 5000 || !st.Checkpoint.Complete || st.Checkpoint.Created != 5000 {
		t.Fatalf("%d users, checkpoint %+v", len(s.sent()), st.Checkpoint)
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
		`{"login":"refused","password":"secret-4","identity":{"customData":{"PassWD":"secret-5"}}}`,
		strings.Repeat("z", MaxLine+10),
		`{"login":"ok3","password":"secret-6"}`,
		`[1,2,3]`,
	}
	writeFile(t, path, strings.Join(lines, "\n")+"\n")
	s := newMemSyncer()
	s.fail["refused"] = fmt.Errorf("%w: login: refused by the test", wrapper.ErrInvalidInput)
	st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin})
	if err != nil {
		t.Fatal(err)
	}
	if st.Created != 2 || st.Failed != 5 || st.Pending != 5 || !st.Complete {
		t.Fatalf("stats %+v", st)
	}
	fails := readFailures(t, path+".failures.jsonl")
	want := map[int64]string{2: "invalid JSON", 4: `missing identifier: no "login"`, 5: "refused by the test", 6: "longer than",
		8: "a row must be a JSON object, not an array"}
	if len(fails) != len(want) {
		t.Fatalf("failures %+v", fails)
	}
	for _, f := range fails {
		if !strings.Contains(f.Error, want[f.Line]) {
			t.Errorf("line %d: error %q, want %q", f.Line, f.Error, want[f.Line])
		}
	}
	b := readFile(t, path+".failures.jsonl")
	if strings.Contains(b, "secret-") {
		t.Errorf("the failures file holds a password:\n%s", b)
	}
	if !strings.Contains(b, `"row":{"identity":{"customData":{"PassWD":"[REDACTED]"}},"login":"refused","password":"[REDACTED]"}`) {
		t.Errorf("the refused row is not in the failures file, redacted:\n%s", b)
	}
	if st.Checkpoint.Line != 8 || !st.Checkpoint.Complete {
		t.Errorf("checkpoint %+v: failed rows are done too", st.Checkpoint)
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
		st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Shard: Shard{Index: i, Count: 3}})
		if err != nil {
			t.Fatal(err)
		}
		if st.Created < 500 || st.Created+st.OtherShards+st.Failed != 2001 {
			t.Errorf("shard %d: %+v", i, st)
		}
		if _, err := readCheckpoint(fmt.Sprintf("%s.shard-%d-of-3.checkpoint", path, i)); err != nil {
			t.Errorf("shard %d keeps no checkpoint of its own: %v", i, err)
		}
		failed += st.Failed
	}
	if len(s.sent()) != 2000 || failed != 1 {
		t.Fatalf("%d users, %d failures", len(s.sent()), failed)
	}
	for id, n := range s.sent() {
		if n != 1 {
			t.Fatalf("%s was sent by %d shards", id, n)
		}
	}
}

func TestParseShardAuto(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == JobIndexEnv {
				return v
			}
			return ""
		}
	}
	if s, err := ParseShard("auto/4", env("2")); err != nil || s != (Shard{Index: 2, Count: 4}) {
		t.Fatalf("auto/4 with index 2: %+v, %v", s, err)
	}
	for _, tc := range []struct{ shard, index, want string }{
		{"auto/4", "", "JOB_COMPLETION_INDEX, which is not set"},
		{"auto/4", "4", "want 0 to 3"},
		{"auto/4", "x", "want 0 to 3"},
		{"auto/0", "0", "shard must be"},
		{"2/2", "", "shard must be"},
		{"a/b", "", "shard must be"},
	} {
		if _, err := ParseShard(tc.shard, env(tc.index)); !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseShard(%q) with index %q: %v, want %q", tc.shard, tc.index, err, tc.want)
		}
	}
}

func TestShardSpreads(t *testing.T) {
	shards := []Shard{{0, 3}, {1, 3}, {2, 3}}
	counts := make([]int, 3)
	for n := range 3000 {
		id := fmt.Sprintf("user%d@example.com", n)
		owners := 0
		for i, s := range shards {
			if s.Keeps(id) {
				owners++
				counts[i]++
			}
		}
		if owners != 1 {
			t.Fatalf("%s is kept by %d shards", id, owners)
		}
	}
	for i, c := range counts {
		if c < 800 {
			t.Errorf("shard %d got %d of 3000 rows: the hash does not spread", i, c)
		}
	}
}

func TestRunStopsOnFatalError(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 1000)
	s := newMemSyncer()
	down := errors.New("something no row escapes")
	s.fail["user10@example.com"] = down
	st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 1})
	var re *RowError
	if !errors.Is(err, down) || !errors.As(err, &re) || re.Line != 11 || err.Error() != "line 11: something no row escapes" {
		t.Fatalf("err %v", err)
	}
	if st.Failed != 0 || st.Checkpoint.Line != 10 || st.Created != 10 || st.Complete {
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
		"no path":            {Identifier: wrapper.ByLogin},
		"bad extension":      {Path: filepath.Join(dir, "x.txt"), Identifier: wrapper.ByLogin},
		"bad identifier":     {Path: path, Identifier: "email"},
		"concurrency":        {Path: path, Identifier: wrapper.ByLogin, Concurrency: -1},
		"concurrency 2000":   {Path: path, Identifier: wrapper.ByLogin, Concurrency: 2000},
		"rate":               {Path: path, Identifier: wrapper.ByLogin, Rate: -1},
		"rate NaN":           {Path: path, Identifier: wrapper.ByLogin, Rate: nan()},
		"rate 1e-9":          {Path: path, Identifier: wrapper.ByLogin, Rate: 1e-9},
		"format":             {Path: path, Identifier: wrapper.ByLogin, Format: "xml"},
		"restart and retry":  {Path: path, Identifier: wrapper.ByLogin, Restart: true, RetryFailures: true},
		"shard out of range": {Path: path, Identifier: wrapper.ByLogin, Shard: Shard{Index: 3, Count: 2}},
	} {
		st, err := Run(context.Background(), newMemSyncer(), o)
		if !errors.Is(err, ErrUsage) || errors.Is(err, wrapper.ErrInvalidInput) || st.Started {
			t.Errorf("%s: %v, want ErrUsage (and not the SDK's ErrInvalidInput)", name, err)
		}
	}
}

func nan() float64 {
	z := 0.0
	return z / z
}

// TestRunUnreadableInput: a missing input file is a usage error.
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
		if !errors.Is(err, ErrUsage) || st.Started {
			t.Errorf("%s: %v (started %v), want ErrUsage", name, err, st.Started)
		}
		if name == "missing" && !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: %v, want os.ErrNotExist too", name, err)
		}
	}
}

// TestRunRemovesStaleTemps: the temporary files a crash left in the middle
// of a save are deleted by the next run; other files are not.
func TestRunRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := writeJSONL(t, dir, 3)
	stale := map[string]string{
		".users.jsonl.checkpoint.123.tmp":         "",
		".users.jsonl.checkpoint.journal.456.tmp": journalMarker + "2,",
		".users.jsonl.failures.jsonl.789.tmp":     failuresMarker + "1,",
	}
	kept := map[string]string{
		".users.jsonl.checkpoint.x.7.tmp":   "",
		".users.jsonl.checkpoint.9.tmp.bak": "",
		".users.jsonl.checkpoint.10.tmp":    "the user's own notes",
	}
	for _, m := range []map[string]string{stale, kept} {
		for n, content := range m {
			writeFile(t, filepath.Join(dir, n), content)
		}
	}
	if _, err := Run(context.Background(), newMemSyncer(), Options{Path: path, Identifier: wrapper.ByLogin}); err != nil {
		t.Fatal(err)
	}
	for n := range stale {
		if _, err := os.Stat(filepath.Join(dir, n)); !os.IsNotExist(err) {
			t.Errorf("%s: %v, want it removed", n, err)
		}
	}
	for n, content := range kept {
		if got := readFile(t, filepath.Join(dir, n)); got != content {
			t.Errorf("%s: %q, want it kept as it was", n, got)
		}
	}
}
