package main

import (
	"encoding/json"
	"math"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

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
	if s.Type != nil && !typeAllows(s.Type, v) {
		w.add(finding{Path: path, Kind: kindType, Expected: describe(s), Got: jsonType(v)}, v, key)
		return
	}
	w.contents(v, s, path, key)
}

// contents checks what v holds, its type being one s allows: an object's
// members, an array's elements, a scalar's value.
func (w *walker) contents(v any, s *openapi3.Schema, path, key string) {
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
			w.add(finding{Path: path, Kind: kindValue, Expected: describe(s), Got: jsonType(v)}, v, key)
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
