package onealltest

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/internal/jsonscan"
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
	token    string     // the identity_token or user_token of the path
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
	c.op, c.token = s.spec.route(r)
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

// ---- Request bodies.

// errBodyTooLarge is reported for bodies over maxRequestBody.
var errBodyTooLarge = errors.New("request body too large")

// readBody reads the whole request body, whatever its Content-Type: OneAll
// accepts JSON sent as application/json or as a form.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxRequestBody {
		return nil, errBodyTooLarge
	}
	return b, nil
}

// readBody returns the request body, read when the request arrived.
func (c *call) readBody() ([]byte, error) { return c.body, c.bodyErr }

// decodeBody decodes a request envelope into v after checking that the
// objects on the path required exist ("request", then "user", ...). The
// error answer names the node at fault; def is the node named when the
// decoder cannot say more precisely.
func (c *call) decodeBody(v any, def string, required ...string) ([]byte, *response) {
	body, err := c.readBody()
	if err != nil {
		return nil, c.bad("request")
	}
	if node := missingObject(body, required); node != "" {
		return nil, c.bad(node)
	}
	if err := decodeStrict(body, v); err != nil {
		node := nodeOf(err, def)
		if node == def && c.identityAt != nil {
			node = identityError(body, c.identityAt, node)
		}
		return nil, c.bad(node)
	}
	return body, nil
}

// decodeOptional decodes an optional request envelope into v: an empty body
// leaves v as it is; a body must have the request node. def is the node named
// when the decoder cannot say more precisely.
func (c *call) decodeOptional(v any, def string) *response {
	raw, err := c.readBody()
	if err != nil {
		return c.bad("request")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	if node := missingObject(raw, []string{"request"}); node != "" {
		return c.bad(node)
	}
	if err := decodeStrict(raw, v); err != nil {
		return c.bad(nodeOf(err, def))
	}
	return nil
}

// readingRE finds the member named by the errors of the generated decoders.
var readingRE = regexp.MustCompile(`error reading '([^']+)'`)

// identityError names the member of the identity node at path that does not
// decode, or returns def. The generated decoder of api.Identity reports the
// member in its message rather than in a *json.UnmarshalTypeError.
func identityError(body []byte, path []string, def string) string {
	raw := json.RawMessage(body)
	for _, name := range path {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil || m[name] == nil {
			return def
		}
		raw = m[name]
	}
	var id api.Identity
	err := json.Unmarshal(raw, &id)
	if err == nil {
		return def
	}
	node := strings.Join(path, "->")
	if m := readingRE.FindStringSubmatch(err.Error()); m != nil {
		node += "->" + m[1]
	}
	return node
}

// decodeStrict decodes exactly one JSON value into v; numbers in free-form
// data keep their exact text.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// missingObject returns the first node of path (as "request->user") that
// is absent or not an object in body, or "" when they all are. Keys match
// exactly (as in a map), and of two members of one name the last counts.
func missingObject(body []byte, path []string) string {
	if len(path) == 0 {
		return ""
	}
	if !json.Valid(body) {
		return path[0]
	}
	return missingIn(body, path)
}

// missingIn is missingObject for a body known to be valid JSON.
func missingIn(body []byte, path []string) string {
	raw := body
	for i, name := range path {
		if !isObject(raw) {
			return strings.Join(path[:max(i, 1)], "->")
		}
		next, ok := member(raw, name, false)
		if !ok || !isObject(next) {
			return strings.Join(path[:i+1], "->")
		}
		raw = next
	}
	return ""
}

// member returns the value of the member name of the JSON object obj
// (valid JSON), the last one if there are several, as encoding/json keeps:
// keys match exactly (as in a map) or, with fold, case-insensitively (as
// in a struct).
func member(obj []byte, name string, fold bool) (value []byte, found bool) {
	jsonscan.EachNamed(obj, name, fold, func(v []byte) { value, found = v, true })
	return value, found
}

func isObject(raw json.RawMessage) bool {
	t := bytes.TrimLeft(raw, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// nodeOf names the node a decoding error is about.
func nodeOf(err error, def string) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return strings.ReplaceAll(te.Field, ".", "->")
	}
	return def
}

// field is a member of a JSON object as sent: absent, null, blank ("") or
// a value. Updates need the difference.
type field json.RawMessage

func (f field) absent() bool { return len(f) == 0 }

// nullOrBlank reports null or "" (or a blank string).
func (f field) nullOrBlank() bool {
	t := bytes.TrimSpace(f)
	if string(t) == "null" {
		return true
	}
	var s string
	return json.Unmarshal(t, &s) == nil && strings.TrimSpace(s) == ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
