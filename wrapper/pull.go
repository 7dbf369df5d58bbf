package wrapper

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"

	"github.com/oneall-go/oneall-go/api"
)

// PullService reads what an identity has on its social network: posts,
// pages, likes, companies, boards, games, tweets and videos (OneAll's Pull
// API, which replaces Identities.SteamGames, YouTubeVideos and
// FacebookPosts). The identity must be of the network the method names.
//
// OneAll never published a Pull answer. Each entry is an api.PullEntry whose
// only known field is ID, the key that the page, company and board calls
// take; its other typed fields (Name, Message, Link...) are inferred and
// empty when OneAll names a member otherwise, and every member that no
// field holds is in its AdditionalProperties, as it came.
type PullService struct{ c *Client }

// FacebookPostsOptions selects a page of a Facebook user's posts.
type FacebookPostsOptions struct {
	// ListOptions: Page and EntriesPerPage (sent as num_posts); Order and
	// Filters are refused.
	ListOptions
	// OwnOnly lists only the user's own posts (limit_own_posts=1).
	OwnOnly bool
}

// SteamGamesOptions selects a page of a Steam user's games.
type SteamGamesOptions struct {
	// ListOptions: Page and EntriesPerPage (sent as num_games).
	ListOptions
	// OnlyGameID returns only this game.
	OnlyGameID string
}

// TweetsOptions selects a Twitter user's tweets.
type TweetsOptions struct {
	// Num is how many tweets to return; 0 means OneAll's default.
	Num int
	// AfterTweetID returns only tweets newer than this one.
	AfterTweetID string
	// OnlyTweetID returns only this tweet.
	OnlyTweetID string
}

// FacebookPosts returns one page of a Facebook user's posts.
func (s *PullService) FacebookPosts(ctx context.Context, identityToken string, po *FacebookPostsOptions, opts ...Option) (*Page[api.PullEntry], error) {
	o := deref(po)
	page, num, err := pullPaging(&o.ListOptions)
	params := &api.PullFacebookPostsParams{Page: page, NumPosts: num}
	if o.OwnOnly {
		own := api.PullFacebookPostsParamsLimitOwnPosts(1)
		params.LimitOwnPosts = &own
	}
	return s.list(ctx, opts, opPullFacebookPosts, identityToken, err, func(server string) (*http.Request, error) {
		return api.NewPullFacebookPostsRequest(server, identityToken, params)
	})
}

// AllFacebookPosts iterates over every post of a Facebook user.
func (s *PullService) AllFacebookPosts(ctx context.Context, identityToken string, po *FacebookPostsOptions, opts ...Option) iter.Seq2[api.PullEntry, error] {
	o := deref(po)
	return s.all(ctx, opts, o.ListOptions, func(ctx context.Context, lo *ListOptions) (*Page[api.PullEntry], error) {
		page := o
		page.ListOptions = *lo
		return s.FacebookPosts(ctx, identityToken, &page, opts...)
	})
}

// FacebookPagePosts returns one page of the posts of a Facebook page the
// user administers; pageID is the ID of an entry of FacebookPages.
func (s *PullService) FacebookPagePosts(ctx context.Context, identityToken, pageID string, lo *ListOptions, opts ...Option) (*Page[api.PullEntry], error) {
	page, num, err := pullPaging(lo)
	if err == nil {
		err = checkPathID("page_id", pageID)
	}
	return s.list(ctx, opts, opPullFacebookPagePosts, identityToken, err, func(server string) (*http.Request, error) {
		return api.NewPullFacebookPagePostsRequest(server, identityToken, pageID, &api.PullFacebookPagePostsParams{Page: page, NumPosts: num})
	})
}

// AllFacebookPagePosts iterates over every post of a Facebook page.
func (s *PullService) AllFacebookPagePosts(ctx context.Context, identityToken, pageID string, lo *ListOptions, opts ...Option) iter.Seq2[api.PullEntry, error] {
	return s.all(ctx, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.PullEntry], error) {
		return s.FacebookPagePosts(ctx, identityToken, pageID, lo, opts...)
	})
}

// FacebookPages returns one page of the Facebook pages the user administers.
func (s *PullService) FacebookPages(ctx context.Context, identityToken string, lo *ListOptions, opts ...Option) (*Page[api.PullEntry], error) {
	page, num, err := pullPaging(lo)
	return s.list(ctx, opts, opPullFacebookPages, identityToken, err, func(server string) (*http.Request, error) {
		return api.NewPullFacebookPagesRequest(server, identityToken, &api.PullFacebookPagesParams{Page: page, NumPages: num})
	})
}

