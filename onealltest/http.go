package onealltest

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// OneAll's texts.
const (
	infoOK              = "Your request has been processed successfully"
	infoMultiStatus     = "Your request has partially been processed, multiple results and response codes available"
	infoUnauthorized    = "Authentication credentials are missing or incorrect: http://docs.oneall.com/api/basic/authentication/"
	infoNoIdentity      = "No identity has been found for the specified identity_token"
	infoNoUser          = "No user has been found for the specified user_token"
	infoInvalidCreds    = "Invalid Credentials"
	infoNoUserFound     = "No User found"
	infoRelinked        = "The identity has successfully been linked to the specified user"
	infoUserDeleted     = "The specified user has been removed successfully"
	infoIdentityDeleted = "The identity has been removed successfully"
	infoConfirmDeletion = "The request cannot be processed. The parameter confirm_deletion=true is required to confirm the deletion"
	infoLoginTaken      = "The login is already used by another user"
	infoExternalIDTaken = "The externalid is already used by another user"
	info429             = "You have send too many requests in a given amount of time"
	info500             = "The server encountered an unrecoverable error"
	info502             = "The API is having technical problems or is in maintenance"
	info503             = "The API is overloaded with requests"
)

// badNode is OneAll's answer to a body that does not have the expected shape.
func badNode(node string) string {
	return "The request cannot be processed. Please verify the format of the [" + node + "] node."
}

// maxRequestBody bounds what the server reads of a request body.
const maxRequestBody = 1 << 20

// response is a complete answer, built before anything is written so that
// a fault can replace it.
type response struct {
	status      int
	body        []byte
	contentType string // "" is application/json
	// retryAfter, when set, is sent as Retry-After (whole seconds, rounded
	// down) and Retry-After-Ms (milliseconds, rounded up).
	retryAfter *time.Duration
}

func (r *response) contentTypeOrJSON() string {
	if r.contentType == "" {
		return "application/json"
	}
	return r.contentType
}

func (r *response) write(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", r.contentTypeOrJSON())
	h.Set("Content-Length", strconv.Itoa(len(r.body)))
	if d := r.retryAfter; d != nil {
		h.Set("Retry-After", strconv.FormatInt(int64(*d/time.Second), 10))
		h.Set("Retry-After-Ms", strconv.FormatInt(int64((*d+time.Millisecond-1)/time.Millisecond), 10))
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body)
}

// envelope is OneAll's response envelope.
type envelope struct {
	Response envelopeResponse `json:"response"`
}

type envelopeResponse struct {
	Request api.RequestInfo `json:"request"`
	Result  *envelopeResult `json:"result,omitempty"`
}

type envelopeResult struct {
	Status *api.Status `json:"status,omitempty"`
	Data   any         `json:"data,omitempty"`
}

// call is one request being served.
type call struct {
	s        *Server
	r        *http.Request
	op       *operation // unknownOp when no operation matches
	token    string     // the path's first parameter: its identity_token, user_token...
	path     pathValues // every path parameter, in the order of op.params
	resource string     // path and query, as OneAll echoes it
	query    url.Values
	// identityAt is where the body holds an identity, to name a bad member.
	identityAt []string
	body       []byte
	bodyErr    error
}

func (s *Server) newCall(r *http.Request) *call {
	c := &call{s: s, r: r, resource: r.URL.Path}
	if r.URL.RawQuery != "" {
		c.resource += "?" + r.URL.RawQuery
	}
	c.op, c.path = route(r)
	c.token = c.path[0]
	return c
}

// serve authenticates and handles a request.
func (s *Server) serve(c *call) *response {
	user, pass, hasAuth := c.r.BasicAuth()
	authOK := hasAuth &&
		subtle.ConstantTimeCompare([]byte(user), []byte(s.PublicKey)) == 1 &&
		subtle.ConstantTimeCompare([]byte(pass), []byte(s.PrivateKey)) == 1
	if !authOK && (hasAuth || c.r.Header.Get("Authorization") != "" || !c.op.noAuth) {
		return c.fail(http.StatusUnauthorized, infoUnauthorized)
	}
	if c.op.handler == nil {
		return c.fail(http.StatusNotFound, "The URI requested is invalid or the resource does not exist: "+c.r.Method+" "+truncate(c.r.URL.Path, 200))
	}
	// Like PHP, OneAll ignores what it cannot parse in a query string.
	c.query = c.r.URL.Query()
	return c.op.handler(s, c)
}

