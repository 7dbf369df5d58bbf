package wrapper

import (
	"context"
	"iter"
	"net/http"
	"strings"

	"github.com/oneall-go/oneall-go/api"
)

// NewComment is a comment to post: its discussion (by token or by your
// reference), the comment itself, and whether OneAll holds it for
// moderation.
type NewComment struct {
	// DiscussionToken or DiscussionReference names the discussion; one is
	// required (the token wins when both are given).
	DiscussionToken, DiscussionReference string
	// Comment holds the text (required), the parent of a reply
	// (ParentCommentToken) and the author: an AuthorToken, an
	// IdentityToken, an AuthorReference, or a guest's Name and Email.
	Comment api.LoudVoiceCommentInput
	// Moderate sends do_moderation: the comment waits for approval.
	Moderate bool
}

func (n *NewComment) validate() error {
	if n.DiscussionToken == "" && n.DiscussionReference == "" {
		return invalidInput("discussion", "needs a discussion_token or a discussion_reference")
	}
	if strings.TrimSpace(n.Comment.Text) == "" {
		return invalidInput("comment.text", "is empty")
	}
	a := n.Comment.Author
	if a.AuthorToken == "" && a.IdentityToken == "" && a.AuthorReference == "" && (a.Name == "" || a.Email == "") {
		return invalidInput("comment.author", "needs an author_token, an identity_token, an author_reference, or a name and an email")
	}
	return checkInputTokens(n.DiscussionToken, n.Comment)
}

// checkInputTokens checks the tokens a comment body carries.
func checkInputTokens(discussionToken string, c api.LoudVoiceCommentInput) error {
	for _, t := range [][2]string{
		{"discussion_token", discussionToken},
		{"comment.parent_comment_token", c.ParentCommentToken},
		{"comment.author.author_token", c.Author.AuthorToken},
		{"comment.author.identity_token", c.Author.IdentityToken},
	} {
		if err := checkOptionalToken(t[0], t[1]); err != nil {
			return err
		}
	}
	return nil
}

// ListComments returns one page of the site's comments, every discussion
// together.
func (s *LoudVoiceService) ListComments(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.LoudVoiceComment], error) {
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := s.lvCall(ctx, opts, opListComments, func(server string) (*http.Request, error) {
		return api.NewListCommentsRequest(server, &api.ListCommentsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	return newPage(d.Comments.Entries, d.Comments.Pagination), nil
}

// AllComments iterates over every comment of the site.
func (s *LoudVoiceService) AllComments(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.LoudVoiceComment, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.LoudVoiceComment], error) {
		return s.ListComments(ctx, lo, opts...)
	})
}

// CreateComment posts a comment, or a reply when Comment.ParentCommentToken
// is set. A discussion that does not exist is ErrNotFound. It is sent once.
func (s *LoudVoiceService) CreateComment(ctx context.Context, n NewComment, opts ...Option) (*api.LoudVoiceComment, error) {
	if err := n.validate(); err != nil {
		return nil, err
	}
	var body api.LoudVoiceCommentBody
	body.Request.Comment = n.Comment
	body.Request.DoModeration = api.FlexBool(n.Moderate)
	body.Request.Discussion.DiscussionToken = n.DiscussionToken
	if n.DiscussionToken == "" {
		body.Request.Discussion.DiscussionReference = n.DiscussionReference
	}
	d, err := s.lvCall(ctx, opts, opCreateComment, func(server string) (*http.Request, error) {
		return api.NewCreateCommentRequest(server, body)
	})
	if err != nil {
		return nil, err
	}
	return d.Comment, nil
}

// GetComment returns a comment with its parent, flags and vote counters.
func (s *LoudVoiceService) GetComment(ctx context.Context, commentToken string, opts ...Option) (*api.LoudVoiceComment, error) {
	if err := checkToken("comment_token", commentToken); err != nil {
		return nil, err
	}
	d, err := s.lvCall(ctx, opts, opGetComment, func(server string) (*http.Request, error) {
		return api.NewGetCommentRequest(server, commentToken)
	})
	if err != nil {
		return nil, err
	}
	return d.Comment, nil
}

// UpdateComment changes what in sets: the text, or the moderation flags
// (HasBeenApproved, IsSpam, IsTrashed: api.Set(false) clears one).
func (s *LoudVoiceService) UpdateComment(ctx context.Context, commentToken string, in api.LoudVoiceCommentInput, opts ...Option) (*api.LoudVoiceComment, error) {
	if err := checkToken("comment_token", commentToken); err != nil {
		return nil, err
	}
	if err := checkInputTokens("", in); err != nil {
		return nil, err
	}
	var body api.LoudVoiceCommentBody
	body.Request.Comment = in
	d, err := s.lvCall(ctx, opts, opUpdateComment, func(server string) (*http.Request, error) {
		return api.NewUpdateCommentRequest(server, commentToken, body)
	})
	if err != nil {
		return nil, err
	}
	return d.Comment, nil
}

// DeleteComment deletes a comment (it sends confirm_deletion=true); with
// withReplies its replies go too (delete_sub_comments=true).
func (s *LoudVoiceService) DeleteComment(ctx context.Context, commentToken string, withReplies bool, opts ...Option) error {
	if err := checkToken("comment_token", commentToken); err != nil {
		return err
	}
	params := &api.DeleteCommentParams{ConfirmDeletion: true}
	if withReplies {
		params.DeleteSubComments = &withReplies
	}
	_, err := s.lvCall(ctx, opts, opDeleteComment, func(server string) (*http.Request, error) {
		return api.NewDeleteCommentRequest(server, commentToken, params)
	})
	return err
}
