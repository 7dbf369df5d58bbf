package login_test

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/oneall-go/oneall-go/login"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// A site with "Log in with Google", on the fake OneAll: the login route
// sends the browser to Direct Connect with a signed state, the callback
// greets whoever came back. The fake plays the person and OneAll.
func Example() {
	srv := onealltest.NewServer()
	defer srv.Close()
	client := srv.Client()
	key := []byte("a 32-byte secret from your config") // at least 32 random bytes in real life
	cb, err := login.New(client, login.WithState(key, 0))
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	app := httptest.NewServer(mux)
	defer app.Close()
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		callback, err := cb.CallbackURL(w, r, app.URL+"/oneall/callback")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		to, err := login.LoginURL(client, "google", callback)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
	})
	// Exempt this route from CSRF middleware: OneAll's POST is cross-site.
	mux.Handle("POST /oneall/callback", cb.Handler(func(w http.ResponseWriter, r *http.Request, res *login.Result) {
		// Log the person in with your own session here (res.UserToken).
		fmt.Fprintf(w, "%s with %s, email verified: %v", res.Outcome, res.Profile.ProviderName, res.Profile.EmailVerified)
	}, nil))

	// The browser asks to log in and is sent to OneAll...
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(app.URL + "/login")
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	directConnect, _ := url.Parse(resp.Header.Get("Location"))
	callback := directConnect.Query().Get("callback_uri")

	// ...where the person logs in; OneAll posts the token to the callback.
	token, err := srv.Connect(onealltest.ConnectRequest{Provider: "google", CallbackURI: callback})
	if err != nil {
		log.Fatal(err)
	}
	form := url.Values{"oa_action": {"social_login"}, "connection_token": {token}}
	resp, err = browser.Post(callback, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(page))

	// The same token again, from a browser without the state's cookie.
	resp, err = http.Post(callback, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	// Output:
	// 200 login with Google, email verified: true
	// 403
}

func ExampleLoginURL() {
	client, err := wrapper.New("mysite", "public-key", "private-key")
	if err != nil {
		log.Fatal(err)
	}
	to, err := login.LoginURL(client, "facebook", "https://shop.example/oneall/callback")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(to)
	fmt.Println(login.LibraryURL(client))
	// Output:
	// https://mysite.api.oneall.com/socialize/connect/direct/facebook/?callback_uri=https%3A%2F%2Fshop.example%2Foneall%2Fcallback&service=social_login
	// https://mysite.api.oneall.com/socialize/library.js
}
