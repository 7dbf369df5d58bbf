package wrapper

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// envelope is OneAll's response envelope around a payload of type D.
// response, request and result are values, not pointers (one allocation
// less each): an absent one and an empty one mean the same here, no request
// status and no payload.
type envelope[D any] struct {
	Response struct {
		// Request is read through request(), which tells an absent one.
		Request api.RequestInfo `json:"request"`
		Result  struct {
			Status *api.Status `json:"status"`
			Data   *D          `json:"data"`
		} `json:"result"`
	} `json:"response"`
}

// request is the envelope's request information, or nil when the answer
// has none (or an empty one, which says nothing either).
func (e *envelope[D]) request() *api.RequestInfo {
	r := &e.Response.Request
	if r.Status == (api.Status{}) && r.Resource == "" && r.Date.IsZero() {
		return nil
	}
	return r
}

// decoded is a successful answer's payload and statuses.
type decoded[D any] struct {
	status  int
	data    *D
	request *api.RequestInfo
}

// check names what a payload lacks ("" when it is complete); a nil check
// means the payload is optional.
type check[D any] func(*D) string

// readAnswer decodes an answer while reading it: the payload of a success,
// or an error. A non-2xx status, a status inside the envelope that reports a
// failure, a body that is not an envelope or lacks the payload that need
// asks for, and an answer over MaxAnswerSize are *APIErrors; a body cut
// short is a transport error.
func readAnswer[D any](ctx context.Context, op operation, resp *http.Response, need check[D]) (decoded[D], error) {
	// The reader, the envelope and the payload share one allocation.
	st := &answerState[D]{}
	ar := &st.ar
	if err := ar.init(ctx, resp); err != nil {
		return decoded[D]{}, &transportError{op: op, err: err}
	}
	defer ar.finish()
	if !success(resp.StatusCode) {
		return decoded[D]{}, readError(ar, op, resp)
	}
	derr := st.decode(resp)
	if err := ar.failure(op, resp); err != nil {
		return decoded[D]{}, err
	}
	if err := st.envelopeError(op, resp, derr); err != nil {
		return decoded[D]{}, err
	}
	d := decoded[D]{status: resp.StatusCode, request: st.env.request(), data: st.env.Response.Result.Data}
	if need != nil {
		missing := "result.data"
		if d.data != nil {
			missing = need(d.data)
		}
		if missing != "" {
			e := newAPIError(op, resp, nil)
			e.Info = "the answer has no " + missing
			return decoded[D]{}, e
		}
	}
	return d, nil
}

// answerState is what reading a success takes: the reader, the envelope
// and the payload, in one allocation.
type answerState[D any] struct {
	ar   answerReader
	env  envelope[D]
	data D
}

// decode decodes a success's envelope.
func (st *answerState[D]) decode(resp *http.Response) error {
	ar, env := &st.ar, &st.env
	var settle func([]byte)
	if bufferable(ar, resp) {
		// The payload is decoded in place. Whether it was there at all
		// (it may be left out) is then told from the answer's text, in
		// the rare case where it decoded to the zero value.
		env.Response.Result.Data = &st.data
		settle = func(b []byte) {
			if env.Response.Result.Data == &st.data && reflect.ValueOf(&st.data).Elem().IsZero() && !hasResultData(b) {
				env.Response.Result.Data = nil
			}
		}
	}
	return decodeSuccess(ar, resp, env, settle)
}

// envelopeError is the error of a success whose envelope says otherwise,
// did not decode (derr), or has no request information; nil when it is a
// success indeed.
func (st *answerState[D]) envelopeError(op operation, resp *http.Response, derr error) error {
	ar, env := &st.ar, &st.env
	// A status reporting a failure wins, even over a payload that did
	// not decode: it may not fit D because the answer is an error.
	if failure(env.request(), resultStatus(env)) != nil {
		e := newAPIError(op, resp, ar.head)
		e.fill(env.request(), resultStatus(env))
		e.kind = classify(e.Code)
		if r := env.Response.Result; r.Data != nil && derr == nil {
			// Kept as JSON, as for an error status (this path is rare).
			e.data, _ = json.Marshal(r.Data)
		}
		return e
	}
	if derr != nil {
		ar.fillHead()
		e := newAPIError(op, resp, ar.head)
		e.Info = "cannot decode the answer: " + truncate(derr.Error(), 200)
		return e
	}
	if env.request() == nil {
		return newAPIError(op, resp, ar.head)
	}
	return nil
}

