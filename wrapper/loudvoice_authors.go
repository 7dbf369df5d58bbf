package wrapper

import (
	"context"
	"iter"
	"net/http"

	"github.com/oneall-go/oneall-go/api"
)

// Vote is the direction of a LoudVoice vote.
type Vote string

// The two directions. OneAll documents up- and downvotes but not the body
// that casts them: "direction" is what the fake reads (inferred).
const (
	VoteUp   Vote = "up"
	VoteDown Vote = "down"
)

// ---- Authors.

// ListAuthors returns one page of the people who commented.
func (s *LoudVoiceService) ListAuthors(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.LoudVoiceAuthor], error) {
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := s.lvCall(ctx, opts, opListAuthors, func(server string) (*http.Request, error) {
		return api.NewListAuthorsRequest(server, &api.ListAuthorsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	return newPage(d.Authors.Entries, d.Authors.Pagination), nil
}

// AllAuthors iterates over every author.
func (s *LoudVoiceService) AllAuthors(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.LoudVoiceAuthor, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.LoudVoiceAuthor], error) {
		return s.ListAuthors(ctx, lo, opts...)
	})
}

// CreateAuthor creates an author. AuthorReference is your own key for the
// person, unique amongst authors (documented): a taken one is ErrConflict on
// the fake. IdentityToken links the author to a social identity. It is sent
// once.
func (s *LoudVoiceService) CreateAuthor(ctx context.Context, in api.LoudVoiceAuthorInput, opts ...Option) (*api.LoudVoiceAuthor, error) {
	return s.writeAuthor(ctx, "", in, opts)
}

// GetAuthor returns an author.
func (s *LoudVoiceService) GetAuthor(ctx context.Context, authorToken string, opts ...Option) (*api.LoudVoiceAuthor, error) {
	if err := checkToken("author_token", authorToken); err != nil {
		return nil, err
	}
	d, err := s.lvCall(ctx, opts, opGetAuthor, func(server string) (*http.Request, error) {
		return api.NewGetAuthorRequest(server, authorToken)
	})
	if err != nil {
		return nil, err
	}
	return d.Author, nil
}

// UpdateAuthor changes the members of an author that in sets.
func (s *LoudVoiceService) UpdateAuthor(ctx context.Context, authorToken string, in api.LoudVoiceAuthorInput, opts ...Option) (*api.LoudVoiceAuthor, error) {
	if err := checkToken("author_token", authorToken); err != nil {
		return nil, err
	}
	return s.writeAuthor(ctx, authorToken, in, opts)
}

// writeAuthor creates (token "") or updates an author.
func (s *LoudVoiceService) writeAuthor(ctx context.Context, token string, in api.LoudVoiceAuthorInput, opts []Option) (*api.LoudVoiceAuthor, error) {
	if err := checkOptionalToken("author.identity_token", in.IdentityToken); err != nil {
		return nil, err
	}
	var body api.LoudVoiceAuthorBody
	body.Request.Author = in
	op, build := opCreateAuthor, builder(func(server string) (*http.Request, error) { return api.NewCreateAuthorRequest(server, body) })
	if token != "" {
		op, build = opUpdateAuthor, func(server string) (*http.Request, error) { return api.NewUpdateAuthorRequest(server, token, body) }
	}
	d, err := s.lvCall(ctx, opts, op, build)
	if err != nil {
		return nil, err
	}
	return d.Author, nil
}

// DeleteAuthor deletes an author with their sessions and votes (it sends
// confirm_deletion=true).
func (s *LoudVoiceService) DeleteAuthor(ctx context.Context, authorToken string, opts ...Option) error {
	if err := checkToken("author_token", authorToken); err != nil {
		return err
	}
	_, err := s.lvCall(ctx, opts, opDeleteAuthor, func(server string) (*http.Request, error) {
		return api.NewDeleteAuthorRequest(server, authorToken, &api.DeleteAuthorParams{ConfirmDeletion: true})
	})
	return err
}

// UpdateAuthorByReference changes the members that in sets of the author of
// your own reference.
func (s *LoudVoiceService) UpdateAuthorByReference(ctx context.Context, authorReference string, in api.LoudVoiceAuthorInput, opts ...Option) (*api.LoudVoiceAuthor, error) {
	if err := checkReference("author_reference", authorReference); err != nil {
		return nil, err
	}
	if err := checkOptionalToken("author.identity_token", in.IdentityToken); err != nil {
		return nil, err
	}
	var body api.LoudVoiceAuthorBody
	body.Request.Author = in
	d, err := s.lvCall(ctx, opts, opUpdateAuthorByReference, func(server string) (*http.Request, error) {
		params := &api.UpdateAuthorByReferenceParams{AuthorReference: authorReference}
		return api.NewUpdateAuthorByReferenceRequest(server, params, body)
	})
	if err != nil {
		return nil, err
	}
	return d.Author, nil
}

// DeleteAuthorByReference deletes the author of your own reference with their
// sessions and votes (it sends confirm_deletion=true).
func (s *LoudVoiceService) DeleteAuthorByReference(ctx context.Context, authorReference string, opts ...Option) error {
	if err := checkReference("author_reference", authorReference); err != nil {
		return err
	}
	_, err := s.lvCall(ctx, opts, opDeleteAuthorByReference, func(server string) (*http.Request, error) {
		params := &api.DeleteAuthorByReferenceParams{AuthorReference: authorReference, ConfirmDeletion: true}
		return api.NewDeleteAuthorByReferenceRequest(server, params)
	})
	return err
}

// ---- Author sessions.

