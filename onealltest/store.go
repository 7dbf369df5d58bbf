package onealltest

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// The logical clock: it starts at epoch and advances tickStep per change.
var epoch = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

const tickStep = time.Minute

// Fixed seeds: the same server always hands out the same tokens.
const (
	tokenSeed = 0x6f6e65616c6c2d67 // tokens of users and identities created through the API
	dataSeed  = 0x0a11_5eed_0a11   // profiles of Seed, one PCG stream per seeded user
)

// firstExternalID is the first number of OneAll's externalid sequence.
const firstExternalID = 100000001

// accessTokenLifetime is how long a new access token is valid.
const accessTokenLifetime = 60 * 24 * time.Hour

// user is a user of the site.
type user struct {
	token      string
	created    time.Time
	lastLogin  time.Time // zero: never logged in
	numLogins  int
	identities []*identity // in linking order

	// Cloud storage data.
	storage      bool   // created or changed through the storage endpoints
	externalid   string // "" when none
	login        string // "" when none
	passwordHash []byte // nil when none
	updated      time.Time
}

// identity is a social network profile linked to one user.
type identity struct {
	token    string
	user     *user
	provider string
	created  time.Time
	updated  time.Time
	// profile is what OneAll stores: every field except the tokens, the
	// provider, the source and the dates, which are added on output.
	profile api.Identity
	// network is the profile at the social network when it differs from
	// profile (UpdateNetworkProfile); synchronize copies it to profile.
	network *api.Identity
	access  accessToken
	// seed drives the provider data (contacts, games, videos, posts).
	seed uint64
	// contactsCache is when the contacts were last read from the network.
	contactsCache time.Time
	// importKey is the key of imports.
	importKey string
	// published is what the identity published through the Push API (push.go).
	published []*published
}

// accessToken is an identity's token at its social network.
type accessToken struct {
	key, secret string
	expires     time.Time // zero: never expires (OAuth 1)
}

// state is everything the server stores. The Server's mu guards it.
type state struct {
	users        map[string]*user
	userList     []*user // by creation date
	identities   map[string]*identity
	identityList []*identity // by creation date
	logins       map[string]*user
	externalids  map[string]*user
	imports      map[string]*identity // provider + token -> identity
	conn         connState            // connections and SSO sessions
	shortURLs    shortURLState        // short URLs (issue 17)
	site         siteAdminState       // allowed domains, connection log (issue 17)
	sharing      sharingState         // sharing messages and pages (issue 17)
	analytics    analyticsState       // sharing analytics snapshots (issue 17)
	videos       []*queuedVideo       // videos waiting for their callback (video.go)
	lv           *lvState             // LoudVoice, created on first use (loudvoice.go)
	exports      map[string][]byte    // export_token -> CSV (export.go)

	tokens         *rand.Rand // tokens and access keys of API creations
	nextExternalID int64
	seeded         int    // users created by Seed so far
	changes        uint64 // see Stats.Changes
}

func (st *state) init() {
	st.users = make(map[string]*user)
	st.identities = make(map[string]*identity)
	st.logins = make(map[string]*user)
	st.externalids = make(map[string]*user)
	st.imports = make(map[string]*identity)
	st.conn.init()
	st.shortURLs.init()
	st.sharing.init()
	st.analytics.init()
	st.tokens = rand.New(rand.NewPCG(tokenSeed, tokenSeed>>7))
	st.nextExternalID = firstExternalID
}

// formatUUID formats 16 bytes as a version 4 UUID.
func formatUUID(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], b[10:16])
	return string(out[:])
}

// uuidFrom draws a version 4 UUID from r.
func uuidFrom(r *rand.Rand) string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[0:8], r.Uint64())
	binary.LittleEndian.PutUint64(b[8:16], r.Uint64())
	return formatUUID(b)
}

// newToken draws a token used by no user and no identity.
func (st *state) newToken(r *rand.Rand) string {
	for {
		t := uuidFrom(r)
		if st.users[t] == nil && st.identities[t] == nil {
			return t
		}
	}
}

