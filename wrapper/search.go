package wrapper

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"regexp"
	"strings"

	"github.com/oneall-go/oneall-go/api"
)

// SearchService searches Twitter through OneAll: the Search API, and the
// older search of OneAll's Twitter widget.
type SearchService struct{ c *Client }

// MaxTweetsPerSearch is the most tweets one search returns (documented).
const MaxTweetsPerSearch = 200

// TweetSearchOptions narrows a tweet search. The zero value asks for
// OneAll's defaults: 50 tweets, mixed results, any language.
type TweetSearchOptions struct {
	// Num is 1..200; 0 means OneAll's default (50), or 200 in AllTwitterTweets.
	Num int
	// UntilTweetID returns only tweets older than this one: the ID of the
	// last entry of the previous answer.
	UntilTweetID string
	// AfterTweetID returns only tweets newer than this one.
	AfterTweetID string
	// ResultType is "mixed" (OneAll's default), "recent" or "popular".
	ResultType string
	// Language is an ISO 639-1 code such as "en".
	Language string
}

var languageRE = regexp.MustCompile(`^[a-z]{2}$`)

// TwitterTweets searches tweets that contain text, or mention a user when
// text is "@user", newest first.
func (s *SearchService) TwitterTweets(ctx context.Context, text string, so *TweetSearchOptions, opts ...Option) (*api.TweetSearchData, error) {
	params, err := tweetSearchParams(text, deref(so))
	if err != nil {
		return nil, err
	}
	d, err := call[api.TweetSearchData](ctx, s.c, opts, opSearchTwitterTweets, hasTweetSearchData, func(server string) (*http.Request, error) {
		return api.NewSearchTwitterTweetsRequest(server, params)
	})
	if err != nil {
		return nil, err
	}
	return d.data, nil
}

// AllTwitterTweets iterates over the tweets a search finds, newest first,
// asking for older ones with the ID of the last entry (until_tweet_id, as
// OneAll documents) until an answer is empty or the loop breaks. A failure
// is yielded once, as the last element; an answer that repeats a tweet of
// the answer before (a server that does not advance) is such a failure,
// ErrUnexpectedResponse, and none of its tweets is yielded. WithPrefetch
// does not apply: each request needs the last tweet of the answer before.
func (s *SearchService) AllTwitterTweets(ctx context.Context, text string, so *TweetSearchOptions, opts ...Option) iter.Seq2[api.SearchTweet, error] {
	return func(yield func(api.SearchTweet, error) bool) {
		o := deref(so)
		if o.Num == 0 {
			o.Num = MaxTweetsPerSearch
		}
		var before map[string]bool // the ids of the previous answer
		for {
			page, err := s.TwitterTweets(ctx, text, &o, opts...)
			if err == nil {
				err = checkAdvances(page.Entries, before)
			}
			if err != nil {
				yield(api.SearchTweet{}, err)
				return
			}
			for _, t := range page.Entries {
				if !yield(t, nil) {
					return
				}
			}
			last := ""
			if n := len(page.Entries); n > 0 {
				last = string(page.Entries[n-1].ID)
			}
			if last == "" {
				return // the end
			}
			o.UntilTweetID = last
			before = make(map[string]bool, len(page.Entries))
			for _, t := range page.Entries {
				before[string(t.ID)] = true
			}
		}
	}
}

// checkAdvances refuses an answer that repeats a tweet of the previous one
// (before): OneAll returns "only tweets older than" until_tweet_id, so a
// repeated tweet means the server ignored the cursor, and yielding the
// answer would repeat tweets already yielded.
func checkAdvances(entries []api.SearchTweet, before map[string]bool) error {
	for _, t := range entries {
		if id := string(t.ID); id != "" && before[id] {
			return fmt.Errorf("%w: tweet %s came again in the answer for older tweets: the server does not advance",
				ErrUnexpectedResponse, truncate(id, 32))
		}
	}
	return nil
}

