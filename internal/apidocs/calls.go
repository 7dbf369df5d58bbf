package main

// call is how a Go program and a shell reach an operation. Go holds
// statements, one a line, that type-check with the variables named in the
// document's introduction (the root package's snippet test checks them).
type call struct {
	Go  []string
	CLI []string
}

// calls maps every operationId of openapi.yaml to the wrapper methods and
// CLI commands that send it.
var calls = map[string]call{
	"ListIdentities": {
		Go:  []string{"page, err := c.Identities.List(ctx, &wrapper.ListOptions{Page: 1, EntriesPerPage: 100}) // page.Entries: []api.Identity", "for id, err := range c.Identities.All(ctx, nil) { /* every api.Identity, 500 per request */ }"},
		CLI: []string{"oneall identities list [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"GetIdentity": {
		Go:  []string{"id, err := c.Identities.Get(ctx, identityToken) // *api.Identity"},
		CLI: []string{"oneall identities get IDENTITY_TOKEN"},
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
		Go:  []string{"games, err := c.Identities.SteamGames(ctx, identityToken) // games.SteamGames.Entries"},
		CLI: []string{"oneall identities steam-games IDENTITY_TOKEN"},
	},
	"ListYouTubeVideos": {
		Go:  []string{"videos, err := c.Identities.YouTubeVideos(ctx, identityToken) // videos.YouTubeVideos.Entries"},
		CLI: []string{"oneall identities youtube-videos IDENTITY_TOKEN"},
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
		Go:  []string{"user, err := c.Users.Get(ctx, userToken) // *api.User, with user.Identities"},
		CLI: []string{"oneall users get USER_TOKEN"},
	},
	"DeleteUser": {
		Go:  []string{"deleted, err := c.Users.Delete(ctx, userToken) // the removed user and its identities"},
		CLI: []string{"oneall users delete USER_TOKEN --yes"},
	},
	"ListUserContacts": {
		Go:  []string{"contacts, err := c.Users.Contacts(ctx, userToken, &wrapper.UserContactsOptions{DisableCache: true}) // contacts.Entries, contacts.Partial"},
		CLI: []string{"oneall users contacts USER_TOKEN [--disable-cache]"},
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
		Go:  []string{"conn, err := c.Connections.Get(ctx, connectionToken) // *wrapper.Connection: Outcome, UserToken, Identity", "cb, err := login.New(c, login.WithState(key, 0)) // package login: the callback that redeems the token", "http.Handle(\"/oneall/callback\", cb.Handler(func(w http.ResponseWriter, r *http.Request, res *login.Result) { /* a login: res.UserToken */ }, nil)) // or cb.Handle(ctx, w, r) in any framework"},
		CLI: []string{"oneall connections get CONNECTION_TOKEN"},
	},
	"ListSSOSessions": {
		Go:  []string{"page, err := c.SSO.List(ctx, nil) // page.Entries: []api.SSOSession", "for session, err := range c.SSO.All(ctx, nil) { /* every api.SSOSession */ }"},
		CLI: []string{"oneall sso list [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"GetSSOSession": {
		Go:  []string{"session, err := c.SSO.Get(ctx, ssoSessionToken)"},
		CLI: []string{"oneall sso get SSO_SESSION_TOKEN"},
	},
	"DeleteSSOSession": {
		Go:  []string{"err := c.SSO.Delete(ctx, ssoSessionToken)"},
		CLI: []string{"oneall sso delete SSO_SESSION_TOKEN --yes"},
	},
	"GetIdentitySSOSession": {
		Go:  []string{"session, err := c.SSO.GetForIdentity(ctx, identityToken)"},
		CLI: []string{"oneall sso get-for-identity IDENTITY_TOKEN"},
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
		Go:  []string{"site, err := c.Site.Get(ctx)"},
		CLI: []string{"oneall site"},
	},
	"Ping": {
		Go:  []string{"err := c.Tools.Ping(ctx) // nil when the subdomain and keys work"},
		CLI: []string{"oneall ping"},
	},
	"ListProviders": {
		Go:  []string{"providers, err := c.Providers.List(ctx)"},
		CLI: []string{"oneall providers"},
	},

	// ---- LoudVoice (comments) and Export.
	"ListDiscussions": {
		Go:  []string{`page, err := c.LoudVoice.ListDiscussions(ctx, &wrapper.ListOptions{Page: 1}) // page.Entries: []api.LoudVoiceDiscussion`, `for d, err := range c.LoudVoice.AllDiscussions(ctx, nil) { /* every discussion */ }`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice discussions list [--page N] [--entries-per-page N] [--order-direction asc|desc]"},
	},
	"CreateDiscussion": {
		Go:  []string{`d, err := c.LoudVoice.CreateDiscussion(ctx, api.LoudVoiceDiscussionInput{DiscussionReference: "/product/1", Title: "The sneaker"}) // d.DiscussionToken`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice discussions create --file BODY.json"},
	},
	"GetDiscussion": {
		Go:  []string{`d, err := c.LoudVoice.GetDiscussion(ctx, "DISCUSSION_TOKEN")`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice discussions get DISCUSSION_TOKEN"},
	},
	"UpdateDiscussion": {
		Go:  []string{`d, err := c.LoudVoice.UpdateDiscussion(ctx, "DISCUSSION_TOKEN", api.LoudVoiceDiscussionInput{IsClosed: api.Set(true)})`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice discussions update DISCUSSION_TOKEN --file BODY.json"},
	},
	"DeleteDiscussion": {
		Go:  []string{`err := c.LoudVoice.DeleteDiscussion(ctx, "DISCUSSION_TOKEN")`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice discussions delete DISCUSSION_TOKEN --confirm-deletion"},
	},
	"ListDiscussionComments": {
		Go:  []string{`page, err := c.LoudVoice.DiscussionComments(ctx, "DISCUSSION_TOKEN", nil) // page.Entries: []api.LoudVoiceComment`, `for cm, err := range c.LoudVoice.AllDiscussionComments(ctx, "DISCUSSION_TOKEN", nil) { /* every comment of the discussion */ }`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice discussions comments DISCUSSION_TOKEN [--page N]"},
	},
	"ListComments": {
		Go:  []string{`page, err := c.LoudVoice.ListComments(ctx, nil)`, `for cm, err := range c.LoudVoice.AllComments(ctx, nil) { /* every comment */ }`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice comments list [--page N]"},
	},
	"CreateComment": {
		Go:  []string{`cm, err := c.LoudVoice.CreateComment(ctx, wrapper.NewComment{DiscussionReference: "/product/1", Comment: api.LoudVoiceCommentInput{Text: "Nice!", Author: api.LoudVoiceAuthorInput{Name: "Jane", Email: "jane@example.com"}}})`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice comments create --file BODY.json"},
	},
	"GetComment": {
		Go:  []string{`cm, err := c.LoudVoice.GetComment(ctx, "COMMENT_TOKEN") // cm.ParentCommentToken, cm.Votes, cm.IsSpam`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice comments get COMMENT_TOKEN"},
	},
	"UpdateComment": {
		Go:  []string{`cm, err := c.LoudVoice.UpdateComment(ctx, "COMMENT_TOKEN", api.LoudVoiceCommentInput{HasBeenApproved: api.Set(true), IsSpam: api.Set(false)})`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice comments update COMMENT_TOKEN --file BODY.json"},
	},
	"DeleteComment": {
		Go:  []string{`err := c.LoudVoice.DeleteComment(ctx, "COMMENT_TOKEN", true) // true: its replies too`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice comments delete COMMENT_TOKEN --confirm-deletion [--delete-sub-comments]"},
	},
	"ListAuthors": {
		Go:  []string{`page, err := c.LoudVoice.ListAuthors(ctx, nil)`, `for a, err := range c.LoudVoice.AllAuthors(ctx, nil) { /* every author */ }`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice authors list [--page N]"},
	},
	"CreateAuthor": {
		Go:  []string{`a, err := c.LoudVoice.CreateAuthor(ctx, api.LoudVoiceAuthorInput{AuthorReference: "AUTHOR-1", Name: "Jane", Email: "jane@example.com"})`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice authors create --file BODY.json"},
	},
	"GetAuthor": {
		Go:  []string{`a, err := c.LoudVoice.GetAuthor(ctx, "AUTHOR_TOKEN") // a.NumComments`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice authors get AUTHOR_TOKEN"},
	},
	"UpdateAuthor": {
		Go:  []string{`a, err := c.LoudVoice.UpdateAuthor(ctx, "AUTHOR_TOKEN", api.LoudVoiceAuthorInput{WebsiteURL: "https://example.com"})`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice authors update AUTHOR_TOKEN --file BODY.json"},
	},
	"DeleteAuthor": {
		Go:  []string{`err := c.LoudVoice.DeleteAuthor(ctx, "AUTHOR_TOKEN")`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice authors delete AUTHOR_TOKEN --confirm-deletion"},
	},
	"ListAuthorSessions": {
		Go:  []string{`page, err := c.LoudVoice.ListAuthorSessions(ctx, &wrapper.ListOptions{Filters: "author_token:eq:AUTHOR_TOKEN"})`, `for s, err := range c.LoudVoice.AllAuthorSessions(ctx, nil) { /* every session */ }`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice sessions list [--filters author_token:eq:AUTHOR_TOKEN]"},
	},
	"StartAuthorSession": {
		Go:  []string{`s, err := c.LoudVoice.StartAuthorSession(ctx, api.LoudVoiceAuthorInput{AuthorReference: "AUTHOR-1", AllowCreateNew: true, Name: "Jane"}) // s.AuthorSessionToken, for the widget`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice sessions start --file BODY.json"},
	},
	"DeleteAuthorSession": {
		Go:  []string{`err := c.LoudVoice.DeleteAuthorSession(ctx, "AUTHOR_SESSION_TOKEN")`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice sessions delete AUTHOR_SESSION_TOKEN --confirm-deletion"},
	},
	"ListVotes": {
		Go:  []string{`page, err := c.LoudVoice.ListVotes(ctx, nil)`, `for v, err := range c.LoudVoice.AllVotes(ctx, nil) { /* every vote */ }`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice votes list [--page N]"},
	},
	"GetVote": {
		Go:  []string{`v, err := c.LoudVoice.GetVote(ctx, "COMMENT_TOKEN", "AUTHOR_TOKEN")`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice votes get COMMENT_TOKEN AUTHOR_TOKEN"},
	},
	"CastVote": {
		Go:  []string{`v, err := c.LoudVoice.CastVote(ctx, "COMMENT_TOKEN", "AUTHOR_TOKEN", wrapper.VoteUp)`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice votes cast COMMENT_TOKEN AUTHOR_TOKEN [--file BODY.json]"},
	},
	"DeleteVote": {
		Go:  []string{`err := c.LoudVoice.DeleteVote(ctx, "COMMENT_TOKEN", "AUTHOR_TOKEN")`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice votes delete COMMENT_TOKEN AUTHOR_TOKEN --confirm-deletion"},
	},
	"ScheduleExport": {
		Go:  []string{`export, err := c.Exports.ScheduleUsersCSV(ctx) // export.ExportToken (the fake's; OneAll documents no answer)`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall exports schedule --file BODY.json"},
	},
	"GetDiscussionByReference": {
		Go:  []string{`d, err := c.LoudVoice.GetDiscussionByReference(ctx, "/product/1")`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice discussions get-by-reference --discussion-reference REF"},
	},
	"ListDiscussionCommentsByReference": {
		Go:  []string{`page, err := c.LoudVoice.DiscussionCommentsByReference(ctx, "/product/1", nil)`, `for cm, err := range c.LoudVoice.AllDiscussionCommentsByReference(ctx, "/product/1", nil) { /* every comment of the discussion */ }`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice discussions comments-by-reference --discussion-reference REF [--page N]"},
	},
	"GetAuthorByReference": {
		Go:  []string{`a, err := c.LoudVoice.GetAuthorByReference(ctx, "AUTHOR-1")`},
		CLI: []string{"(generated from x-oneall.cli, with the generated CLI) oneall loudvoice authors get-by-reference --author-reference REF"},
	},
}
