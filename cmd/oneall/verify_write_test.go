package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// fakeState is everything of the fake that --write could leave behind or
// change, as its API lists it: users, identities, SSO sessions, short URLs,
// LoudVoice discussions, authors, comments, votes and author sessions,
// sharing messages and analytics snapshots; then its counts.
func fakeState(t *testing.T, srv *onealltest.Server) string {
	t.Helper()
	ctx, c := t.Context(), srv.Client()
	var lines []string
	add := func(kind string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, kind+" "+string(b))
	}
	for u, err := range c.Users.All(ctx, nil) {
		add("user", u.UserToken, err)
	}
	for id, err := range c.Identities.All(ctx, nil) {
		add("identity", id.IdentityToken+" "+id.Provider, err)
	}
	for s, err := range c.SSO.All(ctx, nil) {
		add("sso", s.SSOSessionToken, err)
	}
	var short struct {
		ShortURLs struct {
			Entries []any `json:"entries"`
		} `json:"shorturls"`
	}
	err := c.Do(ctx, "GET", "/shorturls.json?entries_per_page=500", nil, &short)
	for _, e := range short.ShortURLs.Entries {
		add("shorturl", e, err)
	}
	lv := c.LoudVoice
	for d, err := range lv.AllDiscussions(ctx, nil) {
		add("discussion", d, err)
	}
	for a, err := range lv.AllAuthors(ctx, nil) {
		add("author", a, err)
	}
	for cm, err := range lv.AllComments(ctx, nil) {
		add("comment", cm, err)
	}
	for v, err := range lv.AllVotes(ctx, nil) {
		add("vote", v, err)
	}
	for s, err := range lv.AllAuthorSessions(ctx, nil) {
		add("author-session", s, err)
	}
	var messages struct {
		Messages struct {
			Entries []any `json:"entries"`
		} `json:"sharing_messages"`
	}
	err = c.Do(ctx, "GET", "/sharing/messages.json?entries_per_page=500", nil, &messages)
	for _, e := range messages.Messages.Entries {
		add("sharing-message", e, err)
	}
	for sn, err := range c.SharingAnalytics.All(ctx, nil) {
		add("snapshot", sn, err)
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
		// The short URL: found among the newest by its URL.
		{name: "the short URL's creation answer is lost", code: exitNetwork, want: "CreateShortURL",
			faults: lost("POST /shorturls.json")},
		{name: "the short URL's read fails", code: exitAPI, want: "GetShortURL answered 500",
			faults: onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault500}, Paths: []string{"GET /shorturls/*.json"}}},
		// LoudVoice: a discussion or an author is deleted by its reference,
		// a comment with its discussion, a session with its author.
		{name: "the discussion's creation answer is lost", code: exitNetwork, want: "CreateDiscussion",
			faults: lost("POST /loudvoice/discussions.json")},
		{name: "an author's creation fails after the work", code: exitAPI, want: "CreateAuthor answered 502",
			faults: onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault502}, AfterWork: true, Paths: []string{"POST /loudvoice/authors.json"}}},
		{name: "the comment's creation answer is lost", code: exitNetwork, want: "CreateComment",
			faults: lost("POST /loudvoice/comments.json")},
		{name: "the vote fails after the work", code: exitAPI, want: "CastVote answered 502",
			faults: onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault502}, AfterWork: true, Paths: []string{"PUT /loudvoice/votes/comments/*/authors/*.json"}}},
		{name: "the author session's answer is lost", code: exitNetwork, want: "StartAuthorSession",
			faults: lost("PUT /loudvoice/authors/sessions.json")},
		{name: "the comment's update fails", code: exitAPI, want: "UpdateComment answered 500",
			faults: onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault500}, Paths: []string{"PUT /loudvoice/comments/*.json"}}},
		{name: "every deletion of the vote fails", code: exitAPI, want: "DeleteVote answered 503",
			faults: onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault503}, Paths: []string{"DELETE /loudvoice/votes/comments/*/authors/*.json"}}},
		{name: "the deletion of the other discussion by reference fails", code: exitAPI, want: "DeleteDiscussionByReference answered 500",
			faults: onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault500}, Paths: []string{"DELETE /loudvoice/discussions/discussion.json"}}},
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
			if strings.Contains(r.stderr, "left behind") {
				t.Errorf("the cleanup left something behind:\n%s", r.stderr)
			}
			// No creation is ever sent twice.
			for p, most := range map[string]int{"/storage/users.json": 1, "/shorturls.json": 1, "/loudvoice/discussions.json": 2,
				"/loudvoice/authors.json": 2, "/loudvoice/comments.json": 1} {
				if n := srv.RequestCount("POST", p); n > most || p == "/storage/users.json" && n != 1 {
					t.Errorf("%d POST %s, want at most %d", n, p, most)
				}
			}
		})
	}
}

