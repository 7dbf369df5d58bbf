package onealltest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"

	"github.com/oneall-go/oneall-go/login"
	"github.com/oneall-go/oneall-go/onealltest"
)

// A social login over HTTP, as a browser makes it, with an http.Client: the
// site's callback (package login) runs on a loopback port, and the fake
// plays OneAll and the social network.
func ExampleDirectConnect() {
	srv := onealltest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	cb, err := login.New(c, login.WithoutState()) // for brevity only: a real site uses login.WithState(key, 0)
	if err != nil {
		log.Fatal(err)
	}
	site := httptest.NewServer(cb.Handler(func(w http.ResponseWriter, r *http.Request, res *login.Result) {
		fmt.Println("callback:", res.Outcome, res.Profile.Provider, res.Profile.Name)
	}, nil))
	defer site.Close()

	// The "Log in with Google" link of the site's page.
	to, err := login.LoginURL(c, "google", site.URL+"/oneall/callback")
	if err != nil {
		log.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	// GET the consent screen, pick a new person, read the page that posts
	// the connection_token...
	post, err := onealltest.DirectConnect(ctx, browser, to, onealltest.NewPerson)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("posts:", post.Form.Get("oa_action"), "to", post.URL == site.URL+"/oneall/callback")
	// ...and post it to the callback, as the page's script does.
	resp, err := post.Send(ctx, browser)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println("status:", resp.StatusCode)
	// Output:
	// posts: social_login to true
	// callback: login google Grace Hansen
	// status: 200
}
