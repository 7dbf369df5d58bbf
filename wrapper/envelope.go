package wrapper

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// envelope is OneAll's response envelope around a payload of type D.
type envelope[D any] struct {
	Response *struct {
		Request *api.RequestInfo `json:"request"`
		Result  *struct {
			Status *api.Status `json:"status"`
			Data   *D          `json:"data"`
		} `json:"result"`
	} `json:"response"`
}

// decodeError turns a failed answer into an *APIError, reading OneAll's
// status from the envelope when there is one (a proxy's HTML page has none).
func decodeError(op operation, ans *answer) *APIError {
	e := newAPIError(op, ans)
	var env envelope[json.RawMessage]
	if json.Unmarshal(ans.body, &env) == nil && env.Response != nil {
		e.fill(env.Response.Request, resultStatus(env))
		if r := env.Response.Result; r != nil && r.Data != nil {
			e.data = *r.Data
		}
	}
	if ans.status < 200 || ans.status > 299 {
		e.kind = classify(ans.status)
	}
	if ans.status >= 300 && ans.status <= 399 {
		e.Info = "refused to follow a redirect to " + truncate(ans.header.Get("Location"), 200) + ": OneAll does not redirect API calls"
	}
	return e
}

func newAPIError(op operation, ans *answer) *APIError {
	body := ans.body
	// A 2xx JSON answer is a payload, whose identities carry the users'
	// access tokens: keep it out of the error. HTML, empty or error bodies
	// are what one needs to debug.
	if ans.status >= 200 && ans.status <= 299 && looksLikeJSON(body) {
		body = nil
	}
	if len(body) > maxErrorBody {
		body = body[:maxErrorBody]
	}
	return &APIError{
		StatusCode: ans.status,
		Method:     op.method,
		Resource:   op.path,
		RetryAfter: parseRetryAfter(ans.header.Get("Retry-After"), time.Now()),
		Body:       append([]byte(nil), body...),
		kind:       ErrUnexpectedResponse,
	}
}

// fill copies OneAll's explanation: the result status when it reports the
// error, the request status otherwise.
func (e *APIError) fill(req *api.RequestInfo, res *api.Status) {
	st := res
	if st == nil || (st.Flag != "error" && req != nil && req.Status.Flag == "error") {
		if req != nil {
			st = &req.Status
		}
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

func looksLikeJSON(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

func resultStatus[D any](env envelope[D]) *api.Status {
	if env.Response.Result == nil {
		return nil
	}
	return env.Response.Result.Status
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

// decode reads a final answer: an *APIError for a non-2xx status, an error
// flag inside the envelope, or a body that is not an envelope or lacks the
// payload that need asks for; otherwise the payload.
func decode[D any](op operation, ans *answer, need check[D]) (*decoded[D], error) {
	if ans.status < 200 || ans.status > 299 {
		return nil, decodeError(op, ans)
	}
	var env envelope[D]
	if err := json.Unmarshal(ans.body, &env); err != nil {
		// The payload may not fit D because the answer is an error: look
		// again for an error flag before calling it unexpected.
		if e := decodeError(op, ans); e.Flag == "error" {
			e.kind = classify(e.Code)
			return nil, e
		}
		e := newAPIError(op, ans)
		e.Info = "cannot decode the answer: " + truncate(err.Error(), 200)
		return nil, e
	}
	if env.Response == nil || env.Response.Request == nil {
		return nil, newAPIError(op, ans)
	}
	req, res := env.Response.Request, resultStatus(env)
	if req.Status.Flag == "error" || (res != nil && res.Flag == "error") {
		e := decodeError(op, ans)
		e.kind = classify(e.Code)
		return nil, e
	}
	d := &decoded[D]{status: ans.status, request: req}
	if env.Response.Result != nil {
		d.data = env.Response.Result.Data
	}
	if need != nil {
		missing := "result.data"
		if d.data != nil {
			missing = need(d.data)
		}
		if missing != "" {
			e := newAPIError(op, ans)
			e.Info = "the answer has no " + missing
			return nil, e
		}
	}
	return d, nil
}

// Payload checks: a success without the resource it is about is not one.

func anyData[D any](*D) string { return "" }

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

func hasIdentities(d *identityListData) string {
	if d.Identities == nil {
		return "identities"
	}
	return ""
}

func hasUsers(d *userListData) string {
	if d.Users == nil {
		return "users"
	}
	return ""
}

// isCredentialsInfo tells OneAll's "API keys are wrong" 401 from the lookup
// endpoint's "user password is wrong" 401.
func isCredentialsInfo(info string) bool {
	return strings.Contains(strings.ToLower(info), "authentication credentials are missing or incorrect")
}
