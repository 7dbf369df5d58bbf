package wrapper_test

import (
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// idsOf returns a function that lists the ids of a page, failing t on an error.
func idsOf(t *testing.T) func(*wrapper.Page[api.PullEntry], error) []string {
	return func(p *wrapper.Page[api.PullEntry], err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range p.Entries {
			out = append(out, string(e.ID))
		}
		return out
	}
}

// TestPullListsWhatPushPublished: what an identity publishes, Pull lists for
// that identity, on the page, company or board it was published on.
func TestPullListsWhatPushPublished(t *testing.T) {
	srv, c, tok := pushWorld(t)
	ctx, ids := t.Context(), idsOf(t)
	other := srv.AddIdentity(srv.AddUser(onealltest.User{}), "twitter", api.Identity{})

	tw, err := c.Push.TwitterPost(ctx, tok["twitter"], wrapper.Post{Message: "first"})
	if err != nil {
		t.Fatal(err)
	}
	tw2, err := c.Push.TwitterPost(ctx, tok["twitter"], wrapper.Post{Message: "second"})
	if err != nil {
		t.Fatal(err)
	}
	got := ids(c.Pull.TwitterTweets(ctx, tok["twitter"], nil))
	if !slices.Equal(got, []string{string(tw.ID), string(tw2.ID)}) {
		t.Errorf("tweets %v, want %v and %v", got, tw.ID, tw2.ID)
	}
	if got := ids(c.Pull.TwitterTweets(ctx, tok["twitter"], &wrapper.TweetsOptions{AfterTweetID: string(tw.ID)})); !slices.Equal(got, []string{string(tw2.ID)}) {
		t.Errorf("tweets after the first: %v", got)
	}
	if got := ids(c.Pull.TwitterTweets(ctx, other, nil)); len(got) != 0 {
		t.Errorf("another identity's tweets: %v", got)
	}

	pages := ids(c.Pull.FacebookPages(ctx, tok["facebook"], nil))
	if len(pages) == 0 {
		t.Fatal("no Facebook pages")
	}
	pp, err := c.Push.FacebookPagePost(ctx, tok["facebook"], pages[0], wrapper.Post{Message: "on the page"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(c.Pull.FacebookPagePosts(ctx, tok["facebook"], pages[0], nil)); !slices.Equal(got, []string{string(pp.ID)}) {
		t.Errorf("page posts %v, want %v", got, pp.ID)
	}
	if slices.Contains(ids(c.Pull.FacebookPosts(ctx, tok["facebook"], nil)), string(pp.ID)) {
		t.Error("a page post shows in the user's own posts")
	}

	companies := ids(c.Pull.LinkedInCompanies(ctx, tok["linkedin"]))
	cp, err := c.Push.LinkedInCompanyPost(ctx, tok["linkedin"], companies[0], wrapper.LinkPost{Link: "https://www.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(c.Pull.LinkedInCompanyPosts(ctx, tok["linkedin"], companies[0], nil)); !slices.Equal(got, []string{string(cp.ID)}) {
		t.Errorf("company posts %v, want %v", got, cp.ID)
	}

	boards := ids(c.Pull.PinterestBoards(ctx, tok["pinterest"]))
	if _, err := c.Push.PinterestPin(ctx, tok["pinterest"], boards[0], wrapper.Pin{Picture: "https://www.example.com/a.png"}); err != nil {
		t.Errorf("pin on a board Pull listed: %v", err)
	}

	v, err := c.Push.YouTubeVideo(ctx, tok["youtube"], wrapper.Video{URL: "https://www.example.com/a.mp4", Title: "Film"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ids(c.Pull.YouTubeVideos(ctx, tok["youtube"])), string(v.ID)) {
		t.Error("the pushed video is not listed")
	}
}

func TestPullPagesAndIterates(t *testing.T) {
	srv, c, _ := pushWorld(t)
	ctx, ids := t.Context(), idsOf(t)
	fb := srv.AddIdentity(srv.AddUser(onealltest.User{}), "facebook", api.Identity{})
	all := ids(c.Pull.FacebookPosts(ctx, fb, &wrapper.FacebookPostsOptions{ListOptions: wrapper.ListOptions{EntriesPerPage: 500}}))
	var walked []string
	for e, err := range c.Pull.AllFacebookPosts(ctx, fb, &wrapper.FacebookPostsOptions{ListOptions: wrapper.ListOptions{EntriesPerPage: 1}}) {
		if err != nil {
			t.Fatal(err)
		}
		walked = append(walked, string(e.ID))
	}
	if len(all) < 2 || !slices.Equal(all, walked) {
		t.Errorf("AllFacebookPosts by 1 %v, want %v", walked, all)
	}
	page2, err := c.Pull.FacebookPosts(ctx, fb, &wrapper.FacebookPostsOptions{ListOptions: wrapper.ListOptions{Page: 2, EntriesPerPage: 1}})
	if err != nil || len(page2.Entries) != 1 || string(page2.Entries[0].ID) != all[1] || page2.TotalEntries != len(all) {
		t.Errorf("page 2 of 1: %+v, %v", page2, err)
	}
}

func TestPullRefusals(t *testing.T) {
	_, c, tok := pushWorld(t)
	ctx := t.Context()
	if _, err := c.Pull.SteamGames(ctx, tok["twitter"], nil); !errors.Is(err, wrapper.ErrForbidden) {
		t.Errorf("Steam games of a Twitter identity: %v, want ErrForbidden", err)
	}
	if _, err := c.Pull.FacebookPagePosts(ctx, tok["facebook"], "1", nil); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("posts of a page the user does not have: %v, want ErrNotFound", err)
	}
	for name, err := range map[string]error{
		"order":   second(c.Pull.FacebookLikes(ctx, tok["facebook"], &wrapper.ListOptions{Order: "desc"})),
		"filters": second(c.Pull.LinkedInPosts(ctx, tok["linkedin"], &wrapper.ListOptions{Filters: "x:eq:y"})),
		"token":   second(c.Pull.PinterestBoards(ctx, "nope")),
		"page id": second(c.Pull.FacebookPagePosts(ctx, tok["facebook"], "a/b", nil)),
		"num":     second(c.Pull.TwitterTweets(ctx, tok["twitter"], &wrapper.TweetsOptions{Num: -1})),
	} {
		if !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", name, err)
		}
	}
}

// TestPullToleratesTheUnknownShape: the list member's name is inferred, so
// a list under another name is found, and members beside it are ignored.
func TestPullToleratesTheUnknownShape(t *testing.T) {
	c := newLoopbackClient(t, httpAnswer(`{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":{"total":3,"cache":{"has_been_used":true},
			"games":{"count":1,"entries":[{"id":440,"name":"TF2","extra":{"a":[1]}}]}}}}}`))
	p, err := c.Pull.SteamGames(t.Context(), "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573", nil)
	if err != nil || len(p.Entries) != 1 || p.Entries[0].ID != "440" || p.Entries[0].Name != "TF2" || p.Entries[0].AdditionalProperties["extra"] == nil {
		t.Fatalf("%+v, %v", p, err)
	}
}

// httpAnswer answers every request with body.
func httpAnswer(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) })
}

func second[T any](_ T, err error) error { return err }

// TestPullFacebookPostsOwnOnly: limit_own_posts is 0 or 1 (OneAll's PHP SDK
// sends both); the fake refused both as outside its enum.
func TestPullFacebookPostsOwnOnly(t *testing.T) {
	_, c, tok := pushWorld(t)
	for _, own := range []bool{true, false} {
		if _, err := c.Pull.FacebookPosts(t.Context(), tok["facebook"], &wrapper.FacebookPostsOptions{OwnOnly: own}); err != nil {
			t.Errorf("OwnOnly %v: %v", own, err)
		}
	}
}
