package onealltest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// OneAll's texts of the Connection API. Only infoAuthenticated and
// infoNotAuthenticated are quoted from real answers; the others are the
// fake's wording.
const (
	infoAuthenticated    = "The user successfully authenticated"
	infoNotAuthenticated = "The user did not authenticate successfully"
	infoLinkedElsewhere  = "The identity is already linked to another user"
	infoNoConnection     = "No connection has been found for the specified connection_token"
	infoConnectionUsed   = "The connection_token has already been used"
)

// The services (plugin.key and oa_action) and the actions of Social Link.
const (
	serviceSocialLogin  = "social_login"
	serviceSocialLink   = "social_link"
	serviceSingleSignOn = "single_sign_on"
	actionLink          = "link_identity"
	actionUnlink        = "unlink_identity"
)

// connection is a connection token and what reading it answers, decided and
// encoded when the person connected.
type connection struct {
	token       string
	created     time.Time
	callbackURI string
	// status is the HTTP status of the read: 200, or 400 for a link refused.
	status int
	// resultStatus and data are the result node of the read; data is
	// encoded when the person connected, so that later changes do not show.
	resultStatus api.Status
	data         json.RawMessage
	// used is set by the first read: a token can be redeemed once.
	used bool
}

// connState is the connections and Single Sign-On sessions of the site.
type connState struct {
	connections    map[string]*connection
	connectionList []*connection // by creation date
	sessions       map[string]*ssoSession
	sessionList    []*ssoSession             // by creation date
	sessionOf      map[*identity]*ssoSession // the session of an identity
}

func (cs *connState) init() {
	cs.connections = make(map[string]*connection)
	cs.sessions = make(map[string]*ssoSession)
	cs.sessionOf = make(map[*identity]*ssoSession)
}

// newLoginToken draws a token used by nothing else the server stores.
func (st *state) newLoginToken() string {
	for {
		t := st.newToken(st.tokens)
		if st.conn.connections[t] == nil && st.conn.sessions[t] == nil {
			return t
		}
	}
}

// ConnectRequest is a person connecting through OneAll's Social Login,
// Social Link or Single Sign-On: what the fake's consent screen decides once
// the person has picked who they are. Server.Connect turns it into the
// connection_token that OneAll would POST to CallbackURI.
type ConnectRequest struct {
	// Service is "social_login" (the default), "social_link" or
	// "single_sign_on".
	Service string
	// Action is Social Link's: "link_identity" (the default) or
	// "unlink_identity".
	Action string
	// Provider is the social network's key: "facebook", "google", ... It is
	// required unless IdentityToken names the account.
	Provider string
	// IdentityToken picks the network account of an existing identity: that
	// person connects again. Single Sign-On needs it, and an active session
	// of that identity.
	IdentityToken string
	// Profile is the network account of the person when IdentityToken is
	// empty. An account is the same as an earlier one when its Provider and
	// Profile.Id are. Nil (or an empty Id) is a new person, generated.
	Profile *api.Identity
	// UserToken is, for Social Link, the user to link the account to or to
	// unlink it from. Without one, a link makes a new user, as OneAll does.
	UserToken string
	// CallbackURI is where OneAll would POST the token; the connection keeps
	// it as its callback_uri.
	CallbackURI string
	// Declined is a person who did not authenticate at the network (they
	// cancelled): the connection answers HTTP 200 with an error 401 inside.
	Declined bool
}

// Connect makes a connection as OneAll does when a person comes back from
// the social network, and returns its connection_token. Reading the token
// (GET /connections/{token}.json) then says what happened, once:
//
//   - social_login: the same network account as before logs in as the same
//     identity and user; a new one creates both.
//   - social_link, link_identity: the account becomes an identity of
//     UserToken (a new user without one). An account that is already an
//     identity of another user is refused: the read answers HTTP 400 with
//     plugin.data.reason identity_is_linked_to_another_user, and nothing
//     changes.
//   - social_link, unlink_identity: the account's identity is removed from
//     UserToken, which must own it.
//   - single_sign_on: the identity's active session logs its user in.
//
// Connect fails, and makes no connection, for an unknown service, action,
// provider, identity or user, an unlink of an account that UserToken does
// not own (unless the person declined), or Single Sign-On without an active
// session.
func (s *Server) Connect(req ConnectRequest) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.st
	if err := req.checkService(); err != nil {
		return "", err
	}
	target, err := s.connectTarget(&req)
	if err != nil {
		return "", err
	}
	id, err := s.account(&req)
	if err != nil {
		return "", err
	}
	switch {
	case req.Service == serviceSingleSignOn && st.conn.activeSession(id, s.Now()) == nil:
		return "", errors.New("onealltest: Connect: the identity has no active single sign-on session")
	case req.Action == actionUnlink && !req.Declined && (id == nil || id.user != target):
		return "", errors.New("onealltest: Connect: the account is not an identity of that user: nothing to unlink")
	}
	now := s.tick()
	c := &connection{token: st.newLoginToken(), created: now, callbackURI: req.CallbackURI, status: http.StatusOK}
	o := outcome{service: req.Service, action: req.Action}
	if req.Declined {
		o.declined(c)
		st.changes++
		return st.addConnection(c), nil
	}
	id = s.connectAccount(&req, c, &o, id, target, now)
	o.result(c, id)
	if req.Action == actionUnlink {
		st.removeIdentity(id)
	}
	st.changes++
	return st.addConnection(c), nil
}

