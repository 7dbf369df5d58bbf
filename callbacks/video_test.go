package callbacks_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/callbacks"
)

const secret = "0123456789abcdef0123456789abcdef"

const published = `{"response":{"request":{"date":"Sun, 06 Dec 2026 01:00:00 +0000","resource":"/push/identities/1b93e09a-4cd3-4c5c-9081-2cb1eaa53573/youtube/video.json",
"status":{"flag":"success","code":200,"info":"Your request has been processed successfully"}},"result":{"data":{"push":{"id":"dQw4w9WgXcQ","status":"published"}}}}}`

func post(t *testing.T, h http.Handler, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestVideosDeliversWhatOneAllPosted(t *testing.T) {
	cb, err := callbacks.VideoCallbackURL("https://www.example.com/oneall/video?site=1", secret)
	if err != nil {
		t.Fatal(err)
	}
	var got *callbacks.VideoResult
	h := callbacks.Videos(secret, func(w http.ResponseWriter, r *http.Request, v *callbacks.VideoResult) { got = v }, nil)
	if w := post(t, h, cb, published); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	if got == nil || !got.Published() || got.Push.ID != "dQw4w9WgXcQ" {
		t.Fatalf("%+v", got)
	}
	failed := strings.Replace(published, `"flag":"success","code":200`, `"flag":"error","code":500`, 1)
	if w := post(t, h, cb, failed); w.Code != http.StatusOK || got.Published() {
		t.Errorf("a failed video: status %d, %+v", w.Code, got)
	}
}

func TestVideosFailsClosed(t *testing.T) {
	cb, _ := callbacks.VideoCallbackURL("https://www.example.com/cb", secret)
	called := false
	h := callbacks.Videos(secret, func(http.ResponseWriter, *http.Request, *callbacks.VideoResult) { called = true }, nil)
	for name, c := range map[string]struct {
		target, body string
		want         int
	}{
		"no secret":      {"https://www.example.com/cb", published, 400},
		"wrong secret":   {"https://www.example.com/cb?" + callbacks.VideoSecretParam + "=" + strings.Repeat("0", 32), published, 400},
		"not JSON":       {cb, "<html>", 400},
		"two envelopes":  {cb, published + published, 400},
		"no status":      {cb, `{"response":{"request":{}}}`, 400},
		"no code":        {cb, `{"response":{"request":{"status":{"flag":"success"}}}}`, 400},
		"wrong types":    {cb, `{"response":{"request":{"status":{"code":"x"}}}}`, 400},
		"too large":      {cb, `{"response":` + strings.Repeat(" ", callbacks.MaxVideoCallbackBody) + `}`, 400},
		"empty":          {cb, "", 400},
		"null":           {cb, "null", 400},
		"result garbage": {cb, `{"response":{"request":{"status":{"code":200}},"result":{"data":{"push":[1]}}}}`, 400},
	} {
		if w := post(t, h, c.target, c.body); w.Code != c.want {
			t.Errorf("%s: status %d, want %d", name, w.Code, c.want)
		}
	}
	r := httptest.NewRequest(http.MethodGet, cb, nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d", w.Code)
	}
	weak := callbacks.Videos("short", func(http.ResponseWriter, *http.Request, *callbacks.VideoResult) { called = true }, nil)
	if w := post(t, weak, "https://www.example.com/cb?"+callbacks.VideoSecretParam+"=short", published); w.Code != http.StatusInternalServerError {
		t.Errorf("a weak secret: status %d", w.Code)
	}
	if called {
		t.Error("onVideo called for a refused callback")
	}
	if _, err := callbacks.VideoCallbackURL("https://www.example.com/cb", "short"); !errors.Is(err, callbacks.ErrWeakVideoSecret) {
		t.Errorf("VideoCallbackURL with a short secret: %v", err)
	}
	if _, err := callbacks.VideoCallbackURL("/relative", secret); !errors.Is(err, callbacks.ErrInvalidVideoCallback) {
		t.Errorf("VideoCallbackURL with a relative base: %v", err)
	}
}

// TestVideoErrorsHoldNoSecretNorBody: a refused callback's error names the
// problem, never the secret sent nor the body.
func TestVideoErrorsHoldNoSecretNorBody(t *testing.T) {
	wrong := strings.Repeat("s", 32)
	for _, body := range []string{`{"response":{"request":{"status":{"code":"` + wrong + `"}}}}`, "not json " + wrong} {
		for _, target := range []string{"https://x.example/cb?" + callbacks.VideoSecretParam + "=" + secret, "https://x.example/cb?" + callbacks.VideoSecretParam + "=" + wrong} {
			r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
			_, err := callbacks.ParseVideoCallback(r, secret)
			if err == nil {
				t.Fatalf("%s: accepted", body)
			}
			if s := err.Error(); strings.Contains(s, wrong) || strings.Contains(s, secret) {
				t.Errorf("the error holds a secret or the body: %s", s)
			}
		}
	}
}

// TestVideoPublishedReadsTheFlagInAnyCase: the wrapper takes the flag
// "error" in any case as a failure ("ERROR"); so does Published.
func TestVideoPublishedReadsTheFlagInAnyCase(t *testing.T) {
	cb, _ := callbacks.VideoCallbackURL("https://www.example.com/cb", secret)
	for flag, want := range map[string]bool{"success": true, "error": false, "ERROR": false, " Error ": false} {
		body := strings.Replace(published, `"flag":"success"`, `"flag":"`+flag+`"`, 1)
		r := httptest.NewRequest(http.MethodPost, cb, strings.NewReader(body))
		v, err := callbacks.ParseVideoCallback(r, secret)
		if err != nil {
			t.Fatalf("%q: %v", flag, err)
		}
		if v.Published() != want {
			t.Errorf("flag %q with code 200: Published() = %v, want %v", flag, v.Published(), want)
		}
	}
}
