package wrapper

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/oneall-go/oneall-go/api"
)

// Drift is a member that an answer of OneAll carried and that the models of
// this SDK do not know: OneAll added it, or renamed one (the old name then
// simply stops coming). The client keeps such members where a model is open
// (AdditionalProperties) and drops them elsewhere, as encoding/json does;
// either way, nothing fails. WithDriftHandler reports them.
type Drift struct {
	// Operation is the request's method and path, its tokens replaced by
	// "{token}": "GET /identities/{token}.json".
	Operation string
	// Path is where the member is in the answer, from its root, each array
	// element written "[]": "response.result.data.identities.entries[].flavour".
	Path string
	// Type is the JSON type of its value: object, array, string, number,
	// boolean or null. The value itself is never passed: it may be a secret.
	Type string
}

// MaxDriftPaths is how many distinct operation and path pairs one
// WithDriftHandler remembers in order to report each once; past it, new
// ones are no longer reported, so that an answer full of changing keys
// cannot grow the client's memory without bound.
const MaxDriftPaths = 1024

// WithDriftHandler calls f with every member of a successful answer that the
// models do not know, at most once per operation and path over the life of
// the client (see MaxDriftPaths): an application can log what OneAll
// changed. Give it to New or Client.With, not to each call: every
// WithDriftHandler remembers on its own what it reported.
//
// f runs on the goroutine of the call, after the answer decoded and before
// the call returns; it must be quick and must not call the client. Off (the
// default, or f nil) it costs nothing; on, each answer is decoded a second
// time into a generic tree, which about doubles the decoding work.
func WithDriftHandler(f func(Drift)) Option {
	var d *driftState
	if f != nil {
		d = &driftState{report: f}
	}
	return func(s *callSettings) error {
		s.drift = d
		return nil
	}
}

// driftState is one WithDriftHandler: its handler and what it reported.
type driftState struct {
	report func(Drift)
	seen   sync.Map // "operation path" -> struct{}
	n      atomic.Int64
}

// captureBody makes resp's body keep a copy of what is read from it, for
// checkDrift. Only a call with a drift handler pays for it.
func captureBody(resp *http.Response) *bytes.Buffer {
	buf := new(bytes.Buffer)
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.TeeReader(resp.Body, buf), resp.Body}
	return buf
}

// checkDrift reports the members of the answer body (an envelope around a
// payload of type D) that the models do not know.
func checkDrift[D any](d *driftState, op operation, body []byte) {
	var tree any
	if json.Unmarshal(body, &tree) != nil {
		return // the answer decoded, so this is a body cut short; nothing to say
	}
	w := driftWalk{state: d, op: op.method + " " + tokenless(op.path())}
	w.value(tree, reflect.TypeFor[driftEnvelope[D]](), "")
}

// driftEnvelope is the envelope as the models know it: envelope[D] holds
// its request by value, which hides nothing from reflection either, but
// this one names every known member in one place.
type driftEnvelope[D any] struct {
	Response struct {
		Request api.RequestInfo `json:"request"`
		Result  struct {
			Status api.Status `json:"status"`
			Data   D          `json:"data"`
		} `json:"result"`
	} `json:"response"`
}

// tokenless is path with each segment that is not a plain word (a token,
// an identifier) replaced by "{token}", keeping a ".json" suffix: the
// operation's path template, as far as it can be told from the request.
func tokenless(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		base, ext := strings.CutSuffix(s, ".json")
		if base != "" && !isWord(base) {
			segs[i] = "{token}"
			if ext {
				segs[i] += ".json"
			}
		}
	}
	return strings.Join(segs, "/")
}

// isWord reports whether s is lower-case letters and underscores only, as
// every fixed segment of OneAll's paths is.
func isWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}

// driftWalk walks a decoded answer beside the Go type that received it.
type driftWalk struct {
	state *driftState
	op    string
}

func (w *driftWalk) value(v any, t reflect.Type, path string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch x := v.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return // a map or an interface takes any member; another kind is a type drift, not ours
		}
		fields := fieldsOf(t)
		for k, mv := range x {
			ft, ok := fields.lookup(k)
			if !ok {
				w.found(path, k, mv)
				continue
			}
			w.value(mv, ft, join(path, k))
		}
	case []any:
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return
		}
		for _, e := range x {
			w.value(e, t.Elem(), path+"[]")
		}
	}
}

// found reports the unknown member k of the object at path, once.
func (w *driftWalk) found(path, k string, v any) {
	p := join(path, k)
	key := w.op + " " + p
	if _, ok := w.state.seen.Load(key); ok {
		return
	}
	if w.state.n.Load() >= MaxDriftPaths {
		return
	}
	if _, loaded := w.state.seen.LoadOrStore(key, struct{}{}); loaded {
		return
	}
	w.state.n.Add(1)
	w.state.report(Drift{Operation: w.op, Path: p, Type: jsonType(v)})
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// jsonType names the JSON type of a value decoded into any.
func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}

// fieldSet is the JSON members of a struct type and their Go types.
type fieldSet struct {
	exact  map[string]reflect.Type
	folded map[string]reflect.Type // lower-cased: encoding/json matches case-insensitively
}

func (f *fieldSet) lookup(k string) (reflect.Type, bool) {
	if t, ok := f.exact[k]; ok {
		return t, true
	}
	t, ok := f.folded[strings.ToLower(k)]
	return t, ok
}

var fieldSets sync.Map // reflect.Type -> *fieldSet

// fieldsOf returns the JSON members of the struct type t, embedded
// structs' included, computed once per type.
func fieldsOf(t reflect.Type) *fieldSet {
	if f, ok := fieldSets.Load(t); ok {
		return f.(*fieldSet)
	}
	f := &fieldSet{exact: map[string]reflect.Type{}, folded: map[string]reflect.Type{}}
	addFields(f, t)
	actual, _ := fieldSets.LoadOrStore(t, f)
	return actual.(*fieldSet)
}

func addFields(f *fieldSet, t reflect.Type) {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue // AdditionalProperties among others: what it keeps is unknown
		}
		name, _, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" {
			et := sf.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				addFields(f, et)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		f.exact[name] = sf.Type
		f.folded[strings.ToLower(name)] = sf.Type
	}
}
