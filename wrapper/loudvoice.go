package wrapper

import (
	"context"
	"iter"
	"net/http"

	"github.com/oneall-go/oneall-go/api"
)

// LoudVoiceService runs OneAll's comments product, LoudVoice: discussions
// (the pages that carry comments), comments and their replies, the authors
// who write them, author sessions (which tell the LoudVoice widget who is
// logged in on your site) and votes.
//
// Every method checks its tokens before sending (ErrInvalidInput, nothing
// sent). A discussion, comment, author or vote that does not exist is
// ErrNotFound; a vote on one's own comment is ErrForbidden on the fake
// (OneAll documents the rule, not its status).
type LoudVoiceService struct{ c *Client }

// lvData is api.LoudVoiceData with pointers, to tell an absent payload from
// an empty one (see payloadCheck).
type lvData struct {
	Discussion     *api.LoudVoiceDiscussion        `json:"discussion"`
	Discussions    *api.LoudVoiceDiscussionList    `json:"discussions"`
	Comment        *api.LoudVoiceComment           `json:"comment"`
	Comments       *api.LoudVoiceCommentList       `json:"comments"`
	Author         *api.LoudVoiceAuthor            `json:"author"`
	Authors        *api.LoudVoiceAuthorList        `json:"authors"`
	AuthorSession  *api.LoudVoiceAuthorSession     `json:"author_session"`
	AuthorSessions *api.LoudVoiceAuthorSessionList `json:"author_sessions"`
	Vote           *api.LoudVoiceVote              `json:"vote"`
	Votes          *api.LoudVoiceVoteList          `json:"votes"`
}

// lvCall sends one LoudVoice call; the answer must hold the operation's
// payload (x-oneall payload), which lvData holds as a pointer, and a node
// its token (lvNeed).
func (s *LoudVoiceService) lvCall(ctx context.Context, opts []Option, op *opInfo, build builder) (*lvData, error) {
	d, err := call[lvData](ctx, s.c, opts, op, lvNeed(op), build)
	if err != nil {
		return nil, err
	}
	if d.data == nil {
		return &lvData{}, nil
	}
	return d.data, nil
}

// lvNeed is the check of an answer to op: its payload member is there
// (payloadCheck), and a discussion, comment, author or author session holds
// its token, which OneAll always sends (absent values come as null) and
// without which the node cannot be used again.
func lvNeed(op *opInfo) check[lvData] {
	present := payloadCheck[lvData](op, nil)
	if present == nil {
		return nil
	}
	return func(d *lvData) string {
		if missing := present(d); missing != "" {
			return missing
		}
		switch {
		case d.Discussion != nil && d.Discussion.DiscussionToken == "":
			return "discussion.discussion_token"
		case d.Comment != nil && d.Comment.CommentToken == "":
			return "comment.comment_token"
		case d.Author != nil && d.Author.AuthorToken == "":
			return "author.author_token"
		case d.AuthorSession != nil && d.AuthorSession.AuthorSessionToken == "":
			return "author_session.author_session_token"
		}
		return ""
	}
}

