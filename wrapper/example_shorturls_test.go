package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// A short URL counts the clicks on it. The fake serves its short links on
// its own address (<srv.URL>/s/<token>), so following one counts a referral
// as OneAll's http://oal.lu/<token> does.
func ExampleShortURLsService() {
	srv := onealltest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	su, err := c.ShortURLs.Create(ctx, "https://shop.example/spring?campaign=mail")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("shortens:", su.OriginalURL)

	// A reader clicks the link on a blog. The redirect leads off this
	// machine, so it is not followed.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, su.ShortURL, nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Referer", "https://blog.example/spring-sale")
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println("click:", resp.StatusCode, resp.Header.Get("Location"))

	// Get returns the short URL with its latest referrals; AllReferrals
	// iterates over all of them.
	got, err := c.ShortURLs.Get(ctx, su.ShortURLToken, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("referrals:", got.NumReferrals.Int())
	for ref, err := range c.ShortURLs.AllReferrals(ctx, su.ShortURLToken, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("from:", ref.Page)
	}

	if err := c.ShortURLs.Delete(ctx, su.ShortURLToken); err != nil {
		log.Fatal(err)
	}
	_, err = c.ShortURLs.Get(ctx, su.ShortURLToken, nil)
	fmt.Println("deleted:", errors.Is(err, wrapper.ErrNotFound))
	// Output:
	// shortens: https://shop.example/spring?campaign=mail
	// click: 302 https://shop.example/spring?campaign=mail
	// referrals: 1
	// from: https://blog.example/spring-sale
	// deleted: true
}

// List returns one page of the site's short URLs; All iterates over all of
// them, page by page.
func ExampleShortURLsService_All() {
	srv := onealltest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	for _, u := range []string{"https://shop.example/spring", "https://shop.example/summer", "https://shop.example/autumn"} {
		if _, err := c.ShortURLs.Create(ctx, u); err != nil {
			log.Fatal(err)
		}
	}

	page, err := c.ShortURLs.List(ctx, &wrapper.ListOptions{EntriesPerPage: 2})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("page %d of %d: %d of %d short URLs\n", page.CurrentPage, page.TotalPages, len(page.Entries), page.TotalEntries)

	for su, err := range c.ShortURLs.All(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(su.OriginalURL, "clicks:", su.NumReferrals.Int())
	}
	// Output:
	// page 1 of 2: 2 of 3 short URLs
	// https://shop.example/spring clicks: 0
	// https://shop.example/summer clicks: 0
	// https://shop.example/autumn clicks: 0
}
