package onealltest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

type lvComment struct {
	token, reference string
	discussion       *lvDiscussion
	parent           *lvComment // nil at the top of the discussion
	author           *lvAuthor  // nil once the author is deleted
	text, ipAddress  string
	postOrder        string
	numChildren      int // live replies
	numReplies       int // replies ever posted, for post_order
	approved         bool
	spam, trashed    bool
	votesUp          int
	votesDown        int
	created, updated time.Time
}

type lvVoteCounts struct {
	NumVotesUp   int `json:"num_votes_up"`
	NumVotesDown int `json:"num_votes_down"`
}

// lvCommentNode is a comment as the API shows it (documented members, then
// the discussion and author nodes OneAll's plugin reads).
type lvCommentNode struct {
	CommentToken           string           `json:"comment_token"`
	CommentReference       *string          `json:"comment_reference"`
	ParentCommentToken     *string          `json:"parent_comment_token"`
	ParentCommentReference *string          `json:"parent_comment_reference"`
	NumChildComments       int              `json:"num_child_comments"`
	DateCreation           api.Timestamp    `json:"date_creation"`
	DateLastUpdate         api.Timestamp    `json:"date_last_update"`
	PostOrder              string           `json:"post_order"`
	HasBeenApproved        bool             `json:"has_been_approved"`
	IsSpam                 bool             `json:"is_spam"`
	IsTrashed              bool             `json:"is_trashed"`
	IPAddress              *string          `json:"ip_address"`
	Text                   string           `json:"text"`
	Votes                  lvVoteCounts     `json:"votes"`
	Discussion             lvDiscussionNode `json:"discussion"`
	Author                 *lvAuthorNode    `json:"author,omitempty"`
}

func (cm *lvComment) node() lvCommentNode {
	n := lvCommentNode{
		CommentToken: cm.token, CommentReference: orNull(cm.reference),
		NumChildComments: cm.numChildren, PostOrder: cm.postOrder,
		DateCreation: api.Timestamp{Time: cm.created}, DateLastUpdate: api.Timestamp{Time: cm.updated},
		HasBeenApproved: cm.approved, IsSpam: cm.spam, IsTrashed: cm.trashed,
		IPAddress: orNull(cm.ipAddress), Text: cm.text,
		Votes:      lvVoteCounts{NumVotesUp: cm.votesUp, NumVotesDown: cm.votesDown},
		Discussion: cm.discussion.node(),
	}
	if cm.parent != nil {
		n.ParentCommentToken, n.ParentCommentReference = &cm.parent.token, orNull(cm.parent.reference)
	}
	if cm.author != nil {
		a := cm.author.node()
		n.Author = &a
	}
	return n
}

// lvCommentIn is the comment node of a request: nil is "not sent".
type lvCommentIn struct {
	CommentReference       *string       `json:"comment_reference"`
	ParentCommentToken     *string       `json:"parent_comment_token"`
	ParentCommentReference *string       `json:"parent_comment_reference"`
	Text                   *string       `json:"text"`
	IPAddress              *string       `json:"ip_address"`
	HasBeenApproved        *api.FlexBool `json:"has_been_approved"`
	IsSpam                 *api.FlexBool `json:"is_spam"`
	IsTrashed              *api.FlexBool `json:"is_trashed"`
	Author                 *lvAuthorIn   `json:"author"`
}

type lvCommentBody struct {
	Request struct {
		DoModeration api.FlexBool `json:"do_moderation"`
		Discussion   *struct {
			DiscussionToken     string `json:"discussion_token"`
			DiscussionReference string `json:"discussion_reference"`
		} `json:"discussion"`
		Comment lvCommentIn `json:"comment"`
	} `json:"request"`
}

// applyFlags sets the text and moderation flags that in sends.
func (in *lvCommentIn) applyFlags(cm *lvComment) *string {
	if in.Text != nil {
		if strings.TrimSpace(*in.Text) == "" {
			return ptr("request->comment->text")
		}
		cm.text = *in.Text
	}
	set(&cm.reference, in.CommentReference)
	set(&cm.ipAddress, in.IPAddress)
	setBool(&cm.approved, in.HasBeenApproved)
	setBool(&cm.spam, in.IsSpam)
	setBool(&cm.trashed, in.IsTrashed)
	return nil
}

