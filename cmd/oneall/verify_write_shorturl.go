package main

import (
	"context"
	"fmt"
	"net/http"
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
// shortens, among the newest: nil if it is not there (never created).
func (w *writeRun) findShortURL(ctx context.Context, original string) (map[string]string, error) {
	a, err := w.undo(ctx, "ListShortURLs", map[string]string{"order_direction": "desc", "entries_per_page": fmt.Sprint(shortURLsSearched)}, nil)
	switch {
	case err != nil:
		return nil, err
	case a.status != http.StatusOK:
		return nil, fmt.Errorf("%w: ListShortURLs answered %d %s", errStop, a.status, http.StatusText(a.status))
	}
	for _, e := range entries(a.tree, "response", "result", "data", "shorturls", "entries") {
		if str(e, "original_url") == original {
			if tok := str(e, "shorturl_token"); tok != "" {
				return map[string]string{"shorturl_token": tok}, nil
			}
		}
	}
	return nil, nil
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
