package wrapper_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// pushWorld is a fake with one identity per network that Push serves.
func pushWorld(t *testing.T) (*onealltest.Server, *wrapper.Client, map[string]string) {
	t.Helper()
	srv := onealltest.NewServer()
	t.Cleanup(srv.Close)
	ids := map[string]string{}
	for _, p := range []string{"facebook", "linkedin", "pinterest", "twitter", "youtube", "github"} {
		ids[p] = srv.AddIdentity(srv.AddUser(onealltest.User{}), p, api.Identity{})
	}
	return srv, srv.Client(), ids
}

func TestPushTwitterPictureThenTweetAttachesIt(t *testing.T) {
	_, c, ids := pushWorld(t)
	ctx := t.Context()
	pic, err := c.Push.TwitterPicture(ctx, ids["twitter"], wrapper.Picture{URL: "https://www.example.com/a.png", Description: "logo"})
	if err != nil {
		t.Fatal(err)
	}
	if pic.PictureID == "" {
		t.Fatal("no picture_id")
	}
	tw, err := c.Push.TwitterPost(ctx, ids["twitter"], wrapper.Post{Message: "Hello", Attachments: []string{string(pic.PictureID)}})
	if err != nil || tw.ID == "" || tw.ID == pic.PictureID {
		t.Fatalf("tweet %+v, %v", tw, err)
	}
	// A media id the identity never uploaded is refused by OneAll (the fake).
	_, err = c.Push.TwitterPost(ctx, ids["twitter"], wrapper.Post{Message: "Hello", Attachments: []string{"1"}})
	if !errors.Is(err, wrapper.ErrBadRequest) {
		t.Fatalf("unknown attachment: %v, want ErrBadRequest", err)
	}
}

func TestPushEveryNetworkPublishes(t *testing.T) {
	_, c, ids := pushWorld(t)
	ctx := t.Context()
	u := "https://www.example.com/a"
	steps := map[string]func() (*api.PushResult, error){
		"facebook post": func() (*api.PushResult, error) {
			return c.Push.FacebookPost(ctx, ids["facebook"], wrapper.Post{Link: u})
		},
		"facebook picture": func() (*api.PushResult, error) {
			return c.Push.FacebookPicture(ctx, ids["facebook"], wrapper.Picture{URL: u, NoPost: true})
		},
		"facebook video": func() (*api.PushResult, error) {
			return c.Push.FacebookVideo(ctx, ids["facebook"], wrapper.Video{URL: u})
		},
		"linkedin post": func() (*api.PushResult, error) {
			return c.Push.LinkedInPost(ctx, ids["linkedin"], wrapper.LinkPost{Link: u})
		},
		"twitter video": func() (*api.PushResult, error) {
			return c.Push.TwitterVideo(ctx, ids["twitter"], wrapper.Video{URL: u, CallbackURL: "http://127.0.0.1:9/cb"}) // the fake calls back loopback hosts only
		},
		"youtube video": func() (*api.PushResult, error) {
			return c.Push.YouTubeVideo(ctx, ids["youtube"], wrapper.Video{URL: u, Title: "Film"})
		},
	}
	for name, step := range steps {
		res, err := step()
		if err != nil || res.ID == "" {
			t.Errorf("%s: %+v, %v", name, res, err)
		}
	}
}

func TestPushToANetworkTheIdentityIsNotOfIsForbidden(t *testing.T) {
	_, c, ids := pushWorld(t)
	ctx := t.Context()
	_, err := c.Push.TwitterPost(ctx, ids["facebook"], wrapper.Post{Message: "Hello"})
	if !errors.Is(err, wrapper.ErrForbidden) {
		t.Errorf("tweet from a Facebook identity: %v, want ErrForbidden", err)
	}
	_, err = c.Push.FacebookPost(ctx, ids["github"], wrapper.Post{Message: "Hello"})
	if !errors.Is(err, wrapper.ErrForbidden) {
		t.Errorf("post from a GitHub identity: %v, want ErrForbidden", err)
	}
	_, err = c.Push.PinterestPin(ctx, ids["pinterest"], "42", wrapper.Pin{Picture: "https://www.example.com/a.png"})
	if !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("pin on an unknown board: %v, want ErrNotFound", err)
	}
	_, err = c.Push.TwitterPost(ctx, "00000000-0000-4000-8000-000000000000", wrapper.Post{Message: "Hello"})
	if !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("unknown identity: %v, want ErrNotFound", err)
	}
}

