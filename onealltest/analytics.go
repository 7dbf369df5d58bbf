package onealltest

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"syscall"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// Sharing analytics: snapshots of what a published message drew. A
// snapshot is scheduled, then processed once the logical clock has moved
// snapshotDelay past its initiation (through other changes, or Advance); it
// then counts the referrals of the message's tracked short URLs, and its
// pingback_uri, if any, gets the snapshot POSTed as OneAll's envelope.
// Pingbacks go to loopback addresses only: the fake refuses any other host
// when the snapshot is initiated, and its dialer refuses to connect
// anywhere but a loopback address.

// Texts of the Sharing Analytics API: infoSnapshotDeleted, infoScheduled
// and infoSnapshotPending are documented, the other is the fake's wording.
const (
	infoSnapshotDeleted = "The sharing analytics snapshot has been deleted successfully"
	infoScheduled       = "Your request has been received and scheduled to be processed"
	infoSnapshotPending = "There is already a pending snapshot for the given message"
	infoNoSnapshot      = "No sharing_analytics_snapshot has been found for the specified token"
)

const (
	// snapshotDelay is how long a snapshot takes on the logical clock.
	snapshotDelay = 2 * time.Minute
	// pingbackTimeout bounds the delivery of one pingback.
	pingbackTimeout = 5 * time.Second
)

// snapshot is an analytics snapshot of a message.
type snapshot struct {
	token               string
	message             *sharingMessage
	initiated, finished time.Time // finished is zero while it is scheduled
	pingback            string
	measured            []measuredPublication
}

// measuredPublication is a publication and the referrals of its URLs when
// the snapshot was processed.
type measuredPublication struct {
	pub  *publication
	urls []urlCount
}

type urlCount struct {
	Target       string `json:"target"`
	NumReferrals int    `json:"num_referrals"`
}

// analyticsState is the site's snapshots. The Server's mu guards it.
type analyticsState struct {
	byToken map[string]*snapshot
	list    []*snapshot // by initiation date
}

func (as *analyticsState) init() { as.byToken = map[string]*snapshot{} }

// pingback is a delivery to make once the lock is released: a snapshot's
// pingback, or a processed video's callback (video.go).
type pingback struct {
	uri  string
	body []byte
	at   time.Time // when it was processed, on the logical clock
}

// settleLocked processes what the logical clock has made due, snapshots
// and queued videos (video.go), and returns their deliveries in the order
// processed. s.mu is held for writing.
func (s *Server) settleLocked() []pingback {
	now := s.Now()
	out := append(s.settleSnapshotsLocked(now), s.settleVideosLocked(now)...)
	slices.SortStableFunc(out, func(a, b pingback) int { return a.at.Compare(b.at) })
	return out
}

// settleSnapshotsLocked processes the snapshots whose time has come and
// returns their pingbacks. s.mu is held for writing.
func (s *Server) settleSnapshotsLocked(now time.Time) []pingback {
	var out []pingback
	for _, sn := range s.st.analytics.list {
		due := sn.initiated.Add(snapshotDelay)
		if !sn.finished.IsZero() || now.Before(due) {
			continue
		}
		sn.finished = due
		for _, p := range sn.message.publications {
			if p.status.Flag == "error" {
				continue
			}
			m := measuredPublication{pub: p, urls: []urlCount{}}
			for _, su := range p.shortURLs {
				m.urls = append(m.urls, urlCount{Target: su.original, NumReferrals: su.numReferrals})
			}
			sn.measured = append(sn.measured, m)
		}
		s.st.changes++
		if sn.pingback != "" {
			out = append(out, pingback{uri: sn.pingback, body: s.pingbackBody(sn), at: due})
		}
	}
	return out
}

// settle is settleLocked under the lock.
func (s *Server) settle() []pingback {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settleLocked()
}