// readError reads an answer with a failure status into its *APIError, or
// the transport error that cut it short.
func readError(ar *answerReader, op operation, resp *http.Response) error {
	dec := json.NewDecoder(ar)
	// An error answer is small; its result.data, which some failures
	// carry (a connection refused), is kept for the services that know
	// its type.
	var env envelope[json.RawMessage]
	derr := dec.Decode(&env)
	if err := ar.failure(op, resp); err != nil {
		return err
	}
	ar.fillHead()
	e := newAPIError(op, resp, ar.head)
	e.kind = classify(resp.StatusCode)
	if derr == nil {
		e.fill(env.request(), resultStatus(&env))
		if r := env.Response.Result; r.Data != nil {
			e.data = *r.Data
		}
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.Info = "refused to follow a redirect to " + truncate(resp.Header.Get("Location"), 200) + ": OneAll does not redirect API calls"
	}
	return e
}

// failure is the error of an answer that could not be read: a transport
// error when the connection failed, an ErrUnexpectedResponse (never
// retried) when the answer passed MaxAnswerSize; nil otherwise.
func (a *answerReader) failure(op operation, resp *http.Response) error {
	switch {
	case a.err != nil:
		return &transportError{op: op, err: &bodyError{status: resp.StatusCode, err: a.err}}
	case a.tooLarge:
		e := newAPIError(op, resp, a.head)
		e.kind = ErrUnexpectedResponse
		e.Info = errTooLarge.Error() + " (counted after decompression); it is not a OneAll answer"
		return e
	}
	return nil
}

// newAPIError is an ErrUnexpectedResponse about resp, with head as its
// Body; the caller sets what it knows better.
func newAPIError(op operation, resp *http.Response, head []byte) *APIError {
	return &APIError{
		StatusCode: resp.StatusCode,
		Method:     op.method,
		Resource:   op.path(),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
		Body:       head,
		kind:       ErrUnexpectedResponse,
	}
}

// fill copies OneAll's explanation: the status that reports a failure (the
// result's before the request's), else the result's, else the request's.
func (e *APIError) fill(req *api.RequestInfo, res *api.Status) {
	st := failure(req, res)
	if st == nil {
		st = res
	}
	if st == nil && req != nil {
		st = &req.Status
	}
	if st == nil {
		return
	}
	e.Flag, e.Code = st.Flag, st.Code.Int()
	e.Info = st.Info
	if e.Info == "" {
		e.Info = st.Message
	}
}

// failure returns the status that reports a failure, the result's before
// the request's, or nil. A status fails when its flag is "error" in any case
// or its code is 400 or more, whatever the flag says; other flags
// ("success", "multistatus", "scheduled" with 201...) are accepted.
func failure(req *api.RequestInfo, res *api.Status) *api.Status {
	if res != nil && failed(res) {
		return res
	}
	if req != nil && failed(&req.Status) {
		return &req.Status
	}
	return nil
}

func failed(st *api.Status) bool {
	return strings.EqualFold(strings.TrimSpace(st.Flag), "error") || st.Code.Int() >= 400
}

func looksLikeJSON(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

func resultStatus[D any](env *envelope[D]) *api.Status {
	return env.Response.Result.Status
}

// Payload checks stricter than the spec's "payload member present"
// (payloadCheck): a success whose resource has no token is not one.

func hasIdentity(d *api.IdentityData) string {
	if d.Identity.IdentityToken == "" {
		return "identity"
	}
	return ""
}

func hasUser(d *api.UserData) string {
	if d.User.UserToken == "" {
		return "user"
	}
	return ""
}

func hasSyncUser(d *SyncResult) string {
	if d.User.UserToken == "" {
		return "user"
	}
	return ""
}

func hasStorageUser(d *api.StorageUserData) string {
	if d.User.UserToken == "" {
		return "user"
	}
	return ""
}

// identityListData and userListData are api.IdentityListData and
// api.UserListData with the list as a pointer: the models are values, and
// only a pointer tells an answer without the list from an empty list.
type identityListData struct {
	Identities *api.IdentityList `json:"identities"`
}

type userListData struct {
	Users *api.UserList `json:"users"`
}

// isCredentialsInfo tells OneAll's "API keys are wrong" 401 from the lookup
// endpoint's "user password is wrong" 401.
func isCredentialsInfo(info string) bool {
	return strings.Contains(strings.ToLower(info), "authentication credentials are missing or incorrect")
}
