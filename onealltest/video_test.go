package onealltest_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/callbacks"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

const videoSecret = "video-secret-0f1e2d3c4b5a69788796a5b4"

// videoSite is an application's video callback_url on a loopback port, served
// by callbacks.Videos: it keeps what OneAll (the fake) posted.
type videoSite struct {
	url string // the callback_url, secret included
	mu  sync.Mutex
	got []*callbacks.VideoResult
	bad []error
}

func newVideoSite(t *testing.T) *videoSite {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	vs := &videoSite{}
	h := callbacks.Videos(videoSecret, func(_ http.ResponseWriter, _ *http.Request, v *callbacks.VideoResult) {
		vs.mu.Lock()
		defer vs.mu.Unlock()
		vs.got = append(vs.got, v)
	}, func(w http.ResponseWriter, _ *http.Request, err error) {
		vs.mu.Lock()
		vs.bad = append(vs.bad, err)
		vs.mu.Unlock()
		http.Error(w, "invalid video callback", http.StatusBadRequest)
	})
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })
	if vs.url, err = callbacks.VideoCallbackURL("http://"+ln.Addr().String()+"/oneall/video", videoSecret); err != nil {
		t.Fatal(err)
	}
	return vs
}

// take returns and forgets what the site received so far.
func (vs *videoSite) take(t *testing.T) []*callbacks.VideoResult {
	t.Helper()
	vs.mu.Lock()
	defer vs.mu.Unlock()
	for _, err := range vs.bad {
		t.Errorf("the site refused a callback: %v", err)
	}
	got := vs.got
	vs.got, vs.bad = nil, nil
	return got
}

