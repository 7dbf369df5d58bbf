package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
)

func TestTour(t *testing.T) {
	start := time.Now()
	r := cli(t, nil, "")
	out := r.ok(t)
	for _, want := range []string{
		"1. List the site's identities, page by page",
		"the iterator fetched every page",
		"2. Read one identity",
		"3. Synchronize it with the social network",
		"the identity token is unchanged: true",
		"4. Relink it to another user",
		"this one included: true",
		"5. Create a cloud storage user, then synchronize it",
		"with externalid 100000001",
		"created: false, so the existing user",
		"family name now Lovelace",
		"created: true: no user had that login",
		"6. Look the user up with its password",
		"authenticated: user ",
		"errors.Is(err, wrapper.ErrInvalidCredentials) = true",
		"7. Delete an identity",
		"errors.Is(err, wrapper.ErrNotFound) = true",
		"8. Inspect a typed error",
		"StatusCode 404, Method GET, Resource /identities/",
		"errors.Is(err, wrapper.ErrInvalidInput) = true",
		"9. Log in with a social network",
		"the browser goes to /socialize/connect/direct/google/?callback_uri=…&service=social_login",
		"oa_action=social_login connection_token=",
		"result.Outcome = login, result.UserToken = ",
		"result.Profile = google: ",
		"errors.Is(err, login.ErrInvalidState) = true",
		"result.Outcome = link_identity, same user: true, now with 2 identities: google, github",
		"11. Start a Single Sign-On session",
		"Done: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the tour does not say %q:\n%s", want, out)
		}
	}
	checkTourCode(t, out)
	if strings.Contains(out, "correct horse battery staple") {
		t.Error("the tour prints the password")
	}
	if r.stderr != "" {
		t.Errorf("stderr: %s", r.stderr)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the tour took %v", d)
	}
	// The same on every run: the explicit subcommand gives the same text.
	if again := cli(t, nil, "", "tour").ok(t); again != out {
		t.Errorf("the tour is not deterministic:\n%s\n---\n%s", out, again)
	}
}

func TestRootWithCredentialsShowsHelp(t *testing.T) {
	_, env := site(t, 0)
	out := cli(t, env, "").ok(t)
	if !strings.Contains(out, "Usage:") || !strings.Contains(out, "identities") || strings.Contains(out, "A tour") {
		t.Errorf("oneall with credentials should print help:\n%s", out)
	}
}

func TestNoCredentials(t *testing.T) {
	r := cli(t, nil, "", "identities", "list")
	r.fails(t, exitUsage, "no credentials")
	for _, name := range []string{envSubdomain, envPublicKey, envPrivateKey} {
		if !strings.Contains(r.stderr, name) {
			t.Errorf("the error does not name %s: %s", name, r.stderr)
		}
	}
	cli(t, map[string]string{envSubdomain: "mysite", envPublicKey: "pub"}, "", "users", "list").fails(t, exitUsage, envPrivateKey)
}

func TestFakeFlag(t *testing.T) {
	p := decode[pageJSON[api.Identity]](t, cli(t, nil, "", "--fake", "identities", "list", "--per-page", "3").ok(t))
	if len(p.Entries) != 3 || p.TotalEntries < 20 {
		t.Errorf("--fake list: %+v", p)
	}
}

func TestExitCodes(t *testing.T) {
	srv, env := site(t, 2)
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"unknown flag":      {[]string{"identities", "list", "--bogus"}, exitUsage, "unknown flag: --bogus"},
		"unknown command":   {[]string{"identities", "frobnicate"}, exitUsage, "unknown command"},
		"missing argument":  {[]string{"identities", "get"}, exitUsage, "IDENTITY_TOKEN"},
		"extra argument":    {[]string{"users", "list", "x"}, exitUsage, "takes 0 argument"},
		"invalid token":     {[]string{"identities", "get", "not-a-uuid"}, exitUsage, "is not a UUID"},
		"invalid page size": {[]string{"users", "list", "--per-page", "501"}, exitUsage, "entries_per_page"},
		"bad order":         {[]string{"identities", "list", "--order", "up"}, exitUsage, "order_direction"},
		"not found":         {[]string{"identities", "get", "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"}, exitAPI, "404 Not Found"},
		"user not found":    {[]string{"users", "get", "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"}, exitAPI, "404"},
		"delete without --yes": {[]string{"identities", "delete", "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"}, exitUsage,
			"cannot be undone: add --yes"},
		"user delete without --yes": {[]string{"users", "delete", "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"}, exitUsage, "add --yes"},
	} {
		t.Run(name, func(t *testing.T) {
			cli(t, env, "", tc.args...).fails(t, tc.code, tc.want)
		})
	}
	if n := srv.RequestCount("DELETE", "/*/*"); n != 0 {
		t.Errorf("a delete without --yes sent %d requests", n)
	}

	t.Run("wrong keys", func(t *testing.T) {
		bad := map[string]string{envBaseURL: env[envBaseURL], envPublicKey: env[envPublicKey], envPrivateKey: "wrong-private-key-42"}
		r := cli(t, bad, "", "users", "list")
		r.fails(t, exitAPI, "401")
		if strings.Contains(r.stderr+r.stdout, "wrong-private-key-42") || strings.Contains(r.stderr, env[envPublicKey]) {
			t.Errorf("a key is printed: %s", r.stderr)
		}
	})
	t.Run("network error", func(t *testing.T) {
		dead := onealltest.NewServer()
		deadEnv := map[string]string{envBaseURL: dead.URL, envPublicKey: dead.PublicKey, envPrivateKey: dead.PrivateKey}
		dead.Close()
		cli(t, deadEnv, "", "--retries", "0", "identities", "list").fails(t, exitNetwork, "GET /identities.json")
	})
	t.Run("timeout", func(t *testing.T) {
		slow := onealltest.NewServer(onealltest.WithLatency(2 * time.Second))
		defer slow.Close()
		slowEnv := map[string]string{envBaseURL: slow.URL, envPublicKey: slow.PublicKey, envPrivateKey: slow.PrivateKey}
		cli(t, slowEnv, "", "--retries", "0", "--timeout", "50ms", "users", "list").fails(t, exitNetwork, "deadline exceeded")
	})
	t.Run("help", func(t *testing.T) {
		if out := cli(t, env, "", "storage", "import", "--help").ok(t); !strings.Contains(out, "--concurrency") {
			t.Errorf("help: %s", out)
		}
	})
}