// POST /loudvoice/comments.json
func (s *Server) createComment(c *call) *response {
	var body lvCommentBody
	if _, bad := c.decodeBody(&body, "request->comment", "request", "comment"); bad != nil {
		return bad
	}
	req := body.Request
	if req.Comment.Text == nil {
		return c.bad("request->comment->text")
	}
	if req.Discussion == nil || (req.Discussion.DiscussionToken == "" && req.Discussion.DiscussionReference == "") {
		return c.bad("request->discussion")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lv := s.st.loudvoice()
	d := lv.discussions[req.Discussion.DiscussionToken]
	if req.Discussion.DiscussionToken == "" {
		d = lv.discussionByReference(req.Discussion.DiscussionReference)
	}
	if d == nil {
		return c.fail(http.StatusNotFound, infoNoDiscussion)
	}
	parent, bad := lv.parentOf(c, d, &req.Comment)
	if bad != nil {
		return bad
	}
	cm := &lvComment{token: uuidFrom(s.st.tokens), discussion: d, parent: parent, approved: !req.DoModeration.Bool()}
	if node := req.Comment.applyFlags(cm); node != nil {
		return c.bad(*node)
	}
	author, bad := s.commentAuthor(c, req.Comment.Author)
	if bad != nil {
		return bad
	}
	cm.created = s.tick()
	cm.updated = cm.created
	lv.addComment(cm, author)
	s.st.changes++
	return c.ok(http.StatusCreated, map[string]any{"comment": cm.node()}, nil)
}

// parentOf finds the parent a new comment names, in its discussion.
func (lv *lvState) parentOf(c *call, d *lvDiscussion, in *lvCommentIn) (*lvComment, *response) {
	var parent *lvComment
	switch {
	case in.ParentCommentToken != nil && *in.ParentCommentToken != "":
		parent = lv.comments[*in.ParentCommentToken]
	case in.ParentCommentReference != nil && *in.ParentCommentReference != "":
		i := slices.IndexFunc(lv.commentList, func(x *lvComment) bool { return x.reference == *in.ParentCommentReference && x.discussion == d })
		if i >= 0 {
			parent = lv.commentList[i]
		}
	default:
		return nil, nil
	}
	if parent == nil || parent.discussion != d {
		return nil, c.fail(http.StatusNotFound, infoNoParentComment)
	}
	return parent, nil
}

// addComment stores a new comment, numbers it and counts it.
func (lv *lvState) addComment(cm *lvComment, author *lvAuthor) {
	if p := cm.parent; p != nil {
		p.numChildren++
		p.numReplies++
		cm.postOrder = p.postOrder + "." + fmt.Sprintf("%04d", p.numReplies)
	} else {
		cm.discussion.numTop++
		cm.postOrder = fmt.Sprintf("%04d", cm.discussion.numTop)
	}
	cm.discussion.numComments++
	if author != nil {
		cm.author = author
		author.numComments++
		author.lastComment = cm.created
	}
	lv.comments[cm.token] = cm
	lv.commentList = append(lv.commentList, cm)
}

// removeComment forgets a comment, its votes and its counts; its replies
// move up to its parent.
func (lv *lvState) removeComment(cm *lvComment) {
	for _, x := range lv.commentList {
		if x.parent == cm {
			x.parent = cm.parent
			if cm.parent != nil {
				cm.parent.numChildren++
			}
		}
	}
	if cm.parent != nil {
		cm.parent.numChildren--
	}
	cm.discussion.numComments--
	if cm.author != nil {
		cm.author.numComments--
	}
	for key, v := range lv.votes {
		if v.comment == cm {
			lv.removeVote(key, v)
		}
	}
	delete(lv.comments, cm.token)
	lv.commentList = slices.DeleteFunc(lv.commentList, func(x *lvComment) bool { return x == cm })
}

// descendants are the replies of cm, their replies and so on.
func (lv *lvState) descendants(cm *lvComment) []*lvComment {
	var out []*lvComment
	for _, x := range lv.commentList {
		for p := x.parent; p != nil; p = p.parent {
			if p == cm {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// GET /loudvoice/comments.json
func (s *Server) listComments(c *call) *response {
	return lvList(s, c, "comments", func(lv *lvState) []*lvComment { return lv.commentList }, (*lvComment).node)
}

// pathComment is the comment of the path, or a 404.
func (s *Server) pathComment(c *call) (*lvComment, *response) {
	cm := s.st.loudvoice().comments[c.token]
	if cm == nil {
		return nil, c.fail(http.StatusNotFound, infoNoComment)
	}
	return cm, nil
}

// GET /loudvoice/comments/{comment_token}.json
func (s *Server) getComment(c *call) *response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cm, bad := s.pathComment(c)
	if bad != nil {
		return bad
	}
	return c.ok(http.StatusOK, map[string]any{"comment": cm.node()}, nil)
}

// PUT /loudvoice/comments/{comment_token}.json: the text and the
// moderation flags.
func (s *Server) updateComment(c *call) *response {
	var body lvCommentBody
	if _, bad := c.decodeBody(&body, "request->comment", "request", "comment"); bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cm, bad := s.pathComment(c)
	if bad != nil {
		return bad
	}
	edited := *cm
	if node := body.Request.Comment.applyFlags(&edited); node != nil {
		return c.bad(*node)
	}
	*cm = edited
	cm.updated = s.tick()
	s.st.changes++
	return c.ok(http.StatusOK, map[string]any{"comment": cm.node()}, nil)
}

// DELETE /loudvoice/comments/{comment_token}.json
func (s *Server) deleteComment(c *call) *response {
	if bad := c.confirmed(); bad != nil {
		return bad
	}
	withReplies, _, bad := c.boolParam("delete_sub_comments")
	if bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cm, bad := s.pathComment(c)
	if bad != nil {
		return bad
	}
	lv := s.st.loudvoice()
	if withReplies {
		for _, x := range slices.Backward(lv.descendants(cm)) {
			lv.removeComment(x)
		}
	}
	lv.removeComment(cm)
	s.st.changes++
	return c.reply(http.StatusOK, "success", infoCommentDeleted, nil)
}
