package onealltest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The Push API: an identity publishes on its own social network. What it
// publishes is kept on the identity and listed by the Pull API (pull.go).
// OneAll published no Push answer: the result node push{id, picture_id,
// status} is inferred (only picture_id is a documented name).

// Texts of the Push API. 403 is OneAll's documented status for a request
// "understood, but refused"; the texts are inferred.
const (
	infoNotPublisher = "The identity cannot publish on this social network: it is an identity of the provider "
	infoNoPage       = "No page has been found for the specified page_id"
	infoNoCompany    = "No company has been found for the specified company_id"
	infoNoBoard      = "No board has been found for the specified board_id"
)

// published is something an identity published through the Push API.
type published struct {
	id   string
	kind string // post, picture, video, pin
	// target is the page, company or board it was published on, "" for the
	// identity's own profile.
	target  string
	created time.Time
	// inFeed: it shows in the posts Pull lists (a picture uploaded with
	// create_post=false, or a Twitter picture, is only media to attach).
	inFeed bool
	fields map[string]any // the members as pushed
}

// pushSpec says what one Push operation takes.
type pushSpec struct {
	provider, node, kind string
	required             []string // members that must be non-empty strings
	// target names the member that holds a page, company or board id, or
	// "" (the board of PushPinterestPin is its path's).
	target string
	// inFeed says whether what is pushed shows in Pull's posts.
	inFeed func(fields map[string]any) bool
	// async videos are queued (Twitter, YouTube).
	async bool
}

func feedAlways(map[string]any) bool { return true }
func feedNever(map[string]any) bool  { return false }

// createPost is Facebook's create_post, true unless given false.
func createPost(f map[string]any) bool { v, ok := f["create_post"].(bool); return !ok || v }

// pushBody is request.push.<node>.
type pushBody struct {
	Request struct {
		Push map[string]map[string]any `json:"push"`
	} `json:"request"`
}

// push serves one Push operation.
func (s *Server) push(c *call, sp pushSpec, pathTarget string) *response {
	var in pushBody
	if _, bad := c.decodeBody(&in, "request->push", "request", "push", sp.node); bad != nil {
		return bad
	}
	fields := in.Request.Push[sp.node]
	at := "request->push->" + sp.node + "->"
	for _, name := range sp.required {
		if v, ok := fields[name].(string); !ok || strings.TrimSpace(v) == "" {
			return c.bad(at + name)
		}
	}
	callback, bad := c.videoCallback(sp, fields, at)
	if bad != nil {
		return bad
	}
	// What the clock made due is processed first, and delivered once the
	// lock is released (deferred calls run last first).
	var due []pingback
	defer func() { s.deliverPingbacks(due) }()
	defer s.lock(true)()
	due = s.settleLocked()
	id := s.st.identities[c.token]
	if id == nil {
		return c.noIdentity()
	}
	if id.provider != sp.provider {
		return c.fail(http.StatusForbidden, infoNotPublisher+id.provider)
	}
	target := pathTarget
	if sp.target != "" {
		target, _ = fields[sp.target].(string)
	}
	if target != "" && !hasTarget(id, target) {
		if pathTarget != "" {
			return c.fail(http.StatusNotFound, infoNoBoard)
		}
		return c.bad(at + sp.target)
	}
	if bad := c.checkAttachments(id, fields, at); bad != nil {
		return bad
	}
	p := &published{id: s.newPushID(), kind: sp.kind, target: target, created: s.tick(), inFeed: sp.inFeed(fields), fields: fields}
	delete(fields, sp.target)
	id.published = append(id.published, p)
	s.queueVideo(c, id, p, callback)
	s.st.changes++
	node := map[string]any{"id": p.id, "status": "published"}
	if sp.kind == "picture" {
		node["picture_id"] = p.id
	}
	if sp.async {
		node["status"] = "queued"
	}
	return c.ok(http.StatusOK, map[string]any{"push": node}, nil)
}

// videoCallback returns the callback_url of an asynchronous video ("" for
// none: absent, null or empty), which must be an http(s) URL of a loopback
// host, since the fake POSTs the result there (video.go).
func (c *call) videoCallback(sp pushSpec, fields map[string]any, at string) (string, *response) {
	raw, given := fields["callback_url"]
	if !sp.async || !given || raw == nil {
		return "", nil
	}
	callback, ok := raw.(string)
	if !ok {
		return "", c.bad(at + "callback_url")
	}
	if callback != "" && !loopbackURI(callback) {
		return "", c.fail(http.StatusBadRequest, badNode(at+"callback_url")+
			" The test server sends video callbacks to loopback addresses only (127.0.0.1, ::1, localhost).")
	}
	return callback, nil
}

// checkAttachments refuses attachments that are not pictures the identity
// uploaded.
func (c *call) checkAttachments(id *identity, fields map[string]any, at string) *response {
	raw, given := fields["attachments"]
	if !given {
		return nil
	}
	list, ok := raw.([]any)
	if !ok {
		return c.bad(at + "attachments")
	}
	for _, a := range list {
		ref := fmt.Sprint(a)
		if !hasPicture(id, ref) {
			return c.bad(at + "attachments")
		}
	}
	return nil
}

func hasPicture(id *identity, ref string) bool {
	for _, p := range id.published {
		if p.kind == "picture" && p.id == ref {
			return true
		}
	}
	return false
}

