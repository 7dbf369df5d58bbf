package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"reflect"

	"github.com/oneall-go/oneall-go/api"
)

// ConnectionsService reads connections: what happened when a person logged
// in, linked or unlinked a social network account, or was logged in by
// Single Sign-On. The callback of a social login redeems its
// connection_token with Get; package login does that for an http.Handler.
type ConnectionsService struct{ c *Client }

// Outcome is what a connection did.
type Outcome string

const (
	// OutcomeUnknown is a connection whose service OneAll did not name.
	OutcomeUnknown Outcome = ""
	// OutcomeLogin is a person who logged in with a social network account
	// (Social Login).
	OutcomeLogin Outcome = "login"
	// OutcomeLink is an account linked to a user (Social Link). An answer of
	// the 2011 form, which names the service but not the action, is a link.
	OutcomeLink Outcome = "link_identity"
	// OutcomeUnlink is an account unlinked from a user (Social Link).
	OutcomeUnlink Outcome = "unlink_identity"
	// OutcomeSingleSignOn is a person logged in by OneAll's Single Sign-On.
	OutcomeSingleSignOn Outcome = "single_sign_on"
)

// Services, as OneAll names them in plugin.key, in the callback's oa_action
// and in Direct Connect's service parameter.
const (
	ServiceSocialLogin  = "social_login"
	ServiceSocialLink   = "social_link"
	ServiceSingleSignOn = "single_sign_on"
)

// Reasons OneAll gives in plugin.data.reason.
const (
	// ReasonUserAuthenticated is the reason of a success.
	ReasonUserAuthenticated = "user_authenticated"
	// ReasonIdentityLinkedToAnotherUser is a link refused: the social network
	// account already belongs to another user of the site.
	ReasonIdentityLinkedToAnotherUser = "identity_is_linked_to_another_user"
)

// Errors of a connection, matched with errors.Is. They come as a
// *ConnectionError, which keeps what OneAll said about the connection.
var (
	// ErrIdentityLinkedToAnotherUser is a link refused because the social
	// network account belongs to another user (OneAll answers HTTP 400 with
	// plugin.data.reason identity_is_linked_to_another_user). The person
	// should log out and log in with that account instead. It also matches
	// ErrBadRequest.
	ErrIdentityLinkedToAnotherUser = errors.New("oneall: the social network account is linked to another user")
	// ErrNotAuthenticated is a person who did not authenticate at the social
	// network (OneAll answers HTTP 200 with an error 401 inside). It is not
	// ErrUnauthorized: the site's keys are fine.
	ErrNotAuthenticated = errors.New("oneall: the person did not authenticate")
)

// Connection is a redeemed connection_token: what happened, and for whom.
type Connection struct {
	// Token is the connection_token.
	Token string
	// Outcome says what happened: a login, a link, an unlink, an SSO login.
	Outcome Outcome
	// Service is the plugin that made the connection: ServiceSocialLogin,
	// ServiceSocialLink or ServiceSingleSignOn ("" if OneAll named none).
	Service string
	// Status and Reason are OneAll's plugin.data.status ("success",
	// "error") and plugin.data.reason ("user_authenticated", ...); empty in
	// answers of the 2011 form.
	Status, Reason string
	// UserToken is the user who logged in, or whose accounts changed.
	UserToken string
	// Identity is the social network profile the person connected with,
	// complete; nil if the answer had none. Its source.access_token is the
	// person's token at the network: keep it out of logs.
	Identity *api.Identity
	// Identities lists every identity of the user (token and provider), in
	// answers since 2016; nil in older ones.
	Identities []api.Identity
	// CallbackURI is the URI the token was POSTed to, in answers since 2016.
	CallbackURI string
	// Data is result.data as OneAll sent it.
	Data api.ConnectionData
}

// String names the connection without the profile, whose identity holds
// the person's access token at the network.
func (c *Connection) String() string {
	return fmt.Sprintf("wrapper.Connection{Token: %s, Outcome: %s, Service: %s, Status: %s, Reason: %s, UserToken: %s}",
		tokenStart(c.Token), c.Outcome, c.Service, c.Status, c.Reason, c.UserToken)
}

// tokenStart is what prints of a connection token: its first 8 characters,
// enough to match a log line with a request, too few to redeem it.
func tokenStart(token string) string {
	if len(token) <= 8 {
		return token
	}
	return token[:8] + "…"
}

// GoString is String: %#v must not print the access token either.
func (c *Connection) GoString() string { return c.String() }

// LogValue keeps the profile out of structured logs, for a Connection and a
// *Connection alike.
func (c Connection) LogValue() slog.Value {
	return slog.GroupValue(slog.String("token", tokenStart(c.Token)), slog.String("outcome", string(c.Outcome)),
		slog.String("service", c.Service), slog.String("status", c.Status), slog.String("reason", c.Reason),
		slog.String("user_token", c.UserToken))
}

