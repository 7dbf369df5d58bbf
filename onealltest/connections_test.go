package onealltest_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// connect makes a connection and redeems it.
func connect(t *testing.T, srv *onealltest.Server, c *wrapper.Client, req onealltest.ConnectRequest) (*wrapper.Connection, error) {
	t.Helper()
	token, err := srv.Connect(req)
	if err != nil {
		t.Fatalf("Connect(%+v): %v", req, err)
	}
	return c.Connections.Get(t.Context(), token)
}

func mustConnect(t *testing.T, srv *onealltest.Server, c *wrapper.Client, req onealltest.ConnectRequest) *wrapper.Connection {
	t.Helper()
	conn, err := connect(t, srv, c, req)
	if err != nil {
		t.Fatalf("redeeming %+v: %v", req, err)
	}
	return conn
}

func identityTokens(ids []api.Identity) []string {
	var out []string
	for _, id := range ids {
		out = append(out, id.IdentityToken)
	}
	return out
}

func TestConnectLoginFindsTheSameAccount(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	profile := &api.Identity{ID: "https://www.facebook.com/ann", DisplayName: "Ann",
		Emails: []api.Email{{Value: "ann@example.com", IsVerified: true}}}

	first := mustConnect(t, srv, c, onealltest.ConnectRequest{Provider: "facebook", Profile: profile, CallbackURI: "https://app.example/cb"})
	if first.Outcome != wrapper.OutcomeLogin || first.Service != "social_login" || first.Status != "success" ||
		first.Reason != wrapper.ReasonUserAuthenticated || first.CallbackURI != "https://app.example/cb" {
		t.Errorf("first login = %+v", first)
	}
	if first.Identity.DisplayName != "Ann" || first.Identity.Provider != "facebook" || first.Identity.Source.Key == "" ||
		len(first.Identities) != 1 {
		t.Errorf("identity = %+v, identities %v", first.Identity, first.Identities)
	}
	again := mustConnect(t, srv, c, onealltest.ConnectRequest{Provider: "facebook", Profile: profile})
	if again.UserToken != first.UserToken || again.Identity.IdentityToken != first.Identity.IdentityToken {
		t.Errorf("the same account logged in as %s/%s, then %s/%s", first.UserToken, first.Identity.IdentityToken,
			again.UserToken, again.Identity.IdentityToken)
	}
	byToken := mustConnect(t, srv, c, onealltest.ConnectRequest{IdentityToken: first.Identity.IdentityToken})
	if byToken.UserToken != first.UserToken {
		t.Error("IdentityToken did not pick the same person")
	}
	u, err := c.Users.Get(t.Context(), first.UserToken)
	if err != nil || u.NumLogins.Int() != 3 || len(u.Identities) != 1 {
		t.Errorf("user = %+v, %v; want 3 logins, 1 identity", u, err)
	}
	// The same id at another network is another account.
	other := mustConnect(t, srv, c, onealltest.ConnectRequest{Provider: "twitter", Profile: profile})
	if other.UserToken == first.UserToken {
		t.Error("a twitter account logged in as the facebook one")
	}
	// Without a profile, each login is a new person.
	a := mustConnect(t, srv, c, onealltest.ConnectRequest{Provider: "github"})
	b := mustConnect(t, srv, c, onealltest.ConnectRequest{Provider: "github"})
	if a.UserToken == b.UserToken || a.Identity.DisplayName == "" {
		t.Errorf("two new people: %s and %s (%+v)", a.UserToken, b.UserToken, a.Identity)
	}
	if st := srv.Stats(); st.Users != 4 || st.Identities != 4 {
		t.Errorf("stats = %+v, want 4 users and 4 identities", st)
	}
}

