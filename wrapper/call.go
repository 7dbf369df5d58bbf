package wrapper

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// replay says whether a call may be sent again once it may have reached
// OneAll: reads, deletes, relinks, replace updates, synchronizations and
// lookups may; creations, imports and append updates may not, since a second
// one would create or append twice.
type replay bool

const (
	idempotent replay = true
	sendOnce   replay = false
)

// operation names one API call for the retry loop, logs and errors. Method
// and path come from the request that the generated builder made.
type operation struct {
	id     string // the spec's operationId; "" for Client.Do
	method string
	// url and basePath give the resource as OneAll names it, relative to
	// the base URL (see path); it is worked out only for logs and errors.
	url      *url.URL
	basePath string
	replay   replay
}

// path is the resource as OneAll names it, relative to the base URL.
func (op operation) path() string {
	return "/" + strings.TrimLeft(strings.TrimPrefix(op.url.EscapedPath(), op.basePath), "/")
}

// loggedPath is a path for an error's text or a log line above DEBUG: a
// connection token, which could still be redeemed by whoever reads the log,
// is left out.
func loggedPath(path string) string {
	if strings.HasPrefix(path, "/connections/") {
		return "/connections/{connection_token}.json"
	}
	return path
}

// builder makes a call's request with one of the generated request builders
// of package api (api.NewGetIdentityRequest...), given the base URL: the
// spec is the one source of every method and path.
type builder func(server string) (*http.Request, error)

// call builds a request, sends it with retries under the client's settings
// changed by opts (for this call only), and decodes the answer's payload.
//
// op is the operation's metadata from the spec (operations.gen.go): its
// retry class, and its payload, which need checks; a nil need checks that
// the payload member is there (payloadCheck).
func call[D any](ctx context.Context, c *Client, opts []Option, op *opInfo, need check[D], build builder) (decoded[D], error) {
	cs, err := c.call.apply(opts)
	if err != nil {
		return decoded[D]{}, err
	}
	req, err := build(c.conn.server)
	if err != nil {
		// Nothing was sent: a body that does not encode (a NaN, say).
		return decoded[D]{}, fmt.Errorf("%w: cannot build the request: %v", ErrInvalidInput, redactURL(err))
	}
	return sendBuilt(ctx, c, &cs, op, need, req)
}

// callPlain is call for a plain operation (op.plain), whose request
// plainRequest makes from the path parameters params, in the path's order.
func callPlain[D any](ctx context.Context, c *Client, opts []Option, op *opInfo, need check[D], params ...string) (decoded[D], error) {
	cs, err := c.call.apply(opts)
	if err != nil {
		return decoded[D]{}, err
	}
	req, err := c.conn.plainRequest(op, params)
	if err != nil {
		return decoded[D]{}, err // an internal error: the method and op disagree
	}
	return sendBuilt(ctx, c, &cs, op, need, req)
}

// sendBuilt sends the request that a builder made for op, with the
// settings cs.
func sendBuilt[D any](ctx context.Context, c *Client, cs *callSettings, op *opInfo, need check[D], req *http.Request) (decoded[D], error) {
	if req.Method != op.method {
		return decoded[D]{}, fmt.Errorf("oneall: internal error: %s is sent with %s, its builder made a %s request", op.id, op.method, req.Method)
	}
	sent := operation{id: op.id, method: req.Method, url: req.URL, basePath: c.conn.basePath, replay: op.replay}
	c.conn.prepare(req, cs.header)
	return send(ctx, c, cs, sent, req, payloadCheck(op, need))
}

// prepare authenticates and names the request. Nothing here is ever logged:
// the headers carry the keys.
func (cn *conn) prepare(req *http.Request, extra http.Header) {
	for k, v := range extra {
		req.Header[k] = v
	}
	// Header values built once and shared by every request: no transport
	// modifies them in place, and since each has len == cap, an Add
	// copies rather than writes into them.
	req.Header["Authorization"] = cn.creds.header
	req.Header["User-Agent"] = cn.userAgentHeader
	req.Header["Accept"] = acceptJSON
}

var acceptJSON = []string{"application/json"}

