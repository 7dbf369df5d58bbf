package callbacks_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/callbacks"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// A snapshot of a tracked message, with a pingback: OneAll POSTs the
// pingback URI when the snapshot is processed, and Snapshots reads the
// snapshot back with the site's keys before handing it over. Here the fake
// plays OneAll and a loopback server plays the site.
func ExampleSnapshots() {
	srv := onealltest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	// The site's pingback endpoint.
	got := make(chan *api.SharingAnalyticsSnapshot, 1)
	mux := http.NewServeMux()
	mux.Handle("POST /oneall/pingback", callbacks.Snapshots(c, func(w http.ResponseWriter, r *http.Request, snap *api.SharingAnalyticsSnapshot) {
		got <- snap // a real site would store it
	}, nil))
	site := httptest.NewServer(mux)
	defer site.Close()

	// A tracked message, and one click on its short link.
	ada := srv.AddUser(onealltest.User{})
	srv.AddIdentity(ada, "twitter", api.Identity{})
	res, err := c.Sharing.Publish(ctx, wrapper.ForUser(ada, "twitter"), wrapper.Message{
		Text: "New shop", Link: &wrapper.Link{URL: "https://shop.example/"}, Tracking: true})
	if err != nil {
		log.Fatal(err)
	}
	click(res.Message.Publications.Entries[0].Shorturls.Entries[0].ShortURL)

	init, err := c.SharingAnalytics.Initiate(ctx, res.Message.SharingMessageToken, site.URL+"/oneall/pingback")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("snapshot:", init.Snapshot.Status)

	srv.Advance(2 * time.Minute) // the fake processes the snapshot and POSTs the pingback
	select {
	case snap := <-got:
		fmt.Println("pingback:", snap.Status)
		for _, ps := range snap.PublicationSnapshots.Entries {
			for _, u := range ps.PublicationSnapshot.Urls.Entries {
				fmt.Println(ps.Publication.Provider, u.Target, "clicks:", u.NumReferrals.Int())
			}
		}
	default:
		fmt.Println("no pingback")
	}
	// Output:
	// snapshot: scheduled
	// pingback: processed
	// twitter https://shop.example/ clicks: 1
}

// click follows a short link as a browser would, without following its
// redirect off this machine.
func click(link string) {
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(link)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
}

// A Twitter or YouTube video is processed after the push answers: OneAll
// POSTs the result to the video's callback_url. VideoCallbackURL puts a
// secret in that URL, and Videos serves it, refusing any request without
// the secret. Here the fake plays OneAll and a loopback server the site.
func ExampleVideos() {
	srv := onealltest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	secret := rand.Text() // keep it in the site's configuration
	got := make(chan *callbacks.VideoResult, 1)
	site := httptest.NewServer(callbacks.Videos(secret, func(w http.ResponseWriter, r *http.Request, v *callbacks.VideoResult) {
		got <- v
	}, nil))
	defer site.Close()
	cb, err := callbacks.VideoCallbackURL(site.URL+"/oneall/video", secret)
	if err != nil {
		log.Fatal(err)
	}

	twitter := srv.AddIdentity(srv.AddUser(onealltest.User{}), "twitter", api.Identity{})
	pushed, err := c.Push.TwitterVideo(ctx, twitter, wrapper.Video{URL: "https://shop.example/film.mp4", CallbackURL: cb})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("pushed:", pushed.Status)

	srv.Advance(2 * time.Minute) // the fake processes the video and POSTs the result
	select {
	case v := <-got:
		fmt.Println("published:", v.Published(), "the video pushed:", v.Push.ID == pushed.ID)
	default:
		fmt.Println("no callback")
	}
	// Output:
	// pushed: queued
	// published: true the video pushed: true
}