// reply builds an envelope answer. Callers that pass state in data hold the
// state lock: the answer is encoded here, before the lock is released.
func (c *call) reply(status int, flag, info string, result *envelopeResult) *response {
	env := envelope{Response: envelopeResponse{
		Request: api.RequestInfo{
			Date:     api.Timestamp{Time: c.s.Now()},
			Resource: c.resource,
			Status:   api.Status{Flag: flag, Code: api.FlexInt(status), Info: info},
		},
		Result: result,
	}}
	body, err := encodeJSON(env)
	if err != nil {
		// A bug in the server, not in the caller: say so the OneAll way.
		env.Response.Result = nil
		env.Response.Request.Status = api.Status{Flag: "error", Code: http.StatusInternalServerError, Info: info500 + ": " + err.Error()}
		body, _ = encodeJSON(env)
		status = http.StatusInternalServerError
	}
	return &response{status: status, body: body}
}

// encodeJSON encodes v without escaping <, > and &, as OneAll writes them.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// ok answers a success with data (and an optional result status).
func (c *call) ok(status int, data any, resultStatus *api.Status) *response {
	return c.reply(status, "success", infoOK, &envelopeResult{Status: resultStatus, Data: data})
}

// fail answers an error envelope without a result, as OneAll does.
func (c *call) fail(status int, info string) *response {
	return c.reply(status, "error", info, nil)
}

func (c *call) bad(node string) *response { return c.fail(http.StatusBadRequest, badNode(node)) }

func (c *call) badParam(info string) *response {
	return c.fail(http.StatusBadRequest, "The request cannot be processed. "+info)
}

// pathParam returns a path parameter by name ("" when the operation's path
// has none of that name).
func (c *call) pathParam(name string) string {
	for i, n := range c.op.params {
		if n == name {
			return c.path[i]
		}
	}
	return ""
}

func (c *call) noIdentity() *response { return c.fail(http.StatusNotFound, infoNoIdentity) }

func (c *call) noUser() *response { return c.fail(http.StatusNotFound, infoNoUser) }

// resultStatus is the operation status of result.status.
func resultStatus(info string) *api.Status {
	return &api.Status{Flag: "success", Code: http.StatusOK, Info: info}
}

// ---- Query parameters.

// paging is a validated page request.
type paging struct {
	page, perPage int
	desc          bool
}

// parsePaging reads page, entries_per_page and order_direction, with the
// limits and defaults of openapi.yaml (an operation that declares none of
// them gets their defaults).
func (c *call) parsePaging() (paging, *response) {
	var p paging
	var bad *response
	if p.page, bad = c.intParam("page"); bad != nil {
		return p, bad
	}
	if p.perPage, bad = c.intParam("entries_per_page"); bad != nil {
		return p, bad
	}
	order, bad := c.enumParam("order_direction")
	p.desc = order == "desc" // OneAll's default is ascending
	return p, bad
}

// confirmed checks confirm_deletion=true.
func (c *call) confirmed() *response {
	v, given, bad := c.boolParam("confirm_deletion")
	if !given || bad != nil || !v {
		return c.fail(http.StatusBadRequest, infoConfirmDeletion)
	}
	return nil
}

// window returns the positions in a list of total entries that a page
// shows, and the pagination node.
func (p paging) window(total int) (positions []int, pg pagination) {
	pages := max(1, (total+p.perPage-1)/p.perPage)
	dir := "asc"
	if p.desc {
		dir = "desc"
	}
	pg = pagination{
		CurrentPage:    p.page,
		TotalPages:     pages,
		EntriesPerPage: p.perPage,
		TotalEntries:   total,
		Order:          paginationOrder{Field: "date_creation", Direction: dir},
	}
	start := (p.page - 1) * p.perPage
	if p.page > pages || start >= total {
		return []int{}, pg
	}
	end := min(start+p.perPage, total)
	positions = make([]int, 0, end-start)
	for i := start; i < end; i++ {
		if p.desc {
			positions = append(positions, total-1-i)
		} else {
			positions = append(positions, i)
		}
	}
	return positions, pg
}

// pagination is the pagination node; every member is always present.
type pagination struct {
	CurrentPage    int             `json:"current_page"`
	TotalPages     int             `json:"total_pages"`
	EntriesPerPage int             `json:"entries_per_page"`
	TotalEntries   int             `json:"total_entries"`
	Order          paginationOrder `json:"order"`
}

type paginationOrder struct {
	Field     string `json:"field"`
	Direction string `json:"direction"`
}

// list is one page of a list: the pagination node, the count of entries on
// this page and the entries (an empty array past the last page).
type list[T any] struct {
	Pagination pagination `json:"pagination"`
	Count      int        `json:"count"`
	Entries    []T        `json:"entries"`
}

// pageOf returns the page of items that p selects.
func pageOf[T any](items []T, p paging) list[T] {
	return pageMapped(items, p, func(x T) T { return x })
}

// pageMapped returns the page of items that p selects, each as node says.
func pageMapped[T, N any](items []T, p paging, node func(T) N) list[N] {
	pos, pg := p.window(len(items))
	out := list[N]{Pagination: pg, Entries: make([]N, len(pos))}
	for i, j := range pos {
		out.Entries[i] = node(items[j])
	}
	out.Count = len(out.Entries)
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