// send makes attempts until one succeeds, fails for good, or the retries
// allowed by cs run out; the policy of what may be retried is retryable's.
func send[D any](ctx context.Context, c *Client, cs *callSettings, op operation, req *http.Request, need check[D]) (decoded[D], error) {
	var lastErr error
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return decoded[D]{}, stopped(op, err, lastErr)
		}
		d, err := attempt(ctx, c, cs, op, req, n, need)
		if err == nil {
			return d, nil
		}
		var te *transportError
		if ctxErr := ctx.Err(); ctxErr != nil && errors.As(err, &te) {
			return decoded[D]{}, stopped(op, ctxErr, lastErr)
		}
		lastErr = err
		if n > cs.retries || !retryable(err, op.replay) {
			return decoded[D]{}, err
		}
		wait := retryAfter(err)
		if wait == 0 {
			wait = backoff(cs.backoffMin, cs.backoffMax, n)
		}
		wait = min(wait, maxRetryAfter)
		cs.logger.LogAttrs(ctx, slog.LevelInfo, "oneall: retrying",
			slog.String("method", op.method), slog.String("path", loggedPath(op.path())),
			slog.Int("attempt", n), slog.Duration("wait", wait), slog.String("error", err.Error()))
		if err := c.sleep(ctx, wait); err != nil {
			return decoded[D]{}, stopped(op, err, lastErr)
		}
	}
}

// attempt sends the request once and decodes the answer as it arrives, all
// within the per-attempt timeout.
func attempt[D any](ctx context.Context, c *Client, cs *callSettings, op operation, req *http.Request, n int, need check[D]) (decoded[D], error) {
	actx, cancel := attemptContext(ctx, cs.timeout)
	defer cancel()
	r := req.WithContext(actx)
	if n > 1 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return decoded[D]{}, &transportError{op: op, err: err}
		}
		r.Body = body
	}
	start := time.Now()
	resp, err := c.conn.do(r)
	if err != nil {
		err = &transportError{op: op, err: err}
		logAttempt(actx, cs.logger, op, 0, n, start, err)
		return decoded[D]{}, err
	}
	var body *driftScratch
	if cs.drift != nil {
		body = captureBody(resp)
	}
	d, err := readAnswer(actx, op, resp, need)
	resp.Body.Close()
	if body != nil && err == nil {
		checkDrift[D](cs.drift, op, body)
	}
	logAttempt(actx, cs.logger, op, resp.StatusCode, n, start, err)
	return d, err
}

// attemptContext bounds an attempt by timeout: with ctx itself when ctx's
// own deadline comes first, since a context derived from it would end at
// the same time and only cost a timer; else with a context that times out.
func attemptContext(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= timeout {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, timeout)
}

// do sends one request: through the transport directly when that is the
// same as through the client (directTransport), with errors in the form
// http.Client gives them.
func (cn *conn) do(req *http.Request) (*http.Response, error) {
	if cn.rt == nil {
		return cn.hc.Do(req)
	}
	resp, err := cn.rt.RoundTrip(req)
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		return nil, &url.Error{Op: req.Method, URL: req.URL.Redacted(), Err: err}
	}
	return resp, nil
}

// logAttempt logs one attempt at debug level: what was asked, the status
// (0 when no answer came) and, for a failure, the error, which never holds
// a key or a payload.
func logAttempt(ctx context.Context, l *slog.Logger, op operation, status, n int, start time.Time, err error) {
	if !l.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{slog.String("method", op.method), slog.String("path", op.path())}
	if status != 0 {
		attrs = append(attrs, slog.Int("status", status))
	}
	attrs = append(attrs, slog.Duration("duration", time.Since(start)), slog.Int("attempt", n))
	msg := "oneall: request"
	var te *transportError
	if errors.As(err, &te) {
		msg = "oneall: request failed"
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	l.LogAttrs(ctx, slog.LevelDebug, msg, attrs...)
}

// stopped reports a call ended by its context, keeping the last failure.
func stopped(op operation, ctxErr, last error) error {
	if last == nil {
		return fmt.Errorf("oneall: %s %s: %w", op.method, loggedPath(op.path()), ctxErr)
	}
	return fmt.Errorf("%w; retry abandoned: %w", last, ctxErr)
}

// transportError is a request that got no complete answer: no connection,
// a reset, a timeout, a body cut short.
type transportError struct {
	op  operation
	err error
}

func (e *transportError) Error() string {
	return fmt.Sprintf("oneall: %s %s: %v", e.op.method, loggedPath(e.op.path()), redactURL(e.err))
}

func (e *transportError) Unwrap() error { return e.err }

// Is makes every transport failure match ErrNetwork.
func (e *transportError) Is(target error) bool { return target == ErrNetwork }

// bodyError is an answer whose body could not be read to its end.
type bodyError struct {
	status int
	err    error
}

func (e *bodyError) Error() string {
	return fmt.Sprintf("reading the %d answer: %v", e.status, e.err)
}

func (e *bodyError) Unwrap() error { return e.err }

// redactURL drops the URL from a *url.Error: the path is already named, and
// a caller-supplied URL could carry more than it should.
func redactURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
