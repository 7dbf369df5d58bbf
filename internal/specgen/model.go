package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// op is one operation of openapi.yaml with what every output needs.
type op struct {
	method, path string
	tag          string
	params       openapi3.Parameters // the path item's, then the operation's
	x            xOneAll
	noAuth       bool // security allows {}: no credentials needed
	*openapi3.Operation
}

// xOneAll is an operation's x-oneall object (see docs/adding-an-operation.md).
type xOneAll struct {
	Service, Method, Payload, Retry, Evidence, Source, CLI string
}

var xKeys = []string{"service", "method", "payload", "retry", "evidence", "source", "cli"}

// parseX reads and checks the x-oneall object of an operation.
func parseX(o *openapi3.Operation) (xOneAll, error) {
	raw, ok := o.Extensions["x-oneall"]
	if !ok {
		return xOneAll{}, fmt.Errorf("no x-oneall object")
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return xOneAll{}, fmt.Errorf("x-oneall is not an object")
	}
	get := map[string]string{}
	for k, v := range m {
		if !slices.Contains(xKeys, k) {
			return xOneAll{}, fmt.Errorf("x-oneall: unknown key %q (known: %s)", k, strings.Join(xKeys, ", "))
		}
		s, ok := v.(string)
		if !ok || s == "" {
			return xOneAll{}, fmt.Errorf("x-oneall.%s: want a non-empty plain string, got %v", k, v)
		}
		get[k] = s
	}
	x := xOneAll{Service: get["service"], Method: get["method"], Payload: get["payload"],
		Retry: get["retry"], Evidence: get["evidence"], Source: get["source"], CLI: get["cli"]}
	for _, k := range []string{"retry", "evidence", "source", "cli"} {
		if get[k] == "" {
			return xOneAll{}, fmt.Errorf("x-oneall.%s is required", k)
		}
	}
	if (x.Service == "") != (x.Method == "") {
		return xOneAll{}, fmt.Errorf("x-oneall: service and method go together")
	}
	if x.Retry != "idempotent" && x.Retry != "once" {
		return xOneAll{}, fmt.Errorf("x-oneall.retry: %q is neither idempotent nor once", x.Retry)
	}
	switch x.Evidence {
	case "documented":
		if !strings.HasPrefix(x.Source, "https://docs.oneall.com/") {
			return xOneAll{}, fmt.Errorf("x-oneall.source: a documented operation cites its docs.oneall.com page")
		}
	case "sdk", "inferred":
	default:
		return xOneAll{}, fmt.Errorf("x-oneall.evidence: %q is not documented, sdk or inferred", x.Evidence)
	}
	return x, nil
}

var methodOrder = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"}

// operations lists the operations sorted by tag (in the document's tag
// order), then path, then method, with their x-oneall objects checked.
func operations(doc *openapi3.T) ([]op, error) {
	tagIndex := map[string]int{}
	for i, t := range doc.Tags {
		tagIndex[t.Name] = i
	}
	var ops []op
	var errs []string
	seen := map[string]bool{}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, o := range item.Operations() {
			method = strings.ToUpper(method)
			if o.OperationID == "" {
				errs = append(errs, fmt.Sprintf("%s %s has no operationId", method, path))
				continue
			}
			if seen[o.OperationID] {
				errs = append(errs, fmt.Sprintf("operationId %s is used twice", o.OperationID))
			}
			seen[o.OperationID] = true
			x, err := parseX(o)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s (%s %s): %v", o.OperationID, method, path, err))
				continue
			}
			tag := "Other"
			if len(o.Tags) > 0 {
				tag = o.Tags[0]
			}
			noAuth := o.Security != nil && slices.ContainsFunc(*o.Security, func(r openapi3.SecurityRequirement) bool { return len(r) == 0 })
			params := slices.Concat(item.Parameters, o.Parameters)
			ops = append(ops, op{method: method, path: path, tag: tag, params: params, x: x, noAuth: noAuth, Operation: o})
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("openapi.yaml:\n  %s", strings.Join(errs, "\n  "))
	}
	rank := func(tag string) int {
		if i, ok := tagIndex[tag]; ok {
			return i
		}
		return len(tagIndex)
	}
	sort.Slice(ops, func(i, j int) bool {
		a, b := ops[i], ops[j]
		if rank(a.tag) != rank(b.tag) {
			return rank(a.tag) < rank(b.tag)
		}
		if a.tag != b.tag {
			return a.tag < b.tag
		}
		if a.path != b.path {
			return a.path < b.path
		}
		return slices.Index(methodOrder, a.method) < slices.Index(methodOrder, b.method)
	})
	return ops, nil
}

