package wrapper

import (
	"context"
	"fmt"
	"sync"
)

// MaxPrefetch is the most pages WithPrefetch lets the All iterators fetch ahead.
const MaxPrefetch = 32

// WithPrefetch makes the All iterators fetch up to n pages ahead of the one
// whose entries the loop is reading, n+1 requests at most in flight, instead
// of one page after the other (n = 0, the default). Entries still come in
// list order, a failure is yielded in its place in the list (after every
// entry before it), and breaking out of the loop cancels every fetch and
// waits for it, so no goroutine outlives the loop. It costs up to n+1 pages
// of memory (a page of 500 full identities decodes to a few MiB) and n+1
// times the request rate: mind OneAll's rate limit. Client-wide or per call.
// Search.AllTwitterTweets, whose next request needs the answer before (a
// cursor, not a page number), fetches one answer after the other anyway.
func WithPrefetch(n int) Option {
	return func(s *callSettings) error {
		if n < 0 || n > MaxPrefetch {
			return invalidInput("prefetch", "must be 0..%d, got %d", MaxPrefetch, n)
		}
		s.prefetch = n
		return nil
	}
}

// fetchPage fetches one page of a list; paginate gives each call its own
// ListOptions.
type fetchPage[T any] func(context.Context, *ListOptions) (*Page[T], error)

// pageResult is a fetched page, or why it could not be fetched.
type pageResult[T any] struct {
	page *Page[T]
	err  error
}

// pager walks a list for the All iterators: in order, one page after the
// other, or with up to ahead pages fetched concurrently in advance
// (WithPrefetch). Either way pages are checked and their entries yielded in
// order, the first failure in list order is yielded once and ends the walk,
// and a walk that ends for any reason (the last page, a failure, the loop's
// break) cancels and waits for every fetch it started before it returns, so
// no goroutine outlives it.
type pager[T any] struct {
	ctx   context.Context
	fetch fetchPage[T]
	opts  ListOptions // page size, order and filters; Page is set per fetch
	ahead int

	wg      sync.WaitGroup
	pending map[int]chan pageResult[T] // page number -> its result, once started
	next    int                        // the next page to start
}

// fetchOne fetches page n with its own copy of the options.
func (p *pager[T]) fetchOne(ctx context.Context, n int) pageResult[T] {
	lo := p.opts
	lo.Page = n
	pg, err := p.fetch(ctx, &lo)
	return pageResult[T]{pg, err}
}

// start launches the fetch of every page from p.next up to min(upTo, last).
func (p *pager[T]) start(ctx context.Context, upTo, last int) {
	for ; p.next <= upTo && p.next <= last; p.next++ {
		ch := make(chan pageResult[T], 1) // never blocks the fetcher
		p.pending[p.next] = ch
		n := p.next
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			ch <- p.fetchOne(ctx, n)
		}()
	}
}

// run yields every entry, page by page from first, in order.
func (p *pager[T]) run(first int, yield func(T, error) bool) {
	var zero T
	ctx, cancel := context.WithCancel(p.ctx)
	defer func() {
		cancel()
		p.wg.Wait()
	}()
	last := first // pages known to exist: the first, then what pages report
	p.next = first
	for n := first; ; n++ {
		var res pageResult[T]
		if p.ahead <= 0 {
			res = p.fetchOne(ctx, n)
		} else {
			// Keep up to ahead pages in flight beyond the one needed now.
			p.start(ctx, n+p.ahead, max(last, n))
			res = <-p.pending[n]
			delete(p.pending, n)
		}
		if res.err != nil {
			yield(zero, res.err)
			return
		}
		pg := res.page
		// A page that is not the one asked for would repeat entries.
		if pg.CurrentPage != 0 && pg.CurrentPage != n {
			yield(zero, fmt.Errorf("%w: asked for page %d, got page %d of %d: the server does not advance",
				ErrUnexpectedResponse, n, pg.CurrentPage, pg.TotalPages))
			return
		}
		for _, e := range pg.Entries {
			if !yield(e, nil) {
				return
			}
		}
		// Without a pagination node there is no next page to ask for.
		if len(pg.Entries) == 0 || pg.CurrentPage == 0 || pg.CurrentPage >= pg.TotalPages {
			return
		}
		last = pg.TotalPages
	}
}
