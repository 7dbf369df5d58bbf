package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

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
