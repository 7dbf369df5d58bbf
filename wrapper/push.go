package wrapper

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/oneall-go/oneall-go/api"
)

// PushService publishes on a social network on behalf of one identity:
// posts, pictures, videos and pins (OneAll's Push API). The identity must be
// of the network the method names and must have allowed publishing;
// otherwise OneAll refuses with 403 (errors.Is(err, ErrForbidden)).
//
// Nothing is uploaded from your process: pictures and videos are URLs that
// OneAll downloads (a Facebook picture is at most 5 MB, as OneAll documents).
// A request body is at most MaxPushBody bytes.
//
// Every Push call is sent once: it is never retried after it may have
// reached OneAll, since a second one would publish twice. OneAll never
// published a Push answer: a success without one gives an empty
// api.PushResult (no PictureID, no ID), not an error.
type PushService struct{ c *Client }

// MaxPushBody bounds the JSON body of a Push call; a larger one is refused
// with ErrInvalidInput before anything is sent.
const MaxPushBody = 64 << 10

// Post is a text post: a tweet, or a post on a Facebook profile or page.
type Post struct {
	// Message is the text. Twitter requires it; Facebook requires it or Link.
	Message string
	// Link is a URL to share (Facebook).
	Link string
	// Attachments are the ids of pictures uploaded before (the PictureID of
	// FacebookPicture or TwitterPicture).
	Attachments []string
	// Location is a place for a tweet (Twitter only).
	Location string
}

// Picture is a picture OneAll downloads from URL and uploads.
type Picture struct {
	// URL is where OneAll downloads the picture (required).
	URL string
	// Description is the picture's caption.
	Description string
	// NoPost uploads a Facebook picture without publishing a post with it
	// (create_post=false; OneAll's default is to publish one).
	NoPost bool
}

// Video is a video OneAll downloads from URL and uploads. Twitter and
// YouTube videos are processed asynchronously: OneAll POSTs the result to
// CallbackURL when done (see package callbacks).
type Video struct {
	// URL is where OneAll downloads the video (required).
	URL string
	// Title is the video's title (required by YouTube).
	Title string
	// Description is the video's description (Facebook, YouTube).
	Description string
	// ThumbnailURL is a thumbnail picture (YouTube).
	ThumbnailURL string
	// CallbackURL receives the result of an asynchronous upload (Twitter,
	// YouTube). Its query, where callbacks.VideoCallbackURL puts the
	// secret, is never printed, logged or quoted in an error.
	CallbackURL string
	// NoPost uploads a Facebook video without publishing a post with it.
	NoPost bool
}

// LinkPost is a LinkedIn post: a link with an optional text and preview.
type LinkPost struct {
	// Link is the URL to share (required).
	Link string
	// Title, Description and Picture (a URL) describe the link's preview.
	Title, Description, Picture string
	// Message is the text of the post.
	Message string
}

// Pin is a Pinterest pin.
type Pin struct {
	// Picture is the URL of the picture to pin (required).
	Picture string
	// Description is the pin's text.
	Description string
	// Link is where the pin links to.
	Link string
}

// FacebookPost publishes a post on a Facebook user's profile.
func (s *PushService) FacebookPost(ctx context.Context, identityToken string, p Post, opts ...Option) (*api.PushResult, error) {
	body, err := p.facebook()
	return s.push(ctx, opts, opPushFacebookPost, identityToken, "post", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushFacebookPostRequestWithBody(srv, identityToken, pushJSON, r)
	})
}

// FacebookPicture uploads a picture on behalf of a Facebook user. The
// result's PictureID is what a Post's Attachments take.
func (s *PushService) FacebookPicture(ctx context.Context, identityToken string, p Picture, opts ...Option) (*api.PushResult, error) {
	body, err := p.node(true)
	return s.push(ctx, opts, opPushFacebookPicture, identityToken, "picture", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushFacebookPictureRequestWithBody(srv, identityToken, pushJSON, r)
	})
}

// FacebookVideo uploads a video on behalf of a Facebook user.
func (s *PushService) FacebookVideo(ctx context.Context, identityToken string, v Video, opts ...Option) (*api.PushResult, error) {
	body, err := v.facebook()
	return s.push(ctx, opts, opPushFacebookVideo, identityToken, "video", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushFacebookVideoRequestWithBody(srv, identityToken, pushJSON, r)
	})
}

// FacebookPagePost publishes a post on a Facebook page the user
// administers; pageID is the ID of an entry of Pull.FacebookPages.
func (s *PushService) FacebookPagePost(ctx context.Context, identityToken, pageID string, p Post, opts ...Option) (*api.PushResult, error) {
	body, err := p.facebook()
	if err == nil {
		err = checkPathID("page_id", pageID)
		body["id"] = pageID
	}
	return s.push(ctx, opts, opPushFacebookPagePost, identityToken, "page", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushFacebookPagePostRequestWithBody(srv, identityToken, pushJSON, r)
	})
}