// ListAuthorSessions returns one page of the active author sessions.
// lo.Filters narrows it, as documented: "author_token:eq:<author_token>".
func (s *LoudVoiceService) ListAuthorSessions(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.LoudVoiceAuthorSession], error) {
	if err := lo.validate(true); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	params := &api.ListAuthorSessionsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order}
	if lo != nil && lo.Filters != "" {
		params.Filters = &lo.Filters
	}
	d, err := s.lvCall(ctx, opts, opListAuthorSessions, func(server string) (*http.Request, error) {
		return api.NewListAuthorSessionsRequest(server, params)
	})
	if err != nil {
		return nil, err
	}
	return newPage(d.AuthorSessions.Entries, d.AuthorSessions.Pagination), nil
}

// AllAuthorSessions iterates over every active author session.
func (s *LoudVoiceService) AllAuthorSessions(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.LoudVoiceAuthorSession, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.LoudVoiceAuthorSession], error) {
		return s.ListAuthorSessions(ctx, lo, opts...)
	})
}

// StartAuthorSession creates (or updates) the session of an author, named
// by AuthorToken or AuthorReference (with AllowCreateNew, an unknown
// reference creates the author). Give the answer's AuthorSessionToken to
// the LoudVoice widget. Sending it again updates the same session, so it is
// retried like a read.
func (s *LoudVoiceService) StartAuthorSession(ctx context.Context, author api.LoudVoiceAuthorInput, opts ...Option) (*api.LoudVoiceAuthorSession, error) {
	if author.AuthorToken == "" && author.AuthorReference == "" {
		return nil, invalidInput("author", "needs an author_token or an author_reference")
	}
	if err := checkOptionalToken("author.author_token", author.AuthorToken); err != nil {
		return nil, err
	}
	var body api.LoudVoiceAuthorSessionBody
	body.Request.AuthorSession.Author = author
	d, err := s.lvCall(ctx, opts, opStartAuthorSession, func(server string) (*http.Request, error) {
		return api.NewStartAuthorSessionRequest(server, body)
	})
	if err != nil {
		return nil, err
	}
	return d.AuthorSession, nil
}

// DeleteAuthorSession ends an author session (it sends confirm_deletion=true).
func (s *LoudVoiceService) DeleteAuthorSession(ctx context.Context, authorSessionToken string, opts ...Option) error {
	if err := checkToken("author_session_token", authorSessionToken); err != nil {
		return err
	}
	_, err := s.lvCall(ctx, opts, opDeleteAuthorSession, func(server string) (*http.Request, error) {
		return api.NewDeleteAuthorSessionRequest(server, authorSessionToken, &api.DeleteAuthorSessionParams{ConfirmDeletion: true})
	})
	return err
}

// ---- Votes.

// ListVotes returns one page of the votes cast on the site's comments.
func (s *LoudVoiceService) ListVotes(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.LoudVoiceVote], error) {
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := s.lvCall(ctx, opts, opListVotes, func(server string) (*http.Request, error) {
		return api.NewListVotesRequest(server, &api.ListVotesParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	return newPage(d.Votes.Entries, d.Votes.Pagination), nil
}

// AllVotes iterates over every vote.
func (s *LoudVoiceService) AllVotes(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.LoudVoiceVote, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.LoudVoiceVote], error) {
		return s.ListVotes(ctx, lo, opts...)
	})
}

// GetVote returns the vote of an author on a comment.
func (s *LoudVoiceService) GetVote(ctx context.Context, commentToken, authorToken string, opts ...Option) (*api.LoudVoiceVote, error) {
	if err := checkTokens("comment_token", commentToken, "author_token", authorToken); err != nil {
		return nil, err
	}
	d, err := s.lvCall(ctx, opts, opGetVote, func(server string) (*http.Request, error) {
		return api.NewGetVoteRequest(server, commentToken, authorToken)
	})
	if err != nil {
		return nil, err
	}
	return d.Vote, nil
}

// CastVote casts an author's vote on a comment, replacing the author's
// earlier vote on it (one vote per author per comment, documented). A vote
// on one's own comment is refused (ErrForbidden on the fake).
func (s *LoudVoiceService) CastVote(ctx context.Context, commentToken, authorToken string, v Vote, opts ...Option) (*api.LoudVoiceVote, error) {
	if err := checkTokens("comment_token", commentToken, "author_token", authorToken); err != nil {
		return nil, err
	}
	if v != VoteUp && v != VoteDown {
		return nil, invalidInput("vote", "must be VoteUp or VoteDown, got %q", truncate(string(v), 16))
	}
	var body api.LoudVoiceVoteBody
	body.Request.Vote.Direction = api.LoudVoiceVoteBodyRequestVoteDirection(v)
	d, err := s.lvCall(ctx, opts, opCastVote, func(server string) (*http.Request, error) {
		return api.NewCastVoteRequest(server, commentToken, authorToken, body)
	})
	if err != nil {
		return nil, err
	}
	return d.Vote, nil
}

// DeleteVote removes an author's vote on a comment (it sends
// confirm_deletion=true).
func (s *LoudVoiceService) DeleteVote(ctx context.Context, commentToken, authorToken string, opts ...Option) error {
	if err := checkTokens("comment_token", commentToken, "author_token", authorToken); err != nil {
		return err
	}
	_, err := s.lvCall(ctx, opts, opDeleteVote, func(server string) (*http.Request, error) {
		return api.NewDeleteVoteRequest(server, commentToken, authorToken, &api.DeleteVoteParams{ConfirmDeletion: true})
	})
	return err
}
