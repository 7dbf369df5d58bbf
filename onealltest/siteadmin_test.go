package onealltest

import (
	"slices"
	"testing"

	"github.com/oneall-go/oneall-go/wrapper"
)

// Allowed domains add up (a domain already there, in any case, changes
// nothing), and the connection log lists what was logged, in order.
func TestSiteAdministration(t *testing.T) {
	srv := New(t)
	c := srv.Client()
	ctx := t.Context()
	if got, err := c.Site.AllowedDomains(ctx); err != nil || len(got) != 0 {
		t.Fatalf("a new site: %q, %v", got, err)
	}
	got, err := c.Site.AddAllowedDomains(ctx, []string{"www.mydomain1.com", "*.mydomain3.com"})
	if err != nil {
		t.Fatal(err)
	}
	before := srv.Stats().Changes
	got2, err := c.Site.AddAllowedDomains(ctx, []string{"WWW.mydomain1.com", "shop.example"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"www.mydomain1.com", "*.mydomain3.com", "shop.example"}
	if len(got) != 2 || !slices.Equal(got2, want) {
		t.Fatalf("after adding: %q then %q", got, got2)
	}
	if _, err := c.Site.AddAllowedDomains(ctx, []string{"shop.example"}); err != nil || srv.Stats().Changes != before+1 {
		t.Errorf("adding a known domain: %v, changes %d -> %d", err, before, srv.Stats().Changes)
	}
	if listed, err := c.Site.AllowedDomains(ctx); err != nil || !slices.Equal(listed, want) {
		t.Errorf("listed %q, %v", listed, err)
	}

	for _, in := range []wrapper.ConnectionLogInput{
		{Action: wrapper.ConnectionSignUp, Username: "ann", Email: "ann@example.com"},
		{Action: wrapper.ConnectionSignIn, Username: "ann"},
		{Action: wrapper.ConnectionSignIn, Email: "bob@example.com"},
	} {
		e, err := c.Site.LogConnection(ctx, in)
		if err != nil || e.Action != string(in.Action) || e.DateCreation.IsZero() {
			t.Fatalf("LogConnection(%+v) = %+v, %v", in, e, err)
		}
	}
	var actions []string
	for e, err := range c.Site.AllConnectionLogs(ctx, &wrapper.ListOptions{EntriesPerPage: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		actions = append(actions, e.Action+":"+e.Username+e.Email)
	}
	if !slices.Equal(actions, []string{"signup:annann@example.com", "signin:ann", "signin:bob@example.com"}) {
		t.Errorf("log = %q", actions)
	}
}
