package onealltest_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/oneall-go/oneall-go/login"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// callbackSite is a site's callback on a loopback port: it keeps what was
// posted to it.
type callbackSite struct {
	*httptest.Server
	mu    sync.Mutex
	posts []url.Values
	urls  []string
}

func newCallbackSite(t *testing.T) *callbackSite {
	t.Helper()
	cs := &callbackSite{}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		cs.mu.Lock()
		cs.posts = append(cs.posts, r.PostForm)
		cs.urls = append(cs.urls, r.URL.String())
		cs.mu.Unlock()
		io.WriteString(w, "thanks")
	}))
	t.Cleanup(cs.Close)
	return cs
}

// get fetches a URL and returns the status and body.
func get(t *testing.T, target string) (int, string) {
	t.Helper()
	resp, err := http.Get(target)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestDirectConnectLoginOverHTTP(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	site := newCallbackSite(t)
	callback := site.URL + "/oneall/callback?next=%2Faccount"
	to, err := login.LoginURL(c, "google", callback)
	if err != nil {
		t.Fatal(err)
	}
	status, body := get(t, to)
	if status != http.StatusOK || !strings.Contains(body, "Log in to the site with Google") || !strings.Contains(body, `value="new"`) {
		t.Fatalf("consent screen: %d\n%s", status, body)
	}
	post, err := onealltest.DirectConnect(t.Context(), http.DefaultClient, to, onealltest.NewPerson)
	if err != nil {
		t.Fatal(err)
	}
	if post.URL != callback || post.Form.Get("oa_action") != "social_login" || post.Token() == "" ||
		post.Form.Get("oa_social_login_token") != post.Token() {
		t.Fatalf("the page would post %+v", post)
	}
	resp, err := post.Send(t.Context(), http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(site.posts) != 1 || site.posts[0].Get("connection_token") != post.Token() || site.urls[0] != "/oneall/callback?next=%2Faccount" {
		t.Fatalf("the callback got %v at %v", site.posts, site.urls)
	}
	conn, err := c.Connections.Get(t.Context(), post.Token())
	if err != nil {
		t.Fatal(err)
	}
	if conn.Outcome != wrapper.OutcomeLogin || conn.Identity == nil || conn.Identity.Provider != "google" || conn.CallbackURI != callback {
		t.Errorf("the connection: %+v", conn)
	}
	if n := srv.RequestCount("", "/socialize/connect/direct/google/"); n != 3 {
		t.Errorf("%d Direct Connect requests logged, want 3 (the screen twice, the choice)", n)
	}
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/socialize/") && (r.Operation != "DirectConnect" || r.Status != http.StatusOK) {
			t.Errorf("logged %+v", r)
		}
	}
}

