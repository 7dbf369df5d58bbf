package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oneall-go/oneall-go/api"
)

const specPath = "../openapi.yaml"

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(specPath)
	if err != nil {
		t.Fatalf("load %s: %v", specPath, err)
	}
	return doc
}

func TestSpecIsValid(t *testing.T) {
	doc := loadSpec(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi version = %q, want 3.0.3", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("spec does not validate: %v", err)
	}
}

// TestSpecOperationsAreExactlyTheDocumentedOnes: the spec's operations are
// those of the generated list (operations_gen_test.go), which a review sees
// change; each has an operationId, a summary and a description.
func TestSpecOperationsAreExactlyTheDocumentedOnes(t *testing.T) {
	doc := loadSpec(t)
	var got []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			got = append(got, method+" "+path)
			if op.OperationID == "" || op.Summary == "" || op.Description == "" {
				t.Errorf("%s %s: operationId, summary and description are all required", method, path)
			}
		}
	}
	sort.Strings(got)
	want := slices.Clone(wantOperations)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("operations differ\n got: %q\nwant: %q", got, want)
	}
}

func TestSpecEveryOperationHasExamplesAndErrors(t *testing.T) {
	doc := loadSpec(t)
	errorCodes := []string{"400", "401", "403", "404", "409", "429", "500", "502", "503"}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			if op.RequestBody != nil {
				for ct, mt := range op.RequestBody.Value.Content {
					if len(mt.Examples) == 0 {
						t.Errorf("%s: request body %s has no example", name, ct)
					}
				}
			}
			for code, resp := range op.Responses.Map() {
				for ct, mt := range resp.Value.Content {
					if len(mt.Examples) == 0 {
						t.Errorf("%s: response %s %s has no example", name, code, ct)
					}
				}
			}
			for _, code := range errorCodes {
				r := op.Responses.Value(code)
				if r == nil {
					t.Errorf("%s: no %s response", name, code)
					continue
				}
				s := r.Value.Content.Get("application/json").Schema
				if s.Ref != "#/components/schemas/ErrorEnvelope" {
					t.Errorf("%s: %s answers with %q, want the shared ErrorEnvelope", name, code, s.Ref)
				}
			}
		}
	}
}

func TestSpecExamplesRoundTripThroughGeneratedModels(t *testing.T) {
	doc := loadSpec(t)
	checked := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			parse, ok := parsers[op.OperationID]
			if !ok {
				t.Errorf("%s %s: no parser registered for %s", method, path, op.OperationID)
				continue
			}
			if op.RequestBody != nil {
				newBody, ok := requestBodies[op.OperationID]
				if !ok {
					t.Errorf("%s: no request body model registered", op.OperationID)
					continue
				}
				for name, ex := range op.RequestBody.Value.Content.Get("application/json").Examples {
					t.Run(op.OperationID+"/request/"+name, func(t *testing.T) {
						raw := mustJSON(t, ex.Value.Value)
						model := newBody()
						if err := json.Unmarshal(raw, model); err != nil {
							t.Fatalf("decode: %v\n%s", err, raw)
						}
						assertSameFields(t, raw, mustJSON(t, model))
					})
					checked++
				}
			}
			for code, resp := range op.Responses.Map() {
				for name, ex := range resp.Value.Content.Get("application/json").Examples {
					t.Run(op.OperationID+"/"+code+"/"+name, func(t *testing.T) {
						raw := mustJSON(t, ex.Value.Value)
						status, _ := strconv.Atoi(code)
						parsed, err := parse(&http.Response{
							StatusCode: status,
							Header:     http.Header{"Content-Type": {"application/json"}},
							Body:       io.NopCloser(bytes.NewReader(raw)),
						})
						if err != nil {
							t.Fatalf("decode: %v\n%s", err, raw)
						}
						field := reflect.ValueOf(parsed).Elem().FieldByName("JSON" + code)
						if !field.IsValid() || field.IsNil() {
							t.Fatalf("the generated parser left JSON%s empty", code)
						}
						assertSameFields(t, raw, mustJSON(t, field.Interface()))
					})
					checked++
				}
			}
		}
	}
	if checked < 60 {
		t.Fatalf("only %d examples checked; the walk over the spec is broken", checked)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

// assertSameFields checks that re-encoding kept every field and every value,
// up to the documented canonicalisation (numbers as numbers, booleans as
// booleans, dates as RFC 1123 with a numeric zone, identities as an array).
func assertSameFields(t *testing.T, original, reencoded []byte) {
	t.Helper()
	for _, d := range diffFields(t, original, reencoded) {
		t.Error(d)
	}
}

func diffFields(t *testing.T, original, reencoded []byte) []string {
	t.Helper()
	var diffs []string
	want, got := flatten(t, original), flatten(t, reencoded)
	for k, v := range want {
		if g, ok := got[k]; !ok {
			// The models are values: a field sent as 0, false or "" reads
			// like an absent one and is left out on encoding (omitzero).
			if isZeroScalar(v) {
				continue
			}
			diffs = append(diffs, fmt.Sprintf("field %s lost on re-encoding", k))
		} else if g != v {
			diffs = append(diffs, fmt.Sprintf("field %s = %s after re-encoding, want %s", k, g, v))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("field %s appeared on re-encoding", k))
		}
	}
	sort.Strings(diffs)
	return diffs
}

