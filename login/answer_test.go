package login

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oneall-go/oneall-go/wrapper"
)

// The tests of issue 18, finding 1: a callback that fails closed on a
// malformed answer. Each was written before the fix and failed on the code
// before it.

const (
	hostileUser     = "00000000-1111-2222-2222-333333333344"
	hostileIdentity = "00000000-1111-2222-4444-333333333344"
)

// hostile is a OneAll whose answers to GET /connections/{token}.json the
// test writes, on a loopback httptest server; it counts the requests that
// reach it.
type hostile struct {
	ts   *httptest.Server
	hits atomic.Int64
}

// newHostile answers every connection read with an HTTP 200 success
// envelope around data(token), or with 404 if data is nil.
func newHostile(t *testing.T, data func(token string) map[string]any) *hostile {
	t.Helper()
	h := &hostile{}
	h.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		token := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/connections/"), ".json")
		if data == nil {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"response":{"request":{"status":{"flag":"error","code":404,"info":"No connection has been found for the specified connection_token"}}}}`)
			return
		}
		env := map[string]any{"response": map[string]any{
			"request": map[string]any{"status": map[string]any{"flag": "success", "code": 200}},
			"result": map[string]any{"status": map[string]any{"flag": "success", "code": 200, "info": "The user successfully authenticated"},
				"data": data(token)},
		}}
		_ = json.NewEncoder(w).Encode(env)
	}))
	t.Cleanup(h.ts.Close)
	return h
}

func (h *hostile) client(t *testing.T) *wrapper.Client {
	t.Helper()
	c, err := wrapper.New("", "pub", "priv", wrapper.WithBaseURL(h.ts.URL), wrapper.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// goodAnswer is the 2016 answer of a social login (OneAll's shape, from a
// real Facebook login), for token.
func goodAnswer(token string) map[string]any {
	return map[string]any{
		"action": "authenticate_user",
		"plugin": map[string]any{"key": "social_login", "data": map[string]any{
			"action": "login", "operation": "user_profile_read", "reason": "user_authenticated", "status": "success"}},
		"connection": map[string]any{"connection_token": token, "date_creation": "Sun, 04 Sep 2016 10:06:37 +0200", "status": "succeeded"},
		"user": map[string]any{"uuid": hostileUser, "user_token": hostileUser,
			"identity":   map[string]any{"identity_token": hostileIdentity, "provider": "facebook", "displayName": "Joe Barber"},
			"identities": []any{map[string]any{"identity_token": hostileIdentity, "provider": "facebook"}}},
	}
}

// edit returns an answer: the good one, changed by f.
func edit(f func(d map[string]any)) func(string) map[string]any {
	return func(token string) map[string]any {
		d := goodAnswer(token)
		f(d)
		return d
	}
}

func pluginOf(d map[string]any) map[string]any {
	return d["plugin"].(map[string]any)["data"].(map[string]any)
}

func userOf(d map[string]any) map[string]any { return d["user"].(map[string]any) }

func identityOf(d map[string]any) map[string]any { return userOf(d)["identity"].(map[string]any) }

// handle is the callback's Handle.
func handle(t *testing.T, cb *Callback, r *http.Request, accept ...wrapper.Outcome) (*Result, error) {
	t.Helper()
	return cb.Handle(t.Context(), httptest.NewRecorder(), r, accept...)
}

// every outcome there is: the answer's checks apply whatever the
// application takes.
var every = []wrapper.Outcome{wrapper.OutcomeLogin, wrapper.OutcomeLink, wrapper.OutcomeUnlink, wrapper.OutcomeSingleSignOn}

// Finding 1: a malformed answer logs nobody in.
func TestMalformedAnswersFailClosed(t *testing.T) {
	link := func(action string) func(d map[string]any) {
		return func(d map[string]any) {
			d["plugin"].(map[string]any)["key"] = "social_link"
			pluginOf(d)["action"] = action
		}
	}
	for _, tc := range []struct {
		name   string
		action string // the oa_action posted
		answer func(string) map[string]any
		want   error
	}{
		{"the plugin says error", "social_login", edit(func(d map[string]any) {
			pluginOf(d)["status"], pluginOf(d)["reason"] = "error", "user_not_authenticated"
		}), ErrPluginFailed},
		{"no plugin status", "social_login", edit(func(d map[string]any) { delete(pluginOf(d), "status") }), ErrPluginFailed},
		{"no plugin", "social_login", edit(func(d map[string]any) { delete(d, "plugin") }), ErrPluginFailed},
		{"the connection failed", "social_login", edit(func(d map[string]any) {
			d["connection"].(map[string]any)["status"] = "failed"
		}), ErrConnectionFailed},
		{"another connection token", "social_login", edit(func(d map[string]any) {
			d["connection"].(map[string]any)["connection_token"] = "8875cb47-9b2e-40f9-8ae0-8428c06937a9"
		}), ErrTokenMismatch},
		{"no connection token", "social_login", edit(func(d map[string]any) {
			delete(d["connection"].(map[string]any), "connection_token")
		}), ErrTokenMismatch},
		{"a blank user token", "social_login", edit(func(d map[string]any) { userOf(d)["user_token"] = " " }), ErrMalformedToken},
		{"a path in the user token", "social_login", edit(func(d map[string]any) {
			userOf(d)["user_token"] = "../../admin\n<script>"
		}), ErrMalformedToken},
		{"an identity token that is no UUID", "social_login", edit(func(d map[string]any) {
			identityOf(d)["identity_token"] = "x' OR 1=1"
		}), ErrMalformedToken},
		{"no identity", "social_login", edit(func(d map[string]any) { delete(userOf(d), "identity") }), ErrNoIdentity},
		{"an identity without token", "social_login", edit(func(d map[string]any) { delete(identityOf(d), "identity_token") }), ErrNoIdentity},
		{"a link posted as a login", "social_login", edit(link("link_identity")), ErrActionMismatch},
		{"an unlink posted as a login", "social_login", edit(link("unlink_identity")), ErrActionMismatch},
		{"a login posted as a link", "social_link", goodAnswer, ErrActionMismatch},
		{"an SSO login posted as a login", "social_login", edit(func(d map[string]any) {
			d["plugin"].(map[string]any)["key"] = "single_sign_on"
		}), ErrActionMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHostile(t, tc.answer)
			cb, err := New(h.client(t), WithoutState())
			if err != nil {
				t.Fatal(err)
			}
			res, err := handle(t, cb, post("/cb", oneAllForm(tc.action, someToken)), every...)
			if err == nil {
				t.Fatalf("accepted: %v", res)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v; want %v", err, tc.want)
			}
			if strings.Contains(err.Error(), someToken) {
				t.Errorf("the error holds the connection token: %v", err)
			}
		})
	}
	// The good answer passes, so the refusals above are about their change.
	h := newHostile(t, goodAnswer)
	cb, _ := New(h.client(t), WithoutState())
	if res, err := handle(t, cb, post("/cb", oneAllForm("social_login", someToken))); err != nil || res.UserToken != hostileUser {
		t.Errorf("the good answer: %v, %v", res, err)
	}
}

// Finding 1: Handler gives onLogin logins only.
func TestHandlerGivesOnLoginLoginsOnly(t *testing.T) {
	for _, tc := range []struct {
		name, action string
		answer       func(string) map[string]any
	}{
		{"a link", "social_link", edit(func(d map[string]any) {
			d["plugin"].(map[string]any)["key"] = "social_link"
			pluginOf(d)["action"] = "link_identity"
		})},
		{"an unlink", "social_link", edit(func(d map[string]any) {
			d["plugin"].(map[string]any)["key"] = "social_link"
			pluginOf(d)["action"] = "unlink_identity"
		})},
		{"an SSO login", "single_sign_on", edit(func(d map[string]any) { d["plugin"].(map[string]any)["key"] = "single_sign_on" })},
		{"no plugin", "social_login", edit(func(d map[string]any) { delete(d, "plugin") })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHostile(t, tc.answer)
			cb, err := New(h.client(t), WithoutState(), WithLogger(discard))
			if err != nil {
				t.Fatal(err)
			}
			called := false
			w := httptest.NewRecorder()
			cb.Handler(func(w http.ResponseWriter, r *http.Request, res *Result) { called = true }, nil).
				ServeHTTP(w, post("/cb", oneAllForm(tc.action, someToken)))
			if called {
				t.Errorf("onLogin got %s", tc.name)
			}
			if w.Code < 400 {
				t.Errorf("status %d", w.Code)
			}
		})
	}
}
