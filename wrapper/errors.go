package wrapper

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors, matched with errors.Is. Every error the API returned is an
// *APIError that matches exactly one of them; ErrInvalidInput is returned
// before anything is sent.
var (
	// ErrBadRequest matches HTTP 400: OneAll found the request invalid.
	ErrBadRequest = errors.New("oneall: bad request")
	// ErrUnauthorized matches HTTP 401: the site's API keys are missing or wrong.
	ErrUnauthorized = errors.New("oneall: unauthorized")
	// ErrForbidden matches HTTP 403: the request was understood but refused.
	ErrForbidden = errors.New("oneall: forbidden")
	// ErrNotFound matches HTTP 404: no such identity, user or resource.
	ErrNotFound = errors.New("oneall: not found")
	// ErrConflict matches HTTP 409, e.g. a login or externalid already taken.
	ErrConflict = errors.New("oneall: conflict")
	// ErrRateLimited matches HTTP 429; APIError.RetryAfter says how long to wait.
	ErrRateLimited = errors.New("oneall: rate limited")
	// ErrServer matches HTTP 5xx, including a proxy's HTML error page.
	ErrServer = errors.New("oneall: server error")
	// ErrInvalidCredentials matches a storage lookup whose user password was wrong.
	ErrInvalidCredentials = errors.New("oneall: invalid user credentials")
	// ErrInvalidInput matches an argument refused before any request was sent.
	ErrInvalidInput = errors.New("oneall: invalid input")
	// ErrNetwork matches a request that got no complete answer: connection
	// refused or reset, a timeout, a body cut short. It is not an *APIError.
	ErrNetwork = errors.New("oneall: network error")
	// ErrUnexpectedResponse matches an answer that is not a OneAll envelope
	// (HTML, empty or truncated JSON) or lacks the expected payload.
	ErrUnexpectedResponse = errors.New("oneall: unexpected response")
)

// maxErrorBody caps APIError.Body: enough to debug, never a whole page.
const maxErrorBody = 4 << 10

// APIError is what the API said when a call failed: a non-2xx status, an
// error flag inside a 2xx envelope, or a body that is not an envelope at all.
// Match it with errors.As, and its class with errors.Is against the sentinels.
type APIError struct {
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Flag is OneAll's status flag ("error", "success", "multistatus"), if any.
	Flag string
	// Code is OneAll's status code from the envelope; it can differ from
	// StatusCode when OneAll answers HTTP 200 with an error inside.
	Code int
	// Info is OneAll's explanation, if the answer had one.
	Info string
	// Method and Resource name the request: "GET", "/identities/<token>.json".
	// Resource is the whole path, a connection token included; Error and
	// GoString print "/connections/{connection_token}.json" instead, since
	// errors end up in logs and a token in a log could still be redeemed.
	Method, Resource string
	// RetryAfter is the wait the server asked for (Retry-After), if any.
	RetryAfter time.Duration
	// Body is the start of the raw answer (at most 4 KiB), for debugging.
	Body []byte

	kind error
	// data is the answer's result.data, which some failures carry (a
	// connection refused); services that know its type decode it.
	data json.RawMessage
}

// Error names the request, the status and OneAll's explanation.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "oneall: %s %s: %d %s", e.Method, loggedPath(e.Resource), e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != 0 && e.Code != e.StatusCode {
		fmt.Fprintf(&b, " (OneAll code %d)", e.Code)
	}
	switch {
	case e.Info != "":
		fmt.Fprintf(&b, ": %s", e.Info)
	case e.kind == ErrUnexpectedResponse:
		b.WriteString(": the answer is not a OneAll response envelope")
	}
	return b.String()
}

// GoString is what %#v prints: the exported fields as Error shows them,
// and the body by its size.
func (e *APIError) GoString() string {
	return fmt.Sprintf("&wrapper.APIError{StatusCode:%d, Flag:%q, Code:%d, Info:%q, Method:%q, Resource:%q, RetryAfter:%v, Body:(%d bytes)}",
		e.StatusCode, e.Flag, e.Code, e.Info, e.Method, loggedPath(e.Resource), e.RetryAfter, len(e.Body))
}

// Is reports whether target is the sentinel of this error's class.
func (e *APIError) Is(target error) bool { return target != nil && target == e.kind }

// classify picks the sentinel for a status code.
func classify(code int) error {
	switch {
	case code == http.StatusBadRequest:
		return ErrBadRequest
	case code == http.StatusUnauthorized:
		return ErrUnauthorized
	case code == http.StatusForbidden:
		return ErrForbidden
	case code == http.StatusNotFound:
		return ErrNotFound
	case code == http.StatusConflict:
		return ErrConflict
	case code == http.StatusTooManyRequests:
		return ErrRateLimited
	case code >= 500:
		return ErrServer
	case code >= 400:
		return ErrBadRequest
	default:
		return ErrUnexpectedResponse
	}
}

// invalidInput returns an ErrInvalidInput naming the field and why.
func invalidInput(field, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrInvalidInput, field, fmt.Sprintf(format, args...))
}

// status is the code that says what went wrong: the HTTP status, or
// OneAll's code when it reports an error inside a 2xx answer.
func (e *APIError) status() int {
	if success(e.StatusCode) && e.Code >= 400 {
		return e.Code
	}
	return e.StatusCode
}
