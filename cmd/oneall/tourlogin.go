package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/oneall-go/oneall-go/login"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// tourSite is the tour's web site: a "Log in" link and the callback of
// package login, on a loopback port, visited by an http.Client that plays
// the browser.
type tourSite struct {
	cb      *login.Callback
	c       *wrapper.Client
	url     string
	server  *http.Server
	browser *http.Client

	mu  sync.Mutex
	res *login.Result
	err error
}

func startTourSite(c *wrapper.Client) (*tourSite, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	cb, err := login.New(c, login.WithState(key, 0))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("tour: the web site cannot listen: %w", err)
	}
	jar, _ := cookiejar.New(nil)
	s := &tourSite{cb: cb, c: c, url: "http://" + ln.Addr().String(),
		browser: &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // the tour follows the redirect itself
		}}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", s.start)
	mux.HandleFunc("/oneall/callback", s.callback)
	s.server = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go s.server.Serve(ln) //nolint:errcheck // ErrServerClosed at close
	return s, nil
}

func (s *tourSite) close() {
	s.browser.CloseIdleConnections()
	s.server.Close()
}

// start is the site's "Log in with …" (or "Link …") link: the callback URI
// with a state, then a redirect to OneAll's Direct Connect.
func (s *tourSite) start(w http.ResponseWriter, r *http.Request) {
	callback, err := s.cb.CallbackURL(w, r, s.url+"/oneall/callback")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	provider, userToken := r.URL.Query().Get("provider"), r.URL.Query().Get("link")
	to := ""
	if userToken != "" {
		to, err = login.LinkURL(s.c, provider, callback, userToken)
	} else {
		to, err = login.LoginURL(s.c, provider, callback)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// callback is the callback: it keeps what Handle returned.
func (s *tourSite) callback(w http.ResponseWriter, r *http.Request) {
	res, err := s.cb.Handle(r.Context(), w, r, wrapper.OutcomeLogin, wrapper.OutcomeLink)
	s.mu.Lock()
	s.res, s.err = res, err
	s.mu.Unlock()
	if err != nil {
		http.Error(w, "the login failed", http.StatusBadRequest)
		return
	}
	_, _ = io.WriteString(w, "welcome")
}

// visit plays the browser: the site's link, the fake's consent screen (the
// person picks person), and the page that posts to the callback. It returns
// the Direct Connect URL and the post, which was sent, and what the callback
// made of it.
func (s *tourSite) visit(ctx context.Context, query, person string) (string, *onealltest.CallbackPost, *login.Result, error) {
	resp, err := s.browser.Get(s.url + "/login?" + query)
	if err != nil {
		return "", nil, nil, err
	}
	resp.Body.Close()
	to := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || to == "" {
		return "", nil, nil, fmt.Errorf("tour: the site's login link answered %s", resp.Status)
	}
	post, err := onealltest.DirectConnect(ctx, s.browser, to, person)
	if err != nil {
		return "", nil, nil, err
	}
	res, err := s.send(ctx, post)
	return to, post, res, err
}

// send posts to the callback and returns what Handle returned.
func (s *tourSite) send(ctx context.Context, post *onealltest.CallbackPost) (*login.Result, error) {
	resp, err := post.Send(ctx, s.browser)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.res, s.err
}

// directPath is a Direct Connect URL without its host and its state, which
// change from run to run.
func directPath(to string) string {
	u, err := url.Parse(to)
	if err != nil {
		return "?"
	}
	q := u.Query()
	q.Set("callback_uri", "…")
	return strings.Replace(u.Path+"?"+q.Encode(), "%E2%80%A6", "…", 1)
}

// tourLogin is the tour's social login: Direct Connect on the embedded
// fake, completed by an http.Client, the callback of package login, a link,
// a replayed token and an SSO session.
func (a *app) tourLogin(ctx context.Context, n *narrator, c *wrapper.Client) error {
	site, err := startTourSite(c)
	if err != nil {
		return err
	}
	defer site.close()

	n.heading("Log in with a social network: Direct Connect, then the callback")
	n.say("A web site on a loopback port plays yours, an http.Client the person's browser, and the fake")
	n.say("the social network's consent screen and OneAll's page that posts to the callback.")
	n.code("cb, err := login.New(c, login.WithState(stateKey, 0)) // stateKey: 32 random bytes, kept secret")
	n.code(`callback, err := cb.CallbackURL(w, r, siteURL+"/oneall/callback") // the "Log in" handler: a signed state in the query, its nonce in a cookie`)
	n.code(`to, err := login.LoginURL(c, "google", callback) // then http.Redirect(w, r, to, http.StatusSeeOther)`)
	to, post, res, err := site.visit(ctx, "provider=google", onealltest.NewPerson)
	if post == nil {
		return err
	}
	n.say("the browser goes to %s", directPath(to))
	n.say("the person picks \"a new person\" on the consent screen; OneAll's page POSTs to the callback:")
	n.say("  oa_action=%s connection_token=%s", post.Form.Get("oa_action"), post.Token())
	n.code("result, err := cb.Handle(ctx, w, r, wrapper.OutcomeLogin, wrapper.OutcomeLink) // the callback's handler (or cb.Handler(onLogin, onError) for logins only): checks the state, redeems the token, spends the state")
	if err != nil {
		return fmt.Errorf("tour: the callback: %w", err)
	}
	n.say("result.Outcome = %s, result.UserToken = %s", res.Outcome, res.UserToken)
	p := res.Profile
	n.say("result.Profile = %s: %s, %s (verified: %v), %s", p.Provider, p.Name, p.Email, p.EmailVerified, p.ProfileURL)

	n.say("the same POST again, a replayed callback:")
	n.code("_, err = cb.Handle(ctx, w, r, wrapper.OutcomeLogin, wrapper.OutcomeLink)")
	_, err = site.send(ctx, post)
	n.say("errors.Is(err, login.ErrInvalidState) = %v: a state serves one login, refused before OneAll (which redeems a token once)", errors.Is(err, login.ErrInvalidState))
	if err == nil {
		return errors.New("tour: a replayed token was accepted")
	}

	n.heading("Link a second network to the same user")
	n.code(`to, err = login.LinkURL(c, "github", callback, result.UserToken)`)
	user := res.UserToken
	_, _, res, err = site.visit(ctx, "provider=github&link="+url.QueryEscape(user), onealltest.NewPerson)
	if err != nil {
		return err
	}
	n.code("result, err = cb.Handle(ctx, w, r, wrapper.OutcomeLogin, wrapper.OutcomeLink)")
	n.say("result.Outcome = %s, same user: %v, now with %d identities: %s", res.Outcome, res.UserToken == user,
		len(res.Identities), providersOf(res))

	n.heading("Start a Single Sign-On session for the user")
	n.code("sess, err := c.SSO.Start(ctx, result.IdentityToken, &wrapper.SSOSessionOptions{TopRealm: \"tour\"})")
	sess, err := c.SSO.Start(ctx, res.IdentityToken, &wrapper.SSOSessionOptions{TopRealm: "tour"})
	if err != nil {
		return err
	}
	n.say("session %s, until %s; on log out: c.SSO.DestroyForIdentity(ctx, result.IdentityToken)",
		sess.SSOSessionToken, sess.DateExpiration.Format("2006-01-02 15:04"))
	return nil
}

func providersOf(res *login.Result) string {
	var out []string
	for _, id := range res.Identities {
		out = append(out, id.Provider)
	}
	return strings.Join(out, ", ")
}
