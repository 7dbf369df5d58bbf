package onealltest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/internal/jsonscan"
)

// ---- Request bodies.

// errBodyTooLarge is reported for bodies over their limit (bodyLimit).
var errBodyTooLarge = errors.New("request body too large")

// readBody reads the whole request body, whatever its Content-Type: OneAll
// accepts JSON sent as application/json or as a form.
func readBody(r *http.Request, limit int) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > limit {
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
