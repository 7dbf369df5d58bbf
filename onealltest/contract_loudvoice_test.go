package onealltest

import (
	"maps"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// loudVoiceStatuses is wantStatuses for the LoudVoice and Export operations.
var loudVoiceStatuses = map[string][]int{
	"ListDiscussions":        {200, 400, 401},
	"CreateDiscussion":       {200, 201, 400, 401},
	"GetDiscussion":          {200, 401, 404},
	"UpdateDiscussion":       {200, 400, 401, 404},
	"DeleteDiscussion":       {200, 400, 401, 404},
	"ListDiscussionComments": {200, 400, 401, 404},
	"ListComments":           {200, 400, 401},
	"CreateComment":          {201, 400, 401, 404},
	"GetComment":             {200, 401, 404},
	"UpdateComment":          {200, 400, 401, 404},
	"DeleteComment":          {200, 400, 401, 404},
	"ListAuthors":            {200, 400, 401},
	"CreateAuthor":           {201, 400, 401, 404, 409},
	"GetAuthor":              {200, 401, 404},
	"UpdateAuthor":           {200, 400, 401, 404, 409},
	"DeleteAuthor":           {200, 400, 401, 404},
	"ListAuthorSessions":     {200, 400, 401},
	"StartAuthorSession":     {200, 201, 400, 401, 404},
	"DeleteAuthorSession":    {200, 400, 401, 404},
	"ListVotes":              {200, 400, 401},
	"GetVote":                {200, 401, 404},
	"CastVote":               {200, 201, 400, 401, 403, 404},
	"DeleteVote":             {200, 400, 401, 404},
	"ScheduleExport":         {201, 400, 401},

	"GetDiscussionByReference":          {200, 400, 401, 404},
	"ListDiscussionCommentsByReference": {200, 400, 401, 404},
	"GetAuthorByReference":              {200, 400, 401, 404},
	"UpdateDiscussionByReference":       {200, 400, 401, 404},
	"DeleteDiscussionByReference":       {200, 400, 401, 404},
	"UpdateAuthorByReference":           {200, 400, 401, 404, 409},
	"DeleteAuthorByReference":           {200, 400, 401, 404},
}

func init() { maps.Copy(wantStatuses, loudVoiceStatuses) }

// exerciseLoudVoice drives the LoudVoice and Export operations through every
// status the server produces for them, but 401 and the faults (from the
// generated valid requests, in everyOperation).
func (k *contract) exerciseLoudVoice() {
	t, c, ctx := k.t, k.c, k.t.Context()
	lv := c.LoudVoice
	const unknown = "00000000-0000-4000-8000-000000000000"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	// Discussions.
	d, err := lv.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{DiscussionReference: "/p/1", Title: "One"})
	must(err)
	_, err = lv.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{DiscussionReference: "/p/1", IsClosed: api.Set(false)})
	k.check(err, nil) // 200: it existed
	k.expect(400, "POST", "/loudvoice/discussions.json", `{"request":{}}`, invalid)
	_, err = lv.ListDiscussions(ctx, &wrapper.ListOptions{EntriesPerPage: 1})
	k.check(err, nil)
	k.expect(400, "GET", "/loudvoice/discussions.json?page=0", "", invalid)
	_, err = lv.GetDiscussion(ctx, d.DiscussionToken)
	k.check(err, nil)
	_, err = lv.GetDiscussion(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	_, err = lv.UpdateDiscussion(ctx, d.DiscussionToken, api.LoudVoiceDiscussionInput{Title: "Uno"})
	k.check(err, nil)
	_, err = lv.UpdateDiscussion(ctx, unknown, api.LoudVoiceDiscussionInput{})
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "PUT", "/loudvoice/discussions/"+d.DiscussionToken+".json", `{"request":{"discussion":{"is_closed":"maybe"}}}`, invalid)

	// Authors.
	a, err := lv.CreateAuthor(ctx, api.LoudVoiceAuthorInput{AuthorReference: "A", Name: "Ann"})
	must(err)
	_, err = lv.CreateAuthor(ctx, api.LoudVoiceAuthorInput{AuthorReference: "A", Email: "ann@example.com"})
	k.check(err, wrapper.ErrConflict) // the reference is taken
	_, err = lv.CreateAuthor(ctx, api.LoudVoiceAuthorInput{IdentityToken: unknown})
	k.check(err, wrapper.ErrNotFound)
	b, err := lv.CreateAuthor(ctx, api.LoudVoiceAuthorInput{Name: "Bob"})
	must(err)
	k.expect(400, "POST", "/loudvoice/authors.json", `{"request":{"author":[]}}`, invalid)
	_, err = lv.ListAuthors(ctx, nil)
	k.check(err, nil)
	k.expect(400, "GET", "/loudvoice/authors.json?entries_per_page=501", "", invalid)
	_, err = lv.GetAuthor(ctx, a.AuthorToken)
	k.check(err, nil)
	_, err = lv.GetAuthor(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	_, err = lv.UpdateAuthor(ctx, a.AuthorToken, api.LoudVoiceAuthorInput{WebsiteURL: "https://a.example"})
	k.check(err, nil)
	_, err = lv.UpdateAuthor(ctx, unknown, api.LoudVoiceAuthorInput{})
	k.check(err, wrapper.ErrNotFound)
	_, err = lv.UpdateAuthor(ctx, b.AuthorToken, api.LoudVoiceAuthorInput{AuthorReference: "A"})
	k.check(err, wrapper.ErrConflict)
	k.expect(400, "PUT", "/loudvoice/authors/"+a.AuthorToken+".json", `{"request":{}}`, invalid)

	// Comments.
	top, err := lv.CreateComment(ctx, wrapper.NewComment{DiscussionToken: d.DiscussionToken,
		Comment: api.LoudVoiceCommentInput{Text: "Hi", Author: api.LoudVoiceAuthorInput{AuthorToken: a.AuthorToken}}})
	must(err)
	reply, err := lv.CreateComment(ctx, wrapper.NewComment{DiscussionReference: "/p/1", Moderate: true,
		Comment: api.LoudVoiceCommentInput{Text: "Re", ParentCommentToken: top.CommentToken, Author: api.LoudVoiceAuthorInput{AuthorToken: b.AuthorToken}}})
	must(err)
	_, err = lv.CreateComment(ctx, wrapper.NewComment{DiscussionToken: unknown,
		Comment: api.LoudVoiceCommentInput{Text: "x", Author: api.LoudVoiceAuthorInput{AuthorReference: "A"}}})
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "POST", "/loudvoice/comments.json", `{"request":{"discussion":{"discussion_token":"`+d.DiscussionToken+`"},"comment":{"text":"x"}}}`)
	_, err = lv.ListComments(ctx, nil)
	k.check(err, nil)
	k.expect(400, "GET", "/loudvoice/comments.json?order_direction=up", "", invalid)
	_, err = lv.DiscussionComments(ctx, d.DiscussionToken, nil)
	k.check(err, nil)
	_, err = lv.DiscussionComments(ctx, unknown, nil)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "GET", "/loudvoice/comments/"+d.DiscussionToken+"/comments.json?page=-1", "", invalid)
	_, err = lv.GetComment(ctx, reply.CommentToken)
	k.check(err, nil)
	_, err = lv.GetComment(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	_, err = lv.UpdateComment(ctx, reply.CommentToken, api.LoudVoiceCommentInput{HasBeenApproved: api.Set(true)})
	k.check(err, nil)
	_, err = lv.UpdateComment(ctx, unknown, api.LoudVoiceCommentInput{})
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "PUT", "/loudvoice/comments/"+reply.CommentToken+".json", `{"request":{"comment":{"text":" "}}}`)

	// Lookups by reference.
	_, err = lv.GetDiscussionByReference(ctx, "/p/1")
	k.check(err, nil)
	_, err = lv.GetDiscussionByReference(ctx, "/nowhere")
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "GET", "/loudvoice/discussions/discussion.json", "", invalid)
	_, err = lv.DiscussionCommentsByReference(ctx, "/p/1", &wrapper.ListOptions{Order: "desc"})
	k.check(err, nil)
	_, err = lv.DiscussionCommentsByReference(ctx, "/nowhere", nil)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "GET", "/loudvoice/discussions/discussion/comments.json?discussion_reference=", "", invalid)
	_, err = lv.GetAuthorByReference(ctx, "A")
	k.check(err, nil)
	_, err = lv.GetAuthorByReference(ctx, "nobody")
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "GET", "/loudvoice/authors/author.json", "", invalid)

	// Votes.
	_, err = lv.CastVote(ctx, top.CommentToken, b.AuthorToken, wrapper.VoteUp)
	k.check(err, nil) // 201
	_, err = lv.CastVote(ctx, top.CommentToken, b.AuthorToken, wrapper.VoteDown)
	k.check(err, nil) // 200: replaced
	_, err = lv.CastVote(ctx, top.CommentToken, a.AuthorToken, wrapper.VoteUp)
	k.check(err, wrapper.ErrForbidden)
	_, err = lv.CastVote(ctx, unknown, a.AuthorToken, wrapper.VoteUp)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "PUT", "/loudvoice/votes/comments/"+top.CommentToken+"/authors/"+b.AuthorToken+".json", `{"request":{"vote":{"direction":"sideways"}}}`, invalid)
	_, err = lv.ListVotes(ctx, nil)
	k.check(err, nil)
	k.expect(400, "GET", "/loudvoice/votes.json?page=x", "", invalid)
	_, err = lv.GetVote(ctx, top.CommentToken, b.AuthorToken)
	k.check(err, nil)
	_, err = lv.GetVote(ctx, reply.CommentToken, a.AuthorToken)
	k.check(err, wrapper.ErrNotFound)

	// Author sessions.
	sess, err := lv.StartAuthorSession(ctx, api.LoudVoiceAuthorInput{AuthorToken: a.AuthorToken})
	must(err)
	_, err = lv.StartAuthorSession(ctx, api.LoudVoiceAuthorInput{AuthorReference: "A"})
	k.check(err, nil) // 200: renewed
	_, err = lv.StartAuthorSession(ctx, api.LoudVoiceAuthorInput{AuthorReference: "nobody"})
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "PUT", "/loudvoice/authors/sessions.json", `{"request":{"author_session":{"author":{}}}}`)
	_, err = lv.ListAuthorSessions(ctx, &wrapper.ListOptions{Filters: "author_token:eq:" + a.AuthorToken})
	k.check(err, nil)
	k.expect(400, "GET", "/loudvoice/authors/sessions.json?filters=name:eq:x", "")

	// Export.
	_, err = c.Exports.ScheduleUsersCSV(ctx)
	k.check(err, nil)
	k.expect(400, "PUT", "/exports.json", `{"request":{"export":{"resource":"comments","format":"csv"}}}`)

	// Deletes, each once for real and once too many.
	k.expect(400, "DELETE", "/loudvoice/votes/comments/"+top.CommentToken+"/authors/"+b.AuthorToken+".json", "", invalid)
	k.check(lv.DeleteVote(ctx, top.CommentToken, b.AuthorToken), nil)
	k.check(lv.DeleteVote(ctx, top.CommentToken, b.AuthorToken), wrapper.ErrNotFound)
	k.expect(400, "DELETE", "/loudvoice/authors/sessions/"+sess.AuthorSessionToken+".json?confirm_deletion=no", "", invalid)
	k.check(lv.DeleteAuthorSession(ctx, sess.AuthorSessionToken), nil)
	k.check(lv.DeleteAuthorSession(ctx, sess.AuthorSessionToken), wrapper.ErrNotFound)
	k.expect(400, "DELETE", "/loudvoice/comments/"+reply.CommentToken+".json?confirm_deletion=true&delete_sub_comments=perhaps", "", invalid)
	k.check(lv.DeleteComment(ctx, reply.CommentToken, false), nil)
	k.check(lv.DeleteComment(ctx, reply.CommentToken, false), wrapper.ErrNotFound)
	k.expect(400, "DELETE", "/loudvoice/authors/"+b.AuthorToken+".json", "", invalid)
	k.check(lv.DeleteAuthor(ctx, b.AuthorToken), nil)
	k.check(lv.DeleteAuthor(ctx, b.AuthorToken), wrapper.ErrNotFound)
	k.expect(400, "DELETE", "/loudvoice/discussions/"+d.DiscussionToken+".json", "", invalid)
	other, err := lv.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{Title: "Two"})
	must(err)
	k.check(lv.DeleteDiscussion(ctx, other.DiscussionToken), nil)
	k.check(lv.DeleteDiscussion(ctx, other.DiscussionToken), wrapper.ErrNotFound)
	k.exerciseLoudVoiceByReference()
}

