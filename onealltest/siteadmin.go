package onealltest

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// Site administration: the allowed domains and the connection log, from
// OneAll's PHP SDK. Their answers are not documented; the fake's shapes are
// inferred (see openapi.yaml).

const (
	// maxAllowedDomains bounds the site's allowed domains in the fake.
	maxAllowedDomains = 1000
	// maxConnectionLog bounds the connection log (the oldest go first).
	maxConnectionLog = 100_000
	// maxLogField bounds a username or email of the connection log.
	maxLogField = 255
)

// allowedDomainRE is a host name, or "*." and a host name.
var allowedDomainRE = regexp.MustCompile(`^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)

// siteAdminState is the site's settings and connection log. The Server's
// mu guards it.
type siteAdminState struct {
	allowedDomains []string // in the order they were added
	connectionLog  []connectionLogEntry
}

// connectionLogEntry is a classic login the site reported.
type connectionLogEntry struct {
	action, username, email string
	created                 time.Time
}

type connectionLogNode struct {
	Action       string        `json:"action"`
	Username     string        `json:"username,omitempty"`
	Email        string        `json:"email,omitempty"`
	DateCreation api.Timestamp `json:"date_creation"`
}

func (e connectionLogEntry) node() connectionLogNode {
	return connectionLogNode{Action: e.action, Username: e.username, Email: e.email, DateCreation: api.Timestamp{Time: e.created}}
}

// GET /site/allowed-domains.json
func (s *Server) listAllowedDomains(c *call) *response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return c.ok(http.StatusOK, map[string]any{"allowed_domains": append([]string{}, s.st.site.allowedDomains...)}, nil)
}

// PUT /site/allowed-domains.json: adds the domains (case-insensitively
// new ones only); 201 when one was new, 200 when all were there.
func (s *Server) addAllowedDomains(c *call) *response {
	var body api.AddAllowedDomainsBody
	if _, bad := c.decodeBody(&body, "request->allowed_domains", "request"); bad != nil {
		return bad
	}
	domains := body.Request.AllowedDomains
	if len(domains) == 0 {
		return c.bad("request->allowed_domains")
	}
	for _, d := range domains {
		if len(d) > 255 || !allowedDomainRE.MatchString(d) {
			return c.bad("request->allowed_domains")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	site := &s.st.site
	added := 0
	for _, d := range domains {
		if !slices.ContainsFunc(site.allowedDomains, func(x string) bool { return strings.EqualFold(x, d) }) {
			if len(site.allowedDomains) >= maxAllowedDomains {
				return c.fail(http.StatusBadRequest, "The request cannot be processed. A site has at most 1000 allowed domains")
			}
			site.allowedDomains = append(site.allowedDomains, d)
			added++
		}
	}
	status := http.StatusOK
	if added > 0 {
		s.tick()
		s.st.changes++
		status = http.StatusCreated
	}
	return c.ok(status, map[string]any{"allowed_domains": append([]string{}, site.allowedDomains...)}, nil)
}

// POST /site/connections.json: stores a classic login; 201 with the entry.
func (s *Server) createConnectionLog(c *call) *response {
	var body api.CreateConnectionLogBody
	if _, bad := c.decodeBody(&body, "request->connection", "request", "connection"); bad != nil {
		return bad
	}
	in := body.Request.Connection
	if !in.Action.Valid() {
		return c.bad("request->connection->action")
	}
	if len(in.Username) > maxLogField || len(in.Email) > maxLogField {
		return c.bad("request->connection")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	site := &s.st.site
	e := connectionLogEntry{action: string(in.Action), username: in.Username, email: in.Email, created: s.tick()}
	site.connectionLog = append(site.connectionLog, e)
	if len(site.connectionLog) > maxConnectionLog {
		site.connectionLog = slices.Delete(site.connectionLog, 0, len(site.connectionLog)-maxConnectionLog)
	}
	s.st.changes++
	return c.ok(http.StatusCreated, map[string]any{"connection": e.node()}, nil)
}

// GET /site/connections.json: the connection log, oldest first.
func (s *Server) listConnectionLogs(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	page := pageMapped(s.st.site.connectionLog, p, connectionLogEntry.node)
	return c.ok(http.StatusOK, map[string]any{"connections": page}, nil)
}
