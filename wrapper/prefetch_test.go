package wrapper

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeList serves a list of total entries (ints 0..total-1) in pages of
// size, records the most fetches in flight at once, and can fail a page or
// delay pages so that they complete out of order.
type fakeList struct {
	total, size int
	fail        map[int]error // page -> its error
	delay       func(page int) time.Duration

	inFlight, maxInFlight atomic.Int32
	mu                    sync.Mutex
	fetched               []int
}

func (l *fakeList) fetch(ctx context.Context, lo *ListOptions) (*Page[int], error) {
	n := l.inFlight.Add(1)
	defer l.inFlight.Add(-1)
	for {
		m := l.maxInFlight.Load()
		if n <= m || l.maxInFlight.CompareAndSwap(m, n) {
			break
		}
	}
	l.mu.Lock()
	l.fetched = append(l.fetched, lo.Page)
	l.mu.Unlock()
	if lo.EntriesPerPage != l.size {
		return nil, fmt.Errorf("asked for %d entries per page", lo.EntriesPerPage)
	}
	if l.delay != nil {
		select {
		case <-time.After(l.delay(lo.Page)):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if err := l.fail[lo.Page]; err != nil {
		return nil, err
	}
	pages := (l.total + l.size - 1) / l.size
	p := &Page[int]{CurrentPage: lo.Page, TotalPages: pages, TotalEntries: l.total, EntriesPerPage: l.size}
	for i := (lo.Page - 1) * l.size; i < min(lo.Page*l.size, l.total); i++ {
		p.Entries = append(p.Entries, i)
	}
	return p, nil
}

func (l *fakeList) pages() []int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.fetched)
}

func walk(l *fakeList, ahead int, stopAfter int) ([]int, error) {
	p := &pager[int]{ctx: context.Background(), fetch: l.fetch, opts: ListOptions{EntriesPerPage: l.size}, ahead: ahead, pending: map[int]chan pageResult[int]{}}
	var got []int
	var err error
	p.run(1, func(v int, e error) bool {
		if e != nil {
			err = e
			return false
		}
		got = append(got, v)
		return len(got) != stopAfter
	})
	return got, err
}

func TestPrefetchYieldsInOrderWhateverOrderPagesArriveIn(t *testing.T) {
	for _, ahead := range []int{0, 1, 4, 50} {
		t.Run(fmt.Sprint(ahead), func(t *testing.T) {
			// Later pages answer first.
			l := &fakeList{total: 1003, size: 10, delay: func(p int) time.Duration { return time.Duration(101-p%7) * 20 * time.Microsecond }}
			got, err := walk(l, ahead, -1)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1003 {
				t.Fatalf("%d entries, want 1003", len(got))
			}
			for i, v := range got {
				if v != i {
					t.Fatalf("entry %d is %d: out of order", i, v)
				}
			}
			if f := l.pages(); len(f) != 101 {
				t.Errorf("fetched %d pages, want each of the 101 once: %v", len(f), f)
			}
			if m := int(l.maxInFlight.Load()); m > ahead+1 {
				t.Errorf("%d fetches in flight at once, want at most %d", m, ahead+1)
			}
			if ahead >= 1 && l.maxInFlight.Load() < 2 {
				t.Errorf("never more than one fetch in flight with %d pages ahead", ahead)
			}
		})
	}
}

func TestPrefetchReportsTheFirstErrorInOrder(t *testing.T) {
	errPage3, errPage5 := errors.New("page 3 failed"), errors.New("page 5 failed")
	// Page 5 fails first (page 3 is slow), but page 3 comes first in the list.
	l := &fakeList{total: 100, size: 10, fail: map[int]error{3: errPage3, 5: errPage5},
		delay: func(p int) time.Duration {
			if p == 3 {
				return 20 * time.Millisecond
			}
			return 0
		}}
	got, err := walk(l, 4, -1)
	if !errors.Is(err, errPage3) {
		t.Fatalf("err = %v, want page 3's", err)
	}
	if len(got) != 20 {
		t.Errorf("%d entries before the error, want the 20 of pages 1 and 2", len(got))
	}
	goleak.VerifyNone(t)
}

func TestPrefetchStopsEveryFetchWhenTheLoopBreaks(t *testing.T) {
	l := &fakeList{total: 10000, size: 10, delay: func(p int) time.Duration {
		if p == 1 {
			return 0
		}
		return time.Hour // only cancellation ends these
	}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		got, err := walk(l, 4, 3)
		if err != nil || len(got) != 3 {
			t.Errorf("got %v, %v", got, err)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the walk did not return after the loop broke: fetches were not cancelled")
	}
	if n := l.inFlight.Load(); n != 0 {
		t.Errorf("%d fetches still running after the walk returned", n)
	}
	if f := l.pages(); len(f) > 6 {
		t.Errorf("fetched pages %v: more than the first page and 4 ahead", f)
	}
	goleak.VerifyNone(t)
}

func TestPrefetchFollowsAListThatGrows(t *testing.T) {
	// Page 1 says 2 pages; page 2 says 4: the walk goes on to page 4.
	fetch := func(_ context.Context, lo *ListOptions) (*Page[int], error) {
		total := 2
		if lo.Page > 1 {
			total = 4
		}
		return &Page[int]{Entries: []int{lo.Page}, CurrentPage: lo.Page, TotalPages: total}, nil
	}
	for _, ahead := range []int{0, 3} {
		p := &pager[int]{ctx: context.Background(), fetch: fetch, ahead: ahead, pending: map[int]chan pageResult[int]{}}
		var got []int
		p.run(1, func(v int, err error) bool {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
			return true
		})
		if !slices.Equal(got, []int{1, 2, 3, 4}) {
			t.Errorf("ahead %d: got pages %v, want 1..4", ahead, got)
		}
	}
}

func TestPrefetchFailsWhenThePageDoesNotAdvance(t *testing.T) {
	fetch := func(_ context.Context, lo *ListOptions) (*Page[int], error) {
		return &Page[int]{Entries: []int{1}, CurrentPage: 1, TotalPages: 9}, nil
	}
	p := &pager[int]{ctx: context.Background(), fetch: fetch, ahead: 2, pending: map[int]chan pageResult[int]{}}
	var errs []error
	n := 0
	p.run(1, func(_ int, err error) bool {
		if err != nil {
			errs = append(errs, err)
		} else {
			n++
		}
		return true
	})
	if n != 1 || len(errs) != 1 || !errors.Is(errs[0], ErrUnexpectedResponse) {
		t.Errorf("%d entries, errors %v; want 1 entry then one ErrUnexpectedResponse", n, errs)
	}
}
