package main

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// verifyReport is verify's --json output, as a test reads it.
type verifyReport struct {
	Operations []opResult `json:"operations"`
	Findings   []finding  `json:"findings"`
	Summary    summaryJSON
}

// lines are the findings of severity sev as "Operation kind path".
func (r verifyReport) lines(sev string) []string {
	var out []string
	for _, f := range r.Findings {
		if f.Severity == sev {
			out = append(out, f.Operation+" "+f.Kind+" "+f.Path)
		}
	}
	slices.Sort(out)
	return out
}

// Against the fake, every read-only operation that has a token to read is
// called, and nothing drifts: the fake answers as the spec says.
func TestVerifyFakeNoDrift(t *testing.T) {
	srv, env := site(t, 5)
	// A connection and an SSO session, so that every GET has a token. The
	// first connection (the one a page of one lists) is a LinkedIn login,
	// so that a LinkedIn identity gives its companies' ids to the company
	// posts.
	for _, p := range []string{"linkedin", "facebook"} {
		if _, err := srv.Connect(onealltest.ConnectRequest{Provider: p}); err != nil {
			t.Fatal(err)
		}
	}
	c := srv.Client()
	ids, err := c.Identities.List(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SSO.Start(t.Context(), ids.Entries[0].IdentityToken, nil); err != nil {
		t.Fatal(err)
	}
	// A shared message and its analytics snapshot, for theirs.
	var msg *wrapper.PublishResult
	for _, id := range ids.Entries {
		if msg, err = c.Sharing.Publish(t.Context(), wrapper.ForIdentity(id.IdentityToken), wrapper.Message{Text: "verify"}); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SharingAnalytics.Initiate(t.Context(), msg.Message.SharingMessageToken, ""); err != nil {
		t.Fatal(err)
	}
	seedLoudVoice(t, c)
	srv.ResetRequests()
	r := cli(t, env, "", "verify", "--json")
	rep := decode[verifyReport](t, r.ok(t))
	if d := rep.lines(sevDrift); len(d) != 0 {
		t.Errorf("drift against the fake:\n%s", strings.Join(d, "\n"))
	}
	for _, o := range rep.Operations {
		readOnly := o.Method == "GET"
		if called := o.Result != "skipped"; called != readOnly {
			t.Errorf("%s %s: %s (%s)", o.Method, o.Operation, o.Result, o.Reason)
		}
	}
	gets := 0
	for _, o := range rep.Operations {
		if o.Method == "GET" {
			gets++
		}
	}
	if rep.Summary.Called != gets || gets < 17 {
		t.Errorf("summary %+v, want the %d GETs called", rep.Summary, gets)
	}
	// The text report says the same, one line per operation and finding.
	text := cli(t, env, "", "verify").ok(t)
	if !strings.Contains(text, "ok      GetConnection") || !strings.Contains(text, "0 drift") {
		t.Errorf("text report:\n%s", text)
	}
	// Every request was a GET, with the smallest page.
	for _, rec := range srv.Requests() {
		if rec.Method != http.MethodGet {
			t.Errorf("%s %s without --write", rec.Method, rec.Path)
		}
	}
	if n := srv.RequestCount("GET", "/users.json"); n != 2 {
		t.Errorf("%d GET /users.json, want 2 (one per run)", n)
	}
}

// changed is a fake whose answers to one path are changed on the way.
func changed(t *testing.T, method, pattern string, edit func(status *int, tree map[string]any)) map[string]string {
	t.Helper()
	srv, env := site(t, 5)
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body, status := rec.Body.Bytes(), rec.Code
		if ok, _ := path.Match(pattern, r.URL.Path); ok && r.Method == method {
			var tree map[string]any
			if err := json.Unmarshal(body, &tree); err != nil {
				t.Errorf("%s: %v", r.URL.Path, err)
			}
			edit(&status, tree)
			body, _ = json.Marshal(tree)
		}
		maps.Copy(w.Header(), rec.Header())
		w.Header().Del("Content-Length")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(ts.Close)
	env[envBaseURL] = ts.URL
	return env
}

// obj is the object at the given members of tree.
func obj(t *testing.T, tree map[string]any, members ...string) map[string]any {
	t.Helper()
	var v any = tree
	for _, m := range members {
		o, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("no object at %v", members)
		}
		v = o[m]
	}
	o, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("no object at %v", members)
	}
	return o
}

