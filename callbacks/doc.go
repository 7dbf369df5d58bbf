// Package callbacks serves the requests that OneAll makes to a site on its
// own, in the style of package login: the pingback of a sharing analytics
// snapshot (see wrapper.SharingAnalyticsService.Initiate) and the
// callback_url of an asynchronous video push (wrapper.PushService.TwitterVideo
// and YouTubeVideo).
//
// # Sharing analytics pingbacks
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
// an envelope whose status is not 200 is ErrSnapshotFailed.
//
// # Video callbacks
//
// OneAll documents only that it posts the result to the callback_url once
// the video is processed. The handler takes the body to be OneAll's JSON
// envelope (inferred) and, since OneAll signs nothing and no call reads a
// video back, authenticates the callback by a secret in the URL that only
// OneAll learns:
//
//	cb, err := callbacks.VideoCallbackURL("https://www.example.com/oneall/video", secret)
//	res, err := c.Push.YouTubeVideo(ctx, identityToken, wrapper.Video{URL: videoURL, Title: "Our film", CallbackURL: cb})
//	http.Handle("/oneall/video", callbacks.Videos(secret, func(w http.ResponseWriter, r *http.Request, v *callbacks.VideoResult) {
//		// v.Published(), v.Push.ID ...
//	}, nil))
//
// Anything malformed (a method other than POST, no or a wrong secret, a
// body over MaxVideoCallbackBody, not one JSON envelope, no status code)
// fails closed with ErrInvalidVideoCallback.
//
// A handler built with a nil client or function fails every request with
// ErrNotConfigured (500 by default) rather than panicking. Neither handler
// logs anything; errors carry neither the body nor the site's keys or the
// secret.
package callbacks
