package wrapper

import (
	"bytes"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"

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
	// OperationID is the operation's operationId in openapi.yaml
	// ("GetIdentity"), as `oneall verify` and docs/api.md name it.
	OperationID string
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
// default, or f nil) it costs one test of a nil pointer per call; on, each
// answer is copied and its members scanned once more (bench/ measures it).
func WithDriftHandler(f func(Drift)) Option {
	var d *driftState
	if f != nil {
		d = &driftState{report: f, seen: map[string]struct{}{}}
	}
	return func(s *callSettings) error {
		s.drift = d
		return nil
	}
}

// driftState is one WithDriftHandler: its handler and what it reported.
type driftState struct {
	report func(Drift)
	mu     sync.RWMutex
	seen   map[string]struct{} // "operation path"
}

// driftScratch is a check's buffers: the answer's copy, the path being
// walked and the lookup key; pooled, so that a check allocates nothing.
type driftScratch struct {
	src       io.ReadCloser // the answer's body, while it is read
	body      bytes.Buffer
	path, key []byte
}

// Read reads the answer and keeps a copy of what it read.
func (sc *driftScratch) Read(p []byte) (int, error) {
	n, err := sc.src.Read(p)
	sc.body.Write(p[:n])
	return n, err
}

// Close closes the answer's body.
func (sc *driftScratch) Close() error { return sc.src.Close() }

var driftScratches = sync.Pool{New: func() any { return new(driftScratch) }}

// captureBody makes resp's body keep a copy of what is read from it, for
// checkDrift, in pooled buffers that checkDrift gives back. Only a call
// with a drift handler pays for it.
//
// An answer compressed without being asked (the transport undoes the gzip it
// asks for) is not checked: its copy would be the compressed bytes.
func captureBody(resp *http.Response) *driftScratch {
	if ce := resp.Header.Get("Content-Encoding"); ce != "" && !resp.Uncompressed && !strings.EqualFold(ce, "identity") {
		return nil
	}
	sc := driftScratches.Get().(*driftScratch)
	if n := resp.ContentLength; n > 0 && n <= MaxAnswerSize {
		sc.body.Grow(int(n))
	}
	sc.src, resp.Body = resp.Body, sc
	return sc
}

// checkDrift reports the members of the answer sc.body (an envelope around
// a payload of type D) that the models do not know, and frees sc.
func checkDrift[D any](d *driftState, op operation, sc *driftScratch) {
	// The key starts with the operation: "GET /identities/{token}.json ".
	key := append(append(sc.key[:0], op.method...), ' ', '/')
	key = appendTokenless(key, strings.TrimLeft(strings.TrimPrefix(op.url.EscapedPath(), op.basePath), "/"))
	key = append(key, ' ')
	w := driftWalk{state: d, id: op.id, path: sc.path[:0], key: key, keyOp: len(key)}
	w.walk(sc.body.Bytes(), 0, reflect.TypeFor[driftEnvelope[D]]())
	sc.path, sc.key, sc.src = w.path, w.key, nil
	if sc.body.Cap() <= MaxAnswerSize {
		sc.body.Reset()
		driftScratches.Put(sc)
	}
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
	return string(appendTokenless(nil, path))
}

// appendTokenless appends tokenless(path) to dst.
func appendTokenless(dst []byte, path string) []byte {
	for i := 0; ; i++ {
		seg, rest, more := strings.Cut(path, "/")
		if i > 0 {
			dst = append(dst, '/')
		}
		if base, ext := strings.CutSuffix(seg, ".json"); base != "" && !isWord(base) {
			dst = append(dst, "{token}"...)
			if ext {
				dst = append(dst, ".json"...)
			}
		} else {
			dst = append(dst, seg...)
		}
		if !more {
			return dst
		}
		path = rest
	}
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

// driftWalk walks an answer, as it came, beside the Go type that received
// it, in one pass (drift_scan.go). It allocates only for what it reports:
// the path is built in place.
type driftWalk struct {
	state *driftState
	id    string // the operationId, for the report
	// path is where the walk is; key is the operation (its first keyOp
	// bytes, "GET /users/{token}.json ") and, past it, a path to look up.
	path, key []byte
	keyOp     int
	depth     int
}

// found reports the unknown member at w.path, once.
func (w *driftWalk) found(value []byte) {
	w.key = append(w.key[:w.keyOp], w.path...)
	d := w.state
	d.mu.RLock()
	_, seen := d.seen[string(w.key)] // no allocation for the lookup
	full := len(d.seen) >= MaxDriftPaths
	d.mu.RUnlock()
	if seen || full {
		return
	}
	d.mu.Lock()
	if _, seen = d.seen[string(w.key)]; !seen && len(d.seen) < MaxDriftPaths {
		d.seen[string(w.key)] = struct{}{}
	} else {
		seen = true
	}
	d.mu.Unlock()
	if !seen {
		d.report(Drift{Operation: string(w.key[:w.keyOp-1]), OperationID: w.id, Path: string(w.path), Type: rawType(value)})
	}
}

func firstByte(data []byte) byte {
	for _, c := range data {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c
		}
	}
	return 0
}

// rawType names the JSON type of a raw value.
func rawType(v []byte) string {
	switch c := firstByte(v); {
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	}
	return "number"
}

// fieldSet is the JSON members of a struct type and their Go types.
type fieldSet struct {
	exact map[string]reflect.Type
	names []string // to match case-insensitively, as encoding/json does
}

func (f *fieldSet) lookup(k []byte) (reflect.Type, bool) {
	if t, ok := f.exact[string(k)]; ok { // no allocation for the lookup
		return t, true
	}
	for _, n := range f.names {
		if bytes.EqualFold(k, []byte(n)) {
			return f.exact[n], true
		}
	}
	return nil, false
}

var fieldSets sync.Map // reflect.Type -> *fieldSet

// fieldsOf returns the JSON members of the struct type t, embedded
// structs' included, computed once per type.
func fieldsOf(t reflect.Type) *fieldSet {
	if f, ok := fieldSets.Load(t); ok {
		return f.(*fieldSet)
	}
	f := &fieldSet{exact: map[string]reflect.Type{}}
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
		f.names = append(f.names, name)
	}
}