func TestCredentialsFile(t *testing.T) {
	srv, _ := site(t, 1)
	dir := t.TempDir()
	path := filepath.Join(dir, "oneall.env")
	content := "# test site\nexport ONEALL_BASE_URL=" + srv.URL + "\nONEALL_PUBLIC_KEY=\"" + srv.PublicKey + "\"\nONEALL_PRIVATE_KEY='" + srv.PrivateKey + "'\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	r := cli(t, nil, "", "--credentials-file", path, "users", "list")
	if p := decode[pageJSON[api.User]](t, r.ok(t)); p.TotalEntries != 1 {
		t.Errorf("users: %+v", p)
	}
	if r.stderr != "" {
		t.Errorf("a private file gives no warning, got %q", r.stderr)
	}
	// The file's values win over the environment.
	wrongEnv := map[string]string{envPrivateKey: "not-the-key"}
	cli(t, wrongEnv, "", "--credentials-file", path, "users", "list").ok(t)

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	r = cli(t, nil, "", "--credentials-file", path, "users", "list")
	r.ok(t)
	if !strings.Contains(r.stderr, "warning") || !strings.Contains(r.stderr, "chmod 600") || strings.Contains(r.stderr, srv.PrivateKey) {
		t.Errorf("a world-readable file: stderr %q", r.stderr)
	}

	bad := filepath.Join(dir, "bad.env")
	if err := os.WriteFile(bad, []byte("ONEALL_PRIVATE_KEY=s3cret\nPASSWORD=hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = cli(t, nil, "", "--credentials-file", bad, "users", "list")
	r.fails(t, exitUsage, `line 2: unknown key "PASSWORD"`)
	if strings.Contains(r.stderr, "hunter2") || strings.Contains(r.stderr, "s3cret") {
		t.Errorf("the error quotes a value: %s", r.stderr)
	}
	cli(t, nil, "", "--credentials-file", filepath.Join(dir, "missing"), "users", "list").fails(t, exitUsage, "credentials file")
}

func TestFakeServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"fake", "serve", "--addr", "127.0.0.1:0", "--seed", "5", "--public-key", "pub-test", "--private-key", "priv-test"},
			strings.NewReader(""), pw, &errb, func(string) string { return "" })
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the first line: %v", err)
	}
	go io.Copy(io.Discard, pr) //nolint:errcheck // drain
	env := map[string]string{}
	for _, kv := range strings.Fields(line) {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	if env[envPublicKey] != "pub-test" || env[envPrivateKey] != "priv-test" || !strings.HasPrefix(env[envBaseURL], "http://127.0.0.1:") {
		t.Fatalf("first line %q", line)
	}
	p := decode[pageJSON[api.User]](t, cli(t, env, "", "users", "list").ok(t))
	if p.TotalEntries != 5 {
		t.Errorf("the fake has %d users, want 5", p.TotalEntries)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("fake serve did not stop")
	}
	if !strings.Contains(errb.String(), "stopped") {
		t.Errorf("stderr: %s", errb.String())
	}
	cli(t, env, "", "--retries", "0", "users", "list").fails(t, exitNetwork, "")

	cli(t, nil, "", "fake", "serve", "--public-key", "only-one").fails(t, exitUsage, "both")
}

// TestDocsNameRealCommands checks every command and flag that docs/api.md
// names against the command tree, so the reference cannot drift from the CLI.
func TestDocsNameRealCommands(t *testing.T) {
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	root := (&app{getenv: func(string) string { return "" }}).rootCommand()
	checked := 0
	operation := ""
	for _, line := range strings.Split(string(doc), "\n") {
		if _, id, ok := strings.Cut(line, " · operationId `"); ok {
			operation = strings.TrimSuffix(id, "`")
		}
		rest, ok := strings.CutPrefix(line, "- CLI: ")
		if !ok {
			continue
		}
		for i, part := range strings.Split(rest, "`") {
			if i%2 == 0 || !strings.HasPrefix(part, "oneall ") {
				continue
			}
			words := strings.Fields(part)[1:]
			var path []string
			for _, w := range words {
				if strings.ContainsAny(w[:1], "-[(") || strings.ToUpper(w) == w {
					break
				}
				path = append(path, w)
			}
			cmd, _, err := root.Find(path)
			if err != nil || cmd.Name() != path[len(path)-1] {
				t.Errorf("docs/api.md names %q for %s: no such command", "oneall "+strings.Join(path, " "), operation)
				continue
			}
			for _, w := range words {
				w = strings.Trim(w, "[]()|")
				if !strings.HasPrefix(w, "--") {
					continue
				}
				name := strings.TrimPrefix(w, "--")
				if cmd.Flags().Lookup(name) == nil && cmd.InheritedFlags().Lookup(name) == nil {
					t.Errorf("docs/api.md: %q has no flag --%s", cmd.CommandPath(), name)
				}
			}
			checked++
		}
	}
	if checked < 18 {
		t.Errorf("checked %d commands in docs/api.md, want one per operation at least", checked)
	}
}
