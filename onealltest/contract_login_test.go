package onealltest

import (
	"maps"
	"time"

	"github.com/oneall-go/oneall-go/wrapper"
)

// loginStatuses is wantStatuses for the Connection, SSO, Site, Tools and
// Provider operations.
var loginStatuses = map[string][]int{
	"ListConnections":           {200, 400, 401},
	"GetConnection":             {200, 400, 401, 404},
	"ListSSOSessions":           {200, 400, 401},
	"GetSSOSession":             {200, 401, 404},
	"DeleteSSOSession":          {200, 400, 401, 404},
	"GetIdentitySSOSession":     {200, 401, 404},
	"StartIdentitySSOSession":   {201, 400, 401, 404},
	"DestroyIdentitySSOSession": {200, 400, 401, 404},
	"GetSite":                   {200, 401},
	"Ping":                      {200, 401},
	"ListProviders":             {200, 401},
}

func init() { maps.Copy(wantStatuses, loginStatuses) }

// exerciseLogin drives the login operations through every status the server
// produces for them, but 401 and the faults (see validLoginRequests). fb is
// a Facebook identity, other a user who does not own it.
func (k *contract) exerciseLogin(fb, other string) {
	t, srv, c, ctx := k.t, k.srv, k.c, k.t.Context()
	const unknown = "00000000-0000-4000-8000-000000000000"

	k.check(c.Tools.Ping(ctx), nil)
	_, err := c.Site.Get(ctx)
	k.check(err, nil)
	_, err = c.Providers.List(ctx)
	k.check(err, nil)

	// ---- Connections: a login, a second read, a refused link, a person
	// who declined, the list.
	connect := func(req ConnectRequest) string {
		t.Helper()
		token, err := srv.Connect(req)
		if err != nil {
			t.Fatalf("Connect(%+v): %v", req, err)
		}
		return token
	}
	login := connect(ConnectRequest{Provider: "google", CallbackURI: "https://app.example/callback"})
	_, err = c.Connections.Get(ctx, login)
	k.check(err, nil)
	_, err = c.Connections.Get(ctx, login)
	k.check(err, wrapper.ErrNotFound)
	_, err = c.Connections.Get(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	_, err = c.Connections.Get(ctx, connect(ConnectRequest{Service: "social_link", IdentityToken: fb, UserToken: other}))
	k.check(err, wrapper.ErrIdentityLinkedToAnotherUser)
	_, err = c.Connections.Get(ctx, connect(ConnectRequest{Provider: "twitter", Declined: true}))
	k.check(err, wrapper.ErrNotAuthenticated)
	_, err = c.Connections.List(ctx, &wrapper.ListOptions{EntriesPerPage: 2, Order: "desc"})
	k.check(err, nil)
	k.expect(400, "GET", "/connections.json?entries_per_page=0", "", invalid)

	// ---- SSO sessions.
	s, err := c.SSO.Start(ctx, fb, &wrapper.SSOSessionOptions{TopRealm: "shop", Lifetime: time.Hour, Data: "https://app.example"})
	k.check(err, nil)
	_, err = c.SSO.Start(ctx, unknown, nil)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "PUT", "/sso/sessions/identities/"+fb+".json", `{"request":{"sso_session":{"lifetime":0}}}`)
	k.expect(400, "PUT", "/sso/sessions/identities/"+fb+".json", `{"request":{"sso_session":{"top_realm":7}}}`, invalid)
	_, err = c.SSO.GetForIdentity(ctx, fb)
	k.check(err, nil)
	_, err = c.SSO.GetForIdentity(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	if s != nil {
		_, err = c.SSO.Get(ctx, s.SSOSessionToken)
		k.check(err, nil)
	}
	_, err = c.SSO.Get(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	// PHP's json_encode writes an empty object as []: the spec and the fake accept it.
	k.expect(201, "PUT", "/sso/sessions/identities/"+fb+".json", `{"request":{"sso_session":[]}}`)
	k.expect(400, "PUT", "/sso/sessions/identities/"+fb+".json", `{"request":{"sso_session":[1]}}`, invalid)
	_, err = c.SSO.List(ctx, nil)
	k.check(err, nil)
	k.expect(400, "GET", "/sso/sessions.json?page=0", "", invalid)
	k.expect(400, "DELETE", "/sso/sessions/identities/"+fb+".json", "", invalid)
	k.check(c.SSO.DestroyForIdentity(ctx, fb), nil)
	k.check(c.SSO.DestroyForIdentity(ctx, fb), wrapper.ErrNotFound)
	k.expect(201, "PUT", "/sso/sessions/identities/"+fb+".json", "") // no body: OneAll's defaults
	s, err = c.SSO.Start(ctx, fb, nil)
	k.check(err, nil)
	if s != nil {
		k.expect(400, "DELETE", "/sso/sessions/"+s.SSOSessionToken+".json?confirm_deletion=no", "", invalid)
		k.check(c.SSO.Delete(ctx, s.SSOSessionToken), nil)
		k.check(c.SSO.Delete(ctx, s.SSOSessionToken), wrapper.ErrNotFound)
	}
	// A session expires on the server's clock.
	_, err = c.SSO.Start(ctx, fb, &wrapper.SSOSessionOptions{Lifetime: time.Minute})
	k.check(err, nil)
	srv.Advance(2 * time.Minute)
	_, err = c.SSO.GetForIdentity(ctx, fb)
	k.check(err, wrapper.ErrNotFound)
}
