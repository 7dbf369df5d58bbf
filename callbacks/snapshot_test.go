package callbacks_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/callbacks"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// The whole trip against the fake: a tracked message, two clicks on its
// short link, a snapshot with a pingback; the fake processes it when its
// clock moves and POSTs the pingback, and the handler hands over the
// snapshot read back from the fake, with the two referrals.
func TestSnapshotPingbackFromTheFake(t *testing.T) {
	srv := onealltest.New(t)
	c := srv.Client()
	ctx := t.Context()
	user := srv.AddUser(onealltest.User{})
	srv.AddIdentity(user, "twitter", api.Identity{})
	res, err := c.Sharing.Publish(ctx, wrapper.ForUser(user, "twitter"), wrapper.Message{
		Text: "New shop", Link: &wrapper.Link{URL: "https://shop.example/"}, Tracking: true})
	if err != nil {
		t.Fatal(err)
	}
	link := res.Message.Publications.Entries[0].Shorturls.Entries[0].ShortURL
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for range 2 {
		resp, err := noRedirect.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}

	var mu sync.Mutex
	var got []*api.SharingAnalyticsSnapshot
	var errs []error
	h := callbacks.Snapshots(c, func(w http.ResponseWriter, r *http.Request, snap *api.SharingAnalyticsSnapshot) {
		mu.Lock()
		got = append(got, snap)
		mu.Unlock()
	}, func(w http.ResponseWriter, r *http.Request, err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
		http.Error(w, "no", http.StatusBadRequest)
	})
	receiver := httptest.NewServer(h)
	defer receiver.Close()

	init, err := c.SharingAnalytics.Initiate(ctx, res.Message.SharingMessageToken, receiver.URL+"/pingback")
	if err != nil || init.AlreadyPending || init.Snapshot.Status != "scheduled" {
		t.Fatalf("initiate: %+v, %v", init, err)
	}
	again, err := c.SharingAnalytics.Initiate(ctx, res.Message.SharingMessageToken, "")
	if err != nil || !again.AlreadyPending || again.Snapshot.SharingAnalyticsSnapshotToken != init.Snapshot.SharingAnalyticsSnapshotToken {
		t.Fatalf("second initiate: %+v, %v", again, err)
	}
	srv.Advance(5 * time.Minute) // processes the snapshot and POSTs the pingback before it returns

	mu.Lock()
	defer mu.Unlock()
	if len(errs) != 0 || len(got) != 1 {
		t.Fatalf("pingbacks: %d snapshots, errors %v", len(got), errs)
	}
	snap := got[0]
	if snap.SharingAnalyticsSnapshotToken != init.Snapshot.SharingAnalyticsSnapshotToken || snap.Status != "processed" || snap.DateFinished.IsZero() {
		t.Fatalf("snapshot = %+v", snap)
	}
	ps := snap.PublicationSnapshots.Entries
	if len(ps) != 1 || ps[0].PublicationSnapshot.Urls.Entries[0].NumReferrals.Int() != 2 ||
		ps[0].PublicationSnapshot.Urls.Entries[0].Target != "https://shop.example/" {
		t.Fatalf("measured = %+v", ps)
	}
}

// A pingback is read back from OneAll: one that names no snapshot of the
// site, or one not processed yet, is refused; malformed ones never reach
// OneAll.
func TestSnapshotPingbackFailsClosed(t *testing.T) {
	srv := onealltest.New(t)
	c := srv.Client()
	user := srv.AddUser(onealltest.User{})
	srv.AddIdentity(user, "twitter", api.Identity{})
	res, err := c.Sharing.Publish(t.Context(), wrapper.ForUser(user, "twitter"), wrapper.Message{Text: "x"})
	if err != nil {
		t.Fatal(err)
	}
	pending, err := c.SharingAnalytics.Initiate(t.Context(), res.Message.SharingMessageToken, "")
	if err != nil {
		t.Fatal(err)
	}
	var called bool
	h := callbacks.Snapshots(c, func(http.ResponseWriter, *http.Request, *api.SharingAnalyticsSnapshot) { called = true }, nil)
	envelope := func(code, token string) string {
		return `{"response":{"request":{"status":{"flag":"success","code":` + code + `}},"result":{"data":{"sharing_analytics_snapshot":{"sharing_analytics_snapshot_token":"` + token + `"}}}}}`
	}
	for _, tc := range []struct {
		method, body string
		status       int
		asks         bool // whether OneAll is asked
	}{
		{"GET", "", http.StatusMethodNotAllowed, false},
		{"POST", "", http.StatusBadRequest, false},
		{"POST", "not json", http.StatusBadRequest, false},
		{"POST", envelope("200", ""), http.StatusBadRequest, false},
		{"POST", envelope("200", "../../users"), http.StatusBadRequest, false},
		{"POST", envelope("200", "x") + "{}", http.StatusBadRequest, false},
		{"POST", `{"response":{}}`, http.StatusBadRequest, false},
		{"POST", envelope("500", pending.Snapshot.SharingAnalyticsSnapshotToken), http.StatusOK, false},
		{"POST", strings.Repeat(" ", callbacks.MaxPingbackBody+1), http.StatusBadRequest, false},
		{"POST", envelope("200", "00000000-0000-4000-8000-000000000000"), http.StatusBadRequest, true},
		{"POST", envelope(`"200"`, pending.Snapshot.SharingAnalyticsSnapshotToken), http.StatusBadRequest, true},
	} {
		n := len(srv.Requests())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, "/pingback", strings.NewReader(tc.body)))
		if rec.Code != tc.status || called {
			t.Errorf("%s %.60q: %d (called %v), want %d", tc.method, tc.body, rec.Code, called, tc.status)
		}
		if asked := len(srv.Requests()) > n; asked != tc.asks {
			t.Errorf("%.60q: asked OneAll %v, want %v", tc.body, asked, tc.asks)
		}
		if b, _ := io.ReadAll(rec.Body); strings.Contains(string(b), srv.PrivateKey) {
			t.Errorf("the answer holds the private key")
		}
	}
}

func TestParseSnapshotPingback(t *testing.T) {
	// OneAll's example handler reads these two members.
	body := `{"response":{"request":{"date":"Fri, 27 Jan 2012 16:15:00 +0100","status":{"flag":"success","code":200}},` +
		`"result":{"data":{"sharing_analytics_snapshot":{"sharing_analytics_snapshot_token":"ace99ec8-969d-462d-a93d-ae896ddffdba","status":"processed"}}}}}`
	token, err := callbacks.ParseSnapshotPingback(httptest.NewRequest("POST", "/", strings.NewReader(body)))
	if err != nil || token != "ace99ec8-969d-462d-a93d-ae896ddffdba" {
		t.Fatalf("%q, %v", token, err)
	}
	_, err = callbacks.ParseSnapshotPingback(httptest.NewRequest("POST", "/", strings.NewReader(strings.Replace(body, "200", "503", 1))))
	if !errors.Is(err, callbacks.ErrSnapshotFailed) {
		t.Errorf("status 503: %v", err)
	}
}