// addUser stores a new user created at the given time.
func (st *state) addUser(token string, created time.Time) *user {
	u := &user{token: token, created: created, updated: created}
	st.users[token] = u
	st.userList = append(st.userList, u)
	return u
}

// addIdentity stores a new identity of u created at the given time.
func (st *state) addIdentity(u *user, token, provider string, created time.Time, profile api.Identity) *identity {
	id := &identity{
		token:         token,
		user:          u,
		provider:      provider,
		created:       created,
		updated:       created,
		profile:       profile,
		contactsCache: created,
	}
	st.identities[token] = id
	st.identityList = append(st.identityList, id)
	u.identities = append(u.identities, id)
	return id
}

// removeIdentity deletes an identity; its user stays, as on OneAll.
func (st *state) removeIdentity(id *identity) {
	delete(st.identities, id.token)
	st.identityList = removeSorted(st.identityList, id, func(x *identity) time.Time { return x.created })
	id.user.identities = slices.DeleteFunc(id.user.identities, func(x *identity) bool { return x == id })
	if id.importKey != "" && st.imports[id.importKey] == id {
		delete(st.imports, id.importKey)
	}
	st.conn.endSession(id)
}

// removeUser deletes a user and all its identities.
func (st *state) removeUser(u *user) {
	for _, id := range slices.Clone(u.identities) {
		st.removeIdentity(id)
	}
	delete(st.users, u.token)
	st.userList = removeSorted(st.userList, u, func(x *user) time.Time { return x.created })
	st.setLogin(u, "")
	st.setExternalID(u, "")
}

// relink moves an identity to another user, at the end of its list.
func (st *state) relink(id *identity, to *user) {
	if id.user == to {
		return
	}
	from := id.user
	from.identities = slices.DeleteFunc(from.identities, func(x *identity) bool { return x == id })
	to.identities = append(to.identities, id)
	id.user = to
}

// setLogin changes a user's login and its index; "" removes it.
func (st *state) setLogin(u *user, login string) {
	if u.login != "" && st.logins[u.login] == u {
		delete(st.logins, u.login)
	}
	u.login = login
	if login != "" {
		st.logins[login] = u
	}
}

// setExternalID changes a user's externalid and its index; "" removes it.
func (st *state) setExternalID(u *user, ext string) {
	if u.externalid != "" && st.externalids[u.externalid] == u {
		delete(st.externalids, u.externalid)
	}
	u.externalid = ext
	if ext != "" {
		st.externalids[ext] = u
	}
}

// nextExternal returns the next free number of the externalid sequence.
func (st *state) nextExternal() string {
	for {
		ext := itoa64(st.nextExternalID)
		st.nextExternalID++
		if st.externalids[ext] == nil {
			return ext
		}
	}
}

// storageIdentity returns the user's cloud storage identity, if any.
func (u *user) storageIdentity() *identity {
	for _, id := range u.identities {
		if id.provider == providerStorage {
			return id
		}
	}
	return nil
}

// removeSorted removes x from a list sorted by strictly increasing dates.
func removeSorted[T comparable](list []T, x T, date func(T) time.Time) []T {
	d := date(x)
	i := sort.Search(len(list), func(i int) bool { return !date(list[i]).Before(d) })
	if i < len(list) && list[i] == x {
		return slices.Delete(list, i, i+1)
	}
	return slices.DeleteFunc(list, func(y T) bool { return y == x })
}

// expired reports whether the access token has expired at now.
func (a *accessToken) expired(now time.Time) bool {
	return !a.expires.IsZero() && !now.Before(a.expires)
}

// lock takes the state lock for writing (a request that changes state, such
// as a live contacts read that refreshes the cache) or for reading, and
// returns its unlock.
func (s *Server) lock(write bool) (unlock func()) {
	if write {
		s.mu.Lock()
		return s.mu.Unlock
	}
	s.mu.RLock()
	return s.mu.RUnlock
}
