// Package precise waits until a deadline to within about 0.1 ms, for the
// latency of onealltest's fake and for benchmarks against it: a benchmark
// against a latency of 10 ms divides by 10 ms.
//
// Go's timers are not that precise on Linux when the process is idle: the
// runtime then waits for the next timer in epoll_wait, whose timeout is in
// whole milliseconds, so a 10 ms sleep ends up to 1 ms late. On Linux
// WaitUntil therefore lets one goroutine end the waits with a timerfd, a
// kernel timer with nanoseconds that wakes the same epoll_wait as soon as
// it fires; elsewhere it is a Go timer. BenchmarkLatencyPrecision compares
// the two: 59 to 75 µs late on average, against 756 to 780 µs, with 32
// waits in flight.
package precise

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// WaitUntil waits until the deadline or until ctx ends; it reports whether
// the wait completed (at once for a deadline already past).
func WaitUntil(ctx context.Context, deadline time.Time) bool {
	a := theAlarm()
	if a == nil {
		return sleep(ctx, time.Until(deadline))
	}
	w := waits.add(deadline)
	select {
	case <-w.done:
		return true
	case <-ctx.Done():
		waits.remove(w) // a long wait must not keep the goroutine waiting
		return false
	}
}

// sleep waits d with a Go timer, or until ctx ends; it reports whether the
// wait completed. It is what WaitUntil is compared with, and what it uses
// where there is no better alarm.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// alarm is a kernel timer: set arms it to fire once after d (re-arming
// replaces the earlier setting), and wait blocks until it has fired.
type alarm interface {
	set(d time.Duration)
	wait()
}

var (
	alarmOnce sync.Once
	alarmOne  alarm
)

// theAlarm returns the process's alarm, or nil where there is none (not
// Linux, or the kernel refused one).
func theAlarm() alarm {
	alarmOnce.Do(func() { alarmOne = newAlarm() })
	return alarmOne
}

// waits are the pending precise waits of the process.
var waits waitQueue

// waitQueue holds the pending waits, earliest first, on the process's
// alarm (theAlarm, not nil). Its goroutine runs while waits are pending and
// exits when none is left.
type waitQueue struct {
	mu      sync.Mutex
	pending waitHeap
	running bool
}

// add queues a wait that ends at deadline: its channel is closed then.
func (q *waitQueue) add(deadline time.Time) *wait {
	w := &wait{deadline: deadline, done: make(chan struct{})}
	q.mu.Lock()
	defer q.mu.Unlock()
	heap.Push(&q.pending, w)
	switch {
	case !q.running:
		q.running = true
		go q.run()
	case w.index == 0:
		theAlarm().set(time.Until(deadline)) // earlier than the one the alarm is set for
	}
	return w
}

// remove drops a wait that is no longer waited for, if it has not ended.
func (q *waitQueue) remove(w *wait) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if w.index < 0 {
		return
	}
	first := w.index == 0
	heap.Remove(&q.pending, w.index)
	if first {
		theAlarm().set(0) // the goroutine looks again: the queue may be empty now
	}
}

// run ends the waits as their deadlines pass, until none is left.
func (q *waitQueue) run() {
	a := theAlarm()
	for {
		q.mu.Lock()
		now := time.Now()
		for len(q.pending) > 0 && !q.pending[0].deadline.After(now) {
			close(heap.Pop(&q.pending).(*wait).done)
		}
		if len(q.pending) == 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		a.set(q.pending[0].deadline.Sub(now))
		q.mu.Unlock()
		a.wait()
	}
}

type wait struct {
	deadline time.Time
	done     chan struct{}
	index    int // in the heap; -1 once out of it
}

// waitHeap is a container/heap of waits by deadline.
type waitHeap []*wait

func (h waitHeap) Len() int           { return len(h) }
func (h waitHeap) Less(i, j int) bool { return h[i].deadline.Before(h[j].deadline) }
func (h waitHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *waitHeap) Push(x any) {
	w := x.(*wait)
	w.index = len(*h)
	*h = append(*h, w)
}
func (h *waitHeap) Pop() any {
	old := *h
	w := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	w.index = -1
	return w
}
