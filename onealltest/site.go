package onealltest

import (
	"net/http"
	"slices"
	"strings"
)

// GET /tools/ping.json: the keys were checked before this runs.
func (s *Server) ping(c *call) *response {
	return c.reply(http.StatusOK, "success", infoOK, nil)
}

// GET /site.json: a site whose plan has Single Sign-On. Only this member of
// the answer is known.
func (s *Server) getSite(c *call) *response {
	site := map[string]any{"subscription_plan": map[string]any{"features": map[string]any{"has_single_signon": true}}}
	return c.ok(http.StatusOK, map[string]any{"site": site}, nil)
}

// providerEntry is a provider in the list (an inferred shape).
type providerEntry struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// GET /providers.json: the social networks the server knows, by key.
func (s *Server) listProviders(c *call) *response {
	entries := make([]providerEntry, 0, len(providers))
	for key, p := range providers {
		entries = append(entries, providerEntry{Key: key, Name: p.name})
	}
	slices.SortFunc(entries, func(a, b providerEntry) int { return strings.Compare(a.Key, b.Key) })
	return c.ok(http.StatusOK, map[string]any{"providers": map[string]any{"count": len(entries), "entries": entries}}, nil)
}
