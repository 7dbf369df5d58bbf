package login

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oneall-go/oneall-go/wrapper"
)

// FuzzCallbackForm posts anything as a callback: never a panic, always an
// error (the server knows no token), and nothing sent unless the form held
// exactly one well-formed token.
func FuzzCallbackForm(f *testing.F) {
	for _, seed := range []struct{ query, body string }{
		{"", "oa_action=social_login&connection_token=" + someToken + "&oa_social_login_token=" + someToken},
		{"connection_token=" + someToken, ""},
		{"login_state=1.x", "connection_token=" + someToken + "&identity_vault_key=abc"},
		{"", "connection_token=%zz"},
		{"a=%", "connection_token=" + someToken},
		{"", "connection_token=" + someToken + "&connection_token=" + strings.ToUpper(someToken)},
		{"", "oa_action=social_link&oa_action=&connection_token=" + someToken},
		{"", strings.Repeat("x=1&", 20000)},
		{"", "connection_token=\x00\xff&oa_action=\u00e9"},
	} {
		f.Add(seed.query, []byte(seed.body))
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
	cb, err := New(client)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, query string, body []byte) {
		r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://app.example/cb", strings.NewReader(string(body)))
		if err != nil {
			t.Skip()
		}
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		before := sent.Load()
		res, err := cb.Handle(t.Context(), r)
		if err == nil || res != nil {
			t.Fatalf("Handle(%q, %q) = %v, %v; the server knows no token", query, body, res, err)
		}
		requests := sent.Load() - before
		early := errors.Is(err, ErrNoToken) || errors.Is(err, ErrInvalidCallback) || errors.Is(err, ErrEncrypted)
		switch {
		case early && requests != 0:
			t.Fatalf("%v, yet %d requests were sent", err, requests)
		case !early && (!errors.Is(err, ErrUnknownToken) || requests != 1):
			t.Fatalf("%v after %d requests; want ErrUnknownToken after one", err, requests)
		}
	})
}
