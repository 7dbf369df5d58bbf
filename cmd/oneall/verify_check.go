package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Severities of a finding: drift fails the run, info does not.
const (
	sevDrift = "drift"
	sevInfo  = "info"
)

// Kinds of findings.
const (
	kindStatus  = "status"         // a status the operation does not list
	kindUnknown = "unknown-member" // a member the schema does not name
	kindMissing = "missing-member" // a required member is absent
	kindAbsent  = "absent-member"  // an optional member of the spec's example is absent (info)
	kindType    = "type"           // a JSON type the schema does not allow
	kindValue   = "value"          // the right type, but outside the schema (pattern, enum, format...)
	kindInvalid = "invalid"        // what else kin-openapi's validation refused
)

// finding is one difference between an answer and the spec.
type finding struct {
	Severity  string `json:"severity"`
	Operation string `json:"operation"`
	Status    int    `json:"status"`
	// Path is where in the answer, from its root, with "[]" for any array
	// element; "" is the answer itself.
	Path     string `json:"path"`
	Kind     string `json:"kind"`
	Expected string `json:"expected"`
	// Got is a JSON type (or a status), never a value...
	Got string `json:"got"`
	// ...unless --show-values, and then never a secret's.
	Value string `json:"value,omitempty"`
}

// checker compares answers with the spec.
type checker struct {
	doc        *openapi3.T
	showValues bool
}

// answer is what one call received.
type answer struct {
	status int
	header http.Header
	body   []byte
	tree   any // the body decoded, nil if it is not JSON
}

// check returns the findings of one answer to o.
func (c *checker) check(ctx context.Context, o *vop, a *answer) []finding {
	ref := o.op.Responses.Status(a.status)
	if ref == nil {
		ref = o.op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return []finding{{Severity: sevDrift, Operation: o.id, Status: a.status, Kind: kindStatus,
			Expected: "one of " + strings.Join(listedStatuses(o.op), " "), Got: strconv.Itoa(a.status)}}
	}
	w := walker{c: c, op: o.id, status: a.status}
	if mt := ref.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && a.tree != nil {
		w.examples = examplePaths(mt)
		w.value(a.tree, mt.Schema.Value, "", "")
	}
	found := w.found
	for _, e := range c.validate(ctx, o, a) {
		if !slices.ContainsFunc(found, func(f finding) bool { return related(f.Path, e.Path) }) {
			found = append(found, e)
		}
	}
	return found
}

// listedStatuses are the statuses the operation documents.
func listedStatuses(op *openapi3.Operation) []string {
	var out []string
	for code := range op.Responses.Map() {
		out = append(out, code)
	}
	slices.Sort(out)
	return out
}

// related reports whether one path is the other or holds it; the answer
// itself ("") is related only to itself.
func related(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || a != "" && strings.HasPrefix(b, a) && (b[len(a)] == '.' || b[len(a)] == '[')
}

// validate is kin-openapi's response validation, as findings.
func (c *checker) validate(ctx context.Context, o *vop, a *answer) []finding {
	req, _ := http.NewRequestWithContext(ctx, o.method, "http://verify.invalid"+o.path, nil)
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req,
			Route:   &routers.Route{Spec: c.doc, Path: o.path, PathItem: o.item, Method: o.method, Operation: o.op},
		},
		Status:  a.status,
		Header:  a.header,
		Body:    io.NopCloser(bytes.NewReader(a.body)),
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	err := openapi3filter.ValidateResponse(ctx, in)
	if err == nil {
		return nil
	}
	var out []finding
	for _, se := range schemaErrors(err) {
		out = append(out, finding{Severity: sevDrift, Operation: o.id, Status: a.status, Path: pointerPath(se.JSONPointer()),
			Kind: kindInvalid, Expected: cutRunes(se.Reason, 160), Got: jsonType(se.Value)})
	}
	if len(out) == 0 {
		// Not a schema error: the content type, or a body that is not JSON.
		reason := err.Error()
		var re *openapi3filter.ResponseError
		if errors.As(err, &re) {
			reason = re.Reason // without the error it wraps, which may quote the body
		}
		out = append(out, finding{Severity: sevDrift, Operation: o.id, Status: a.status, Kind: kindInvalid,
			Expected: cutRunes(reason, 160), Got: contentType(a)})
	}
	return out
}

func contentType(a *answer) string {
	if ct := a.header.Get("Content-Type"); ct != "" {
		return cutRunes(ct, 60)
	}
	return "no Content-Type"
}

// schemaErrors are the schema errors in err's tree.
func schemaErrors(err error) []*openapi3.SchemaError {
	var out []*openapi3.SchemaError
	var walk func(error)
	walk = func(err error) {
		var se *openapi3.SchemaError
		var me openapi3.MultiError
		switch {
		case err == nil:
		case errors.As(err, &me) && !isSchemaError(err):
			for _, e := range me {
				walk(e)
			}
		case errors.As(err, &se):
			out = append(out, se)
		}
	}
	walk(err)
	return out
}

func isSchemaError(err error) bool {
	_, ok := err.(*openapi3.SchemaError)
	return ok
}

// pointerPath writes a JSON pointer as verify's paths are written.
func pointerPath(ptr []string) string {
	var b strings.Builder
	for _, p := range ptr {
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteString("[]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// shownValue is v for --show-values: a scalar as JSON, a secret's redacted,
// a container by its size only.
func shownValue(key string, v any) string {
	if secretName(key) {
		return "[REDACTED]"
	}
	switch x := v.(type) {
	case map[string]any:
		return fmt.Sprintf("{%d members}", len(x))
	case []any:
		return fmt.Sprintf("[%d elements]", len(x))
	}
	b, _ := json.Marshal(v)
	return cutRunes(string(b), 80)
}

// secretName reports a member whose value may be a secret.
func secretName(key string) bool {
	k := strings.ToLower(key)
	for _, s := range []string{"token", "secret", "password", "key", "credential", "auth"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// cutRunes is s cut to n bytes at most, on a rune boundary.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n] + "..."
}
