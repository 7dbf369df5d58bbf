package bulkimport

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// writeDuplicates writes a file where users come back: 20 users with 20
// rows each (given names v1..v20), interleaved with 200 users of one row,
// and externalids that later rows claim for another login (so that a row
// fails with 409 or not depending only on the file's order). It returns
// the path and every login.
func writeDuplicates(t *testing.T, dir string) (string, []string) {
	t.Helper()
	path := filepath.Join(dir, "dups.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	var logins []string
	for i := range 100 {
		logins = append(logins, fmt.Sprintf("solo%d@example.com", i))
	}
	for u := range 20 {
		logins = append(logins, fmt.Sprintf("dup%d@example.com", u))
	}
	solo := 0
	for v := 1; v <= 20; v++ {
		for u := range 20 {
			// The externalid moves between two users: dup0 and dup1 both claim
			// 1000 at times, so that one of them gets a 409, by file order.
			ext := fmt.Sprintf("%d", 2000+u)
			if u < 2 && v%5 == 0 {
				ext = "1000"
			}
			fmt.Fprintf(w, `{"login":"dup%d@example.com","externalid":%q,"identity":{"name":{"givenName":"v%d"}}}`+"\n", u, ext, v)
			if solo < 100 && (u+v)%4 == 0 {
				fmt.Fprintf(w, `{"login":"solo%d@example.com","identity":{"name":{"givenName":"s%d"}}}`+"\n", solo, solo)
				solo++
			}
		}
	}
	for ; solo < 100; solo++ {
		fmt.Fprintf(w, `{"login":"solo%d@example.com","identity":{"name":{"givenName":"s%d"}}}`+"\n", solo, solo)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path, logins
}

// finalState imports path into a new fake at the concurrency, and returns
// what the fake holds for each login, and the lines that failed.
func finalState(t *testing.T, path string, logins []string, concurrency int, faults onealltest.Faults) (map[string]string, []int64) {
	t.Helper()
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.SetFaults(faults)
	c := srv.Client(wrapper.WithRetries(0))
	dir := t.TempDir()
	st, err := Run(context.Background(), c.Storage, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: concurrency,
		CheckpointPath: filepath.Join(dir, "cp"), FailuresPath: filepath.Join(dir, "failures.jsonl")})
	if err != nil {
		t.Fatalf("concurrency %d: %v", concurrency, err)
	}
	srv.SetFaults(onealltest.Faults{})
	state := make([]string, len(logins))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(logins); i += 4 {
				u, err := c.Storage.LookupUser(context.Background(), wrapper.Lookup{Login: logins[i]})
				if err != nil {
					state[i] = "error: " + err.Error()
					continue
				}
				ext := string(u.ExternalID)
				if strings.HasPrefix(logins[i], "solo") {
					ext = "(assigned by OneAll in the order of creation)"
				}
				state[i] = fmt.Sprintf("ext=%s name=%s", ext, u.Identity.Name.GivenName)
			}
		})
	}
	wg.Wait()
	byLogin := map[string]string{}
	for i, l := range logins {
		byLogin[l] = state[i]
	}
	var failedLines []int64
	if st.Failed > 0 {
		for _, fl := range readFailures(t, filepath.Join(dir, "failures.jsonl")) {
			failedLines = append(failedLines, fl.Line)
		}
	}
	slices.Sort(failedLines)
	return byLogin, failedLines
}

// TestDuplicatesInFileOrder: rows of the same user (by login or
// externalid) are applied in file order at any concurrency, also through
// transient faults: the final state, and the rows that fail, are the
// sequential import's.
func TestDuplicatesInFileOrder(t *testing.T) {
	path, logins := writeDuplicates(t, t.TempDir())
	want, wantFailed := finalState(t, path, logins, 1, onealltest.Faults{})
	for u := 2; u < 20; u++ { // dup0 and dup1 fight over externalid 1000
		if got := want[fmt.Sprintf("dup%d@example.com", u)]; !strings.HasSuffix(got, "name=v20") {
			t.Fatalf("the sequential import left dup%d as %s, want its last row, v20", u, got)
		}
	}
	if len(wantFailed) == 0 {
		t.Fatal("no row of the sequential import failed: the file has no externalid conflict")
	}
	faulty := onealltest.Faults{Seed: 10, Rate: 0.2, RetryAfter: -1, Kinds: []onealltest.FaultKind{
		onealltest.Fault429, onealltest.Fault500, onealltest.Fault503, onealltest.FaultReset, onealltest.FaultLost}}
	for _, tc := range []struct {
		concurrency int
		faults      onealltest.Faults
	}{{8, onealltest.Faults{}}, {64, onealltest.Faults{}}, {64, faulty}} {
		got, gotFailed := finalState(t, path, logins, tc.concurrency, tc.faults)
		for _, l := range logins {
			if got[l] != want[l] {
				t.Errorf("concurrency %d (faults %v): %s is %s, the sequential import gives %s", tc.concurrency, tc.faults.Rate, l, got[l], want[l])
			}
		}
		if !slices.Equal(gotFailed, wantFailed) {
			t.Errorf("concurrency %d (faults %v): lines %v failed, the sequential import fails %v", tc.concurrency, tc.faults.Rate, gotFailed, wantFailed)
		}
	}
}