// in returns the operation's parameters of one location, path parameters
// in the order of the path.
func (o op) in(where string) []*openapi3.Parameter {
	var ps []*openapi3.Parameter
	for _, p := range o.params {
		if p.Value != nil && p.Value.In == where {
			ps = append(ps, p.Value)
		}
	}
	if where == openapi3.ParameterInPath {
		sort.SliceStable(ps, func(i, j int) bool {
			return strings.Index(o.path, "{"+ps[i].Name+"}") < strings.Index(o.path, "{"+ps[j].Name+"}")
		})
	}
	return ps
}

// plain reports an operation whose request is its method and path alone:
// no body, no query, no header parameter, and string path parameters.
func (o op) plain() bool {
	if o.RequestBody != nil {
		return false
	}
	for _, p := range o.params {
		if p.Value == nil || p.Value.In != openapi3.ParameterInPath || typeOf(p.Value) != "string" {
			return false
		}
	}
	return true
}

// successStatus is the lowest 2xx status the operation documents.
func (o op) successStatus() int {
	for code := 200; code < 300; code++ {
		if o.Responses.Status(code) != nil {
			return code
		}
	}
	return 0
}

// lowerFirst is the handler's name for an operationId: GetShortURL -> getShortURL.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// schemaOf is a parameter's schema, or an empty one.
func schemaOf(p *openapi3.Parameter) *openapi3.Schema {
	if p.Schema == nil || p.Schema.Value == nil {
		return &openapi3.Schema{}
	}
	return p.Schema.Value
}

// typeOf is a parameter's JSON type: string, integer, boolean...
func typeOf(p *openapi3.Parameter) string {
	if t := schemaOf(p).Type.Slice(); len(t) > 0 {
		return t[0]
	}
	return "string"
}

// enumOf is a schema's enum as strings.
func enumOf(s *openapi3.Schema) []string {
	var vs []string
	for _, e := range s.Enum {
		vs = append(vs, fmt.Sprint(e))
	}
	return vs
}

// defaultOf is a schema's default as text, "" when it has none.
func defaultOf(s *openapi3.Schema) string {
	if s.Default == nil {
		return ""
	}
	if str, ok := s.Default.(string); ok {
		return str
	}
	return jsonCompact(s.Default)
}

// requestExample is the first example of the operation's JSON body (by
// name), compact; "" without a body.
func (o op) requestExample() string {
	rb := o.RequestBody
	if rb == nil || rb.Value == nil {
		return ""
	}
	mt := rb.Value.Content.Get("application/json")
	if mt == nil {
		return ""
	}
	ex := firstExample(mt)
	if ex == nil {
		return ""
	}
	b, err := json.Marshal(ex)
	if err != nil {
		return ""
	}
	return string(b)
}

// paged says whether the operation's payload is a page of a list: an
// object with pagination and entries, under response.result.data in its
// success answer. The CLI then offers --all.
func (o op) paged() bool {
	if o.x.Payload == "" {
		return false
	}
	r := o.Responses.Status(o.successStatus())
	if r == nil || r.Value == nil {
		return false
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil {
		return false
	}
	s := mt.Schema
	for _, name := range []string{"response", "result", "data", o.x.Payload} {
		s = property(s, name)
	}
	return property(s, "pagination") != nil && property(s, "entries") != nil
}

// property is the member name of the object schema s, looked up in its
// allOf too; nil when s has none.
func property(s *openapi3.SchemaRef, name string) *openapi3.SchemaRef {
	if s == nil || s.Value == nil {
		return nil
	}
	if p := s.Value.Properties[name]; p != nil {
		return p
	}
	for _, part := range s.Value.AllOf {
		if p := property(part, name); p != nil {
			return p
		}
	}
	return nil
}
