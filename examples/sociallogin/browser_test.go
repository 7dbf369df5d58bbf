package main

import (
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/oneall-go/oneall-go/onealltest"
)

// browser is a person's browser, played by an http.Client with a cookie
// jar. It follows no redirect by itself, so that the test sees each step.
type browser struct {
	t    *testing.T
	base string
	hc   *http.Client
	seen *pages
}

// pages keeps every page the browsers got, for the secrets check.
type pages struct {
	mu     sync.Mutex
	bodies []string
}

func (p *pages) add(body string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bodies = append(p.bodies, body)
}

func (p *pages) all() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.bodies, "\n")
}

func newBrowser(t *testing.T, base string, seen *pages) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &browser{t: t, base: base, seen: seen, hc: &http.Client{Jar: jar, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// answer is a page: its status, body and Location.
type answer struct {
	status   int
	body     string
	location string
}

func (b *browser) do(req *http.Request) answer {
	b.t.Helper()
	resp, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	b.seen.add(string(body))
	return answer{status: resp.StatusCode, body: string(body), location: resp.Header.Get("Location")}
}

func (b *browser) get(path string) answer {
	b.t.Helper()
	req, _ := http.NewRequestWithContext(b.t.Context(), http.MethodGet, b.base+path, nil)
	return b.do(req)
}

// post submits a form of the site (same origin, as the browser says).
func (b *browser) post(target string, form url.Values, header ...string) answer {
	b.t.Helper()
	if !strings.HasPrefix(target, "http") {
		target = b.base + target
	}
	req, _ := http.NewRequestWithContext(b.t.Context(), http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

// start presses a "Log in with", "Link" or "Unlink" button: the site
// answers a redirect to OneAll's Direct Connect.
func (b *browser) start(action, provider string) string {
	b.t.Helper()
	a := b.post(action, url.Values{"provider": {provider}})
	if a.status != http.StatusSeeOther || !strings.Contains(a.location, "/socialize/connect/direct/"+provider+"/") {
		b.t.Fatalf("%s %s: %d %q\n%s", action, provider, a.status, a.location, a.body)
	}
	return a.location
}

// connect presses the button and picks person on the fake's consent
// screen: the form OneAll's page would post, not yet posted.
func (b *browser) connect(action, provider, person string) *onealltest.CallbackPost {
	b.t.Helper()
	post, err := onealltest.DirectConnect(b.t.Context(), b.hc, b.start(action, provider), person)
	if err != nil {
		b.t.Fatal(err)
	}
	return post
}

// send posts OneAll's form to the callback, as the page's script does.
func (b *browser) send(p *onealltest.CallbackPost, header ...string) answer {
	b.t.Helper()
	return b.post(p.URL, p.Form, header...)
}

// home follows the callback's redirect home and returns the page.
func (b *browser) home(a answer) answer {
	b.t.Helper()
	if a.status != http.StatusSeeOther || a.location != "/" {
		b.t.Fatalf("the callback answered %d %q, want a redirect home:\n%s", a.status, a.location, a.body)
	}
	return b.get("/")
}

var (
	identityRE = regexp.MustCompile(`<li class="identity" data-provider="([^"]*)"`)
	codeRE     = regexp.MustCompile(`<code id="([a-z-]+)">([^<]*)</code>`)
	formRE     = regexp.MustCompile(`<form method="post" action="([^"]*)">`)
	hiddenRE   = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
)

// providers lists the linked networks a greeting shows.
func providers(body string) []string {
	var out []string
	for _, m := range identityRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// code returns the value of a <code id=…> of the greeting.
func code(body, id string) string {
	for _, m := range codeRE.FindAllStringSubmatch(body, -1) {
		if m[1] == id {
			return m[2]
		}
	}
	return ""
}

// form reads the auto-submitting form of a page.
func form(t *testing.T, body string) *onealltest.CallbackPost {
	t.Helper()
	m := formRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no form:\n%s", body)
	}
	p := &onealltest.CallbackPost{URL: html.UnescapeString(m[1]), Form: url.Values{}}
	for _, f := range hiddenRE.FindAllStringSubmatch(body, -1) {
		p.Form.Add(html.UnescapeString(f[1]), html.UnescapeString(f[2]))
	}
	return p
}

// syncBuffer is a log destination that the server's goroutines write to
// while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// shutdown stops a demo at the end of a test.
func shutdown(t *testing.T, d *demo) {
	t.Cleanup(func() {
		if err := d.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
}
