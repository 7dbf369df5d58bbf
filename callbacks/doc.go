// Package callbacks serves the requests that OneAll makes to a site on its
// own, in the style of package login: today the pingback of a sharing
// analytics snapshot (see wrapper.SharingAnalyticsService.Initiate).
//
// OneAll POSTs its usual JSON envelope to the pingback_uri once a snapshot
// is processed; OneAll's example handler reads
// response.request.status.code (200) and
// response.result.data.sharing_analytics_snapshot.sharing_analytics_snapshot_token.
// OneAll documents no signature or secret for it, so the handler trusts
// nothing of the body but the token: it reads the snapshot back from OneAll
// with the site's keys (a forged pingback names no snapshot of the site,
// or one that is not processed), and hands the application what OneAll
// answered.
//
//	http.Handle("/oneall/pingback", callbacks.Snapshots(client, func(w http.ResponseWriter, r *http.Request, snap *api.SharingAnalyticsSnapshot) {
//		// store snap.PublicationSnapshots ...
//	}, nil))
//
// Anything malformed (a method other than POST, a body over
// MaxPingbackBody, not one JSON envelope, no token, a token that is not a
// UUID) fails closed with ErrInvalidPingback before any request to OneAll;
// an envelope whose status is not 200 is ErrSnapshotFailed. The handler
// logs nothing; errors carry neither the body nor the site's keys.
package callbacks
