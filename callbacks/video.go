package callbacks

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/oneall-go/oneall-go/api"
)

// The video callback_url of OneAll's Push API (wrapper.PushService.TwitterVideo
// and YouTubeVideo). OneAll documents only that "the result will be posted to
// that URL once the request has been processed": neither the body nor any
// signature. This handler takes the body to be OneAll's usual JSON envelope
// (inferred, as for the analytics pingback), and since nothing in it can be
// checked with OneAll (no Push call reads a video back), it authenticates
// the callback by a secret that the application puts in the callback_url
// (VideoCallbackURL) and that only OneAll learns.

// MaxVideoCallbackBody bounds the body of a video callback; OneAll's
// envelope of one published video is far smaller.
const MaxVideoCallbackBody = 1 << 20

// VideoSecretParam is the query parameter of the callback_url that carries
// the secret.
const VideoSecretParam = "oneall_callback_secret"

// minVideoSecret is the shortest secret accepted: 16 bytes, so that it
// cannot be guessed.
const minVideoSecret = 16

// Errors of a video callback, matched with errors.Is.
var (
	// ErrInvalidVideoCallback is a request that is not a video callback of
	// OneAll's: a method other than POST, no or a wrong secret, a body over
	// MaxVideoCallbackBody, not one JSON envelope, no status code.
	ErrInvalidVideoCallback = errors.New("callbacks: invalid video callback")
	// ErrWeakVideoSecret is a secret shorter than 16 bytes given to
	// VideoCallbackURL or Videos: every callback is then refused.
	ErrWeakVideoSecret = errors.New("callbacks: the video callback secret is shorter than 16 bytes")
)

// VideoResult is what OneAll posted about a video it processed.
type VideoResult struct {
	// Status is response.request.status: Code 200 when the video was
	// published (see Published).
	Status api.Status
	// Push is response.result.data.push, when OneAll sent one (inferred:
	// OneAll never published the body of a video callback).
	Push api.PushResult
}

// Published reports whether OneAll says the video was published (status
// code 200 and no error flag, in any case, as the wrapper reads it).
func (v *VideoResult) Published() bool {
	return v.Status.Code.Int() == http.StatusOK && !strings.EqualFold(strings.TrimSpace(v.Status.Flag), "error")
}

// VideoCallbackURL returns base with the secret added as
// VideoSecretParam: the callback_url to give to a video push, and the URL
// that Videos serves. The secret must be at least 16 bytes (use a random
// one, e.g. 32 hex digits from crypto/rand).
func VideoCallbackURL(base, secret string) (string, error) {
	if len(secret) < minVideoSecret {
		return "", ErrWeakVideoSecret
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("%w: the base is not an absolute http(s) URL", ErrInvalidVideoCallback)
	}
	q := u.Query()
	q.Set(VideoSecretParam, secret)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// ParseVideoCallback checks a video callback (its method, the secret of
// its URL, its body) and returns what OneAll posted. A video OneAll could
// not publish is a VideoResult whose Published is false, not an error.
func ParseVideoCallback(r *http.Request, secret string) (*VideoResult, error) {
	if len(secret) < minVideoSecret {
		return nil, ErrWeakVideoSecret
	}
	if r.Method != http.MethodPost {
		return nil, fmt.Errorf("%w: method %.10q, want POST", ErrInvalidVideoCallback, r.Method)
	}
	got := r.URL.Query().Get(VideoSecretParam)
	if subtle.ConstantTimeCompare([]byte(got), []byte(secret)) != 1 {
		return nil, fmt.Errorf("%w: no or a wrong %s", ErrInvalidVideoCallback, VideoSecretParam)
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && mt != "text/json") {
			return nil, fmt.Errorf("%w: content type %.40q, want JSON", ErrInvalidVideoCallback, ct)
		}
	}
	if r.Body == nil {
		return nil, fmt.Errorf("%w: no body", ErrInvalidVideoCallback)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxVideoCallbackBody+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading the body failed", ErrInvalidVideoCallback)
	}
	if len(body) > MaxVideoCallbackBody {
		return nil, fmt.Errorf("%w: body over %d bytes", ErrInvalidVideoCallback, MaxVideoCallbackBody)
	}
	return parseVideoEnvelope(body)
}

// videoEnvelope is what a video callback must hold; the rest is ignored.
type videoEnvelope struct {
	Response *struct {
		Request *struct {
			Status *api.Status `json:"status"`
		} `json:"request"`
		Result *struct {
			Data *struct {
				Push *api.PushResult `json:"push"`
			} `json:"data"`
		} `json:"result"`
	} `json:"response"`
}

// parseVideoEnvelope reads one JSON envelope with a status code. Its errors
// never quote the body.
func parseVideoEnvelope(body []byte) (*VideoResult, error) {
	var env videoEnvelope
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&env); err != nil {
		return nil, fmt.Errorf("%w: not a JSON envelope", ErrInvalidVideoCallback)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the envelope", ErrInvalidVideoCallback)
	}
	resp := env.Response
	if resp == nil || resp.Request == nil || resp.Request.Status == nil || resp.Request.Status.Code == 0 {
		return nil, fmt.Errorf("%w: no response.request.status.code", ErrInvalidVideoCallback)
	}
	res := &VideoResult{Status: *resp.Request.Status}
	if resp.Result != nil && resp.Result.Data != nil && resp.Result.Data.Push != nil {
		res.Push = *resp.Result.Data.Push
	}
	return res, nil
}

// Videos returns the handler of a video callback_url made with
// VideoCallbackURL and secret: it parses the callback (ParseVideoCallback)
// and calls onVideo, which writes the answer (a 200 with no body when it
// writes nothing). Any failure goes to onError; nil answers a status without
// details: 405 for a method other than POST, 500 for ErrWeakVideoSecret and
// ErrNotConfigured (a nil onVideo: mistakes of the site's), and 400
// otherwise. The handler logs nothing, and its errors carry neither the body
// nor the secret.
func Videos(secret string, onVideo func(http.ResponseWriter, *http.Request, *VideoResult),
	onError func(http.ResponseWriter, *http.Request, error)) http.Handler {
	if onError == nil {
		onError = videoError
	}
	if onVideo == nil {
		return notConfigured("onVideo", onError)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := ParseVideoCallback(r, secret)
		if err != nil {
			onError(w, r, err)
			return
		}
		onVideo(w, r, res)
	})
}

func videoError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, ErrWeakVideoSecret), errors.Is(err, ErrNotConfigured):
		http.Error(w, "the video callback is not configured", http.StatusInternalServerError)
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	default:
		http.Error(w, "invalid video callback", http.StatusBadRequest)
	}
}
