package onealltest

import (
	"errors"
	"testing"

	"github.com/oneall-go/oneall-go/wrapper"
)

// The seeded pages are listed, read by token or by URL (scheme, "www." and
// the trailing slash do not count), with their shares paged.
func TestSharingPages(t *testing.T) {
	srv := New(t)
	c := srv.Client()
	ctx := t.Context()
	var tokens []string
	for p, err := range c.Sharing.AllPages(ctx, &wrapper.ListOptions{EntriesPerPage: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, p.SharingPageToken)
	}
	if len(tokens) != len(seededPages) {
		t.Fatalf("pages %v", tokens)
	}
	p, err := c.Sharing.GetPage(ctx, tokens[0], &wrapper.ListOptions{EntriesPerPage: 2})
	if err != nil {
		t.Fatal(err)
	}
	if p.NumTimesShared.Int() != 5 || len(p.Targets) != 2 || p.Targets[1].Key != "facebook" || p.Targets[1].NumTimesShared.Int() != 3 ||
		p.SharingPageShares.Pagination.TotalEntries.Int() != 5 || len(p.SharingPageShares.Entries) != 2 || !p.DateLastShared.After(p.DateFirstShared.Time) {
		t.Fatalf("page = %+v", p)
	}
	n := 0
	for share, err := range c.Sharing.AllPageShares(ctx, tokens[0], &wrapper.ListOptions{EntriesPerPage: 2}) {
		if err != nil || share.Key == "" || share.IPAddress == "" {
			t.Fatalf("share %+v, %v", share, err)
		}
		n++
	}
	if n != 5 {
		t.Errorf("%d shares", n)
	}
	for _, u := range []string{"https://www.example.com/", "http://www.example.com", "www.example.com", "example.com/"} {
		byURL, err := c.Sharing.GetPageByURL(ctx, u, nil)
		if err != nil || byURL.SharingPageToken != tokens[0] {
			t.Errorf("GetPageByURL(%q) = %+v, %v", u, byURL, err)
		}
	}
	// A URL with a query is sent encoded, so its & is not a parameter.
	if _, err := c.Sharing.GetPageByURL(ctx, "https://shop.example/sale?a=1&page=2", nil); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("unknown page: %v", err)
	}
	if _, err := c.Sharing.GetPage(ctx, "00000000-0000-4000-8000-000000000000", nil); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	}
}
