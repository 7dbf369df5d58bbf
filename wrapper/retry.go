package wrapper

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// IsRetryable reports whether err is a transient failure: sending the same
// call again, later, may succeed. That is a rate limit (429; wait at least
// APIError.RetryAfter), a server error (500, 502, 503, 504, a proxy's HTML
// page included, also when OneAll reports it inside an HTTP 200) and a
// request that got no complete answer (ErrNetwork: refused, reset, timed
// out, cut short). It is false for an answer larger than MaxAnswerSize, for
// any other APIError (400, 401, 403, 404, 409: the same request gets the
// same answer), for a host name that does not resolve, for ErrInvalidInput
// (nothing was sent) and when the context was cancelled (the caller gave
// up).
//
// It is the policy of the client's own retries (WithRetries), which ask the
// same question. It does not say that sending again is safe: a call that
// changes state may have been carried out before its answer was lost. The
// client repeats only calls that may be repeated (reads, lookups,
// SynchronizeUser, a Replace UpdateUser, relinks, deletes); repeat a
// creation (Storage.CreateUser, Users.Import, an Append update) on its word
// and it may be carried out twice.
func IsRetryable(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	return retryable(err, idempotent)
}

// retryable is the retry policy, in one place: whether a call that failed
// with err may be sent again, given whether it may be repeated once it
// reached OneAll (rp).
func retryable(err error, rp replay) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		// An answer came back: the request reached OneAll.
		return rp == idempotent && (ae.kind == ErrRateLimited || ae.kind == ErrServer) && transientStatus(ae.status())
	}
	var te *transportError
	if errors.As(err, &te) {
		// No retry makes an unknown host exist.
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
			return false
		}
		return rp == idempotent || neverSent(te.err)
	}
	return false
}

// transientStatus reports the statuses that say "try again later".
func transientStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryAfter is the wait the answer behind err asked for, or 0.
func retryAfter(err error) time.Duration {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.RetryAfter
	}
	return 0
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

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP date,
// capped at maxRetryAfter however it is written (a number of any length,
// with a fraction, or a date centuries ahead). A missing, malformed or past
// value gives 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, ok := retryAfterSeconds(v); ok {
		// Compare before converting: a huge value must not overflow.
		if secs >= maxRetryAfter.Seconds() {
			return maxRetryAfter
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return min(d, maxRetryAfter)
		}
	}
	return 0
}

// retryAfterSeconds reads delay seconds: digits, optionally a fraction
// (which RFC 9110 does not allow but servers send). A negative number is 0.
func retryAfterSeconds(v string) (float64, bool) {
	digits := strings.TrimPrefix(v, "-")
	whole, frac, _ := strings.Cut(digits, ".")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return 0, false
	}
	if len(v) > len(digits) { // negative
		return 0, true
	}
	if len(strings.TrimLeft(whole, "0")) > 9 { // past any cap, and past float64 for long ones
		return math.Inf(1), true
	}
	secs, err := strconv.ParseFloat(digits, 64)
	return secs, err == nil
}
