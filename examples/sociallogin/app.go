package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/oneall-go/oneall-go/login"
	"github.com/oneall-go/oneall-go/wrapper"
)

// callbackPath is where OneAll posts the connection token.
const callbackPath = "/oneall/callback"

// sessionTTL is how long a login lasts, here and in OneAll's SSO session.
const sessionTTL = 8 * time.Hour

// maxActionForm bounds the body of the demo's own forms (one provider key).
const maxActionForm = 4 << 10

// config is what the web app needs.
type config struct {
	Client    *wrapper.Client
	URL       string   // the app's own base URL, e.g. http://127.0.0.1:8080
	Providers []string // the "Log in with …" buttons
	Logger    *slog.Logger
	StateKey  []byte // signs the login state: 32 random bytes, kept secret
}

// app is the demo web site: "Log in with …", a greeting with the profile
// and the linked networks, link, unlink and log out.
type app struct {
	c         *wrapper.Client
	cb        *login.Callback
	onOneAll  http.Handler // the callback: package login, then loggedIn, linked or refuse
	url       string
	providers []string
	log       *slog.Logger
	sessions  *sessions
	oneall    string // OneAll's origin (the fake's in the demo), where the forms lead
}

func newApp(cfg config) (*app, error) {
	cb, err := login.New(cfg.Client, login.WithState(cfg.StateKey, 0))
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(cfg.URL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("the app's URL %q does not parse", cfg.URL)
	}
	base, err := url.Parse(cfg.Client.BaseURL())
	if err != nil {
		return nil, err
	}
	a := &app{
		c: cfg.Client, cb: cb, url: cfg.URL, providers: cfg.Providers, log: cfg.Logger,
		sessions: newSessions(sessionTTL, u.Scheme == "https"),
		oneall:   base.Scheme + "://" + base.Host,
	}
	// The outcomes the demo takes, each to its own code; package login
	// refuses any other.
	a.onOneAll = cb.HandlerFor(login.Outcomes{
		Login: a.loggedIn, SingleSignOn: a.loggedIn, Link: a.linked, Unlink: a.linked, Error: a.refuse,
	})
	return a, nil
}

// handler is the app's routes behind net/http's protection against
// cross-origin form posts, from which OneAll's callback is exempt: its POST
// comes from OneAll's page, and the login state protects it instead.
func (a *app) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", a.home)
	mux.HandleFunc("POST /login", a.start)
	mux.HandleFunc("POST /link", a.start)
	mux.HandleFunc("POST /unlink", a.start)
	mux.HandleFunc("POST /logout", a.logout)
	mux.HandleFunc(callbackPath, a.callback)
	cop := http.NewCrossOriginProtection()
	cop.AddInsecureBypassPattern(callbackPath)
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.failAs(w, r, http.StatusForbidden, "This form came from another site", "This form was posted from another site.")
	}))
	return a.accessLog(cop.Handler(mux))
}

// accessLog logs every request: method, path and status. Never the query
// (a callback by GET carries its token there) nor a header (cookies).
func (a *app) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		a.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", time.Since(start).Round(time.Microsecond))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// home greets the logged-in person, or offers the login buttons.
func (a *app) home(w http.ResponseWriter, r *http.Request) {
	sess := a.sessions.get(r)
	if sess == nil {
		a.render(w, http.StatusOK, loginPage, map[string]any{"Providers": a.providers})
		return
	}
	user, err := a.c.Users.Get(r.Context(), sess.UserToken)
	if errors.Is(err, wrapper.ErrNotFound) {
		// The user was deleted at OneAll: the session is worthless.
		a.sessions.destroy(w, r)
		a.render(w, http.StatusOK, loginPage, map[string]any{"Providers": a.providers, "Flash": "Your account no longer exists; log in again."})
		return
	}
	if err != nil {
		a.log.Warn("reading the user failed", "err", err)
		a.fail(w, http.StatusBadGateway, "OneAll could not be reached: try again.")
		return
	}
	var linked []string
	for _, id := range user.Identities {
		linked = append(linked, id.Provider)
	}
	var linkable []string
	for _, p := range a.providers {
		if !slices.Contains(linked, p) {
			linkable = append(linkable, p)
		}
	}
	a.render(w, http.StatusOK, greetPage, map[string]any{
		"S": sess, "Flash": a.sessions.takeFlash(r), "Identities": user.Identities, "Linkable": linkable,
		"Last": len(user.Identities) == 1,
	})
}

