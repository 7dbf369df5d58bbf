package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// --all on a generated list: the hand-written lists stream every page with
// the wrapper's iterators; a generated one reads the pages itself, with
// the same output (one compact JSON object per entry and line) and the
// same guard against a server whose pages do not advance.

// opPage is what --all reads of one page of a list's payload.
type opPage struct {
	Pagination struct {
		CurrentPage api.FlexInt `json:"current_page"`
		TotalPages  api.FlexInt `json:"total_pages"`
	} `json:"pagination"`
	Entries []json.RawMessage `json:"entries"`
}

// sendOpAll sends a paged list's call for every page from target's on
// (its page parameter, else 1) and prints each entry as it comes.
func (a *app) sendOpAll(cmd *cobra.Command, op *opCommand, target string) error {
	c, err := a.client()
	if err != nil {
		return err
	}
	u, err := url.Parse(target)
	if err != nil {
		return err
	}
	q := u.Query()
	page := 1
	if p := q.Get("page"); p != "" {
		if page, err = strconv.Atoi(p); err != nil || page < 1 {
			return usagef("--page must be 1 or more, got %q", p)
		}
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	for ; ; page++ {
		q.Set("page", strconv.Itoa(page))
		u.RawQuery = q.Encode()
		p, err := readOpPage(cmd, c, op, u.String(), page)
		if err != nil {
			return err
		}
		for _, e := range p.Entries {
			if err := enc.Encode(a.redacted(e)); err != nil {
				return err
			}
		}
		if len(p.Entries) == 0 || page >= int(p.Pagination.TotalPages) {
			return nil
		}
	}
}

// readOpPage reads page page of a paged list, at target.
func readOpPage(cmd *cobra.Command, c *wrapper.Client, op *opCommand, target string, page int) (*opPage, error) {
	var data json.RawMessage
	if err := c.Do(cmd.Context(), op.Method, target, nil, &data, wrapper.WithIdempotent(op.Idempotent)); err != nil {
		return nil, err
	}
	var p opPage
	member, ok := memberOf(data, op.Payload)
	if !ok || json.Unmarshal(member, &p) != nil {
		return nil, fmt.Errorf("%s %s: %w: the answer has no result.data.%s page", op.Method, op.Path, wrapper.ErrUnexpectedResponse, op.Payload)
	}
	if len(p.Entries) > 0 && int(p.Pagination.CurrentPage) != page {
		// Printing it would repeat entries, and asking again loop.
		return nil, fmt.Errorf("%s %s: %w: page %d was asked, page %d came", op.Method, op.Path, wrapper.ErrUnexpectedResponse, page, p.Pagination.CurrentPage)
	}
	return &p, nil
}
