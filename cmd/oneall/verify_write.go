package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// notExercised says why --write leaves an operation out.
var notExercised = map[string]string{
	"ImportUser":          "not exercised: needs a social network access token",
	"SynchronizeIdentity": "not exercised: needs a social network identity",
	"RelinkIdentity":      "not exercised: needs a social network identity",
	"DeleteIdentity":      "not exercised: the throwaway user's only identity goes with the user",
}

// writeSteps are the operations that --write calls.
var writeSteps = map[string]bool{
	"CreateStorageUser": true, "UpdateStorageUser": true, "LookupStorageUser": true, "SynchronizeStorageUser": true,
	"StartIdentitySSOSession": true, "GetIdentitySSOSession": true, "DestroyIdentitySSOSession": true,
	"DeleteSSOSession": true, "DeleteUser": true,
}

// cleanupTimeout bounds the cleanup, which runs even after an interrupt.
const cleanupTimeout = time.Minute

// writeRun is the --write part of a run: a throwaway cloud storage user and
// its SSO sessions, created here and deleted here, whatever happens.
type writeRun struct {
	v               *verifier
	login, password string
	// What was created, as it is learnt; only these are ever changed.
	userToken, identityToken, sessionToken string
	userGone, sessionActive                bool
}

// writePass runs the write steps, then the cleanup.
func (v *verifier) writePass(ctx context.Context) (err error) {
	w := &writeRun{v: v, login: "oneall-verify-" + randomHex(6) + "@example.invalid", password: randomHex(16)}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		if cerr := w.cleanup(cctx); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}()
	return w.steps(ctx)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return fmt.Sprintf("%x", b)
}

// steps creates the user, changes it, starts and ends its sessions, reads
// what the read pass could not, and deletes it.
func (w *writeRun) steps(ctx context.Context) error {
	user := map[string]any{"login": w.login, "password": w.password,
		"identity": map[string]any{"name": map[string]any{"givenName": "oneall", "familyName": "verify"}}}
	a, err := w.step(ctx, "CreateStorageUser", nil, map[string]any{"user": user})
	if a != nil {
		w.userToken = str(a.tree, "response", "result", "data", "user", "user_token")
		w.identityToken = str(a.tree, "response", "result", "data", "user", "identity", "identity_token")
	}
	if err != nil {
		return err
	}
	if w.userToken == "" || w.identityToken == "" {
		return fmt.Errorf("%w: CreateStorageUser: the answer has no user_token or identity_token", errStop)
	}
	ut := map[string]string{"user_token": w.userToken}
	it := map[string]string{"identity_token": w.identityToken}
	change := map[string]any{"identity": map[string]any{"name": map[string]any{"familyName": "verified"}}}
	if _, err := w.step(ctx, "UpdateStorageUser", ut, map[string]any{"update_mode": "append", "user": change}); err != nil {
		return err
	}
	if _, err := w.step(ctx, "LookupStorageUser", nil, map[string]any{"user": map[string]any{"login": w.login, "password": w.password}}); err != nil {
		return err
	}
	sync := map[string]any{"identifier": map[string]any{"field": "login", "value": w.login}, "user": change}
	if _, err := w.step(ctx, "SynchronizeStorageUser", nil, map[string]any{"synchronize": sync}); err != nil {
		return err
	}
	if err := w.sessions(ctx, it); err != nil {
		return err
	}
	if _, err := w.step(ctx, "DeleteUser", ut, nil); err != nil {
		return err
	}
	w.userGone = true
	return nil
}

// sessions starts a session of the user's identity, reads it, ends it,
// then starts and deletes another by its own token.
func (w *writeRun) sessions(ctx context.Context, it map[string]string) error {
	body := map[string]any{"sso_session": map[string]any{"lifetime": 300}}
	if err := w.startSession(ctx, it, body); err != nil {
		return err
	}
	if _, err := w.step(ctx, "GetIdentitySSOSession", it, nil); err != nil {
		return err
	}
	// The read pass again: the user, its identity and session are there now.
	if err := w.v.readPass(ctx); err != nil {
		return err
	}
	if _, err := w.step(ctx, "DestroyIdentitySSOSession", it, nil); err != nil {
		return err
	}
	w.sessionActive = false
	if err := w.startSession(ctx, it, body); err != nil {
		return err
	}
	if _, err := w.step(ctx, "DeleteSSOSession", map[string]string{"sso_session_token": w.sessionToken}, nil); err != nil {
		return err
	}
	w.sessionActive = false
	return nil
}

