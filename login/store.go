package login

import (
	"context"
	"sync"
	"time"
)

// Store keeps what a signed state cannot say about itself: how many
// callbacks it has had, and whether it has served its login. It holds one
// counter per state, and is shared by every instance of the application
// behind a load balancer; the default, NewMemoryStore, is one process's
// memory, right for a single instance only.
//
// Over Redis, Add is INCRBY then EXPIREAT, in one MULTI (or a small Lua
// script), so that it stays atomic:
//
//	func (s redisStore) Add(ctx context.Context, key string, delta int64, until time.Time) (int64, error) {
//		pipe := s.rdb.TxPipeline()
//		n := pipe.IncrBy(ctx, key, delta)
//		pipe.ExpireAt(ctx, key, until)
//		_, err := pipe.Exec(ctx)
//		return n.Val(), err
//	}
//
// memcached's incr, or an UPDATE ... RETURNING on a table with an expiry
// column, fit as well.
type Store interface {
	// Add adds delta to the counter named key (0 when it does not exist)
	// and returns its new value, atomically: two concurrent Adds of 1 to 0
	// return 1 and 2. The counter is needed until the time until; the store
	// may forget it after. A delta of 0 reads the counter: the store need
	// not create one that does not exist. An error fails the callback
	// closed.
	Add(ctx context.Context, key string, delta int64, until time.Time) (int64, error)
}

// NewMemoryStore is a Store in this process's memory: the default of a
// Callback. Counters are forgotten once expired. Give every instance of an
// application that runs more than one the same shared Store instead
// (WithStore): with a memory store per instance, a state could serve one
// login per instance, and be redeemed MaxCallbacksPerState times on each.
func NewMemoryStore() Store {
	return &memoryStore{m: make(map[string]counter), now: time.Now}
}

type memoryStore struct {
	mu   sync.Mutex
	m    map[string]counter
	adds int
	now  func() time.Time
}

type counter struct {
	n     int64
	until time.Time
}

// sweepEvery is the fewest Adds between two sweeps of expired counters.
const sweepEvery = 1024

func (s *memoryStore) Add(_ context.Context, key string, delta int64, until time.Time) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	// A sweep visits every counter: one every len(m) Adds at least keeps
	// an Add's cost constant, however many states there are.
	if s.adds++; s.adds >= sweepEvery && s.adds >= len(s.m) {
		s.adds = 0
		for k, c := range s.m {
			if now.After(c.until) {
				delete(s.m, k)
			}
		}
	}
	c := s.m[key]
	if now.After(c.until) {
		c = counter{}
	}
	if delta == 0 && c.n == 0 {
		return 0, nil // a read: nothing to keep
	}
	c.n += delta
	if until.After(c.until) {
		c.until = until
	}
	s.m[key] = c
	return c.n, nil
}
