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

	// Every short URL of the site, page by page (ShortURLs.List: one page).
	for s, err := range c.ShortURLs.All(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("listed:", s.OriginalURL, s.NumReferrals.Int())
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
	// listed: https://shop.example/spring?campaign=mail 1
	// deleted: true
}
