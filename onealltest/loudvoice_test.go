package onealltest_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"net/http"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// got is a call's result; must fails the test on its error.
type got[T any] struct {
	v   T
	err error
}

func lvGot[T any](v T, err error) got[T] { return got[T]{v, err} }

func (g got[T]) must(t *testing.T) T {
	t.Helper()
	if g.err != nil {
		t.Fatal(g.err)
	}
	return g.v
}

// A thread: a discussion, a comment and a reply, votes, moderation, lists
// and deletes, all seen through the wrapper.
func TestLoudVoiceThread(t *testing.T) {
	srv := newServer(t)
	c, ctx := srv.Client(), t.Context()
	lv := c.LoudVoice

	d := lvGot(lv.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{DiscussionReference: "/product/1", Title: "Sneaker"})).must(t)
	again := lvGot(lv.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{DiscussionReference: "/product/1", Title: "Sneaker 2"})).must(t)
	if again.DiscussionToken != d.DiscussionToken || again.Title != "Sneaker 2" {
		t.Fatalf("same reference: %+v, want the first discussion updated", again)
	}
	ann := lvGot(lv.CreateAuthor(ctx, api.LoudVoiceAuthorInput{AuthorReference: "ANN", Name: "Ann", Email: "ann@example.com"})).must(t)
	top := lvGot(lv.CreateComment(ctx, wrapper.NewComment{DiscussionToken: d.DiscussionToken,
		Comment: api.LoudVoiceCommentInput{Text: "First!", Author: api.LoudVoiceAuthorInput{AuthorToken: ann.AuthorToken}}})).must(t)
	reply := lvGot(lv.CreateComment(ctx, wrapper.NewComment{DiscussionReference: "/product/1", Moderate: true,
		Comment: api.LoudVoiceCommentInput{Text: "Agreed.", ParentCommentToken: top.CommentToken,
			Author: api.LoudVoiceAuthorInput{Name: "Bob", Email: "bob@example.com"}}})).must(t)
	if reply.ParentCommentToken != top.CommentToken || bool(reply.HasBeenApproved) || reply.PostOrder != "0001.0001" {
		t.Fatalf("reply = %+v", reply)
	}
	bob := reply.Author.AuthorToken

	// Votes: one per author per comment; not on one's own comment.
	if v := lvGot(lv.CastVote(ctx, top.CommentToken, bob, wrapper.VoteUp)).must(t); v.Direction != "up" {
		t.Fatalf("vote = %+v", v)
	}
	lvGot(lv.CastVote(ctx, top.CommentToken, bob, wrapper.VoteDown)).must(t)
	if _, err := lv.CastVote(ctx, top.CommentToken, ann.AuthorToken, wrapper.VoteUp); !errors.Is(err, wrapper.ErrForbidden) {
		t.Fatalf("a vote on one's own comment: %v, want ErrForbidden", err)
	}
	got := lvGot(lv.GetComment(ctx, top.CommentToken)).must(t)
	if got.Votes.NumVotesUp != 0 || got.Votes.NumVotesDown != 1 || got.NumChildComments != 1 {
		t.Fatalf("comment after votes = %+v", got)
	}

	// Moderation.
	approved := lvGot(lv.UpdateComment(ctx, reply.CommentToken, api.LoudVoiceCommentInput{HasBeenApproved: api.Set(true), IsSpam: api.Set(true)})).must(t)
	if !bool(approved.HasBeenApproved) || !bool(approved.IsSpam) {
		t.Fatalf("moderated = %+v", approved)
	}
	cleared := lvGot(lv.UpdateComment(ctx, reply.CommentToken, api.LoudVoiceCommentInput{IsSpam: api.Set(false)})).must(t)
	if bool(cleared.IsSpam) || !bool(cleared.HasBeenApproved) {
		t.Fatalf("spam flag not cleared: %+v", cleared)
	}

	// Lists.
	var n int
	for cm, err := range lv.AllDiscussionComments(ctx, d.DiscussionToken, &wrapper.ListOptions{EntriesPerPage: 1}) {
		lvGot(cm, err).must(t)
		n++
	}
	if n != 2 {
		t.Fatalf("the discussion lists %d comments, want 2", n)
	}
	if a := lvGot(lv.GetAuthor(ctx, ann.AuthorToken)).must(t); a.NumComments != 1 {
		t.Fatalf("author = %+v", a)
	}
	if p := lvGot(lv.ListVotes(ctx, nil)).must(t); p.TotalEntries != 1 {
		t.Fatalf("votes = %+v", p)
	}

	// Lookups by reference.
	if byRef := lvGot(lv.GetDiscussionByReference(ctx, "/product/1")).must(t); byRef.DiscussionToken != d.DiscussionToken {
		t.Fatalf("by reference: %+v", byRef)
	}
	if p := lvGot(lv.DiscussionCommentsByReference(ctx, "/product/1", nil)).must(t); p.TotalEntries != 2 {
		t.Fatalf("comments by reference: %+v", p)
	}
	if a := lvGot(lv.GetAuthorByReference(ctx, "ANN")).must(t); a.AuthorToken != ann.AuthorToken {
		t.Fatalf("author by reference: %+v", a)
	}

	// Deletes: the comment with its replies, then the discussion.
	if err := lv.DeleteComment(ctx, top.CommentToken, true); err != nil {
		t.Fatal(err)
	}
	if _, err := lv.GetComment(ctx, reply.CommentToken); !errors.Is(err, wrapper.ErrNotFound) {
		t.Fatalf("reply after deleting its parent with replies: %v", err)
	}
	if p := lvGot(lv.ListVotes(ctx, nil)).must(t); p.TotalEntries != 0 {
		t.Fatalf("votes of a deleted comment remain: %+v", p)
	}
	if err := lv.DeleteDiscussion(ctx, d.DiscussionToken); err != nil {
		t.Fatal(err)
	}
	if _, err := lv.CreateComment(ctx, wrapper.NewComment{DiscussionToken: d.DiscussionToken,
		Comment: api.LoudVoiceCommentInput{Text: "late", Author: api.LoudVoiceAuthorInput{AuthorToken: ann.AuthorToken}}}); !errors.Is(err, wrapper.ErrNotFound) {
		t.Fatalf("a comment on a deleted discussion: %v, want ErrNotFound", err)
	}
}

