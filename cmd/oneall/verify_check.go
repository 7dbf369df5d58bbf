package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
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
			Kind: kindInvalid, Expected: truncate(se.Reason, 160), Got: "not that"})
	}
	if len(out) == 0 {
		// Not a schema error: the content type, or a body that is not JSON.
		reason := err.Error()
		var re *openapi3filter.ResponseError
		if errors.As(err, &re) {
			reason = re.Reason // without the error it wraps, which may quote the body
		}
		out = append(out, finding{Severity: sevDrift, Operation: o.id, Status: a.status, Kind: kindInvalid,
			Expected: truncate(reason, 160), Got: contentType(a)})
	}
	return out
}

func contentType(a *answer) string {
	if ct := a.header.Get("Content-Type"); ct != "" {
		return truncate(ct, 60)
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

// walker walks an answer beside its schema, for what validation lets pass.
type walker struct {
	c        *checker
	op       string
	status   int
	examples map[string]bool
	found    []finding
}

func (w *walker) add(f finding, v any, key string) {
	f.Severity, f.Operation, f.Status = cmpOr(f.Severity, sevDrift), w.op, w.status
	if w.c.showValues && v != nil {
		f.Value = shownValue(key, v)
	}
	w.found = append(w.found, f)
}

// value checks v at path against s; key is the member's name ("" for an
// array element or the root).
func (w *walker) value(v any, s *openapi3.Schema, path, key string) {
	if s == nil || v == nil && s.Nullable {
		return
	}
	if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		w.alternatives(v, s, path, key)
		return
	}
	for _, sub := range s.AllOf {
		if sub.Value != nil {
			w.value(v, sub.Value, path, key)
		}
	}
	got := jsonType(v)
	if s.Type != nil && !typeAllows(s.Type, v) {
		w.add(finding{Path: path, Kind: kindType, Expected: describe(s), Got: got}, v, key)
		return
	}
	switch x := v.(type) {
	case map[string]any:
		w.object(x, s, path)
	case []any:
		if s.Items != nil && s.Items.Value != nil {
			for _, e := range x {
				w.value(e, s.Items.Value, path+"[]", key)
			}
		}
	default:
		if err := s.VisitJSON(v, openapi3.MultiErrors()); err != nil {
			w.add(finding{Path: path, Kind: kindValue, Expected: describe(s), Got: got}, v, key)
		}
	}
}

// alternatives checks v against a oneOf or anyOf: the first alternative
// whose JSON type fits is walked, none fitting is a type finding.
func (w *walker) alternatives(v any, s *openapi3.Schema, path, key string) {
	alts := slices.Concat(s.OneOf, s.AnyOf)
	for _, alt := range alts {
		if a := alt.Value; a != nil && (a.Type == nil || typeAllows(a.Type, v)) {
			w.value(v, a, path, key)
			return
		}
	}
	w.add(finding{Path: path, Kind: kindType, Expected: describe(s), Got: jsonType(v)}, v, key)
}

// object checks an object's members: unknown, missing, and each known one.
func (w *walker) object(x map[string]any, s *openapi3.Schema, path string) {
	if len(s.Properties) == 0 {
		return // free-form (customData, an undocumented payload)
	}
	for _, name := range sortedKeys(s.Properties) {
		p := join(path, name)
		if _, ok := x[name]; ok {
			continue
		}
		switch {
		case slices.Contains(s.Required, name):
			w.add(finding{Path: p, Kind: kindMissing, Expected: "a required member", Got: "absent"}, nil, "")
		case w.examples[p]:
			w.add(finding{Severity: sevInfo, Path: p, Kind: kindAbsent, Expected: "as in the spec's example", Got: "absent"}, nil, "")
		}
	}
	for _, name := range sortedKeys(x) {
		p := join(path, name)
		if ps, ok := s.Properties[name]; ok {
			if ps.Value != nil {
				w.value(x[name], ps.Value, p, name)
			}
			continue
		}
		w.add(finding{Path: p, Kind: kindUnknown, Expected: "no such member", Got: jsonType(x[name])}, x[name], name)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// typeAllows reports whether the schema types allow v.
func typeAllows(t *openapi3.Types, v any) bool {
	switch x := v.(type) {
	case nil:
		return t.Includes("null")
	case map[string]any:
		return t.Includes("object")
	case []any:
		return t.Includes("array")
	case string:
		return t.Includes("string")
	case bool:
		return t.Includes("boolean")
	case float64:
		return t.Includes("number") || t.Includes("integer") && x == math.Trunc(x)
	}
	return false
}

// jsonType names v's JSON type; a whole number is an integer.
func jsonType(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	}
	return "null"
}

// describe says what a schema allows, in a few words.
func describe(s *openapi3.Schema) string {
	if alts := slices.Concat(s.OneOf, s.AnyOf); len(alts) > 0 {
		var parts []string
		for _, a := range alts {
			if a.Value != nil {
				parts = append(parts, describe(a.Value))
			}
		}
		return strings.Join(parts, " or ")
	}
	d := "any"
	if s.Type != nil {
		d = strings.Join(s.Type.Slice(), "|")
	}
	switch {
	case len(s.Enum) > 0:
		b, _ := json.Marshal(s.Enum)
		d += " in " + string(b)
	case s.Pattern != "":
		d += " matching " + s.Pattern
	case s.Format != "":
		d += " (" + s.Format + ")"
	}
	return d
}

// examplePaths are the paths of every member of the examples of mt.
func examplePaths(mt *openapi3.MediaType) map[string]bool {
	paths := map[string]bool{}
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch x := v.(type) {
		case map[string]any:
			for k, mv := range x {
				p := join(path, k)
				paths[p] = true
				walk(mv, p)
			}
		case []any:
			for _, e := range x {
				walk(e, path+"[]")
			}
		}
	}
	if mt.Example != nil {
		walk(mt.Example, "")
	}
	for _, ex := range mt.Examples {
		if ex != nil && ex.Value != nil {
			walk(ex.Value.Value, "")
		}
	}
	return paths
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
	return truncate(string(b), 80)
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

// truncate is s cut to n bytes at most, on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n] + "..."
}