// The comparison itself must catch a lost field, a changed value and an
// invented one, and must accept the documented canonical forms.
func TestDiffFields(t *testing.T) {
	orig := `{"a":{"n":"64","d":"Tue, 02 May 2017 15:27:08  0200","identities":{"identity":[{"x":1}]},"e":[]}}`
	same := `{"a":{"n":64,"d":"Tue, 02 May 2017 15:27:08 +0200","identities":[{"x":"1"}]}}`
	if d := diffFields(t, []byte(orig), []byte(same)); len(d) != 0 {
		t.Errorf("canonical forms reported as differences: %q", d)
	}
	// A zero scalar may be left out (value models cannot tell it from an
	// absent field), but it must not be invented.
	zeros := `{"a":{"n":"64","d":"Tue, 02 May 2017 15:27:08  0200","identities":[{"x":1}],"z":0,"f":false,"s":""}}`
	if d := diffFields(t, []byte(zeros), []byte(same)); len(d) != 0 {
		t.Errorf("zero scalars left out reported as differences: %q", d)
	}
	if d := diffFields(t, []byte(same), []byte(zeros)); len(d) != 3 {
		t.Errorf("invented zero scalars: got %q, want 3 differences", d)
	}
	changed := `{"a":{"n":65,"identities":[{"x":1}],"new":true}}`
	d := diffFields(t, []byte(orig), []byte(changed))
	want := []string{
		"field .a.d lost on re-encoding",
		"field .a.n = 65 after re-encoding, want 64",
		"field .a.new appeared on re-encoding",
	}
	if !slices.Equal(d, want) {
		t.Errorf("diffFields = %q, want %q", d, want)
	}
}

// isZeroScalar reports whether a flattened value is the zero of its JSON
// kind: such a field may be left out on re-encoding, never invented.
func isZeroScalar(v string) bool {
	switch v {
	case "0", "false", "":
		return true
	}
	return false
}

func flatten(t *testing.T, raw []byte) map[string]string {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode generic: %v", err)
	}
	out := map[string]string{}
	walk("", v, out)
	return out
}

func walk(path string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		// The legacy {"identities": {"identity": [...]}} form is canonically an array.
		if strings.HasSuffix(path, "identities") && len(x) == 1 {
			if inner, ok := x["identity"]; ok {
				walk(path, inner, out)
				return
			}
		}
		// An empty object or array is no field lost: the models omit empty
		// containers, which mean the same as absent ones.
		for k, e := range x {
			walk(path+"."+k, e, out)
		}
	case []any:
		for i, e := range x {
			walk(fmt.Sprintf("%s[%d]", path, i), e, out)
		}
	case json.Number:
		out[path] = x.String()
	case bool:
		out[path] = strconv.FormatBool(x)
	case string:
		if ts, err := api.ParseTimestamp(x); err == nil && strings.Contains(x, ",") {
			out[path] = ts.String()
		} else {
			out[path] = x
		}
	case nil:
		out[path] = "null"
	}
}
