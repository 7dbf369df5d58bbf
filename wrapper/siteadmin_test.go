package wrapper

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestAddAllowedDomains(t *testing.T) {
	f := setup(t)
	f.handle("/site/allowed-domains.json", expect{method: "PUT", body: `{"request":{"allowed_domains":["www.mydomain1.com","*.mydomain3.com"]}}`}, 201,
		ok(201, "/site/allowed-domains.json", `{"allowed_domains":["www.google.de","www.mydomain1.com","*.mydomain3.com"]}`))
	got, err := f.client.Site.AddAllowedDomains(context.Background(), []string{"www.mydomain1.com", "*.mydomain3.com"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "www.google.de,www.mydomain1.com,*.mydomain3.com" {
		t.Errorf("domains = %q", got)
	}
}

// OneAll's answer to the PUT is unknown: one without a result is a success.
func TestAddAllowedDomainsWithoutResult(t *testing.T) {
	f := setup(t)
	f.handle("/site/allowed-domains.json", expect{method: "PUT", body: `{"request":{"allowed_domains":["a.example"]}}`}, 200,
		`{"response":{"request":{"status":{"flag":"success","code":200}}}}`)
	got, err := f.client.Site.AddAllowedDomains(context.Background(), []string{"a.example"})
	if err != nil || len(got) != 0 {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestConnectionLogs(t *testing.T) {
	f := setup(t)
	f.handle("/site/connections.json", expect{method: "POST", body: `{"request":{"connection":{"action":"signup","username":"jdoe","email":"j@example.com"}}}`}, 201,
		ok(201, "/site/connections.json", `{"connection":{"action":"signup","username":"jdoe","email":"j@example.com","date_creation":"Mon, 01 Jan 2024 00:04:00 +0000","ip":"x"}}`))
	e, err := f.client.Site.LogConnection(context.Background(), ConnectionLogInput{Action: ConnectionSignUp, Username: "jdoe", Email: "j@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if e.Action != "signup" || e.AdditionalProperties["ip"] != "x" {
		t.Errorf("entry = %+v", e)
	}
	g := setup(t)
	g.handle("/site/connections.json", expect{method: "GET", query: url.Values{"entries_per_page": {"2"}}}, 200,
		ok(200, "/site/connections.json", `{"connections":{`+pagination(1, 1, 2, 1)+`,"count":1,"entries":[{"action":"signin"}]}}`))
	page, err := g.client.Site.ConnectionLogs(context.Background(), &ListOptions{EntriesPerPage: 2})
	if err != nil || len(page.Entries) != 1 || page.Entries[0].Action != "signin" {
		t.Fatalf("page = %+v, %v", page, err)
	}
}

func TestSiteAdminBadInputSendsNothing(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	for _, d := range [][]string{nil, {}, {""}, {"exa mple.com"}, {"https://www.example.com"}, {"*.*.example.com"}, {"a..b"}, {strings.Repeat("a", 64) + ".com"}, make([]string, 101)} {
		if _, err := f.client.Site.AddAllowedDomains(ctx, d); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("AddAllowedDomains(%q): %v", d, err)
		}
	}
	for _, a := range []ConnectionAction{"", "login", "SIGNIN"} {
		if _, err := f.client.Site.LogConnection(ctx, ConnectionLogInput{Action: a}); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("LogConnection(%q): %v", a, err)
		}
	}
	if len(f.hits) != 0 {
		t.Errorf("requests were sent: %v", f.hits)
	}
}