// ConnectionError is a connection OneAll reported as failed while still
// saying what it was about (result.data): a link refused (HTTP 400), a person
// who did not authenticate (an error inside HTTP 200). errors.Is matches its
// reason (ErrIdentityLinkedToAnotherUser, ErrNotAuthenticated) and the class
// of the underlying *APIError (ErrBadRequest...), which errors.As finds too.
type ConnectionError struct {
	// Connection is what the answer said about the connection.
	Connection *Connection
	err        *APIError
}

// Error is the *APIError's text; it never includes the profile.
func (e *ConnectionError) Error() string { return e.err.Error() }

// LogValue is the error's text, for a ConnectionError that is not logged
// through its pointer (as an error) too: never the profile.
func (e ConnectionError) LogValue() slog.Value {
	if e.err == nil {
		return slog.StringValue("wrapper.ConnectionError")
	}
	return slog.StringValue(e.err.Error())
}

// Unwrap returns the *APIError.
func (e *ConnectionError) Unwrap() error { return e.err }

// Is matches the reason of the failure.
func (e *ConnectionError) Is(target error) bool {
	return target == ErrIdentityLinkedToAnotherUser && e.Connection.Reason == ReasonIdentityLinkedToAnotherUser
}

// Get redeems a connection_token: what happened (Outcome) and who (the user
// token, the identity). A link refused is an ErrIdentityLinkedToAnotherUser,
// a person who did not authenticate an ErrNotAuthenticated, both as a
// *ConnectionError; an unknown token is ErrNotFound. Whether OneAll lets a
// token be read twice is not documented; the onealltest server does not.
func (s *ConnectionsService) Get(ctx context.Context, connectionToken string, opts ...Option) (*Connection, error) {
	if err := checkToken("connection_token", connectionToken); err != nil {
		return nil, err
	}
	d, err := callPlain[api.ConnectionData](ctx, s.c, opts, opGetConnection, hasConnectionUser, connectionToken)
	if err != nil {
		return nil, connectionError(connectionToken, err)
	}
	return newConnection(connectionToken, d.data), nil
}

// List returns one page of the site's connections.
func (s *ConnectionsService) List(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.Connection], error) {
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := call[connectionListData](ctx, s.c, opts, opListConnections, nil, func(server string) (*http.Request, error) {
		return api.NewListConnectionsRequest(server, &api.ListConnectionsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	l := d.data.Connections
	return newPage(l.Entries, l.Pagination), nil
}

// All iterates over every connection of the site, page by page (see
// IdentitiesService.All).
func (s *ConnectionsService) All(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.Connection, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.Connection], error) {
		return s.List(ctx, lo, opts...)
	})
}

// newConnection reads what a connection did from its result.data.
func newConnection(token string, d *api.ConnectionData) *Connection {
	c := &Connection{Token: token, Data: *d, CallbackURI: d.Connection.CallbackURI}
	plugin := d.Plugin
	if plugin.Key == "" {
		// The 2011 form: a string inside connection.
		plugin = d.Connection.Plugin
	}
	c.Service = plugin.Key
	c.Status, c.Reason = plugin.Data.Status, plugin.Data.Reason
	c.Outcome = outcomeOf(c.Service, plugin.Data.Action)
	c.UserToken = d.User.UserToken
	if !reflect.ValueOf(d.User.Identity).IsZero() {
		c.Identity = &c.Data.User.Identity
	}
	if len(d.User.Identities) > 0 {
		c.Identities = d.User.Identities
	}
	return c
}

// outcomeOf names what a service did; action is plugin.data.action.
func outcomeOf(service, action string) Outcome {
	if service == ServiceSingleSignOn {
		return OutcomeSingleSignOn
	}
	switch action {
	case "login":
		return OutcomeLogin
	case "link_identity":
		return OutcomeLink
	case "unlink_identity":
		return OutcomeUnlink
	}
	switch service {
	case ServiceSocialLogin:
		return OutcomeLogin
	case ServiceSocialLink:
		return OutcomeLink
	}
	return OutcomeUnknown
}

// connectionError keeps what a failed connection answer said about the
// connection. An error 401 inside a 2xx answer is a person who did not
// authenticate, not wrong keys.
func connectionError(token string, err error) error {
	var e *APIError
	if !errors.As(err, &e) || e.Flag != "error" {
		return err
	}
	if success(e.StatusCode) && e.Code == http.StatusUnauthorized {
		e.kind = ErrNotAuthenticated
	}
	if len(e.data) == 0 {
		return err
	}
	var d api.ConnectionData
	if json.Unmarshal(e.data, &d) != nil {
		return err
	}
	// The data holds the person's profile and access token: the error keeps
	// it decoded, never as raw bytes.
	e.Body, e.data = nil, nil
	return &ConnectionError{Connection: newConnection(token, &d), err: e}
}

func hasConnectionUser(d *api.ConnectionData) string {
	if d.User.UserToken == "" {
		return "user"
	}
	return ""
}

// connectionListData is api.ConnectionListData with the list as a pointer,
// which tells an answer without the list from an empty list.
type connectionListData struct {
	Connections *api.ConnectionList `json:"connections"`
}

func success(status int) bool { return status >= 200 && status <= 299 }
