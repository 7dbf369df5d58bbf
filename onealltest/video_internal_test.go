package onealltest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// TestVideoCallbacksThatFailOrHang: a callback endpoint that answers 500,
// hangs, or does not listen neither blocks nor crashes the fake. The fake
// serves other requests (reads and writes) while a delivery is under way,
// gives up on an endpoint that hangs after the delivery's timeout, and
// retries nothing.
func TestVideoCallbacksThatFailOrHang(t *testing.T) {
	srv := New(t)
	c := srv.Client()
	ctx := t.Context()
	tw := srv.AddIdentity(srv.AddUser(User{}), "twitter", api.Identity{})
	push := func(callback string) {
		t.Helper()
		if _, err := c.Push.TwitterVideo(ctx, tw, wrapper.Video{URL: "https://videos.example/a.mp4", CallbackURL: callback}); err != nil {
			t.Fatal(err)
		}
	}

	// An endpoint that, while the fake waits for its answer, uses the fake
	// (a write and a read), then answers 500. A fake that held its lock
	// while delivering would make these calls wait for ever: the context
	// bounds them, so that the test fails instead of hanging.
	srv.testPingbackTimeout.Store(int64(time.Hour))
	var failed atomic.Int32
	during := make(chan error, 1)
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		failed.Add(1)
		live, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, err := c.Push.TwitterPost(live, tw, wrapper.Post{Message: "during a delivery"})
		if err == nil {
			_, err = c.Pull.TwitterTweets(live, tw, nil)
		}
		during <- err
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	defer failing.Close()
	push(failing.URL + "/cb")
	srv.Advance(videoDelay)
	if failed.Load() != 1 {
		t.Fatalf("the failing endpoint was called %d times, want 1", failed.Load())
	}
	if err := <-during; err != nil {
		t.Fatalf("the fake, during a delivery: %v", err)
	}

	// An endpoint that never answers: the fake gives up after its timeout
	// (shortened here) and goes on with the next delivery, to a port
	// nobody listens on.
	srv.testPingbackTimeout.Store(int64(50 * time.Millisecond))
	var gaveUp atomic.Bool
	hanging := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // then net/http sees the client go
		<-r.Context().Done()               // the fake closed the connection
		gaveUp.Store(true)
	}))
	defer hanging.Close()
	push(hanging.URL + "/cb")
	push("http://127.0.0.1:9/cb")
	srv.Advance(videoDelay)
	hanging.Close() // waits for its handler
	if !gaveUp.Load() {
		t.Error("the fake did not give up on the endpoint that hangs")
	}
	srv.Advance(time.Hour)
	if _, err := c.Pull.TwitterTweets(ctx, tw, nil); err != nil || failed.Load() != 1 {
		t.Errorf("after the failures: %v; the failing endpoint called %d times, want 1 (no retry)", err, failed.Load())
	}
}

// TestVideoCallbackOfADeletedIdentity: a video whose identity is deleted
// before it is processed is called back as the 404 a push for that identity
// gets, with the video's id.
func TestVideoCallbackOfADeletedIdentity(t *testing.T) {
	srv := New(t)
	c := srv.Client()
	ctx := t.Context()
	yt := srv.AddIdentity(srv.AddUser(User{}), "youtube", api.Identity{})
	bodies := make(chan []byte, 2)
	site := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies <- b
	}))
	defer site.Close()
	res, err := c.Push.YouTubeVideo(ctx, yt, wrapper.Video{URL: "https://videos.example/a.mp4", Title: "Film", CallbackURL: site.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Identities.Delete(ctx, yt); err != nil {
		t.Fatal(err)
	}
	srv.Advance(videoDelay)
	if len(bodies) != 1 {
		t.Fatalf("%d callbacks, want 1", len(bodies))
	}
	want := `"status":{"code":404,"flag":"error","info":"` + infoNoIdentity + `"}},"result":{"data":{"push":{"id":"` + string(res.ID) + `"}}}}}`
	if got := string(<-bodies); !strings.HasSuffix(got, want) {
		t.Errorf("callback %s\nwant it to end with %s", got, want)
	}
}

// TestCloseDoesNotWaitForAHangingCallback: Close, while a request of the
// fake delivers a video callback to an endpoint that never answers, ends
// the delivery instead of waiting for its timeout (an hour here: the five
// seconds of each of many queued callbacks add up the same way), and so
// does Advance.
func TestCloseDoesNotWaitForAHangingCallback(t *testing.T) {
	for _, by := range []string{"request", "Advance"} {
		t.Run(by, func(t *testing.T) {
			srv := New(t)
			c := srv.Client()
			tw := srv.AddIdentity(srv.AddUser(User{}), "twitter", api.Identity{})
			srv.testPingbackTimeout.Store(int64(time.Hour))
			arrived, release := make(chan struct{}, 1), make(chan struct{})
			hanging := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				arrived <- struct{}{}
				select {
				case <-r.Context().Done(): // the fake gave up
				case <-release: // the test gave up
				}
			}))
			defer hanging.Close()
			defer close(release)
			if _, err := c.Push.TwitterVideo(t.Context(), tw, wrapper.Video{URL: "https://videos.example/a.mp4", CallbackURL: hanging.URL + "/cb"}); err != nil {
				t.Fatal(err)
			}
			srv.Advance(videoDelay - time.Minute) // not due yet
			delivered := make(chan struct{})
			go func() {
				defer close(delivered)
				if by == "Advance" {
					srv.Advance(time.Minute) // due: delivered before Advance returns
					return
				}
				srv.ticks.Add(1)                                           // due at the next request,
				_, _ = c.Pull.TwitterTweets(context.Background(), tw, nil) // which delivers it
			}()
			<-arrived
			closed := make(chan struct{})
			go func() { srv.Close(); close(closed) }()
			for _, ch := range []chan struct{}{closed, delivered} {
				select {
				case <-ch:
				case <-time.After(30 * time.Second): // a guard against hanging, not a speed check
					t.Fatal("Close left a callback delivery that hangs going on, or waited for it")
				}
			}
		})
	}
}
