package onealltest

// The contract of the operations of issue 17 (short URLs, site
// administration, sharing, sharing analytics): their statuses, how to
// produce each, and a valid request of each for the 401 and fault checks.
// These lists become generated at the merge with branch spec-table.

import (
	"maps"

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
}

func init() { maps.Copy(wantStatuses, allStatuses) }

// exerciseAll drives the operations of issue 17 through every status the
// server produces for them, but 401 and the faults.
func (k *contract) exerciseAll() {
	c, ctx := k.c, k.t.Context()

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
}

// validAllRequests are valid requests of the operations of issue 17.
func validAllRequests() []validRequest {
	return []validRequest{
		// ---- Short URLs.
		{"CreateShortURL", "POST", "/shorturls.json", `{"request":{"shorturl":{"original_url":"https://www.example.com/"}}}`},
		{"GetShortURL", "GET", "/shorturls/mOTlo.json", ""},
		{"DeleteShortURL", "DELETE", "/shorturls/mOTlo.json?confirm_deletion=true", ""},
		// ---- Site administration.
		{"ListAllowedDomains", "GET", "/site/allowed-domains.json", ""},
		{"AddAllowedDomains", "PUT", "/site/allowed-domains.json", `{"request":{"allowed_domains":["www.example.com"]}}`},
		{"ListConnectionLogs", "GET", "/site/connections.json", ""},
		{"CreateConnectionLog", "POST", "/site/connections.json", `{"request":{"connection":{"action":"signup","username":"u","email":"u@example.com"}}}`},
	}
}
