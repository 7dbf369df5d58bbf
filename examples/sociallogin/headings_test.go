package main

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/onealltest"
)

var h1RE = regexp.MustCompile(`(?s)<h1>(.*?)</h1>`)

// heading is the page's <h1>, as text.
func heading(body string) string {
	m := h1RE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// wantPage checks a page's status and heading.
func wantPage(t *testing.T, what string, a answer, status int, h1 string) {
	t.Helper()
	if a.status != status || heading(a.body) != h1 {
		t.Errorf("%s: %d %q, want %d %q\n%s", what, a.status, heading(a.body), status, h1, a.body)
	}
}

// TestE2EHeadings: every page is headed with what happened; a person who
// cancels has not suffered a failure.
func TestE2EHeadings(t *testing.T) {
	e := startE2E(t)
	alice, bob := e.browser(t), e.browser(t)

	wantPage(t, "the start page", alice.get("/"), http.StatusOK, "Social login demo")
	login := alice.connect("/login", "google", onealltest.NewPerson)
	page := alice.home(alice.send(login))
	user := code(page.body, "user-token")
	if !strings.HasPrefix(heading(page.body), "Hello, ") {
		t.Errorf("the greeting is headed %q", heading(page.body))
	}

	// The callback of that login, replayed while Alice is logged in.
	replay := alice.send(login)
	wantPage(t, "a replayed callback", replay, http.StatusForbidden, "This login was already used")
	if !strings.Contains(replay.body, "You are still logged in") || !strings.Contains(replay.body, "Back to your page") {
		t.Errorf("the replay does not say that Alice is still logged in:\n%s", replay.body)
	}

	// A link of an account that belongs to another user: 409.
	var taken string
	for _, a := range e.fake.Accounts("twitter") {
		if a.UserToken != user {
			taken = a.IdentityToken
		}
	}
	wantPage(t, "a refused link", alice.send(alice.connect("/link", "twitter", taken)), http.StatusConflict, "Link refused")

	// Cancelling at the network: a login, a link and an unlink.
	wantPage(t, "a cancelled login", bob.send(bob.connect("/login", "github", onealltest.Cancel)), http.StatusBadRequest, "Login cancelled")
	wantPage(t, "a cancelled link", alice.send(alice.connect("/link", "github", onealltest.Cancel)), http.StatusBadRequest, "Link cancelled")
	google := e.fake.Accounts("google")
	var own string
	for _, a := range google {
		if a.UserToken == user {
			own = a.IdentityToken
		}
	}
	unlink, err := onealltest.DirectConnect(t.Context(), alice.hc, alice.start("/unlink", "google"), onealltest.Cancel)
	if err != nil || own == "" {
		t.Fatalf("the unlink's consent: %v (own %q)", err, own)
	}
	wantPage(t, "a cancelled unlink", alice.send(unlink), http.StatusBadRequest, "Unlink cancelled")

	// A tab left open after logging out elsewhere: its Link button, and a
	// link's callback that comes back after the log out.
	pending := alice.connect("/link", "github", onealltest.NewPerson)
	if a := alice.post("/logout", nil); a.status != http.StatusSeeOther {
		t.Fatalf("log out: %d", a.status)
	}
	wantPage(t, "a stale Link button", alice.post("/link", map[string][]string{"provider": {"github"}}), http.StatusForbidden, "You are logged out")
	wantPage(t, "a link's callback after the log out", alice.send(pending), http.StatusForbidden, "You are logged out")

	// A form posted from another site.
	wantPage(t, "a cross-site form", alice.post("/logout", nil, "Sec-Fetch-Site", "cross-site"), http.StatusForbidden, "This form came from another site")

	if all := e.pages.all(); strings.Contains(all, "failed</h1>") {
		t.Error("a page is still headed as a failure")
	}
}

// TestE2EPageWording: the SSO session's end as a duration (true whatever
// the clocks), and the networks by their names, the same on buttons and
// pages.
func TestE2EPageWording(t *testing.T) {
	e := startE2E(t)
	alice := e.browser(t)
	start := alice.get("/")
	for _, want := range []string{"Log in with Google", "Log in with GitHub", "Log in with Twitter"} {
		if !strings.Contains(start.body, want) {
			t.Errorf("the start page lacks %q:\n%s", want, start.body)
		}
	}
	page := alice.home(alice.send(alice.connect("/login", "google", onealltest.NewPerson)))
	if !regexp.MustCompile(`ends in (8 hours|7 hours 59 minutes)`).MatchString(page.body) {
		t.Errorf("the SSO session's end is not a duration of about 8 hours:\n%s", page.body)
	}
	if strings.Contains(page.body, " UTC") {
		t.Errorf("the greeting shows a date:\n%s", page.body)
	}
	for _, want := range []string{"Logged in with Google.", "Link GitHub", "Link Twitter", `data-provider="google">Google`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the greeting lacks %q:\n%s", want, page.body)
		}
	}
	if regexp.MustCompile(`<button type="submit">(Link|Log in with) [a-z]`).MatchString(page.body) {
		t.Errorf("a button names a network by its key:\n%s", page.body)
	}
	// The demo's names are OneAll's (the fake's /providers.json).
	list, err := e.c.Providers.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if want, ok := providerNames[p.Key]; ok && want != p.Name {
			t.Errorf("the demo names %s %q, OneAll %q", p.Key, want, p.Name)
		}
	}
}
