package wrapper

import (
	"encoding/json"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/oneall-go/oneall-go/api"
)

// driftPaths runs the one-pass walk over data as an answer to GET
// /identities/x.json and returns the paths it reports.
func driftPaths(data []byte) map[string]string {
	got := map[string]string{}
	d := &driftState{seen: map[string]struct{}{}, report: func(dr Drift) { got[dr.Path] = dr.Type }}
	w := driftWalk{state: d, op: operation{method: "GET", url: &url.URL{Path: "/identities/x.json"}}}
	w.walk(data, 0, reflect.TypeFor[driftEnvelope[api.IdentityData]]())
	return got
}

// referencePaths is what the walk must find, worked out the slow way:
// encoding/json decodes data, and the tree is walked beside the type.
func referencePaths(tree any, t reflect.Type, path string, out map[string]string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch x := tree.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return
		}
		for k, v := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if ft, ok := fieldsOf(t).lookup([]byte(k)); ok {
				referencePaths(v, ft, p, out)
			} else {
				out[p] = refType(v)
			}
		}
	case []any:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for _, e := range x {
				referencePaths(e, t.Elem(), path+"[]", out)
			}
		}
	}
}

func refType(v any) string {
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

// FuzzDriftWalk: the one-pass walk never panics or loops on any input, and
// on valid JSON reports exactly the unknown members that decoding the
// answer with encoding/json and walking the tree finds.
func FuzzDriftWalk(f *testing.F) {
	for _, s := range []string{
		`{"response":{"request":{"x":1},"result":{"data":{"identity":{"emails":[{"value":"a","new":[1]}],"k\"q":{}}}}}}`,
		`{"response":{"result":{"data":{"identity":{"customData":{"a":{"b":1}},"NAME":{"zz":true}}}}}}`,
		`{"response":[1,{"a":2}],"x":"y\\"}`, `{"a":`, `{"a"`, `[`, `{"response":{"result":{"data":{"identity":{"emails":[1,`,
		` {"\u0041":1, "response" : null } `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := driftPaths(data)
		var tree any
		if !utf8.Valid(data) || json.Unmarshal(data, &tree) != nil {
			return
		}
		want := map[string]string{}
		referencePaths(tree, reflect.TypeFor[driftEnvelope[api.IdentityData]](), "", want)
		if len(want) > MaxDriftPaths {
			return
		}
		// A duplicate key reports its first value's type; encoding/json keeps the last.
		if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
			t.Fatalf("%q:\nwalk      %v\nreference %v", data, got, want)
		}
	})
}

// An answer nested past encoding/json's limit (it would not have decoded)
// stops the walk instead of growing its stack without end.
func TestDriftWalkDeep(t *testing.T) {
	driftPaths([]byte(strings.Repeat("[", 1<<20)))
	driftPaths([]byte(`{"response":` + strings.Repeat(`{"a":`, 1<<18)))
}

// Once its unknown members are reported, checking an answer allocates
// nothing: the walk builds its paths in place and looks them up without
// converting them.
func TestDriftCheckAllocatesNothingOnceReported(t *testing.T) {
	body := []byte(ok(200, "/identities.json", `{"identities":{`+pagination(1, 1, 2, 2)+`,"count":2,"entries":[`+identityJSON+`,`+identityJSON+`]}}`))
	var reports int
	d := &driftState{seen: map[string]struct{}{}, report: func(Drift) { reports++ }}
	op := operation{method: "GET", url: &url.URL{Path: "/identities.json"}}
	w := driftWalk{state: d, op: op}
	w.walk(body, 0, reflect.TypeFor[driftEnvelope[identityListData]]())
	if reports != 1 { // futureField
		t.Fatalf("%d reports, want 1", reports)
	}
	allocs := testing.AllocsPerRun(100, func() {
		w.walk(body, 0, reflect.TypeFor[driftEnvelope[identityListData]]())
	})
	if allocs != 0 || reports != 1 {
		t.Errorf("%v allocations per walk, %d reports", allocs, reports)
	}
}
