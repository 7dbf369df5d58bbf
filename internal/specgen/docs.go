package main

// docs/api.md, the reference of every operation of openapi.yaml: method and
// path, parameters, request body, responses, and the wrapper method and CLI
// command that call it. The Go and CLI lines are derived from x-oneall and
// the parameters; the calls table (calls.go) may replace them with
// hand-written ones for an operation, and is optional.

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// render writes the reference. It fails if the calls table names an
// operation that the spec does not have.
func render(w io.Writer, doc *openapi3.T, specName string, ops []op, calls map[string]call) error {
	seen := map[string]bool{}
	for _, o := range ops {
		seen[o.OperationID] = true
	}
	var stale []string
	for id := range calls {
		if !seen[id] {
			stale = append(stale, id)
		}
	}
	if len(stale) > 0 {
		sort.Strings(stale)
		return fmt.Errorf("the calls table in internal/specgen names operations that %s does not have: %s", specName, strings.Join(stale, ", "))
	}

	p := &printer{w: w}
	p.f("# OneAll API reference\n\n")
	p.f("<!-- Generated from %s by internal/specgen (go generate ./...). Do not edit. -->\n\n", specName)
	p.f("%s: version %s. Every request goes to `https://<subdomain>.api.oneall.com` with HTTP Basic\n", doc.Info.Title, doc.Info.Version)
	p.f("authentication (the site's public key as user name, its private key as password).\n")
	p.f("Write operations wrap their body in `{\"request\": {...}}`; every answer is a `{\"response\": {...}}` envelope.\n\n")
	p.f("Each operation names the `oneall` command that sends it and shows the Go SDK call. In the Go snippets\n")
	p.f("`c` is a `*wrapper.Client`, `ctx` a `context.Context`, `identityToken`, `userToken`, `loginName`,\n")
	p.f("`accessToken`, `connectionToken` and `ssoSessionToken` are strings, `password` is an `api.Password`,\n")
	p.f("`input` an `api.StorageUserInput`, `key` a `[]byte` and `r` the callback's `*http.Request`.\n\n")

	p.f("## Contents\n\n")
	lastTag := ""
	for _, o := range ops {
		if o.tag != lastTag {
			p.f("- [%s](#%s)\n", o.tag, anchor("tag-"+o.tag))
			lastTag = o.tag
		}
		dep := ""
		if o.Deprecated {
			dep = " (deprecated)"
		}
		p.f("  - [`%s %s`](#%s): %s%s\n", o.method, o.path, anchor(o.OperationID), o.Summary, dep)
	}
	p.f("- [Known client bugs](#known-client-bugs)\n") // clientbugs.go
	p.f("\n")

	lastTag = ""
	for _, o := range ops {
		if o.tag != lastTag {
			p.f("<a id=\"%s\"></a>\n\n## %s\n\n", anchor("tag-"+o.tag), o.tag)
			if t := doc.Tags.Get(o.tag); t != nil && t.Description != "" {
				p.f("%s\n\n", strings.TrimSpace(t.Description))
			}
			lastTag = o.tag
		}
		p.operation(o, callOf(o, calls))
	}
	p.f("%s", clientBugs) // clientbugs.go
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) operation(o op, c call) {
	p.f("<a id=\"%s\"></a>\n\n### %s\n\n", anchor(o.OperationID), o.Summary)
	p.f("`%s %s` · operationId `%s`\n\n", o.method, o.path, o.OperationID)
	if o.Deprecated {
		p.f("> **Deprecated.** The operation still works but may be removed by OneAll.\n\n")
	}
	if d := strings.TrimSpace(o.Description); d != "" {
		p.f("%s\n\n", d)
	}
	p.f("- CLI: %s\n", codeList(c.CLI))
	p.f("- Evidence: %s (%s)\n\n", o.x.Evidence, o.x.Source)
	if len(c.Go) > 0 {
		p.f("```go\n%s\n```\n\n", strings.Join(c.Go, "\n"))
	} else {
		p.f("No typed Go method.\n\n")
	}

	p.parameters(o)
	p.requestBody(o)
	p.responses(o)
}