// start sends the browser to OneAll's Direct Connect to log in, link or
// unlink a network, with a callback URI that carries a fresh state.
func (a *app) start(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxActionForm)
	provider := r.PostFormValue("provider")
	sess := a.sessions.get(r)
	if r.URL.Path != "/login" && sess == nil {
		a.failAs(w, nil, http.StatusForbidden, "You are logged out", "Log in first.")
		return
	}
	callback, err := a.cb.CallbackURL(w, r, a.url+callbackPath)
	if err != nil {
		a.log.Error("no callback URI", "err", err)
		a.fail(w, http.StatusInternalServerError, "The login cannot start.")
		return
	}
	var to string
	switch r.URL.Path {
	case "/login":
		to, err = login.LoginURL(a.c, provider, callback)
	case "/link":
		to, err = login.LinkURL(a.c, provider, callback, sess.UserToken)
	default:
		to, err = login.UnlinkURL(a.c, provider, callback, sess.UserToken)
	}
	if err != nil {
		a.failAs(w, r, http.StatusBadRequest, "No such network", "No such network: "+err.Error())
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// callback is OneAll's POST: package login checks and redeems it; the app
// then logs the person in, or records a link or an unlink.
func (a *app) callback(w http.ResponseWriter, r *http.Request) {
	if a.bounce(w, r) {
		return
	}
	a.onOneAll.ServeHTTP(w, r)
}

// loggedIn starts a session for the person, and an SSO session at OneAll
// so that the other sites of the account recognise them.
func (a *app) loggedIn(w http.ResponseWriter, r *http.Request, res *login.Result) {
	sess := &session{UserToken: res.UserToken, IdentityToken: res.IdentityToken, Profile: res.Profile,
		Flash: "Logged in with " + providerName(res) + "."}
	sso, err := a.c.SSO.Start(r.Context(), res.IdentityToken, &wrapper.SSOSessionOptions{
		TopRealm: "sociallogin-demo", Lifetime: sessionTTL, Data: a.url,
	})
	if err != nil {
		// SSO is a plan feature: the login works without it.
		a.log.Warn("no SSO session", "err", err)
	} else {
		// The end on this machine's clock: OneAll's (the fake's logical
		// one) may differ, the session's lifetime does not.
		sess.SSOToken, sess.SSOExpires = sso.SSOSessionToken, time.Now().Add(ssoLifetime(sso))
	}
	if err := a.sessions.create(w, r, sess); err != nil {
		a.fail(w, http.StatusInternalServerError, "No session could be made.")
		return
	}
	a.log.Info("login", "result", res)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// linked records a link or an unlink for the logged-in user. The
// connection must be about that user: a link made for another user (a
// user_token that is not the session's) is refused.
func (a *app) linked(w http.ResponseWriter, r *http.Request, res *login.Result) {
	sess := a.sessions.get(r)
	if sess == nil {
		a.failAs(w, nil, http.StatusForbidden, "You are logged out", "Log in before you link or unlink a network.")
		return
	}
	if res.UserToken != sess.UserToken {
		a.log.Warn("callback: a link for another user", "result", res)
		a.failAs(w, r, http.StatusForbidden, "This link was for another account", "This link was made for another account.")
		return
	}
	msg := "Linked " + providerName(res) + "."
	if res.Outcome == wrapper.OutcomeUnlink {
		msg = "Unlinked " + providerName(res) + "."
	}
	a.sessions.update(r, func(s *session) {
		s.Flash = msg
		if res.Outcome == wrapper.OutcomeUnlink && res.IdentityToken == s.IdentityToken {
			// The identity of the login is gone, and its SSO session with it.
			s.IdentityToken, s.SSOToken = "", ""
		}
	})
	a.log.Info("link", "result", res)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// logout ends the session here and the SSO session at OneAll.
func (a *app) logout(w http.ResponseWriter, r *http.Request) {
	sess := a.sessions.destroy(w, r)
	if sess != nil && sess.SSOToken != "" {
		err := a.c.SSO.DestroyForIdentity(r.Context(), sess.IdentityToken)
		if err != nil && !errors.Is(err, wrapper.ErrNotFound) {
			a.log.Warn("the SSO session was not destroyed", "err", err)
		}
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// refuse answers a callback that failed, headed with what happened and
// saying what the person can do. The error's text never holds the
// connection token.
func (a *app) refuse(w http.ResponseWriter, r *http.Request, err error) {
	a.log.Warn("callback refused", "err", err)
	switch {
	case errors.Is(err, login.ErrStateUsed):
		a.failAs(w, r, http.StatusForbidden, "This login was already used", "This login was used already: a login link serves once. Start again to log in with another account.")
	case errors.Is(err, login.ErrInvalidState):
		a.failAs(w, r, http.StatusForbidden, "This login expired or started elsewhere", "This login was not started in this browser, or it took too long. Start again.")
	case errors.Is(err, login.ErrIdentityLinkedToAnotherUser):
		a.failAs(w, r, http.StatusConflict, "Link refused", "That account belongs to another user of this site. Log out, then log in with it.")
	case errors.Is(err, wrapper.ErrNotAuthenticated), errors.Is(err, login.ErrPluginFailed), errors.Is(err, login.ErrConnectionFailed):
		a.failAs(w, r, http.StatusBadRequest, cancelled(err), "You did not log in at the social network.")
	case errors.Is(err, login.ErrUnknownToken):
		a.failAs(w, r, http.StatusBadRequest, "This login was already used", "This login was used already, or OneAll does not know it. Start again.")
	case errors.Is(err, login.ErrNoToken), errors.Is(err, login.ErrInvalidCallback), errors.Is(err, login.ErrEncrypted),
		errors.Is(err, login.ErrActionMismatch), errors.Is(err, login.ErrUnexpectedOutcome):
		a.failAs(w, r, http.StatusBadRequest, "Not a login from OneAll", "This is not a login that OneAll sent: "+err.Error())
	case errors.Is(err, login.ErrInvalidAnswer):
		a.failAs(w, r, http.StatusBadGateway, "OneAll's answer was not a login", "OneAll's answer did not say that you logged in. Start again.")
	default:
		a.fail(w, http.StatusBadGateway, "OneAll could not be reached: try again.")
	}
}

// providerName is the network of a result, as people name it.
func providerName(res *login.Result) string {
	if res.Profile.ProviderName != "" {
		return res.Profile.ProviderName
	}
	return res.Profile.Provider
}
