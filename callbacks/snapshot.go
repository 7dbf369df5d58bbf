package callbacks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// MaxPingbackBody bounds the body of a pingback. OneAll's envelope names a
// snapshot; even a full snapshot is far smaller.
const MaxPingbackBody = 1 << 20

// Errors of a pingback, matched with errors.Is.
var (
	// ErrInvalidPingback is a request that is not a pingback of OneAll's:
	// nothing was asked of OneAll.
	ErrInvalidPingback = errors.New("callbacks: invalid pingback")
	// ErrSnapshotFailed is a pingback whose envelope reports a status other
	// than 200.
	ErrSnapshotFailed = errors.New("callbacks: OneAll reports that the snapshot failed")
)

// ErrNotProcessed is a snapshot that OneAll, read back, does not report
// as processed: the pingback came early or was forged.
var ErrNotProcessed = errors.New("callbacks: the snapshot is not processed")

// ErrNotConfigured is a handler built without what it needs (a nil client,
// onSnapshot or onVideo): every request fails with it, and the default
// answer is 500, rather than a panic at the first request.
var ErrNotConfigured = errors.New("callbacks: the handler is not configured")

// notConfigured is the handler of Snapshots or Videos built without what
// it needs: every request goes to onError with ErrNotConfigured.
func notConfigured(what string, onError func(http.ResponseWriter, *http.Request, error)) http.Handler {
	err := fmt.Errorf("%w: %s is nil", ErrNotConfigured, what)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { onError(w, r, err) })
}

// ParseSnapshotPingback reads a snapshot pingback and returns the token of
// the snapshot it names. It checks the method and the envelope only; the
// handler of Snapshots then reads the snapshot back from OneAll.
func ParseSnapshotPingback(r *http.Request) (string, error) {
	if r.Method != http.MethodPost {
		return "", fmt.Errorf("%w: method %.10q, want POST", ErrInvalidPingback, r.Method)
	}
	if r.Body == nil {
		return "", fmt.Errorf("%w: no body", ErrInvalidPingback)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxPingbackBody+1))
	if err != nil {
		return "", fmt.Errorf("%w: reading the body: %v", ErrInvalidPingback, err)
	}
	if len(body) > MaxPingbackBody {
		return "", fmt.Errorf("%w: body over %d bytes", ErrInvalidPingback, MaxPingbackBody)
	}
	return parseSnapshotPingback(body)
}

// pingbackEnvelope is what a pingback must hold; the rest is ignored.
type pingbackEnvelope struct {
	Response *struct {
		Request *struct {
			Status *struct {
				Code *api.FlexInt `json:"code"`
			} `json:"status"`
		} `json:"request"`
		Result *struct {
			Data *struct {
				Snapshot *struct {
					Token string `json:"sharing_analytics_snapshot_token"`
				} `json:"sharing_analytics_snapshot"`
			} `json:"data"`
		} `json:"result"`
	} `json:"response"`
}

// parseSnapshotPingback checks one JSON envelope with a status code and
// returns the snapshot token when the code is 200.
func parseSnapshotPingback(body []byte) (string, error) {
	var env pingbackEnvelope
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&env); err != nil {
		return "", fmt.Errorf("%w: not a JSON envelope", ErrInvalidPingback)
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", fmt.Errorf("%w: data after the envelope", ErrInvalidPingback)
	}
	resp := env.Response
	if resp == nil || resp.Request == nil || resp.Request.Status == nil || resp.Request.Status.Code == nil {
		return "", fmt.Errorf("%w: no response.request.status.code", ErrInvalidPingback)
	}
	if code := resp.Request.Status.Code.Int(); code != http.StatusOK {
		return "", fmt.Errorf("%w: status %d", ErrSnapshotFailed, code)
	}
	if resp.Result == nil || resp.Result.Data == nil || resp.Result.Data.Snapshot == nil || resp.Result.Data.Snapshot.Token == "" {
		return "", fmt.Errorf("%w: no sharing_analytics_snapshot_token", ErrInvalidPingback)
	}
	return resp.Result.Data.Snapshot.Token, nil
}

// Snapshots returns the handler of a snapshot pingback: it parses the
// pingback (ParseSnapshotPingback), reads the snapshot back from OneAll
// with c, checks that OneAll reports it processed (status "processed" or a
// date_finished), and calls onSnapshot with
// it, which writes the answer (a 200 with no body when it writes nothing).
// Any failure goes to onError; nil answers a status without details: 500
// for ErrNotConfigured (c or onSnapshot is nil), 405 for a method other
// than POST, 400 for ErrInvalidPingback and ErrNotProcessed, 200 for
// ErrSnapshotFailed (the news was delivered), and 502 when OneAll could not
// be asked.
func Snapshots(c *wrapper.Client, onSnapshot func(http.ResponseWriter, *http.Request, *api.SharingAnalyticsSnapshot),
	onError func(http.ResponseWriter, *http.Request, error)) http.Handler {
	if onError == nil {
		onError = defaultError
	}
	switch {
	case c == nil:
		return notConfigured("the client", onError)
	case onSnapshot == nil:
		return notConfigured("onSnapshot", onError)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, err := ParseSnapshotPingback(r)
		if err != nil {
			onError(w, r, err)
			return
		}
		snap, err := c.SharingAnalytics.Get(r.Context(), token)
		switch {
		case errors.Is(err, wrapper.ErrInvalidInput), errors.Is(err, wrapper.ErrNotFound):
			// Not a token of this site's: fail closed.
			onError(w, r, fmt.Errorf("%w: %w", ErrInvalidPingback, err))
			return
		case err != nil:
			onError(w, r, err)
			return
		case snap.Status != "processed" && snap.DateFinished.IsZero():
			onError(w, r, fmt.Errorf("%w: status %.20q", ErrNotProcessed, snap.Status))
			return
		}
		onSnapshot(w, r, snap)
	})
}

func defaultError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, ErrNotConfigured):
		http.Error(w, "the pingback is not configured", http.StatusInternalServerError)
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	case errors.Is(err, ErrSnapshotFailed):
		w.WriteHeader(http.StatusOK)
	case errors.Is(err, ErrInvalidPingback), errors.Is(err, ErrNotProcessed):
		http.Error(w, "invalid pingback", http.StatusBadRequest)
	default:
		http.Error(w, "cannot read the snapshot from OneAll", http.StatusBadGateway)
	}
}
