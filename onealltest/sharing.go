package onealltest

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// The Advanced Sharing API: messages published on the social networks of
// the site's users. A publication for a user makes one publication per
// identity of each provider asked for; with tracking, each successful
// publication's link is a new short URL of the site (see shorturls.go),
// whose referrals the analytics snapshots count.

// Texts of the Sharing API: infoSharingMessageDeleted is documented, the
// others are the fake's wording.
const (
	infoSharingMessageDeleted = "The specified sharing_message has successfully been removed"
	infoNoSharingMessage      = "No sharing_message has been found for the specified sharing_message_token"
	infoNothingPublished      = "The message could not be published: none of the identities can publish on their social network"
	infoProviderCannotPublish = "The social network of this identity does not allow publishing"
	msgPublished              = "The message has been published"
	msgNoIdentityOfProvider   = "The user has no identity of this provider"
)

const (
	// maxSharingBody bounds the body of a publication: MaxUploadBytes of
	// files in base64, and the rest of the message.
	maxSharingBody = 8 << 20
	// maxUploadBytes bounds the files of a message, decoded (the
	// wrapper's MaxUploadBytes).
	maxUploadBytes = 5 << 20
	// maxUploads bounds the files of a message (the wrapper's MaxUploads).
	maxUploads = 4
)

// publishers are the providers on which the fake publishes (inferred: the
// networks OneAll's Sharing API and its SDKs name, among those the fake
// knows). An identity of another provider cannot publish.
var publishers = map[string]bool{"facebook": true, "twitter": true, "linkedin": true, "vkontakte": true, "pinterest": true}

// bodyLimit is the largest body the server reads for an operation.
func bodyLimit(op string) int {
	if op == "PublishSharingMessage" {
		return maxSharingBody
	}
	return maxRequestBody
}

// sharingMessage is a message published through the API.
type sharingMessage struct {
	token                  string
	created, lastPublished time.Time
	parts                  partsNode
	tracking               bool
	publications           []*publication
}

// publication is a message published on one network for one identity (or
// the failure to do so).
type publication struct {
	provider, userToken, identityToken string
	at                                 time.Time
	status                             api.Status
	shortURLs                          []*shortURL
}

// sharingState is the site's messages and shared pages. The Server's mu
// guards it.
type sharingState struct {
	messages    map[string]*sharingMessage
	messageList []*sharingMessage // by creation date
	pages       []*sharedPage     // seeded, see sharingpages.go
}

func (ss *sharingState) init() {
	ss.messages = map[string]*sharingMessage{}
	ss.pages = seedPages()
}

// partsNode is the parts of a message as the API shows them (uploads and
// flags are not shown: OneAll's example has neither).
type partsNode struct {
	Text    *api.SharingText  `json:"text,omitempty"`
	Picture *api.SharingMedia `json:"picture,omitempty"`
	Video   *api.SharingMedia `json:"video,omitempty"`
	Link    *api.SharingLink  `json:"link,omitempty"`
}

type sharingMessageNode struct {
	SharingMessageToken string                `json:"sharing_message_token"`
	DateCreation        api.Timestamp         `json:"date_creation"`
	DateLastPublished   api.Timestamp         `json:"date_last_published"`
	Parts               *partsNode            `json:"parts,omitempty"`
	Publications        *countedList[pubNode] `json:"publications,omitempty"`
}

type pubNode struct {
	Provider        string                     `json:"provider"`
	UserToken       string                     `json:"user_token"`
	IdentityToken   string                     `json:"identity_token,omitempty"`
	DatePublication api.Timestamp              `json:"date_publication"`
	Status          api.Status                 `json:"status"`
	ShortURLs       *countedList[shortURLNode] `json:"shorturls,omitempty"`
}

// countedList is a list without pagination.
type countedList[T any] struct {
	Count   int `json:"count"`
	Entries []T `json:"entries"`
}

func counted[T, N any](items []T, node func(T) N) *countedList[N] {
	l := &countedList[N]{Count: len(items), Entries: make([]N, len(items))}
	for i, x := range items {
		l.Entries[i] = node(x)
	}
	return l
}