// checkService fills in the default service and action, and refuses an
// unknown one or an action of another service.
func (req *ConnectRequest) checkService() error {
	if req.Service == "" {
		req.Service = serviceSocialLogin
	}
	switch req.Service {
	case serviceSocialLogin, serviceSingleSignOn:
		if req.Action != "" {
			return fmt.Errorf("onealltest: Connect: the action %q is Social Link's", req.Action)
		}
	case serviceSocialLink:
		if req.Action == "" {
			req.Action = actionLink
		}
		if req.Action != actionLink && req.Action != actionUnlink {
			return fmt.Errorf("onealltest: Connect: unknown action %q (link_identity or unlink_identity)", req.Action)
		}
	default:
		return fmt.Errorf("onealltest: Connect: unknown service %q (social_login, social_link or single_sign_on)", req.Service)
	}
	return nil
}

// connectTarget is the user that a Social Link request names, nil when it
// names none.
func (s *Server) connectTarget(req *ConnectRequest) (*user, error) {
	if req.UserToken == "" {
		return nil, nil
	}
	if req.Service != serviceSocialLink {
		return nil, errors.New("onealltest: Connect: only social_link takes a user token")
	}
	target := s.st.users[req.UserToken]
	if target == nil {
		return nil, errors.New("onealltest: Connect: " + infoNoUser)
	}
	return target, nil
}

// connectAccount does what a connection that was not declined does to the
// account (id, nil when OneAll has not seen it) and returns its identity:
// a Single Sign-On or a Social Login logs its user in, a link links it
// (to target, or a new user) unless another user owns it, which c then
// reports.
func (s *Server) connectAccount(req *ConnectRequest, c *connection, o *outcome, id *identity, target *user, now time.Time) *identity {
	switch {
	case req.Service == serviceSingleSignOn:
		o.action = "login"
		id.user.countLogin(now)
	case req.Action == actionUnlink:
	case id != nil && target != nil && id.user != target:
		c.status, o.refused = http.StatusBadRequest, true
	case id == nil:
		id = s.newAccount(req, target, now)
	default:
		id.reconnect(now)
	}
	if req.Service == serviceSocialLogin {
		o.action = "login"
		id.user.countLogin(now)
	}
	return id
}

func (st *state) addConnection(c *connection) string {
	st.conn.connections[c.token] = c
	st.conn.connectionList = append(st.conn.connectionList, c)
	return c.token
}

// account finds the network account a request names: an existing identity,
// or nil for an account OneAll has not seen. It checks the provider.
func (s *Server) account(req *ConnectRequest) (*identity, error) {
	st := &s.st
	if req.IdentityToken != "" {
		id := st.identities[req.IdentityToken]
		if id == nil {
			return nil, errors.New("onealltest: Connect: " + infoNoIdentity)
		}
		if req.Provider != "" && req.Provider != id.provider {
			return nil, fmt.Errorf("onealltest: Connect: the identity is a %s account, not %s", id.provider, req.Provider)
		}
		req.Provider = id.provider
		return id, nil
	}
	if req.Service == serviceSingleSignOn {
		return nil, errors.New("onealltest: Connect: single_sign_on needs the IdentityToken of the session")
	}
	if _, known := providers[req.Provider]; !known {
		return nil, fmt.Errorf("onealltest: Connect: unknown provider %q", req.Provider)
	}
	if req.Profile == nil || req.Profile.ID == "" {
		return nil, nil
	}
	for _, id := range st.identityList {
		if id.provider == req.Provider && id.profile.ID == req.Profile.ID {
			return id, nil
		}
	}
	return nil, nil
}

// newAccount adds the identity of an account OneAll has not seen, to target
// or to a new user.
func (s *Server) newAccount(req *ConnectRequest, target *user, now time.Time) *identity {
	st := &s.st
	r := st.tokens
	var profile api.Identity
	if req.Profile != nil {
		// A copy: the caller keeps its value, the state its own.
		if p, err := cloneIdentity(*req.Profile); err == nil {
			profile = p
		}
		profile.IdentityToken, profile.UserToken, profile.Provider = "", "", ""
		profile.Source, profile.DateCreation, profile.DateLastUpdate = api.IdentitySource{}, api.Timestamp{}, api.Timestamp{}
	} else {
		profile = socialProfile(r, req.Provider, newPerson(r))
	}
	if target == nil {
		target = st.addUser(st.newToken(r), now)
	}
	id := st.addIdentity(target, st.newToken(r), req.Provider, now, profile)
	id.access = newAccessToken(r, req.Provider, now)
	id.seed = r.Uint64()
	return id
}

// reconnect is a known account coming back: OneAll reads the profile again.
func (id *identity) reconnect(now time.Time) {
	if id.network != nil {
		id.profile, id.network = *id.network, nil
	}
	id.updated = now
}

// countLogin counts a login of the user.
func (u *user) countLogin(now time.Time) {
	u.numLogins++
	u.lastLogin = now
}
