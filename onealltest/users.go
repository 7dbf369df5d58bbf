package onealltest

import (
	"net/http"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// userEntry is a user in the users list and in the answers that list
// identities by reference only (relink, delete).
type userEntry struct {
	UserToken     string        `json:"user_token"`
	DateCreation  api.Timestamp `json:"date_creation"`
	DateLastLogin api.Timestamp `json:"date_last_login,omitzero"`
	NumLogins     int           `json:"num_logins"`
	Identities    []identityRef `json:"identities"`
}

// userFull is a user with the complete profiles of its identities.
type userFull struct {
	UserToken     string         `json:"user_token"`
	DateCreation  api.Timestamp  `json:"date_creation"`
	DateLastLogin api.Timestamp  `json:"date_last_login,omitzero"`
	NumLogins     int            `json:"num_logins"`
	Identities    []api.Identity `json:"identities"`
}

// userWithIdentity is a user with one identity, as import answers.
type userWithIdentity struct {
	UserToken     string        `json:"user_token"`
	DateCreation  api.Timestamp `json:"date_creation"`
	DateLastLogin api.Timestamp `json:"date_last_login,omitzero"`
	NumLogins     int           `json:"num_logins"`
	Identity      api.Identity  `json:"identity"`
}

func (u *user) lastLoginStamp() api.Timestamp {
	return api.Timestamp{Time: u.lastLogin} // never logged in: zero, left out
}

func (u *user) entry() userEntry {
	return userEntry{
		UserToken:     u.token,
		DateCreation:  api.Timestamp{Time: u.created},
		DateLastLogin: u.lastLoginStamp(),
		NumLogins:     u.numLogins,
		Identities:    refsOf(u.identities),
	}
}

func (u *user) full() userFull {
	out := userFull{
		UserToken:     u.token,
		DateCreation:  api.Timestamp{Time: u.created},
		DateLastLogin: u.lastLoginStamp(),
		NumLogins:     u.numLogins,
		Identities:    make([]api.Identity, len(u.identities)),
	}
	for i, id := range u.identities {
		out.Identities[i] = id.full()
	}
	return out
}

// userFilter is one filter of the users list: field:operator:value.
type userFilter struct {
	lastLogin bool // date_last_login, else date_creation
	after     bool // gt, else lt
	at        time.Time
}

// filterLayouts are the date forms a filter value may take.
var filterLayouts = []string{
	"2006-01-02", "2006-01-02 15:04", "2006-01-02 15:04:05", time.RFC3339,
	"2 Jan 2006", "2 Jan 2006 15:04", "2 Jan 2006 15:04:05",
}

// parseFilters reads the filters parameter: field:operator:value, with the
// field date_creation or date_last_login and the operator gt or lt. Several
// filters may be given separated by commas; a user must pass them all.
func parseFilters(v string) ([]userFilter, bool) {
	var out []userFilter
	for _, one := range strings.Split(v, ",") {
		parts := strings.SplitN(strings.TrimSpace(one), ":", 3)
		if len(parts) != 3 {
			return nil, false
		}
		var f userFilter
		switch parts[0] {
		case "date_creation":
		case "date_last_login":
			f.lastLogin = true
		default:
			return nil, false
		}
		switch parts[1] {
		case "gt":
			f.after = true
		case "lt":
		default:
			return nil, false
		}
		ok := false
		for _, layout := range filterLayouts {
			if t, err := time.Parse(layout, strings.TrimSpace(parts[2])); err == nil {
				f.at, ok = t, true
				break
			}
		}
		if !ok {
			return nil, false
		}
		out = append(out, f)
	}
	return out, true
}

func (f userFilter) match(u *user) bool {
	t := u.created
	if f.lastLogin {
		if u.lastLogin.IsZero() {
			return false
		}
		t = u.lastLogin
	}
	if f.after {
		return t.After(f.at)
	}
	return t.Before(f.at)
}

// GET /users.json
func (s *Server) listUsers(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	var filters []userFilter
	if v, ok := c.param("filters"); ok && v != "" {
		var valid bool
		if filters, valid = parseFilters(v); !valid {
			return c.badParam("The parameter filters must be field:operator:value with the field date_creation or date_last_login, the operator gt or lt and a date such as 2024-01-31")
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	all := s.st.userList
	if len(filters) > 0 {
		matched := make([]*user, 0, len(all))
	users:
		for _, u := range all {
			for _, f := range filters {
				if !f.match(u) {
					continue users
				}
			}
			matched = append(matched, u)
		}
		all = matched
	}
	pos, pg := p.window(len(all))
	page := list[userEntry]{Pagination: pg, Count: len(pos), Entries: make([]userEntry, len(pos))}
	for i, j := range pos {
		page.Entries[i] = all[j].entry()
	}
	return c.ok(http.StatusOK, map[string]any{"users": page}, nil)
}

// GET /users/{user_token}.json
func (s *Server) getUser(c *call) *response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u := s.st.users[c.token]
	if u == nil {
		return c.noUser()
	}
	return c.ok(http.StatusOK, map[string]any{"user": u.full()}, nil)
}

// DELETE /users/{user_token}.json?confirm_deletion=true
func (s *Server) deleteUser(c *call) *response {
	if bad := c.confirmed(); bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[c.token]
	if u == nil {
		return c.noUser()
	}
	removed := struct {
		UserToken  string        `json:"user_token"`
		Identities []identityRef `json:"identities"`
	}{u.token, refsOf(u.identities)}
	s.st.removeUser(u)
	s.st.changes++
	return c.ok(http.StatusOK, map[string]any{"user": removed}, resultStatus(infoUserDeleted))
}

// identityContactsEntry is the sub-result of one identity in the user
// contacts answer.
type identityContactsEntry struct {
	IdentityToken string             `json:"identity_token"`
	Provider      string             `json:"provider"`
	Source        api.IdentitySource `json:"source"`
	Contacts      contactsResult     `json:"contacts"`
}

type contactsResult struct {
	Status              api.Status    `json:"status"`
	ReadFromCache       *bool         `json:"read_from_cache,omitempty"`
	CacheDateLastUpdate api.Timestamp `json:"cache_date_last_update,omitzero"`
	Count               *int          `json:"count,omitempty"`
	Entries             []api.Contact `json:"entries,omitempty"`
}

// GET /users/{user_token}/contacts.json
func (s *Server) listUserContacts(c *call) *response {
	live, _, bad := c.boolParam("disable_cache")
	if bad != nil {
		return bad
	}
	defer s.lock(live)()
	u := s.st.users[c.token]
	if u == nil {
		return c.noUser()
	}
	var now time.Time
	if live {
		now = s.tick()
		s.st.changes++
	}
	entries := make([]identityContactsEntry, 0, len(u.identities))
	failed := false
	for _, id := range u.identities {
		e := identityContactsEntry{
			IdentityToken: id.token,
			Provider:      id.provider,
			Source:        api.IdentitySource{Name: providerFor(id.provider).name, Key: id.provider},
		}
		if !providerFor(id.provider).contacts {
			failed = true
			e.Contacts.Status = api.Status{Flag: "error", Code: http.StatusForbidden,
				Message: "The contacts cannot be read for identities of the provider " + id.provider}
			entries = append(entries, e)
			continue
		}
		if live {
			id.contactsCache = now
		}
		contacts := contactsFor(id)
		e.Contacts = contactsResult{
			Status:              api.Status{Flag: "success", Code: http.StatusOK, Message: "Contacts read"},
			ReadFromCache:       ptr(!live),
			CacheDateLastUpdate: api.Timestamp{Time: id.contactsCache},
			Count:               ptr(len(contacts)),
			Entries:             contacts,
		}
		entries = append(entries, e)
	}
	data := map[string]any{"identities": map[string]any{"count": len(entries), "entries": entries}}
	if failed {
		return c.reply(http.StatusMultiStatus, "multistatus", infoMultiStatus, &envelopeResult{Data: data})
	}
	return c.ok(http.StatusOK, data, nil)
}

// PUT /users.json: import a user from a social network token.
func (s *Server) importUser(c *call) *response {
	var body api.ImportUserBody
	if _, bad := c.decodeBody(&body, "request->user", "request", "user", "identity", "source"); bad != nil {
		return bad
	}
	in := body.Request.User
	src := in.Identity.Source
	provider := strings.ToLower(strings.TrimSpace(src.Key))
	if _, known := providers[provider]; !known {
		return c.bad("request->user->identity->source->key")
	}
	var key string
	switch {
	case src.AccessToken != (api.ImportAccessToken{}):
		if strings.TrimSpace(src.AccessToken.Key) == "" {
			return c.bad("request->user->identity->source->access_token")
		}
		key = importKey(provider, "access_token", src.AccessToken.Key)
	case src.IDToken != (api.ImportIDToken{}):
		if strings.TrimSpace(src.IDToken.Value) == "" {
			return c.bad("request->user->identity->source->id_token")
		}
		key = importKey(provider, "id_token", src.IDToken.Value)
	default:
		return c.bad("request->user->identity->source")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var owner *user
	if in.UserToken != "" {
		if owner = s.st.users[in.UserToken]; owner == nil {
			return c.noUser()
		}
	}
	now := s.tick()
	access := accessToken{expires: now.Add(accessTokenLifetime)}
	if src.AccessToken != (api.ImportAccessToken{}) {
		access.key = src.AccessToken.Key
		access.secret = src.AccessToken.Secret
		if providerFor(provider).oauth1 {
			access.expires = time.Time{}
		}
	} else {
		access = newAccessToken(s.st.tokens, provider, now)
	}

	status := http.StatusOK
	id := s.st.imports[key]
	if id != nil {
		// The same network profile: OneAll reads it again.
		if id.network != nil {
			id.profile, id.network = *id.network, nil
		}
		id.access, id.updated = access, now
		if owner != nil {
			s.st.relink(id, owner)
		}
	} else {
		status = http.StatusCreated
		if owner == nil {
			owner = s.st.addUser(s.st.newToken(s.st.tokens), now)
		}
		r := importRand(key)
		profile := socialProfile(r, provider, newPerson(r))
		id = s.st.addIdentity(owner, s.st.newToken(s.st.tokens), provider, now, profile)
		id.access = access
		id.seed = r.Uint64()
		id.importKey = key
		s.st.imports[key] = id
	}
	s.st.changes++
	u := id.user
	data := map[string]any{"user": userWithIdentity{
		UserToken:     u.token,
		DateCreation:  api.Timestamp{Time: u.created},
		DateLastLogin: u.lastLoginStamp(),
		NumLogins:     u.numLogins,
		Identity:      id.full(),
	}}
	return c.ok(status, data, nil)
}
