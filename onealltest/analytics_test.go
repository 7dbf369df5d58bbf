package onealltest

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// A snapshot is scheduled, processed on the logical clock (not before), and
// listed with the filters on the identity and user it was published for.
func TestSnapshotLifecycle(t *testing.T) {
	srv := New(t)
	c := srv.Client()
	ctx := t.Context()
	user, tw, _, _, _ := publisher(t, srv)
	other := srv.AddUser(User{})
	otherFB := srv.AddIdentity(other, "facebook", api.Identity{})
	res, err := c.Sharing.Publish(ctx, wrapper.ForIdentity(tw), wrapper.Message{Text: "x", Link: &wrapper.Link{URL: "https://a.example/"}, Tracking: true})
	if err != nil {
		t.Fatal(err)
	}
	res2, err := c.Sharing.Publish(ctx, wrapper.ForIdentity(otherFB), wrapper.Message{Text: "y"})
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer receiver.Close()
	s1, err := c.SharingAnalytics.Initiate(ctx, res.Message.SharingMessageToken, receiver.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SharingAnalytics.Initiate(ctx, res2.Message.SharingMessageToken, ""); err != nil {
		t.Fatal(err)
	}
	got, err := c.SharingAnalytics.Get(ctx, s1.Snapshot.SharingAnalyticsSnapshotToken)
	if err != nil || got.Status != "scheduled" || !got.DateFinished.IsZero() || hits.Load() != 0 {
		t.Fatalf("before its time: %+v, %v (pingbacks %d)", got, err, hits.Load())
	}
	srv.Advance(2 * time.Minute)
	got, err = c.SharingAnalytics.Get(ctx, s1.Snapshot.SharingAnalyticsSnapshotToken)
	if err != nil || got.Status != "processed" || len(got.PublicationSnapshots.Entries) != 1 || hits.Load() != 1 {
		t.Fatalf("after: %+v, %v (pingbacks %d)", got, err, hits.Load())
	}
	// Processed: a new one may be initiated.
	if again, err := c.SharingAnalytics.Initiate(ctx, res.Message.SharingMessageToken, ""); err != nil || again.AlreadyPending {
		t.Fatalf("a new snapshot: %+v, %v", again, err)
	}
	count := func(o *wrapper.SnapshotListOptions) int {
		n := 0
		for _, err := range c.SharingAnalytics.All(ctx, o) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n
	}
	if a, u, i, o := count(nil), count(&wrapper.SnapshotListOptions{UserToken: user}), count(&wrapper.SnapshotListOptions{IdentityToken: otherFB}),
		count(&wrapper.SnapshotListOptions{UserToken: user, IdentityToken: otherFB}); a != 3 || u != 2 || i != 1 || o != 0 {
		t.Errorf("all %d, user %d, identity %d, both %d", a, u, i, o)
	}
	if err := c.SharingAnalytics.Delete(ctx, s1.Snapshot.SharingAnalyticsSnapshotToken); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SharingAnalytics.Get(ctx, s1.Snapshot.SharingAnalyticsSnapshotToken); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
}

// Pingbacks go to loopback hosts only; PHP's "pingback_uri": null means none.
func TestSnapshotPingbackURIs(t *testing.T) {
	srv := New(t)
	c := srv.Client()
	_, tw, _, _, _ := publisher(t, srv)
	res, err := c.Sharing.Publish(t.Context(), wrapper.ForIdentity(tw), wrapper.Message{Text: "x"})
	if err != nil {
		t.Fatal(err)
	}
	k := &contract{t: t, srv: srv, url: srv.URL}
	body := func(uri string) string {
		return `{"request":{"analytics":{"sharing":{"sharing_message_token":"` + res.Message.SharingMessageToken + `","pingback_uri":` + uri + `}}}}`
	}
	for _, uri := range []string{`"http://www.oneall.com/pingback"`, `"http://10.0.0.1/p"`, `"ftp://127.0.0.1/p"`, `"http://127.0.0.1.nip.io/p"`, `7`} {
		k.expect(http.StatusBadRequest, "PUT", "/sharing/analytics/snapshots.json", body(uri))
	}
	k.expect(http.StatusCreated, "PUT", "/sharing/analytics/snapshots.json", body(`null`))
	k.expect(http.StatusMultiStatus, "PUT", "/sharing/analytics/snapshots.json", body(`"http://[::1]:9/p"`))
	if err := loopbackOnly("tcp", "93.184.216.34:80", nil); err == nil {
		t.Error("the pingback dialer would connect to a public address")
	}
	if err := loopbackOnly("tcp", "127.0.0.1:80", nil); err != nil {
		t.Error(err)
	}
}
