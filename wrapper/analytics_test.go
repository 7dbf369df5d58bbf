package wrapper

import (
	"context"
	"errors"
	"net/url"
	"testing"
)

const snapshotToken = "ace99ec8-969d-462d-a93d-ae896ddffdba"

func TestSnapshotInitiate(t *testing.T) {
	f := setup(t)
	body := `{"response":{"request":{"status":{"flag":"scheduled","code":201,"info":"Your request has been received and scheduled to be processed"}},` +
		`"result":{"data":{"sharing_analytics_snapshot":{"sharing_analytics_snapshot_token":"` + snapshotToken + `","date_initiated":"Fri, 27 Jan 2012 16:08:37 +0100"}}}}}`
	f.handle("/sharing/analytics/snapshots.json", expect{method: "PUT", body: `{"request":{"analytics":{"sharing":{"sharing_message_token":"` + sharingMessageToken + `"}}}}`}, 201, body)
	res, err := f.client.SharingAnalytics.Initiate(context.Background(), sharingMessageToken, "")
	if err != nil || res.AlreadyPending || res.Snapshot.SharingAnalyticsSnapshotToken != snapshotToken {
		t.Fatalf("%+v, %v", res, err)
	}
}

func TestSnapshotListFilters(t *testing.T) {
	f := setup(t)
	f.handle("/sharing/analytics/snapshots.json", expect{method: "GET", query: url.Values{"user_token": {userToken}, "entries_per_page": {"5"}}}, 200,
		ok(200, "/sharing/analytics/snapshots.json", `{"sharing_analytics_snapshots":{"count":1,"entries":[{"sharing_analytics_snapshot_token":"`+snapshotToken+`","status":"processed"}]}}`))
	page, err := f.client.SharingAnalytics.List(context.Background(), &SnapshotListOptions{UserToken: userToken, ListOptions: ListOptions{EntriesPerPage: 5}})
	if err != nil || len(page.Entries) != 1 || page.Entries[0].Status != "processed" {
		t.Fatalf("%+v, %v", page, err)
	}
}

func TestSnapshotBadInputSendsNothing(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	if _, err := f.client.SharingAnalytics.Initiate(ctx, "nope", ""); !errors.Is(err, ErrInvalidInput) {
		t.Error(err)
	}
	if _, err := f.client.SharingAnalytics.Initiate(ctx, sharingMessageToken, "/relative"); !errors.Is(err, ErrInvalidInput) {
		t.Error(err)
	}
	if _, err := f.client.SharingAnalytics.List(ctx, &SnapshotListOptions{IdentityToken: "x"}); !errors.Is(err, ErrInvalidInput) {
		t.Error(err)
	}
	if _, err := f.client.SharingAnalytics.Get(ctx, ""); !errors.Is(err, ErrInvalidInput) {
		t.Error(err)
	}
	if err := f.client.SharingAnalytics.Delete(ctx, "1"); !errors.Is(err, ErrInvalidInput) {
		t.Error(err)
	}
	if len(f.hits) != 0 {
		t.Errorf("requests were sent: %v", f.hits)
	}
}
