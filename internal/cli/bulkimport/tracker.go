package bulkimport

import (
	"context"
	"sync"
)

// outcome is how a row ended, as the journal records it.
type outcome byte

const (
	// unrecorded rows sent nothing (rows of other shards, and in a retry
	// run the rows that are not retried). They are not journaled.
	unrecorded outcome = 0
	created    outcome = 'c'
	updated    outcome = 'u'
	failed     outcome = 'f'
)

// entry is one row done: a record of the journal.
type entry struct {
	seq, line int64
	o         outcome
}

// counts are the outcomes of a set of rows.
type counts struct {
	created, updated, failed int64
}

func (c *counts) add(o outcome) {
	switch o {
	case created:
		c.created++
	case updated:
		c.updated++
	case failed:
		c.failed++
	}
}

// tracker keeps the low-water mark: the highest row such that it and every
// row before it are done. Rows done out of order wait in pending with their
// outcome. The dispatcher runs at most a run-ahead of rows past the mark,
// so pending holds at most that many, however long one row takes.
type tracker struct {
	mu      sync.Mutex
	lwm     int64 // the mark, a row's seq
	lwmLine int64 // the line that row starts on
	pending map[int64]entry
	// counted is the outcomes of the rows that passed the mark in this run.
	counted counts
	// saving is set from a save's snapshot to its compaction, while passed
	// notes the journaled rows that pass the mark meanwhile.
	saving bool
	passed []entry
	// advanced is signalled (without blocking) when the mark moves.
	advanced chan struct{}
}

// newTracker starts at the mark, with the rows above it in done already
// done (by an earlier run: the journal's).
func newTracker(lwm, lwmLine int64, done []entry) *tracker {
	t := &tracker{lwm: lwm, lwmLine: lwmLine, pending: make(map[int64]entry, len(done)), advanced: make(chan struct{}, 1)}
	for _, e := range done {
		if e.seq > lwm {
			t.pending[e.seq] = e
		}
	}
	t.mu.Lock()
	t.advanceLocked()
	t.mu.Unlock()
	return t
}

// done records a row as done.
func (t *tracker) done(e entry) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e.seq <= t.lwm {
		return
	}
	t.pending[e.seq] = e
	if e.seq == t.lwm+1 {
		t.advanceLocked()
	}
}

// advanceLocked moves the mark over the pending rows that follow it.
func (t *tracker) advanceLocked() {
	moved := false
	for {
		e, ok := t.pending[t.lwm+1]
		if !ok {
			break
		}
		delete(t.pending, t.lwm+1)
		t.lwm, t.lwmLine = e.seq, e.line
		moved = true
		t.counted.add(e.o)
		if t.saving && e.o != unrecorded {
			t.passed = append(t.passed, e)
		}
	}
	if moved {
		select {
		case t.advanced <- struct{}{}:
		default:
		}
	}
}

// waitAhead waits until row seq is at most max rows past the mark, or ctx
// is done. Only the dispatcher calls it.
func (t *tracker) waitAhead(ctx context.Context, seq, max int64) error {
	for {
		t.mu.Lock()
		ok := seq-t.lwm <= max
		t.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-t.advanced:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// snapshot is the tracker's state for a checkpoint.
type snapshot struct {
	seq, line int64
	counts    counts
	caughtUp  bool
}

// snapshot returns the mark and the counts of the rows up to it, and
// starts noting the journaled rows that pass the mark until endSave.
func (t *tracker) snapshot() snapshot {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.saving, t.passed = true, t.passed[:0]
	return snapshot{seq: t.lwm, line: t.lwmLine, counts: t.counted, caughtUp: len(t.pending) == 0}
}

// endSave stops noting and returns the journaled rows done above the mark
// of the last snapshot: those that passed the mark since, and the pending
// ones. Called by the journal's compaction with its lock held, it matches
// the journal's records exactly.
func (t *tracker) endSave() []entry {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]entry, 0, len(t.passed)+len(t.pending))
	out = append(out, t.passed...)
	for _, e := range t.pending {
		if e.o != unrecorded {
			out = append(out, e)
		}
	}
	t.saving, t.passed = false, t.passed[:0]
	return out
}
