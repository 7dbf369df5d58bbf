package wrapper_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// Publish a message on a user's networks: each identity of each provider
// gets a publication with its own status, and Partial says some failed
// (here: the user has no LinkedIn identity).
func ExampleSharingService_Publish() {
	srv := onealltest.NewServer()
	defer srv.Close()
	ada := srv.AddUser(onealltest.User{})
	srv.AddIdentity(ada, "facebook", api.Identity{})
	srv.AddIdentity(ada, "twitter", api.Identity{})
	c := srv.Client()
	ctx := context.Background()

	res, err := c.Sharing.Publish(ctx, wrapper.ForUser(ada, "facebook", "twitter", "linkedin"), wrapper.Message{
		Text:     "Our spring sale starts today",
		Link:     &wrapper.Link{URL: "https://shop.example/sale", Name: "Spring sale"},
		Tracking: true, // the link becomes a short URL whose clicks are counted
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("partial:", res.Partial)
	for _, p := range res.Message.Publications.Entries {
		fmt.Println(p.Provider, p.Status.Code.Int(), "tracked links:", len(p.Shorturls.Entries))
	}

	// Read it back.
	m, err := c.Sharing.GetMessage(ctx, res.Message.SharingMessageToken)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q %s, %d publications\n", m.Parts.Text.Body, m.Parts.Link.URL, len(m.Publications.Entries))
	// Output:
	// partial: true
	// facebook 200 tracked links: 1
	// twitter 200 tracked links: 1
	// linkedin 404 tracked links: 0
	// "Our spring sale starts today" https://shop.example/sale, 3 publications
}

// The pages of the site that were shared, with how often and where.
func ExampleSharingService_ListPages() {
	srv := onealltest.NewServer() // the fake has three shared pages
	defer srv.Close()
	c := srv.Client()

	pages, err := c.Sharing.ListPages(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range pages.Entries {
		fmt.Println(p.URL, p.NumTimesShared.Int())
		for _, t := range p.Targets {
			fmt.Println("  ", t.Key, t.NumTimesShared.Int())
		}
	}
	// Output:
	// https://www.example.com/ 5
	//    twitter 2
	//    facebook 3
	// https://shop.example/sale 2
	//    facebook 1
	//    linkedin 1
	// http://blog.example/post/1 1
	//    twitter 1
}

// A snapshot counts the clicks on a message's tracked links. Without a
// pingback URI (see package callbacks for one), poll it with Get.
func ExampleSharingAnalyticsService_Initiate() {
	srv := onealltest.NewServer()
	defer srv.Close()
	ada := srv.AddUser(onealltest.User{})
	srv.AddIdentity(ada, "twitter", api.Identity{})
	c := srv.Client()
	ctx := context.Background()

	res, err := c.Sharing.Publish(ctx, wrapper.ForUser(ada, "twitter"), wrapper.Message{
		Text: "New shop", Link: &wrapper.Link{URL: "https://shop.example/"}, Tracking: true})
	if err != nil {
		log.Fatal(err)
	}
	msg := res.Message.SharingMessageToken
	snap, err := c.SharingAnalytics.Initiate(ctx, msg, "")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(snap.Snapshot.Status, "already pending:", snap.AlreadyPending)
	again, err := c.SharingAnalytics.Initiate(ctx, msg, "") // one at a time per message
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("already pending:", again.AlreadyPending)

	srv.Advance(2 * time.Minute) // OneAll takes its time; the fake's clock moves on demand
	done, err := c.SharingAnalytics.Get(ctx, snap.Snapshot.SharingAnalyticsSnapshotToken)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(done.Status)
	for _, ps := range done.PublicationSnapshots.Entries {
		for _, u := range ps.PublicationSnapshot.Urls.Entries {
			fmt.Println(ps.Publication.Provider, u.Target, u.NumReferrals.Int())
		}
	}
	// Output:
	// scheduled already pending: false
	// already pending: true
	// processed
	// twitter https://shop.example/ 0
}