func TestConnectLinkAndUnlink(t *testing.T) {
	srv := newServer(t)
	srv.Seed(2)
	c := srv.Client()
	all := identities(t, c)
	ann := mustConnect(t, srv, c, onealltest.ConnectRequest{Provider: "google"})

	// Link a new account to Ann.
	link := mustConnect(t, srv, c, onealltest.ConnectRequest{Service: "social_link", Provider: "twitter", UserToken: ann.UserToken})
	if link.Outcome != wrapper.OutcomeLink || link.UserToken != ann.UserToken || len(link.Identities) != 2 {
		t.Fatalf("link = %+v", link)
	}
	// Linking an account she already has changes nothing.
	if again := mustConnect(t, srv, c, onealltest.ConnectRequest{Service: "social_link", IdentityToken: link.Identity.IdentityToken, UserToken: ann.UserToken}); len(again.Identities) != 2 {
		t.Errorf("relinking her own account: %+v", again)
	}

	// An account of another user is refused, with the data kept.
	before := srv.Stats()
	theirs := all[0]
	_, err := connect(t, srv, c, onealltest.ConnectRequest{Service: "social_link", IdentityToken: theirs.IdentityToken, UserToken: ann.UserToken})
	var ce *wrapper.ConnectionError
	if !errors.Is(err, wrapper.ErrIdentityLinkedToAnotherUser) || !errors.As(err, &ce) {
		t.Fatalf("err = %v; want ErrIdentityLinkedToAnotherUser", err)
	}
	if ce.Connection.UserToken != theirs.UserToken || ce.Connection.Identity.IdentityToken != theirs.IdentityToken ||
		ce.Connection.Status != "error" || ce.Connection.Outcome != wrapper.OutcomeLink {
		t.Errorf("refused connection = %+v", ce.Connection)
	}
	if after := srv.Stats(); after.Users != before.Users || after.Identities != before.Identities {
		t.Errorf("a refused link changed the state: %+v, then %+v", before, after)
	}

	// Unlink the twitter account.
	unlink := mustConnect(t, srv, c, onealltest.ConnectRequest{Service: "social_link", Action: "unlink_identity",
		IdentityToken: link.Identity.IdentityToken, UserToken: ann.UserToken})
	if unlink.Outcome != wrapper.OutcomeUnlink || !slices.Equal(identityTokens(unlink.Identities), []string{ann.Identity.IdentityToken}) {
		t.Errorf("unlink = %+v", unlink)
	}
	if _, err := c.Identities.Get(t.Context(), link.Identity.IdentityToken); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("the unlinked identity is still there: %v", err)
	}
	// An account she does not own cannot be unlinked.
	if _, err := srv.Connect(onealltest.ConnectRequest{Service: "social_link", Action: "unlink_identity",
		IdentityToken: theirs.IdentityToken, UserToken: ann.UserToken}); err == nil {
		t.Error("unlinked another user's account")
	}
	// A link without a user token makes a new user.
	fresh := mustConnect(t, srv, c, onealltest.ConnectRequest{Service: "social_link", Provider: "github"})
	if fresh.UserToken == "" || fresh.UserToken == ann.UserToken || fresh.Outcome != wrapper.OutcomeLink {
		t.Errorf("link without a user = %+v", fresh)
	}
}

