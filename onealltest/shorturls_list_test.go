package onealltest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

// TestListShortURLs: Seed gives every fourth user a short URL; the list is
// paginated and ordered like every other list.
func TestListShortURLs(t *testing.T) {
	srv := newServer(t)
	list := func(path string) api.ShortURLList {
		t.Helper()
		r := do(t, srv, "GET", path, "")
		if r.status != http.StatusOK || r.env.Response.Result == nil {
			t.Fatalf("GET %s: %d %s", path, r.status, r.body)
		}
		var d api.ShortURLListData
		if err := json.Unmarshal(r.env.Response.Result.Data, &d); err != nil {
			t.Fatal(err)
		}
		return d.ShortURLs
	}
	if l := list("/shorturls.json"); l.Count.Int() != 0 || len(l.Entries) != 0 {
		t.Errorf("an unseeded server lists %+v", l)
	}
	srv.Seed(8)
	all := list("/shorturls.json")
	if all.Count.Int() != 2 || len(all.Entries) != 2 || all.Pagination.TotalEntries.Int() != 2 {
		t.Fatalf("8 seeded users: %+v, want 2 short URLs", all)
	}
	for _, u := range all.Entries {
		if len(u.ShortURLToken) != 5 || u.ShortURL != srv.URL+"/s/"+u.ShortURLToken ||
			!strings.HasPrefix(u.OriginalURL, "https://") || u.DateCreation.IsZero() {
			t.Errorf("short URL %+v", u)
		}
	}
	desc := list("/shorturls.json?order_direction=desc&entries_per_page=1")
	if len(desc.Entries) != 1 || desc.Entries[0].ShortURLToken != all.Entries[1].ShortURLToken {
		t.Errorf("the first of the newest first: %+v, want %s", desc.Entries, all.Entries[1].ShortURLToken)
	}
	if r := do(t, srv, "GET", "/shorturls.json?entries_per_page=501", ""); r.status != http.StatusBadRequest {
		t.Errorf("entries_per_page=501: %d", r.status)
	}
}
