package bulkimport

import (
	"context"
	"sync"
)

// The sequencer keeps file order among the rows of one user. A row names
// up to three unique values (its keys): the identifier's, its login and its
// externalid. A row starts only once every earlier row that shares a key
// with it has finished and been journaled; rows that share nothing run in
// parallel. So each user's rows are applied one after the other in the
// order of the file, and the final state is the sequential import's,
// whatever the concurrency. A row that waits is parked with the row before
// it and handed to the workers when that one finishes; the workers never
// wait for one another.
//
// Across a resume the order holds too: a row is journaled only after every
// earlier row of its keys was, so the rows an earlier run left undone of a
// key all come after the rows it did.

// history remembers, for the users of recent rows, the login and the
// externalid their last row set. A row that gives either up for another
// value also takes the key of the value it gives up: so it waits for the
// earlier rows that claim that value (which, in file order, fail with a
// 409), and the later rows that claim it wait for it (in file order, it
// was free for them). It is a table of historySize slots, a user's slot
// picked by its key, allocated once: a user whose slot a more recent user
// took, or whose values come from before the import, cannot be known; then
// the row giving the value up may be applied out of order with a row of
// another user claiming it.
type history struct {
	slots []historySlot
}

// historySize is the number of slots of the history (1.5 MiB).
const historySize = 1 << 16

type historySlot struct{ user, login, ext uint64 }

// released returns the keys of the values r gives up, and remembers r's.
func (h *history) released(r *row) []uint64 {
	if r.user == 0 || (r.login == 0 && r.ext == 0) {
		return nil
	}
	if h.slots == nil {
		h.slots = make([]historySlot, historySize)
		// Touch every page now, so that the table's memory is all resident
		// from the first row, not paged in as users fill it: the import's
		// memory is then the same for 100,000 rows as for 10,000,000.
		for i := 0; i < len(h.slots); i += 4096 / 24 {
			h.slots[i] = historySlot{user: 0}
		}
	}
	slot := &h.slots[(r.user^r.user>>32)&(historySize-1)]
	old := historySlot{user: r.user}
	if slot.user == r.user {
		old = *slot
	}
	var keys []uint64
	now := old
	if r.login != 0 {
		if old.login != 0 && old.login != r.login {
			keys = append(keys, old.login)
		}
		now.login = r.login
	}
	if r.ext != 0 {
		if old.ext != 0 && old.ext != r.ext {
			keys = append(keys, old.ext)
		}
		now.ext = r.ext
	}
	*slot = now
	return keys
}

// task is a row on its way through the workers.
type task struct {
	rec   record
	row   row
	size  int64 // bytes of the row held in memory, for the parking budget
	tries tries // the worker's

	// Guarded by the sequencer's lock.
	waits int     // earlier rows of its keys not yet finished
	next  []*task // later rows waiting for this one
}

// sequencer orders the tasks that share keys.
type sequencer struct {
	mu sync.Mutex
	// tails holds, for each key, the last task admitted with it that has
	// not finished.
	tails map[uint64]*task
	// parked are the bytes of the tasks waiting for an earlier one.
	parked int64
	// room is signalled (without blocking) when parked tasks leave.
	room chan struct{}
}

func newSequencer() *sequencer {
	return &sequencer{tails: map[uint64]*task{}, room: make(chan struct{}, 1)}
}

// admit registers t behind the unfinished tasks that share a key with it,
// and reports whether it may start at once. Tasks are admitted in file
// order, by one goroutine.
func (s *sequencer) admit(t *task) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range t.row.keys {
		if p := s.tails[k]; p != nil {
			if n := len(p.next); n == 0 || p.next[n-1] != t {
				p.next = append(p.next, t)
				t.waits++
			}
		}
		s.tails[k] = t
	}
	if t.waits > 0 {
		s.parked += t.size
	}
	return t.waits == 0
}

// finish releases t: the tasks that waited only for it may start, and are
// returned in file order. Call it once t is journaled.
func (s *sequencer) finish(t *task) []*task {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range t.row.keys {
		if s.tails[k] == t {
			delete(s.tails, k)
		}
	}
	var ready []*task
	for _, n := range t.next {
		if n.waits--; n.waits == 0 {
			s.parked -= n.size
			ready = append(ready, n)
		}
	}
	t.next = nil
	if len(ready) > 0 {
		select {
		case s.room <- struct{}{}:
		default:
		}
	}
	return ready
}

// waitRoom waits until the parked tasks hold at most budget bytes, or ctx
// is done: behind a slow row of a user with many rows, the import does not
// hold the rest of the file in memory.
func (s *sequencer) waitRoom(ctx context.Context, budget int64) error {
	for {
		s.mu.Lock()
		ok := s.parked <= budget
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-s.room:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// readyQueue hands tasks to the workers. The dispatcher waits while max
// tasks of its own are queued; tasks released by the sequencer are always
// taken (they are bounded by the run-ahead), and go first: they hold the
// checkpoint back.
type readyQueue struct {
	mu       sync.Mutex
	nonEmpty *sync.Cond // workers wait on it
	nonFull  *sync.Cond // the dispatcher waits on it
	released []*task
	fresh    []*task
	max      int
	// outstanding counts the tasks admitted and not finished, parked ones
	// included: the workers are done when it is 0 after the end of input.
	outstanding int
	ended       bool // no task will be admitted any more
	closed      bool // stopped: queued tasks are dropped, not sent
}

func newReadyQueue(max int) *readyQueue {
	q := &readyQueue{max: max}
	q.nonEmpty = sync.NewCond(&q.mu)
	q.nonFull = sync.NewCond(&q.mu)
	return q
}

// admitted counts a task the dispatcher admitted to the sequencer.
func (q *readyQueue) admitted() {
	q.mu.Lock()
	q.outstanding++
	q.mu.Unlock()
}

// push queues t for a worker. The dispatcher's fresh tasks wait for room.
// It reports false once the queue is closed: t is dropped, not sent.
func (q *readyQueue) push(t *task, fresh bool) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for fresh && len(q.fresh) >= q.max && !q.closed {
		q.nonFull.Wait()
	}
	if q.closed {
		return false
	}
	if fresh {
		q.fresh = append(q.fresh, t)
	} else {
		q.released = append(q.released, t)
	}
	q.nonEmpty.Signal()
	return true
}

// pop returns the next task, waiting for one. It returns false when the
// queue is closed, or when the input ended and every task finished.
func (q *readyQueue) pop() (*task, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if q.closed {
			return nil, false
		}
		if len(q.released) > 0 {
			t := q.released[0]
			q.released[0] = nil
			q.released = q.released[1:]
			return t, true
		}
		if len(q.fresh) > 0 {
			t := q.fresh[0]
			q.fresh[0] = nil
			q.fresh = q.fresh[1:]
			q.nonFull.Signal()
			return t, true
		}
		if q.ended && q.outstanding == 0 {
			return nil, false
		}
		q.nonEmpty.Wait()
	}
}

// finished counts a task done (or given up after a stop).
func (q *readyQueue) finished() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.outstanding--; q.outstanding == 0 && q.ended {
		q.nonEmpty.Broadcast()
	}
}

// end says no task will be admitted any more.
func (q *readyQueue) end() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ended = true
	q.nonEmpty.Broadcast()
}

// close stops the queue: workers take no more tasks, the dispatcher pushes
// no more. Queued tasks are dropped: they were not sent.
func (q *readyQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.released, q.fresh = nil, nil
	q.nonEmpty.Broadcast()
	q.nonFull.Broadcast()
}
