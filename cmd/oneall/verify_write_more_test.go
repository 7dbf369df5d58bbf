package main

import (
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
	// teapot answers 418, which no operation lists: drift.
	teapot bool
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
				if rule.teapot {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusTeapot)
					_, _ = w.Write([]byte(`{}`))
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
	r := cli(t, failing(t, srv, env, failRule{method: "DELETE", pattern: "/shorturls/*.json", teapot: true}),
		"", "verify", "--write", "--yes", "--retries", "0")
	r.fails(t, exitDrift, "difference(s) between OneAll's answers and the spec; OneAll answered an error: --write step DeleteShortURL answered 418")
	if !strings.Contains(r.stderr, "oneall: left behind: short URL shorturl_token ") ||
		!strings.Contains(r.stderr, "; the cleanup of --write left 1 thing(s) behind") || !strings.Contains(r.stdout, "drift   DeleteShortURL") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}