// Deleting a comment without its replies moves them up to its parent.
func TestLoudVoiceDeleteKeepsReplies(t *testing.T) {
	srv := newServer(t)
	c, ctx := srv.Client(), t.Context()
	lv := c.LoudVoice
	d := lvGot(lv.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{})).must(t)
	post := func(parent string) *api.LoudVoiceComment {
		return lvGot(lv.CreateComment(ctx, wrapper.NewComment{DiscussionToken: d.DiscussionToken,
			Comment: api.LoudVoiceCommentInput{Text: "x", ParentCommentToken: parent, Author: api.LoudVoiceAuthorInput{AuthorReference: "A"}}})).must(t)
	}
	a := post("")
	b := post(a.CommentToken)
	cc := post(b.CommentToken)
	if err := lv.DeleteComment(ctx, b.CommentToken, false); err != nil {
		t.Fatal(err)
	}
	got := lvGot(lv.GetComment(ctx, cc.CommentToken)).must(t)
	if got.ParentCommentToken != a.CommentToken {
		t.Fatalf("the reply's parent is %q, want %q", got.ParentCommentToken, a.CommentToken)
	}
	if top := lvGot(lv.GetComment(ctx, a.CommentToken)).must(t); top.NumChildComments != 1 {
		t.Fatalf("num_child_comments = %d, want 1", top.NumChildComments)
	}
}

