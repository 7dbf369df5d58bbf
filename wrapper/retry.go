package wrapper

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The retry policy: which failures are transient, and which calls are sent
// again after them. It lives here, in one place: the client's own retries
// (WithRetries) follow retryableStatus and neverSent, and IsRetryable
// exports it for callers that retry on their own terms, such as a bulk
// import that waits minutes for a row rather than failing it.

// retryableStatus reports the statuses that say "try again later", after
// which the client sends an idempotent call again. A 500 is not among them:
// OneAll documents it as "an unrecoverable error", so the client reports it
// at once; IsRetryable counts it as transient for callers that know their
// call is safe to repeat.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// IsRetryable reports whether a call that failed with err may succeed if it
// is made again later, unchanged: OneAll answered 429 (wait at least
// APIError.RetryAfter), 500, 502, 503 or 504 (a proxy's HTML error page
// included), or no complete answer arrived (ErrNetwork: a refused or reset
// connection, a timeout, an answer cut short).
//
// It is false for every other answer (400, 401, 403, 404, 409: sending the
// same request again gets the same answer), for a host name that does not
// resolve (no retry makes it exist), for ErrInvalidInput (nothing was
// sent), and when the call's context was cancelled (the caller gave up).
//
// IsRetryable does not say that sending again is safe: a call that changes
// state may have been carried out before its answer was lost. Repeat only
// idempotent calls on its word: reads, a lookup, SynchronizeUser (an
// upsert), a Replace UpdateUser, a relink, a delete. The client's own
// retries repeat only those, and a 500 not at all (see WithRetries).
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, ErrInvalidInput) {
		return false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode == http.StatusInternalServerError || retryableStatus(apiErr.StatusCode)
	}
	if !errors.Is(err, ErrNetwork) {
		return false
	}
	var dnsErr *net.DNSError
	return !errors.As(err, &dnsErr) || !dnsErr.IsNotFound
}

// neverSent reports a transport error that proves the request did not reach
// the server (no connection was made), so even a create may be sent again.
func neverSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// backoff is the wait before retry number attempt (1-based): exponential from
// lo, capped at hi, with the upper half jittered so that clients spread out.
func backoff(lo, hi time.Duration, attempt int) time.Duration {
	d := lo
	for i := 1; i < attempt && d < hi; i++ {
		if d > hi/2 { // doubling would pass hi, or overflow
			d = hi
			break
		}
		d *= 2
	}
	d = min(d, hi)
	half := d / 2
	return max(lo, half+rand.N(half+1))
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP date.
// A missing, malformed or past value gives 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs <= 0 {
			return 0
		}
		// Compare before multiplying: a huge value must not overflow.
		if secs >= int(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return min(d, maxRetryAfter)
		}
	}
	return 0
}