func tweetSearchParams(text string, o TweetSearchOptions) (*api.SearchTwitterTweetsParams, error) {
	p := &api.SearchTwitterTweetsParams{SearchText: text}
	switch {
	case strings.TrimSpace(text) == "":
		return nil, invalidInput("search_text", "is empty")
	case o.Num < 0 || o.Num > MaxTweetsPerSearch:
		return nil, invalidInput("num_tweets", "must be 1..%d, got %d", MaxTweetsPerSearch, o.Num)
	case o.Language != "" && !languageRE.MatchString(o.Language):
		return nil, invalidInput("language", "%q is not an ISO 639-1 code", truncate(o.Language, 16))
	}
	switch rt := api.SearchTwitterTweetsParamsResultType(o.ResultType); rt {
	case "":
	case api.SearchTwitterTweetsParamsResultTypeMixed, api.SearchTwitterTweetsParamsResultTypeRecent, api.SearchTwitterTweetsParamsResultTypePopular:
		p.ResultType = &rt
	default:
		return nil, invalidInput("result_type", "must be mixed, recent or popular, got %q", truncate(o.ResultType, 16))
	}
	if o.Num > 0 {
		p.NumTweets = &o.Num
	}
	if o.UntilTweetID != "" {
		p.UntilTweetID = &o.UntilTweetID
	}
	if o.AfterTweetID != "" {
		p.AfterTweetID = &o.AfterTweetID
	}
	if o.Language != "" {
		p.Language = &o.Language
	}
	return p, nil
}

// SiteTweets searches tweets with the older search of OneAll's Twitter
// widget: query is a text, or a hashtag such as "#OneAll" (sent as
// search_by=hash); count 0 means OneAll's default.
func (s *SearchService) SiteTweets(ctx context.Context, query string, count int, opts ...Option) (*api.SiteTweetList, error) {
	if strings.TrimSpace(query) == "" {
		return nil, invalidInput("query", "is empty")
	}
	params := &api.SearchSiteTweetsParams{Query: &query}
	if strings.HasPrefix(query, "#") {
		by := "hash"
		params = &api.SearchSiteTweetsParams{SearchBy: &by, Hash: &query}
	}
	if params.Count = tweetCount(count); count < 0 {
		return nil, invalidInput("count", "must be >= 1, got %d", count)
	}
	return s.siteTweets(ctx, opts, opSearchSiteTweets, func(server string) (*http.Request, error) {
		return api.NewSearchSiteTweetsRequest(server, params)
	})
}

// SiteTweetsByUser returns the tweets of one Twitter user, by screen name
// (without "@") or, when it is empty, by numeric user id.
func (s *SearchService) SiteTweetsByUser(ctx context.Context, screenName, userID string, count int, opts ...Option) (*api.SiteTweetList, error) {
	params := &api.SearchSiteTweetsByUserParams{Count: tweetCount(count)}
	switch {
	case count < 0:
		return nil, invalidInput("count", "must be >= 1, got %d", count)
	case screenName != "":
		params.ScreenName = &screenName
	case userID != "":
		params.UserID = &userID
	default:
		return nil, invalidInput("screen_name", "is empty (and no user_id is given)")
	}
	return s.siteTweets(ctx, opts, opSearchSiteTweetsByUser, func(server string) (*http.Request, error) {
		return api.NewSearchSiteTweetsByUserRequest(server, params)
	})
}

func tweetCount(n int) *int {
	if n <= 0 {
		return nil
	}
	return &n
}

// siteTweets sends a search of OneAll's Twitter widget (op says which):
// the answer must hold data.tweets, which a pointer tells from an empty list
// (see payloadCheck).
func (s *SearchService) siteTweets(ctx context.Context, opts []Option, op *opInfo, build builder) (*api.SiteTweetList, error) {
	d, err := call[siteTweetsData](ctx, s.c, opts, op, nil, build)
	if err != nil {
		return nil, err
	}
	return d.data.Tweets, nil
}

// siteTweetsData is api.SiteTweetsData with the list as a pointer.
type siteTweetsData struct {
	Tweets *api.SiteTweetList `json:"tweets"`
}

// hasTweetSearchData requires result.data: a search's list is result.data
// itself, so the operation has no payload member for the default check.
func hasTweetSearchData(*api.TweetSearchData) string { return "" }
