package onealltest

// The contract of the operations of issue 17 (short URLs, site
// administration, sharing, sharing analytics): their statuses, how to
// produce each. Their valid requests for the 401 and fault checks come from
// the spec (contract_ops_test.go).

import (
	"maps"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// allStatuses is wantStatuses for the operations of issue 17.
var allStatuses = map[string][]int{
	// ---- Short URLs.
	"CreateShortURL": {200, 400, 401},
	"GetShortURL":    {200, 400, 401, 404},
	"DeleteShortURL": {200, 400, 401, 404},
	// ---- Site administration.
	"ListAllowedDomains":  {200, 401},
	"AddAllowedDomains":   {200, 201, 400, 401},
	"ListConnectionLogs":  {200, 400, 401},
	"CreateConnectionLog": {201, 400, 401},
	// ---- Sharing messages.
	"ListSharingMessages":     {200, 400, 401},
	"PublishSharingMessage":   {200, 207, 400, 401, 403, 404},
	"GetSharingMessage":       {200, 401, 404},
	"RepublishSharingMessage": {200, 207, 400, 401, 403, 404},
	"DeleteSharingMessage":    {200, 400, 401, 404},
	// ---- Shared pages.
	"ListSharingPages":    {200, 400, 401},
	"GetSharingPage":      {200, 400, 401, 404},
	"GetSharingPageByURL": {200, 400, 401, 404},
	// ---- Sharing analytics.
	"ListSharingAnalyticsSnapshots":    {200, 400, 401},
	"InitiateSharingAnalyticsSnapshot": {201, 207, 400, 401, 404},
	"GetSharingAnalyticsSnapshot":      {200, 401, 404},
	"DeleteSharingAnalyticsSnapshot":   {200, 400, 401, 404},
}

func init() { maps.Copy(wantStatuses, allStatuses) }

// exerciseAll drives the operations of issue 17 through every status the
// server produces for them, but 401 and the faults.
func (k *contract) exerciseAll() {
	c, ctx := k.c, k.t.Context()
	const unknown = "00000000-0000-4000-8000-000000000000"

	// ---- Short URLs.
	su, err := c.ShortURLs.Create(ctx, "https://www.example.com/long")
	k.check(err, nil)
	k.expect(400, "POST", "/shorturls.json", `{"request":{"shorturl":{"original_url":"not a url"}}}`)
	k.expect(400, "POST", "/shorturls.json", `{"request":{}}`, invalid)
	_, err = c.ShortURLs.Get(ctx, "NoFSx", nil)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "GET", "/shorturls/NoFSx.json?entries_per_page=0", "", invalid)
	k.expect(400, "DELETE", "/shorturls/NoFSx.json", "", invalid)
	if su != nil {
		_, err = c.ShortURLs.Get(ctx, su.ShortURLToken, &wrapper.ListOptions{EntriesPerPage: 5})
		k.check(err, nil)
		k.check(c.ShortURLs.Delete(ctx, su.ShortURLToken), nil)
		k.check(c.ShortURLs.Delete(ctx, su.ShortURLToken), wrapper.ErrNotFound)
	}

	// ---- Site administration.
	_, err = c.Site.AllowedDomains(ctx)
	k.check(err, nil)
	_, err = c.Site.AddAllowedDomains(ctx, []string{"www.example.com", "*.example.org"}) // 201
	k.check(err, nil)
	_, err = c.Site.AddAllowedDomains(ctx, []string{"www.example.com"}) // 200
	k.check(err, nil)
	k.expect(400, "PUT", "/site/allowed-domains.json", `{"request":{"allowed_domains":["not a domain"]}}`)
	k.expect(400, "PUT", "/site/allowed-domains.json", `{"request":{"allowed_domains":[]}}`, invalid)
	_, err = c.Site.LogConnection(ctx, wrapper.ConnectionLogInput{Action: wrapper.ConnectionSignIn, Username: "ann"})
	k.check(err, nil)
	k.expect(400, "POST", "/site/connections.json", `{"request":{"connection":{"action":"login"}}}`, invalid)
	_, err = c.Site.ConnectionLogs(ctx, &wrapper.ListOptions{EntriesPerPage: 1})
	k.check(err, nil)
	k.expect(400, "GET", "/site/connections.json?page=0", "", invalid)

	k.exerciseSharing(unknown)

	// ---- Shared pages (seeded).
	pages, err := c.Sharing.ListPages(ctx, &wrapper.ListOptions{EntriesPerPage: 2})
	k.check(err, nil)
	k.expect(400, "GET", "/sharing/pages.json?page=0", "", invalid)
	if pages != nil && len(pages.Entries) > 0 {
		_, err = c.Sharing.GetPage(ctx, pages.Entries[0].SharingPageToken, &wrapper.ListOptions{EntriesPerPage: 1})
		k.check(err, nil)
		k.expect(400, "GET", "/sharing/pages/"+pages.Entries[0].SharingPageToken+".json?order_direction=up", "", invalid)
	}
	_, err = c.Sharing.GetPage(ctx, unknown, nil)
	k.check(err, wrapper.ErrNotFound)
	_, err = c.Sharing.GetPageByURL(ctx, "www.example.com", nil)
	k.check(err, nil)
	_, err = c.Sharing.GetPageByURL(ctx, "https://nowhere.example/", nil)
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "GET", "/sharing/pages/page.json", "", invalid)

	k.exerciseAnalytics(unknown)
}

