package main

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// writeRoutes writes onealltest's static route table: one entry per
// operation, whose handler is the method (*Server).<operationId with a
// lower-case first letter>. An operation without its handler is a compile
// error that names the method, beside a comment naming the operation.
func writeRoutes(b *bytes.Buffer, doc *openapi3.T, ops []op) error {
	goHeader(b, "onealltest")
	fmt.Fprintf(b, "// routes is the server's route table, in the order the spec's paths match\n")
	fmt.Fprintf(b, "// (literal segments before parameters). Each handler is the method named\n")
	fmt.Fprintf(b, "// after its operationId with a lower-case first letter.\n")
	fmt.Fprintf(b, "var routes = []operation{\n")
	most := 1
	for _, o := range matchingOrder(doc, ops) {
		segs, params, err := segments(o)
		if err != nil {
			return fmt.Errorf("%s: %w", o.OperationID, err)
		}
		most = max(most, len(params))
		fmt.Fprintf(b, "\t{\n\t\tid: %q, method: %q, template: %q,\n", o.OperationID, o.method, o.path)
		fmt.Fprintf(b, "\t\tsegs: []segment{%s},\n", strings.Join(segs, ", "))
		if len(params) > 0 {
			fmt.Fprintf(b, "\t\tparams: %#v,\n", params)
		}
		if o.noAuth {
			fmt.Fprintf(b, "\t\tnoAuth: true,\n")
		}
		if q := o.in(openapi3.ParameterInQuery); len(q) > 0 {
			fmt.Fprintf(b, "\t\tquery: []queryParam{\n")
			for _, p := range q {
				fmt.Fprintf(b, "\t\t\t%s,\n", queryLiteral(p))
			}
			fmt.Fprintf(b, "\t\t},\n")
		}
		h := lowerFirst(o.OperationID)
		fmt.Fprintf(b, "\t\t// %s needs its handler: func (s *Server) %s(c *call) *response\n", o.OperationID, h)
		fmt.Fprintf(b, "\t\thandler: (*Server).%s,\n\t},\n", h)
	}
	fmt.Fprintf(b, "}\n\n")
	fmt.Fprintf(b, "// maxPathParams is the most path parameters that a path of the spec has.\n")
	fmt.Fprintf(b, "const maxPathParams = %d\n\n", most)

	fmt.Fprintf(b, "// sharedQuery are the shared query parameters of components.parameters:\n")
	fmt.Fprintf(b, "// their defaults apply where an operation does not declare them.\n")
	fmt.Fprintf(b, "var sharedQuery = []queryParam{\n")
	names := make([]string, 0, len(doc.Components.Parameters))
	for name := range doc.Components.Parameters {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if p := doc.Components.Parameters[name].Value; p != nil && p.In == openapi3.ParameterInQuery {
			fmt.Fprintf(b, "\t%s,\n", queryLiteral(p))
		}
	}
	fmt.Fprintf(b, "}\n")
	return nil
}

// matchingOrder sorts the operations as the paths match: literal segments
// before parameters (kin-openapi's InMatchingOrder), then by method.
func matchingOrder(doc *openapi3.T, ops []op) []op {
	rank := map[string]int{}
	for i, p := range doc.Paths.InMatchingOrder() {
		rank[p] = i
	}
	out := append([]op(nil), ops...)
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].path] != rank[out[j].path] {
			return rank[out[i].path] < rank[out[j].path]
		}
		return out[i].method < out[j].method
	})
	return out
}

// segments splits a path template into segment literals, and names its
// path parameters in order.
func segments(o op) (segs []string, params []string, err error) {
	for _, s := range strings.Split(strings.TrimPrefix(o.path, "/"), "/") {
		open, end := strings.Index(s, "{"), strings.Index(s, "}")
		if open < 0 {
			segs = append(segs, fmt.Sprintf("{Lit: %q}", s))
			continue
		}
		if end < open || strings.Count(s, "{") != 1 {
			return nil, nil, fmt.Errorf("path segment %q: one {parameter} per segment", s)
		}
		params = append(params, s[open+1:end])
		segs = append(segs, fmt.Sprintf("{Param: true, Prefix: %q, Suffix: %q}", s[:open], s[end+1:]))
	}
	return segs, params, nil
}

// queryLiteral is a queryParam composite literal.
func queryLiteral(p *openapi3.Parameter) string {
	s := schemaOf(p)
	f := []string{fmt.Sprintf("name: %q", p.Name), fmt.Sprintf("typ: %q", typeOf(p))}
	if e := enumOf(s); len(e) > 0 {
		f = append(f, fmt.Sprintf("enum: %#v", e))
	}
	if s.Min != nil {
		f = append(f, fmt.Sprintf("min: %v, hasMin: true", *s.Min))
	}
	if s.Max != nil {
		f = append(f, fmt.Sprintf("max: %v, hasMax: true", *s.Max))
	}
	if d := defaultOf(s); d != "" {
		f = append(f, fmt.Sprintf("def: %q", d))
	}
	return "{" + strings.Join(f, ", ") + "}"
}
