package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// A discussion per page of your site; comments and replies by registered
// authors or guests, votes, moderation.
func ExampleLoudVoiceService() {
	srv := onealltest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	d, err := c.LoudVoice.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{
		DiscussionReference: "/product/1", Title: "The sneaker", URL: "https://shop.example/product/1"})
	if err != nil {
		log.Fatal(err)
	}
	// A registered author, keyed by your own user id.
	ann, err := c.LoudVoice.CreateAuthor(ctx, api.LoudVoiceAuthorInput{AuthorReference: "user-42", Name: "Ann", Email: "ann@example.com"})
	if err != nil {
		log.Fatal(err)
	}
	top, err := c.LoudVoice.CreateComment(ctx, wrapper.NewComment{DiscussionToken: d.DiscussionToken,
		Comment: api.LoudVoiceCommentInput{Text: "Love them.", Author: api.LoudVoiceAuthorInput{AuthorToken: ann.AuthorToken}}})
	if err != nil {
		log.Fatal(err)
	}
	// A guest's reply, held for moderation.
	reply, err := c.LoudVoice.CreateComment(ctx, wrapper.NewComment{DiscussionToken: d.DiscussionToken, Moderate: true,
		Comment: api.LoudVoiceCommentInput{Text: "Me too.", ParentCommentToken: top.CommentToken,
			Author: api.LoudVoiceAuthorInput{Name: "Bob", Email: "bob@example.com"}}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("reply approved:", bool(reply.HasBeenApproved))

	// Bob likes Ann's comment; nobody votes on their own.
	if _, err := c.LoudVoice.CastVote(ctx, top.CommentToken, reply.Author.AuthorToken, wrapper.VoteUp); err != nil {
		log.Fatal(err)
	}
	_, err = c.LoudVoice.CastVote(ctx, top.CommentToken, ann.AuthorToken, wrapper.VoteUp)
	fmt.Println("own vote refused:", errors.Is(err, wrapper.ErrForbidden))

	// The moderator approves the reply.
	if _, err := c.LoudVoice.UpdateComment(ctx, reply.CommentToken, api.LoudVoiceCommentInput{HasBeenApproved: api.Set(true)}); err != nil {
		log.Fatal(err)
	}
	for cm, err := range c.LoudVoice.AllDiscussionComments(ctx, d.DiscussionToken, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(cm.PostOrder, cm.Author.Name, cm.Text, "votes up:", cm.Votes.NumVotesUp.Int(),
			"replies:", cm.NumChildComments.Int(), "approved:", bool(cm.HasBeenApproved))
	}

	// Deleting a comment with its replies; then the discussion.
	if err := c.LoudVoice.DeleteComment(ctx, top.CommentToken, true); err != nil {
		log.Fatal(err)
	}
	left, err := c.LoudVoice.GetDiscussionByReference(ctx, "/product/1")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("comments left:", left.NumComments.Int())
	if err := c.LoudVoice.DeleteDiscussion(ctx, d.DiscussionToken); err != nil {
		log.Fatal(err)
	}
	_, err = c.LoudVoice.GetDiscussion(ctx, d.DiscussionToken)
	fmt.Println("discussion gone:", errors.Is(err, wrapper.ErrNotFound))
	// Output:
	// reply approved: false
	// own vote refused: true
	// 0001 Ann Love them. votes up: 1 replies: 1 approved: true
	// 0001.0001 Bob Me too. votes up: 0 replies: 0 approved: true
	// comments left: 0
	// discussion gone: true
}

// An author session lets a person logged in on your site comment in the
// LoudVoice widget without logging in again.
func ExampleLoudVoiceService_StartAuthorSession() {
	srv := onealltest.NewServer()
	defer srv.Close()
	c := srv.Client()

	s, err := c.LoudVoice.StartAuthorSession(context.Background(), api.LoudVoiceAuthorInput{
		AuthorReference: "user-42", Name: "Ann", Email: "ann@example.com",
		AllowCreateNew: true, // the first session creates the author
	})
	if err != nil {
		log.Fatal(err)
	}
	// Give s.AuthorSessionToken to the widget.
	fmt.Println(s.Author.Name, s.Author.AuthorReference, "has a session token:", s.AuthorSessionToken != "")
	// Output:
	// Ann user-42 has a session token: true
}