// summary is a message in the list (documented: token and dates).
func (m *sharingMessage) summary() sharingMessageNode {
	return sharingMessageNode{SharingMessageToken: m.token, DateCreation: api.Timestamp{Time: m.created},
		DateLastPublished: api.Timestamp{Time: m.lastPublished}}
}

// details is a message with its parts and publications.
func (s *Server) messageDetails(m *sharingMessage) sharingMessageNode {
	n := m.summary()
	parts := m.parts
	n.Parts = &parts
	n.Publications = counted(m.publications, func(p *publication) pubNode { return s.pubNode(p) })
	return n
}

func (s *Server) pubNode(p *publication) pubNode {
	n := pubNode{Provider: p.provider, UserToken: p.userToken, IdentityToken: p.identityToken,
		DatePublication: api.Timestamp{Time: p.at}, Status: p.status}
	if p.shortURLs != nil {
		n.ShortURLs = counted(p.shortURLs, s.shortURLNode)
	}
	return n
}

// audience is publish_for_user or publish_for_identity as sent.
type audience struct {
	ForUser *struct {
		UserToken string   `json:"user_token"`
		Providers []string `json:"providers"`
	} `json:"publish_for_user"`
	ForIdentity *struct {
		IdentityToken string `json:"identity_token"`
	} `json:"publish_for_identity"`
}

// check answers 400 unless exactly one audience is given, with providers
// that OneAll knows.
func (a *audience) check(c *call) *response {
	const at = "request->sharing_message->"
	switch {
	case (a.ForUser == nil) == (a.ForIdentity == nil):
		return c.bad(at + "publish_for_user")
	case a.ForIdentity != nil:
		return nil
	}
	if len(a.ForUser.Providers) == 0 {
		return c.bad(at + "publish_for_user->providers")
	}
	for _, p := range a.ForUser.Providers {
		if _, known := providers[p]; !known && !publishers[p] {
			return c.bad(at + "publish_for_user->providers")
		}
	}
	return nil
}

// publish makes the publications of m for the audience at now, or answers
// why none could be made. s.mu is held for writing.
func (s *Server) publish(c *call, m *sharingMessage, a *audience, now time.Time) ([]*publication, *response) {
	st := &s.st
	var pubs []*publication // in the order of the providers asked for
	if a.ForIdentity != nil {
		id := st.identities[a.ForIdentity.IdentityToken]
		if id == nil {
			return nil, c.noIdentity()
		}
		if !publishers[id.provider] {
			return nil, c.fail(http.StatusForbidden, infoProviderCannotPublish)
		}
		pubs = append(pubs, publicationOf(id, now))
	} else {
		u := st.users[a.ForUser.UserToken]
		if u == nil {
			return nil, c.noUser()
		}
		for _, p := range a.ForUser.Providers {
			n := len(pubs)
			for _, id := range u.identities {
				if id.provider == p {
					pubs = append(pubs, publicationOf(id, now))
				}
			}
			if len(pubs) == n {
				pubs = append(pubs, &publication{provider: p, userToken: u.token, at: now,
					status: api.Status{Flag: "error", Code: http.StatusNotFound, Message: msgNoIdentityOfProvider}})
			}
		}
	}
	if !slices.ContainsFunc(pubs, func(p *publication) bool { return p.status.Flag == "success" }) {
		return nil, c.fail(http.StatusForbidden, infoNothingPublished)
	}
	for _, p := range pubs {
		if p.status.Flag == "success" && m.tracking && m.parts.Link != nil {
			p.shortURLs = []*shortURL{st.addShortURL(m.parts.Link.URL, now)}
		}
	}
	return pubs, nil
}

// publicationOf publishes on an identity's network, if it allows it.
func publicationOf(id *identity, now time.Time) *publication {
	p := &publication{provider: id.provider, userToken: id.user.token, identityToken: id.token, at: now,
		status: api.Status{Flag: "success", Code: http.StatusOK, Message: msgPublished}}
	if !publishers[id.provider] {
		p.status = api.Status{Flag: "error", Code: http.StatusForbidden, Message: infoProviderCannotPublish}
	}
	return p
}

