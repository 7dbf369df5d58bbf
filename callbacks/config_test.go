package callbacks_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/callbacks"
	"github.com/oneall-go/oneall-go/wrapper"
)

const snapToken = "5b6c3c62-4b2c-4f0e-9a43-0a9ac2a1b7e1"

// serve calls h and turns a panic into a failure of the test.
func serve(t *testing.T, name string, h http.Handler, r *http.Request) (code int) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%s: the handler panicked: %v", name, p)
			code = -1
		}
	}()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}

// TestHandlersWithoutTheirFunctionsFailClosed: a handler built without its
// client or its function (a nil by mistake) answers 500 to OneAll, through
// onError, and never panics.
func TestHandlersWithoutTheirFunctionsFailClosed(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":{"sharing_analytics_snapshot":`+
			`{"sharing_analytics_snapshot_token":%q,"status":"processed","date_finished":"Tue, 02 May 2017 15:27:08 +0200"}}}}}`, snapToken)
	}))
	defer ts.Close()
	c, err := wrapper.New("", "public", "private", wrapper.WithBaseURL(ts.URL))
	if err != nil {
		t.Fatal(err)
	}
	pingback := `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":{"sharing_analytics_snapshot":{"sharing_analytics_snapshot_token":"` + snapToken + `"}}}}}`
	onSnap := func(http.ResponseWriter, *http.Request, *api.SharingAnalyticsSnapshot) {}
	cb, _ := callbacks.VideoCallbackURL("https://www.example.com/cb", secret)
	for name, tc := range map[string]struct {
		h            http.Handler
		target, body string
	}{
		"Snapshots without a client":   {callbacks.Snapshots(nil, onSnap, nil), "https://www.example.com/pingback", pingback},
		"Snapshots without onSnapshot": {callbacks.Snapshots(c, nil, nil), "https://www.example.com/pingback", pingback},
		"Videos without onVideo":       {callbacks.Videos(secret, nil, nil), cb, published},
	} {
		r := httptest.NewRequest(http.MethodPost, tc.target, strings.NewReader(tc.body))
		r.Header.Set("Content-Type", "application/json")
		if code := serve(t, name, tc.h, r); code != http.StatusInternalServerError {
			t.Errorf("%s: status %d, want 500", name, code)
		}
	}
	// With their functions, the same requests are served.
	r := httptest.NewRequest(http.MethodPost, "https://www.example.com/pingback", strings.NewReader(pingback))
	if code := serve(t, "Snapshots", callbacks.Snapshots(c, onSnap, nil), r); code != http.StatusOK {
		t.Errorf("Snapshots: status %d, want 200", code)
	}
	r = httptest.NewRequest(http.MethodPost, cb, strings.NewReader(published))
	onVideo := func(http.ResponseWriter, *http.Request, *callbacks.VideoResult) {}
	if code := serve(t, "Videos", callbacks.Videos(secret, onVideo, nil), r); code != http.StatusOK {
		t.Errorf("Videos: status %d, want 200", code)
	}
}
