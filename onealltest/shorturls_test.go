package onealltest

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/wrapper"
)

// listedShortURLs reads the list that ListShortURLs serves.
func listedShortURLs(t *testing.T, s *Server) []string {
	t.Helper()
	req, _ := http.NewRequest("GET", "/shorturls.json", nil)
	resp := s.listShortURLs(&call{s: s, r: req, op: unknownOp, resource: "/shorturls.json"})
	var env struct {
		Response struct {
			Result struct {
				Data struct {
					ShortURLs struct {
						Entries []struct {
							Token string `json:"shorturl_token"`
						} `json:"entries"`
					} `json:"shorturls"`
				} `json:"data"`
			} `json:"result"`
		} `json:"response"`
	}
	if err := json.Unmarshal(resp.body, &env); err != nil || resp.status != 200 {
		t.Fatalf("list: %d %v %s", resp.status, err, resp.body)
	}
	var tokens []string
	for _, e := range env.Response.Result.Data.ShortURLs.Entries {
		tokens = append(tokens, e.Token)
	}
	return tokens
}

// follow follows a short link without following its redirect.
func follow(t *testing.T, link, referrer string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", link, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Referer", referrer)
	req.Header.Set("User-Agent", "shorturl-test")
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// A short URL is listed, counts a referral when its link is followed, and
// is gone (link included) after delete.
func TestShortURLLifecycle(t *testing.T) {
	srv := New(t)
	c := srv.Client()
	ctx := t.Context()
	su, err := c.ShortURLs.Create(ctx, "https://www.example.com/a/long/path?x=1")
	if err != nil {
		t.Fatal(err)
	}
	if len(su.ShortURLToken) != 5 || strings.Contains(su.ShortURLToken, "-") || su.NumReferrals.Int() != 0 ||
		!su.DateLastReferral.IsZero() || su.ShortURL != srv.URL+"/s/"+su.ShortURLToken {
		t.Fatalf("created = %+v", su)
	}
	other, err := c.ShortURLs.Create(ctx, "http://other.example/")
	if err != nil {
		t.Fatal(err)
	}
	if got := listedShortURLs(t, srv); len(got) != 2 || got[0] != su.ShortURLToken || got[1] != other.ShortURLToken {
		t.Fatalf("listed %v", got)
	}

	for _, ref := range []string{"https://blog.example/post", "https://news.example/"} {
		resp := follow(t, su.ShortURL, ref)
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "https://www.example.com/a/long/path?x=1" {
			t.Fatalf("follow: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	got, err := c.ShortURLs.Get(ctx, su.ShortURLToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.NumReferrals.Int() != 2 || got.DateLastReferral.IsZero() || got.Referrals.Count.Int() != 2 {
		t.Fatalf("after two clicks: %+v", got)
	}
	r0 := got.Referrals.Entries[0]
	if r0.Page != "https://blog.example/post" || r0.IPAddress != "127.0.0.1" || r0.UserAgent != "shorturl-test" {
		t.Errorf("first referral = %+v", r0)
	}
	var pages []string
	for ref, err := range c.ShortURLs.AllReferrals(ctx, su.ShortURLToken, &wrapper.ListOptions{EntriesPerPage: 1, Order: "desc"}) {
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, ref.Page)
	}
	if len(pages) != 2 || pages[0] != "https://news.example/" {
		t.Errorf("referrals newest first = %v", pages)
	}

	if err := c.ShortURLs.Delete(ctx, su.ShortURLToken); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ShortURLs.Get(ctx, su.ShortURLToken, nil); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("Get after delete: %v", err)
	}
	if err := c.ShortURLs.Delete(ctx, su.ShortURLToken); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if resp := follow(t, su.ShortURL, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("link after delete: %d", resp.StatusCode)
	}
	if got := listedShortURLs(t, srv); len(got) != 1 || got[0] != other.ShortURLToken {
		t.Errorf("listed after delete: %v", got)
	}
	// The link is logged under its own name.
	var links int
	for _, r := range srv.Requests() {
		if r.Operation == "ShortLink" {
			links++
		}
	}
	if links != 3 {
		t.Errorf("%d short link requests logged, want 3", links)
	}
}
