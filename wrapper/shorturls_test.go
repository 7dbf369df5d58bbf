package wrapper

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The documented answer to a creation, verbatim.
const shortURLJSON = `{"shorturl_token":"mOTlo","original_url":"http://www.oneall.com/services/",` +
	`"short_url":"http://oal.lu/mOTlo","date_creation":"Fri, 16 Sep 2011 16:18:49 +0200","num_referrals":0}`

func TestShortURLCreate(t *testing.T) {
	f := setup(t)
	f.handle("/shorturls.json", expect{method: "POST", body: `{"request":{"shorturl":{"original_url":"http://www.oneall.com/services/"}}}`}, 200,
		ok(200, "/shorturls.json", `{"shorturl":`+shortURLJSON+`}`))
	su, err := f.client.ShortURLs.Create(context.Background(), "http://www.oneall.com/services/")
	if err != nil {
		t.Fatal(err)
	}
	if su.ShortURLToken != "mOTlo" || su.ShortURL != "http://oal.lu/mOTlo" || su.DateCreation.Year() != 2011 {
		t.Errorf("short URL = %+v", su)
	}
}

// A creation is sent once: a 503 after it may have reached OneAll is not
// retried, since a second request would create a second short URL.
func TestShortURLCreateIsNotRetried(t *testing.T) {
	f := setup(t)
	f.handle("/shorturls.json", expect{method: "POST", body: `{"request":{"shorturl":{"original_url":"https://a.example/"}}}`}, 503,
		fail(503, "The API is overloaded with requests"))
	_, err := f.client.ShortURLs.Create(context.Background(), "https://a.example/")
	if !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v", err)
	}
	if n := f.hitCount("POST", "/shorturls.json"); n != 1 {
		t.Errorf("sent %d times, want once", n)
	}
}

func TestShortURLGetWithReferrals(t *testing.T) {
	f := setup(t)
	f.handle("/shorturls/Dpkuo.json", expect{method: "GET", query: url.Values{"page": {"2"}, "entries_per_page": {"1"}}}, 200,
		ok(200, "/shorturls/Dpkuo.json", `{"shorturl":{"shorturl_token":"Dpkuo","num_referrals":3,"date_last_referral":"Thu, 21 Mar 2019 17:15:12 +0100",`+
			`"referrals":{`+pagination(2, 3, 1, 3)+`,"count":1,"entries":[{"page":"http://www.example-referrer.com/",`+
			`"date_creation":"Thu, 21 Mar 2019 16:39:08 +0100","ip_address":"17.45.170.114","user_agent":"UA","city":"Luxembourg"}]}}}`))
	su, err := f.client.ShortURLs.Get(context.Background(), "Dpkuo", &ListOptions{Page: 2, EntriesPerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	if su.NumReferrals.Int() != 3 || len(su.Referrals.Entries) != 1 {
		t.Fatalf("short URL = %+v", su)
	}
	ref := su.Referrals.Entries[0]
	if ref.IPAddress != "17.45.170.114" || ref.UserAgent != "UA" || ref.AdditionalProperties["city"] != "Luxembourg" {
		t.Errorf("referral = %+v", ref)
	}
}

func TestShortURLDelete(t *testing.T) {
	f := setup(t)
	f.handle("/shorturls/mOTlo.json", expect{method: "DELETE", query: url.Values{"confirm_deletion": {"true"}}}, 200,
		`{"response":{"request":{"status":{"flag":"success","code":200,"info":"The specified shorturl has successfully been removed"}}}}`)
	if err := f.client.ShortURLs.Delete(context.Background(), "mOTlo"); err != nil {
		t.Fatal(err)
	}
}

// Tokens of the wrong form and bad URLs are refused before anything is sent.
func TestShortURLBadInputSendsNothing(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	for _, tok := range []string{"", "../x", "a b", "mOT/lo", "12345678901234567890123456789012345"} {
		if _, err := f.client.ShortURLs.Get(ctx, tok, nil); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Get(%q): %v", tok, err)
		}
		if err := f.client.ShortURLs.Delete(ctx, tok); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Delete(%q): %v", tok, err)
		}
	}
	for _, u := range []string{"", "www.example.com", "ftp://x.example/", "https://", "javascript:alert(1)"} {
		if _, err := f.client.ShortURLs.Create(ctx, u); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Create(%q): %v", u, err)
		}
	}
	if _, err := f.client.ShortURLs.Get(ctx, "mOTlo", &ListOptions{EntriesPerPage: 501}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Get with 501 per page: %v", err)
	}
	if len(f.hits) != 0 {
		t.Errorf("requests were sent: %v", f.hits)
	}
}

// List reads one page of the site's short URLs, the documented empty list
// ({"count": 0}) included; All walks every page; an answer without the list
// is unexpected.
func TestShortURLList(t *testing.T) {
	f := setup(t)
	f.mux.HandleFunc("/shorturls.json", func(w http.ResponseWriter, r *http.Request) {
		want := url.Values{"entries_per_page": {"1"}}
		p := r.URL.Query().Get("page")
		if p != "" {
			want.Set("page", p)
		} else {
			p = "1" // the first page asks for none
		}
		checkRequest(t, r, expect{method: "GET", query: want})
		tok := map[string]string{"1": "mOTlo", "2": "Dpkuo"}[p]
		entry := strings.ReplaceAll(shortURLJSON, "mOTlo", tok)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, ok(200, "/shorturls.json", `{"shorturls":{`+strings.Replace(pagination(1, 2, 1, 2), `"current_page":1`, `"current_page":`+p, 1)+`,"count":1,"entries":[`+entry+`]}}`))
	})
	page, err := f.client.ShortURLs.List(context.Background(), &ListOptions{EntriesPerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Entries) != 1 || page.Entries[0].ShortURLToken != "mOTlo" || page.TotalPages != 2 {
		t.Errorf("page = %+v", page)
	}
	var tokens []string
	for su, err := range f.client.ShortURLs.All(context.Background(), &ListOptions{EntriesPerPage: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, su.ShortURLToken)
	}
	if strings.Join(tokens, ",") != "mOTlo,Dpkuo" {
		t.Errorf("All = %q", tokens)
	}

	f = setup(t)
	f.handle("/shorturls.json", expect{method: "GET"}, 200, ok(200, "/shorturls.json", `{"shorturls":{"count":0}}`))
	if page, err := f.client.ShortURLs.List(context.Background(), nil); err != nil || len(page.Entries) != 0 {
		t.Errorf("the empty list: %+v, %v", page, err)
	}
	f = setup(t)
	f.handle("/shorturls.json", expect{method: "GET"}, 200, ok(200, "/shorturls.json", `{}`))
	if _, err := f.client.ShortURLs.List(context.Background(), nil); !errors.Is(err, ErrUnexpectedResponse) {
		t.Errorf("no list: %v, want ErrUnexpectedResponse", err)
	}
	if _, err := f.client.ShortURLs.List(context.Background(), &ListOptions{Page: -1}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("page -1: %v, want ErrInvalidInput", err)
	}
}