// published records publications and answers 200, or 207 when some failed.
func (s *Server) published(c *call, m *sharingMessage, pubs []*publication, now time.Time) *response {
	m.publications = append(m.publications, pubs...)
	m.lastPublished = now
	s.st.changes++
	status := http.StatusOK
	for _, p := range pubs {
		if p.status.Flag == "error" {
			status = http.StatusMultiStatus
		}
	}
	data := map[string]any{"sharing_message": s.messageDetails(m)}
	if status == http.StatusMultiStatus {
		return c.reply(status, "multistatus", infoMultiStatus, &envelopeResult{Data: data})
	}
	return c.ok(status, data, nil)
}

// POST /sharing/messages.json
func (s *Server) publishSharingMessage(c *call) *response {
	var body struct {
		Request struct {
			SharingMessage struct {
				audience
				Parts json.RawMessage `json:"parts"`
			} `json:"sharing_message"`
		} `json:"request"`
	}
	if _, bad := c.decodeBody(&body, "request->sharing_message", "request", "sharing_message"); bad != nil {
		return bad
	}
	in := &body.Request.SharingMessage
	if bad := in.audience.check(c); bad != nil {
		return bad
	}
	parts, tracking, bad := c.parseParts(in.Parts)
	if bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.tick()
	m := &sharingMessage{token: s.st.newLoginToken(), created: now, parts: parts, tracking: tracking}
	pubs, bad := s.publish(c, m, &in.audience, now)
	if bad != nil {
		return bad
	}
	s.st.sharing.messages[m.token] = m
	s.st.sharing.messageList = append(s.st.sharing.messageList, m)
	return s.published(c, m, pubs, now)
}

// POST /sharing/messages/{sharing_message_token}.json: re-publish.
func (s *Server) republishSharingMessage(c *call) *response {
	var body struct {
		Request struct {
			SharingMessage audience `json:"sharing_message"`
		} `json:"request"`
	}
	if _, bad := c.decodeBody(&body, "request->sharing_message", "request", "sharing_message"); bad != nil {
		return bad
	}
	a := &body.Request.SharingMessage
	if bad := a.check(c); bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.st.sharing.messages[c.token]
	if m == nil {
		return c.fail(http.StatusNotFound, infoNoSharingMessage)
	}
	now := s.tick()
	pubs, bad := s.publish(c, m, a, now)
	if bad != nil {
		return bad
	}
	return s.published(c, m, pubs, now)
}

// GET /sharing/messages/{sharing_message_token}.json
func (s *Server) getSharingMessage(c *call) *response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := s.st.sharing.messages[c.token]
	if m == nil {
		return c.fail(http.StatusNotFound, infoNoSharingMessage)
	}
	return c.ok(http.StatusOK, map[string]any{"sharing_message": s.messageDetails(m)}, nil)
}

// DELETE /sharing/messages/{sharing_message_token}.json?confirm_deletion=true:
// the message goes; its short URLs and snapshots stay.
func (s *Server) deleteSharingMessage(c *call) *response {
	if bad := c.confirmed(); bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := &s.st.sharing
	m := ss.messages[c.token]
	if m == nil {
		return c.fail(http.StatusNotFound, infoNoSharingMessage)
	}
	delete(ss.messages, m.token)
	ss.messageList = slices.DeleteFunc(ss.messageList, func(x *sharingMessage) bool { return x == m })
	s.st.changes++
	return c.reply(http.StatusOK, "success", infoSharingMessageDeleted, nil)
}

// GET /sharing/messages.json: the messages, oldest first.
func (s *Server) listSharingMessages(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	page := pageMapped(s.st.sharing.messageList, p, (*sharingMessage).summary)
	return c.ok(http.StatusOK, map[string]any{"sharing_messages": page}, nil)
}
