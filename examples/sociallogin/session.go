package main

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"sync"
	"time"

	"github.com/oneall-go/oneall-go/login"
)

// sessionCookie names the demo's session cookie.
const sessionCookie = "demo_session"

// session is what the demo keeps about a logged-in browser: the OneAll
// user, the identity it logged in with, and that identity's Single Sign-On
// session. It never holds an access token.
type session struct {
	UserToken     string
	IdentityToken string // the identity of the login, whose SSO session this is
	SSOToken      string // "" when no SSO session was started
	SSOExpires    time.Time
	Profile       login.Profile
	Flash         string // a message shown once
	expires       time.Time
}

// sessions is the demo's session store: an in-memory map keyed by a random
// cookie, as a small application would keep it. A real one would survive
// restarts (a database, Redis) and be shared by every instance.
type sessions struct {
	mu     sync.Mutex
	m      map[string]*session
	ttl    time.Duration
	secure bool // the cookie is Secure (an https site)
	now    func() time.Time
}

func newSessions(ttl time.Duration, secure bool) *sessions {
	return &sessions{m: make(map[string]*session), ttl: ttl, secure: secure, now: time.Now}
}

// get returns a copy of the browser's session, or nil.
func (s *sessions) get(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.m[c.Value]
	if sess == nil {
		return nil
	}
	if s.now().After(sess.expires) {
		delete(s.m, c.Value)
		return nil
	}
	cp := *sess
	return &cp
}

// update changes the browser's session, if it still has one.
func (s *sessions) update(r *http.Request, f func(*session)) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess := s.m[c.Value]; sess != nil {
		f(sess)
	}
}

// takeFlash returns the session's message and forgets it.
func (s *sessions) takeFlash(r *http.Request) string {
	msg := ""
	s.update(r, func(sess *session) { msg, sess.Flash = sess.Flash, "" })
	return msg
}

// create starts a new session for the browser under a new random id (the
// old one, if any, is dropped: a login never keeps a session id that
// existed before it).
func (s *sessions) create(w http.ResponseWriter, r *http.Request, sess *session) error {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	s.mu.Lock()
	if c, err := r.Cookie(sessionCookie); err == nil {
		delete(s.m, c.Value)
	}
	now := s.now()
	for k, old := range s.m { // forget abandoned sessions
		if now.After(old.expires) {
			delete(s.m, k)
		}
	}
	sess.expires = now.Add(s.ttl)
	s.m[id] = sess
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/", MaxAge: int(s.ttl / time.Second),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// destroy ends the browser's session and returns what it was (nil if none).
func (s *sessions) destroy(w http.ResponseWriter, r *http.Request) *session {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.m[c.Value]
	delete(s.m, c.Value)
	return sess
}
