package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// Push publishes on an identity's own network; Pull reads back what it has
// there. A push to a network the identity is not of is OneAll's 403.
func ExamplePushService() {
	srv := onealltest.NewServer()
	defer srv.Close()
	ada := srv.AddUser(onealltest.User{})
	twitter := srv.AddIdentity(ada, "twitter", api.Identity{PreferredUsername: "ada"})
	facebook := srv.AddIdentity(ada, "facebook", api.Identity{})
	c := srv.Client()
	ctx := context.Background()

	// A tweet with a picture: OneAll downloads the picture from its URL.
	pic, err := c.Push.TwitterPicture(ctx, twitter, wrapper.Picture{URL: "https://shop.example/spring.png"})
	if err != nil {
		log.Fatal(err)
	}
	tweet, err := c.Push.TwitterPost(ctx, twitter, wrapper.Post{Message: "Spring is here", Attachments: []string{string(pic.PictureID)}})
	if err != nil {
		log.Fatal(err)
	}
	tweets, err := c.Pull.TwitterTweets(ctx, twitter, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range tweets.Entries {
		fmt.Printf("tweet %q, the one pushed: %v\n", t.Message, t.ID == tweet.ID)
	}

	// A post on a Facebook page the identity manages.
	pages, err := c.Pull.FacebookPages(ctx, facebook, nil)
	if err != nil || len(pages.Entries) == 0 {
		log.Fatal("no Facebook page: ", err)
	}
	pageID := string(pages.Entries[0].ID)
	if _, err := c.Push.FacebookPagePost(ctx, facebook, pageID, wrapper.Post{Message: "Open on Sunday"}); err != nil {
		log.Fatal(err)
	}
	posts, err := c.Pull.FacebookPagePosts(ctx, facebook, pageID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("page posts:", len(posts.Entries), posts.Entries[0].Message)

	_, err = c.Push.FacebookPost(ctx, twitter, wrapper.Post{Message: "wrong network"})
	fmt.Println("forbidden:", errors.Is(err, wrapper.ErrForbidden))
	// Output:
	// tweet "Spring is here", the one pushed: true
	// page posts: 1 Open on Sunday
	// forbidden: true
}

// The tweets search finds the site's tweets by text, hashtag or @mention,
// newest first.
func ExampleSearchService_TwitterTweets() {
	srv := onealltest.NewServer()
	defer srv.Close()
	twitter := srv.AddIdentity(srv.AddUser(onealltest.User{}), "twitter", api.Identity{PreferredUsername: "ada"})
	c := srv.Client()
	ctx := context.Background()

	for _, m := range []string{"Spring sale #shop", "Closed on Monday", "Summer sale #shop"} {
		if _, err := c.Push.TwitterPost(ctx, twitter, wrapper.Post{Message: m}); err != nil {
			log.Fatal(err)
		}
	}
	found, err := c.Search.TwitterTweets(ctx, "#shop", &wrapper.TweetSearchOptions{ResultType: "recent"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("found:", found.Count.Int())
	for _, t := range found.Entries {
		fmt.Println(t.Text)
	}
	// Output:
	// found: 2
	// Summer sale #shop
	// Spring sale #shop
}
