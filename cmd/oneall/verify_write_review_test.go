package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
)

// intercepting is env with its base URL on a proxy of srv that calls
// before (with the request's body) ahead of each request it forwards, and
// answers instead with what before writes when it returns true.
func intercepting(t *testing.T, srv *onealltest.Server, env map[string]string,
	before func(w http.ResponseWriter, r *http.Request, body []byte) bool) map[string]string {
	t.Helper()
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if before(w, r, body) {
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	out := maps.Clone(env)
	out[envBaseURL] = ts.URL
	return out
}

// An author reference of the run's that the site's own author holds (OneAll
// refuses the creation: the reference must be unique) is left alone: the
// cleanup does not delete the site's author by that reference.
func TestVerifyWriteLeavesACollidingAuthorAlone(t *testing.T) {
	srv, env := site(t, 4)
	c := srv.Client()
	var ref string // set by the proxy, read once the run is over
	var refMu sync.Mutex
	env = intercepting(t, srv, env, func(_ http.ResponseWriter, r *http.Request, body []byte) bool {
		refMu.Lock()
		defer refMu.Unlock()
		if r.Method != http.MethodPost || r.URL.Path != "/loudvoice/authors.json" || ref != "" {
			return false
		}
		var in struct {
			Request struct {
				Author struct {
					Reference string `json:"author_reference"`
				} `json:"author"`
			} `json:"request"`
		}
		if err := json.Unmarshal(body, &in); err != nil || in.Request.Author.Reference == "" {
			t.Errorf("CreateAuthor body %s: %v", body, err)
			return false
		}
		// The site's own author already has that reference.
		ref = in.Request.Author.Reference
		if _, err := c.LoudVoice.CreateAuthor(r.Context(), api.LoudVoiceAuthorInput{AuthorReference: ref, Name: "the site's"}); err != nil {
			t.Error(err)
		}
		return false
	})
	before := fakeState(t, srv)
	r := cli(t, env, "", "verify", "--write", "--yes", "--retries", "0")
	r.fails(t, exitAPI, "CreateAuthor answered 409")
	refMu.Lock()
	defer refMu.Unlock()
	a, err := c.LoudVoice.GetAuthorByReference(t.Context(), ref)
	if err != nil || a.Name != "the site's" {
		t.Errorf("the site's author %s after the run: %+v, %v\nstderr:\n%s", ref, a, err, r.stderr)
	}
	if err := c.LoudVoice.DeleteAuthorByReference(t.Context(), ref); err != nil {
		t.Fatal(err)
	}
	if after := fakeState(t, srv); after != before {
		t.Errorf("state before:\n%s\nafter:\n%s", before, after)
	}
}

// A 403 on the second discussion's creation, once LoudVoice ran, is a
// failed step, not a site without LoudVoice: the run fails and says so.
func TestVerifyWriteLaterForbiddenFails(t *testing.T) {
	srv, env := site(t, 4)
	var creations atomic.Int32
	env = intercepting(t, srv, env, func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		if r.Method != http.MethodPost || r.URL.Path != "/loudvoice/discussions.json" || creations.Add(1) != 2 {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `{"response":{"request":{"date":"Tue, 02 May 2017 15:27:08 +0200","resource":%q,`+
			`"status":{"flag":"error","code":403,"info":"The limit of discussions has been reached"}}}}`, r.URL.Path)
		return true
	})
	before := fakeState(t, srv)
	r := cli(t, env, "", "verify", "--write", "--yes", "--retries", "0")
	r.fails(t, exitAPI, "CreateDiscussion answered 403")
	if strings.Contains(r.stdout, "is LoudVoice enabled") {
		t.Errorf("a 403 after LoudVoice ran is taken for LoudVoice missing:\n%s", r.stdout)
	}
	if after := fakeState(t, srv); after != before {
		t.Errorf("state before:\n%s\nafter:\n%s", before, after)
	}
}

// A short URL whose creation's answer is lost, and that more than the
// searched newest short URLs followed before the cleanup, is not taken for
// never created: the run lists it as left behind, by its URL.
func TestVerifyWriteLostShortURLNotAmongTheNewest(t *testing.T) {
	srv, env := site(t, 4)
	c := srv.Client()
	env = intercepting(t, srv, env, func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		if r.Method != http.MethodPost || r.URL.Path != "/shorturls.json" {
			return false
		}
		srv.Handler().ServeHTTP(httptest.NewRecorder(), r) // created, and the answer lost
		for i := range shortURLsSearched {                 // the site's own, meanwhile
			var out any
			body := map[string]any{"request": map[string]any{"shorturl": map[string]any{"original_url": fmt.Sprintf("https://site.example/%d", i)}}}
			if err := c.Do(r.Context(), "POST", "/shorturls.json", body, &out); err != nil {
				t.Error(err)
			}
		}
		w.WriteHeader(http.StatusBadGateway)
		return true
	})
	r := cli(t, env, "", "verify", "--write", "--yes", "--retries", "0")
	if r.code == exitOK || !strings.Contains(r.stderr, "oneall: left behind: short URL (original_url https://www.example.invalid/oneall-verify-") {
		t.Errorf("exit %d; stderr:\n%s", r.code, r.stderr)
	}
}

// brokenWriter is a stdout whose reader went away.
type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, errors.New("write |1: broken pipe") }

// What the cleanup left behind is listed on stderr even when the report
// cannot be written (stdout piped into a reader that went away).
func TestVerifyWriteLeftBehindWithoutStdout(t *testing.T) {
	srv, env := site(t, 4)
	env = failing(t, srv, env, failRule{method: "DELETE", pattern: "/shorturls/*.json"})
	var errb bytes.Buffer
	code := run(t.Context(), []string{"verify", "--write", "--yes", "--retries", "0"}, strings.NewReader(""), brokenWriter{}, &errb,
		func(k string) string { return env[k] })
	if code == exitOK || !strings.Contains(errb.String(), "oneall: left behind: short URL shorturl_token ") {
		t.Errorf("exit %d; stderr:\n%s", code, errb.String())
	}
}
