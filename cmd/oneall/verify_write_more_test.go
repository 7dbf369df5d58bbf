package main

import (
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/onealltest"
)

// --write calls every write step, and every read of what the steps made;
// every operation it leaves out says why, not "not exercised by --write".
func TestVerifyWriteCallsEveryStep(t *testing.T) {
	srv, env := site(t, 4)
	before := fakeState(t, srv)
	rep := decode[verifyReport](t, cli(t, env, "", "verify", "--write", "--yes", "--json").ok(t))
	results := map[string]opResult{}
	for _, o := range rep.Operations {
		results[o.Operation] = o
	}
	reads := []string{"GetShortURL", "ListShortURLs", "GetDiscussion", "GetDiscussionByReference", "ListDiscussionComments",
		"ListDiscussionCommentsByReference", "GetComment", "GetAuthor", "GetAuthorByReference", "GetVote"}
	for _, id := range slices.Concat(slices.Sorted(maps.Keys(writeSteps)), reads) {
		if o, ok := results[id]; !ok || o.Result == "skipped" {
			t.Errorf("%s not called: %+v", id, o)
		}
	}
	for _, o := range rep.Operations {
		if o.Result == "skipped" && o.Method != "GET" && (o.Reason == "not exercised by --write" || o.Reason != notExercised[o.Operation]) {
			t.Errorf("%s skipped: %q", o.Operation, o.Reason)
		}
	}
	for id, want := range map[string]string{"PushTwitterPost": "publishes to a social network", "PublishSharingMessage": "publishes to a social network",
		"AddAllowedDomains": "changes the site's configuration", "InitiateSharingAnalyticsSnapshot": "publishes none"} {
		if !strings.Contains(results[id].Reason, want) {
			t.Errorf("%s: %q, want it to say %q", id, results[id].Reason, want)
		}
	}
	changing := 0
	for _, o := range rep.Operations {
		if o.Method != "GET" && o.Result != "skipped" {
			changing++
		}
	}
	if changing != len(writeSteps) || len(writeSteps) != 27 {
		t.Errorf("%d changing operations called, want the %d write steps (27)", changing, len(writeSteps))
	}
	if after := fakeState(t, srv); after != before {
		t.Errorf("state before:\n%s\nafter:\n%s", before, after)
	}
}

// failRule makes the requests of one method whose path matches pattern
// fail with a 503: before the fake sees them, or after it did the work.
type failRule struct {
	method, pattern string
	afterWork       bool
	// status, when not 0, is answered instead of the fake's 503, with
	// OneAll's error envelope (418, which no operation lists, is drift).
	status int
}

// failing is env with its base URL on a proxy of srv that fails the
// requests of rules. The 503s are the fake's own error envelopes, from a
// second fake that faults every request before looking at it.
func failing(t *testing.T, srv *onealltest.Server, env map[string]string, rules ...failRule) map[string]string {
	t.Helper()
	broken := onealltest.NewServer()
	t.Cleanup(broken.Close)
	broken.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault503}, RetryAfter: -1})
	h, bh := srv.Handler(), broken.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rule := range rules {
			if ok, _ := path.Match(rule.pattern, r.URL.Path); ok && r.Method == rule.method {
				if rule.afterWork {
					h.ServeHTTP(httptest.NewRecorder(), r)
				}
				if rule.status != 0 {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(rule.status)
					fmt.Fprintf(w, `{"response":{"request":{"date":"Tue, 02 May 2017 15:27:08 +0200","resource":%q,`+
						`"status":{"flag":"error","code":%d,"info":"The feature is not enabled for this site"}}}}`, r.URL.Path, rule.status)
					return
				}
				bh.ServeHTTP(w, r)
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	out := maps.Clone(env)
	out[envBaseURL] = ts.URL
	return out
}

// What the cleanup cannot delete is listed, newest first, one line each
// with its kind, tokens and the command that deletes it; the run fails.
// Those commands, run once OneAll answers again, leave the site as it was.
func TestVerifyWriteLeftBehind(t *testing.T) {
	lvDeletes := []failRule{
		{method: "DELETE", pattern: "/loudvoice/authors/sessions/*.json"},
		{method: "DELETE", pattern: "/loudvoice/votes/comments/*/authors/*.json"},
		{method: "DELETE", pattern: "/loudvoice/comments/*.json"},
		{method: "DELETE", pattern: "/loudvoice/authors/*.json"},
		{method: "DELETE", pattern: "/loudvoice/discussions/*.json"},
	}
	cases := []struct {
		name  string
		rules []failRule
		want  []string // the left-behind lines hold these, in order
	}{
		{name: "the user cannot be deleted", rules: []failRule{{method: "DELETE", pattern: "/users/*.json"}},
			want: []string{"cloud storage user user_token "}},
		{name: "the short URL cannot be deleted", rules: []failRule{{method: "DELETE", pattern: "/shorturls/*.json"}},
			want: []string{"short URL shorturl_token "}},
		{name: "the discussion cannot be deleted", rules: []failRule{{method: "DELETE", pattern: "/loudvoice/discussions/*.json"}},
			want: []string{"LoudVoice discussion discussion_token "}},
		{name: "the discussion's creation failed after the work, and it cannot be deleted",
			rules: []failRule{{method: "POST", pattern: "/loudvoice/discussions.json", afterWork: true},
				{method: "DELETE", pattern: "/loudvoice/discussions/*.json"}},
			want: []string{"LoudVoice discussion (discussion_reference oneall-verify-"}},
		{name: "the comment's creation failed after the work, and its discussion cannot be deleted",
			rules: []failRule{{method: "POST", pattern: "/loudvoice/comments.json", afterWork: true},
				{method: "DELETE", pattern: "/loudvoice/discussions/*.json"}},
			want: []string{"LoudVoice comment (comment_reference oneall-verify-", "LoudVoice discussion discussion_token "}},
		{name: "no LoudVoice deletion works", rules: lvDeletes, want: []string{
			"LoudVoice author session author_session_token ", "LoudVoice vote author_token ", "LoudVoice comment comment_token ",
			"LoudVoice author author_token ", "LoudVoice author author_token ", "LoudVoice discussion discussion_token "}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, env := site(t, 4)
			before := fakeState(t, srv)
			r := cli(t, failing(t, srv, env, tc.rules...), "", "verify", "--write", "--yes", "--retries", "0")
			r.fails(t, exitAPI, "left "+strconv.Itoa(len(tc.want))+" thing(s) behind")
			var left []string
			for l := range strings.Lines(r.stderr) {
				if s, ok := strings.CutPrefix(strings.TrimSuffix(l, "\n"), "oneall: left behind: "); ok {
					left = append(left, s)
				}
			}
			if len(left) != len(tc.want) {
				t.Fatalf("left behind:\n%s\nwant %d lines", r.stderr, len(tc.want))
			}
			for i, l := range left {
				goes := strings.HasSuffix(l, "it goes when the LoudVoice discussion below is deleted")
				if !strings.HasPrefix(l, tc.want[i]) || !strings.Contains(l, "answered 503") && !goes {
					t.Errorf("line %d: %q, want %q... answered 503", i, l, tc.want[i])
				}
				_, command, ok := strings.Cut(l, "; delete it with: oneall ")
				switch {
				case ok:
					cli(t, env, "", strings.Fields(command)...).ok(t)
				case !goes:
					t.Errorf("no command in %q", l)
				}
			}
			if after := fakeState(t, srv); after != before {
				t.Errorf("state before:\n%s\nafter the commands:\n%s", before, after)
			}
		})
	}
}

