package main

import "strings"

// groupShort describes the groups that generated commands create. A group
// not listed gets a generic text.
var groupShort = map[string]string{
	"shorturls": "Create, list, read and delete short URLs",
	"sharing":   "Publish sharing messages; read sharing pages and analytics",
	"push":      "Publish to a social network on behalf of an identity",
	"pull":      "Read posts, pages and more from a social network for an identity",
	"search":    "Search a social network",
	"loudvoice": "Discussions, comments, authors and votes (LoudVoice)",
	"exports":   "Export the site's users",

	"sharing analytics":     "Schedule, read and delete snapshots of a sharing message's reactions",
	"sharing messages":      "Publish, republish, read and delete sharing messages",
	"sharing pages":         "Read the pages of the site that were shared",
	"push facebook":         "Publish on Facebook: posts, pictures, videos, and on a page",
	"push linkedin":         "Publish on LinkedIn: posts, and on a company page",
	"push pinterest":        "Pin on a Pinterest board",
	"push twitter":          "Publish on Twitter: tweets, pictures and videos",
	"push youtube":          "Upload a video to YouTube",
	"pull facebook":         "Read an identity's Facebook posts, likes and pages, and a page's posts",
	"pull linkedin":         "Read an identity's LinkedIn posts and companies, and a company's posts",
	"pull pinterest":        "Read an identity's Pinterest boards",
	"pull steam":            "Read an identity's Steam games",
	"pull twitter":          "Read an identity's tweets",
	"pull youtube":          "Read an identity's YouTube videos",
	"search twitter":        "Search tweets, and the tweets of the site's identities",
	"loudvoice authors":     "Create, read, update and delete comment authors, by token or by your reference",
	"loudvoice comments":    "Create, read, update and delete comments and replies",
	"loudvoice discussions": "Create, read, update and delete discussions (one per page of your site), by token or by your reference",
	"loudvoice sessions":    "Start, list and end author sessions (the token the LoudVoice widget takes)",
	"loudvoice votes":       "Cast, read and delete votes on comments",
	"site allowed-domains":  "List and add the domains that may use the site (its widgets and logins)",
	"site connection-logs":  "Report classic (form) sign-ins and sign-ups, and list them",
}

// groupText is the short help of the group of generated commands named
// by words.
func groupText(words []string) string {
	if s, ok := groupShort[strings.Join(words, " ")]; ok {
		return s
	}
	return "The " + strings.Join(words, " ") + " calls of OneAll's API"
}
