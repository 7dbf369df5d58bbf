package wrapper

import (
	"context"
	"iter"
	"net/http"

	"github.com/oneall-go/oneall-go/api"
)

// SharingAnalyticsService measures published messages: a snapshot counts
// the clicks on a message's tracked URLs and the reactions on each network.
// A snapshot takes time: Initiate schedules it, and OneAll either requests
// a pingback URI when it is processed (see package callbacks) or is polled
// with Get.
type SharingAnalyticsService struct{ c *Client }

// SnapshotListOptions selects a page of snapshots.
type SnapshotListOptions struct {
	ListOptions
	// IdentityToken and UserToken keep only the snapshots of messages
	// published for that identity or user (both: for both).
	IdentityToken, UserToken string
}

// InitiateResult is a scheduled snapshot.
type InitiateResult struct {
	// Snapshot is the new snapshot, or the pending one when AlreadyPending.
	Snapshot api.SharingAnalyticsSnapshot
	// AlreadyPending is true when OneAll answered 207: a snapshot of the
	// message was already pending (one at a time per message), and no new
	// one was scheduled.
	AlreadyPending bool
}

// Initiate schedules a snapshot of a published message. pingbackURI, when
// not empty, is an absolute http(s) URL that OneAll requests once the
// snapshot is processed. A second snapshot of the same message is not
// scheduled while one is pending: the result is then AlreadyPending. Each
// call may schedule a snapshot, so Initiate is never retried once it may
// have reached OneAll.
func (s *SharingAnalyticsService) Initiate(ctx context.Context, sharingMessageToken, pingbackURI string, opts ...Option) (*InitiateResult, error) {
	if err := checkToken("sharing_message_token", sharingMessageToken); err != nil {
		return nil, err
	}
	if pingbackURI != "" {
		if err := checkHTTPURL("pingback_uri", pingbackURI); err != nil {
			return nil, err
		}
	}
	var body api.InitiateSharingAnalyticsSnapshotBody
	sh := &body.Request.Analytics.Sharing
	sh.SharingMessageToken, sh.PingbackURI = sharingMessageToken, pingbackURI
	d, err := call[api.SharingAnalyticsSnapshotData](ctx, s.c, opts, opInitiateSharingAnalyticsSnapshot, hasSnapshot, func(server string) (*http.Request, error) {
		return api.NewInitiateSharingAnalyticsSnapshotRequest(server, body)
	})
	if err != nil {
		return nil, err
	}
	return &InitiateResult{Snapshot: d.data.SharingAnalyticsSnapshot, AlreadyPending: d.status == http.StatusMultiStatus}, nil
}

// Get returns a snapshot; once processed (Status "processed") it holds
// what was measured of each publication in PublicationSnapshots.
func (s *SharingAnalyticsService) Get(ctx context.Context, snapshotToken string, opts ...Option) (*api.SharingAnalyticsSnapshot, error) {
	if err := checkToken("sharing_analytics_snapshot_token", snapshotToken); err != nil {
		return nil, err
	}
	d, err := callPlain[api.SharingAnalyticsSnapshotData](ctx, s.c, opts, opGetSharingAnalyticsSnapshot, hasSnapshot, snapshotToken)
	if err != nil {
		return nil, err
	}
	return &d.data.SharingAnalyticsSnapshot, nil
}

// Delete deletes a snapshot (it sends confirm_deletion=true). OneAll
// answers with a status and no result, so only an error is returned.
func (s *SharingAnalyticsService) Delete(ctx context.Context, snapshotToken string, opts ...Option) error {
	if err := checkToken("sharing_analytics_snapshot_token", snapshotToken); err != nil {
		return err
	}
	_, err := call[map[string]any](ctx, s.c, opts, opDeleteSharingAnalyticsSnapshot.payloadOptional(), nil, func(server string) (*http.Request, error) {
		return api.NewDeleteSharingAnalyticsSnapshotRequest(server, snapshotToken, &api.DeleteSharingAnalyticsSnapshotParams{ConfirmDeletion: true})
	})
	return err
}

// List returns one page of the site's snapshots.
func (s *SharingAnalyticsService) List(ctx context.Context, so *SnapshotListOptions, opts ...Option) (*Page[api.SharingAnalyticsSnapshot], error) {
	o := deref(so)
	if err := o.validate(false); err != nil {
		return nil, err
	}
	params := &api.ListSharingAnalyticsSnapshotsParams{}
	params.Page, params.EntriesPerPage, params.OrderDirection = o.query()
	for field, tok := range map[string]*string{"identity_token": &o.IdentityToken, "user_token": &o.UserToken} {
		if *tok != "" {
			if err := checkToken(field, *tok); err != nil {
				return nil, err
			}
		}
	}
	if o.IdentityToken != "" {
		params.IdentityToken = &o.IdentityToken
	}
	if o.UserToken != "" {
		params.UserToken = &o.UserToken
	}
	d, err := call[snapshotListData](ctx, s.c, opts, opListSharingAnalyticsSnapshots, hasSnapshots, func(server string) (*http.Request, error) {
		return api.NewListSharingAnalyticsSnapshotsRequest(server, params)
	})
	if err != nil {
		return nil, err
	}
	l := d.data.SharingAnalyticsSnapshots
	return newPage(l.Entries, l.Pagination), nil
}

// All iterates over every snapshot (filtered as so says), page by page
// (see IdentitiesService.All).
func (s *SharingAnalyticsService) All(ctx context.Context, so *SnapshotListOptions, opts ...Option) iter.Seq2[api.SharingAnalyticsSnapshot, error] {
	o := deref(so)
	return paginate(ctx, s.c, opts, o.ListOptions, func(ctx context.Context, lo *ListOptions) (*Page[api.SharingAnalyticsSnapshot], error) {
		page := o // each fetch its own copy: pages may be fetched at once
		page.ListOptions = *lo
		return s.List(ctx, &page, opts...)
	})
}

func hasSnapshot(d *api.SharingAnalyticsSnapshotData) string {
	if d.SharingAnalyticsSnapshot.SharingAnalyticsSnapshotToken == "" {
		return "sharing_analytics_snapshot"
	}
	return ""
}

// snapshotListData is api.SharingAnalyticsSnapshotListData with the list as a pointer.
type snapshotListData struct {
	SharingAnalyticsSnapshots *api.SharingAnalyticsSnapshotList `json:"sharing_analytics_snapshots"`
}

func hasSnapshots(d *snapshotListData) string {
	if d.SharingAnalyticsSnapshots == nil {
		return "sharing_analytics_snapshots"
	}
	return ""
}