// Author sessions: created, renewed, filtered, expired and deleted.
func TestLoudVoiceAuthorSessions(t *testing.T) {
	srv := newServer(t)
	c, ctx := srv.Client(), t.Context()
	lv := c.LoudVoice
	if _, err := lv.StartAuthorSession(ctx, api.LoudVoiceAuthorInput{AuthorReference: "NEW"}); !errors.Is(err, wrapper.ErrNotFound) {
		t.Fatalf("an unknown reference without allow_create_new: %v", err)
	}
	s1 := lvGot(lv.StartAuthorSession(ctx, api.LoudVoiceAuthorInput{AuthorReference: "NEW", AllowCreateNew: true, Name: "New"})).must(t)
	s2 := lvGot(lv.StartAuthorSession(ctx, api.LoudVoiceAuthorInput{AuthorReference: "NEW"})).must(t)
	if s1.AuthorSessionToken != s2.AuthorSessionToken || s1.Author.Name != "New" {
		t.Fatalf("renewed session %+v, first %+v", s2, s1)
	}
	other := lvGot(lv.StartAuthorSession(ctx, api.LoudVoiceAuthorInput{AuthorReference: "OTHER", AllowCreateNew: true})).must(t)
	page := lvGot(lv.ListAuthorSessions(ctx, &wrapper.ListOptions{Filters: "author_token:eq:" + other.Author.AuthorToken})).must(t)
	if len(page.Entries) != 1 || page.Entries[0].AuthorSessionToken != other.AuthorSessionToken {
		t.Fatalf("filtered sessions = %+v", page.Entries)
	}
	if err := lv.DeleteAuthorSession(ctx, other.AuthorSessionToken); err != nil {
		t.Fatal(err)
	}
	srv.Advance(25 * 60 * 60 * 1e9) // 25 hours
	if page := lvGot(lv.ListAuthorSessions(ctx, nil)).must(t); page.TotalEntries != 0 {
		t.Fatalf("sessions after expiry = %+v", page.Entries)
	}
}

// Bad input is refused before anything is sent.
func TestLoudVoiceInvalidInput(t *testing.T) {
	srv := newServer(t)
	c, ctx := srv.Client(), t.Context()
	lv := c.LoudVoice
	for name, err := range map[string]error{
		"token": func() error { _, err := lv.GetComment(ctx, "nope"); return err }(),
		"no text": func() error {
			_, err := lv.CreateComment(ctx, wrapper.NewComment{DiscussionReference: "x", Comment: api.LoudVoiceCommentInput{Text: " ", Author: api.LoudVoiceAuthorInput{AuthorReference: "A"}}})
			return err
		}(),
		"no author": func() error {
			_, err := lv.CreateComment(ctx, wrapper.NewComment{DiscussionReference: "x", Comment: api.LoudVoiceCommentInput{Text: "t"}})
			return err
		}(),
		"no disc": func() error {
			_, err := lv.CreateComment(ctx, wrapper.NewComment{Comment: api.LoudVoiceCommentInput{Text: "t"}})
			return err
		}(),
		"vote":    func() error { _, err := lv.CastVote(ctx, testUUID, testUUID, "sideways"); return err }(),
		"filters": func() error { _, err := lv.ListComments(ctx, &wrapper.ListOptions{Filters: "x"}); return err }(),
		"session": func() error { _, err := lv.StartAuthorSession(ctx, api.LoudVoiceAuthorInput{Name: "n"}); return err }(),
	} {
		if !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", name, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests were sent", n)
	}
}

const testUUID = "00000000-0000-4000-8000-000000000000"

// An export is a CSV of the fake's users, read with ExportCSV.
func TestExportUsersCSV(t *testing.T) {
	srv := newServer(t)
	tokens := srv.Seed(3)
	c, ctx := srv.Client(), t.Context()
	ex := lvGot(c.Exports.ScheduleUsersCSV(ctx)).must(t)
	b, ok := srv.ExportCSV(ex.ExportToken)
	if !ok {
		t.Fatalf("no CSV for %+v", ex)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(tokens) || rows[0][0] != "user_token" || rows[1][0] != tokens[0] {
		t.Fatalf("CSV = %q", rows)
	}
	r := do(t, srv, "PUT", "/exports.json", `{"request":{"export":{"resource":"users","format":"xml"}}}`, jsonType)
	if r.status != http.StatusBadRequest {
		t.Fatalf("format xml: %d %s", r.status, r.body)
	}
}