// parameters prints the table of o's parameters, path ones first.
func (p *printer) parameters(o op) {
	if len(o.params) == 0 {
		return
	}
	p.f("**Parameters**\n\n")
	p.f("| name | in | type | required | default | description |\n|---|---|---|---|---|---|\n")
	params := slices.Clone(o.params)
	inOrder := map[string]int{"path": 0, "query": 1, "header": 2, "cookie": 3}
	sort.SliceStable(params, func(i, j int) bool {
		return inOrder[params[i].Value.In] < inOrder[params[j].Value.In]
	})
	for _, pr := range params {
		v := pr.Value
		def := ""
		if v.Schema != nil && v.Schema.Value != nil && v.Schema.Value.Default != nil {
			def = "`" + jsonCompact(v.Schema.Value.Default) + "`"
		}
		p.f("| `%s` | %s | %s | %s | %s | %s |\n", v.Name, v.In, schemaType(v.Schema), yesNo(v.Required), def, cell(v.Description))
	}
	p.f("\n")
}

// requestBody prints o's request body, with its example, per media type.
func (p *printer) requestBody(o op) {
	rb := o.RequestBody
	if rb == nil || rb.Value == nil {
		return
	}
	req := "optional"
	if rb.Value.Required {
		req = "required"
	}
	for _, mime := range sortedKeys(rb.Value.Content) {
		mt := rb.Value.Content[mime]
		p.f("**Request body** (%s, `%s`): %s\n\n", req, mime, schemaName(mt.Schema))
		if ex := firstExample(mt); ex != nil {
			p.f("```json\n%s\n```\n\n", jsonIndent(ex))
		}
	}
}

// responses prints the table of o's responses.
func (p *printer) responses(o op) {
	if o.Responses == nil {
		return
	}
	p.f("**Responses**\n\n| status | description | schema |\n|---|---|---|\n")
	for _, code := range sortedKeys(o.Responses.Map()) {
		r := o.Responses.Value(code)
		if r == nil || r.Value == nil {
			continue
		}
		desc := ""
		if r.Value.Description != nil {
			desc = *r.Value.Description
		}
		var schemas []string
		for _, mime := range sortedKeys(r.Value.Content) {
			schemas = append(schemas, schemaName(r.Value.Content[mime].Schema))
		}
		p.f("| %s | %s | %s |\n", code, cell(desc), strings.Join(schemas, ", "))
	}
	p.f("\n")
}

// schemaName names a body schema: its component name, or its type.
func schemaName(s *openapi3.SchemaRef) string {
	if s == nil {
		return "any"
	}
	if s.Ref != "" {
		return "`" + refName(s.Ref) + "`"
	}
	return schemaType(s)
}

// schemaType describes a parameter's type: "integer", "string (uuid)",
// "`asc` \| `desc`", with the component name for a reference.
func schemaType(s *openapi3.SchemaRef) string {
	if s == nil || s.Value == nil {
		return "any"
	}
	v := s.Value
	var t string
	if len(v.Enum) > 0 {
		var vals []string
		for _, e := range v.Enum {
			vals = append(vals, "`"+jsonCompact(e)+"`")
		}
		t = strings.Join(vals, " \\| ")
	} else {
		t = strings.Join(v.Type.Slice(), " \\| ")
		if t == "" {
			t = "any"
		}
		if v.Format != "" {
			t += " (" + v.Format + ")"
		}
		var bounds []string
		if v.Min != nil {
			bounds = append(bounds, fmt.Sprintf("min %v", *v.Min))
		}
		if v.Max != nil {
			bounds = append(bounds, fmt.Sprintf("max %v", *v.Max))
		}
		if len(bounds) > 0 {
			t += ", " + strings.Join(bounds, ", ")
		}
	}
	if s.Ref != "" {
		t = "`" + refName(s.Ref) + "`: " + t
	}
	return t
}

func firstExample(mt *openapi3.MediaType) any {
	if mt.Example != nil {
		return mt.Example
	}
	for _, name := range sortedKeys(mt.Examples) {
		if ex := mt.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			return ex.Value.Value
		}
	}
	return nil
}

func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

func codeList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = "`" + s + "`"
	}
	return strings.Join(quoted, ", ")
}

// cell makes text fit in one table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", "\\|")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func jsonCompact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func jsonIndent(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// anchor is a lower-case HTML id.
func anchor(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == ' ' || r == '_':
			b.WriteRune('-')
		}
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