// TestPushRefusesBadInputAndSendsNothing: every refusal is ErrInvalidInput
// and no request reaches the server.
func TestPushRefusesBadInputAndSendsNothing(t *testing.T) {
	var hits atomic.Int32
	srv := http.NewServeMux()
	srv.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	c := newLoopbackClient(t, srv)
	ctx := context.Background()
	tok := "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"
	long := strings.Repeat("x", wrapper.MaxPushBody)
	cases := map[string]func() error{
		"bad token":     func() error { _, err := c.Push.TwitterPost(ctx, "../users", wrapper.Post{Message: "x"}); return err },
		"empty tweet":   func() error { _, err := c.Push.TwitterPost(ctx, tok, wrapper.Post{Message: "  "}); return err },
		"empty fb post": func() error { _, err := c.Push.FacebookPost(ctx, tok, wrapper.Post{}); return err },
		"relative link": func() error {
			_, err := c.Push.FacebookPost(ctx, tok, wrapper.Post{Message: "x", Link: "/a"})
			return err
		},
		"no picture url": func() error { _, err := c.Push.FacebookPicture(ctx, tok, wrapper.Picture{}); return err },
		"file url": func() error {
			_, err := c.Push.TwitterPicture(ctx, tok, wrapper.Picture{URL: "file:///etc/passwd"})
			return err
		},
		"no youtube title": func() error {
			_, err := c.Push.YouTubeVideo(ctx, tok, wrapper.Video{URL: "https://x.example/v"})
			return err
		},
		"bad callback": func() error {
			_, err := c.Push.TwitterVideo(ctx, tok, wrapper.Video{URL: "https://x.example/v", CallbackURL: "javascript:x"})
			return err
		},
		"no linkedin link": func() error { _, err := c.Push.LinkedInPost(ctx, tok, wrapper.LinkPost{Message: "x"}); return err },
		"page id path": func() error {
			_, err := c.Push.FacebookPagePost(ctx, tok, "1/../2", wrapper.Post{Message: "x"})
			return err
		},
		"empty company": func() error {
			_, err := c.Push.LinkedInCompanyPost(ctx, tok, "", wrapper.LinkPost{Link: "https://x.example/"})
			return err
		},
		"no pin picture": func() error { _, err := c.Push.PinterestPin(ctx, tok, "1", wrapper.Pin{}); return err },
		"too large":      func() error { _, err := c.Push.TwitterPost(ctx, tok, wrapper.Post{Message: long}); return err },
	}
	for name, f := range cases {
		if err := f(); !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", name, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestPushNeverLogsTheMessageOrKeys: a push logged at DEBUG names the
// operation, not what was published nor the keys.
func TestPushNeverLogsTheMessageOrKeys(t *testing.T) {
	srv, _, ids := pushWorld(t)
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := srv.Client(wrapper.WithLogger(logger))
	_, err := c.Push.TwitterPost(t.Context(), ids["twitter"], wrapper.Post{Message: "secret-message-text"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"secret-message-text", srv.PrivateKey} {
		if strings.Contains(buf.String(), s) {
			t.Errorf("the log holds %q:\n%s", s, buf.String())
		}
	}
}

// newLoopbackClient is a client of a loopback server that serves h.
func newLoopbackClient(t *testing.T, h http.Handler) *wrapper.Client {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	c, err := wrapper.New("", "public", "private", wrapper.WithBaseURL(ts.URL))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPushIsSentOnceAndPullIsRetried: a 503 after a push may follow a
// publication, so the push is not sent again; a Pull read is.
func TestPushIsSentOnceAndPullIsRetried(t *testing.T) {
	var hits atomic.Int32
	c := newLoopbackClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"response":{"request":{"status":{"flag":"error","code":503,"info":"The API is overloaded with requests"}}}}`))
	}))
	tok := "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"
	fast := wrapper.WithBackoff(time.Millisecond, time.Millisecond)
	if _, err := c.Push.TwitterPost(t.Context(), tok, wrapper.Post{Message: "once"}, fast); !errors.Is(err, wrapper.ErrServer) {
		t.Fatalf("push: %v, want ErrServer", err)
	}
	if n := hits.Swap(0); n != 1 {
		t.Errorf("the push was sent %d times, want 1", n)
	}
	if _, err := c.Pull.PinterestBoards(t.Context(), tok, fast); !errors.Is(err, wrapper.ErrServer) {
		t.Fatalf("pull: %v, want ErrServer", err)
	}
	if n := hits.Load(); n < 2 {
		t.Errorf("the pull was sent %d times, want retries", n)
	}
}

// TestPushVideoKeepsTheCallbackSecretOut: a video's CallbackURL carries the
// secret that authenticates OneAll's callback (callbacks.VideoCallbackURL
// puts it in the query). Printing or logging a Video, and the error about a
// callback URL that is refused, must not show it.
func TestPushVideoKeepsTheCallbackSecretOut(t *testing.T) {
	const secret = "VIDEO-S3CRET-0123456789abcdef"
	v := wrapper.Video{URL: "https://a.example/film.mp4", Title: "Our film", CallbackURL: "https://a.example/cb?oneall_callback_secret=" + secret}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("push", "video", v, "ptr", &v)
	for name, s := range map[string]string{
		"%v": fmt.Sprintf("%v", v), "%+v": fmt.Sprintf("%+v", v), "%#v": fmt.Sprintf("%#v", v),
		"%v of a pointer": fmt.Sprintf("%v", &v), "slog": buf.String(),
	} {
		if strings.Contains(s, secret[:12]) {
			t.Errorf("%s shows the secret: %s", name, s)
		}
		if !strings.Contains(s, "a.example/cb") {
			t.Errorf("%s does not name the callback: %s", name, s)
		}
	}

	c := newLoopbackClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Error("a request was sent") }))
	bad := v
	bad.CallbackURL = "ftp://a.example/cb?oneall_callback_secret=" + secret
	tok := "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"
	for name, f := range map[string]func() error{
		"twitter": func() error { _, err := c.Push.TwitterVideo(t.Context(), tok, bad); return err },
		"youtube": func() error { _, err := c.Push.YouTubeVideo(t.Context(), tok, bad); return err },
	} {
		err := f()
		if !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", name, err)
		} else if strings.Contains(err.Error(), secret[:8]) {
			t.Errorf("%s: the error shows the secret: %v", name, err)
		}
	}
}

// TestPushWithoutResultIsNoError: OneAll never published a Push answer; its
// examples take a 200 as success. A 200 without result.data is a published
// post, so it is no error (an error invites publishing it again): the result
// is then empty.
func TestPushWithoutResultIsNoError(t *testing.T) {
	var hits atomic.Int32
	c := newLoopbackClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(`{"response":{"request":{"date":"Tue, 02 May 2017 15:27:08 +0200","resource":"` + r.URL.Path + `",` +
			`"status":{"flag":"success","code":200,"info":"Your request has been processed successfully"}}}}`))
	}))
	tok := "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"
	res, err := c.Push.TwitterPost(t.Context(), tok, wrapper.Post{Message: "Hello"})
	if err != nil || res == nil || res.ID != "" || res.PictureID != "" {
		t.Fatalf("TwitterPost: %+v, %v; want an empty result and no error", res, err)
	}
	pic, err := c.Push.FacebookPicture(t.Context(), tok, wrapper.Picture{URL: "https://a.example/p.png"})
	if err != nil || pic == nil {
		t.Fatalf("FacebookPicture: %+v, %v; want an empty result and no error", pic, err)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}
