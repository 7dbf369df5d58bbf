package onealltest

import (
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// The Pull API: what an identity has on its network. The lists join what
// the fake seeds for the identity (posts, games, videos, likes, pages,
// companies, boards: drawn from its token) and what it published through
// the Push API (push.go). OneAll published no Pull answer: the list members
// (facebook_posts...) and every entry member but the key, id, are inferred.

// pullNode is a node of a Pull list: an id and the members as given.
type pullNode = map[string]any

// pulledMembers are the members of a pushed node that Pull lists: those
// the spec's PullEntry names. The rest of what was pushed (a video's
// callback_url, which holds the application's secret; create_post...)
// stays out of the list.
var pulledMembers = []string{"name", "title", "message", "description", "link", "url", "picture", "video_url"}

// pushedEntry is the node Pull lists for something published.
func (p *published) entry() pullNode {
	e := make(pullNode, len(pulledMembers)+3)
	for _, k := range pulledMembers {
		if v, ok := p.fields[k]; ok {
			e[k] = v
		}
	}
	e["id"] = p.id
	e["type"] = p.kind
	e["date_creation"] = p.created.Format(time.RFC1123Z)
	return e
}

// pushedTo returns, oldest first, what the identity published in its feed
// on target ("" for its own profile).
func pushedTo(id *identity, target string) []pullNode {
	var out []pullNode
	for _, p := range id.published {
		if p.inFeed && p.target == target {
			out = append(out, p.entry())
		}
	}
	return out
}

// pullSpec says what one Pull operation lists.
type pullSpec struct {
	provider, what, member string
	// num is the query parameter that sizes a page ("": the whole list).
	num string
	// target is the path parameter of a page or company ("": none), and
	// missing the answer when the identity has no such one.
	target, missing string
	// entries builds the list, oldest first.
	entries func(c *call, id *identity, target string) []pullNode
}

// pull serves one Pull operation.
func (s *Server) pull(c *call, sp pullSpec) *response {
	p, bad := c.pullPaging(sp.num)
	if bad != nil {
		return bad
	}
	defer s.deliverPingbacks(s.settle()) // a video due is listed as processed
	s.mu.RLock()
	defer s.mu.RUnlock()
	id := s.st.identities[c.token]
	if id == nil {
		return c.noIdentity()
	}
	if id.provider != sp.provider {
		return c.notSupported(id.provider, sp.what)
	}
	target := ""
	if sp.target != "" {
		if target = c.pathParam(sp.target); !hasTarget(id, target) {
			return c.fail(http.StatusNotFound, sp.missing)
		}
	}
	items := sp.entries(c, id, target)
	if p.perPage == 0 {
		p.perPage = max(1, len(items))
	}
	return c.ok(http.StatusOK, map[string]any{sp.member: pageOf(items, p)}, nil)
}

// pullPaging reads page and the num_* parameter (perPage 0: no num_*).
func (c *call) pullPaging(num string) (paging, *response) {
	var p paging
	var bad *response
	if p.page, bad = c.intParam("page"); bad != nil || num == "" {
		return p, bad
	}
	p.perPage, bad = c.intParam(num)
	return p, bad
}

// ---- Seeded lists.

func targetEntries(_ *call, id *identity, _ string) []pullNode {
	var out []pullNode
	for _, t := range targetsOf(id) {
		out = append(out, pullNode{"id": t.id, "name": t.name})
	}
	return out
}

func facebookFeed(_ *call, id *identity, _ string) []pullNode {
	var out []pullNode
	for _, p := range facebookPostsFor(id) {
		out = append(out, pullNode{"id": p.PostID, "message": p.Message, "link": p.Link, "date_creation": p.DateCreation.Format(time.RFC1123Z)})
	}
	return append(out, pushedTo(id, "")...)
}

var likeNames = []string{"Jazz Weekly", "Go Programming", "Mountain Photography", "Street Food", "Indie Games", "Open Source"}

func facebookLikes(_ *call, id *identity, _ string) []pullNode {
	r := rand.New(rand.NewPCG(id.seed, 0x11ce))
	var out []pullNode
	for _, name := range likeNames {
		if r.IntN(2) == 0 {
			out = append(out, pullNode{"id": strconv.FormatUint(100_000_000+r.Uint64N(900_000_000), 10), "name": name})
		}
	}
	return out
}

func targetFeed(_ *call, id *identity, target string) []pullNode { return pushedTo(id, target) }

func steamEntries(c *call, id *identity, _ string) []pullNode {
	only, _ := c.param("only_game_id")
	var out []pullNode
	for _, g := range steamGamesFor(id) {
		if only == "" || string(g.GameID) == only {
			out = append(out, pullNode{"id": string(g.GameID), "name": g.Name, "playtime_forever": int(g.PlaytimeForever), "playtime_2weeks": int(g.Playtime2Weeks)})
		}
	}
	return out
}

func youTubeEntries(_ *call, id *identity, _ string) []pullNode {
	var out []pullNode
	for _, v := range youTubeVideosFor(id) {
		out = append(out, pullNode{"id": v.VideoID, "title": v.Title, "url": v.URL, "date_creation": v.DatePublished.Format(time.RFC1123Z)})
	}
	return append(out, pushedTo(id, "")...)
}

// tweets are the tweets published through Push, after after_tweet_id (in
// the order published) or only only_tweet_id.
func tweets(c *call, id *identity, _ string) []pullNode {
	all := pushedTo(id, "")
	if only, ok := c.param("only_tweet_id"); ok {
		return slices.DeleteFunc(all, func(e pullNode) bool { return e["id"] != only })
	}
	if after, ok := c.param("after_tweet_id"); ok {
		if i := slices.IndexFunc(all, func(e pullNode) bool { return e["id"] == after }); i >= 0 {
			return all[i+1:]
		}
	}
	return all
}

// ---- Handlers, one per operation.

// GET /pull/identities/{identity_token}/facebook/posts.json
func (s *Server) pullFacebookPosts(c *call) *response {
	// An integer enum: c.enumParam compares strings with the spec's numbers.
	if v, given := c.param("limit_own_posts"); given && v != "0" && v != "1" {
		return c.badParam("The parameter limit_own_posts must be 0 or 1")
	}
	return s.pull(c, pullSpec{provider: "facebook", what: "Facebook posts", member: "facebook_posts", num: "num_posts", entries: facebookFeed})
}

// GET /pull/identities/{identity_token}/facebook/page/{page_id}/posts.json
func (s *Server) pullFacebookPagePosts(c *call) *response {
	return s.pull(c, pullSpec{provider: "facebook", what: "Facebook page posts", member: "facebook_posts", num: "num_posts",
		target: "page_id", missing: infoNoPage, entries: targetFeed})
}

// GET /pull/identities/{identity_token}/facebook/pages.json
func (s *Server) pullFacebookPages(c *call) *response {
	return s.pull(c, pullSpec{provider: "facebook", what: "Facebook pages", member: "facebook_pages", num: "num_pages", entries: targetEntries})
}

// GET /pull/identities/{identity_token}/facebook/likes.json
func (s *Server) pullFacebookLikes(c *call) *response {
	return s.pull(c, pullSpec{provider: "facebook", what: "Facebook likes", member: "facebook_likes", num: "num_likes", entries: facebookLikes})
}

// GET /pull/identities/{identity_token}/linkedin/user/posts.json
func (s *Server) pullLinkedInPosts(c *call) *response {
	return s.pull(c, pullSpec{provider: "linkedin", what: "LinkedIn posts", member: "linkedin_posts", num: "num_posts", entries: targetFeed})
}

// GET /pull/identities/{identity_token}/linkedin/companies.json
func (s *Server) pullLinkedInCompanies(c *call) *response {
	return s.pull(c, pullSpec{provider: "linkedin", what: "LinkedIn companies", member: "linkedin_companies", entries: targetEntries})
}

// GET /pull/identities/{identity_token}/linkedin/company/{company_id}/posts.json
func (s *Server) pullLinkedInCompanyPosts(c *call) *response {
	return s.pull(c, pullSpec{provider: "linkedin", what: "LinkedIn company posts", member: "linkedin_posts", num: "num_posts",
		target: "company_id", missing: infoNoCompany, entries: targetFeed})
}

// GET /pull/identities/{identity_token}/pinterest/boards.json
func (s *Server) pullPinterestBoards(c *call) *response {
	return s.pull(c, pullSpec{provider: "pinterest", what: "Pinterest boards", member: "pinterest_boards", entries: targetEntries})
}

// GET /pull/identities/{identity_token}/steam/games.json
func (s *Server) pullSteamGames(c *call) *response {
	return s.pull(c, pullSpec{provider: "steam", what: "Steam games", member: "steam_games", num: "num_games", entries: steamEntries})
}

// GET /pull/identities/{identity_token}/twitter/tweets.json
func (s *Server) pullTwitterTweets(c *call) *response {
	return s.pull(c, pullSpec{provider: "twitter", what: "tweets", member: "twitter_tweets", num: "num_tweets", entries: tweets})
}

// GET /pull/identities/{identity_token}/youtube/videos.json
func (s *Server) pullYouTubeVideos(c *call) *response {
	return s.pull(c, pullSpec{provider: "youtube", what: "YouTube videos", member: "youtube_videos", entries: youTubeEntries})
}
