package onealltest

import (
	"net/http"
	"slices"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// Texts of the SSO API: infoIdentitySessionDeleted is documented, the others
// are the fake's wording.
const (
	infoIdentitySessionDeleted = "The single sign-on session for this identity has successfully been removed"
	infoSessionDeleted         = "The single sign-on session has successfully been removed"
	infoNoSession              = "No single sign-on session has been found"
)

// Session lifetimes: OneAll's default, and the fake's bound (OneAll
// documents none; past it a date would overflow).
const (
	defaultSessionLifetime = 86400
	maxSessionLifetime     = 10 * 365 * 86400
)

// ssoSession is a Single Sign-On session of an identity. It expires on the
// server's logical clock (see Server.Advance).
type ssoSession struct {
	token              string
	identity           *identity
	topRealm, subRealm string
	data               string
	created, expires   time.Time
}

// active reports whether the session still lives at now.
func (sess *ssoSession) active(now time.Time) bool { return now.Before(sess.expires) }

// activeSession returns the live session of id, or nil.
func (cs *connState) activeSession(id *identity, now time.Time) *ssoSession {
	if sess := cs.sessionOf[id]; sess != nil && sess.active(now) {
		return sess
	}
	return nil
}

// endSession removes the session of id, if any.
func (cs *connState) endSession(id *identity) {
	if sess := cs.sessionOf[id]; sess != nil {
		cs.removeSession(sess)
	}
}

func (cs *connState) removeSession(sess *ssoSession) {
	delete(cs.sessions, sess.token)
	delete(cs.sessionOf, sess.identity)
	cs.sessionList = slices.DeleteFunc(cs.sessionList, func(x *ssoSession) bool { return x == sess })
}

// ssoSessionNode is a session as the API shows it.
type ssoSessionNode struct {
	SSOSessionToken string        `json:"sso_session_token"`
	UserToken       string        `json:"user_token"`
	IdentityToken   string        `json:"identity_token"`
	TopRealm        string        `json:"top_realm,omitempty"`
	SubRealm        string        `json:"sub_realm,omitempty"`
	Data            string        `json:"data,omitempty"`
	NumCookiesSet   int           `json:"num_cookies_set"`
	DateCreation    api.Timestamp `json:"date_creation"`
	DateExpiration  api.Timestamp `json:"date_expiration"`
}

func (sess *ssoSession) node() ssoSessionNode {
	return ssoSessionNode{
		SSOSessionToken: sess.token,
		UserToken:       sess.identity.user.token,
		IdentityToken:   sess.identity.token,
		TopRealm:        sess.topRealm,
		SubRealm:        sess.subRealm,
		Data:            sess.data,
		DateCreation:    api.Timestamp{Time: sess.created},
		DateExpiration:  api.Timestamp{Time: sess.expires},
	}
}

// Advance moves the server's logical clock forward by d (rounded up to whole
// minutes), as if that much time passed without a change: Single Sign-On
// sessions whose lifetime is over expire, and sharing analytics snapshots and
// queued videos (PushTwitterVideo, PushYouTubeVideo with a callback_url)
// whose time has come are processed, their pingbacks and video callbacks
// POSTed before Advance returns (see analytics.go and video.go). Both take
// two minutes: Advance(2*time.Minute) processes everything pending. A
// negative d panics.
func (s *Server) Advance(d time.Duration) {
	if d < 0 {
		panic("onealltest: Advance: negative duration")
	}
	s.mu.Lock()
	s.ticks.Add(int64((d + tickStep - 1) / tickStep))
	due := s.settleLocked()
	s.mu.Unlock()
	s.deliverPingbacks(due)
}

// PUT /sso/sessions/identities/{identity_token}.json
func (s *Server) startIdentitySSOSession(c *call) *response {
	// api.StartSSOSessionBody with a pointer for lifetime: 0 is refused,
	// absent is OneAll's default.
	var body struct {
		Request struct {
			SSOSession *struct {
				TopRealm string       `json:"top_realm"`
				SubRealm string       `json:"sub_realm"`
				Lifetime *api.FlexInt `json:"lifetime"`
				Data     string       `json:"data"`
			} `json:"sso_session"`
		} `json:"request"`
	}
	if bad := c.decodeOptional(&body, "request->sso_session"); bad != nil {
		return bad
	}
	sess := &ssoSession{}
	lifetime := defaultSessionLifetime
	if in := body.Request.SSOSession; in != nil {
		if in.Lifetime != nil {
			lifetime = in.Lifetime.Int()
			if lifetime < 1 || lifetime > maxSessionLifetime {
				return c.bad("request->sso_session->lifetime")
			}
		}
		sess.topRealm, sess.subRealm, sess.data = in.TopRealm, in.SubRealm, in.Data
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.st
	id := st.identities[c.token]
	if id == nil {
		return c.noIdentity()
	}
	// Sessions that already exist for the identity are invalidated, and
	// expired ones are forgotten.
	now := s.tick()
	st.conn.endSession(id)
	for _, old := range slices.Clone(st.conn.sessionList) {
		if !old.active(now) {
			st.conn.removeSession(old)
		}
	}
	sess.token, sess.identity = st.newLoginToken(), id
	sess.created, sess.expires = now, now.Add(time.Duration(lifetime)*time.Second)
	st.conn.sessions[sess.token] = sess
	st.conn.sessionOf[id] = sess
	st.conn.sessionList = append(st.conn.sessionList, sess)
	st.changes++
	return c.ok(http.StatusCreated, map[string]any{"sso_session": sess.node()}, nil)
}

// identitySession finds the identity of the path and its live session, or
// answers 404.
func (s *Server) identitySession(c *call) (*ssoSession, *response) {
	id := s.st.identities[c.token]
	if id == nil {
		return nil, c.noIdentity()
	}
	sess := s.st.conn.activeSession(id, s.Now())
	if sess == nil {
		return nil, c.fail(http.StatusNotFound, infoNoSession)
	}
	return sess, nil
}

// tokenSession finds the live session of the path, or answers 404.
func (s *Server) tokenSession(c *call) (*ssoSession, *response) {
	sess := s.st.conn.sessions[c.token]
	if sess == nil || !sess.active(s.Now()) {
		return nil, c.fail(http.StatusNotFound, infoNoSession)
	}
	return sess, nil
}

// GET /sso/sessions/identities/{identity_token}.json
func (s *Server) getIdentitySSOSession(c *call) *response {
	return s.readSession(c, s.identitySession)
}

// DELETE /sso/sessions/identities/{identity_token}.json?confirm_deletion=true
func (s *Server) destroyIdentitySSOSession(c *call) *response {
	return s.deleteSession(c, s.identitySession, infoIdentitySessionDeleted)
}

// GET /sso/sessions/{sso_session_token}.json
func (s *Server) getSSOSession(c *call) *response {
	return s.readSession(c, s.tokenSession)
}

// readSession answers the session that find finds.
func (s *Server) readSession(c *call, find func(*call) (*ssoSession, *response)) *response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sess, bad := find(c)
	if bad != nil {
		return bad
	}
	return c.ok(http.StatusOK, map[string]any{"sso_session": sess.node()}, nil)
}

// DELETE /sso/sessions/{sso_session_token}.json?confirm_deletion=true
func (s *Server) deleteSSOSession(c *call) *response {
	return s.deleteSession(c, s.tokenSession, infoSessionDeleted)
}

// deleteSession removes the session that find finds; the answer has no
// result, as documented for the identity's session.
func (s *Server) deleteSession(c *call, find func(*call) (*ssoSession, *response), info string) *response {
	if bad := c.confirmed(); bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, bad := find(c)
	if bad != nil {
		return bad
	}
	s.st.conn.removeSession(sess)
	s.st.changes++
	return c.reply(http.StatusOK, "success", info, nil)
}

// GET /sso/sessions.json: the live sessions, oldest first.
func (s *Server) listSSOSessions(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	now := s.Now()
	var live []*ssoSession
	for _, sess := range s.st.conn.sessionList {
		if sess.active(now) {
			live = append(live, sess)
		}
	}
	page := pageMapped(live, p, (*ssoSession).node)
	return c.ok(http.StatusOK, map[string]any{"sso_sessions": page}, nil)
}
