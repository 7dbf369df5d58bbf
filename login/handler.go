package login

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"github.com/oneall-go/oneall-go/internal/uuid"
	"net/http"

	"github.com/oneall-go/oneall-go/wrapper"
)

// Outcomes are the application's answers to a callback, one per outcome
// it takes. An outcome whose function is nil is refused with
// ErrUnexpectedOutcome, so a site that only logs people in sets Login
// alone, and a link never reaches code written for a login.
type Outcomes struct {
	// Login gets a person who logged in (Social Login): start a session for
	// Result.UserToken.
	Login func(http.ResponseWriter, *http.Request, *Result)
	// Link and Unlink get a network account linked to, or unlinked from,
	// Result.UserToken (Social Link). Check that it is the session's user.
	Link, Unlink func(http.ResponseWriter, *http.Request, *Result)
	// SingleSignOn gets a person logged in by OneAll's Single Sign-On.
	SingleSignOn func(http.ResponseWriter, *http.Request, *Result)
	// Error gets every failure. Nil answers a short page with the status
	// that fits (403 for ErrInvalidState, 400 for the errors of the request
	// or the person's login, 502 when OneAll failed or answered wrongly,
	// 503 when the Store failed) and a reference, and logs the error with
	// that reference at WARN (WithLogger). Neither holds the connection
	// token: the log line at DEBUG has it.
	Error func(http.ResponseWriter, *http.Request, error)
}

// Handler returns the callback as an http.Handler that takes logins only:
// Handle, then onLogin with the Result, which logs the person in with the
// application's own sessions and writes the answer (a redirect, usually).
// A link, an unlink or an SSO login goes to onError as
// ErrUnexpectedOutcome: take them with HandlerFor. A nil onError is
// Outcomes.Error's default.
func (cb *Callback) Handler(onLogin func(http.ResponseWriter, *http.Request, *Result), onError func(http.ResponseWriter, *http.Request, error)) http.Handler {
	return cb.HandlerFor(Outcomes{Login: onLogin, Error: onError})
}

// HandlerFor returns the callback as an http.Handler that takes the
// outcomes o has a function for, and gives each to its function.
func (cb *Callback) HandlerFor(o Outcomes) http.Handler {
	onError := o.Error
	if onError == nil {
		onError = cb.defaultError
	}
	routes := map[wrapper.Outcome]func(http.ResponseWriter, *http.Request, *Result){
		wrapper.OutcomeLogin: o.Login, wrapper.OutcomeLink: o.Link, wrapper.OutcomeUnlink: o.Unlink, wrapper.OutcomeSingleSignOn: o.SingleSignOn,
	}
	var accept []wrapper.Outcome
	for _, out := range []wrapper.Outcome{wrapper.OutcomeLogin, wrapper.OutcomeLink, wrapper.OutcomeUnlink, wrapper.OutcomeSingleSignOn} {
		if routes[out] != nil {
			accept = append(accept, out)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost && r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET, POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if len(accept) == 0 {
			onError(w, r, ErrUnexpectedOutcome)
			return
		}
		res, err := cb.Handle(r.Context(), w, r, accept...)
		if err != nil {
			onError(w, r, err)
			return
		}
		routes[res.Outcome](w, r, res)
	})
}

// defaultError answers a failed callback with a short message and a
// reference, and logs the error with the same reference.
func (cb *Callback) defaultError(w http.ResponseWriter, r *http.Request, err error) {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	ref := hex.EncodeToString(b)
	status, msg := answerOf(err)
	log := cb.logger()
	log.Warn("login: callback refused", "ref", ref, "status", status, "err", err)
	if token := r.Form.Get("connection_token"); uuid.Valid(token) {
		log.Debug("login: callback refused", "ref", ref, "connection_token", token)
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "The login failed: "+msg+" (reference "+ref+")", status)
}

// answerOf is the HTTP status and the short message that fit a callback
// error.
func answerOf(err error) (int, string) {
	switch {
	case errors.Is(err, ErrInvalidState):
		return http.StatusForbidden, "it was not started in this browser, took too long, or was used already. Start again."
	case errors.Is(err, ErrUnknownToken):
		return http.StatusBadRequest, "OneAll does not know it, or it was used already. Start again."
	case errors.Is(err, ErrIdentityLinkedToAnotherUser):
		return http.StatusBadRequest, "that account belongs to another user."
	case errors.Is(err, wrapper.ErrNotAuthenticated), errors.Is(err, ErrPluginFailed), errors.Is(err, ErrConnectionFailed):
		return http.StatusBadRequest, "you did not log in at the social network."
	case errors.Is(err, ErrNoToken), errors.Is(err, ErrInvalidCallback), errors.Is(err, ErrEncrypted),
		errors.Is(err, ErrActionMismatch), errors.Is(err, ErrUnexpectedOutcome):
		return http.StatusBadRequest, "this is not a login that this site takes."
	case errors.Is(err, ErrStateStore):
		return http.StatusServiceUnavailable, "try again in a moment."
	default:
		return http.StatusBadGateway, "OneAll could not be reached or answered wrongly. Try again."
	}
}

// statusOf is the HTTP status that fits a callback error.
func statusOf(err error) int {
	status, _ := answerOf(err)
	return status
}
