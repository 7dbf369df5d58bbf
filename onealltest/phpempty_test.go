package onealltest

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestPHPEmptyNodesMatchSpec keeps phpEmptyNodes equal to the nodes where
// openapi.yaml accepts [] for an object (anyOf the object and an empty
// array): the fake accepts PHP's [] exactly where the spec does.
func TestPHPEmptyNodesMatchSpec(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	fromSpec := map[string][]string{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			mt := op.RequestBody.Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil {
				continue
			}
			var found []string
			emptyArrayNodes(mt.Schema.Value, nil, &found)
			if len(found) > 0 {
				slices.Sort(found)
				fromSpec[op.OperationID] = found
			}
		}
	}
	fromTable := map[string][]string{}
	for op, paths := range phpEmptyNodes {
		for _, p := range paths {
			fromTable[op] = append(fromTable[op], strings.Join(p, "->"))
		}
		slices.Sort(fromTable[op])
	}
	if !maps.EqualFunc(fromSpec, fromTable, slices.Equal) {
		t.Fatalf("phpEmptyNodes = %v\nopenapi.yaml accepts [] at %v", fromTable, fromSpec)
	}
}

// emptyArrayNodes appends the paths under s where an empty array may stand
// for an object.
func emptyArrayNodes(s *openapi3.Schema, path []string, found *[]string) {
	if s == nil || len(path) > 8 {
		return
	}
	alts := slices.Concat(s.AllOf, s.AnyOf, s.OneOf)
	for _, alt := range alts {
		if a := alt.Value; a != nil && a.Type.Is(openapi3.TypeArray) && a.MaxItems != nil && *a.MaxItems == 0 {
			*found = append(*found, strings.Join(path, "->"))
		}
	}
	for _, alt := range alts {
		if alt.Value != nil && !alt.Value.Type.Is(openapi3.TypeArray) {
			emptyArrayNodes(alt.Value, path, found)
		}
	}
	for name, p := range s.Properties {
		emptyArrayNodes(p.Value, append(slices.Clip(path), name), found)
	}
}

func TestPHPEmptyAsObjects(t *testing.T) {
	for _, tc := range []struct{ op, in, want string }{
		{"StartIdentitySSOSession", `{"request":{"sso_session":[]}}`, `{"request":{"sso_session":{}}}`},
		{"StartIdentitySSOSession", `{"request":{"sso_session":[ ]}}`, `{"request":{"sso_session":{ }}}`},
		{"StartIdentitySSOSession", `{"request":{"SSO_Session":[],"sso_session":[]}}`, `{"request":{"SSO_Session":{},"sso_session":{}}}`},
		{"StartIdentitySSOSession", `{"request":{"sso_session":[1]}}`, `{"request":{"sso_session":[1]}}`},
		{"StartIdentitySSOSession", `{"request":{"sso_session":"[]"}}`, `{"request":{"sso_session":"[]"}}`},
		{"StartIdentitySSOSession", `{"request":[]}`, `{"request":[]}`},
		{"StartIdentitySSOSession", `{"request":{"sso_session":[]}`, `{"request":{"sso_session":[]}`}, // not JSON: as sent
		{"SynchronizeStorageUser", `{"request":{"synchronize":{"identifier":{"field":"login","value":"[]"},"user":{"identity":[],"x":[]}}}}`,
			`{"request":{"synchronize":{"identifier":{"field":"login","value":"[]"},"user":{"identity":{},"x":[]}}}}`},
		{"CreateStorageUser", `{"request":{"user":{"identity":{"emails":[]}}}}`, `{"request":{"user":{"identity":{"emails":[]}}}}`},
		{"ListUsers", `{"request":{"user":[]}}`, `{"request":{"user":[]}}`},
	} {
		in := []byte(tc.in)
		if got := string(phpEmptyAsObjects(tc.op, in)); got != tc.want {
			t.Errorf("%s %s = %s, want %s", tc.op, tc.in, got, tc.want)
		}
		if string(in) != tc.in {
			t.Errorf("%s: the body as sent was changed", tc.in)
		}
	}
}
