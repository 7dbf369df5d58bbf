package main

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	oneall "github.com/oneall-go/oneall-go"
)

// vop is one operation of the spec, as verify calls it.
type vop struct {
	id     string // operationId
	method string
	path   string // the template: /identities/{identity_token}.json
	op     *openapi3.Operation
	item   *openapi3.PathItem
	// pathParams are the names of the path's parameters, in order.
	pathParams []string
	// needs are the values the call takes from earlier answers: the path
	// parameters, then the required query parameters but confirm_deletion.
	needs []string
	// query are the query parameters of the operation and its path.
	query []*openapi3.Parameter
	// once: x-oneall.retry is "once" (a creation, an import...).
	once bool
	// examples are the spec's examples of required query parameters, used
	// when no earlier answer gives a value (a search's search_text).
	examples map[string]string
}

// readOnly reports whether verify may call the operation without --write:
// a GET that may be sent again.
func (o *vop) readOnly() bool { return o.method == "GET" && !o.once }

// loadSpec parses the embedded openapi.yaml.
func loadSpec(ctx context.Context) (*openapi3.T, []*vop, error) {
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err := loader.LoadFromData(oneall.OpenAPI)
	if err != nil {
		return nil, nil, fmt.Errorf("the embedded spec: %w", err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, nil, fmt.Errorf("the embedded spec: %w", err)
	}
	var ops []*vop
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops = append(ops, newVop(path, method, item, op))
		}
	}
	// Lists (no token needed) first, then by path: the order of the report.
	slices.SortFunc(ops, func(a, b *vop) int {
		if d := len(a.needs) - len(b.needs); d != 0 {
			return d
		}
		return strings.Compare(a.path+" "+a.method, b.path+" "+b.method)
	})
	return doc, ops, nil
}

// newVop is one operation of the spec with what verify needs of it.
func newVop(path, method string, item *openapi3.PathItem, op *openapi3.Operation) *vop {
	o := &vop{id: op.OperationID, method: method, path: path, op: op, item: item}
	for _, p := range slices.Concat(item.Parameters, op.Parameters) {
		switch v := p.Value; {
		case v == nil:
		case v.In == openapi3.ParameterInPath:
			o.pathParams = append(o.pathParams, v.Name)
		case v.In == openapi3.ParameterInQuery:
			o.query = append(o.query, v)
		}
	}
	o.needs = slices.Clone(o.pathParams)
	for _, q := range o.query {
		if !q.Required || q.Name == "confirm_deletion" {
			continue
		}
		o.needs = append(o.needs, q.Name)
		if ex, ok := q.Example.(string); ok && ex != "" {
			if o.examples == nil {
				o.examples = map[string]string{}
			}
			o.examples[q.Name] = ex
		}
	}
	// Without x-oneall, a POST is taken for a creation.
	retry := xOneAll(op, "retry")
	o.once = retry == "once" || retry == "" && method == "POST"
	return o
}

// xOneAll is a member of the operation's x-oneall extension, "" when absent.
func xOneAll(op *openapi3.Operation, key string) string {
	m, ok := op.Extensions["x-oneall"].(map[string]any)
	if !ok {
		return ""
	}
	s, _ := m[key].(string)
	return s
}

// target is the URL of o with its path parameters from tokens, and its
// query parameters from tokens too, or else the smallest page they allow.
func (o *vop) target(base string, tokens map[string]string) string {
	p := o.path
	for _, name := range o.pathParams {
		p = strings.ReplaceAll(p, "{"+name+"}", url.PathEscape(tokens[name]))
	}
	q := url.Values{}
	for _, param := range o.query {
		if v, ok := tokens[param.Name]; ok {
			q.Set(param.Name, v) // given: a reference, the cleanup's bigger page
			continue
		}
		switch {
		case param.Name == "entries_per_page":
			q.Set(param.Name, strconv.Itoa(minimum(param)))
		case param.Name == "confirm_deletion":
			q.Set(param.Name, "true")
		case param.Required:
			q.Set(param.Name, "")
		}
	}
	u := strings.TrimSuffix(base, "/") + p
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// minimum is a parameter's smallest value, 1 when the spec sets none.
func minimum(p *openapi3.Parameter) int {
	if p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Min != nil && *p.Schema.Value.Min >= 1 {
		return int(*p.Schema.Value.Min)
	}
	return 1
}

// harvest holds the tokens found in answers, by member name.
type harvest map[string][]candidate

// candidate is a token and the provider of the object that held it.
type candidate struct{ value, provider string }

// queryFrom names, for a required query parameter whose value no member of
// the same name gives, the member that does and a member beside it that
// tells the right object.
var queryFrom = map[string]struct{ member, beside string }{
	"page_url": {"url", "sharing_page_token"},
}

// collect adds every string member of v named like a needed value.
func (h harvest) collect(v any, names map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		provider, _ := x["provider"].(string)
		if src, ok := x["source"].(map[string]any); ok && provider == "" {
			provider, _ = src["key"].(string)
		}
		for name, from := range queryFrom {
			if s, ok := x[from.member].(string); ok && s != "" && x[from.beside] != nil {
				h.add(name, candidate{s, provider})
			}
		}
		for k, mv := range x {
			h.collectIDs(k, mv, names)
			if s, ok := mv.(string); ok && names[k] && s != "" {
				h.add(k, candidate{s, provider})
				continue
			}
			h.collect(mv, names)
		}
	case []any:
		for _, e := range x {
			h.collect(e, names)
		}
	}
}

// collectIDs adds the ids of a Pull list's entries as the values of the
// path parameter that names one of them: facebook_pages gives page_id,
// linkedin_companies company_id, pinterest_boards board_id; the network
// before the "_" is the provider, for tokensFor's preference.
func (h harvest) collectIDs(member string, v any, names map[string]bool) {
	network, things, ok := strings.Cut(member, "_")
	list, isMap := v.(map[string]any)
	if !ok || !isMap {
		return
	}
	thing := strings.TrimSuffix(things, "s")
	if t, plural := strings.CutSuffix(things, "ies"); plural {
		thing = t + "y"
	}
	name := thing + "_id"
	entries, _ := list["entries"].([]any)
	if !names[name] {
		return
	}
	for _, e := range entries {
		if m, ok := e.(map[string]any); ok {
			switch id := m["id"].(type) {
			case string:
				h.add(name, candidate{id, network})
			case float64:
				h.add(name, candidate{strconv.FormatFloat(id, 'f', -1, 64), network})
			}
		}
	}
}

func (h harvest) add(name string, c candidate) {
	if !slices.ContainsFunc(h[name], func(o candidate) bool { return o.value == c.value }) {
		h[name] = append(h[name], c)
	}
}

// tokensFor picks a value for each need of o, preferring one of the
// provider that a provider's path names (/steam/games.json), or says which
// is missing.
func (h harvest) tokensFor(o *vop) (map[string]string, string) {
	tokens := map[string]string{}
	for _, name := range o.needs {
		cands := h[name]
		if len(cands) == 0 && o.examples[name] != "" {
			cands = []candidate{{value: o.examples[name]}}
		}
		if len(cands) == 0 {
			return nil, name
		}
		pick := cands[0]
		for _, c := range cands {
			if c.provider != "" && strings.Contains(o.path, "/"+c.provider+"/") {
				pick = c
				break
			}
		}
		tokens[name] = pick.value
	}
	return tokens, ""
}
