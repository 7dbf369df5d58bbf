package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
)

// result is what one run of the command gave.
type result struct {
	stdout, stderr string
	code           int
}

// cli runs the command in-process with env as its whole environment.
func cli(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	return result{stdout: out.String(), stderr: errb.String(), code: code}
}

// ok fails the test unless the run exited 0, and returns its stdout.
func (r result) ok(t *testing.T) string {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	return r.stdout
}

// fails checks the exit code and that stderr is one "oneall: " line holding want.
func (r result) fails(t *testing.T, code int, want string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "oneall: ") || !strings.Contains(last, want) {
		t.Fatalf("stderr %q, want a line \"oneall: ...%s...\"", r.stderr, want)
	}
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("stdout is not one JSON value (%v):\n%s", err, s)
	}
	return v
}

// jsonLines decodes one JSON object per line.
func jsonLines[T any](t *testing.T, s string) []T {
	t.Helper()
	var out []T
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, v)
	}
	return out
}

// site starts a seeded fake and returns it with the environment for it.
func site(t *testing.T, seed int) (*onealltest.Server, map[string]string) {
	t.Helper()
	srv := onealltest.NewServer()
	t.Cleanup(srv.Close)
	srv.Seed(seed)
	return srv, map[string]string{
		envBaseURL:    srv.URL,
		envPublicKey:  srv.PublicKey,
		envPrivateKey: srv.PrivateKey,
	}
}

// identityOf finds a seeded identity of provider.
func identityOf(t *testing.T, env map[string]string, provider string) api.Identity {
	t.Helper()
	for _, id := range jsonLines[api.Identity](t, cli(t, env, "", "identities", "list", "--all").ok(t)) {
		if id.Provider == provider {
			return id
		}
	}
	t.Fatalf("no %s identity", provider)
	return api.Identity{}
}

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
		"errors.Is(err, login.ErrUnknownToken) = true",
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

func TestIdentities(t *testing.T) {
	srv, env := site(t, 8)

	p := decode[pageJSON[api.Identity]](t, cli(t, env, "", "identities", "list", "--per-page", "2", "--page", "2", "--order", "desc").ok(t))
	if p.CurrentPage != 2 || len(p.Entries) != 2 || p.EntriesPerPage != 2 || p.TotalEntries < 8 {
		t.Fatalf("page: %+v", p)
	}
	all := jsonLines[api.Identity](t, cli(t, env, "", "identities", "list", "--all").ok(t))
	if len(all) != p.TotalEntries {
		t.Fatalf("--all streamed %d identities, the site has %d", len(all), p.TotalEntries)
	}

	fb := identityOf(t, env, "facebook")
	token := fb.IdentityToken
	got := decode[api.Identity](t, cli(t, env, "", "identities", "get", token).ok(t))
	if got.IdentityToken != token || got.UserToken == "" {
		t.Fatalf("get: %+v", got)
	}
	synced := decode[api.Identity](t, cli(t, env, "", "identities", "sync", token, "--force-token-update").ok(t))
	if synced.IdentityToken != token {
		t.Errorf("sync: %+v", synced)
	}
	if srv.RequestCount("PUT", "/identities/"+token+"/synchronize.json") != 1 {
		t.Error("sync sent no synchronize request")
	}

	// relink to the owner of another identity
	var other string
	for _, id := range all {
		if id.UserToken != got.UserToken {
			other = id.UserToken
			break
		}
	}
	u := decode[api.User](t, cli(t, env, "", "identities", "relink", token, other).ok(t))
	if u.UserToken != other || !hasIdentity(&u, token) {
		t.Errorf("relink: %+v", u)
	}

	cp := decode[contactsPageJSON](t, cli(t, env, "", "identities", "contacts", token, "--per-page", "5").ok(t))
	if cp.TotalEntries == 0 || len(cp.Entries) == 0 {
		t.Errorf("contacts: %+v", cp)
	}
	contacts := jsonLines[api.Contact](t, cli(t, env, "", "identities", "contacts", token, "--all", "--disable-cache").ok(t))
	if len(contacts) != cp.TotalEntries {
		t.Errorf("contacts --all: %d, want %d", len(contacts), cp.TotalEntries)
	}
	posts := decode[map[string]any](t, cli(t, env, "", "identities", "facebook-posts", token, "--per-page", "2").ok(t))
	if posts["facebook_posts"] == nil {
		t.Errorf("facebook-posts: %v", posts)
	}
	steam := identityOf(t, env, "steam")
	games := decode[map[string]any](t, cli(t, env, "", "identities", "steam-games", steam.IdentityToken).ok(t))
	if games["steam_games"] == nil {
		t.Errorf("steam-games: %v", games)
	}
	yt := identityOf(t, env, "youtube")
	videos := decode[map[string]any](t, cli(t, env, "", "identities", "youtube-videos", yt.IdentityToken).ok(t))
	if videos["youtube_videos"] == nil {
		t.Errorf("youtube-videos: %v", videos)
	}
	cli(t, env, "", "identities", "steam-games", token).fails(t, exitAPI, "")

	del := decode[api.Identity](t, cli(t, env, "", "identities", "delete", token, "--yes").ok(t))
	if del.IdentityToken != token || del.Provider == "" || del.UserToken == "" {
		t.Errorf("delete: %v", del)
	}
	cli(t, env, "", "identities", "get", token).fails(t, exitAPI, "404")
}

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