func TestDirectConnectKnownPersonLinkUnlink(t *testing.T) {
	srv := newServer(t)
	srv.Seed(8)
	c := srv.Client()
	site := newCallbackSite(t)
	ctx := t.Context()
	accounts := srv.Accounts("twitter")
	if len(accounts) == 0 {
		t.Fatal("no seeded twitter account")
	}
	known := accounts[0]
	to, _ := login.LoginURL(c, "twitter", site.URL+"/cb")
	_, body := get(t, to)
	if !strings.Contains(body, known.IdentityToken) {
		t.Fatalf("the consent screen does not offer %s:\n%s", known.IdentityToken, body)
	}
	redeem := func(to, person string) (*wrapper.Connection, error) {
		t.Helper()
		post, err := onealltest.DirectConnect(ctx, http.DefaultClient, to, person)
		if err != nil {
			t.Fatalf("DirectConnect(%s): %v", person, err)
		}
		return c.Connections.Get(ctx, post.Token())
	}
	conn, err := redeem(to, known.IdentityToken)
	if err != nil || conn.UserToken != known.UserToken || conn.Identity.IdentityToken != known.IdentityToken {
		t.Fatalf("logging in as a known account: %+v, %v", conn, err)
	}

	// Link a new github account to that user, then unlink it.
	link, _ := login.LinkURL(c, "github", site.URL+"/cb", known.UserToken)
	conn, err = redeem(link, onealltest.NewPerson)
	if err != nil || conn.Outcome != wrapper.OutcomeLink || conn.UserToken != known.UserToken {
		t.Fatalf("link: %+v, %v", conn, err)
	}
	linked := conn.Identity.IdentityToken
	unlink, _ := login.UnlinkURL(c, "github", site.URL+"/cb", known.UserToken)
	_, body = get(t, unlink)
	if !strings.Contains(body, linked) || strings.Contains(body, `value="new"`) {
		t.Errorf("the unlink screen should offer the user's github account only:\n%s", body)
	}
	conn, err = redeem(unlink, linked)
	if err != nil || conn.Outcome != wrapper.OutcomeUnlink {
		t.Fatalf("unlink: %+v, %v", conn, err)
	}
	if _, err := c.Identities.Get(ctx, linked); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("the unlinked identity: %v", err)
	}

	// Linking an account of another user is refused at the redeem.
	var other onealltest.Account
	for _, a := range srv.Accounts("facebook") {
		if a.UserToken != known.UserToken {
			other = a
		}
	}
	link, _ = login.LinkURL(c, "facebook", site.URL+"/cb", known.UserToken)
	if _, err := redeem(link, other.IdentityToken); !errors.Is(err, wrapper.ErrIdentityLinkedToAnotherUser) {
		t.Errorf("linking another user's account: %v", err)
	}

	// A person who cancels did not authenticate.
	if _, err := redeem(to, onealltest.Cancel); !errors.Is(err, wrapper.ErrNotAuthenticated) {
		t.Errorf("cancel: %v", err)
	}
	if _, err := redeem(unlink, onealltest.Cancel); !errors.Is(err, wrapper.ErrNotAuthenticated) {
		t.Errorf("cancel an unlink: %v", err)
	}
	// Unlinking an account the user does not own fails on the page.
	unlink, _ = login.UnlinkURL(c, "facebook", site.URL+"/cb", known.UserToken)
	if _, err := onealltest.DirectConnect(ctx, http.DefaultClient, unlink, other.IdentityToken); err == nil ||
		!strings.Contains(err.Error(), "nothing to unlink") {
		t.Errorf("unlinking another user's account: %v", err)
	}
	if len(site.posts) != 0 {
		t.Errorf("nothing was posted, yet the site got %v", site.posts)
	}
}

