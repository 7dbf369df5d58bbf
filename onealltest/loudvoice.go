package onealltest

import (
	"net/http"
	"slices"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// LoudVoice, OneAll's comments: discussions hold comments, which reply to
// one another (parent_comment_token), carry moderation flags and the votes
// of authors; author sessions tell the widget who is logged in. The texts of
// the answers are the fake's, but infoNoDiscussion, which OneAll's own
// LoudVoice plugin matches.
const (
	infoNoDiscussion          = "The node [request->discussion->discussion_token] is invalid, no discussion has been found for that token"
	infoNoDiscussionToken     = "No discussion has been found for the specified discussion_token"
	infoNoDiscussionReference = "No discussion has been found for the specified discussion_reference"
	infoNoComment             = "No comment has been found for the specified comment_token"
	infoNoParentComment       = "The node [request->comment->parent_comment_token] is invalid, no comment of this discussion has been found for that token"
	infoNoAuthor              = "No author has been found for the specified author_token"
	infoNoAuthorReference     = "No author has been found for the specified author_reference"
	infoNoAuthorSession       = "No author session has been found for the specified author_session_token"
	infoNoVote                = "No vote has been found for this comment and author"
	infoAuthorReferenceTaken  = "The author_reference is already used by another author"
	infoOwnComment            = "Authors may not vote for their own comments"
	infoDiscussionDeleted     = "The discussion has successfully been removed"
	infoCommentDeleted        = "The comment has successfully been removed"
	infoAuthorDeleted         = "The author has successfully been removed"
	infoAuthorSessionEnded    = "The author session has successfully been removed"
	infoVoteDeleted           = "The vote has successfully been removed"
)

// authorSessionLifetime is how long an author session lives (inferred:
// OneAll's SSO default).
const authorSessionLifetime = 24 * time.Hour

// lvState is the LoudVoice data of the site, created on first use.
type lvState struct {
	discussions    map[string]*lvDiscussion
	discussionList []*lvDiscussion // by creation
	comments       map[string]*lvComment
	commentList    []*lvComment // by creation
	authors        map[string]*lvAuthor
	authorList     []*lvAuthor // by creation
	sessions       map[string]*lvSession
	sessionList    []*lvSession          // by creation
	votes          map[[2]string]*lvVote // comment_token, author_token
	voteList       []*lvVote             // by casting
}

func (st *state) loudvoice() *lvState {
	if st.lv == nil {
		st.lv = &lvState{
			discussions: map[string]*lvDiscussion{}, comments: map[string]*lvComment{},
			authors: map[string]*lvAuthor{}, sessions: map[string]*lvSession{}, votes: map[[2]string]*lvVote{},
		}
	}
	return st.lv
}

type lvDiscussion struct {
	token, reference, title, url string
	closed, trashed              bool
	created, updated             time.Time
	numComments, numTop          int // numTop: top-level comments ever posted, for post_order
}

// lvDiscussionNode is a discussion as the API shows it; absent values are null.
type lvDiscussionNode struct {
	DiscussionToken     string        `json:"discussion_token"`
	DiscussionReference *string       `json:"discussion_reference"`
	Title               *string       `json:"title"`
	URL                 *string       `json:"url"`
	IsClosed            bool          `json:"is_closed"`
	IsTrashed           bool          `json:"is_trashed"`
	NumComments         int           `json:"num_comments"`
	DateCreation        api.Timestamp `json:"date_creation"`
	DateLastUpdate      api.Timestamp `json:"date_last_update"`
}

// orNull is nil for "", as OneAll returns absent values.
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (d *lvDiscussion) node() lvDiscussionNode {
	return lvDiscussionNode{
		DiscussionToken: d.token, DiscussionReference: orNull(d.reference), Title: orNull(d.title), URL: orNull(d.url),
		IsClosed: d.closed, IsTrashed: d.trashed, NumComments: d.numComments,
		DateCreation: api.Timestamp{Time: d.created}, DateLastUpdate: api.Timestamp{Time: d.updated},
	}
}

// lvDiscussionIn is the discussion node of a request: nil is "not sent".
type lvDiscussionIn struct {
	DiscussionReference *string        `json:"discussion_reference"`
	Title               *string        `json:"title"`
	URL                 *string        `json:"url"`
	IsClosed            *api.FlexBool  `json:"is_closed"`
	IsTrashed           *api.FlexBool  `json:"is_trashed"`
	DateCreation        *api.Timestamp `json:"date_creation"`
}

func (in *lvDiscussionIn) apply(d *lvDiscussion) {
	set(&d.reference, in.DiscussionReference)
	set(&d.title, in.Title)
	set(&d.url, in.URL)
	setBool(&d.closed, in.IsClosed)
	setBool(&d.trashed, in.IsTrashed)
}

func set(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}

func setBool(dst *bool, v *api.FlexBool) {
	if v != nil {
		*dst = v.Bool()
	}
}

// decodeDiscussion reads {"request":{"discussion":{...}}}.
func (c *call) decodeDiscussion() (lvDiscussionIn, *response) {
	var body struct {
		Request struct {
			Discussion lvDiscussionIn `json:"discussion"`
		} `json:"request"`
	}
	_, bad := c.decodeBody(&body, "request->discussion", "request", "discussion")
	return body.Request.Discussion, bad
}

// discussionByReference finds a discussion by its reference, or nil.
func (lv *lvState) discussionByReference(ref string) *lvDiscussion {
	if ref == "" {
		return nil
	}
	i := slices.IndexFunc(lv.discussionList, func(d *lvDiscussion) bool { return d.reference == ref })
	if i < 0 {
		return nil
	}
	return lv.discussionList[i]
}

// POST /loudvoice/discussions.json: 201 created, or 200 when a discussion
// of that reference exists (it is updated), as OneAll's plugin reads.
func (s *Server) createDiscussion(c *call) *response {
	in, bad := c.decodeDiscussion()
	if bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lv, now := s.st.loudvoice(), s.tick()
	s.st.changes++
	if in.DiscussionReference != nil {
		if d := lv.discussionByReference(*in.DiscussionReference); d != nil {
			in.apply(d)
			d.updated = now
			return c.ok(http.StatusOK, map[string]any{"discussion": d.node()}, nil)
		}
	}
	d := &lvDiscussion{token: uuidFrom(s.st.tokens), created: now, updated: now}
	in.apply(d)
	if in.DateCreation != nil && !in.DateCreation.IsZero() {
		d.created = in.DateCreation.Time
	}
	lv.discussions[d.token] = d
	lv.discussionList = append(lv.discussionList, d)
	return c.ok(http.StatusCreated, map[string]any{"discussion": d.node()}, nil)
}

// GET /loudvoice/discussions.json
func (s *Server) listDiscussions(c *call) *response {
	return lvList(s, c, "discussions", func(lv *lvState) []*lvDiscussion { return lv.discussionList }, (*lvDiscussion).node)
}

// lvList answers one page of a LoudVoice list under key.
func lvList[T, N any](s *Server, c *call, key string, items func(*lvState) []T, node func(T) N) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return c.ok(http.StatusOK, map[string]any{key: pageMapped(items(s.st.loudvoice()), p, node)}, nil)
}

