package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

func TestStorage(t *testing.T) {
	srv, env := site(t, 0)
	dir := t.TempDir()

	created := decode[api.StorageUser](t, cli(t, env, "first password\n", "storage", "create", "--login", "ann@example.com", "--password-stdin").ok(t))
	if created.UserToken == "" || created.Login != "ann@example.com" {
		t.Fatalf("create: %+v", created)
	}
	data := filepath.Join(dir, "bob.json")
	if err := os.WriteFile(data, []byte(`{"login":"bob","externalid":7,"identity":{"name":{"givenName":"Bob"},"emails":[{"value":"bob@example.com"}]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	bob := decode[api.StorageUser](t, cli(t, env, "", "storage", "create", "--data", data).ok(t))
	if string(bob.ExternalID) != "7" || bob.Identity.Name.GivenName != "Bob" {
		t.Errorf("create --data: %+v", bob)
	}
	cli(t, env, "", "storage", "create", "--login", "bob").fails(t, exitAPI, "409")

	upd := decode[api.StorageUser](t, cli(t, env, `{"identity":{"emails":[{"value":"ann@work.example.com"}]}}`,
		"storage", "update", created.UserToken, "--data", "-", "--mode", "append").ok(t))
	if upd.UserToken != created.UserToken || len(upd.Identity.Emails) == 0 {
		t.Errorf("update: %+v", upd)
	}
	cli(t, env, "", "storage", "update", created.UserToken, "--login", "x", "--mode", "merge").fails(t, exitUsage, "--mode")
	cli(t, env, "pw\n", "storage", "update", created.UserToken, "--data", "-", "--password-stdin").fails(t, exitUsage, "standard input")

	res := decode[resultJSON[api.StorageUser]](t, cli(t, env, "", "storage", "sync", "--identifier", "login=ann@example.com", "--externalid", "42").ok(t))
	if res.Created || res.User.UserToken != created.UserToken || string(res.User.ExternalID) != "42" {
		t.Errorf("sync of an existing user: %+v", res)
	}
	res = decode[resultJSON[api.StorageUser]](t, cli(t, env, "", "storage", "sync", "--identifier", "login=carol@example.com").ok(t))
	if !res.Created {
		t.Errorf("sync of a new user: %+v", res)
	}
	cli(t, env, "", "storage", "sync").fails(t, exitUsage, "identifier")
	cli(t, env, "", "storage", "sync", "--identifier", "email=x").fails(t, exitUsage, "--identifier must be")

	found := decode[api.StorageUser](t, cli(t, env, "first password\n", "storage", "lookup", "--login", "ann@example.com", "--password-stdin").ok(t))
	if found.UserToken != created.UserToken {
		t.Errorf("lookup: %+v", found)
	}
	pwEnv := map[string]string{envPassword: "wrong password"}
	for k, v := range env {
		pwEnv[k] = v
	}
	r := cli(t, pwEnv, "", "storage", "lookup", "--login", "ann@example.com")
	r.fails(t, exitAPI, "401")
	if strings.Contains(r.stderr, "wrong password") {
		t.Errorf("the password is printed: %s", r.stderr)
	}
	cli(t, env, "", "storage", "lookup", "--externalid", "404404").fails(t, exitAPI, "404")
	cli(t, env, "", "storage", "lookup").fails(t, exitUsage, "login")
	if n := srv.RequestCount("POST", "/storage/users/user/lookup.json"); n != 3 {
		t.Errorf("%d lookups sent, want 3", n)
	}
}
