package main

import (
	"context"
	"fmt"
	"net/http"
)

// storageUser creates the cloud storage user, changes it, starts and ends
// its sessions, reads what the read pass could not, and deletes it.
func (w *writeRun) storageUser(ctx context.Context) error {
	user := map[string]any{"login": w.login, "password": w.password,
		"identity": map[string]any{"name": map[string]any{"givenName": "oneall", "familyName": "verify"}}}
	u := w.record(&made{what: "cloud storage user", del: "DeleteUser", name: "login " + w.login, find: w.findUser})
	a, err := w.step(ctx, "CreateStorageUser", nil, map[string]any{"user": user})
	var userToken, identityToken string
	if a != nil {
		userToken = str(a.tree, "response", "result", "data", "user", "user_token")
		identityToken = str(a.tree, "response", "result", "data", "user", "identity", "identity_token")
	}
	if userToken != "" {
		u.tokens = map[string]string{"user_token": userToken}
	} else if a != nil && refused(a.status) {
		u.gone = true // not created; the login may be someone else's
	}
	if err != nil {
		return err
	}
	if userToken == "" || identityToken == "" {
		return fmt.Errorf("%w: CreateStorageUser: the answer has no user_token or identity_token", errStop)
	}
	ut := map[string]string{"user_token": userToken}
	it := map[string]string{"identity_token": identityToken}
	change := map[string]any{"identity": map[string]any{"name": map[string]any{"familyName": "verified"}}}
	sync := map[string]any{"identifier": map[string]any{"field": "login", "value": w.login}, "user": change}
	if err := w.each(ctx,
		stepCall{"UpdateStorageUser", ut, map[string]any{"update_mode": "append", "user": change}},
		stepCall{"LookupStorageUser", nil, map[string]any{"user": map[string]any{"login": w.login, "password": w.password}}},
		stepCall{"SynchronizeStorageUser", nil, map[string]any{"synchronize": sync}},
	); err != nil {
		return err
	}
	if err := w.sessions(ctx, it); err != nil {
		return err
	}
	return w.deleted(ctx, u, "DeleteUser", ut)
}

// findUser finds the user whose creation got no answer by its login, which
// no one else has: nil if it was never created.
func (w *writeRun) findUser(ctx context.Context) (map[string]string, error) {
	a, err := w.undo(ctx, "LookupStorageUser", nil, map[string]any{"request": map[string]any{"user": map[string]any{"login": w.login, "password": w.password}}})
	switch {
	case err != nil:
		return nil, err
	case a.status == http.StatusNotFound:
		return nil, nil
	}
	if tok := str(a.tree, "response", "result", "data", "user", "user_token"); tok != "" &&
		str(a.tree, "response", "result", "data", "user", "login") == w.login {
		return map[string]string{"user_token": tok}, nil
	}
	return nil, fmt.Errorf("%w: LookupStorageUser answered %d without the user", errStop, a.status)
}

// sessions starts a session of the user's identity, reads it, ends it,
// then starts and deletes another by its own token.
func (w *writeRun) sessions(ctx context.Context, it map[string]string) error {
	body := map[string]any{"sso_session": map[string]any{"lifetime": 300}}
	s, _, err := w.startSession(ctx, it, body)
	if err != nil {
		return err
	}
	if _, err := w.step(ctx, "GetIdentitySSOSession", it, nil); err != nil {
		return err
	}
	// The read pass again: the user, its identity and session are there now.
	if err := w.v.readPass(ctx); err != nil {
		return err
	}
	if err := w.deleted(ctx, s, "DestroyIdentitySSOSession", it); err != nil {
		return err
	}
	s, tok, err := w.startSession(ctx, it, body)
	if err != nil {
		return err
	}
	return w.deleted(ctx, s, "DeleteSSOSession", map[string]string{"sso_session_token": tok})
}

// startSession starts a session of the identity; the cleanup ends the
// identity's session, whatever its token.
func (w *writeRun) startSession(ctx context.Context, it map[string]string, body any) (*made, string, error) {
	s := w.record(&made{what: "SSO session", del: "DestroyIdentitySSOSession", tokens: it})
	a, err := w.step(ctx, "StartIdentitySSOSession", it, body)
	if err != nil {
		return s, "", err
	}
	tok := str(a.tree, "response", "result", "data", "sso_session", "sso_session_token")
	if tok == "" {
		return s, "", fmt.Errorf("%w: StartIdentitySSOSession: the answer has no sso_session_token", errStop)
	}
	s.name = "sso_session_token " + tok
	return s, tok, nil
}
