package wrapper

import (
	"context"
	"iter"

	"github.com/oneall-go/oneall-go/api"
)

// MaxEntriesPerPage is the largest page OneAll serves; All iterators use it.
const MaxEntriesPerPage = 500

// ListOptions selects one page of a list. The zero value asks for OneAll's
// defaults: page 1, 250 entries, oldest first.
type ListOptions struct {
	// Page is the page to return, from 1; 0 means 1.
	Page int
	// EntriesPerPage is 1..500; 0 means OneAll's default (250), or 500 in All.
	EntriesPerPage int
	// Order is "asc" (oldest first), "desc", or "" for OneAll's default.
	Order string
	// Filters narrows the users list, e.g. "date_last_login:gt:2023-05-01".
	// Only Users.List, Users.All and LoudVoice's author sessions accept it.
	Filters string
}

// Page is one page of a list and where it stands in the whole.
type Page[T any] struct {
	// Entries are this page's entries, in the list's order.
	Entries []T
	// CurrentPage is this page's number, from 1 (0 if OneAll sent none).
	CurrentPage int
	// TotalPages is how many pages the list has at this page size.
	TotalPages int
	// TotalEntries is how many entries the whole list has.
	TotalEntries int
	// EntriesPerPage is the page size OneAll used.
	EntriesPerPage int
}

// HasNext reports whether a page follows this one.
func (p *Page[T]) HasNext() bool { return p.CurrentPage < p.TotalPages }

func newPage[T any](entries []T, pg api.Pagination) *Page[T] {
	return &Page[T]{
		Entries:        entries,
		CurrentPage:    pg.CurrentPage.Int(),
		TotalPages:     pg.TotalPages.Int(),
		TotalEntries:   pg.TotalEntries.Int(),
		EntriesPerPage: pg.EntriesPerPage.Int(),
	}
}

func (o *ListOptions) validate(filters bool) error {
	if o == nil {
		return nil
	}
	if o.Page < 0 {
		return invalidInput("page", "must be >= 1, got %d", o.Page)
	}
	if o.EntriesPerPage < 0 || o.EntriesPerPage > MaxEntriesPerPage {
		return invalidInput("entries_per_page", "must be 1..%d, got %d", MaxEntriesPerPage, o.EntriesPerPage)
	}
	if o.Order != "" && o.Order != "asc" && o.Order != "desc" {
		return invalidInput("order_direction", "must be \"asc\" or \"desc\", got %q", truncate(o.Order, 32))
	}
	if o.Filters != "" && !filters {
		return invalidInput("filters", "only the users and author sessions lists can be filtered")
	}
	return nil
}

// query returns the generated parameters; nil fields are left to OneAll.
func (o *ListOptions) query() (page, perPage *int, order *api.OrderDirection) {
	if o == nil {
		return nil, nil, nil
	}
	if o.Page > 0 {
		page = &o.Page
	}
	if o.EntriesPerPage > 0 {
		perPage = &o.EntriesPerPage
	}
	if o.Order != "" {
		d := api.OrderDirection(o.Order)
		order = &d
	}
	return page, perPage, order
}

// paginate walks a list for the All iterators, page by page or with pages
// fetched ahead (WithPrefetch, from the client's settings changed by opts).
// It works on a copy of the caller's options, asks for pages of 500 unless
// told otherwise, yields entries in order, stops at the last page or as soon
// as the caller breaks, yields a failure once and stops, and fails if the
// server does not advance (no endless loop on a misbehaving server). See
// pager.
func paginate[T any](ctx context.Context, c *Client, opts []Option, lo ListOptions, fetch fetchPage[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		cs, err := c.call.apply(opts)
		if err != nil {
			var zero T
			yield(zero, err)
			return
		}
		if lo.EntriesPerPage == 0 {
			lo.EntriesPerPage = MaxEntriesPerPage
		}
		p := &pager[T]{ctx: ctx, fetch: fetch, opts: lo, ahead: cs.prefetch, pending: map[int]chan pageResult[T]{}}
		first := lo.Page
		if first == 0 {
			first = 1 // a negative page is List's to refuse
		}
		p.run(first, yield)
	}
}

// deref copies *p, or the zero value for nil: iterators never share the
// caller's options.
func deref[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
}