func firstEntry(t *testing.T, tree map[string]any, members ...string) map[string]any {
	t.Helper()
	entries, _ := obj(t, tree, members...)["entries"].([]any)
	if len(entries) == 0 {
		t.Fatalf("no entries at %v", members)
	}
	return entries[0].(map[string]any)
}

// Each kind of change is reported once, at its path, and nothing else is:
// the drift lines are exactly the expected ones, and the run exits 5.
func TestVerifyReportsEachDriftOnce(t *testing.T) {
	data := []string{"response", "result", "data"}
	cases := []struct {
		name, method, path string
		edit               func(*testing.T, *int, map[string]any)
		drift, info        []string
	}{{
		name: "renamed member", method: "GET", path: "/users/*.json",
		edit: func(t *testing.T, _ *int, tree map[string]any) {
			u := obj(t, tree, append(data, "user")...)
			u["login_count"] = u["num_logins"]
			delete(u, "num_logins")
		},
		drift: []string{"GetUser unknown-member response.result.data.user.login_count"},
		info:  []string{"GetUser absent-member response.result.data.user.num_logins"},
	}, {
		name: "a string where a number was", method: "GET", path: "/users.json",
		edit: func(t *testing.T, _ *int, tree map[string]any) {
			obj(t, tree, append(data, "users", "pagination")...)["total_entries"] = "many"
		},
		drift: []string{"ListUsers value response.result.data.users.pagination.total_entries"},
	}, {
		name: "a number where a string was", method: "GET", path: "/identities/*.json",
		edit: func(t *testing.T, _ *int, tree map[string]any) {
			obj(t, tree, append(data, "identity")...)["displayName"] = 987654
		},
		drift: []string{"GetIdentity type response.result.data.identity.displayName"},
	}, {
		name: "an extra member", method: "GET", path: "/identities.json",
		edit: func(t *testing.T, _ *int, tree map[string]any) {
			firstEntry(t, tree, append(data, "identities")...)["flavour"] = map[string]any{"x": 1}
		},
		drift: []string{"ListIdentities unknown-member response.result.data.identities.entries[].flavour"},
	}, {
		name: "a missing required member", method: "GET", path: "/site.json",
		edit: func(t *testing.T, _ *int, tree map[string]any) {
			delete(obj(t, tree, "response", "request"), "status")
		},
		drift: []string{"GetSite missing-member response.request.status"},
	}, {
		name: "a missing optional member of the example", method: "GET", path: "/users/*.json",
		edit: func(t *testing.T, _ *int, tree map[string]any) {
			delete(obj(t, tree, append(data, "user")...), "date_last_login")
		},
		info: []string{"GetUser absent-member response.result.data.user.date_last_login"},
	}, {
		name: "an unknown status", method: "GET", path: "/tools/ping.json",
		edit:  func(_ *testing.T, status *int, _ map[string]any) { *status = http.StatusTeapot },
		drift: []string{"Ping status "},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := changed(t, tc.method, tc.path, func(status *int, tree map[string]any) { tc.edit(t, status, tree) })
			r := cli(t, env, "", "verify", "--json")
			wantCode := exitOK
			if len(tc.drift) > 0 {
				wantCode = exitDrift
			}
			if r.code != wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", r.code, wantCode, r.stderr)
			}
			rep := decode[verifyReport](t, r.stdout)
			if got := rep.lines(sevDrift); !slices.Equal(got, tc.drift) {
				t.Errorf("drift:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.drift, "\n"))
			}
			for _, want := range tc.info {
				if n := strings.Count(strings.Join(rep.lines(sevInfo), "\n")+"\n", want+"\n"); n != 1 {
					t.Errorf("info %q reported %d times", want, n)
				}
			}
			for _, leak := range []string{`"many"`, "987654"} {
				if strings.Contains(r.stdout, leak) {
					t.Errorf("the report holds a value (%s):\n%s", leak, r.stdout)
				}
			}
		})
	}
}

