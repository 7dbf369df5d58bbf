package main

import (
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

func TestUsers(t *testing.T) {
	_, env := site(t, 6)
	p := decode[pageJSON[api.User]](t, cli(t, env, "", "users", "list", "--per-page", "4").ok(t))
	if p.TotalEntries != 6 || len(p.Entries) != 4 || p.TotalPages != 2 {
		t.Fatalf("users list: %+v", p)
	}
	all := jsonLines[api.User](t, cli(t, env, "", "users", "list", "--all", "--per-page", "4").ok(t))
	if len(all) != 6 {
		t.Fatalf("users --all: %d", len(all))
	}
	filtered := decode[pageJSON[api.User]](t, cli(t, env, "", "users", "list", "--filters", "date_last_login:gt:2999-01-01").ok(t))
	if filtered.TotalEntries != 0 {
		t.Errorf("a filter on the future kept %d users", filtered.TotalEntries)
	}
	token := all[0].UserToken
	u := decode[api.User](t, cli(t, env, "", "users", "get", token).ok(t))
	if u.UserToken != token || len(u.Identities) == 0 {
		t.Errorf("users get: %+v", u)
	}
	uc := decode[userContactsJSON](t, cli(t, env, "", "users", "contacts", token).ok(t))
	if len(uc.Entries) != len(u.Identities) {
		t.Errorf("users contacts: %d entries for %d identities", len(uc.Entries), len(u.Identities))
	}

	imp := decode[resultJSON[api.User]](t, cli(t, env, "fb-access-token-123\n", "users", "import", "--provider", "facebook", "--access-token-stdin").ok(t))
	if !imp.Created || imp.User.UserToken == "" {
		t.Errorf("import: %+v", imp)
	}
	again := decode[resultJSON[api.User]](t, cli(t, env, "fb-access-token-123\n", "users", "import", "--provider", "facebook", "--access-token-stdin").ok(t))
	if again.Created || again.User.UserToken != imp.User.UserToken {
		t.Errorf("importing the same token again: %+v", again)
	}
	cli(t, env, "", "users", "import", "--provider", "facebook", "--access-token-stdin").fails(t, exitUsage, "standard input is empty")
	cli(t, env, "x\n", "users", "import", "--provider", "facebook").fails(t, exitUsage, "exactly one of")
	cli(t, env, "x\n", "users", "import", "--access-token-stdin").fails(t, exitUsage, "--provider")

	gone := decode[api.User](t, cli(t, env, "", "users", "delete", token, "--yes").ok(t))
	if gone.UserToken != token {
		t.Errorf("delete: %+v", gone)
	}
	cli(t, env, "", "users", "get", token).fails(t, exitAPI, "404")
}