func (w *writeRun) startSession(ctx context.Context, it map[string]string, body any) error {
	w.sessionActive = true // from the moment it may exist
	a, err := w.step(ctx, "StartIdentitySSOSession", it, body)
	if err != nil {
		return err
	}
	if w.sessionToken = str(a.tree, "response", "result", "data", "sso_session", "sso_session_token"); w.sessionToken == "" {
		return fmt.Errorf("%w: StartIdentitySSOSession: the answer has no sso_session_token", errStop)
	}
	return nil
}

// step calls one write operation; an answer that is not a 2xx ends the steps.
func (w *writeRun) step(ctx context.Context, id string, tokens map[string]string, request any) (*answer, error) {
	o := w.v.byID[id]
	if o == nil {
		return nil, fmt.Errorf("the spec has no operation %s", id)
	}
	var body any
	if request != nil {
		body = map[string]any{"request": request}
	}
	a, err := w.v.call(ctx, o, tokens, body)
	if err != nil {
		return nil, err
	}
	if a.status < 200 || a.status > 299 {
		return a, fmt.Errorf("%w: --write step %s answered %d %s", errStop, id, a.status, http.StatusText(a.status))
	}
	return a, nil
}

// cleanup ends the session and deletes the user that the steps created, if
// they still exist. A user whose creation got no answer is found by its
// login, which no one else has.
func (w *writeRun) cleanup(ctx context.Context) error {
	var errs []error
	if w.sessionActive && w.identityToken != "" {
		if _, err := w.undo(ctx, "DestroyIdentitySSOSession", map[string]string{"identity_token": w.identityToken}, nil); err != nil {
			errs = append(errs, err)
		}
	}
	if w.userGone {
		return errors.Join(errs...)
	}
	tok := w.userToken
	if tok == "" {
		a, err := w.undo(ctx, "LookupStorageUser", nil, map[string]any{"request": map[string]any{"user": map[string]any{"login": w.login, "password": w.password}}})
		switch {
		case err != nil:
			return errors.Join(append(errs, fmt.Errorf("cannot tell whether the throwaway user %s was created: %w", w.login, err))...)
		case a.status == http.StatusNotFound:
			return errors.Join(errs...) // never created
		}
		if str(a.tree, "response", "result", "data", "user", "login") == w.login {
			tok = str(a.tree, "response", "result", "data", "user", "user_token")
		}
	}
	if tok == "" {
		return errors.Join(append(errs, fmt.Errorf("cannot find the throwaway user %s to delete it: delete it yourself", w.login))...)
	}
	if a, err := w.undo(ctx, "DeleteUser", map[string]string{"user_token": tok}, nil); err != nil || a.status != http.StatusOK && a.status != http.StatusNotFound {
		errs = append(errs, fmt.Errorf("cannot delete the throwaway user %s: delete it yourself (%v)", w.login, statusOrErr(a, err)))
	}
	return errors.Join(errs...)
}

// undo sends a cleanup request: not checked against the spec, which the
// steps did, but retried as any request that may be sent again.
func (w *writeRun) undo(ctx context.Context, id string, tokens map[string]string, body any) (*answer, error) {
	o := w.v.byID[id]
	if o == nil {
		return nil, fmt.Errorf("the spec has no operation %s", id)
	}
	return w.v.send.do(ctx, o, w.v.send.base, tokens, body)
}

func statusOrErr(a *answer, err error) string {
	if err != nil {
		return oneLine(err)
	}
	return fmt.Sprintf("answered %d", a.status)
}

// str is the string at the given members of a decoded answer, "" if none.
func str(v any, path ...string) string {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	s, _ := v.(string)
	return s
}