// pathDiscussion is the discussion of the path, or a 404.
func (s *Server) pathDiscussion(c *call) (*lvDiscussion, *response) {
	d := s.st.loudvoice().discussions[c.token]
	if d == nil {
		return nil, c.fail(http.StatusNotFound, infoNoDiscussionToken)
	}
	return d, nil
}

// GET /loudvoice/discussions/{discussion_token}.json
func (s *Server) getDiscussion(c *call) *response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, bad := s.pathDiscussion(c)
	if bad != nil {
		return bad
	}
	return c.ok(http.StatusOK, map[string]any{"discussion": d.node()}, nil)
}

// PUT /loudvoice/discussions/{discussion_token}.json
func (s *Server) updateDiscussion(c *call) *response {
	return s.updateDiscussionFound(c, s.pathDiscussion)
}

// PUT /loudvoice/discussions/discussion.json?discussion_reference=
func (s *Server) updateDiscussionByReference(c *call) *response {
	return s.updateDiscussionFound(c, s.referencedDiscussion)
}

// updateDiscussionFound updates the discussion that find finds.
func (s *Server) updateDiscussionFound(c *call, find func(*call) (*lvDiscussion, *response)) *response {
	in, bad := c.decodeDiscussion()
	if bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, bad := find(c)
	if bad != nil {
		return bad
	}
	in.apply(d)
	d.updated = s.tick()
	s.st.changes++
	return c.ok(http.StatusOK, map[string]any{"discussion": d.node()}, nil)
}

