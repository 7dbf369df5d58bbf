// Command apidocs writes docs/api.md, the reference of every operation of
// openapi.yaml: method and path, parameters, request body, responses, and the
// wrapper method and CLI command that call it. `go generate ./...` runs it;
// CI fails when the committed docs/api.md differs from its output.
//
// Every operation needs an entry in the calls table below: generation fails
// for an operation without one (and for an entry without an operation), so
// that a new operation cannot land undocumented.
//
// Usage:
//
//	go run ./internal/apidocs -spec openapi.yaml -out docs/api.md
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	spec := flag.String("spec", "openapi.yaml", "the OpenAPI document")
	out := flag.String("out", "docs/api.md", "the Markdown file to write")
	flag.Parse()
	if err := run(*spec, *out); err != nil {
		fmt.Fprintln(os.Stderr, "apidocs:", err)
		os.Exit(1)
	}
}

func run(specPath, outPath string) error {
	doc, err := load(specPath)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render(&buf, doc, filepath.ToSlash(specPath), calls); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(outPath), 0o755); err != nil {
		return err
	}
	// Write only when the content changes, so the file's time says something.
	if old, err := os.ReadFile(outPath); err == nil && bytes.Equal(old, buf.Bytes()) {
		return nil
	}
	return os.WriteFile(outPath, buf.Bytes(), 0o644)
}

func load(path string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	return doc, nil
}

// op is one operation with where it lives.
type op struct {
	method, path string
	tag          string
	params       openapi3.Parameters
	*openapi3.Operation
}

var methodOrder = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"}

// operations lists the operations sorted by tag (in the document's tag
// order), then path, then method.
func operations(doc *openapi3.T) []op {
	tagIndex := map[string]int{}
	for i, t := range doc.Tags {
		tagIndex[t.Name] = i
	}
	var ops []op
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, o := range item.Operations() {
			tag := "Other"
			if len(o.Tags) > 0 {
				tag = o.Tags[0]
			}
			params := append(slices.Clone(item.Parameters), o.Parameters...)
			ops = append(ops, op{method: strings.ToUpper(method), path: path, tag: tag, params: params, Operation: o})
		}
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
	return ops
}

// render writes the reference. It fails if an operation has no operationId
// or no entry in calls, or calls has an entry for no operation.
func render(w io.Writer, doc *openapi3.T, specName string, calls map[string]call) error {
	ops := operations(doc)
	seen := map[string]bool{}
	var missing []string
	for _, o := range ops {
		if o.OperationID == "" {
			return fmt.Errorf("%s %s has no operationId", o.method, o.path)
		}
		seen[o.OperationID] = true
		if _, ok := calls[o.OperationID]; !ok {
			missing = append(missing, o.OperationID)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no wrapper method or CLI command is documented for %s: add them to the calls table in internal/apidocs",
			strings.Join(missing, ", "))
	}
	var stale []string
	for id := range calls {
		if !seen[id] {
			stale = append(stale, id)
		}
	}
	if len(stale) > 0 {
		sort.Strings(stale)
		return fmt.Errorf("the calls table in internal/apidocs names operations that %s does not have: %s", specName, strings.Join(stale, ", "))
	}

	p := &printer{w: w}
	p.f("# OneAll API reference\n\n")
	p.f("<!-- Generated from %s by internal/apidocs (go generate ./...). Do not edit. -->\n\n", specName)
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
		p.operation(o, calls[o.OperationID])
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
	p.f("- CLI: %s\n\n", codeList(c.CLI))
	p.f("```go\n%s\n```\n\n", strings.Join(c.Go, "\n"))

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
