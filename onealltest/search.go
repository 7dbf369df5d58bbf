package onealltest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The Search API and the search of OneAll's Twitter widget: they find the
// tweets that the site's Twitter identities published through the Push API
// (push.go), newest first.

// tweet is a tweet published through Push, with its author.
type tweet struct {
	p  *published
	by *identity
}

// siteTweets returns every tweet of the site, newest first.
func (s *Server) siteTweets() []tweet {
	var out []tweet
	for _, id := range s.st.identities {
		if id.provider != "twitter" {
			continue
		}
		for _, p := range id.published {
			if p.kind == "post" && p.inFeed {
				out = append(out, tweet{p, id})
			}
		}
	}
	slices.SortFunc(out, func(a, b tweet) int {
		if c := b.p.created.Compare(a.p.created); c != 0 {
			return c
		}
		return strings.Compare(b.p.id, a.p.id)
	})
	return out
}

func (t tweet) text() string { s, _ := t.p.fields["message"].(string); return s }

func (t tweet) screenName() string { return t.by.profile.PreferredUsername }

// matches says whether the tweet contains text, or is by or mentions the
// user of an "@user" text, ignoring case.
func (t tweet) matches(text string) bool {
	text = strings.ToLower(strings.TrimSpace(text))
	if user, ok := strings.CutPrefix(text, "@"); ok && strings.ToLower(t.screenName()) == user {
		return true
	}
	return strings.Contains(strings.ToLower(t.text()), text)
}

// GET /search/twitter/tweets.json
func (s *Server) searchTwitterTweets(c *call) *response {
	text, _ := c.param("search_text")
	if strings.TrimSpace(text) == "" {
		return c.badParam("The parameter search_text is required")
	}
	num, bad := c.intParam("num_tweets")
	if bad != nil {
		return bad
	}
	if _, bad := c.enumParam("result_type"); bad != nil {
		return bad
	}
	if lang, given := c.param("language"); given && (len(lang) != 2 || strings.ToLower(lang) != lang) {
		return c.badParam("The parameter language must be an ISO 639-1 code")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var found []tweet
	for _, t := range s.siteTweets() {
		if t.matches(text) {
			found = append(found, t)
		}
	}
	// Newest first: until_tweet_id keeps those after it, after_tweet_id
	// those before it.
	if until, ok := c.param("until_tweet_id"); ok {
		if i := slices.IndexFunc(found, func(t tweet) bool { return t.p.id == until }); i >= 0 {
			found = found[i+1:]
		}
	}
	if after, ok := c.param("after_tweet_id"); ok {
		if i := slices.IndexFunc(found, func(t tweet) bool { return t.p.id == after }); i >= 0 {
			found = found[:i]
		}
	}
	found = found[:min(num, len(found))]
	entries := make([]map[string]any, len(found))
	for i, t := range found {
		entries[i] = map[string]any{
			"id":   json.Number(t.p.id), // a number beyond 2^53, as OneAll sends it
			"url":  "https://twitter.com/" + t.screenName() + "/status/" + t.p.id,
			"date": t.p.created.Format(time.RFC1123Z),
			"text": t.text(),
		}
	}
	return c.ok(http.StatusOK, map[string]any{"count": len(entries), "entries": entries}, nil)
}

// widgetTweets answers the widget's searches with the tweets keep selects.
func (s *Server) widgetTweets(c *call, keep func(tweet) bool) *response {
	count, bad := c.intParam("count")
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	entries := []map[string]any{}
	for _, t := range s.siteTweets() {
		if len(entries) < count && keep(t) {
			entries = append(entries, map[string]any{
				"user":          map[string]any{"image": t.by.profile.ThumbnailURL, "name": t.by.profile.DisplayName, "screen_name": t.screenName()},
				"text":          t.text(),
				"date_creation": t.p.created.Unix(),
			})
		}
	}
	return c.ok(http.StatusOK, map[string]any{"tweets": map[string]any{"count": len(entries), "entries": entries}}, nil)
}

// GET /site/providers/twitter/tweets/search.json
func (s *Server) searchSiteTweets(c *call) *response {
	text, _ := c.param("query")
	if by, _ := c.param("search_by"); by == "hash" {
		text, _ = c.param("hash")
	}
	if strings.TrimSpace(text) == "" {
		return c.badParam("The parameter query (or search_by=hash and hash) is required")
	}
	return s.widgetTweets(c, func(t tweet) bool { return t.matches(text) })
}

// GET /site/providers/twitter/tweets/search-by-user.json
func (s *Server) searchSiteTweetsByUser(c *call) *response {
	name, _ := c.param("screen_name")
	uid, _ := c.param("user_id")
	if name == "" && uid == "" {
		return c.badParam("The parameter screen_name or user_id is required")
	}
	return s.widgetTweets(c, func(t tweet) bool {
		if name != "" {
			return strings.EqualFold(t.screenName(), strings.TrimPrefix(name, "@"))
		}
		acc := t.by.profile.Accounts
		return len(acc) > 0 && string(acc[0].UserID) == uid
	})
}