func TestDirectConnectRefusesBadRequests(t *testing.T) {
	srv := newServer(t)
	srv.Seed(2)
	users := srv.Accounts("facebook")
	base := srv.URL + "/socialize/connect/direct/"
	cb := url.QueryEscape("http://127.0.0.1:9/cb")
	for name, tc := range map[string]struct {
		path string
		want string
	}{
		"no callback":         {"google/?service=social_login", "callback_uri is required"},
		"remote callback":     {"google/?service=social_login&callback_uri=" + url.QueryEscape("https://evil.example/cb"), "only posts to a loopback host"},
		"javascript callback": {"google/?service=social_login&callback_uri=" + url.QueryEscape("javascript:alert(1)"), "absolute http or https URL"},
		"userinfo callback":   {"google/?service=social_login&callback_uri=" + url.QueryEscape("http://a:b@127.0.0.1/cb"), "absolute http or https URL"},
		"no service":          {"google/?callback_uri=" + cb, "service is required"},
		"bad service":         {"google/?service=single_sign_on&callback_uri=" + cb, "unknown service"},
		"two services":        {"google/?service=social_login&service=social_link&callback_uri=" + cb, "given 2 times"},
		"login with action":   {"google/?service=social_login&action=link_identity&callback_uri=" + cb, "are Social Link"},
		"bad action":          {"google/?service=social_link&action=delete&callback_uri=" + cb, "unknown action"},
		"unlink, no user":     {"google/?service=social_link&action=unlink_identity&callback_uri=" + cb, "needs the user_token"},
		"unknown user":        {"google/?service=social_link&user_token=0b0b0b0b-0000-4000-8000-000000000000&callback_uri=" + cb, "no user"},
		"unknown provider":    {"myspace/?service=social_login&callback_uri=" + cb, "unknown provider"},
		"no provider":         {"?service=social_login&callback_uri=" + cb, "No such page"},
		"deeper path":         {"google/x/?service=social_login&callback_uri=" + cb, "No such page"},
	} {
		status, body := get(t, base+tc.path)
		if status == http.StatusOK || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d\n%s", name, status, body)
		}
	}
	// The choice is checked again, whoever posts it.
	post := func(form url.Values) (int, string) {
		resp, err := http.PostForm(base+"google/", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	good := url.Values{"service": {"social_login"}, "callback_uri": {"http://127.0.0.1:9/cb"}}
	if status, body := post(good); status != http.StatusBadRequest || !strings.Contains(body, "Pick one person") {
		t.Errorf("no person: %d %s", status, body)
	}
	bad := url.Values{"service": {"social_login"}, "callback_uri": {"http://10.0.0.1/cb"}, "person": {"new"}}
	if status, body := post(bad); status != http.StatusBadRequest || !strings.Contains(body, "loopback") {
		t.Errorf("remote callback in the choice: %d %s", status, body)
	}
	wrong := url.Values{"service": {"social_login"}, "callback_uri": {"http://127.0.0.1:9/cb"}, "person": {users[0].IdentityToken}}
	if status, body := post(wrong); status != http.StatusBadRequest || !strings.Contains(body, "facebook account, not google") {
		t.Errorf("an account of another provider: %d %s", status, body)
	}
	// A huge form, through the handler: over a connection, net/http would
	// linger half a second before closing it, past the leak check.
	huge := url.Values{"service": {"social_login"}, "callback_uri": {"http://127.0.0.1:9/cb"}, "person": {strings.Repeat("x", 1<<20)}}
	rec := httptest.NewRecorder()
	hreq := httptest.NewRequest(http.MethodPost, "/socialize/connect/direct/google/", strings.NewReader(huge.Encode()))
	hreq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	srv.Handler().ServeHTTP(rec, hreq)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "larger than 16 KiB") {
		t.Errorf("a huge form: %d %s", rec.Code, rec.Body)
	}
	if got := srv.Stats().Changes; got != 1 {
		t.Errorf("refused requests changed the state: %d changes after the seed", got)
	}
	req, _ := http.NewRequest(http.MethodPut, base+"google/", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	if _, err := onealltest.DirectConnect(t.Context(), http.DefaultClient, "https://oneall.example/socialize/connect/direct/google/", "new"); err == nil {
		t.Error("DirectConnect accepted a remote URL")
	}
}

func TestDirectConnectEscapes(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	evil := `http://127.0.0.1:9/cb?x="><script>alert(1)</script>&y='`
	to, err := login.LoginURL(c, "google", evil)
	if err != nil {
		t.Fatal(err)
	}
	_, body := get(t, to)
	if strings.Contains(body, "<script>alert") || strings.Contains(body, `x="><`) {
		t.Errorf("the consent screen does not escape the callback:\n%s", body)
	}
	post, err := onealltest.DirectConnect(t.Context(), http.DefaultClient, to, onealltest.NewPerson)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(post.URL)
	if err != nil || u.Query().Get("x") != `"><script>alert(1)</script>` || u.Query().Get("y") != "'" {
		t.Errorf("the callback's query did not survive: %q", post.URL)
	}
}

func TestDirectConnectAfterClose(t *testing.T) {
	srv := onealltest.NewServer()
	h := srv.Handler()
	srv.Close()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/socialize/connect/direct/google/", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("after Close: %d", rec.Code)
	}
}

// Mounted under a prefix, the consent screen's form still posts where the
// browser found it.
func TestDirectConnectUnderAPrefix(t *testing.T) {
	srv := newServer(t)
	mux := http.NewServeMux()
	mux.Handle("/oneall/", http.StripPrefix("/oneall", srv.Handler()))
	front := httptest.NewServer(mux)
	defer front.Close()
	site := newCallbackSite(t)
	to := front.URL + "/oneall/socialize/connect/direct/google/?service=social_login&callback_uri=" + url.QueryEscape(site.URL+"/cb")
	post, err := onealltest.DirectConnect(t.Context(), front.Client(), to, onealltest.NewPerson)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client().Connections.Get(t.Context(), post.Token()); err != nil {
		t.Error(err)
	}
}
