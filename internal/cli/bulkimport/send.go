package bulkimport

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/oneall-go/oneall-go/wrapper"
)

// The error policy of the import. Every error of a row falls in one of
// three classes:
//
//   - transient (wrapper.IsRetryable: 429, 500, 502, 503, 504, a reset or
//     refused connection, a timeout, an answer cut short, an answer lost
//     after the work was done): the row waits and is sent again, which is
//     safe because synchronize is an upsert. A 429 makes every worker pause
//     until its Retry-After has passed (or, without one, a backoff that
//     grows while 429s keep coming). Another transient error makes only its
//     row wait, with exponential backoff and jitter, at least its
//     Retry-After. A row gives up once its waits would pass
//     Options.MaxWait, and goes to the failures file.
//   - fatal: errors no row can escape (401 or 403: the site's keys; the
//     cloud storage not enabled; a host name that does not resolve; a TLS
//     certificate that does not verify; a redirect; an error that is not
//     the API's). The import stops; the same command resumes it.
//   - the row's own: what OneAll refused about this row (400, 404, 409, an
//     identifier the SDK refuses). It goes to the failures file and the
//     import goes on.

// errorClass is what an error of a row means for the import.
type errorClass int

const (
	rowError errorClass = iota
	transientError
	fatalError
)

// classify sorts an error of SynchronizeUser.
func classify(err error) errorClass {
	var apiErr *wrapper.APIError
	isAPI := errors.As(err, &apiErr)
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.Is(err, wrapper.ErrUnauthorized), errors.Is(err, wrapper.ErrForbidden):
		return fatalError
	case isAPI && storageNotEnabled(apiErr):
		return fatalError
	case isAPI && apiErr.StatusCode >= 300 && apiErr.StatusCode < 400:
		return fatalError
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound, errors.As(err, &certErr):
		return fatalError
	case wrapper.IsRetryable(err):
		return transientError
	case isAPI, errors.Is(err, wrapper.ErrInvalidInput):
		return rowError
	}
	return fatalError
}

// storageNotEnabled recognizes OneAll's answer for a site without the User
// Cloud Storage (any status: OneAll documents none for it).
func storageNotEnabled(e *wrapper.APIError) bool {
	info := strings.ToLower(e.Info)
	if !strings.Contains(info, "storage") {
		return false
	}
	for _, s := range []string{"not enabled", "disabled", "not activated", "not available", "not subscribed"} {
		if strings.Contains(info, s) {
			return true
		}
	}
	return false
}

// Retry timing.
const (
	// rowBackoffMin and rowBackoffMax bound a row's wait after a transient
	// error other than 429.
	rowBackoffMin, rowBackoffMax = 20 * time.Millisecond, 10 * time.Second
	// pauseMin and pauseMax bound the shared pause after a 429 without a
	// Retry-After.
	pauseMin, pauseMax = 10 * time.Millisecond, 30 * time.Second
)

// backoff is the wait before retry number attempt (1-based): exponential
// from lo, capped at hi, the upper half jittered so that rows spread out.
func backoff(lo, hi time.Duration, attempt int) time.Duration {
	d := lo
	for i := 1; i < attempt && d < hi; i++ {
		d = min(2*d, hi)
	}
	half := d / 2
	return max(lo/2, half+rand.N(half+1))
}

// throttle is the pause every worker honours after a 429: no request
// starts before until.
type throttle struct {
	mu      sync.Mutex
	until   time.Time
	strikes int // 429s not yet offset by successes
}

// wait waits out the pause, if any.
func (t *throttle) wait(ctx context.Context, sleep func(context.Context, time.Duration) error) error {
	for {
		t.mu.Lock()
		d := time.Until(t.until)
		t.mu.Unlock()
		if d <= 0 {
			return nil
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// limited extends the pause after a 429: to the Retry-After, or without
// one to a backoff that grows with the 429s that keep coming. It returns
// the pause left.
func (t *throttle) limited(retryAfter time.Duration) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.strikes++
	d := retryAfter
	if d <= 0 {
		d = backoff(pauseMin, pauseMax, t.strikes)
	}
	if u := time.Now().Add(d); u.After(t.until) {
		t.until = u
	}
	return time.Until(t.until)
}

// succeeded offsets one 429.
func (t *throttle) succeeded() {
	t.mu.Lock()
	if t.strikes > 0 {
		t.strikes--
	}
	t.mu.Unlock()
}

// errStopped is a row abandoned because the import stopped while it
// waited: it was not sent, or not again, and is not done.
var errStopped = errors.New("bulkimport: stopped while the row waited")

// sender sends rows with the error policy above.
type sender struct {
	s        Syncer
	field    wrapper.IdentifierField
	limiter  *rate.Limiter // nil: no rate cap
	throttle throttle
	maxWait  time.Duration // < 0: no retries
	sleep    func(context.Context, time.Duration) error
	retries  atomic.Int64 // attempts after the first, over all rows
}

// tries is how far a row got through its attempts.
type tries struct {
	n     int       // attempts made
	first time.Time // when the first one started
}

// attempt makes one attempt at a row. It returns the result, or a final
// error with its class, or, after a transient error, the wait before the
// next attempt (retry): the caller waits it out without holding a worker.
// Waits for the rate cap and a 429 pause end when stop is done, and the row
// is then abandoned (errStopped); a request once started is carried on
// work, which is never cancelled, so that the import knows how every
// request it sent ended.
func (s *sender) attempt(stop, work context.Context, r *row, tr *tries) (res *wrapper.SyncResult, class errorClass, wait time.Duration, retry bool, err error) {
	if err := s.throttle.wait(stop, s.sleep); err != nil {
		return nil, rowError, 0, false, errStopped
	}
	if s.limiter != nil {
		if s.limiter.Wait(stop) != nil {
			return nil, rowError, 0, false, errStopped
		}
	}
	if stop.Err() != nil {
		return nil, rowError, 0, false, errStopped
	}
	if tr.n == 0 {
		tr.first = time.Now()
	}
	tr.n++
	res, err = s.s.SynchronizeUser(work, wrapper.Identifier{Field: s.field, Value: r.id}, r.input)
	if err == nil {
		s.throttle.succeeded()
		return res, rowError, 0, false, nil
	}
	if class = classify(err); class != transientError {
		return nil, class, 0, false, err
	}
	var apiErr *wrapper.APIError
	isAPI := errors.As(err, &apiErr)
	switch {
	case isAPI && apiErr.StatusCode == http.StatusTooManyRequests:
		wait = s.throttle.limited(apiErr.RetryAfter)
	default:
		wait = backoff(rowBackoffMin, rowBackoffMax, tr.n)
		if isAPI {
			wait = max(wait, apiErr.RetryAfter)
		}
	}
	if elapsed := time.Since(tr.first); s.maxWait < 0 || elapsed+wait > s.maxWait {
		return nil, rowError, 0, false, fmt.Errorf("gave up after %d %s in %v (--max-wait %v): %w",
			tr.n, plural(tr.n, "attempt", "attempts"), elapsed.Round(time.Millisecond), max(s.maxWait, 0), err)
	}
	s.retries.Add(1)
	return nil, transientError, wait, true, err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
