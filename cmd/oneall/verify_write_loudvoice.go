package main

import (
	"context"
	"fmt"
	"net/http"
)

// lvThings are the LoudVoice things of a run.
type lvThings struct {
	discussion, writer, voter, comment, vote, session *made
}

// loudVoice creates a discussion, two authors (the comment's, and the
// voter's: an author may not vote on their own comment), a comment, a vote
// and an author session; reads and changes them, by token and by
// reference; then deletes them, newest first. A second discussion is
// deleted by its reference.
func (w *writeRun) loudVoice(ctx context.Context) error {
	var t lvThings
	var err error
	if t.discussion, err = w.discussion(ctx, "discussion"); err != nil {
		return err
	}
	if t.writer, err = w.author(ctx, "writer"); err != nil {
		return err
	}
	if t.voter, err = w.author(ctx, "voter"); err != nil {
		return err
	}
	if t.comment, err = w.comment(ctx, t.discussion, t.writer); err != nil {
		return err
	}
	t.vote = w.record(&made{what: "LoudVoice vote", del: "DeleteVote", in: t.voter,
		tokens: map[string]string{"comment_token": t.comment.tokens["comment_token"], "author_token": t.voter.tokens["author_token"]}})
	if _, err := w.step(ctx, "CastVote", t.vote.tokens, nil); err != nil {
		return err
	}
	t.session = &made{what: "LoudVoice author session", del: "DeleteAuthorSession", in: t.voter}
	if _, err := w.create(ctx, t.session, "StartAuthorSession", nil, map[string]any{"author_session": map[string]any{"author": t.voter.tokens}},
		"author_session_token", "author_session", "author_session_token"); err != nil {
		return err
	}
	if err := w.lvReadAndChange(ctx, &t); err != nil {
		return err
	}
	if err := w.lvDelete(ctx, &t); err != nil {
		return err
	}
	other, err := w.discussion(ctx, "other-discussion")
	if err != nil {
		return err
	}
	return w.deleted(ctx, other, "DeleteDiscussionByReference", map[string]string{"discussion_reference": other.ref})
}

// discussion creates a discussion with a reference of the run's own.
func (w *writeRun) discussion(ctx context.Context, what string) (*made, error) {
	ref := w.tag + "-" + what
	m := &made{what: "LoudVoice discussion", del: "DeleteDiscussion", name: "discussion_reference " + ref,
		byRef: "DeleteDiscussionByReference", refKey: "discussion_reference", ref: ref}
	d := map[string]any{"discussion_reference": ref, "title": "oneall verify --write: a throwaway discussion",
		"url": "https://www.example.invalid/" + w.tag + "/" + what}
	a, err := w.create(ctx, m, "CreateDiscussion", nil, map[string]any{"discussion": d}, "discussion_token", "discussion", "discussion_token")
	if err == nil && a.status == http.StatusOK {
		// 200: a discussion of that reference existed; it is not the run's.
		m.gone = true
		return m, fmt.Errorf("%w: CreateDiscussion answered 200: a discussion with the reference %s existed, and is left alone", errStop, ref)
	}
	return m, err
}

// author creates an author with a reference of the run's own.
func (w *writeRun) author(ctx context.Context, what string) (*made, error) {
	ref := w.tag + "-" + what
	m := &made{what: "LoudVoice author", del: "DeleteAuthor", name: "author_reference " + ref,
		byRef: "DeleteAuthorByReference", refKey: "author_reference", ref: ref}
	au := map[string]any{"author_reference": ref, "name": "oneall verify " + what, "email": ref + "@example.invalid"}
	_, err := w.create(ctx, m, "CreateAuthor", nil, map[string]any{"author": au}, "author_token", "author", "author_token")
	return m, err
}

// comment creates the writer's comment in the discussion.
func (w *writeRun) comment(ctx context.Context, d, writer *made) (*made, error) {
	m := &made{what: "LoudVoice comment", del: "DeleteComment", name: "comment_reference " + w.tag + "-comment", in: d}
	c := map[string]any{"comment_reference": w.tag + "-comment", "text": "A throwaway comment of oneall verify --write.",
		"author": map[string]any{"author_token": writer.tokens["author_token"]}}
	_, err := w.create(ctx, m, "CreateComment", nil, map[string]any{"discussion": d.tokens, "comment": c},
		"comment_token", "comment", "comment_token")
	return m, err
}

// lvReadAndChange reads what loudVoice created, by token and by reference,
// and changes it.
func (w *writeRun) lvReadAndChange(ctx context.Context, t *lvThings) error {
	dref := map[string]string{"discussion_reference": t.discussion.ref}
	note := func(member, text string) map[string]any {
		return map[string]any{member: "oneall verify --write: " + text}
	}
	return w.each(ctx,
		stepCall{"GetDiscussion", t.discussion.tokens, nil},
		stepCall{"GetDiscussionByReference", dref, nil},
		stepCall{"ListDiscussionComments", t.discussion.tokens, nil},
		stepCall{"ListDiscussionCommentsByReference", dref, nil},
		stepCall{"GetComment", t.comment.tokens, nil},
		stepCall{"GetAuthor", t.writer.tokens, nil},
		stepCall{"GetAuthorByReference", map[string]string{"author_reference": t.voter.ref}, nil},
		stepCall{"GetVote", t.vote.tokens, nil},
		stepCall{"UpdateDiscussion", t.discussion.tokens, map[string]any{"discussion": note("title", "updated")}},
		stepCall{"UpdateDiscussionByReference", dref, map[string]any{"discussion": note("title", "updated by reference")}},
		stepCall{"UpdateComment", t.comment.tokens, map[string]any{"comment": note("text", "an updated throwaway comment")}},
		stepCall{"UpdateAuthor", t.writer.tokens, map[string]any{"author": note("description", "updated")}},
		stepCall{"UpdateAuthorByReference", map[string]string{"author_reference": t.voter.ref},
			map[string]any{"author": note("description", "updated by reference")}},
	)
}

// lvDelete deletes what loudVoice created, newest first: the writer by
// token, the voter by reference.
func (w *writeRun) lvDelete(ctx context.Context, t *lvThings) error {
	for _, d := range []struct {
		m      *made
		id     string
		tokens map[string]string
	}{
		{t.session, "DeleteAuthorSession", t.session.tokens},
		{t.vote, "DeleteVote", t.vote.tokens},
		{t.comment, "DeleteComment", t.comment.tokens},
		{t.voter, "DeleteAuthorByReference", map[string]string{"author_reference": t.voter.ref}},
		{t.writer, "DeleteAuthor", t.writer.tokens},
		{t.discussion, "DeleteDiscussion", t.discussion.tokens},
	} {
		if err := w.deleted(ctx, d.m, d.id, d.tokens); err != nil {
			return err
		}
	}
	return nil
}
