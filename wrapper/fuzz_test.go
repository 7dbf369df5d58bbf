package wrapper

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// Real answers and their neighbours (../shared/oneall-api.md, 1.4 and 1.5):
// the documented envelopes, the 2011 ones without info, OneAll's 200 with an
// error inside, a proxy's HTML page, and the strictness cases (flag case,
// a code >= 400 with a success flag, duplicate keys).
var answerSeeds = []struct {
	status int
	ctype  string
	body   string
}{
	{200, "application/json", `{"response":{"request":{"date":"Mon, 06 Oct 2014 11:05:21 +0200","resource":"/identities/1b93e09a-4cd3-4c5c-9081-2cb1eaa53573.json",` +
		`"status":{"flag":"success","code":200,"info":"Your request has been processed successfully"}},"result":{"data":{"identity":{` +
		`"user_token":"15ad071c-6a64-4ce1-a9df-72f506161636","identity_token":"1b93e09a-4cd3-4c5c-9081-2cb1eaa53573","provider":"facebook",` +
		`"source":{"name":"Facebook","key":"facebook","access_token":{"key":"zgv7iJkW"}},"emails":[{"value":"a@example.com","is_verified":"true"}],` +
		`"accounts":[{"domain":"x","userid":1000154211}],"date_creation":"Tue, 02 May 2017 15:27:08  0200"}}}}}`},
	{401, "application/json", `{"response":{"request":{"date":"Thu, 25 Aug 2011 17:04:03 +0200","resource":"/connections.json",` +
		`"status":{"flag":"error","code":401,"info":"Authentication credentials are missing or incorrect: http://docs.oneall.com/api/basic/authentication/"}}}}`},
	{404, "application/json", `{"response":{"request":{"status":{"flag":"error","code":404,"info":"No identity has been found for the specified identity_token"}}}}`},
	{200, "application/json", `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"status":{"flag":"error","code":401,` +
		`"info":"The user did not authenticate successfully"},"data":{}}}}`},
	{207, "application/json", `{"response":{"request":{"status":{"flag":"multistatus","code":207,"info":"Your request has partially been processed"}},"result":{"data":{"identity":{"identity_token":"a"}}}}}`},
	{200, "application/json", `{"response":{"request":{"status":{"flag":"ERROR","code":"500"}},"result":{"data":{"identity":{"identity_token":"a"}}}}}`},
	{200, "application/json", `{"response":{"request":{"status":{"code":500}},"result":{"data":{"identity":{"identity_token":"a"}}}}}`},
	{200, "application/json", `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":{"identity":{"identity_token":"a"}}}},"response":null}`},
	{200, "application/json", `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":{"identity":{"identity_token":"a"}}}}} {"x":1}`},
	{200, "application/json", `{"response":{"request":{},"result":{"data":{"identity":{"identity_token":"a"}}}}}`},
	{502, "text/html", `<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>`},
	{503, "application/json", ``},
	{200, "application/json", `null`},
	{200, "text/plain", `OK`},
	{302, "text/html", `<a href="http://elsewhere/">Found</a>`},
	{200, "application/json", `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":{"identity":{"identity_token":1}}}}}`},
}

// FuzzReadAnswer decodes any answer: it is a payload, an *APIError of one
// of the documented classes or a network error, never a panic; no error
// shows a success's payload or more than maxErrorBody of the body; and the
// two ways of reading (a body of known length into a buffer, one of unknown
// length as it streams) agree.
func FuzzReadAnswer(f *testing.F) {
	for _, s := range answerSeeds {
		f.Add(uint16(s.status), s.ctype, []byte(s.body))
	}
	op := operation{method: http.MethodGet, url: &url.URL{Path: "/identities/x.json"}, replay: idempotent}
	f.Fuzz(func(t *testing.T, status uint16, ctype string, body []byte) {
		code := 100 + int(status)%500
		read := func(length int64) (decoded[api.IdentityData], error) {
			resp := &http.Response{StatusCode: code, Header: http.Header{"Content-Type": {ctype}},
				Body: io.NopCloser(bytes.NewReader(body)), ContentLength: length}
			return readAnswer(context.Background(), op, resp, hasIdentity)
		}
		d, err := read(int64(len(body)))
		d2, err2 := read(-1)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("known length: %v; streamed: %v", err, err2)
		}
		if err != nil {
			checkAnswerError(t, code, body, err)
			checkAnswerError(t, code, body, err2)
			if class(err) != class(err2) {
				t.Fatalf("known length: %v; streamed: %v", err, err2)
			}
			return
		}
		if code < 200 || code > 299 {
			t.Fatalf("status %d decoded as a success", code)
		}
		if d.data == nil || d.data.Identity.IdentityToken == "" {
			t.Fatalf("a success without its identity: %+v", d)
		}
		a, _ := json.Marshal(d.data)
		b, _ := json.Marshal(d2.data)
		if !bytes.Equal(a, b) {
			t.Fatalf("known length decoded %s, streamed %s", a, b)
		}
	})
}

var classes = []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrRateLimited,
	ErrServer, ErrInvalidCredentials, ErrUnexpectedResponse, ErrNetwork}

// class is the sentinel err matches.
func class(err error) error {
	for _, c := range classes {
		if errors.Is(err, c) {
			return c
		}
	}
	return nil
}

func checkAnswerError(t *testing.T, code int, body []byte, err error) {
	t.Helper()
	if class(err) == nil {
		t.Fatalf("error of no class: %v", err)
	}
	var ae *APIError
	if !errors.As(err, &ae) {
		return
	}
	if ae.StatusCode != code || len(ae.Body) > maxErrorBody || len(ae.Error()) > 2*maxErrorBody {
		t.Fatalf("APIError status %d (want %d), body %d bytes, text %d bytes", ae.StatusCode, code, len(ae.Body), len(ae.Error()))
	}
	if code >= 200 && code <= 299 && looksLikeJSON(body) && len(ae.Body) > 0 {
		t.Fatalf("a success's JSON payload is in the error: %q", ae.Body)
	}
}

// FuzzParseRetryAfter: any header gives a wait from 0 to the cap, the same
// every time; delay seconds give that many seconds up to the cap, however
// they are written.
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "7", " 7 ", "120", "60", "61", "1.5", "0.25", "-5", "+5", "1e9", "soon",
		"999999999", "99999999999999999999999", "0099999999999999999999999.5", strings.Repeat("9", 400),
		"Fri, 02 Jan 2026 03:04:15 GMT", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
		"Friday, 02-Jan-26 03:04:15 GMT", "Fri Jan  2 03:04:15 2026", "Fri, 02 Jan 2026 03:04:15 +0100"} {
		f.Add(s)
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d := parseRetryAfter(v, now)
		if d < 0 || d > maxRetryAfter {
			t.Fatalf("parseRetryAfter(%q) = %v: outside [0, %v]", v, d, maxRetryAfter)
		}
		if again := parseRetryAfter(v, now); again != d {
			t.Fatalf("parseRetryAfter(%q) = %v, then %v", v, d, again)
		}
		s := strings.TrimSpace(v)
		if s != "" && strings.Trim(s, "0123456789") == "" {
			want := maxRetryAfter
			if n, err := strconv.Atoi(s); err == nil && time.Duration(n) < maxRetryAfter/time.Second {
				want = time.Duration(n) * time.Second
			}
			if d != want {
				t.Fatalf("parseRetryAfter(%q) = %v, want %v", v, d, want)
			}
		}
	})
}
