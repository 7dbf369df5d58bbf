package onealltest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/oneall-go/oneall-go/api"
)

// ---- Passwords: only a slow one-way hash is kept.

// prehash maps a password of any length to the 44 bytes that bcrypt
// hashes (bcrypt itself stops at 72 bytes).
func prehash(password string) []byte {
	sum := sha256.Sum256([]byte(password))
	return []byte(base64.StdEncoding.EncodeToString(sum[:]))
}

func (s *Server) hashPassword(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword(prehash(password), s.passwordCost)
}

func checkPassword(hash []byte, password string) bool {
	return hash != nil && bcrypt.CompareHashAndPassword(hash, prehash(password)) == nil
}

// ---- User input with the difference between absent, null and blank.

// storageInput is the user node of a storage request.
type storageInput struct {
	externalid, login, password, identity field
	// hash is the hash of a given password, computed before the lock.
	hash []byte
	// The identity node decoded, without the members clients cannot set,
	// and the profile of a user created with it (or the error that makes
	// the node unusable), computed before the lock too: it serializes every
	// request, and with 32 requests at once each waited 66 µs for it.
	profile    map[string]any
	fresh      api.Identity
	profileErr error
}

// readStorageInput extracts the user node at path from a body that has
// already been decoded (and so validated) once: the path's keys match
// exactly, as in a map, and the user's members as in a struct.
func readStorageInput(body []byte, path ...string) storageInput {
	raw := body
	for _, name := range path {
		if raw, _ = member(raw, name, false); raw == nil {
			return storageInput{}
		}
	}
	get := func(name string) field {
		v, _ := member(raw, name, true)
		return field(v)
	}
	return storageInput{
		externalid: get("externalid"),
		login:      get("login"),
		password:   get("password"),
		identity:   get("identity"),
	}
}

// hasValue reports a member given with a non-blank value.
func (f field) hasValue() bool { return !f.absent() && !f.nullOrBlank() }

// text returns the member as a string: a JSON string, or a number's text.
func (f field) text() string {
	var s api.FlexString
	_ = json.Unmarshal(f, &s)
	return strings.TrimSpace(string(s))
}

// prepare hashes the given password, outside the state lock (it is slow).
//
// A user created without a password gets none: OneAll gives it a random
// password that nobody knows, which is the same for every lookup (a
// password never matches), and costs no hashing.
func (s *Server) prepare(in *storageInput) error {
	if !in.identity.absent() && !in.identity.nullOrBlank() {
		in.profile, in.profileErr = decodeProfile(in.identity)
		if in.profileErr == nil {
			in.fresh, in.profileErr = mergeProfile(api.Identity{}, in.profile, false)
		}
	}
	if !in.password.hasValue() {
		return nil
	}
	var pw api.Password
	if err := json.Unmarshal(in.password, &pw); err != nil {
		return err
	}
	h, err := s.hashPassword(pw.Reveal()) // as sent: a password is never trimmed
	in.hash = h
	return err
}

// conflict checks that the login and externalid given for u (nil for a new
// user) belong to no other user.
func (c *call) conflict(u *user, in *storageInput) *response {
	st := &c.s.st
	if in.login.hasValue() {
		if other := st.logins[in.login.text()]; other != nil && other != u {
			return c.fail(http.StatusConflict, infoLoginTaken)
		}
	}
	if in.externalid.hasValue() {
		if other := st.externalids[in.externalid.text()]; other != nil && other != u {
			return c.fail(http.StatusConflict, infoExternalIDTaken)
		}
	}
	return nil
}

// apply changes u's storage data at time now, as an update in the given
// mode: values set, null or blank removes (replace) or is ignored (append),
// lists replaced or appended. It returns whether a storage identity was
// added. s.mu is held and conflicts have been checked; on error nothing
// has changed.
func (s *Server) apply(u *user, in *storageInput, appendMode bool, now time.Time) (added bool, err error) {
	st := &s.st
	sid := u.storageIdentity()
	profile, err := updatedProfile(sid, in, appendMode)
	if err != nil {
		return false, err
	}
	st.applyKeys(u, in, appendMode)
	if sid == nil {
		sid = st.addIdentity(u, st.newToken(st.tokens), providerStorage, now, api.Identity{})
		added = true
	}
	sid.profile = profile
	sid.updated = now
	u.updated = now
	u.storage = true
	st.changes++
	return added, nil
}

// updatedProfile is the storage identity sid's profile (nil: none yet) as
// the update in changes it. It changes nothing.
func updatedProfile(sid *identity, in *storageInput, appendMode bool) (api.Identity, error) {
	var profile api.Identity
	if sid != nil {
		profile = sid.profile
	}
	switch {
	case in.identity.absent():
	case in.profileErr != nil:
		return profile, in.profileErr
	case in.identity.nullOrBlank() && appendMode:
	case in.identity.nullOrBlank():
		profile = api.Identity{}
	default:
		return mergeProfile(profile, in.profile, appendMode)
	}
	return profile, nil
}

// applyKeys sets u's login, externalid and password as the update in says:
// a value sets, null or blank removes (replace) or is ignored (append).
func (st *state) applyKeys(u *user, in *storageInput, appendMode bool) {
	switch {
	case in.login.hasValue():
		st.setLogin(u, in.login.text())
	case in.login.absent() || appendMode:
	default:
		st.setLogin(u, "")
	}
	switch {
	case in.externalid.hasValue():
		st.setExternalID(u, in.externalid.text())
	case in.externalid.absent() || appendMode:
	default:
		st.setExternalID(u, "")
	}
	switch {
	case in.hash != nil:
		u.passwordHash = in.hash
	case in.password.absent() || appendMode:
	default:
		u.passwordHash = nil
	}
}

// serverFields are identity members that clients cannot set.
var serverFields = []string{"identity_token", "user_token", "provider", "source", "date_creation", "date_last_update", "id"}

// decodeProfile decodes the identity node of an update (an object), without
// the members clients cannot set.
func decodeProfile(node field) (map[string]any, error) {
	var src map[string]any
	if err := decodeStrict(node, &src); err != nil {
		return nil, err
	}
	for _, k := range serverFields {
		delete(src, k)
	}
	return src, nil
}

// mergeProfile applies a decoded identity node (see decodeProfile) to a
// stored profile. It changes neither.
func mergeProfile(stored api.Identity, src map[string]any, appendMode bool) (api.Identity, error) {
	dst := map[string]any{}
	b, err := json.Marshal(stored)
	if err == nil {
		err = decodeStrict(b, &dst)
	}
	if err != nil {
		return stored, err
	}
	merge(dst, src, appendMode)
	var out api.Identity
	b, err = json.Marshal(dst)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	return out, err
}

// merge applies src to dst: scalars replace, objects merge recursively,
// lists replace (or append in append mode), null and blank values remove
// (or are ignored in append mode).
func merge(dst, src map[string]any, appendMode bool) {
	for k, v := range src {
		if isBlank(v) {
			if !appendMode {
				delete(dst, k)
			}
			continue
		}
		switch v := v.(type) {
		case map[string]any:
			sub, ok := dst[k].(map[string]any)
			if !ok {
				sub = map[string]any{}
			}
			merge(sub, v, appendMode)
			dst[k] = sub
		case []any:
			if old, ok := dst[k].([]any); ok && appendMode {
				dst[k] = append(old, v...)
			} else {
				dst[k] = v
			}
		default:
			dst[k] = v
		}
	}
}

func isBlank(v any) bool {
	if v == nil {
		return true
	}
	s, ok := v.(string)
	return ok && strings.TrimSpace(s) == ""
}
