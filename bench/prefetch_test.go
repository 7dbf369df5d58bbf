package bench

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/wrapper"
)

// BenchmarkAllIdentities100k walks 100,000 identities in pages of 500 from
// a fake OneAll (in a child process) that adds 10 ms to every request, one
// page after the other and then with 4 pages fetched ahead. peak-heap-MiB is
// the most heap the walk's process had at any time (live objects and the
// garbage not yet collected), sampled every millisecond.
func BenchmarkAllIdentities100k(b *testing.B) {
	const want = 100_000
	f := startFake(b, 50_200) // 1 to 3 identities each: a little over 100,000
	for _, mode := range []struct {
		name string
		opts []wrapper.Option
	}{
		{"sequential", nil},
		{"prefetch4", []wrapper.Option{wrapper.WithPrefetch(4)}},
	} {
		b.Run(mode.name, func(b *testing.B) {
			c, err := wrapper.New("", f.PublicKey, f.PrivateKey, wrapper.WithBaseURL(f.URL))
			if err != nil {
				b.Fatal(err)
			}
			var peak uint64
			for b.Loop() {
				runtime.GC()
				stop := sampleHeap(&peak)
				n := 0
				for id, err := range c.Identities.All(b.Context(), nil, mode.opts...) {
					if err != nil {
						b.Fatal(err)
					}
					if id.IdentityToken == "" {
						b.Fatal("an identity without its token")
					}
					if n++; n == want {
						break
					}
				}
				stop()
				if n != want {
					b.Fatalf("%d identities, want %d", n, want)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// sampleHeap records the largest heap seen into *peak until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			*peak = max(*peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