// newPushID draws a provider-style numeric id (18 digits, as Twitter's and
// Facebook's media ids in OneAll's examples).
func (s *Server) newPushID() string {
	return strconv.FormatUint(100_000_000_000_000_000+s.st.tokens.Uint64N(900_000_000_000_000_000), 10)
}

// ---- The pages, companies and boards of an identity: seeded from it.

// target is a page, company or board an identity administers.
type ownedPage struct{ id, name string }

var targetNames = map[string][]string{
	"facebook":  {"Corner Bakery", "Hiking Club", "Book Corner", "Jazz Nights"},
	"linkedin":  {"Acme Corp", "Globex", "Initech", "Umbrella Labs"},
	"pinterest": {"recipes", "travel", "garden", "design"},
}

// targetsOf returns the pages (Facebook), companies (LinkedIn) or boards
// (Pinterest) of an identity: two or three, fixed by its seed.
func targetsOf(id *identity) []ownedPage {
	names := targetNames[id.provider]
	if names == nil {
		return nil
	}
	r := rand.New(rand.NewPCG(id.seed, 0x9a9e))
	n := 2 + r.IntN(2)
	out := make([]ownedPage, n)
	for i := range out {
		out[i] = ownedPage{id: strconv.FormatUint(1_000_000_000+r.Uint64N(9_000_000_000), 10), name: names[(i+r.IntN(len(names)))%len(names)]}
	}
	return out
}

func hasTarget(id *identity, ref string) bool {
	for _, t := range targetsOf(id) {
		if t.id == ref {
			return true
		}
	}
	return false
}

// ---- Handlers, one per operation.

// POST /push/identities/{identity_token}/facebook/post.json
func (s *Server) pushFacebookPost(c *call) *response {
	return s.push(c, pushSpec{provider: "facebook", node: "post", kind: "post", inFeed: feedAlways}, "")
}

// POST /push/identities/{identity_token}/facebook/picture.json
func (s *Server) pushFacebookPicture(c *call) *response {
	return s.push(c, pushSpec{provider: "facebook", node: "picture", kind: "picture", required: []string{"url"}, inFeed: createPost}, "")
}

// POST /push/identities/{identity_token}/facebook/video.json
func (s *Server) pushFacebookVideo(c *call) *response {
	return s.push(c, pushSpec{provider: "facebook", node: "video", kind: "video", required: []string{"url"}, inFeed: createPost}, "")
}

// POST /push/identities/{identity_token}/facebook/page/post.json
func (s *Server) pushFacebookPagePost(c *call) *response {
	return s.push(c, pushSpec{provider: "facebook", node: "page", kind: "post", required: []string{"id"}, target: "id", inFeed: feedAlways}, "")
}

// POST /push/identities/{identity_token}/facebook/page/picture.json
func (s *Server) pushFacebookPagePicture(c *call) *response {
	return s.push(c, pushSpec{provider: "facebook", node: "page", kind: "picture", required: []string{"id", "url"}, target: "id", inFeed: feedAlways}, "")
}

// POST /push/identities/{identity_token}/linkedin/post.json
func (s *Server) pushLinkedInPost(c *call) *response {
	return s.push(c, pushSpec{provider: "linkedin", node: "post", kind: "post", required: []string{"link"}, inFeed: feedAlways}, "")
}

// POST /push/identities/{identity_token}/linkedin/company/post.json
func (s *Server) pushLinkedInCompanyPost(c *call) *response {
	return s.push(c, pushSpec{provider: "linkedin", node: "post", kind: "post", required: []string{"company", "link"}, target: "company", inFeed: feedAlways}, "")
}

// POST /push/identities/{identity_token}/pinterest/board/{board_id}/pin.json
func (s *Server) pushPinterestPin(c *call) *response {
	return s.push(c, pushSpec{provider: "pinterest", node: "pin", kind: "pin", required: []string{"picture"}, inFeed: feedAlways}, c.pathParam("board_id"))
}

// POST /push/identities/{identity_token}/pinterest/pin.json (the older path)
func (s *Server) pushPinterestPinLegacy(c *call) *response {
	return s.push(c, pushSpec{provider: "pinterest", node: "pin", kind: "pin", required: []string{"board", "picture"}, target: "board", inFeed: feedAlways}, "")
}

// POST /push/identities/{identity_token}/twitter/post.json
func (s *Server) pushTwitterPost(c *call) *response {
	return s.push(c, pushSpec{provider: "twitter", node: "post", kind: "post", required: []string{"message"}, inFeed: feedAlways}, "")
}

// POST /push/identities/{identity_token}/twitter/picture.json
func (s *Server) pushTwitterPicture(c *call) *response {
	return s.push(c, pushSpec{provider: "twitter", node: "picture", kind: "picture", required: []string{"url"}, inFeed: feedNever}, "")
}

// POST /push/identities/{identity_token}/twitter/video.json
func (s *Server) pushTwitterVideo(c *call) *response {
	return s.push(c, pushSpec{provider: "twitter", node: "video", kind: "video", required: []string{"video_url"}, inFeed: feedAlways, async: true}, "")
}

// POST /push/identities/{identity_token}/youtube/video.json
func (s *Server) pushYouTubeVideo(c *call) *response {
	return s.push(c, pushSpec{provider: "youtube", node: "video", kind: "video", required: []string{"video_url", "title"}, inFeed: feedAlways, async: true}, "")
}
