package onealltest

import "net/http"

// GET /shorturls.json (ListShortURLs): the site's short URLs, oldest first.
// Branch spec-table adds this operation to openapi.yaml; until the merge
// nothing routes here and only this package's tests call it. Drop this
// file at the merge if that branch brings its own handler (it must list
// st.shortURLs.list).
func (s *Server) listShortURLs(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	page := pageMapped(s.st.shortURLs.list, p, s.shortURLNode)
	return c.ok(http.StatusOK, map[string]any{"shorturls": page}, nil)
}
