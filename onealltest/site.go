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

// routeLogin routes the Connection, SSO, Site, Tools and Provider
// resources: method -> operation, and the token in the path.
func routeLogin(seg []string) (map[string]operation, string) {
	switch {
	case len(seg) == 1 && seg[0] == "connections.json":
		return opsConnections, ""
	case len(seg) == 2 && seg[0] == "connections" && isJSONName(seg[1]):
		return opsConnection, strings.TrimSuffix(seg[1], ".json")
	case len(seg) == 2 && seg[0] == "sso" && seg[1] == "sessions.json":
		return opsSSOSessions, ""
	case len(seg) == 3 && seg[0] == "sso" && seg[1] == "sessions" && isJSONName(seg[2]):
		return opsSSOSession, strings.TrimSuffix(seg[2], ".json")
	case len(seg) == 4 && seg[0] == "sso" && seg[1] == "sessions" && seg[2] == "identities" && isJSONName(seg[3]):
		return opsIdentitySSOSession, strings.TrimSuffix(seg[3], ".json")
	case len(seg) == 1 && seg[0] == "site.json":
		return opsSite, ""
	case len(seg) == 2 && seg[0] == "tools" && seg[1] == "ping.json":
		return opsPing, ""
	case len(seg) == 1 && seg[0] == "providers.json":
		return opsProviders, ""
	}
	return nil, ""
}

// The routing table of the login families.
var (
	opsConnections = map[string]operation{http.MethodGet: {id: "ListConnections", handler: (*Server).listConnections}}
	opsConnection  = map[string]operation{http.MethodGet: {id: "GetConnection", handler: (*Server).getConnection}}
	opsSSOSessions = map[string]operation{http.MethodGet: {id: "ListSSOSessions", handler: (*Server).listSSOSessions}}
	opsSSOSession  = map[string]operation{
		http.MethodGet:    {id: "GetSSOSession", handler: (*Server).getSSOSession},
		http.MethodDelete: {id: "DeleteSSOSession", handler: (*Server).deleteSSOSession},
	}
	opsIdentitySSOSession = map[string]operation{
		http.MethodGet:    {id: "GetIdentitySSOSession", handler: (*Server).getIdentitySSOSession},
		http.MethodPut:    {id: "StartIdentitySSOSession", handler: (*Server).startIdentitySSOSession},
		http.MethodDelete: {id: "DestroyIdentitySSOSession", handler: (*Server).destroyIdentitySSOSession},
	}
	opsSite      = map[string]operation{http.MethodGet: {id: "GetSite", handler: (*Server).getSite}}
	opsPing      = map[string]operation{http.MethodGet: {id: "Ping", handler: (*Server).ping}}
	opsProviders = map[string]operation{http.MethodGet: {id: "ListProviders", handler: (*Server).listProviders}}
)
