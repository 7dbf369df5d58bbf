package wrapper_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// Creations are sent once; reads, updates, votes and deletes are retried
// when their answer was lost after OneAll did the work.
func TestLoudVoiceRetryClasses(t *testing.T) {
	srv := onealltest.New(t)
	c := srv.Client(wrapper.WithRetries(2), wrapper.WithBackoff(time.Millisecond, time.Millisecond))
	ctx := t.Context()
	d, err := c.LoudVoice.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{Title: "t"})
	if err != nil {
		t.Fatal(err)
	}
	lost := func(pattern string) {
		srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.FaultLost}, AfterWork: true, Paths: []string{pattern}})
	}

	lost("POST /loudvoice/discussions.json")
	if _, err := c.LoudVoice.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{Title: "t"}); err == nil {
		t.Fatal("a creation whose answer was lost succeeded")
	}
	if n := srv.RequestCount("POST", "/loudvoice/discussions.json"); n != 2 {
		t.Fatalf("CreateDiscussion sent %d requests, want 2 (1 before, 1 now: never retried)", n)
	}

	lost("GET /loudvoice/discussions/*.json")
	if _, err := c.LoudVoice.GetDiscussion(ctx, d.DiscussionToken); err == nil {
		t.Fatal("every answer was lost, yet the read succeeded")
	}
	if n := srv.RequestCount("GET", "/loudvoice/discussions/*.json"); n != 3 {
		t.Fatalf("GetDiscussion sent %d requests, want 3 (retried twice)", n)
	}
	srv.SetFaults(onealltest.Faults{})
}

// A success without the payload the operation promises is an
// ErrUnexpectedResponse, not an empty comment.
func TestLoudVoiceMissingPayload(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":{}}}}`))
	}))
	defer ts.Close()
	c, err := wrapper.New("", "a", "b", wrapper.WithBaseURL(ts.URL), wrapper.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.LoudVoice.GetComment(t.Context(), "00000000-0000-4000-8000-000000000000")
	if !errors.Is(err, wrapper.ErrUnexpectedResponse) {
		t.Fatalf("err = %v, want ErrUnexpectedResponse", err)
	}
	// A delete promises no payload.
	if err := c.LoudVoice.DeleteVote(t.Context(), "00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-000000000001"); err != nil {
		t.Fatalf("DeleteVote: %v", err)
	}
}

// A discussion, comment, author or author session without its token is
// an ErrUnexpectedResponse naming the token, not a node that cannot be
// used again: OneAll sends absent values as null, and always the token.
func TestLoudVoiceNodeWithoutItsToken(t *testing.T) {
	var data string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":` + data + `}}}`))
	}))
	defer ts.Close()
	c, err := wrapper.New("", "a", "b", wrapper.WithBaseURL(ts.URL), wrapper.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	ctx, tok := t.Context(), "00000000-0000-4000-8000-000000000000"
	for _, tc := range []struct {
		data, want string
		call       func() error
	}{
		{`{"discussion":{"title":"t"}}`, "discussion_token", func() error { _, err := c.LoudVoice.GetDiscussion(ctx, tok); return err }},
		{`{"discussion":{}}`, "discussion_token", func() error {
			_, err := c.LoudVoice.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{Title: "t"})
			return err
		}},
		{`{"comment":{"text":"x"}}`, "comment_token", func() error { _, err := c.LoudVoice.GetComment(ctx, tok); return err }},
		{`{"author":{"name":"n"}}`, "author_token", func() error { _, err := c.LoudVoice.GetAuthor(ctx, tok); return err }},
		{`{"author_session":{}}`, "author_session_token", func() error {
			_, err := c.LoudVoice.StartAuthorSession(ctx, api.LoudVoiceAuthorInput{AuthorToken: tok})
			return err
		}},
	} {
		data = tc.data
		err := tc.call()
		if !errors.Is(err, wrapper.ErrUnexpectedResponse) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want ErrUnexpectedResponse naming %s", tc.data, err, tc.want)
		}
	}
}

// The All iterators walk every page, in order.
func TestLoudVoiceIterators(t *testing.T) {
	srv := onealltest.New(t)
	c, ctx := srv.Client(), t.Context()
	var want []string
	for range 5 {
		a, err := c.LoudVoice.CreateAuthor(ctx, api.LoudVoiceAuthorInput{Name: "n"})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, a.AuthorToken)
	}
	var got []string
	for a, err := range c.LoudVoice.AllAuthors(ctx, &wrapper.ListOptions{EntriesPerPage: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, a.AuthorToken)
	}
	if len(got) != len(want) || got[0] != want[0] || got[4] != want[4] {
		t.Fatalf("AllAuthors = %v, want %v", got, want)
	}
}
