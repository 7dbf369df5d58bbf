package wrapper

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// Do sends one call that the typed services do not model, with everything
// they have: the site's keys, OneAll's envelope read and checked, retries,
// *APIError and the sentinels, the logger, and no key, header or body ever
// in an error or a log.
//
// method is GET, POST, PUT, PATCH or DELETE (in any case). path is the
// resource relative to the API root, with its query if any:
// "/shorturls.json?page=2" and "shorturls.json" are the same call. An
// absolute URL, a host ("//host/..."), a "." or ".." segment (escaped or
// not), a backslash, a fragment, a space or a control character is an
// ErrInvalidInput, and nothing is sent. Path parameters are the caller's to
// escape (url.PathEscape); logs and errors name the path without its query.
//
// body nil sends no body. Any other body is sent as the whole JSON request
// body, as is: Do adds no {"request": ...} envelope, since OneAll's calls do
// not all take one. A json.RawMessage is sent byte for byte once checked to
// be valid JSON; any other value is encoded with encoding/json. A []byte
// (which encoding/json would send as a base64 string), a body that does not
// encode and one that encodes to null are ErrInvalidInput.
//
// out, when not nil, must be a non-nil pointer: it receives the answer's
// response.result.data, decoded with encoding/json (a *json.RawMessage gets
// its bytes). When the answer has no result.data, out is left as it was.
// When result.data does not decode into out, the call has nonetheless been
// carried out: the error is an *APIError that matches ErrUnexpectedResponse.
//
// A call to an operation of openapi.yaml (by its method and path) is
// retried as the spec's x-oneall.retry says, as the typed methods are: the
// import's PUT /users.json is sent once, a POST lookup may be sent again.
// Any other call goes by its method: GET, PUT and DELETE are retried once
// they may have reached OneAll; POST and PATCH are sent once (retried only
// when the request provably never left), since a second one could create
// or publish twice. WithIdempotent, given to this call, says otherwise.
func (c *Client) Do(ctx context.Context, method, path string, body, out any, opts ...Option) error {
	m, err := checkMethod(method)
	if err != nil {
		return err
	}
	rel, err := checkRelPath(path)
	if err != nil {
		return err
	}
	payload, err := encodeBody(body)
	if err != nil {
		return err
	}
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			return invalidInput("out", "must be nil or a non-nil pointer, got %T", out)
		}
	}
	cs, err := c.call.apply(opts)
	if err != nil {
		return err
	}
	var r io.Reader
	if payload != nil {
		// A *bytes.Reader gives the request a GetBody, so that a retry
		// sends the body again.
		r = bytes.NewReader(payload)
	}
	req, err := http.NewRequest(m, c.conn.server+rel, r)
	if err != nil {
		return invalidInput("path", "is not a valid URL path")
	}
	op := c.doOperation(req, cs.doReplay)
	c.conn.prepare(req, cs.header)
	if payload != nil {
		req.Header["Content-Type"] = contentTypeJSON
	}
	d, err := send[json.RawMessage](ctx, c, &cs, op, req, nil)
	if err != nil {
		return err
	}
	if out == nil || d.data == nil {
		return nil
	}
	if err := json.Unmarshal(*d.data, out); err != nil {
		// The payload is never quoted: it may hold an access token.
		e := &APIError{StatusCode: d.status, Method: op.method, Resource: op.path(), kind: ErrUnexpectedResponse}
		e.Info = fmt.Sprintf("the call succeeded, but result.data does not decode into %T: %s", out, truncate(err.Error(), 200))
		return e
	}
	return nil
}

// WithIdempotent sets Client.Do's retry class: true lets a call be sent
// again after it may have reached OneAll (a read, a replace, a delete),
// false sends it once (a creation, an append, a publication). Without it
// the method decides: GET, PUT and DELETE are idempotent, POST and PATCH
// are not. Typed methods ignore it: their class is the operation's.
func WithIdempotent(idempotent bool) Option {
	return func(s *callSettings) error {
		s.doReplay = -1
		if idempotent {
			s.doReplay = 1
		}
		return nil
	}
}