// FacebookPagePicture uploads a picture on behalf of a Facebook page the
// user administers; pageID is the ID of an entry of Pull.FacebookPages.
func (s *PushService) FacebookPagePicture(ctx context.Context, identityToken, pageID string, p Picture, opts ...Option) (*api.PushResult, error) {
	body, err := p.node(false)
	if err == nil {
		err = checkPathID("page_id", pageID)
		body["id"] = pageID
	}
	return s.push(ctx, opts, opPushFacebookPagePicture, identityToken, "page", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushFacebookPagePictureRequestWithBody(srv, identityToken, pushJSON, r)
	})
}

// LinkedInPost publishes a post on a LinkedIn user's profile.
func (s *PushService) LinkedInPost(ctx context.Context, identityToken string, p LinkPost, opts ...Option) (*api.PushResult, error) {
	body, err := p.node()
	return s.push(ctx, opts, opPushLinkedInPost, identityToken, "post", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushLinkedInPostRequestWithBody(srv, identityToken, pushJSON, r)
	})
}

// LinkedInCompanyPost publishes a post on a LinkedIn company page the user
// administers; companyID is the ID of an entry of Pull.LinkedInCompanies.
func (s *PushService) LinkedInCompanyPost(ctx context.Context, identityToken, companyID string, p LinkPost, opts ...Option) (*api.PushResult, error) {
	body, err := p.node()
	if err == nil {
		err = checkPathID("company_id", companyID)
		body["company"] = companyID
	}
	return s.push(ctx, opts, opPushLinkedInCompanyPost, identityToken, "post", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushLinkedInCompanyPostRequestWithBody(srv, identityToken, pushJSON, r)
	})
}

// PinterestPin publishes a pin on a board; boardID is the ID of an entry of
// Pull.PinterestBoards.
func (s *PushService) PinterestPin(ctx context.Context, identityToken, boardID string, p Pin, opts ...Option) (*api.PushResult, error) {
	err := checkPathID("board_id", boardID)
	body := map[string]any{}
	if err == nil {
		err = checkPushURL("picture", p.Picture, true)
	}
	if err == nil {
		err = checkPushURL("link", p.Link, false)
	}
	body["picture"] = p.Picture
	setNonEmpty(body, "description", p.Description)
	setNonEmpty(body, "link", p.Link)
	return s.push(ctx, opts, opPushPinterestPin, identityToken, "pin", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushPinterestPinRequestWithBody(srv, identityToken, boardID, pushJSON, r)
	})
}

// TwitterPost publishes a tweet.
func (s *PushService) TwitterPost(ctx context.Context, identityToken string, p Post, opts ...Option) (*api.PushResult, error) {
	var err error
	if strings.TrimSpace(p.Message) == "" {
		err = invalidInput("message", "is empty")
	}
	body := map[string]any{"message": p.Message, "attachments": emptyIfNil(p.Attachments)}
	setNonEmpty(body, "location", p.Location)
	return s.push(ctx, opts, opPushTwitterPost, identityToken, "post", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushTwitterPostRequestWithBody(srv, identityToken, pushJSON, r)
	})
}

// TwitterPicture uploads a picture on behalf of a Twitter user. The result's
// PictureID (Twitter's media id) is what a tweet's Attachments take.
func (s *PushService) TwitterPicture(ctx context.Context, identityToken string, p Picture, opts ...Option) (*api.PushResult, error) {
	p.NoPost = false // Twitter has no create_post
	body, err := p.node(false)
	return s.push(ctx, opts, opPushTwitterPicture, identityToken, "picture", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushTwitterPictureRequestWithBody(srv, identityToken, pushJSON, r)
	})
}

// TwitterVideo queues a video for upload to Twitter; the result is POSTed
// to v.CallbackURL when OneAll has processed it.
func (s *PushService) TwitterVideo(ctx context.Context, identityToken string, v Video, opts ...Option) (*api.PushResult, error) {
	body, err := v.async(false)
	return s.push(ctx, opts, opPushTwitterVideo, identityToken, "video", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushTwitterVideoRequestWithBody(srv, identityToken, pushJSON, r)
	})
}

// YouTubeVideo queues a video for upload to YouTube (Title is required);
// the result is POSTed to v.CallbackURL when OneAll has processed it.
func (s *PushService) YouTubeVideo(ctx context.Context, identityToken string, v Video, opts ...Option) (*api.PushResult, error) {
	body, err := v.async(true)
	return s.push(ctx, opts, opPushYouTubeVideo, identityToken, "video", body, err, func(srv string, r io.Reader) (*http.Request, error) {
		return api.NewPushYouTubeVideoRequestWithBody(srv, identityToken, pushJSON, r)
	})
}

const pushJSON = "application/json"