// lost makes the answers to the requests that match pattern get lost once
// the fake did the work.
func lost(pattern string) onealltest.Faults {
	return onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.FaultLost}, Paths: []string{pattern}}
}

// The write steps never touch a resource that the run did not create: no
// token or reference of a seeded resource is in the path or the query of a
// changing request, and every seeded resource is as it was (the tokens in
// request bodies, such as a comment's discussion, show there: a comment
// in a seeded discussion would change its count of comments).
func TestVerifyWriteTouchesOnlyItsOwn(t *testing.T) {
	srv, env := site(t, 4)
	seedLoudVoice(t, srv.Client())
	seedSharing(t, srv.Client()) // a message that a snapshot could measure
	seeded := fakeState(t, srv)
	srv.ResetRequests()
	cli(t, env, "", "verify", "--write", "--yes").ok(t)
	for _, rec := range srv.Requests() {
		if rec.Method == "GET" {
			continue
		}
		values := strings.Split(strings.TrimSuffix(rec.Path, ".json"), "/")
		q, err := url.ParseQuery(rec.Query)
		if err != nil {
			t.Fatal(err)
		}
		for _, vs := range q {
			values = append(values, vs...)
		}
		for _, v := range values {
			if v != "" && strings.Contains(seeded, `:"`+v+`"`) {
				t.Errorf("%s %s?%s names %q, which is seeded", rec.Method, rec.Path, rec.Query, v)
			}
		}
	}
	if after := fakeState(t, srv); after != seeded {
		t.Errorf("state before:\n%s\nafter:\n%s", seeded, after)
	}
}

// seedSharing publishes a sharing message for the first identity that can
// publish one: a message that an analytics snapshot could measure.
func seedSharing(t *testing.T, c *wrapper.Client) {
	t.Helper()
	for id, err := range c.Identities.All(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Sharing.Publish(t.Context(), wrapper.ForIdentity(id.IdentityToken), wrapper.Message{Text: "verify"}); err == nil {
			return
		}
	}
	t.Fatal("no identity could publish")
}

// An interrupt midway (Ctrl-C cancels the run's context) still deletes what
// the run created; the run exits 1, as interrupted commands do.
func TestVerifyWriteInterrupted(t *testing.T) {
	for _, at := range []string{
		"PUT /storage/users/",             // the storage user's update
		"PUT /loudvoice/votes/comments/",  // the vote
		"DELETE /loudvoice/comments/",     // the comment's deletion
		"PUT /loudvoice/authors/sessions", // the author session
	} {
		t.Run(at, func(t *testing.T) {
			srv, env := site(t, 4)
			before := fakeState(t, srv)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			h := srv.Handler()
			method, prefix, _ := strings.Cut(at, " ")
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == method && strings.HasPrefix(r.URL.Path, prefix) {
					cancel() // the user presses Ctrl-C while the request is on its way
				}
				h.ServeHTTP(w, r)
			}))
			defer ts.Close()
			env[envBaseURL] = ts.URL
			var out, errb bytes.Buffer
			code := run(ctx, []string{"verify", "--write", "--yes"}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
			if code != exitFailure || strings.Contains(errb.String(), "left behind") {
				t.Errorf("exit %d, want %d; stderr: %s", code, exitFailure, errb.String())
			}
			if !strings.Contains(errb.String(), "interrupted: deleting what --write created") {
				t.Errorf("stderr does not say that the cleanup goes on: %s", errb.String())
			}
			if after := fakeState(t, srv); after != before {
				t.Errorf("state before:\n%s\nafter:\n%s", before, after)
			}
			if n := srv.RequestCount("POST", "/storage/users.json"); n != 1 {
				t.Errorf("%d creations, want 1", n)
			}
		})
	}
}