// Drift decides the exit code, but a run that drifts still lists what its
// cleanup left behind, and says that the cleanup failed.
func TestVerifyWriteDriftAndLeftBehind(t *testing.T) {
	srv, env := site(t, 4)
	r := cli(t, failing(t, srv, env, failRule{method: "DELETE", pattern: "/shorturls/*.json", status: http.StatusTeapot}),
		"", "verify", "--write", "--yes", "--retries", "0")
	r.fails(t, exitDrift, "difference(s) between OneAll's answers and the spec; OneAll answered an error: --write step DeleteShortURL answered 418")
	if !strings.Contains(r.stderr, "oneall: left behind: short URL shorturl_token ") ||
		!strings.Contains(r.stderr, "; the cleanup of --write left 1 thing(s) behind") || !strings.Contains(r.stdout, "drift   DeleteShortURL") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}

// A family whose first creation is refused with 403 (a feature the site
// does not have) is skipped, its operations saying why, and the others run:
// the run succeeds and leaves nothing.
func TestVerifyWriteFamilyNotEnabled(t *testing.T) {
	for _, tc := range []struct{ refused, first, next, other string }{
		{refused: "/storage/users.json", first: "CreateStorageUser", next: "DeleteUser", other: "DeleteDiscussion"},
		{refused: "/shorturls.json", first: "CreateShortURL", next: "DeleteShortURL", other: "DeleteUser"},
		{refused: "/loudvoice/discussions.json", first: "CreateDiscussion", next: "CastVote", other: "DeleteShortURL"},
	} {
		t.Run(tc.first, func(t *testing.T) {
			srv, env := site(t, 4)
			before := fakeState(t, srv)
			r := cli(t, failing(t, srv, env, failRule{method: "POST", pattern: tc.refused, status: http.StatusForbidden}),
				"", "verify", "--write", "--yes", "--json")
			rep := decode[verifyReport](t, r.ok(t))
			results := map[string]opResult{}
			for _, o := range rep.Operations {
				results[o.Operation] = o
			}
			if o := results[tc.first]; o.Status != http.StatusForbidden || o.Result != "ok" {
				t.Errorf("%s: %+v, want ok 403", tc.first, o)
			}
			if o := results[tc.next]; o.Result != "skipped" || !strings.Contains(o.Reason, tc.first+" answered 403 Forbidden (is ") {
				t.Errorf("%s: %+v", tc.next, o)
			}
			if o := results[tc.other]; o.Result != "ok" {
				t.Errorf("%s: %+v, want it called", tc.other, o)
			}
			if after := fakeState(t, srv); after != before || r.stderr != "" {
				t.Errorf("stderr %q; state before:\n%s\nafter:\n%s", r.stderr, before, after)
			}
		})
	}
}