// checkTokens checks pairs of field name and token.
func checkTokens(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := checkToken(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// checkOptionalToken checks a token given in a body, if any.
func checkOptionalToken(field, token string) error {
	if token == "" {
		return nil
	}
	return checkToken(field, token)
}

// ---- Discussions.

// ListDiscussions returns one page of the site's discussions.
func (s *LoudVoiceService) ListDiscussions(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.LoudVoiceDiscussion], error) {
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := s.lvCall(ctx, opts, opListDiscussions, func(server string) (*http.Request, error) {
		return api.NewListDiscussionsRequest(server, &api.ListDiscussionsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	return newPage(d.Discussions.Entries, d.Discussions.Pagination), nil
}

// AllDiscussions iterates over every discussion, page by page (see
// IdentitiesService.All).
func (s *LoudVoiceService) AllDiscussions(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.LoudVoiceDiscussion, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.LoudVoiceDiscussion], error) {
		return s.ListDiscussions(ctx, lo, opts...)
	})
}

// CreateDiscussion creates a discussion. Every member is optional;
// DiscussionReference is your own key for the page. It is sent once (a
// second one could create a second discussion).
func (s *LoudVoiceService) CreateDiscussion(ctx context.Context, in api.LoudVoiceDiscussionInput, opts ...Option) (*api.LoudVoiceDiscussion, error) {
	var body api.LoudVoiceDiscussionBody
	body.Request.Discussion = in
	d, err := s.lvCall(ctx, opts, opCreateDiscussion, func(server string) (*http.Request, error) {
		return api.NewCreateDiscussionRequest(server, body)
	})
	if err != nil {
		return nil, err
	}
	return d.Discussion, nil
}

// GetDiscussion returns a discussion.
func (s *LoudVoiceService) GetDiscussion(ctx context.Context, discussionToken string, opts ...Option) (*api.LoudVoiceDiscussion, error) {
	if err := checkToken("discussion_token", discussionToken); err != nil {
		return nil, err
	}
	d, err := s.lvCall(ctx, opts, opGetDiscussion, func(server string) (*http.Request, error) {
		return api.NewGetDiscussionRequest(server, discussionToken)
	})
	if err != nil {
		return nil, err
	}
	return d.Discussion, nil
}

// UpdateDiscussion changes the members of a discussion that in sets.
func (s *LoudVoiceService) UpdateDiscussion(ctx context.Context, discussionToken string, in api.LoudVoiceDiscussionInput, opts ...Option) (*api.LoudVoiceDiscussion, error) {
	if err := checkToken("discussion_token", discussionToken); err != nil {
		return nil, err
	}
	var body api.LoudVoiceDiscussionBody
	body.Request.Discussion = in
	d, err := s.lvCall(ctx, opts, opUpdateDiscussion, func(server string) (*http.Request, error) {
		return api.NewUpdateDiscussionRequest(server, discussionToken, body)
	})
	if err != nil {
		return nil, err
	}
	return d.Discussion, nil
}

// DeleteDiscussion deletes a discussion and its comments (it sends
// confirm_deletion=true). The answer carries no discussion.
func (s *LoudVoiceService) DeleteDiscussion(ctx context.Context, discussionToken string, opts ...Option) error {
	if err := checkToken("discussion_token", discussionToken); err != nil {
		return err
	}
	_, err := s.lvCall(ctx, opts, opDeleteDiscussion, func(server string) (*http.Request, error) {
		return api.NewDeleteDiscussionRequest(server, discussionToken, &api.DeleteDiscussionParams{ConfirmDeletion: true})
	})
	return err
}

// DiscussionComments returns one page of the comments of a discussion.
func (s *LoudVoiceService) DiscussionComments(ctx context.Context, discussionToken string, lo *ListOptions, opts ...Option) (*Page[api.LoudVoiceComment], error) {
	if err := checkToken("discussion_token", discussionToken); err != nil {
		return nil, err
	}
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := s.lvCall(ctx, opts, opListDiscussionComments, func(server string) (*http.Request, error) {
		return api.NewListDiscussionCommentsRequest(server, discussionToken, &api.ListDiscussionCommentsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	return newPage(d.Comments.Entries, d.Comments.Pagination), nil
}

// AllDiscussionComments iterates over every comment of a discussion.
func (s *LoudVoiceService) AllDiscussionComments(ctx context.Context, discussionToken string, lo *ListOptions, opts ...Option) iter.Seq2[api.LoudVoiceComment, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.LoudVoiceComment], error) {
		return s.DiscussionComments(ctx, discussionToken, lo, opts...)
	})
}

// ---- Lookups by your own references (discussion_reference, author_reference).

// checkReference refuses an empty reference, which OneAll would not find.
func checkReference(field, ref string) error {
	if ref == "" {
		return invalidInput(field, "is empty")
	}
	return nil
}

// GetDiscussionByReference returns the discussion of your own reference.
func (s *LoudVoiceService) GetDiscussionByReference(ctx context.Context, discussionReference string, opts ...Option) (*api.LoudVoiceDiscussion, error) {
	if err := checkReference("discussion_reference", discussionReference); err != nil {
		return nil, err
	}
	d, err := s.lvCall(ctx, opts, opGetDiscussionByReference, func(server string) (*http.Request, error) {
		return api.NewGetDiscussionByReferenceRequest(server, &api.GetDiscussionByReferenceParams{DiscussionReference: discussionReference})
	})
	if err != nil {
		return nil, err
	}
	return d.Discussion, nil
}

// UpdateDiscussionByReference changes the members that in sets of the
// discussion of your own reference.
func (s *LoudVoiceService) UpdateDiscussionByReference(ctx context.Context, discussionReference string, in api.LoudVoiceDiscussionInput, opts ...Option) (*api.LoudVoiceDiscussion, error) {
	if err := checkReference("discussion_reference", discussionReference); err != nil {
		return nil, err
	}
	var body api.LoudVoiceDiscussionBody
	body.Request.Discussion = in
	d, err := s.lvCall(ctx, opts, opUpdateDiscussionByReference, func(server string) (*http.Request, error) {
		params := &api.UpdateDiscussionByReferenceParams{DiscussionReference: discussionReference}
		return api.NewUpdateDiscussionByReferenceRequest(server, params, body)
	})
	if err != nil {
		return nil, err
	}
	return d.Discussion, nil
}

// DeleteDiscussionByReference deletes the discussion of your own reference
// and its comments (it sends confirm_deletion=true).
func (s *LoudVoiceService) DeleteDiscussionByReference(ctx context.Context, discussionReference string, opts ...Option) error {
	if err := checkReference("discussion_reference", discussionReference); err != nil {
		return err
	}
	_, err := s.lvCall(ctx, opts, opDeleteDiscussionByReference, func(server string) (*http.Request, error) {
		params := &api.DeleteDiscussionByReferenceParams{DiscussionReference: discussionReference, ConfirmDeletion: true}
		return api.NewDeleteDiscussionByReferenceRequest(server, params)
	})
	return err
}

// DiscussionCommentsByReference returns one page of the comments of the
// discussion of your own reference.
func (s *LoudVoiceService) DiscussionCommentsByReference(ctx context.Context, discussionReference string, lo *ListOptions, opts ...Option) (*Page[api.LoudVoiceComment], error) {
	if err := checkReference("discussion_reference", discussionReference); err != nil {
		return nil, err
	}
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := s.lvCall(ctx, opts, opListDiscussionCommentsByReference, func(server string) (*http.Request, error) {
		return api.NewListDiscussionCommentsByReferenceRequest(server, &api.ListDiscussionCommentsByReferenceParams{
			DiscussionReference: discussionReference, Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	return newPage(d.Comments.Entries, d.Comments.Pagination), nil
}

// AllDiscussionCommentsByReference iterates over every comment of the
// discussion of your own reference.
func (s *LoudVoiceService) AllDiscussionCommentsByReference(ctx context.Context, discussionReference string, lo *ListOptions, opts ...Option) iter.Seq2[api.LoudVoiceComment, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.LoudVoiceComment], error) {
		return s.DiscussionCommentsByReference(ctx, discussionReference, lo, opts...)
	})
}

// GetAuthorByReference returns the author of your own reference.
func (s *LoudVoiceService) GetAuthorByReference(ctx context.Context, authorReference string, opts ...Option) (*api.LoudVoiceAuthor, error) {
	if err := checkReference("author_reference", authorReference); err != nil {
		return nil, err
	}
	d, err := s.lvCall(ctx, opts, opGetAuthorByReference, func(server string) (*http.Request, error) {
		return api.NewGetAuthorByReferenceRequest(server, &api.GetAuthorByReferenceParams{AuthorReference: authorReference})
	})
	if err != nil {
		return nil, err
	}
	return d.Author, nil
}
