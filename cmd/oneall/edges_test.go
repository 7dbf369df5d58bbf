package main

// The rough spots a new user hits (issue 19): each has its test here.

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

// fake serve --addr 8080 listens on 127.0.0.1:8080: a bare port is a port
// on the loopback address (here 0, any free port).
func TestFakeServeBarePort(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	stderr := newSyncBuffer()
	env, done := fakeServe(t, ctx, pw, pr, stderr, "--addr", "0")
	go io.Copy(io.Discard, pr) //nolint:errcheck // drain
	if !strings.HasPrefix(env[envBaseURL], "http://127.0.0.1:") {
		t.Fatalf("--addr 0 serves on %s, want 127.0.0.1", env[envBaseURL])
	}
	if strings.Contains(stderr.String(), "warning") {
		t.Errorf("a loopback address warned: %s", stderr)
	}
	cancel()
	if code := exitWithin(t, done, stderr); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
}

// An --addr that is neither HOST:PORT nor a port exits 2 with the forms.
func TestFakeServeBadAddr(t *testing.T) {
	for _, addr := range []string{"localhost", "127.0.0.1", "65536", "-1", "http://127.0.0.1:8080"} {
		cli(t, nil, "", "fake", "serve", "--addr", addr).fails(t, exitUsage, "HOST:PORT (127.0.0.1:8080) or a bare PORT")
	}
}

// The warning names the address typed (0.0.0.0:8090), not the one the
// system reports for the socket ([::]:8090). Checked without listening
// anywhere but on loopback.
func TestFakeServeWarningNamesTypedAddress(t *testing.T) {
	for _, tc := range []struct {
		typed string
		bound net.Addr
		want  string
	}{
		{"0.0.0.0:8090", &net.TCPAddr{IP: net.IPv6zero, Port: 8090}, "--addr 0.0.0.0:8090 is not a loopback address"},
		{":8090", &net.TCPAddr{IP: net.IPv6zero, Port: 8090}, "--addr :8090 (every interface) is not a loopback address"},
		{"192.0.2.7:80", &net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 80}, "--addr 192.0.2.7:80 is not"},
	} {
		got := loopbackWarning(tc.typed, tc.bound)
		if !strings.Contains(got, tc.want) || strings.Contains(got, "::") {
			t.Errorf("%s bound to %v: warning %q, want %q and no ::", tc.typed, tc.bound, got, tc.want)
		}
	}
	for _, tc := range []struct {
		typed string
		bound net.Addr
	}{
		{"127.0.0.1:0", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}},
		{"localhost:8080", &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}},
	} {
		if got := loopbackWarning(tc.typed, tc.bound); got != "" {
			t.Errorf("%s: warning %q for a loopback address", tc.typed, got)
		}
	}
}

// --password is refused, pointing to the two ways a password is given.
func TestPasswordFlagPointsToStdin(t *testing.T) {
	_, env := site(t, 0)
	for _, args := range [][]string{
		{"storage", "create", "--login", "ann", "--password", "x"},
		{"storage", "lookup", "--login", "ann", "--password=x"},
		{"storage", "sync", "--identifier", "login=ann", "--password", "x"},
	} {
		r := cli(t, env, "", args...)
		r.fails(t, exitUsage, "unknown flag: --password")
		for _, want := range []string{"--password-stdin", envPassword} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%v: stderr %q does not name %s", args, r.stderr, want)
			}
		}
		if strings.Contains(r.stderr, "x\n") || strings.Contains(r.stderr, "=x") {
			t.Errorf("%v: the password shows in %q", args, r.stderr)
		}
	}
	// Other unknown flags are reported as before.
	cli(t, env, "", "storage", "create", "--frob").fails(t, exitUsage, "unknown flag: --frob")
}

// Typos get a suggestion, at every level.
func TestTypoSuggestions(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"usrs"}, `unknown command "usrs" for "oneall"; did you mean "users"?`},
		{[]string{"users", "lst"}, `unknown command "lst" for "oneall users"; did you mean "list"?`},
		{[]string{"storage", "lokup"}, `did you mean "lookup"?`},
		{[]string{"fake", "serv"}, `did you mean "serve"?`},
	} {
		cli(t, nil, "", tc.args...).fails(t, exitUsage, tc.want)
	}
	r := cli(t, nil, "", "zzzzzz")
	r.fails(t, exitUsage, `unknown command "zzzzzz" for "oneall"`)
	if strings.Contains(r.stderr, "did you mean") {
		t.Errorf("a suggestion for nothing close: %s", r.stderr)
	}
}

// A wrong user password and wrong site keys are both 401 from OneAll (exit
// 3), but they are different mistakes and read differently.
func TestWrongPasswordVersusWrongKeys(t *testing.T) {
	srv, env := site(t, 0)
	cli(t, env, "right\n", "storage", "create", "--login", "ann", "--password-stdin").ok(t)
	r := cli(t, env, "wrong\n", "storage", "lookup", "--login", "ann", "--password-stdin")
	r.fails(t, exitAPI, "the user's password is wrong (the site's keys are fine)")
	if strings.Contains(r.stderr, "API keys") {
		t.Errorf("a wrong password reads like wrong keys: %s", r.stderr)
	}
	bad := map[string]string{envBaseURL: srv.URL, envPublicKey: srv.PublicKey, envPrivateKey: "not-the-key"}
	r = cli(t, bad, "right\n", "storage", "lookup", "--login", "ann", "--password-stdin")
	r.fails(t, exitAPI, "the site's API keys ("+envPublicKey+", "+envPrivateKey+") are missing or wrong")
	if strings.Contains(r.stderr, "password") {
		t.Errorf("wrong keys read like a wrong password: %s", r.stderr)
	}
	cli(t, bad, "", "users", "list").fails(t, exitAPI, "the site's API keys")
}

// --fake seeds a login, so that the connection and SSO commands show
// something, and its help says where state lasts.
func TestFakeShowsASeededLogin(t *testing.T) {
	conns := decode[pageJSON[api.Connection]](t, cli(t, nil, "", "--fake", "connections", "list").ok(t))
	if conns.TotalEntries == 0 || len(conns.Entries) == 0 {
		t.Fatalf("--fake connections list: %+v", conns)
	}
	token := conns.Entries[0].ConnectionToken
	conn := decode[connectionJSON](t, cli(t, nil, "", "--fake", "connections", "get", token).ok(t))
	if conn.Outcome != "login" || conn.UserToken == "" || conn.Identity == nil {
		t.Fatalf("--fake connections get %s: %+v", token, conn)
	}
	sessions := decode[pageJSON[api.SSOSession]](t, cli(t, nil, "", "--fake", "sso", "list").ok(t))
	if sessions.TotalEntries == 0 || len(sessions.Entries) == 0 {
		t.Fatalf("--fake sso list: %+v", sessions)
	}
	s := sessions.Entries[0]
	if got := decode[api.SSOSession](t, cli(t, nil, "", "--fake", "sso", "get", s.SSOSessionToken).ok(t)); got.IdentityToken != s.IdentityToken {
		t.Errorf("--fake sso get: %+v", got)
	}
	help := cli(t, nil, "", "--help").ok(t)
	if !strings.Contains(help, "oneall fake serve") || !strings.Contains(help, "keeps state") {
		t.Errorf("--help does not say that fake serve keeps state:\n%s", help)
	}
}
