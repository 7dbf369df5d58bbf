package onealltest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/oneall-go/oneall-go/api"
)

// storageUserOut is a cloud storage user as the storage endpoints answer it.
type storageUserOut struct {
	UserToken      string        `json:"user_token"`
	ExternalID     *string       `json:"externalid,omitempty"`
	Login          *string       `json:"login,omitempty"`
	DateCreation   api.Timestamp `json:"date_creation"`
	DateLastUpdate api.Timestamp `json:"date_last_update"`
	NumLogins      int           `json:"num_logins"`
	Identity       *api.Identity `json:"identity,omitempty"`
}

func (u *user) storageOut() map[string]any {
	out := storageUserOut{
		UserToken:      u.token,
		DateCreation:   api.Timestamp{Time: u.created},
		DateLastUpdate: api.Timestamp{Time: u.updated},
		NumLogins:      u.numLogins,
	}
	if u.externalid != "" {
		out.ExternalID = &u.externalid
	}
	if u.login != "" {
		out.Login = &u.login
	}
	if sid := u.storageIdentity(); sid != nil {
		full := sid.full()
		out.Identity = &full
	}
	return map[string]any{"user": out}
}

// POST /storage/users.json
func (s *Server) createStorageUser(c *call) *response {
	var body api.CreateStorageUserBody
	c.identityAt = []string{"request", "user", "identity"}
	raw, bad := c.decodeBody(&body, "request->user", "request", "user")
	if bad != nil {
		return bad
	}
	in := readStorageInput(raw, "request", "user")
	if err := s.prepare(&in); err != nil {
		return c.fail(http.StatusInternalServerError, info500)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.createStorage(c, &in)
}

// createStorage creates a cloud storage user; s.mu is held.
func (s *Server) createStorage(c *call, in *storageInput) *response {
	if bad := c.conflict(nil, in); bad != nil {
		return bad
	}
	if in.profileErr != nil {
		return c.bad("request->user->identity")
	}
	profile := in.fresh
	login, ext := "", ""
	if in.login.hasValue() {
		login = in.login.text()
	}
	if in.externalid.hasValue() {
		ext = in.externalid.text()
	}
	u := s.addStorageUser(login, ext, in.hash, profile)
	return c.ok(http.StatusCreated, u.storageOut(), nil)
}

// addStorageUser creates a cloud storage user with its storage identity;
// an empty externalid takes the next number of the sequence. s.mu is held
// and the login and externalid are free.
func (s *Server) addStorageUser(login, externalid string, hash []byte, profile api.Identity) *user {
	st := &s.st
	now := s.tick()
	u := st.addUser(st.newToken(st.tokens), now)
	u.storage = true
	if externalid == "" {
		externalid = st.nextExternal()
	}
	st.setExternalID(u, externalid)
	st.setLogin(u, login)
	u.passwordHash = hash
	st.addIdentity(u, st.newToken(st.tokens), providerStorage, now, profile)
	st.changes++
	return u
}

// PUT /storage/users/{user_token}.json
func (s *Server) updateStorageUser(c *call) *response {
	var body api.UpdateStorageUserBody
	c.identityAt = []string{"request", "user", "identity"}
	raw, bad := c.decodeBody(&body, "request->user", "request", "user")
	if bad != nil {
		return bad
	}
	in := readStorageInput(raw, "request", "user")
	appendMode := false
	if m := body.Request.UpdateMode; m != "" {
		switch m {
		case api.UpdateStorageUserBodyRequestUpdateModeReplace:
		case api.UpdateStorageUserBodyRequestUpdateModeAppend:
			appendMode = true
		default:
			return c.bad("request->update_mode")
		}
	}
	if err := s.prepare(&in); err != nil {
		return c.fail(http.StatusInternalServerError, info500)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[c.token]
	if u == nil {
		return c.noUser()
	}
	if bad := c.conflict(u, &in); bad != nil {
		return bad
	}
	added, err := s.apply(u, &in, appendMode, s.tick())
	if err != nil {
		return c.bad("request->user->identity")
	}
	status := http.StatusOK
	if added {
		status = http.StatusCreated
	}
	return c.ok(status, u.storageOut(), nil)
}

// PUT /storage/users/user/synchronize.json
func (s *Server) synchronizeStorageUser(c *call) *response {
	var body api.SynchronizeStorageUserBody
	c.identityAt = []string{"request", "synchronize", "user", "identity"}
	raw, bad := c.decodeBody(&body, "request->synchronize", "request", "synchronize", "identifier")
	if bad != nil {
		return bad
	}
	// user is optional (OneAll's docs: "only specify this property if you
	// want to update it"); given, it is an object.
	sync, _ := member(raw, "request", false)
	sync, _ = member(sync, "synchronize", false)
	if user, ok := member(sync, "user", false); ok && !isObject(user) {
		return c.bad("request->synchronize->user")
	}
	in := readStorageInput(raw, "request", "synchronize", "user")
	idf := body.Request.Synchronize.Identifier
	value, bad := syncIdentifier(c, idf)
	if bad != nil {
		return bad
	}
	if err := s.prepare(&in); err != nil {
		return c.fail(http.StatusInternalServerError, info500)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.userBy(idf.Field, value)
	if u == nil && idf.Field == api.StorageIdentifierFieldUserToken {
		// OneAll cannot create a user with a token of the caller's choosing.
		return c.noUser()
	}
	if u == nil {
		// Create the user, named as the identifier says unless the data
		// names it otherwise.
		quoted, _ := json.Marshal(value)
		switch {
		case idf.Field == api.StorageIdentifierFieldLogin && !in.login.hasValue():
			in.login = quoted
		case idf.Field == api.StorageIdentifierFieldExternalid && !in.externalid.hasValue():
			in.externalid = quoted
		}
		return s.createStorage(c, &in)
	}
	if bad := c.conflict(u, &in); bad != nil {
		return bad
	}
	if _, err := s.apply(u, &in, false, s.tick()); err != nil {
		return c.bad("request->synchronize->user->identity")
	}
	return c.ok(http.StatusAccepted, u.storageOut(), nil)
}

// syncIdentifier checks a synchronize's identifier and returns its value,
// trimmed.
func syncIdentifier(c *call, idf api.StorageIdentifier) (string, *response) {
	switch idf.Field {
	case api.StorageIdentifierFieldUserToken, api.StorageIdentifierFieldExternalid, api.StorageIdentifierFieldLogin:
	default:
		return "", c.bad("request->synchronize->identifier->field")
	}
	value := strings.TrimSpace(string(idf.Value))
	if value == "" {
		return "", c.bad("request->synchronize->identifier->value")
	}
	return value, nil
}

// userBy is the user whose field (user_token, externalid or login) is
// value, or nil. s.mu is held.
func (st *state) userBy(field api.StorageIdentifierField, value string) *user {
	switch field {
	case api.StorageIdentifierFieldUserToken:
		return st.users[value]
	case api.StorageIdentifierFieldExternalid:
		return st.externalids[value]
	case api.StorageIdentifierFieldLogin:
		return st.logins[value]
	}
	return nil
}

// POST /storage/users/user/lookup.json
func (s *Server) lookupStorageUser(c *call) *response {
	var body api.LookupStorageUserBody
	raw, bad := c.decodeBody(&body, "request->user", "request", "user")
	if bad != nil {
		return bad
	}
	q := body.Request.User
	token, login, ext := q.UserToken, q.Login, strings.TrimSpace(string(q.ExternalID))
	// A password given blank is checked (and fails), as one given at all.
	pw := readStorageInput(raw, "request", "user").password
	checkPass := !pw.absent() && !bytes.Equal(bytes.TrimSpace(pw), []byte("null"))
	if token == "" && login == "" && ext == "" {
		return c.bad("request->user")
	}
	s.mu.RLock()
	var u *user
	switch {
	case token != "":
		u = s.st.users[token]
	case login != "":
		u = s.st.logins[login]
	default:
		u = s.st.externalids[ext]
	}
	if u == nil || (login != "" && u.login != login) || (ext != "" && u.externalid != ext) {
		s.mu.RUnlock()
		return c.fail(http.StatusNotFound, infoNoUserFound)
	}
	hash := bytes.Clone(u.passwordHash)
	found := c.ok(http.StatusOK, u.storageOut(), nil)
	s.mu.RUnlock()
	if checkPass && !checkPassword(hash, q.Password.Reveal()) {
		return c.fail(http.StatusUnauthorized, infoInvalidCreds)
	}
	return found
}

// POST /storage/users/{user_token}.json: the deprecated alias of the PUT,
// as OneAll's PHP SDK (mapUserAccount) sends it. The same update.
func (s *Server) updateStorageUserByPost(c *call) *response { return s.updateStorageUser(c) }