var contentTypeJSON = []string{"application/json"}

// doOperation names a Do call for the retry loop, logs and errors: the
// spec's operation when the call is one, with its retry class (see doReplay).
func (c *Client) doOperation(req *http.Request, set int8) operation {
	op := operation{method: req.Method, url: req.URL, basePath: c.conn.basePath}
	spec := specOperation(req.Method, strings.TrimPrefix(op.path(), "/"))
	op.replay = doReplay(req.Method, set, spec)
	if spec != nil {
		op.id = spec.id
	}
	return op
}

// doReplay is the retry class of a Do call: the option's, else that of the
// spec's operation spec (if the call is one), else the method's.
func doReplay(method string, set int8, spec *opInfo) replay {
	switch {
	case set > 0:
		return idempotent
	case set < 0:
		return sendOnce
	case spec != nil:
		return spec.replay
	}
	return replay(method == http.MethodGet || method == http.MethodPut || method == http.MethodDelete)
}

// checkMethod upper-cases method and refuses what OneAll's API does not
// use: HEAD and OPTIONS answers carry no envelope to read.
func checkMethod(method string) (string, error) {
	m := strings.ToUpper(method)
	switch m {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return m, nil
	}
	return "", invalidInput("method", "must be GET, POST, PUT, PATCH or DELETE, got %q", truncate(method, 16))
}

// checkRelPath refuses a path that could leave the API root or smuggle
// something into the request line, and returns it without leading slashes,
// ready to follow the base URL's trailing one. It never quotes the path,
// which may carry a token.
func checkRelPath(p string) (string, error) {
	if p == "" {
		return "", invalidInput("path", "is empty")
	}
	if err := checkPathBytes(p); err != nil {
		return "", err
	}
	if strings.HasPrefix(p, "//") {
		return "", invalidInput("path", "must be relative to the API root, not name a host")
	}
	u, err := url.Parse(p)
	if err != nil {
		return "", invalidInput("path", "is not a valid URL path")
	}
	if u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "", invalidInput("path", "must be relative to the API root (e.g. \"/shorturls.json\"), not a URL with a scheme or host")
	}
	// u.Path is unescaped: "%2e%2e" and "%2F" are caught too.
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == "." || seg == ".." {
			return "", invalidInput("path", "must not have a \".\" or \"..\" segment")
		}
	}
	rel := strings.TrimLeft(p, "/")
	if rel == "" || rel[0] == '?' {
		return "", invalidInput("path", "names no resource")
	}
	return rel, nil
}

// checkPathBytes refuses the bytes that have no place in a request path:
// white space and control characters, a backslash, a fragment.
func checkPathBytes(p string) error {
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c <= ' ' || c == 0x7f:
			return invalidInput("path", "contains a space or a control character")
		case c == '\\':
			return invalidInput("path", "contains a backslash")
		case c == '#':
			return invalidInput("path", "must not have a fragment ('#')")
		}
	}
	return nil
}

// encodeBody is the request body of body, or nil for none.
func encodeBody(body any) ([]byte, error) {
	switch b := body.(type) {
	case nil:
		return nil, nil
	case json.RawMessage:
		if !json.Valid(b) {
			return nil, invalidInput("body", "the json.RawMessage is not valid JSON")
		}
		if string(bytes.TrimSpace(b)) == "null" {
			return nil, invalidInput("body", "is null; pass nil for no body")
		}
		return b, nil
	case []byte:
		return nil, invalidInput("body", "is a []byte, which encoding/json sends as a base64 string; pass a json.RawMessage to send JSON as is")
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, invalidInput("body", "cannot be encoded as JSON: %s", truncate(err.Error(), 200))
	}
	if string(b) == "null" {
		return nil, invalidInput("body", "encodes to null (a nil %T); pass nil for no body", body)
	}
	return b, nil
}
