package main

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// call is how a Go program and a shell reach an operation. Go holds
// statements, one a line, that type-check with the variables named in the
// document's introduction (the root package's snippet test checks them).
type call struct {
	Go  []string
	CLI []string
}

// callOf is an operation's entry in calls, or, for what the entry leaves
// out, the lines derived from the spec (see derivedCall).
func callOf(o op, calls map[string]call) call {
	c, d := calls[o.OperationID], derivedCall(o)
	if c.Go == nil {
		c.Go = d.Go
	}
	if c.CLI == nil {
		c.CLI = d.CLI
	}
	return c
}

// derivedCall is what the spec says of how to send an operation: the CLI
// command of x-oneall.cli with its path parameters as arguments, its query
// parameters as flags (the name with "-" for "_") and a body from --file;
// and the typed method of x-oneall.service and method, when there is one.
func derivedCall(o op) call {
	cli := []string{"oneall", o.x.CLI}
	for _, p := range o.in(openapi3.ParameterInPath) {
		cli = append(cli, strings.ToUpper(p.Name))
	}
	for _, p := range o.in(openapi3.ParameterInQuery) {
		flag := "--" + strings.ReplaceAll(p.Name, "_", "-")
		switch e := enumOf(schemaOf(p)); {
		case typeOf(p) == "boolean":
		case len(e) > 0:
			flag += " " + strings.Join(e, "|")
		case typeOf(p) == "integer":
			flag += " N"
		default:
			flag += " " + strings.ToUpper(p.Name)
		}
		if !p.Required {
			flag = "[" + flag + "]"
		}
		cli = append(cli, flag)
	}
	if rb := o.RequestBody; rb != nil && rb.Value != nil {
		if rb.Value.Required {
			cli = append(cli, "--file FILE")
		} else {
			cli = append(cli, "[--file FILE]")
		}
	}
	c := call{CLI: []string{strings.Join(cli, " ")}}
	if o.x.Service != "" {
		c.Go = []string{"_ = c." + o.x.Service + "." + o.x.Method + " // the typed method: its Go doc gives the arguments"}
	}
	return c
}