// push checks the identity token and the node (bad is what the node's
// builder refused), wraps the node as request.push.<name>, bounds the body
// and sends it as op says: once (x-oneall.retry). OneAll never published a
// Push answer and its examples take a 200 as success, so result.data is
// optional: an answer without it gives an empty result, not an error that
// would invite publishing again.
func (s *PushService) push(ctx context.Context, opts []Option, op *opInfo, identityToken, name string, node map[string]any, bad error,
	build func(server string, body io.Reader) (*http.Request, error)) (*api.PushResult, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	if bad != nil {
		return nil, bad
	}
	body, err := json.Marshal(map[string]any{"request": map[string]any{"push": map[string]any{name: node}}})
	if err != nil {
		return nil, invalidInput(name, "cannot be encoded: %v", err)
	}
	if len(body) > MaxPushBody {
		return nil, invalidInput(name, "the request is %d bytes, more than MaxPushBody (%d)", len(body), MaxPushBody)
	}
	d, err := call[api.PushData](ctx, s.c, opts, op.payloadOptional(), nil, func(server string) (*http.Request, error) {
		return build(server, bytes.NewReader(body))
	})
	if err != nil {
		return nil, err
	}
	if d.data == nil {
		return &api.PushResult{}, nil
	}
	return &d.data.Push, nil
}

// facebook is a Facebook post node: a message or a link is required.
func (p Post) facebook() (map[string]any, error) {
	if strings.TrimSpace(p.Message) == "" && p.Link == "" {
		return nil, invalidInput("message", "is empty (and no link is given)")
	}
	if err := checkPushURL("link", p.Link, false); err != nil {
		return nil, err
	}
	body := map[string]any{"attachments": emptyIfNil(p.Attachments)}
	setNonEmpty(body, "message", p.Message)
	setNonEmpty(body, "link", p.Link)
	return body, nil
}

// node is a picture node; withPost sends create_post (Facebook only).
func (p Picture) node(withPost bool) (map[string]any, error) {
	if err := checkPushURL("url", p.URL, true); err != nil {
		return nil, err
	}
	body := map[string]any{"url": p.URL}
	setNonEmpty(body, "description", p.Description)
	if withPost && p.NoPost {
		body["create_post"] = false
	}
	return body, nil
}

func (v Video) facebook() (map[string]any, error) {
	if err := checkPushURL("url", v.URL, true); err != nil {
		return nil, err
	}
	body := map[string]any{"url": v.URL}
	setNonEmpty(body, "description", v.Description)
	if v.NoPost {
		body["create_post"] = false
	}
	return body, nil
}

// async is the video node of Twitter (youtube false) and YouTube.
func (v Video) async(youtube bool) (map[string]any, error) {
	if err := checkPushURL("video_url", v.URL, true); err != nil {
		return nil, err
	}
	if err := checkPushURL("callback_url", v.CallbackURL, false); err != nil {
		return nil, err
	}
	body := map[string]any{"video_url": v.URL}
	setNonEmpty(body, "callback_url", v.CallbackURL)
	if youtube {
		if strings.TrimSpace(v.Title) == "" {
			return nil, invalidInput("title", "is empty")
		}
		if err := checkPushURL("thumbnail_url", v.ThumbnailURL, false); err != nil {
			return nil, err
		}
		body["title"] = v.Title
		setNonEmpty(body, "description", v.Description)
		setNonEmpty(body, "thumbnail_url", v.ThumbnailURL)
	}
	return body, nil
}

func (p LinkPost) node() (map[string]any, error) {
	if err := checkPushURL("link", p.Link, true); err != nil {
		return nil, err
	}
	if err := checkPushURL("picture", p.Picture, false); err != nil {
		return nil, err
	}
	body := map[string]any{"link": p.Link}
	setNonEmpty(body, "title", p.Title)
	setNonEmpty(body, "description", p.Description)
	setNonEmpty(body, "message", p.Message)
	setNonEmpty(body, "picture", p.Picture)
	return body, nil
}

// checkPushURL refuses a URL that OneAll could not download: not absolute
// http(s). An empty one is refused only when required. The error quotes the
// URL without its query (see withoutQuery): a callback_url carries a secret.
func checkPushURL(field, u string, required bool) error {
	if u == "" {
		if required {
			return invalidInput(field, "is empty")
		}
		return nil
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return invalidInput(field, "%q is not an absolute http(s) URL", truncate(withoutQuery(u), 64))
	}
	return nil
}

// checkPathID refuses a page, company or board id that is empty, too long, or
// would change the path it goes into.
func checkPathID(field, id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return invalidInput(field, "is empty")
	case len(id) > 256 || strings.ContainsAny(id, "/?#%\\ \t\r\n") || id == "." || id == "..":
		return invalidInput(field, "%q is not an id", truncate(id, 64))
	}
	return nil
}

func setNonEmpty(m map[string]any, key, v string) {
	if v != "" {
		m[key] = v
	}
}

// emptyIfNil sends an empty list as [], as OneAll's SDK does.
func emptyIfNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