// pingbackBody is the envelope OneAll POSTs: the processed snapshot, as
// its read answers it.
func (s *Server) pingbackBody(sn *snapshot) []byte {
	env := envelope{Response: envelopeResponse{
		Request: api.RequestInfo{
			Date:     api.Timestamp{Time: sn.finished},
			Resource: "/sharing/analytics/snapshots/" + sn.token + ".json",
			Status:   api.Status{Flag: "success", Code: http.StatusOK, Info: infoOK},
		},
		Result: &envelopeResult{Data: map[string]any{"sharing_analytics_snapshot": s.snapshotDetails(sn)}},
	}}
	b, _ := encodeJSON(env) // plain values: cannot fail
	return b
}

// deliverPingbacks POSTs the pingbacks (and video callbacks), one after the
// other, each within pingbackTimeout and until Close, to loopback addresses
// only. Failures are dropped, as a pingback is not retried: an endpoint
// that fails or hangs delays only the request (or Advance) that delivers,
// never the lock, nor Close.
func (s *Server) deliverPingbacks(pbs []pingback) {
	if len(pbs) == 0 {
		return
	}
	timeout := pingbackTimeout
	if d := s.testPingbackTimeout.Load(); d > 0 {
		timeout = time.Duration(d)
	}
	dialer := &net.Dialer{Timeout: timeout, Control: loopbackOnly}
	hc := &http.Client{
		Timeout:       timeout,
		Transport:     &http.Transport{DialContext: dialer.DialContext, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	for _, pb := range pbs {
		if s.deliveries.Err() != nil {
			return // closed: the rest is dropped
		}
		ctx, cancel := context.WithTimeout(s.deliveries, timeout)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, pb.uri, bytes.NewReader(pb.body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", "onealltest-pingback")
			if resp, err := hc.Do(req); err == nil {
				resp.Body.Close()
			}
		}
		cancel()
	}
}

var errNotLoopback = errors.New("onealltest: pingbacks go to loopback addresses only")

// loopbackOnly refuses a connection to anything but a loopback address.
func loopbackOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return errNotLoopback
	}
	return nil
}

