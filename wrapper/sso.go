package wrapper

import (
	"context"
	"iter"
	"net/http"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// SSOService manages OneAll's Single Sign-On sessions, which log a person in
// on every site of the OneAll account that checks for one (a plan feature:
// see SiteService.Get).
//
// The usual flow, as OneAll's own plugins do it: when a person logs in on
// your site, Start a session for their cloud storage identity and have the
// page register it with OneAll's JavaScript; when they log out everywhere,
// DestroyForIdentity. Another site then receives the person as a connection
// whose Outcome is OutcomeSingleSignOn.
type SSOService struct{ c *Client }

// SSOSessionOptions says where and how long a session lives. The zero value
// (or nil) is OneAll's defaults: every realm, 24 hours, no data.
type SSOSessionOptions struct {
	// TopRealm and SubRealm restrict the sites that recognise the session
	// (the JavaScript's set_sso_realm).
	TopRealm, SubRealm string
	// Lifetime is how long the session lives, in whole seconds (rounded
	// down); 0 means OneAll's default, 24 hours.
	Lifetime time.Duration
	// Data is stored with the session (OneAll's plugins store the site URL).
	Data string
}

// Start starts a Single Sign-On session for an identity, usually the cloud
// storage identity of the user who just logged in, and returns it with its
// sso_session_token and expiry. OneAll deletes the identity's earlier
// sessions. An unknown identity is ErrNotFound: OneAll's plugins then create
// the cloud storage user again (Storage.CreateUser) and start once more.
// Starting again after a lost answer is harmless (the later session
// replaces the first), so Start is retried like a read.
func (s *SSOService) Start(ctx context.Context, identityToken string, so *SSOSessionOptions, opts ...Option) (*api.SSOSession, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	o := deref(so)
	if o.Lifetime < 0 || (o.Lifetime > 0 && o.Lifetime < time.Second) {
		return nil, invalidInput("lifetime", "must be at least one second (or 0 for OneAll's default), got %v", o.Lifetime)
	}
	var body api.StartSSOSessionBody
	body.Request.SSOSession = api.SSOSessionSettings{
		TopRealm: o.TopRealm, SubRealm: o.SubRealm, Data: o.Data, Lifetime: api.FlexInt(o.Lifetime / time.Second),
	}
	d, err := call[api.SSOSessionData](ctx, s.c, opts, opStartIdentitySSOSession, hasSSOSession, func(server string) (*http.Request, error) {
		return api.NewStartIdentitySSOSessionRequest(server, identityToken, body)
	})
	if err != nil {
		return nil, err
	}
	return &d.data.SSOSession, nil
}

// GetForIdentity returns the session of an identity; ErrNotFound when the
// identity has none (or does not exist).
func (s *SSOService) GetForIdentity(ctx context.Context, identityToken string, opts ...Option) (*api.SSOSession, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	d, err := callPlain[api.SSOSessionData](ctx, s.c, opts, opGetIdentitySSOSession, hasSSOSession, identityToken)
	if err != nil {
		return nil, err
	}
	return &d.data.SSOSession, nil
}

// DestroyForIdentity ends the session of an identity: the person is logged
// out of every site that relied on it (it sends confirm_deletion=true).
//
// Unlike Identities.Delete and Users.Delete it returns only an error: OneAll
// answers this DELETE with a status and no result (documented), so there is
// no session to return. Call GetForIdentity first if you need it.
func (s *SSOService) DestroyForIdentity(ctx context.Context, identityToken string, opts ...Option) error {
	if err := checkToken("identity_token", identityToken); err != nil {
		return err
	}
	_, err := call[map[string]any](ctx, s.c, opts, opDestroyIdentitySSOSession, nil, func(server string) (*http.Request, error) {
		return api.NewDestroyIdentitySSOSessionRequest(server, identityToken, &api.DestroyIdentitySSOSessionParams{ConfirmDeletion: true})
	})
	return err
}

// Get returns a session by its sso_session_token.
func (s *SSOService) Get(ctx context.Context, ssoSessionToken string, opts ...Option) (*api.SSOSession, error) {
	if err := checkToken("sso_session_token", ssoSessionToken); err != nil {
		return nil, err
	}
	d, err := callPlain[api.SSOSessionData](ctx, s.c, opts, opGetSSOSession, hasSSOSession, ssoSessionToken)
	if err != nil {
		return nil, err
	}
	return &d.data.SSOSession, nil
}

// Delete deletes a session by its sso_session_token, which invalidates the
// cookies set for it (it sends confirm_deletion=true).
//
// Unlike Identities.Delete and Users.Delete it returns only an error: OneAll
// answers this DELETE with a status and no result, so there is no session to
// return. Call Get first if you need it.
func (s *SSOService) Delete(ctx context.Context, ssoSessionToken string, opts ...Option) error {
	if err := checkToken("sso_session_token", ssoSessionToken); err != nil {
		return err
	}
	_, err := call[map[string]any](ctx, s.c, opts, opDeleteSSOSession, nil, func(server string) (*http.Request, error) {
		return api.NewDeleteSSOSessionRequest(server, ssoSessionToken, &api.DeleteSSOSessionParams{ConfirmDeletion: true})
	})
	return err
}

// List returns one page of the site's sessions.
func (s *SSOService) List(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.SSOSession], error) {
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := call[ssoSessionListData](ctx, s.c, opts, opListSSOSessions, nil, func(server string) (*http.Request, error) {
		return api.NewListSSOSessionsRequest(server, &api.ListSSOSessionsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	l := d.data.SSOSessions
	return newPage(l.Entries, l.Pagination), nil
}

// All iterates over every session of the site, page by page (see
// IdentitiesService.All).
func (s *SSOService) All(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.SSOSession, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.SSOSession], error) {
		return s.List(ctx, lo, opts...)
	})
}

func hasSSOSession(d *api.SSOSessionData) string {
	if d.SSOSession.SSOSessionToken == "" {
		return "sso_session"
	}
	return ""
}

// ssoSessionListData is api.SSOSessionListData with the list as a pointer.
type ssoSessionListData struct {
	SSOSessions *api.SSOSessionList `json:"sso_sessions"`
}