// DELETE /loudvoice/discussions/{discussion_token}.json: the discussion,
// its comments and their votes.
func (s *Server) deleteDiscussion(c *call) *response {
	return s.deleteDiscussionFound(c, s.pathDiscussion)
}

// DELETE /loudvoice/discussions/discussion.json?discussion_reference=
func (s *Server) deleteDiscussionByReference(c *call) *response {
	return s.deleteDiscussionFound(c, s.referencedDiscussion)
}

// deleteDiscussionFound deletes the discussion that find finds, its comments
// and their votes.
func (s *Server) deleteDiscussionFound(c *call, find func(*call) (*lvDiscussion, *response)) *response {
	if bad := c.confirmed(); bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, bad := find(c)
	if bad != nil {
		return bad
	}
	lv := s.st.loudvoice()
	for _, cm := range slices.Clone(lv.commentList) {
		if cm.discussion == d {
			lv.removeComment(cm)
		}
	}
	delete(lv.discussions, d.token)
	lv.discussionList = slices.DeleteFunc(lv.discussionList, func(x *lvDiscussion) bool { return x == d })
	s.st.changes++
	return c.reply(http.StatusOK, "success", infoDiscussionDeleted, nil)
}

// GET /loudvoice/comments/{discussion_token}/comments.json
func (s *Server) listDiscussionComments(c *call) *response {
	return s.discussionComments(c, s.pathDiscussion)
}

// GET /loudvoice/discussions/discussion/comments.json?discussion_reference=
func (s *Server) listDiscussionCommentsByReference(c *call) *response {
	return s.discussionComments(c, s.referencedDiscussion)
}

// discussionComments answers a page of the comments of the discussion that
// find finds.
func (s *Server) discussionComments(c *call, find func(*call) (*lvDiscussion, *response)) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, bad := find(c)
	if bad != nil {
		return bad
	}
	var of []*lvComment
	for _, cm := range s.st.loudvoice().commentList {
		if cm.discussion == d {
			of = append(of, cm)
		}
	}
	return c.ok(http.StatusOK, map[string]any{"comments": pageMapped(of, p, (*lvComment).node)}, nil)
}

// reference reads a required reference parameter.
func (c *call) reference(name string) (string, *response) {
	v, given := c.param(name)
	if !given || v == "" {
		return "", c.badParam("The parameter " + name + " is required")
	}
	return v, nil
}

// referencedDiscussion is the discussion of the discussion_reference
// parameter, or a 400 or 404.
func (s *Server) referencedDiscussion(c *call) (*lvDiscussion, *response) {
	ref, bad := c.reference("discussion_reference")
	if bad != nil {
		return nil, bad
	}
	d := s.st.loudvoice().discussionByReference(ref)
	if d == nil {
		return nil, c.fail(http.StatusNotFound, infoNoDiscussionReference)
	}
	return d, nil
}

// GET /loudvoice/discussions/discussion.json?discussion_reference=
func (s *Server) getDiscussionByReference(c *call) *response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, bad := s.referencedDiscussion(c)
	if bad != nil {
		return bad
	}
	return c.ok(http.StatusOK, map[string]any{"discussion": d.node()}, nil)
}
