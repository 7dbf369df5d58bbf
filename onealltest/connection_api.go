package onealltest

import (
	"encoding/json"
	"net/http"

	"github.com/oneall-go/oneall-go/api"
)

// The answers of the Connection API, and the accounts a consent screen
// offers.

// outcome is what a connection did, for its answer.
type outcome struct {
	service, action string
	refused         bool
}

// connectionUser is the user node of a connection.
type connectionUser struct {
	UUID       string        `json:"uuid"`
	UserToken  string        `json:"user_token"`
	Identity   api.Identity  `json:"identity"`
	Identities []identityRef `json:"identities"`
}

// connectionNode is the connection node of a connection's answer and of
// the connections list.
type connectionNode struct {
	ConnectionToken string        `json:"connection_token"`
	DateCreation    api.Timestamp `json:"date_creation"`
	CallbackURI     string        `json:"callback_uri,omitempty"`
	Status          string        `json:"status"`
}

func (c *connection) node() connectionNode {
	return connectionNode{ConnectionToken: c.token, DateCreation: api.Timestamp{Time: c.created}, CallbackURI: c.callbackURI, Status: "succeeded"}
}

// pluginNode is plugin.
type pluginNode struct {
	Key  string     `json:"key"`
	Data pluginData `json:"data"`
}

type pluginData struct {
	Action    string `json:"action"`
	Operation string `json:"operation,omitempty"`
	Reason    string `json:"reason,omitempty"`
	Status    string `json:"status"`
}

// result sets the answer to a connection of id, shaped as the 2016 answer.
func (o outcome) result(c *connection, id *identity) {
	plugin := pluginNode{Key: o.service, Data: pluginData{Action: o.action, Operation: "user_profile_read", Reason: "user_authenticated", Status: "success"}}
	c.resultStatus = api.Status{Flag: "success", Code: http.StatusOK, Info: infoAuthenticated}
	if o.refused {
		plugin.Data.Reason, plugin.Data.Status = "identity_is_linked_to_another_user", "error"
		c.resultStatus = api.Status{Flag: "error", Code: http.StatusBadRequest, Info: infoLinkedElsewhere}
	}
	u := id.user
	remaining := u.identities
	if o.action == actionUnlink {
		// The answer is made before the identity goes: list what remains.
		remaining = without(remaining, id)
	}
	c.data = mustEncode(map[string]any{
		"action":     "authenticate_user",
		"plugin":     plugin,
		"connection": c.node(),
		"user":       connectionUser{UUID: u.token, UserToken: u.token, Identity: id.full(), Identities: refsOf(remaining)},
	})
}

// declined sets the answer of a person who did not authenticate: an error
// 401 inside a success, with only the plugin (as a real 2012 answer).
func (o outcome) declined(c *connection) {
	action := o.action
	if action == "" {
		action = "login"
	}
	c.resultStatus = api.Status{Flag: "error", Code: http.StatusUnauthorized, Info: infoNotAuthenticated}
	c.data = mustEncode(map[string]any{"plugin": pluginNode{Key: o.service, Data: pluginData{Action: action, Status: "error"}}})
}

func without(ids []*identity, x *identity) []*identity {
	out := make([]*identity, 0, len(ids))
	for _, id := range ids {
		if id != x {
			out = append(out, id)
		}
	}
	return out
}

// mustEncode encodes what the server built itself; failing is a bug.
func mustEncode(v any) json.RawMessage {
	b, err := encodeJSON(v)
	if err != nil {
		panic("onealltest: encoding a connection: " + err.Error())
	}
	return b
}

// GET /connections/{connection_token}.json: a token can be read once.
func (s *Server) getConnection(c *call) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	conn := s.st.conn.connections[c.token]
	switch {
	case conn == nil:
		return c.fail(http.StatusNotFound, infoNoConnection)
	case conn.used:
		return c.fail(http.StatusNotFound, infoConnectionUsed)
	}
	conn.used = true
	s.st.changes++
	res := &envelopeResult{Status: &conn.resultStatus, Data: conn.data}
	if conn.status != http.StatusOK {
		return c.reply(conn.status, "error", conn.resultStatus.Info, res)
	}
	return c.reply(http.StatusOK, "success", infoOK, res)
}

// GET /connections.json
func (s *Server) listConnections(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	page := pageMapped(s.st.conn.connectionList, p, (*connection).node)
	return c.ok(http.StatusOK, map[string]any{"connections": page}, nil)
}

// Accounts lists the network accounts of a provider that OneAll knows (one
// per identity), for a consent screen that lets a person pick who they are:
// pass the IdentityToken of the one picked to Connect.
func (s *Server) Accounts(provider string) []Account {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Account
	for _, id := range s.st.identityList {
		if id.provider != provider {
			continue
		}
		a := Account{IdentityToken: id.token, UserToken: id.user.token, Provider: id.provider, Name: id.profile.DisplayName}
		if len(id.profile.Emails) > 0 {
			a.Email = id.profile.Emails[0].Value
		}
		out = append(out, a)
	}
	return out
}

// Account is a network account OneAll knows: an identity, as a consent
// screen shows it.
type Account struct {
	// IdentityToken and UserToken are the identity's and its user's.
	IdentityToken, UserToken string
	// Provider is the social network's key.
	Provider string
	// Name and Email are the profile's display name and first email ("" when
	// absent).
	Name, Email string
}
