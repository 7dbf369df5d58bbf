package onealltest

import (
	"fmt"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// User is a user that AddUser puts into the server. Every field is
// optional.
type User struct {
	// Token is the user's user_token; "" draws one. It must be used by no
	// other user or identity.
	Token string
	// NumLogins is how many times the user logged in.
	NumLogins int
	// LastLogin is the date of the last login, which the filters of the
	// users list read; zero means never.
	LastLogin time.Time
}

// AddUser adds a user without identities, created now (see Now), and
// returns its user token. Give it identities with AddIdentity. It panics if
// Token is already used, a mistake in the test.
func (s *Server) AddUser(u User) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	token := s.claimToken("AddUser", u.Token)
	nu := s.st.addUser(token, s.tick())
	nu.numLogins = u.NumLogins
	nu.lastLogin = u.LastLogin
	s.st.changes++
	return token
}

// AddIdentity links a new identity of the social network provider (such as
// "facebook" or "twitter") to the user of userToken, with the given
// profile, and returns its identity token: profile.IdentityToken if it is
// set, a new token otherwise. The identity gets a fresh access token and
// the provider data of its network (contacts, games, videos, posts, drawn
// from its token). The user token, provider, source and dates of profile
// are the server's to set and are ignored.
//
// It panics if no user has userToken, if provider is empty or "storage"
// (use AddStorageUser), or if the identity token is already used: mistakes
// in the test.
func (s *Server) AddIdentity(userToken, provider string, profile api.Identity) string {
	switch provider {
	case "":
		panic("onealltest: AddIdentity: no provider")
	case providerStorage:
		panic("onealltest: AddIdentity: cloud storage identities come with AddStorageUser")
	}
	p := s.ownProfile("AddIdentity", profile)
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[userToken]
	if u == nil {
		panic(fmt.Sprintf("onealltest: AddIdentity: no user has the token %q", userToken))
	}
	token := s.claimToken("AddIdentity", profile.IdentityToken)
	now := s.tick()
	id := s.st.addIdentity(u, token, provider, now, p)
	r := importRand("identity\x00" + token) // the same data for the same token
	id.access = newAccessToken(r, provider, now)
	id.seed = r.Uint64()
	id.importKey = importKey(provider, "access_token", id.access.key)
	s.st.imports[id.importKey] = id
	s.st.changes++
	return token
}

// StorageUser is a cloud storage user that AddStorageUser puts into the
// server, as the API's create would. Every field is optional.
type StorageUser struct {
	// Login is the user's login; "" means none.
	Login string
	// ExternalID is the user's externalid; "" takes the next number of
	// OneAll's sequence (100000001, 100000002, ...).
	ExternalID string
	// Password is the user's password, stored as a bcrypt hash; "" means
	// none, so that no lookup with a password finds the user.
	Password api.Password
	// Identity is the profile of the user's cloud storage identity. The
	// tokens, provider, source and dates are the server's to set and are
	// ignored.
	Identity api.Identity
}

// AddStorageUser adds a cloud storage user, as the API's create would, and
// returns its user token. It panics if the login or externalid is already
// used, a mistake in the test.
func (s *Server) AddStorageUser(su StorageUser) string {
	p := s.ownProfile("AddStorageUser", su.Identity)
	var hash []byte
	if su.Password != "" {
		var err error
		if hash, err = s.hashPassword(su.Password.Reveal()); err != nil {
			panic("onealltest: AddStorageUser: " + err.Error())
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.st
	if su.Login != "" && st.logins[su.Login] != nil {
		panic(fmt.Sprintf("onealltest: AddStorageUser: the login %q is already used", su.Login))
	}
	if su.ExternalID != "" && st.externalids[su.ExternalID] != nil {
		panic(fmt.Sprintf("onealltest: AddStorageUser: the externalid %q is already used", su.ExternalID))
	}
	return s.addStorageUser(su.Login, su.ExternalID, hash, p).token
}

// claimToken returns token after checking that it is free, or a new one
// when it is "". s.mu is held.
func (s *Server) claimToken(caller, token string) string {
	if token == "" {
		return s.st.newToken(s.st.tokens)
	}
	if s.st.users[token] != nil || s.st.identities[token] != nil {
		panic(fmt.Sprintf("onealltest: %s: the token %q is already used", caller, token))
	}
	return token
}

// ownProfile copies a profile given by a test, so that the server shares
// no slice or map with it, without the members the server sets.
func (s *Server) ownProfile(caller string, in api.Identity) api.Identity {
	p, err := cloneIdentity(in)
	if err != nil {
		panic(fmt.Sprintf("onealltest: %s: the profile does not encode: %v", caller, err))
	}
	clearServerFields(&p)
	return p
}

// clearServerFields removes from a profile what the server sets itself.
func clearServerFields(p *api.Identity) {
	p.IdentityToken, p.UserToken, p.Provider = "", "", ""
	p.Source, p.DateCreation, p.DateLastUpdate = api.IdentitySource{}, api.Timestamp{}, api.Timestamp{}
}