// Values are shown only with --show-values, and a secret's never.
func TestVerifyShowValues(t *testing.T) {
	env := changed(t, "GET", "/site.json", func(_ *int, tree map[string]any) {
		s := tree["response"].(map[string]any)["result"].(map[string]any)["data"].(map[string]any)["site"].(map[string]any)
		s["flavour"] = "vanilla-flavour"
		s["api_secret"] = "S3CRET-VALUE"
		s["refresh_token"] = "T0KEN-VALUE"
	})
	for _, args := range [][]string{{"verify"}, {"verify", "--json"}, {"verify", "--show-values"}, {"verify", "--json", "--show-values"}} {
		r := cli(t, env, "", args...)
		if r.code != exitDrift {
			t.Fatalf("%v: exit %d, stderr %s", args, r.code, r.stderr)
		}
		shown := strings.Contains(r.stdout, "vanilla-flavour")
		if want := slices.Contains(args, "--show-values"); shown != want {
			t.Errorf("%v: value shown = %v\n%s", args, shown, r.stdout)
		}
		for _, secret := range []string{"S3CRET-VALUE", "T0KEN-VALUE", env[envPrivateKey], env[envPublicKey]} {
			if strings.Contains(r.stdout+r.stderr, secret) {
				t.Errorf("%v: a secret in the output:\n%s", args, r.stdout)
			}
		}
		if !strings.Contains(r.stdout, "api_secret") {
			t.Errorf("%v: the unknown member api_secret is not reported", args)
		}
	}
}

// Usage, credentials and network errors have their usual exit codes.
func TestVerifyExitCodes(t *testing.T) {
	_, env := site(t, 2)
	cli(t, env, "", "verify", "--write").fails(t, exitUsage, "--yes")
	cli(t, env, "", "verify", "extra").fails(t, exitUsage, "argument")

	bad := maps.Clone(env)
	bad[envPrivateKey] = "00000000-0000-0000-0000-000000000000"
	r := cli(t, bad, "", "verify")
	r.fails(t, exitAPI, "401")

	ts := httptest.NewServer(http.NotFoundHandler())
	dead := maps.Clone(env)
	dead[envBaseURL] = ts.URL
	ts.Close()
	cli(t, dead, "", "verify", "--retries", "0").fails(t, exitNetwork, "ListConnections")
}

// --fake verifies the embedded fake, --write included.
func TestVerifyEmbeddedFake(t *testing.T) {
	out := cli(t, nil, "", "--fake", "verify", "--write", "--yes").ok(t)
	if !strings.Contains(out, "ok      DeleteUser") || !strings.Contains(out, " 0 drift") {
		t.Errorf("report:\n%s", out)
	}
}

// What only kin-openapi's validation sees (here a content type the spec
// does not list) is reported too, as "invalid", once.
func TestVerifyReportsWhatValidationRefuses(t *testing.T) {
	srv, env := site(t, 3)
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/providers.json" {
			w = textPlain{w}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	env[envBaseURL] = ts.URL
	r := cli(t, env, "", "verify", "--json")
	if r.code != exitDrift {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	rep := decode[verifyReport](t, r.stdout)
	if got, want := rep.lines(sevDrift), []string{"ListProviders invalid "}; !slices.Equal(got, want) {
		t.Errorf("drift %q, want %q", got, want)
	}
}

// textPlain answers with Content-Type text/plain, whatever the handler says.
type textPlain struct{ http.ResponseWriter }

func (w textPlain) WriteHeader(code int) {
	w.Header().Set("Content-Type", "text/plain")
	w.ResponseWriter.WriteHeader(code)
}

// seedLoudVoice makes a discussion with a comment, its authors (by
// reference) and a vote, so that every LoudVoice GET has a token and a
// reference to read.
func seedLoudVoice(t *testing.T, c *wrapper.Client) {
	t.Helper()
	ctx, lv := t.Context(), c.LoudVoice
	d, err := lv.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{DiscussionReference: "/verify", Title: "verify"})
	if err != nil {
		t.Fatal(err)
	}
	voter, err := lv.CreateAuthor(ctx, api.LoudVoiceAuthorInput{AuthorReference: "verify-voter", Name: "Ann"})
	if err != nil {
		t.Fatal(err)
	}
	cm, err := lv.CreateComment(ctx, wrapper.NewComment{DiscussionToken: d.DiscussionToken,
		Comment: api.LoudVoiceCommentInput{Text: "verify", Author: api.LoudVoiceAuthorInput{AuthorReference: "verify-writer", Name: "Bob"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lv.CastVote(ctx, cm.CommentToken, voter.AuthorToken, wrapper.VoteUp); err != nil {
		t.Fatal(err)
	}
}
