package main

import (
	"strings"
	"testing"
)

// TestOutputRedactsAccessTokens: the CLI prints an identity's access token
// as [REDACTED] (an identity, a user with its identities), unless
// --show-secrets says to print it.
func TestOutputRedactsAccessTokens(t *testing.T) {
	_, env := site(t, 4)
	fb := identityOf(t, env, "facebook")
	shown := decode[map[string]any](t, cli(t, env, "", "--show-secrets", "identities", "get", fb.IdentityToken).ok(t))
	source, _ := shown["source"].(map[string]any)
	token, _ := source["access_token"].(map[string]any)
	key, _ := token["key"].(string)
	if key == "" || key == "[REDACTED]" {
		t.Fatalf("--show-secrets printed no access token: %v", shown)
	}
	for _, args := range [][]string{
		{"identities", "get", fb.IdentityToken},
		{"users", "get", fb.UserToken},
	} {
		out := cli(t, env, "", args...).ok(t)
		if strings.Contains(out, key) {
			t.Errorf("oneall %s printed the access token", strings.Join(args, " "))
		}
		if !strings.Contains(out, "[REDACTED]") {
			t.Errorf("oneall %s: no [REDACTED] in\n%s", strings.Join(args, " "), out)
		}
	}
}
