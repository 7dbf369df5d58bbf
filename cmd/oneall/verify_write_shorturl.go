package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
)

// shortURL shortens a URL of the reserved domain example.invalid, reads
// it, and deletes it. The spec has no update of a short URL.
func (w *writeRun) shortURL(ctx context.Context) error {
	original := "https://www.example.invalid/" + w.tag
	m := &made{what: "short URL", del: "DeleteShortURL", name: "original_url " + original}
	m.find = func(ctx context.Context) (map[string]string, error) { return w.findShortURL(ctx, original) }
	if _, err := w.create(ctx, m, "CreateShortURL", nil, map[string]any{"shorturl": map[string]any{"original_url": original}},
		"shorturl_token", "shorturl", "shorturl_token"); err != nil {
		return err
	}
	if err := w.each(ctx, stepCall{"GetShortURL", m.tokens, nil}, stepCall{"ListShortURLs", nil, nil}); err != nil {
		return err
	}
	return w.deleted(ctx, m, "DeleteShortURL", m.tokens)
}

// shortURLsSearched is how many of the newest short URLs the cleanup looks
// through for one whose creation got no answer.
const shortURLsSearched = 100

// findShortURL finds the short URL of original, which no one else
// shortens, among the newest: nil if it is not there and the site has no
// more (never created), an error if it may be further on.
func (w *writeRun) findShortURL(ctx context.Context, original string) (map[string]string, error) {
	a, err := w.undo(ctx, "ListShortURLs", map[string]string{"order_direction": "desc", "entries_per_page": fmt.Sprint(shortURLsSearched)}, nil)
	switch {
	case err != nil:
		return nil, err
	case a.status != http.StatusOK:
		return nil, fmt.Errorf("%w: ListShortURLs answered %d %s", errStop, a.status, http.StatusText(a.status))
	}
	list := entries(a.tree, "response", "result", "data", "shorturls", "entries")
	for _, e := range list {
		if str(e, "original_url") == original {
			if tok := str(e, "shorturl_token"); tok != "" {
				return map[string]string{"shorturl_token": tok}, nil
			}
		}
	}
	// Not among the newest: never created, unless the site has more, made
	// since (it may then be further on).
	total, ok := number(a.tree, "response", "result", "data", "shorturls", "pagination", "total_entries")
	if !ok && len(list) >= shortURLsSearched || total > len(list) {
		return nil, fmt.Errorf("it is not among the newest %d short URLs, and the site has more", shortURLsSearched)
	}
	return nil, nil
}

// number is the integer at the given members of a decoded answer (a JSON
// number or a numeric string: OneAll sends both).
func number(v any, path ...string) (int, bool) {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return 0, false
		}
		v = m[k]
	}
	switch n := v.(type) {
	case float64:
		return int(n), true
	case string:
		i, err := strconv.Atoi(n)
		return i, err == nil
	}
	return 0, false
}

// entries is the array at the given members of a decoded answer.
func entries(v any, path ...string) []any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	list, _ := v.([]any)
	return list
}