// exerciseAnalytics drives the snapshots: scheduled, pending, processed on
// the clock, listed, deleted.
func (k *contract) exerciseAnalytics(unknown string) {
	srv, c, ctx := k.srv, k.c, k.t.Context()
	user := srv.AddUser(User{})
	tw := srv.AddIdentity(user, "twitter", api.Identity{})
	res, err := c.Sharing.Publish(ctx, wrapper.ForIdentity(tw), wrapper.Message{Text: "x", Link: &wrapper.Link{URL: "https://a.example/"}, Tracking: true})
	k.check(err, nil)
	if res == nil {
		return
	}
	msg := res.Message.SharingMessageToken
	s, err := c.SharingAnalytics.Initiate(ctx, msg, "") // 201
	k.check(err, nil)
	_, err = c.SharingAnalytics.Initiate(ctx, msg, "") // 207
	k.check(err, nil)
	_, err = c.SharingAnalytics.Initiate(ctx, unknown, "")
	k.check(err, wrapper.ErrNotFound)
	k.expect(400, "PUT", "/sharing/analytics/snapshots.json", `{"request":{"analytics":{"sharing":{"sharing_message_token":"`+msg+`","pingback_uri":"https://www.example.com/"}}}}`)
	k.expect(400, "PUT", "/sharing/analytics/snapshots.json", `{"request":{"analytics":{}}}`, invalid)
	_, err = c.SharingAnalytics.List(ctx, &wrapper.SnapshotListOptions{UserToken: user})
	k.check(err, nil)
	k.expect(400, "GET", "/sharing/analytics/snapshots.json?page=0", "", invalid)
	_, err = c.SharingAnalytics.Get(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	k.check(c.SharingAnalytics.Delete(ctx, unknown), wrapper.ErrNotFound)
	if s == nil {
		return
	}
	srv.Advance(5 * time.Minute)
	_, err = c.SharingAnalytics.Get(ctx, s.Snapshot.SharingAnalyticsSnapshotToken) // processed
	k.check(err, nil)
	k.expect(400, "DELETE", "/sharing/analytics/snapshots/"+s.Snapshot.SharingAnalyticsSnapshotToken+".json", "", invalid)
	k.check(c.SharingAnalytics.Delete(ctx, s.Snapshot.SharingAnalyticsSnapshotToken), nil)
}

// exerciseSharing drives the sharing messages: a user with a Twitter and a
// Steam identity publishes.
func (k *contract) exerciseSharing(unknown string) {
	srv, c, ctx := k.srv, k.c, k.t.Context()
	user := srv.AddUser(User{})
	tw := srv.AddIdentity(user, "twitter", api.Identity{})
	steam := srv.AddIdentity(user, "steam", api.Identity{})
	msg := wrapper.Message{Text: "Hello", Link: &wrapper.Link{URL: "https://www.example.com/"}, Tracking: true}
	res, err := c.Sharing.Publish(ctx, wrapper.ForUser(user, "twitter"), msg) // 200
	k.check(err, nil)
	_, err = c.Sharing.Publish(ctx, wrapper.ForUser(user, "twitter", "steam"), msg) // 207
	k.check(err, nil)
	_, err = c.Sharing.Publish(ctx, wrapper.ForIdentity(steam), msg)
	k.check(err, wrapper.ErrForbidden)
	_, err = c.Sharing.Publish(ctx, wrapper.ForIdentity(unknown), msg)
	k.check(err, wrapper.ErrNotFound)
	_, err = c.Sharing.Publish(ctx, wrapper.ForUser(user, "myspace"), msg)
	k.check(err, wrapper.ErrBadRequest)
	k.expect(400, "POST", "/sharing/messages.json", `{"request":{"sharing_message":{"publish_for_identity":{"identity_token":"`+tw+`"},"parts":{}}}}`)
	_, err = c.Sharing.ListMessages(ctx, &wrapper.ListOptions{EntriesPerPage: 1})
	k.check(err, nil)
	k.expect(400, "GET", "/sharing/messages.json?entries_per_page=0", "", invalid)
	_, err = c.Sharing.GetMessage(ctx, unknown)
	k.check(err, wrapper.ErrNotFound)
	_, err = c.Sharing.Republish(ctx, unknown, wrapper.ForIdentity(tw))
	k.check(err, wrapper.ErrNotFound)
	k.check(c.Sharing.DeleteMessage(ctx, unknown), wrapper.ErrNotFound)
	if res == nil {
		return
	}
	token := res.Message.SharingMessageToken
	_, err = c.Sharing.GetMessage(ctx, token)
	k.check(err, nil)
	_, err = c.Sharing.Republish(ctx, token, wrapper.ForIdentity(tw)) // 200
	k.check(err, nil)
	_, err = c.Sharing.Republish(ctx, token, wrapper.ForUser(user, "twitter", "linkedin")) // 207
	k.check(err, nil)
	_, err = c.Sharing.Republish(ctx, token, wrapper.ForIdentity(steam))
	k.check(err, wrapper.ErrForbidden)
	k.expect(400, "POST", "/sharing/messages/"+token+".json", `{"request":{"sharing_message":{}}}`)
	k.expect(400, "DELETE", "/sharing/messages/"+token+".json", "", invalid)
	k.check(c.Sharing.DeleteMessage(ctx, token), nil)
}
