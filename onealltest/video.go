package onealltest

import (
	"net/http"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// Asynchronous videos (PushTwitterVideo, PushYouTubeVideo). OneAll documents
// that such a video is queued, then uploaded, and that "if you specify a
// callback_url, the result will be posted to that URL once the request has
// been processed". The push answers push{id, status: queued}; a video with
// a callback_url is processed videoDelay later on the logical clock (through
// other changes, or Advance), as a sharing analytics snapshot is, and its
// result is POSTed to the callback_url by the pingbacks' delivery
// (analytics.go): loopback hosts only, after the lock is released, each
// within pingbackTimeout, failures dropped. The body is inferred (OneAll
// never published it): OneAll's envelope, with the push's resource, a 200
// status and result.data.push{id, status: published}, the id the push
// answered and Pull lists. If the identity was deleted meanwhile, the body
// is the 404 that a push for it would get, with result.data.push{id} (the
// fake's choice, so that a callback handler can be tested on a failure).

// videoDelay is how long processing a queued video takes on the logical
// clock: two minutes, as a snapshot (snapshotDelay), so that one Advance of
// two minutes processes both, and so that a test sees the video queued
// first. OneAll says only that "the upload duration depends on the video
// size".
const videoDelay = 2 * time.Minute

// queuedVideo is a video pushed with a callback_url, not yet processed.
type queuedVideo struct {
	identity *identity // who pushed it; gone from the state if deleted
	video    *published
	resource string // the push's path, which the result echoes
	callback string // the callback_url, secret included: never in an answer
}

// queueVideo queues a video that has a callback_url. s.mu is held for
// writing.
func (s *Server) queueVideo(c *call, id *identity, p *published, callback string) {
	if callback == "" {
		return
	}
	s.st.videos = append(s.st.videos, &queuedVideo{identity: id, video: p, resource: c.r.URL.Path, callback: callback})
}

// settleVideosLocked processes the queued videos whose time has come and
// returns their callbacks, oldest first. s.mu is held for writing.
func (s *Server) settleVideosLocked(now time.Time) []pingback {
	var out []pingback
	keep := s.st.videos[:0]
	for _, q := range s.st.videos {
		due := q.video.created.Add(videoDelay)
		if now.Before(due) {
			keep = append(keep, q)
			continue
		}
		out = append(out, pingback{uri: q.callback, body: s.videoResult(q, due), at: due})
		s.st.changes++
	}
	clear(s.st.videos[len(keep):]) // drop the references of the processed
	s.st.videos = keep
	return out
}

// videoResult is the envelope POSTed about a processed video.
func (s *Server) videoResult(q *queuedVideo, at time.Time) []byte {
	status := api.Status{Flag: "success", Code: http.StatusOK, Info: infoOK}
	push := map[string]any{"id": q.video.id, "status": "published"}
	if s.st.identities[q.identity.token] != q.identity {
		status = api.Status{Flag: "error", Code: http.StatusNotFound, Info: infoNoIdentity}
		push = map[string]any{"id": q.video.id}
	}
	env := envelope{Response: envelopeResponse{
		Request: api.RequestInfo{Date: api.Timestamp{Time: at}, Resource: q.resource, Status: status},
		Result:  &envelopeResult{Data: map[string]any{"push": push}},
	}}
	b, _ := encodeJSON(env) // plain values: cannot fail
	return b
}
