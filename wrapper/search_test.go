package wrapper_test

import (
	"errors"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// TestSearchFindsWhatWasTweeted: the fake's search finds the tweets its
// Twitter identities published, newest first, and pages to older ones.
func TestSearchFindsWhatWasTweeted(t *testing.T) {
	srv, c, tok := pushWorld(t)
	ctx := t.Context()
	var want []string
	for _, m := range []string{"one #golang", "two #golang", "three #other", "four #golang"} {
		res, err := c.Push.TwitterPost(ctx, tok["twitter"], wrapper.Post{Message: m})
		if err != nil {
			t.Fatal(err)
		}
		if m != "three #other" {
			want = append([]string{string(res.ID)}, want...) // newest first
		}
	}
	found, err := c.Search.TwitterTweets(ctx, "#GoLang", nil)
	if err != nil || len(found.Entries) != 3 || string(found.Entries[0].ID) != want[0] || found.Entries[0].Text != "four #golang" {
		t.Fatalf("search: %+v, %v", found, err)
	}
	var walked []string
	for tw, err := range c.Search.AllTwitterTweets(ctx, "#golang", &wrapper.TweetSearchOptions{Num: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		walked = append(walked, string(tw.ID))
	}
	if !slices.Equal(walked, want) {
		t.Errorf("AllTwitterTweets by 1: %v, want %v", walked, want)
	}

	sn := srv.AddIdentity(srv.AddUser(onealltest.User{}), "twitter", api.Identity{PreferredUsername: "ada"})
	if _, err := c.Push.TwitterPost(ctx, sn, wrapper.Post{Message: "hello from ada"}); err != nil {
		t.Fatal(err)
	}
	byUser, err := c.Search.SiteTweetsByUser(ctx, "ada", "", 0)
	if err != nil || len(byUser.Entries) != 1 || byUser.Entries[0].User.ScreenName != "ada" || byUser.Entries[0].DateCreation == 0 {
		t.Errorf("by user: %+v, %v", byUser, err)
	}
	mention, err := c.Search.TwitterTweets(ctx, "@ada", nil)
	if err != nil || len(mention.Entries) != 1 {
		t.Errorf("@ada: %+v, %v", mention, err)
	}
	hash, err := c.Search.SiteTweets(ctx, "#golang", 2)
	if err != nil || len(hash.Entries) != 2 {
		t.Errorf("widget search by hashtag: %+v, %v", hash, err)
	}
}

func TestSearchRefusesBadInput(t *testing.T) {
	_, c, _ := pushWorld(t)
	ctx := t.Context()
	for name, err := range map[string]error{
		"empty":       second(c.Search.TwitterTweets(ctx, " ", nil)),
		"too many":    second(c.Search.TwitterTweets(ctx, "x", &wrapper.TweetSearchOptions{Num: 201})),
		"result type": second(c.Search.TwitterTweets(ctx, "x", &wrapper.TweetSearchOptions{ResultType: "best"})),
		"language":    second(c.Search.TwitterTweets(ctx, "x", &wrapper.TweetSearchOptions{Language: "english"})),
		"query":       second(c.Search.SiteTweets(ctx, "", 0)),
		"user":        second(c.Search.SiteTweetsByUser(ctx, "", "", 0)),
	} {
		if !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", name, err)
		}
	}
}

// TestSearchKeepsTheDigitsOfTweetIDs: OneAll's tweet ids are JSON numbers
// beyond 2^53; a float64 would change them.
func TestSearchKeepsTheDigitsOfTweetIDs(t *testing.T) {
	c := newLoopbackClient(t, httpAnswer(`{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":{"count":1,"entries":[{"id":975676099354071041,"url":"https://twitter.com/OneAll/status/975676099354071041","date":"Mon, 19 Mar 2018 11:11:23 +0100","text":"x"}]}}}}`))
	found, err := c.Search.TwitterTweets(t.Context(), "@OneAll", nil)
	if err != nil || len(found.Entries) != 1 || found.Entries[0].ID != "975676099354071041" {
		t.Fatalf("%+v, %v", found, err)
	}
}

// TestAllTwitterTweetsStopsWithAnErrorWhenTheCursorDoesNotMove: a server
// that ignores until_tweet_id answers the same tweets again. Its tweets must
// be yielded once, then an ErrUnexpectedResponse, as the paged iterators do
// for a page that does not advance; neither a second copy of the entries
// nor a silent end.
func TestAllTwitterTweetsStopsWithAnErrorWhenTheCursorDoesNotMove(t *testing.T) {
	var hits atomic.Int32
	c := newLoopbackClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(`{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":{"count":2,"entries":[` +
			`{"id":975676099354071041,"text":"newer"},{"id":975676099354071040,"text":"older"}]}}}}`))
	}))
	var got []string
	var errs []error
	for tw, err := range c.Search.AllTwitterTweets(t.Context(), "@OneAll", nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, string(tw.ID))
	}
	if want := []string{"975676099354071041", "975676099354071040"}; !slices.Equal(got, want) {
		t.Errorf("yielded %v, want each tweet once: %v", got, want)
	}
	if len(errs) != 1 || !errors.Is(errs[0], wrapper.ErrUnexpectedResponse) {
		t.Errorf("errors %v, want one ErrUnexpectedResponse", errs)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("%d searches, want 2", n)
	}
}

// TestSiteTweetsWithoutTheirListIsUnexpected: the widget search answers
// data.tweets (OneAll's widget reads it). An answer without it is not "no
// tweets": it is ErrUnexpectedResponse, as for every other list. An empty
// list is no error.
func TestSiteTweetsWithoutTheirListIsUnexpected(t *testing.T) {
	for data, wantErr := range map[string]bool{`{}`: true, `{"count":3}`: true, `{"tweets":{"count":0}}`: false, `{"tweets":null}`: true} {
		c := newLoopbackClient(t, httpAnswer(`{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":`+data+`}}}`))
		_, err := c.Search.SiteTweets(t.Context(), "#OneAll", 0)
		_, errByUser := c.Search.SiteTweetsByUser(t.Context(), "oneall", "", 0)
		for name, err := range map[string]error{"SiteTweets": err, "SiteTweetsByUser": errByUser} {
			if wantErr != errors.Is(err, wrapper.ErrUnexpectedResponse) || (!wantErr && err != nil) {
				t.Errorf("%s, data %s: %v (want an error: %v)", name, data, err, wantErr)
			}
		}
	}
}