// loopbackURI reports whether a pingback_uri is an http(s) URL of a
// loopback host.
func loopbackURI(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || len(raw) > maxOriginalURL {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}

type snapshotNode struct {
	Token                string                     `json:"sharing_analytics_snapshot_token"`
	DateInitiated        api.Timestamp              `json:"date_initiated"`
	Status               string                     `json:"status"`
	DateFinished         *api.Timestamp             `json:"date_finished,omitempty"`
	SharingMessage       sharingMessageNode         `json:"sharing_message"`
	PublicationSnapshots *countedList[measuredNode] `json:"publication_snapshots,omitempty"`
}

type measuredNode struct {
	Publication         pubNode `json:"publication"`
	PublicationSnapshot struct {
		DateProcessed api.Timestamp          `json:"date_processed"`
		Status        api.Status             `json:"status"`
		URLs          *countedList[urlCount] `json:"urls"`
	} `json:"publication_snapshot"`
}

// snapshotSummary is a snapshot as the list shows it.
func (sn *snapshot) summary() snapshotNode {
	n := snapshotNode{Token: sn.token, DateInitiated: api.Timestamp{Time: sn.initiated}, Status: "scheduled",
		SharingMessage: sn.message.summary()}
	if !sn.finished.IsZero() {
		n.Status, n.DateFinished = "processed", &api.Timestamp{Time: sn.finished}
	}
	return n
}

// snapshotDetails adds what was measured, once processed.
func (s *Server) snapshotDetails(sn *snapshot) snapshotNode {
	n := sn.summary()
	if !sn.finished.IsZero() {
		n.PublicationSnapshots = counted(sn.measured, func(m measuredPublication) measuredNode {
			var mn measuredNode
			mn.Publication = s.pubNode(m.pub)
			ps := &mn.PublicationSnapshot
			ps.DateProcessed = api.Timestamp{Time: sn.finished}
			ps.Status = api.Status{Flag: "success", Code: http.StatusOK}
			ps.URLs = counted(m.urls, func(u urlCount) urlCount { return u })
			return mn
		})
	}
	return n
}

// PUT /sharing/analytics/snapshots.json: 201 scheduled, or 207 with the
// snapshot already pending for the message.
func (s *Server) initiateSharingAnalyticsSnapshot(c *call) *response {
	var body api.InitiateSharingAnalyticsSnapshotBody // a null pingback_uri reads as none
	if _, bad := c.decodeBody(&body, "request->analytics->sharing", "request", "analytics", "sharing"); bad != nil {
		return bad
	}
	in := body.Request.Analytics.Sharing
	if in.SharingMessageToken == "" {
		return c.bad("request->analytics->sharing->sharing_message_token")
	}
	if in.PingbackURI != "" && !loopbackURI(in.PingbackURI) {
		return c.fail(http.StatusBadRequest, badNode("request->analytics->sharing->pingback_uri")+
			" The test server sends pingbacks to loopback addresses only (127.0.0.1, ::1, localhost).")
	}
	due := s.settle()
	defer s.deliverPingbacks(due)
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.st.sharing.messages[in.SharingMessageToken]
	if m == nil {
		return c.fail(http.StatusNotFound, infoNoSharingMessage)
	}
	as := &s.st.analytics
	for _, sn := range as.list {
		if sn.message == m && sn.finished.IsZero() {
			return c.reply(http.StatusMultiStatus, "success", infoSnapshotPending,
				&envelopeResult{Data: map[string]any{"sharing_analytics_snapshot": sn.summary()}})
		}
	}
	sn := &snapshot{token: s.st.newLoginToken(), message: m, initiated: s.tick(), pingback: in.PingbackURI}
	as.byToken[sn.token] = sn
	as.list = append(as.list, sn)
	s.st.changes++
	n := sn.summary()
	return c.reply(http.StatusCreated, "scheduled", infoScheduled, &envelopeResult{Data: map[string]any{"sharing_analytics_snapshot": n}})
}

// GET /sharing/analytics/snapshots/{token}.json
func (s *Server) getSharingAnalyticsSnapshot(c *call) *response {
	defer s.deliverPingbacks(s.settle())
	s.mu.RLock()
	defer s.mu.RUnlock()
	sn := s.st.analytics.byToken[c.token]
	if sn == nil {
		return c.fail(http.StatusNotFound, infoNoSnapshot)
	}
	return c.ok(http.StatusOK, map[string]any{"sharing_analytics_snapshot": s.snapshotDetails(sn)}, nil)
}

// DELETE /sharing/analytics/snapshots/{token}.json?confirm_deletion=true
func (s *Server) deleteSharingAnalyticsSnapshot(c *call) *response {
	if bad := c.confirmed(); bad != nil {
		return bad
	}
	defer s.deliverPingbacks(s.settle())
	s.mu.Lock()
	defer s.mu.Unlock()
	as := &s.st.analytics
	sn := as.byToken[c.token]
	if sn == nil {
		return c.fail(http.StatusNotFound, infoNoSnapshot)
	}
	delete(as.byToken, sn.token)
	as.list = slices.DeleteFunc(as.list, func(x *snapshot) bool { return x == sn })
	s.st.changes++
	return c.reply(http.StatusOK, "success", infoSnapshotDeleted, nil)
}

// GET /sharing/analytics/snapshots.json, filtered on the identity or user
// that a publication of the message was made for.
func (s *Server) listSharingAnalyticsSnapshots(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	identity, _ := c.param("identity_token")
	user, _ := c.param("user_token")
	defer s.deliverPingbacks(s.settle())
	s.mu.RLock()
	defer s.mu.RUnlock()
	var keep []*snapshot
	for _, sn := range s.st.analytics.list {
		if (identity == "" || sn.publishedFor(func(p *publication) bool { return p.identityToken == identity })) &&
			(user == "" || sn.publishedFor(func(p *publication) bool { return p.userToken == user })) {
			keep = append(keep, sn)
		}
	}
	page := pageMapped(keep, p, (*snapshot).summary)
	return c.ok(http.StatusOK, map[string]any{"sharing_analytics_snapshots": page}, nil)
}

func (sn *snapshot) publishedFor(match func(*publication) bool) bool {
	return slices.ContainsFunc(sn.message.publications, match)
}
