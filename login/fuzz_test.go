package login

import (
	"encoding/json"
	"errors"
	"github.com/oneall-go/oneall-go/internal/uuid"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/oneall-go/oneall-go/wrapper"
)

// FuzzCallbackForm posts anything as a callback, with or without a valid
// state: never a panic, always an error (the server knows no token),
// nothing sent unless the form held exactly one well-formed token, an
// oa_action for logins and a valid state, and then one request, never more.
func FuzzCallbackForm(f *testing.F) {
	for _, seed := range []struct {
		query, body string
		state       bool
	}{
		{"", "oa_action=social_login&connection_token=" + someToken + "&oa_social_login_token=" + someToken, true},
		{"", "oa_action=social_login&connection_token=" + someToken, false},
		{"oa_action=social_login&connection_token=" + someToken, "", true},
		{"login_state=1.x.s.y", "oa_action=social_login&connection_token=" + someToken + "&identity_vault_key=abc", false},
		{"", "connection_token=%zz", true},
		{"a=%", "connection_token=" + someToken, true},
		{"", "oa_action=social_login&connection_token=" + someToken + "&connection_token=" + strings.ToUpper(someToken), true},
		{"", "oa_action=social_link&oa_action=&connection_token=" + someToken, true},
		{"", "oa_action=social_link&connection_token=" + someToken, true},
		{"", strings.Repeat("x=1&", 20000), true},
		{"", "connection_token=\x00\xff&oa_action=\u00e9", false},
	} {
		f.Add(seed.query, []byte(seed.body), seed.state)
	}
	var sent atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"response":{"request":{"status":{"flag":"error","code":404,"info":"No connection"}}}}`)
	}))
	defer ts.Close()
	client, err := wrapper.New("", "pub", "priv", wrapper.WithBaseURL(ts.URL), wrapper.WithRetries(0))
	if err != nil {
		f.Fatal(err)
	}
	cb, err := New(client, WithState(stateKey, 0), WithLogger(discard))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, query string, body []byte, state bool) {
		r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://app.example/cb", strings.NewReader(string(body)))
		if err != nil {
			t.Skip()
		}
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if state {
			uri, cookie := begin(t, cb, "http://app.example/cb")
			if query != "" {
				r.URL.RawQuery += "&"
			}
			r.URL.RawQuery += uri[strings.Index(uri, "?")+1:]
			r.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
		}
		before := sent.Load()
		res, err := cb.Handle(t.Context(), httptest.NewRecorder(), r)
		if err == nil || res != nil {
			t.Fatalf("Handle(%q, %q) = %v, %v; the server knows no token", query, body, res, err)
		}
		requests := sent.Load() - before
		early := errors.Is(err, ErrNoToken) || errors.Is(err, ErrInvalidCallback) || errors.Is(err, ErrEncrypted) ||
			errors.Is(err, ErrInvalidState) || errors.Is(err, ErrUnexpectedOutcome)
		switch {
		case early && requests != 0:
			t.Fatalf("%v, yet %d requests were sent", err, requests)
		case !early && (!errors.Is(err, ErrUnknownToken) || requests != 1):
			t.Fatalf("%v after %d requests; want ErrUnknownToken after one", err, requests)
		}
		if token := r.Form.Get("connection_token"); uuid.Valid(token) && strings.Contains(strings.ToLower(err.Error()), strings.ToLower(token)) {
			t.Fatalf("the error holds the connection token: %v", err)
		}
	})
}

// FuzzCallbackAnswer has OneAll answer anything as the data of a success
// envelope: never a panic, and a Result only when the answer says,
// consistently, that the person posted logged in: the posted token, a
// login, UUID tokens, an identity.
func FuzzCallbackAnswer(f *testing.F) {
	good, _ := json.Marshal(goodAnswer(someToken))
	f.Add(good)
	for _, change := range []func(d map[string]any){
		func(d map[string]any) { pluginOf(d)["status"] = "error" },
		func(d map[string]any) { delete(d, "plugin") },
		func(d map[string]any) {
			d["connection"].(map[string]any)["plugin"] = "social_login"
			delete(d, "plugin")
		},
		func(d map[string]any) { delete(userOf(d), "identity") },
		func(d map[string]any) { userOf(d)["user_token"] = " " },
		func(d map[string]any) { d["plugin"].(map[string]any)["key"] = "social_link" },
	} {
		b, _ := json.Marshal(edit(change)(someToken))
		f.Add(b)
	}
	f.Add([]byte(`null`))
	f.Add([]byte(`{"plugin":"social_login","user":{"user_token":1}}`))
	var mu sync.Mutex
	var data []byte
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"status":{"flag":"success","code":200},"data":`)
		w.Write(data)
		io.WriteString(w, `}}}`)
	}))
	defer ts.Close()
	client, err := wrapper.New("", "pub", "priv", wrapper.WithBaseURL(ts.URL), wrapper.WithRetries(0))
	if err != nil {
		f.Fatal(err)
	}
	cb, err := New(client, WithoutState())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, answer []byte) {
		mu.Lock()
		data = answer
		mu.Unlock()
		res, err := cb.Handle(t.Context(), httptest.NewRecorder(), post("/cb", oneAllForm("social_login", someToken)))
		if err != nil {
			if res != nil || strings.Contains(err.Error(), someToken) {
				t.Fatalf("%v, %v", res, err)
			}
			return
		}
		c := res.Connection
		if res.Outcome != wrapper.OutcomeLogin || !uuid.Valid(res.UserToken) || !uuid.Valid(res.IdentityToken) ||
			res.Identity == nil || !strings.EqualFold(c.Data.Connection.ConnectionToken, someToken) || c.Service != wrapper.ServiceSocialLogin {
			t.Fatalf("accepted %s as %v", answer, res)
		}
	})
}