func TestConnectTokenIsReadOnce(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	token, err := srv.Connect(onealltest.ConnectRequest{Provider: "facebook"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Connections.Get(t.Context(), token); err != nil {
		t.Fatal(err)
	}
	r := do(t, srv, "GET", "/connections/"+token+".json", "")
	wantStatus(t, r, 404, "already been used")
	// The list still shows it.
	p, err := c.Connections.List(t.Context(), nil)
	if err != nil || len(p.Entries) != 1 || p.Entries[0].ConnectionToken != token || p.Entries[0].Status != "succeeded" {
		t.Errorf("list = %+v, %v", p, err)
	}
}

func TestConnectDeclined(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	_, err := connect(t, srv, c, onealltest.ConnectRequest{Provider: "facebook", Declined: true})
	if !errors.Is(err, wrapper.ErrNotAuthenticated) || errors.Is(err, wrapper.ErrUnauthorized) {
		t.Fatalf("err = %v; want ErrNotAuthenticated", err)
	}
	if st := srv.Stats(); st.Users != 0 {
		t.Errorf("a declined login made %d users", st.Users)
	}
}

func TestConnectRefusesBadRequests(t *testing.T) {
	srv := newServer(t)
	srv.Seed(1)
	id := identities(t, srv.Client())[0]
	for _, tc := range []struct {
		req  onealltest.ConnectRequest
		want string
	}{
		{onealltest.ConnectRequest{Provider: "myspace"}, "unknown provider"},
		{onealltest.ConnectRequest{}, "unknown provider"},
		{onealltest.ConnectRequest{Service: "social_share", Provider: "facebook"}, "unknown service"},
		{onealltest.ConnectRequest{Provider: "facebook", Action: "link_identity"}, "Social Link"},
		{onealltest.ConnectRequest{Service: "social_link", Action: "merge", Provider: "facebook"}, "unknown action"},
		{onealltest.ConnectRequest{Provider: "facebook", UserToken: id.UserToken}, "only social_link"},
		{onealltest.ConnectRequest{Service: "social_link", Provider: "facebook", UserToken: "00000000-0000-4000-8000-000000000000"}, "No user"},
		{onealltest.ConnectRequest{IdentityToken: "00000000-0000-4000-8000-000000000000"}, "No identity"},
		{onealltest.ConnectRequest{IdentityToken: id.IdentityToken, Provider: "myspace"}, "not myspace"},
		{onealltest.ConnectRequest{Service: "single_sign_on", Provider: "facebook"}, "IdentityToken"},
		{onealltest.ConnectRequest{Service: "single_sign_on", IdentityToken: id.IdentityToken}, "no active single sign-on session"},
	} {
		before := srv.Stats()
		if _, err := srv.Connect(tc.req); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Connect(%+v) = %v; want an error about %q", tc.req, err, tc.want)
		}
		if after := srv.Stats(); after != before {
			t.Errorf("Connect(%+v) changed the state", tc.req)
		}
	}
}

func TestSSOSessionsOnTheFake(t *testing.T) {
	srv := newServer(t)
	srv.Seed(3)
	c := srv.Client()
	ctx := t.Context()
	ids := identities(t, c)
	first, err := c.SSO.Start(ctx, ids[0].IdentityToken, &wrapper.SSOSessionOptions{TopRealm: "shop", SubRealm: "eu", Lifetime: time.Hour, Data: "https://app.example"})
	if err != nil {
		t.Fatal(err)
	}
	if first.UserToken != ids[0].UserToken || first.TopRealm != "shop" || first.Data != "https://app.example" ||
		first.DateExpiration.Sub(first.DateCreation.Time) != time.Hour {
		t.Errorf("session = %+v", first)
	}
	// An SSO login of that identity.
	sso := mustConnect(t, srv, c, onealltest.ConnectRequest{Service: "single_sign_on", IdentityToken: ids[0].IdentityToken})
	if sso.Outcome != wrapper.OutcomeSingleSignOn || sso.UserToken != ids[0].UserToken {
		t.Errorf("sso login = %+v", sso)
	}
	// Starting again replaces the session.
	second, err := c.SSO.Start(ctx, ids[0].IdentityToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SSO.Get(ctx, first.SSOSessionToken); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("the replaced session is still there: %v", err)
	}
	if second.DateExpiration.Sub(second.DateCreation.Time) != 24*time.Hour {
		t.Errorf("default lifetime: %v", second.DateExpiration.Sub(second.DateCreation.Time))
	}
	if _, err := c.SSO.Start(ctx, ids[1].IdentityToken, &wrapper.SSOSessionOptions{Lifetime: 10 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	listed := func() int {
		n := 0
		for _, err := range c.SSO.All(ctx, nil) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n
	}
	if n := listed(); n != 2 {
		t.Errorf("%d sessions listed, want 2", n)
	}
	// Ten minutes later the short one has expired.
	srv.Advance(10 * time.Minute)
	if n := listed(); n != 1 {
		t.Errorf("%d sessions listed after 10 minutes, want 1", n)
	}
	if _, err := c.SSO.GetForIdentity(ctx, ids[1].IdentityToken); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("an expired session: %v", err)
	}
	// Deleting the identity ends its session.
	if _, err := c.Identities.Delete(ctx, ids[0].IdentityToken); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SSO.Get(ctx, second.SSOSessionToken); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("the session of a deleted identity: %v", err)
	}
	if n := listed(); n != 0 {
		t.Errorf("%d sessions listed, want 0", n)
	}
}

func TestAccountsAndProviders(t *testing.T) {
	srv := newServer(t)
	srv.Seed(8)
	c := srv.Client()
	fb := srv.Accounts("facebook")
	if len(fb) == 0 || fb[0].Provider != "facebook" || fb[0].Name == "" || fb[0].IdentityToken == "" {
		t.Fatalf("accounts = %+v", fb)
	}
	conn := mustConnect(t, srv, c, onealltest.ConnectRequest{IdentityToken: fb[0].IdentityToken})
	if conn.UserToken != fb[0].UserToken {
		t.Errorf("picked account logged in as %s, want %s", conn.UserToken, fb[0].UserToken)
	}
	if len(srv.Accounts("myspace")) != 0 {
		t.Error("accounts of an unknown provider")
	}
	ps, err := c.Providers.List(t.Context())
	if err != nil || len(ps) < 10 || ps[0].Key != "amazon" {
		t.Errorf("providers = %+v, %v", ps, err)
	}
	if err := c.Tools.Ping(t.Context()); err != nil {
		t.Error(err)
	}
	bad := onealltest.NewServer()
	defer bad.Close()
	wrong, _ := wrapper.New("", "wrong", "keys", wrapper.WithBaseURL(bad.URL))
	if err := wrong.Tools.Ping(t.Context()); !errors.Is(err, wrapper.ErrUnauthorized) {
		t.Errorf("ping with wrong keys: %v", err)
	}
	site, err := c.Site.Get(t.Context())
	if err != nil || !site.SubscriptionPlan.Features.HasSingleSignon.Bool() {
		t.Errorf("site = %+v, %v", site, err)
	}
}
