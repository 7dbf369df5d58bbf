package precise

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Waits end in deadline order and never before their deadline, whatever
// the order they were added in (a later wait with an earlier deadline
// re-arms the alarm).
func TestWaitUntilEndsEachWaitAtItsDeadline(t *testing.T) {
	// Deadlines 100 ms apart: far more than a goroutine takes to be
	// scheduled on a busy machine, so the order in which the waits end is
	// the queue's, not the scheduler's (10 ms apart failed under load).
	const unit = 100 * time.Millisecond
	base := time.Now().Add(unit)
	offsets := []time.Duration{4, 1, 3, 0, 2, 1} // units after base, added in this order
	var mu sync.Mutex
	var order []time.Duration
	var wg sync.WaitGroup
	for i, off := range offsets {
		deadline := base.Add(off * unit)
		wg.Go(func() {
			if !WaitUntil(context.Background(), deadline) {
				t.Errorf("wait %d did not complete", i)
			}
			if early := time.Until(deadline); early > 0 {
				t.Errorf("wait %d ended %v before its deadline", i, early)
			}
			mu.Lock()
			order = append(order, off)
			mu.Unlock()
		})
		time.Sleep(time.Millisecond) // added one after the other
	}
	wg.Wait()
	for i := 1; i < len(order); i++ {
		if order[i] < order[i-1] {
			t.Fatalf("waits ended in the order %v (units of %v after the first deadline), want ascending", order, unit)
		}
	}
}

// A wait whose context ends returns false at once, and the queue forgets
// it (TestMain's leak check fails if the queue's goroutine outlives it).
func TestWaitUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan bool)
	go func() { done <- WaitUntil(ctx, time.Now().Add(time.Hour)) }()
	time.Sleep(5 * time.Millisecond)
	cancel()
	select {
	case ok := <-done:
		if ok {
			t.Fatal("a cancelled wait reported completion")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a cancelled wait did not return")
	}
	// A wait already over returns true.
	if !WaitUntil(context.Background(), time.Now().Add(-time.Second)) {
		t.Fatal("a wait for a past deadline did not complete")
	}
}

// BenchmarkLatencyPrecision measures how late a 10 ms wait (as onealltest.WithLatency waits)
// ends with 32 requests in flight: with WaitUntil (a timerfd on Linux) and
// with a plain Go timer. Compare the two µs-late figures.
func BenchmarkLatencyPrecision(b *testing.B) {
	waiters := map[string]func(time.Time){
		"WaitUntil": func(d time.Time) { WaitUntil(context.Background(), d) },
		"GoTimer":   func(d time.Time) { sleep(context.Background(), time.Until(d)) },
	}
	for _, name := range []string{"WaitUntil", "GoTimer"} {
		wait := waiters[name]
		b.Run(name, func(b *testing.B) {
			var late atomic.Int64
			var next atomic.Int64
			var wg sync.WaitGroup
			for g := range 32 {
				wg.Go(func() {
					time.Sleep(time.Duration(g) * 10 * time.Millisecond / 32) // spread, as requests are
					for next.Add(1) <= int64(b.N) {
						deadline := time.Now().Add(10 * time.Millisecond)
						wait(deadline)
						late.Add(int64(time.Since(deadline)))
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(late.Load())/float64(b.N)/1e3, "µs-late/op")
		})
	}
}