// TestRowsOfOneLoginLandInOrder is the reproduction: 200 rows of
// one login with given names v1..v200, at the default concurrency, leave
// v200, run after run.
func TestRowsOfOneLoginLandInOrder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "one.jsonl")
	var b strings.Builder
	for v := 1; v <= 200; v++ {
		fmt.Fprintf(&b, `{"login":"same@example.com","identity":{"name":{"givenName":"v%d"}}}`+"\n", v)
	}
	writeFile(t, path, b.String())
	for run := range 3 {
		srv := onealltest.NewServer()
		c := srv.Client()
		if _, err := Run(context.Background(), c.Storage, Options{Path: path, Identifier: wrapper.ByLogin, Restart: true}); err != nil {
			t.Fatal(err)
		}
		u, err := c.Storage.LookupUser(context.Background(), wrapper.Lookup{Login: "same@example.com"})
		if err != nil || u.Identity.Name.GivenName != "v200" {
			t.Fatalf("run %d: the stored name is %s (%v), want v200", run, u.Identity.Name.GivenName, err)
		}
		srv.Close()
	}
}

// TestUnrelatedRowsRunInParallel: rows that share nothing are in flight
// together (the syncer waits until 8 are), rows of one user never are.
func TestUnrelatedRowsRunInParallel(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name        string
		sameUser    bool
		wantInAtOne int64
	}{{"unrelated", false, 8}, {"one user", true, 1}} {
		path := filepath.Join(dir, tc.name+".jsonl")
		var b strings.Builder
		for i := range 64 {
			login := fmt.Sprintf("u%d@example.com", i)
			if tc.sameUser {
				login = "Same@Example.com"
				if i%2 == 1 {
					login = "same@example.com" // folded: the same key
				}
			}
			fmt.Fprintf(&b, `{"login":%q}`+"\n", login)
		}
		writeFile(t, path, b.String())
		var inFlight, most atomic.Int64
		var once sync.Once
		all := make(chan struct{})
		s := syncerFunc(func(ctx context.Context, id wrapper.Identifier, _ api.StorageUserInput) (*wrapper.SyncResult, error) {
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			if n == 8 {
				once.Do(func() { close(all) })
			}
			select { // wait for the others to come in, if they can
			case <-all:
			case <-time.After(20 * time.Millisecond):
			}
			return &wrapper.SyncResult{User: api.StorageUser{}, Created: true}, nil
		})
		if _, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin, Concurrency: 8}); err != nil {
			t.Fatal(err)
		}
		if got := most.Load(); got != tc.wantInAtOne {
			t.Errorf("%s: at most %d rows in flight at once, want %d", tc.name, got, tc.wantInAtOne)
		}
	}
}

// TestSequencer checks the parking rules directly: a row waits for every
// earlier row that shares one of its keys, and for no other.
func TestSequencer(t *testing.T) {
	s := newSequencer()
	mk := func(seq int64, keys ...uint64) *task {
		return &task{rec: record{seq: seq}, row: row{keys: keys}, size: 10}
	}
	const la, lb, lc, e1 = 1, 2, 3, 4
	a, b, c, d, e := mk(1, la), mk(2, lb, e1), mk(3, la, e1), mk(4, lc), mk(5, e1)
	for _, x := range []struct {
		t    *task
		free bool
	}{{a, true}, {b, true}, {c, false}, {d, true}, {e, false}} {
		if got := s.admit(x.t); got != x.free {
			t.Fatalf("row %d: may start = %v, want %v", x.t.rec.seq, got, x.free)
		}
	}
	if c.waits != 2 || s.parked != 20 {
		t.Fatalf("row 3 waits for %d rows (want 2), %d bytes parked", c.waits, s.parked)
	}
	if r := s.finish(a); len(r) != 0 {
		t.Fatalf("finishing row 1 released %v; row 3 still waits for row 2", r)
	}
	if r := s.finish(b); len(r) != 1 || r[0] != c {
		t.Fatalf("finishing row 2 released %v, want row 3", r)
	}
	if r := s.finish(c); len(r) != 1 || r[0] != e {
		t.Fatalf("finishing row 3 released %v, want row 5", r)
	}
	s.finish(d)
	s.finish(e)
	if len(s.tails) != 0 || s.parked != 0 {
		t.Fatalf("after every row: tails %v, %d bytes parked", s.tails, s.parked)
	}
}

// TestHistoryReleasedValues: a row that moves its user off a value takes
// that value's key, so that it stays in file order with the rows of other
// users that claim the value.
func TestHistoryReleasedValues(t *testing.T) {
	p, _ := newParser(JSONL, wrapper.ByLogin, nil)
	parse := func(line string) row { return p.parseJSON([]byte(line)) }
	var h history
	first := parse(`{"login":"u","externalid":"x"}`)
	if got := h.released(&first); len(got) != 0 {
		t.Fatalf("a user's first row gives up %v", got)
	}
	same := parse(`{"login":"u","identity":{"displayName":"no externalid: keeps x"}}`)
	if got := h.released(&same); len(got) != 0 {
		t.Fatalf("a row without an externalid gives up %v", got)
	}
	move := parse(`{"login":"u","externalid":"y"}`)
	claim := parse(`{"login":"v","externalid":"X"}`)
	if got := h.released(&move); len(got) != 1 || !slices.Contains(claim.keys, got[0]) {
		t.Fatalf("moving u from x to y gives up %v; the row claiming x has keys %v", got, claim.keys)
	}
	for i := range uint64(2 * historySize) {
		r := row{user: i*0x9e3779b97f4a7c15 | 1, login: i*0x9e3779b97f4a7c15 | 1, ext: i + 1}
		h.released(&r)
	}
	if len(h.slots) != historySize {
		t.Fatalf("history holds %d slots, want %d, allocated once", len(h.slots), historySize)
	}
}