// exerciseLoudVoiceByReference drives the updates and deletes of a
// discussion and an author by reference through their statuses (the author
// of reference "A" made by exerciseLoudVoice still exists).
func (k *contract) exerciseLoudVoiceByReference() {
	t, lv, ctx := k.t, k.c.LoudVoice, k.t.Context()
	d, err := lv.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{DiscussionReference: "/p/2", Title: "Two"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := lv.CreateAuthor(ctx, api.LoudVoiceAuthorInput{AuthorReference: "R", Name: "Rex"})
	if err != nil {
		t.Fatal(err)
	}

	_, err = lv.UpdateDiscussionByReference(ctx, "/p/2", api.LoudVoiceDiscussionInput{Title: "Zwei"})
	k.check(err, nil)
	_, err = lv.UpdateDiscussionByReference(ctx, "/nowhere", api.LoudVoiceDiscussionInput{})
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "PUT", "/loudvoice/discussions/discussion.json?discussion_reference=/p/2", `{"request":{"discussion":{"is_closed":"maybe"}}}`, invalid)
	k.expect(400, "PUT", "/loudvoice/discussions/discussion.json", `{"request":{"discussion":{"title":"x"}}}`, invalid)

	_, err = lv.UpdateAuthorByReference(ctx, "R", api.LoudVoiceAuthorInput{Name: "Rexa"})
	k.check(err, nil)
	_, err = lv.UpdateAuthorByReference(ctx, "nobody", api.LoudVoiceAuthorInput{})
	k.check(err, wrapper.ErrNotFound)
	_, err = lv.UpdateAuthorByReference(ctx, "R", api.LoudVoiceAuthorInput{AuthorReference: "A"})
	k.check(err, wrapper.ErrConflict) // the reference is taken
	k.expect(400, "PUT", "/loudvoice/authors/author.json?author_reference=R", `{"request":{}}`, invalid)

	k.expect(400, "DELETE", "/loudvoice/authors/author.json?author_reference=R", "", invalid)
	k.expect(400, "DELETE", "/loudvoice/authors/author.json?confirm_deletion=true", "", invalid)
	k.check(lv.DeleteAuthorByReference(ctx, "R"), nil)
	k.check(lv.DeleteAuthorByReference(ctx, "R"), wrapper.ErrNotFound)
	_, err = lv.GetAuthor(ctx, a.AuthorToken)
	k.check(err, wrapper.ErrNotFound)

	k.expect(400, "DELETE", "/loudvoice/discussions/discussion.json?discussion_reference=/p/2", "", invalid)
	k.expect(400, "DELETE", "/loudvoice/discussions/discussion.json?confirm_deletion=true", "", invalid)
	k.check(lv.DeleteDiscussionByReference(ctx, "/p/2"), nil)
	k.check(lv.DeleteDiscussionByReference(ctx, "/p/2"), wrapper.ErrNotFound)
	_, err = lv.GetDiscussion(ctx, d.DiscussionToken)
	k.check(err, wrapper.ErrNotFound)
}
