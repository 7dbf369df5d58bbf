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
	sc := &driftScratch{}
	sc.body.Write(data)
	checkDrift[api.IdentityData](d, operation{method: "GET", url: &url.URL{Path: "/identities/x.json"}}, sc)
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
// nothing: the walk builds its paths and lookup keys in place, in buffers
// pooled with the answer's copy.
func TestCheckDriftAllocatesNothingOnceReported(t *testing.T) {
	body := []byte(ok(200, "/identities.json", `{"identities":{`+pagination(1, 1, 2, 2)+`,"count":2,"entries":[`+identityJSON+`,`+identityJSON+`]}}`))
	var reports []Drift
	d := &driftState{seen: map[string]struct{}{}, report: func(dr Drift) { reports = append(reports, dr) }}
	op := operation{method: "GET", url: &url.URL{Path: "/base/identities.json"}, basePath: "/base"}
	check := func() {
		sc := driftScratches.Get().(*driftScratch)
		sc.body.Write(body)
		checkDrift[identityListData](d, op, sc)
	}
	check()
	want := []Drift{{Operation: "GET /identities.json", Path: "response.result.data.identities.entries[].futureField", Type: "object"}}
	if !slices.Equal(reports, want) {
		t.Fatalf("reports %+v, want %+v", reports, want)
	}
	if raceEnabled {
		t.Skip("sync.Pool drops buffers under the race detector")
	}
	if allocs := testing.AllocsPerRun(100, check); allocs != 0 || len(reports) != 1 {
		t.Errorf("%v allocations per check, %d reports", allocs, len(reports))
	}
}