// TestVideoCallbackEndToEnd: a video pushed with a callback_url made by
// callbacks.VideoCallbackURL is queued, then processed when the fake's clock
// has moved two minutes, and its result reaches callbacks.Videos as a
// published video with the push's id, once. The secret of the callback_url
// shows neither in Pull's answer nor in any log.
func TestVideoCallbackEndToEnd(t *testing.T) {
	srv := onealltest.New(t)
	var logs bytes.Buffer
	var lmu sync.Mutex
	c := srv.Client(wrapper.WithLogger(slog.New(slog.NewTextHandler(lockedWriter{&lmu, &logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	ctx := t.Context()
	user := srv.AddUser(onealltest.User{})
	tw := srv.AddIdentity(user, "twitter", api.Identity{})
	yt := srv.AddIdentity(user, "youtube", api.Identity{})
	site := newVideoSite(t)

	tweet, err := c.Push.TwitterVideo(ctx, tw, wrapper.Video{URL: "https://videos.example/a.mp4", CallbackURL: site.url})
	if err != nil || tweet.Status != "queued" || tweet.ID == "" {
		t.Fatalf("twitter video: %+v, %v", tweet, err)
	}
	// A minute later (one change: the clock's step), the video is still
	// queued: a Pull, which processes what is due, sends nothing.
	srv.Advance(time.Minute)
	if _, err := c.Pull.TwitterTweets(ctx, tw, nil); err != nil {
		t.Fatal(err)
	}
	if got := site.take(t); len(got) != 0 {
		t.Fatalf("called back before the video was processed: %+v", got)
	}
	film, err := c.Push.YouTubeVideo(ctx, yt, wrapper.Video{URL: "https://videos.example/b.mp4", Title: "Film", CallbackURL: site.url})
	if err != nil || film.Status != "queued" {
		t.Fatalf("youtube video: %+v, %v", film, err)
	}
	if _, err := c.Push.YouTubeVideo(ctx, yt, wrapper.Video{URL: "https://videos.example/c.mp4", Title: "No callback"}); err != nil {
		t.Fatal(err)
	}
	srv.Advance(2 * time.Minute)
	got := site.take(t)
	if len(got) != 2 {
		t.Fatalf("%d callbacks, want 2 (one per video with a callback_url)", len(got))
	}
	for i, want := range []*api.PushResult{tweet, film} {
		if v := got[i]; !v.Published() || v.Push.ID != want.ID || v.Push.Status != "published" {
			t.Errorf("callback %d: %+v, want video %s published", i, v, want.ID)
		}
	}
	srv.Advance(10 * time.Minute)
	if again := site.take(t); len(again) != 0 {
		t.Errorf("called back twice: %+v", again)
	}

	// Pull lists the video under the id the push answered and the callback
	// carried, without the callback_url.
	tweets, err := c.Pull.TwitterTweets(ctx, tw, nil)
	if err != nil || len(tweets.Entries) != 1 || tweets.Entries[0].ID != tweet.ID {
		t.Fatalf("tweets: %+v, %v", tweets, err)
	}
	pulled := do(t, srv, "GET", "/pull/identities/"+yt+"/youtube/videos.json", "")
	lmu.Lock()
	defer lmu.Unlock()
	for where, text := range map[string]string{
		"Pull's answer":      string(pulled.body) + fmt.Sprintf("%+v", tweets),
		"the client's log":   logs.String(),
		"the server's log":   fmt.Sprintf("%+v", srv.Requests()),
		"the pushes' answer": fmt.Sprintf("%+v %+v", tweet, film),
	} {
		if strings.Contains(text, videoSecret) {
			t.Errorf("%s holds the callback secret: %s", where, text)
		}
	}
	if !strings.Contains(logs.String(), "video.json") {
		t.Error("the client logged nothing: the log check checks nothing")
	}
}

// lockedWriter serializes writes to a buffer the test reads.
type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestVideoCallbackURLMustBeLoopback: the fake refuses a callback_url it
// would not deliver to (any host but a loopback one) with a 400 that says
// so, and publishes nothing; localhost and ::1 are accepted.
func TestVideoCallbackURLMustBeLoopback(t *testing.T) {
	srv := onealltest.New(t)
	c := srv.Client()
	ctx := t.Context()
	user := srv.AddUser(onealltest.User{})
	tw := srv.AddIdentity(user, "twitter", api.Identity{})
	yt := srv.AddIdentity(user, "youtube", api.Identity{})
	before := srv.Stats().Changes
	listed, err := c.Pull.YouTubeVideos(ctx, yt) // its seeded videos
	if err != nil {
		t.Fatal(err)
	}
	for _, cb := range []string{"https://www.example.com/oneall/video", "http://10.0.0.1/cb", "http://127.0.0.1.nip.io/cb", "ftp://127.0.0.1/cb"} {
		_, err := c.Push.YouTubeVideo(ctx, yt, wrapper.Video{URL: "https://videos.example/a.mp4", Title: "Film", CallbackURL: cb})
		if !errors.Is(err, wrapper.ErrBadRequest) && !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("callback_url %s: %v, want a 400", cb, err)
		}
	}
	r := do(t, srv, "POST", "/push/identities/"+tw+"/twitter/video.json",
		`{"request":{"push":{"video":{"video_url":"https://videos.example/a.mp4","callback_url":"https://www.example.com/cb"}}}}`, jsonType)
	wantStatus(t, r, http.StatusBadRequest, "loopback")
	wantStatus(t, r, http.StatusBadRequest, "request->push->video->callback_url")
	r = do(t, srv, "POST", "/push/identities/"+tw+"/twitter/video.json",
		`{"request":{"push":{"video":{"video_url":"https://videos.example/a.mp4","callback_url":7}}}}`, jsonType)
	wantStatus(t, r, http.StatusBadRequest, "callback_url")
	if after := srv.Stats().Changes; after != before {
		t.Errorf("a refused push changed the state: %d changes, want %d", after, before)
	}
	if v, err := c.Pull.YouTubeVideos(ctx, yt); err != nil || len(v.Entries) != len(listed.Entries) {
		t.Errorf("a refused video is listed: %+v, %v", v, err)
	}
	for _, cb := range []string{"http://localhost:9/cb", "http://[::1]:9/cb", "http://127.0.0.1:9/cb"} {
		if _, err := c.Push.TwitterVideo(ctx, tw, wrapper.Video{URL: "https://videos.example/a.mp4", CallbackURL: cb}); err != nil {
			t.Errorf("callback_url %s: %v", cb, err)
		}
	}
	srv.Advance(2 * time.Minute) // nobody listens on port 9: the callbacks are dropped
}