// AllFacebookPages iterates over every Facebook page the user administers.
func (s *PullService) AllFacebookPages(ctx context.Context, identityToken string, lo *ListOptions, opts ...Option) iter.Seq2[api.PullEntry, error] {
	return s.all(ctx, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.PullEntry], error) {
		return s.FacebookPages(ctx, identityToken, lo, opts...)
	})
}

// FacebookLikes returns one page of a Facebook user's likes.
func (s *PullService) FacebookLikes(ctx context.Context, identityToken string, lo *ListOptions, opts ...Option) (*Page[api.PullEntry], error) {
	page, num, err := pullPaging(lo)
	return s.list(ctx, opts, opPullFacebookLikes, identityToken, err, func(server string) (*http.Request, error) {
		return api.NewPullFacebookLikesRequest(server, identityToken, &api.PullFacebookLikesParams{Page: page, NumLikes: num})
	})
}

// AllFacebookLikes iterates over every like of a Facebook user.
func (s *PullService) AllFacebookLikes(ctx context.Context, identityToken string, lo *ListOptions, opts ...Option) iter.Seq2[api.PullEntry, error] {
	return s.all(ctx, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.PullEntry], error) {
		return s.FacebookLikes(ctx, identityToken, lo, opts...)
	})
}

// LinkedInPosts returns one page of a LinkedIn user's posts.
func (s *PullService) LinkedInPosts(ctx context.Context, identityToken string, lo *ListOptions, opts ...Option) (*Page[api.PullEntry], error) {
	page, num, err := pullPaging(lo)
	return s.list(ctx, opts, opPullLinkedInPosts, identityToken, err, func(server string) (*http.Request, error) {
		return api.NewPullLinkedInPostsRequest(server, identityToken, &api.PullLinkedInPostsParams{Page: page, NumPosts: num})
	})
}

// AllLinkedInPosts iterates over every post of a LinkedIn user.
func (s *PullService) AllLinkedInPosts(ctx context.Context, identityToken string, lo *ListOptions, opts ...Option) iter.Seq2[api.PullEntry, error] {
	return s.all(ctx, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.PullEntry], error) {
		return s.LinkedInPosts(ctx, identityToken, lo, opts...)
	})
}

// LinkedInCompanies returns the LinkedIn company pages the user administers
// (OneAll's SDK sends no paging for it).
func (s *PullService) LinkedInCompanies(ctx context.Context, identityToken string, opts ...Option) (*Page[api.PullEntry], error) {
	return s.list(ctx, opts, opPullLinkedInCompanies, identityToken, nil, func(server string) (*http.Request, error) {
		return api.NewPullLinkedInCompaniesRequest(server, identityToken)
	})
}

// LinkedInCompanyPosts returns one page of the posts of a LinkedIn company
// page; companyID is the ID of an entry of LinkedInCompanies.
func (s *PullService) LinkedInCompanyPosts(ctx context.Context, identityToken, companyID string, lo *ListOptions, opts ...Option) (*Page[api.PullEntry], error) {
	page, num, err := pullPaging(lo)
	if err == nil {
		err = checkPathID("company_id", companyID)
	}
	return s.list(ctx, opts, opPullLinkedInCompanyPosts, identityToken, err, func(server string) (*http.Request, error) {
		return api.NewPullLinkedInCompanyPostsRequest(server, identityToken, companyID, &api.PullLinkedInCompanyPostsParams{Page: page, NumPosts: num})
	})
}

// AllLinkedInCompanyPosts iterates over every post of a LinkedIn company page.
func (s *PullService) AllLinkedInCompanyPosts(ctx context.Context, identityToken, companyID string, lo *ListOptions, opts ...Option) iter.Seq2[api.PullEntry, error] {
	return s.all(ctx, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.PullEntry], error) {
		return s.LinkedInCompanyPosts(ctx, identityToken, companyID, lo, opts...)
	})
}

// PinterestBoards returns the boards of a Pinterest user; an entry's ID is
// what Push.PinterestPin takes.
func (s *PullService) PinterestBoards(ctx context.Context, identityToken string, opts ...Option) (*Page[api.PullEntry], error) {
	return s.list(ctx, opts, opPullPinterestBoards, identityToken, nil, func(server string) (*http.Request, error) {
		return api.NewPullPinterestBoardsRequest(server, identityToken)
	})
}

// SteamGames returns one page of a Steam user's games.
func (s *PullService) SteamGames(ctx context.Context, identityToken string, so *SteamGamesOptions, opts ...Option) (*Page[api.PullEntry], error) {
	o := deref(so)
	page, num, err := pullPaging(&o.ListOptions)
	params := &api.PullSteamGamesParams{Page: page, NumGames: num}
	if o.OnlyGameID != "" {
		params.OnlyGameID = &o.OnlyGameID
	}
	return s.list(ctx, opts, opPullSteamGames, identityToken, err, func(server string) (*http.Request, error) {
		return api.NewPullSteamGamesRequest(server, identityToken, params)
	})
}

