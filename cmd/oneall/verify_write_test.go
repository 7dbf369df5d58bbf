package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/onealltest"
)

// fakeState is everything of the fake that --write could leave behind: its
// users, identities and SSO sessions, as its API lists them, and its counts.
func fakeState(t *testing.T, srv *onealltest.Server) string {
	t.Helper()
	c := srv.Client()
	var lines []string
	for u, err := range c.Users.All(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, "user "+u.UserToken)
	}
	for id, err := range c.Identities.All(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, "identity "+id.IdentityToken+" "+id.Provider)
	}
	for s, err := range c.SSO.All(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, "sso "+s.SSOSessionToken)
	}
	slices.Sort(lines)
	st := srv.Stats()
	lines = append(lines, fmt.Sprintf("users %d, identities %d, storage users %d", st.Users, st.Identities, st.StorageUsers))
	return strings.Join(lines, "\n")
}

// --write --yes exercises the write operations on a user of its own and
// leaves the site as it found it: when every step succeeds, and when a step
// fails midway, whether the failure lost the work or only its answer.
func TestVerifyWriteLeavesNothing(t *testing.T) {
	cases := []struct {
		name   string
		faults onealltest.Faults
		code   int
		want   string // in the last stderr line
	}{
		{name: "every step succeeds", code: exitOK},
		{name: "the update fails", code: exitAPI, want: "UpdateStorageUser answered 500",
			faults: onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault500}, Paths: []string{"PUT /storage/users/*.json"}}},
		{name: "the creation's answer is lost", code: exitNetwork, want: "CreateStorageUser",
			faults: onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.FaultLost}, Paths: []string{"POST /storage/users.json"}}},
		{name: "a session starts but its answer fails", code: exitAPI, want: "StartIdentitySSOSession answered 502",
			faults: onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault502}, AfterWork: true, Paths: []string{"PUT /sso/sessions/identities/*.json"}}},
		{name: "the deletion of a session fails", code: exitAPI, want: "DeleteSSOSession answered 503",
			faults: onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault503}, Paths: []string{"DELETE /sso/sessions/*.json"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, env := site(t, 4)
			before := fakeState(t, srv)
			srv.SetFaults(tc.faults)
			r := cli(t, env, "", "verify", "--write", "--yes", "--retries", "0")
			srv.SetFaults(onealltest.Faults{})
			if tc.code == exitOK {
				r.ok(t)
			} else {
				r.fails(t, tc.code, tc.want)
			}
			if after := fakeState(t, srv); after != before {
				t.Errorf("state before:\n%s\nafter:\n%s\nstdout:\n%s", before, after, r.stdout)
			}
			created := srv.RequestCount("POST", "/storage/users.json")
			if created != 1 {
				t.Errorf("%d creations, want 1", created)
			}
		})
	}
}

// The write steps never touch a resource that the run did not create: every
// token in a changing request is one that the run's own answers gave.
func TestVerifyWriteTouchesOnlyItsOwn(t *testing.T) {
	srv, env := site(t, 4)
	seeded := fakeState(t, srv)
	srv.ResetRequests()
	cli(t, env, "", "verify", "--write", "--yes").ok(t)
	for _, rec := range srv.Requests() {
		if rec.Method == "GET" {
			continue
		}
		if tok := tokenIn(rec.Path); tok != "" && strings.Contains(seeded, tok) {
			t.Errorf("%s %s changes a seeded resource", rec.Method, rec.Path)
		}
	}
}

// tokenIn is the first UUID-like segment of p.
func tokenIn(p string) string {
	for seg := range strings.SplitSeq(p, "/") {
		seg = strings.TrimSuffix(seg, ".json")
		if len(seg) == 36 && strings.Count(seg, "-") == 4 {
			return seg
		}
	}
	return ""
}

// An interrupt midway (Ctrl-C cancels the run's context) still deletes what
// the run created; the run exits 1, as interrupted commands do.
func TestVerifyWriteInterrupted(t *testing.T) {
	srv, env := site(t, 4)
	before := fakeState(t, srv)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "PUT" && strings.HasPrefix(r.URL.Path, "/storage/users/") {
			cancel() // the user presses Ctrl-C while the update is on its way
		}
		h.ServeHTTP(w, r)
	}))
	defer ts.Close()
	env[envBaseURL] = ts.URL
	var out, errb bytes.Buffer
	code := run(ctx, []string{"verify", "--write", "--yes"}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	if code != exitFailure {
		t.Errorf("exit %d, want %d; stderr: %s", code, exitFailure, errb.String())
	}
	if after := fakeState(t, srv); after != before {
		t.Errorf("state before:\n%s\nafter:\n%s", before, after)
	}
	if n := srv.RequestCount("POST", "/storage/users.json"); n != 1 {
		t.Errorf("%d creations, want 1", n)
	}
}
