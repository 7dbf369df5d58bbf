package onealltest

import (
	"net/http"

	"github.com/oneall-go/oneall-go/api"
)

// GET /shorturls.json: the site's short URLs. The fake makes none yet (the
// operations that create them come with the rest of the Shorturl API), so
// the list is empty, paginated as every list.
func (s *Server) listShortURLs(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	return c.ok(http.StatusOK, map[string]any{"shorturls": pageOf([]api.ShortURL(nil), p)}, nil)
}