// AllSteamGames iterates over every game of a Steam user.
func (s *PullService) AllSteamGames(ctx context.Context, identityToken string, so *SteamGamesOptions, opts ...Option) iter.Seq2[api.PullEntry, error] {
	o := deref(so)
	return s.all(ctx, opts, o.ListOptions, func(ctx context.Context, lo *ListOptions) (*Page[api.PullEntry], error) {
		page := o
		page.ListOptions = *lo
		return s.SteamGames(ctx, identityToken, &page, opts...)
	})
}

// TwitterTweets returns a Twitter user's tweets. The list is not paged by
// number: ask for newer ones with AfterTweetID.
func (s *PullService) TwitterTweets(ctx context.Context, identityToken string, to *TweetsOptions, opts ...Option) (*Page[api.PullEntry], error) {
	o := deref(to)
	var err error
	params := &api.PullTwitterTweetsParams{}
	switch {
	case o.Num < 0:
		err = invalidInput("num_tweets", "must be >= 1, got %d", o.Num)
	case o.Num > 0:
		params.NumTweets = &o.Num
	}
	if o.AfterTweetID != "" {
		params.AfterTweetID = &o.AfterTweetID
	}
	if o.OnlyTweetID != "" {
		params.OnlyTweetID = &o.OnlyTweetID
	}
	return s.list(ctx, opts, opPullTwitterTweets, identityToken, err, func(server string) (*http.Request, error) {
		return api.NewPullTwitterTweetsRequest(server, identityToken, params)
	})
}

// YouTubeVideos returns a YouTube user's videos (OneAll's SDK sends no
// paging for it).
func (s *PullService) YouTubeVideos(ctx context.Context, identityToken string, opts ...Option) (*Page[api.PullEntry], error) {
	return s.list(ctx, opts, opPullYouTubeVideos, identityToken, nil, func(server string) (*http.Request, error) {
		return api.NewPullYouTubeVideosRequest(server, identityToken)
	})
}

// pullData is result.data of a Pull answer, each member kept raw: only the
// list is decoded, so an unexpected member beside it fails nothing.
type pullData map[string]json.RawMessage

// list finds the list of a Pull answer: the member named payload or, since
// the names are inferred, the one member that holds entries.
func (d pullData) list(payload string) *api.PullList {
	if raw, ok := d[payload]; ok {
		var l api.PullList
		if json.Unmarshal(raw, &l) == nil {
			return &l
		}
		return nil
	}
	var found *api.PullList
	for name, raw := range d {
		var l api.PullList
		if name == "cache" || json.Unmarshal(raw, &l) != nil || l.Entries == nil {
			continue
		}
		if found != nil {
			return nil // two lists: which one is meant is not knowable
		}
		found = &l
	}
	return found
}

// list checks the token (bad is what the options' check refused) and reads
// one page of a Pull list: the member op.payload (x-oneall.payload, inferred)
// or, failing that, the one member with entries (see pullData.list).
func (s *PullService) list(ctx context.Context, opts []Option, op *opInfo, identityToken string, bad error, build builder) (*Page[api.PullEntry], error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	if bad != nil {
		return nil, bad
	}
	need := func(d *pullData) string {
		if d.list(op.payload) == nil {
			return op.payload
		}
		return ""
	}
	d, err := call[pullData](ctx, s.c, opts, op, need, build)
	if err != nil {
		return nil, err
	}
	l := d.data.list(op.payload)
	return newPage(l.Entries, l.Pagination), nil
}

// all walks a paged Pull list.
func (s *PullService) all(ctx context.Context, opts []Option, lo ListOptions, fetch fetchPage[api.PullEntry]) iter.Seq2[api.PullEntry, error] {
	return paginate(ctx, s.c, opts, lo, fetch)
}

// pullPaging turns list options into Pull's page and num_* parameters. Pull
// lists have no order or filters: asking for them is refused.
func pullPaging(lo *ListOptions) (page, num *int, err error) {
	if lo == nil {
		return nil, nil, nil
	}
	switch {
	case lo.Order != "":
		return nil, nil, invalidInput("order", "Pull lists cannot be ordered")
	case lo.Filters != "":
		return nil, nil, invalidInput("filters", "Pull lists cannot be filtered")
	case lo.Page < 0:
		return nil, nil, invalidInput("page", "must be >= 1, got %d", lo.Page)
	case lo.EntriesPerPage < 0:
		return nil, nil, invalidInput("entries_per_page", "must be >= 1, got %d", lo.EntriesPerPage)
	}
	if lo.Page > 0 {
		page = &lo.Page
	}
	if lo.EntriesPerPage > 0 {
		num = &lo.EntriesPerPage
	}
	return page, num, nil
}