// calls holds hand-written Go and CLI lines for the operations whose
// derived ones (derivedCall) say less than they should: the Go lines show
// the arguments and results, and the CLI lines the flags of hand-written
// commands that differ from the query parameters (--yes, --per-page,
// --login...). It is optional: an operation without an entry, or an entry
// without CLI lines, gets the derived ones.
var calls = map[string]call{
	"ListIdentities": {
		Go:  []string{"page, err := c.Identities.List(ctx, &wrapper.ListOptions{Page: 1, EntriesPerPage: 100}) // page.Entries: []api.Identity", "for id, err := range c.Identities.All(ctx, nil) { /* every api.Identity, 500 per request */ }"},
		CLI: []string{"oneall identities list [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"GetIdentity": {
		Go: []string{"id, err := c.Identities.Get(ctx, identityToken) // *api.Identity"},
	},
	"DeleteIdentity": {
		Go:  []string{"deleted, err := c.Identities.Delete(ctx, identityToken) // deleted.IdentityToken, deleted.Provider, deleted.UserToken"},
		CLI: []string{"oneall identities delete IDENTITY_TOKEN --yes"},
	},
	"RelinkIdentity": {
		Go:  []string{"user, err := c.Identities.Relink(ctx, identityToken, userToken) // the new owner, *api.User"},
		CLI: []string{"oneall identities relink IDENTITY_TOKEN USER_TOKEN"},
	},
	"SynchronizeIdentity": {
		Go:  []string{"id, err := c.Identities.Synchronize(ctx, identityToken, &wrapper.SynchronizeOptions{ForceTokenUpdate: true})"},
		CLI: []string{"oneall identities sync IDENTITY_TOKEN [--token-only] [--force-token-update]"},
	},
	"ListIdentityContacts": {
		Go:  []string{"page, err := c.Identities.Contacts(ctx, identityToken, &wrapper.ContactsOptions{DisableCache: true}) // page.Entries, page.Cache, page.Live", "for contact, err := range c.Identities.AllContacts(ctx, identityToken, nil) { /* every api.Contact */ }"},
		CLI: []string{"oneall identities contacts IDENTITY_TOKEN [--disable-cache] [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"ListSteamGames": {
		Go: []string{"games, err := c.Identities.SteamGames(ctx, identityToken) // games.SteamGames.Entries"},
	},
	"ListYouTubeVideos": {
		Go: []string{"videos, err := c.Identities.YouTubeVideos(ctx, identityToken) // videos.YouTubeVideos.Entries"},
	},
	"ListFacebookPosts": {
		Go:  []string{"posts, err := c.Identities.FacebookPosts(ctx, identityToken, &wrapper.ListOptions{Page: 1}) // posts.FacebookPosts.Entries"},
		CLI: []string{"oneall identities facebook-posts IDENTITY_TOKEN [--page N] [--per-page N] [--order asc|desc]"},
	},
	"ListUsers": {
		Go:  []string{`page, err := c.Users.List(ctx, &wrapper.ListOptions{Filters: "date_last_login:gt:2023-05-01"}) // page.Entries: []api.User`, "for user, err := range c.Users.All(ctx, nil) { /* every api.User, 500 per request */ }"},
		CLI: []string{"oneall users list [--filters F] [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"ImportUser": {
		Go:  []string{`res, err := c.Users.Import(ctx, wrapper.ImportInput{Provider: "facebook", AccessToken: accessToken}) // res.User, res.Created`},
		CLI: []string{"oneall users import --provider P (--access-token-stdin | --id-token-stdin) [--user-token USER_TOKEN]"},
	},
	"GetUser": {
		Go: []string{"user, err := c.Users.Get(ctx, userToken) // *api.User, with user.Identities"},
	},
	"DeleteUser": {
		Go:  []string{"deleted, err := c.Users.Delete(ctx, userToken) // the removed user and its identities"},
		CLI: []string{"oneall users delete USER_TOKEN --yes"},
	},
	"ListUserContacts": {
		Go: []string{"contacts, err := c.Users.Contacts(ctx, userToken, &wrapper.UserContactsOptions{DisableCache: true}) // contacts.Entries, contacts.Partial"},
	},
	"CreateStorageUser": {
		Go:  []string{"user, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set(loginName), Password: password}) // user.UserToken, user.ExternalID"},
		CLI: []string{"oneall storage create (--data FILE | --login L [--externalid E]) [--password-stdin]"},
	},
	"UpdateStorageUser": {
		Go:  []string{"user, err := c.Storage.UpdateUser(ctx, userToken, api.StorageUserInput{Login: api.Set(loginName)}, wrapper.Replace)", "user, err = c.Storage.UpdateUser(ctx, userToken, api.StorageUserInput{ExternalID: api.Null[string]()}, wrapper.Replace) // null removes the externalid"},
		CLI: []string{"oneall storage update USER_TOKEN (--data FILE | --login L | --externalid E) [--mode replace|append] [--password-stdin]"},
	},
	"SynchronizeStorageUser": {
		Go:  []string{"res, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: loginName}, input) // res.User, res.Created"},
		CLI: []string{"oneall storage sync --identifier FIELD=VALUE [--data FILE | --login L | --externalid E] [--password-stdin]", "oneall storage import FILE [--identifier login|externalid|user_token] (bulk: one request per row)"},
	},
	"LookupStorageUser": {
		Go:  []string{"user, err := c.Storage.LookupUser(ctx, wrapper.Lookup{Login: loginName, Password: password}) // errors.Is(err, wrapper.ErrInvalidCredentials) for a wrong password"},
		CLI: []string{"oneall storage lookup (--login L | --externalid E | --user-token USER_TOKEN) [--password-stdin]"},
	},
	"ListConnections": {
		Go:  []string{"page, err := c.Connections.List(ctx, &wrapper.ListOptions{Order: \"desc\"}) // page.Entries: []api.Connection", "for conn, err := range c.Connections.All(ctx, nil) { /* every api.Connection */ }"},
		CLI: []string{"oneall connections list [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"GetConnection": {
		Go: []string{"conn, err := c.Connections.Get(ctx, connectionToken) // *wrapper.Connection: Outcome, UserToken, Identity", "cb, err := login.New(c, login.WithState(key, 0)) // package login: the callback that redeems the token", "http.Handle(\"/oneall/callback\", cb.Handler(func(w http.ResponseWriter, r *http.Request, res *login.Result) { /* a login: res.UserToken */ }, nil)) // or cb.Handle(ctx, w, r) in any framework"},
	},
	"ListSSOSessions": {
		Go:  []string{"page, err := c.SSO.List(ctx, nil) // page.Entries: []api.SSOSession", "for session, err := range c.SSO.All(ctx, nil) { /* every api.SSOSession */ }"},
		CLI: []string{"oneall sso list [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"GetSSOSession": {
		Go: []string{"session, err := c.SSO.Get(ctx, ssoSessionToken)"},
	},
	"DeleteSSOSession": {
		Go:  []string{"err := c.SSO.Delete(ctx, ssoSessionToken)"},
		CLI: []string{"oneall sso delete SSO_SESSION_TOKEN --yes"},
	},
	"GetIdentitySSOSession": {
		Go: []string{"session, err := c.SSO.GetForIdentity(ctx, identityToken)"},
	},
	"StartIdentitySSOSession": {
		Go:  []string{`session, err := c.SSO.Start(ctx, identityToken, &wrapper.SSOSessionOptions{TopRealm: "shop", Lifetime: 8 * time.Hour})`},
		CLI: []string{"oneall sso start IDENTITY_TOKEN [--top-realm R] [--sub-realm R] [--lifetime 8h] [--data D]"},
	},
	"DestroyIdentitySSOSession": {
		Go:  []string{"err := c.SSO.DestroyForIdentity(ctx, identityToken)"},
		CLI: []string{"oneall sso destroy-for-identity IDENTITY_TOKEN --yes"},
	},
	"GetSite": {
		Go: []string{"site, err := c.Site.Get(ctx)"},
	},
	"Ping": {
		Go: []string{"err := c.Tools.Ping(ctx) // nil when the subdomain and keys work"},
	},
	"ListProviders": {
		Go: []string{"providers, err := c.Providers.List(ctx)"},
	},
	// ---- Issue 17 (branch allofoneall). No CLI here: branch cli-do generates the commands from x-oneall.cli.
	// ---- Short URLs.
	"CreateShortURL": {
		Go: []string{`su, err := c.ShortURLs.Create(ctx, "https://www.example.com/a/long/path") // su.ShortURL, su.ShortURLToken`},
	},
	"GetShortURL": {
		Go: []string{`su, err := c.ShortURLs.Get(ctx, "mOTlo", &wrapper.ListOptions{EntriesPerPage: 10}) // su.NumReferrals, su.Referrals.Entries`, `for ref, err := range c.ShortURLs.AllReferrals(ctx, "mOTlo", nil) { /* every api.ShortURLReferral */ }`},
	},
	"DeleteShortURL": {
		Go: []string{`err := c.ShortURLs.Delete(ctx, "mOTlo")`},
	},
	// ---- Site administration.
	"ListAllowedDomains": {
		Go: []string{"domains, err := c.Site.AllowedDomains(ctx) // []string"},
	},
	"AddAllowedDomains": {
		Go: []string{`domains, err := c.Site.AddAllowedDomains(ctx, []string{"www.example.com", "*.example.org"}) // the whole list`},
	},
	"ListConnectionLogs": {
		Go: []string{"page, err := c.Site.ConnectionLogs(ctx, nil) // page.Entries: []api.ConnectionLog", "for entry, err := range c.Site.AllConnectionLogs(ctx, nil) { /* every api.ConnectionLog */ }"},
	},
	"CreateConnectionLog": {
		Go: []string{`entry, err := c.Site.LogConnection(ctx, wrapper.ConnectionLogInput{Action: wrapper.ConnectionSignIn, Username: loginName, Email: "ann@example.com"})`},
	},
	// ---- Sharing messages.
	"ListSharingMessages": {
		Go: []string{"page, err := c.Sharing.ListMessages(ctx, nil) // page.Entries: []api.SharingMessage", "for msg, err := range c.Sharing.AllMessages(ctx, nil) { /* every api.SharingMessage */ }"},
	},
	"PublishSharingMessage": {
		Go: []string{`res, err := c.Sharing.Publish(ctx, wrapper.ForUser(userToken, "facebook", "twitter"), wrapper.Message{Text: "Our shop is open", Link: &wrapper.Link{URL: "https://shop.example/"}, Tracking: true}) // res.Message.Publications, res.Partial`},
	},
	"GetSharingMessage": {
		Go: []string{`msg, err := c.Sharing.GetMessage(ctx, "328ef915-da13-4b58-83f6-6a35af3b08c0") // msg.Parts, msg.Publications`},
	},
	"RepublishSharingMessage": {
		Go: []string{`res, err := c.Sharing.Republish(ctx, "328ef915-da13-4b58-83f6-6a35af3b08c0", wrapper.ForIdentity(identityToken))`},
	},
	"DeleteSharingMessage": {
		Go: []string{`err := c.Sharing.DeleteMessage(ctx, "328ef915-da13-4b58-83f6-6a35af3b08c0")`},
	},
	// ---- Shared pages.
	"ListSharingPages": {
		Go: []string{"page, err := c.Sharing.ListPages(ctx, nil) // page.Entries: []api.SharingPage", "for p, err := range c.Sharing.AllPages(ctx, nil) { /* every api.SharingPage */ }"},
	},
	"GetSharingPage": {
		Go: []string{`p, err := c.Sharing.GetPage(ctx, "023f93e0-2968-47f4-a6d7-e77d232a2125", nil) // p.Targets, p.SharingPageShares.Entries`, `for share, err := range c.Sharing.AllPageShares(ctx, "023f93e0-2968-47f4-a6d7-e77d232a2125", nil) { /* every api.SharingPageShare */ }`},
	},
	"GetSharingPageByURL": {
		Go: []string{`p, err := c.Sharing.GetPageByURL(ctx, "https://www.oneall.com", nil)`},
	},
	// ---- Sharing analytics.
	"ListSharingAnalyticsSnapshots": {
		Go: []string{"page, err := c.SharingAnalytics.List(ctx, &wrapper.SnapshotListOptions{UserToken: userToken})", "for snap, err := range c.SharingAnalytics.All(ctx, nil) { /* every api.SharingAnalyticsSnapshot */ }"},
	},
	"InitiateSharingAnalyticsSnapshot": {
		Go: []string{`res, err := c.SharingAnalytics.Initiate(ctx, "a1ddb4d0-9263-4872-b0e7-18a5565bf78b", "https://shop.example/oneall/pingback") // res.Snapshot, res.AlreadyPending`},
	},
	"GetSharingAnalyticsSnapshot": {
		Go: []string{`snap, err := c.SharingAnalytics.Get(ctx, "ace99ec8-969d-462d-a93d-ae896ddffdba") // snap.Status, snap.PublicationSnapshots`},
	},
	"DeleteSharingAnalyticsSnapshot": {
		Go: []string{`err := c.SharingAnalytics.Delete(ctx, "ace99ec8-969d-462d-a93d-ae896ddffdba")`},
	},
	// ---- Issue 17 (branch pushpull).
	// ---- Push.
	"PushFacebookPost":        {Go: []string{`res, err := c.Push.FacebookPost(ctx, identityToken, wrapper.Post{Message: "Hello", Link: "https://www.example.com/"}) // res.ID`}},
	"PushFacebookPicture":     {Go: []string{`pic, err := c.Push.FacebookPicture(ctx, identityToken, wrapper.Picture{URL: "https://www.example.com/a.png", NoPost: true}) // pic.PictureID, for Post.Attachments`}},
	"PushFacebookVideo":       {Go: []string{`res, err := c.Push.FacebookVideo(ctx, identityToken, wrapper.Video{URL: "https://www.example.com/a.mp4", Description: "Our film"})`}},
	"PushFacebookPagePost":    {Go: []string{`res, err := c.Push.FacebookPagePost(ctx, identityToken, "1234567890", wrapper.Post{Message: "Hello"}) // the page: an ID of c.Pull.FacebookPages`}},
	"PushFacebookPagePicture": {Go: []string{`res, err := c.Push.FacebookPagePicture(ctx, identityToken, "1234567890", wrapper.Picture{URL: "https://www.example.com/a.png"})`}},
	"PushLinkedInPost":        {Go: []string{`res, err := c.Push.LinkedInPost(ctx, identityToken, wrapper.LinkPost{Link: "https://www.example.com/", Message: "Have a look"})`}},
	"PushLinkedInCompanyPost": {Go: []string{`res, err := c.Push.LinkedInCompanyPost(ctx, identityToken, "2414183", wrapper.LinkPost{Link: "https://www.example.com/"}) // the company: an ID of c.Pull.LinkedInCompanies`}},
	"PushPinterestPin":        {Go: []string{`res, err := c.Push.PinterestPin(ctx, identityToken, "123456789012345678", wrapper.Pin{Picture: "https://www.example.com/a.png"}) // the board: an ID of c.Pull.PinterestBoards`}},
	"PushTwitterPost":         {Go: []string{`res, err := c.Push.TwitterPost(ctx, identityToken, wrapper.Post{Message: "Hello", Attachments: []string{"912249625129684992"}})`}},
	"PushTwitterPicture":      {Go: []string{`pic, err := c.Push.TwitterPicture(ctx, identityToken, wrapper.Picture{URL: "https://www.example.com/a.png"}) // pic.PictureID: Twitter's media id`}},
	"PushTwitterVideo":        {Go: []string{`res, err := c.Push.TwitterVideo(ctx, identityToken, wrapper.Video{URL: "https://www.example.com/a.mp4", CallbackURL: "https://www.example.com/oneall/video"}) // queued; see package callbacks`}},
	"PushYouTubeVideo":        {Go: []string{`res, err := c.Push.YouTubeVideo(ctx, identityToken, wrapper.Video{URL: "https://www.example.com/a.mp4", Title: "Our film"}) // queued; see package callbacks`}},
	// ---- Pull.
	"PullFacebookPosts":        {Go: []string{`page, err := c.Pull.FacebookPosts(ctx, identityToken, &wrapper.FacebookPostsOptions{OwnOnly: true}) // page.Entries: []api.PullEntry, each with its ID`, `for post, err := range c.Pull.AllFacebookPosts(ctx, identityToken, nil) { /* every api.PullEntry */ }`}},
	"PullFacebookPagePosts":    {Go: []string{`page, err := c.Pull.FacebookPagePosts(ctx, identityToken, "1234567890", nil) // the page: an ID of c.Pull.FacebookPages`, `for post, err := range c.Pull.AllFacebookPagePosts(ctx, identityToken, "1234567890", nil) { /* every api.PullEntry */ }`}},
	"PullFacebookPages":        {Go: []string{`pages, err := c.Pull.FacebookPages(ctx, identityToken, nil) // pages.Entries[i].ID for the page calls`, `for page, err := range c.Pull.AllFacebookPages(ctx, identityToken, nil) { /* every api.PullEntry */ }`}},
	"PullFacebookLikes":        {Go: []string{`likes, err := c.Pull.FacebookLikes(ctx, identityToken, &wrapper.ListOptions{EntriesPerPage: 25})`, `for like, err := range c.Pull.AllFacebookLikes(ctx, identityToken, nil) { /* every api.PullEntry */ }`}},
	"PullLinkedInPosts":        {Go: []string{`posts, err := c.Pull.LinkedInPosts(ctx, identityToken, nil)`, `for post, err := range c.Pull.AllLinkedInPosts(ctx, identityToken, nil) { /* every api.PullEntry */ }`}},
	"PullLinkedInCompanies":    {Go: []string{`companies, err := c.Pull.LinkedInCompanies(ctx, identityToken) // companies.Entries[i].ID for the company calls`}},
	"PullLinkedInCompanyPosts": {Go: []string{`posts, err := c.Pull.LinkedInCompanyPosts(ctx, identityToken, "2414183", nil)`, `for post, err := range c.Pull.AllLinkedInCompanyPosts(ctx, identityToken, "2414183", nil) { /* every api.PullEntry */ }`}},
	"PullPinterestBoards":      {Go: []string{`boards, err := c.Pull.PinterestBoards(ctx, identityToken) // boards.Entries[i].ID for c.Push.PinterestPin`}},
	"PullSteamGames":           {Go: []string{`games, err := c.Pull.SteamGames(ctx, identityToken, &wrapper.SteamGamesOptions{OnlyGameID: "440"})`, `for game, err := range c.Pull.AllSteamGames(ctx, identityToken, nil) { /* every api.PullEntry */ }`}},
	"PullTwitterTweets":        {Go: []string{`tweets, err := c.Pull.TwitterTweets(ctx, identityToken, &wrapper.TweetsOptions{Num: 20, AfterTweetID: "912249625129684992"})`}},
	"PullYouTubeVideos":        {Go: []string{`videos, err := c.Pull.YouTubeVideos(ctx, identityToken)`}},
	// ---- Search.
	"SearchTwitterTweets":    {Go: []string{`found, err := c.Search.TwitterTweets(ctx, "@OneAll", &wrapper.TweetSearchOptions{Num: 20, ResultType: "recent"}) // found.Entries: []api.SearchTweet (ID keeps its digits)`, `for tweet, err := range c.Search.AllTwitterTweets(ctx, "#golang", nil) { /* older and older, by until_tweet_id */ }`}},
	"SearchSiteTweets":       {Go: []string{`tweets, err := c.Search.SiteTweets(ctx, "#OneAll", 9) // tweets.Entries: []api.SiteTweet`}},
	"SearchSiteTweetsByUser": {Go: []string{`tweets, err := c.Search.SiteTweetsByUser(ctx, "oneall", "", 3)`}},
}
