package main

import (
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
)

func TestConnectionsCommands(t *testing.T) {
	srv, env := site(t, 2)
	token, err := srv.Connect(onealltest.ConnectRequest{Provider: "github", CallbackURI: "http://127.0.0.1:9/cb"})
	if err != nil {
		t.Fatal(err)
	}
	p := decode[pageJSON[api.Connection]](t, cli(t, env, "", "connections", "list").ok(t))
	if p.TotalEntries != 1 || len(p.Entries) != 1 {
		t.Fatalf("connections list: %+v", p)
	}
	if got := jsonLines[api.Connection](t, cli(t, env, "", "connections", "list", "--all").ok(t)); len(got) != 1 {
		t.Errorf("connections list --all: %d lines", len(got))
	}
	conn := decode[connectionJSON](t, cli(t, env, "", "connections", "get", token).ok(t))
	if conn.Outcome != "login" || conn.Service != "social_login" || conn.UserToken == "" || conn.Identity == nil ||
		conn.Identity.Provider != "github" || conn.CallbackURI != "http://127.0.0.1:9/cb" || conn.ConnectionToken != token {
		t.Errorf("connections get: %+v", conn)
	}
	cli(t, env, "", "connections", "get", token).fails(t, exitAPI, "already been used")
	cli(t, env, "", "connections", "get", "nope").fails(t, exitUsage, "connection_token")
	cli(t, env, "", "connections", "get").fails(t, exitUsage, "CONNECTION_TOKEN")
}

func TestSSOCommands(t *testing.T) {
	srv, env := site(t, 2)
	id := srv.Accounts("facebook")[0]
	sess := decode[api.SSOSession](t, cli(t, env, "", "sso", "start", id.IdentityToken,
		"--top-realm", "shop", "--sub-realm", "eu", "--lifetime", "2h", "--data", "https://shop.example").ok(t))
	if sess.SSOSessionToken == "" || sess.IdentityToken != id.IdentityToken || sess.TopRealm != "shop" ||
		sess.DateExpiration.Sub(sess.DateCreation.Time) != 2*time.Hour {
		t.Fatalf("sso start: %+v", sess)
	}
	if got := decode[api.SSOSession](t, cli(t, env, "", "sso", "get", sess.SSOSessionToken).ok(t)); got.SSOSessionToken != sess.SSOSessionToken {
		t.Errorf("sso get: %+v", got)
	}
	if got := decode[api.SSOSession](t, cli(t, env, "", "sso", "get-for-identity", id.IdentityToken).ok(t)); got.SSOSessionToken != sess.SSOSessionToken {
		t.Errorf("sso get-for-identity: %+v", got)
	}
	if p := decode[pageJSON[api.SSOSession]](t, cli(t, env, "", "sso", "list").ok(t)); p.TotalEntries != 1 {
		t.Errorf("sso list: %+v", p)
	}
	cli(t, env, "", "sso", "delete", sess.SSOSessionToken).fails(t, exitUsage, "--yes")
	cli(t, env, "", "sso", "destroy-for-identity", id.IdentityToken).fails(t, exitUsage, "--yes")
	if out := cli(t, env, "", "sso", "destroy-for-identity", id.IdentityToken, "--yes").ok(t); !strings.Contains(out, `"deleted": true`) {
		t.Errorf("sso destroy-for-identity: %s", out)
	}
	cli(t, env, "", "sso", "get", sess.SSOSessionToken).fails(t, exitAPI, "")
	again := decode[api.SSOSession](t, cli(t, env, "", "sso", "start", id.IdentityToken).ok(t))
	cli(t, env, "", "sso", "delete", again.SSOSessionToken, "--yes").ok(t)
	if p := decode[pageJSON[api.SSOSession]](t, cli(t, env, "", "sso", "list").ok(t)); p.TotalEntries != 0 || p.Entries == nil {
		t.Errorf("sso list after the deletes: %+v", p)
	}
	cli(t, env, "", "sso", "start", id.IdentityToken, "--lifetime", "10ms").fails(t, exitUsage, "lifetime")
	cli(t, env, "", "sso", "frobnicate").fails(t, exitUsage, "unknown command")
}

func TestSitePingProviders(t *testing.T) {
	srv, env := site(t, 0)
	if out := cli(t, env, "", "ping").ok(t); !strings.Contains(out, `"ok": true`) {
		t.Errorf("ping: %s", out)
	}
	bad := map[string]string{envBaseURL: srv.URL, envPublicKey: srv.PublicKey, envPrivateKey: "wrong"}
	cli(t, bad, "", "ping").fails(t, exitAPI, "401")
	s := decode[api.Site](t, cli(t, env, "", "site").ok(t))
	if !s.SubscriptionPlan.Features.HasSingleSignon {
		t.Errorf("site: %+v", s)
	}
	l := decode[[]api.Provider](t, cli(t, env, "", "providers").ok(t))
	if len(l) < 10 || l[0].Key == "" {
		t.Errorf("providers: %+v", l)
	}
	if out := cli(t, nil, "", "--fake", "providers").ok(t); !strings.Contains(out, `"facebook"`) {
		t.Errorf("--fake providers: %s", out)
	}
}
