package wrapper_test

import (
	"errors"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// A discussion is updated and deleted by its reference, as by its token.
func TestLoudVoiceDiscussionByReference(t *testing.T) {
	srv := onealltest.New(t)
	c, ctx := srv.Client(), t.Context()
	lv := c.LoudVoice
	d, err := lv.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{DiscussionReference: "/p/1", Title: "One"})
	if err != nil {
		t.Fatal(err)
	}
	up, err := lv.UpdateDiscussionByReference(ctx, "/p/1", api.LoudVoiceDiscussionInput{Title: "Uno"})
	if err != nil {
		t.Fatal(err)
	}
	if up.DiscussionToken != d.DiscussionToken || up.Title != "Uno" {
		t.Fatalf("updated = %+v, want %s titled Uno", up, d.DiscussionToken)
	}
	if got, err := lv.GetDiscussion(ctx, d.DiscussionToken); err != nil || got.Title != "Uno" {
		t.Fatalf("GetDiscussion = %+v, %v; want the title Uno kept", got, err)
	}
	if _, err := lv.UpdateDiscussionByReference(ctx, "/nowhere", api.LoudVoiceDiscussionInput{}); !errors.Is(err, wrapper.ErrNotFound) {
		t.Fatalf("update of an unknown reference: %v, want ErrNotFound", err)
	}
	if err := lv.DeleteDiscussionByReference(ctx, "/p/1"); err != nil {
		t.Fatal(err)
	}
	if _, err := lv.GetDiscussion(ctx, d.DiscussionToken); !errors.Is(err, wrapper.ErrNotFound) {
		t.Fatalf("GetDiscussion after the delete: %v, want ErrNotFound", err)
	}
	if err := lv.DeleteDiscussionByReference(ctx, "/p/1"); !errors.Is(err, wrapper.ErrNotFound) {
		t.Fatalf("second delete: %v, want ErrNotFound", err)
	}
}

// An author is updated and deleted by their reference, as by their token.
func TestLoudVoiceAuthorByReference(t *testing.T) {
	srv := onealltest.New(t)
	c, ctx := srv.Client(), t.Context()
	lv := c.LoudVoice
	a, err := lv.CreateAuthor(ctx, api.LoudVoiceAuthorInput{AuthorReference: "A", Name: "Ann"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lv.CreateAuthor(ctx, api.LoudVoiceAuthorInput{AuthorReference: "B", Name: "Bob"}); err != nil {
		t.Fatal(err)
	}
	up, err := lv.UpdateAuthorByReference(ctx, "A", api.LoudVoiceAuthorInput{WebsiteURL: "https://a.example"})
	if err != nil {
		t.Fatal(err)
	}
	if up.AuthorToken != a.AuthorToken || up.Name != "Ann" {
		t.Fatalf("updated = %+v, want %s still named Ann", up, a.AuthorToken)
	}
	if _, err := lv.UpdateAuthorByReference(ctx, "B", api.LoudVoiceAuthorInput{AuthorReference: "A"}); !errors.Is(err, wrapper.ErrConflict) {
		t.Fatalf("taking a taken reference: %v, want ErrConflict", err)
	}
	if _, err := lv.UpdateAuthorByReference(ctx, "nobody", api.LoudVoiceAuthorInput{}); !errors.Is(err, wrapper.ErrNotFound) {
		t.Fatalf("update of an unknown reference: %v, want ErrNotFound", err)
	}
	if err := lv.DeleteAuthorByReference(ctx, "A"); err != nil {
		t.Fatal(err)
	}
	if _, err := lv.GetAuthor(ctx, a.AuthorToken); !errors.Is(err, wrapper.ErrNotFound) {
		t.Fatalf("GetAuthor after the delete: %v, want ErrNotFound", err)
	}
	if err := lv.DeleteAuthorByReference(ctx, "A"); !errors.Is(err, wrapper.ErrNotFound) {
		t.Fatalf("second delete: %v, want ErrNotFound", err)
	}
}

// An empty reference is refused before anything is sent.
func TestLoudVoiceByReferenceInvalidInput(t *testing.T) {
	srv := onealltest.New(t)
	c, ctx := srv.Client(), t.Context()
	lv := c.LoudVoice
	checks := map[string]error{
		"UpdateDiscussionByReference": second(lv.UpdateDiscussionByReference(ctx, "", api.LoudVoiceDiscussionInput{})),
		"DeleteDiscussionByReference": lv.DeleteDiscussionByReference(ctx, ""),
		"UpdateAuthorByReference":     second(lv.UpdateAuthorByReference(ctx, "", api.LoudVoiceAuthorInput{})),
		"UpdateAuthorByReference bad identity_token": second(lv.UpdateAuthorByReference(ctx, "A",
			api.LoudVoiceAuthorInput{IdentityToken: "not-a-uuid"})),
		"DeleteAuthorByReference": lv.DeleteAuthorByReference(ctx, ""),
	}
	for name, err := range checks {
		if !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", name, err)
		}
	}
	for _, m := range []string{"PUT", "DELETE"} {
		for _, p := range []string{"/loudvoice/discussions/discussion.json", "/loudvoice/authors/author.json"} {
			if n := srv.RequestCount(m, p); n != 0 {
				t.Errorf("%s %s sent %d requests, want none", m, p, n)
			}
		}
	}
}
