package onealltest

// The contract of the operations of issue 17 (short URLs, site
// administration, sharing, sharing analytics): their statuses, how to
// produce each, and a valid request of each for the 401 and fault checks.
// These lists become generated at the merge with branch spec-table.

import (
	"maps"

	"github.com/oneall-go/oneall-go/wrapper"
)

// allStatuses is wantStatuses for the operations of issue 17.
var allStatuses = map[string][]int{
	// ---- Short URLs.
	"CreateShortURL": {200, 400, 401},
	"GetShortURL":    {200, 400, 401, 404},
	"DeleteShortURL": {200, 400, 401, 404},
}

func init() { maps.Copy(wantStatuses, allStatuses) }

// exerciseAll drives the operations of issue 17 through every status the
// server produces for them, but 401 and the faults.
func (k *contract) exerciseAll() {
	c, ctx := k.c, k.t.Context()

	// ---- Short URLs.
	su, err := c.ShortURLs.Create(ctx, "https://www.example.com/long")
	k.check(err, nil)
	k.expect(400, "POST", "/shorturls.json", `{"request":{"shorturl":{"original_url":"not a url"}}}`)
	k.expect(400, "POST", "/shorturls.json", `{"request":{}}`, invalid)
	_, err = c.ShortURLs.Get(ctx, "NoFSx", nil)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "GET", "/shorturls/NoFSx.json?entries_per_page=0", "", invalid)
	k.expect(400, "DELETE", "/shorturls/NoFSx.json", "", invalid)
	if su != nil {
		_, err = c.ShortURLs.Get(ctx, su.ShortURLToken, &wrapper.ListOptions{EntriesPerPage: 5})
		k.check(err, nil)
		k.check(c.ShortURLs.Delete(ctx, su.ShortURLToken), nil)
		k.check(c.ShortURLs.Delete(ctx, su.ShortURLToken), wrapper.ErrNotFound)
	}
}

// validAllRequests are valid requests of the operations of issue 17.
func validAllRequests() []validRequest {
	return []validRequest{
		// ---- Short URLs.
		{"CreateShortURL", "POST", "/shorturls.json", `{"request":{"shorturl":{"original_url":"https://www.example.com/"}}}`},
		{"GetShortURL", "GET", "/shorturls/mOTlo.json", ""},
		{"DeleteShortURL", "DELETE", "/shorturls/mOTlo.json?confirm_deletion=true", ""},
	}
}
