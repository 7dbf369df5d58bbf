package onealltest

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestRoutesMatchTheSpec: the generated route table holds every operation
// of openapi.yaml once, with its method, path, credentials and query
// parameters (go generate ./... at the root refreshes it).
func TestRoutesMatchTheSpec(t *testing.T) {
	// Loaded, not validated: TestContract validates it (with its uuid format).
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*operation{}
	for i := range routes {
		r := &routes[i]
		if byID[r.id] != nil {
			t.Errorf("%s is routed twice", r.id)
		}
		byID[r.id] = r
	}
	n := 0
	for path, item := range doc.Paths.Map() {
		for method, o := range item.Operations() {
			n++
			r := byID[o.OperationID]
			if r == nil {
				t.Errorf("%s is not routed: run go generate ./...", o.OperationID)
				continue
			}
			if r.method != method || r.template != path || r.handler == nil {
				t.Errorf("%s: routed as %s %s", o.OperationID, r.method, r.template)
			}
			noAuth := o.Security != nil && slices.ContainsFunc(*o.Security, func(s openapi3.SecurityRequirement) bool { return len(s) == 0 })
			if r.noAuth != noAuth {
				t.Errorf("%s: noAuth %v", o.OperationID, r.noAuth)
			}
			for _, p := range slices.Concat(item.Parameters, o.Parameters) {
				if p.Value.In == openapi3.ParameterInQuery && lookup(r.query, p.Value.Name) == nil {
					t.Errorf("%s: query parameter %s is not routed", o.OperationID, p.Value.Name)
				}
			}
		}
	}
	if n != len(routes) {
		t.Errorf("%d operations in the spec, %d routes", n, len(routes))
	}
}

// TestRoute: method and path select the operation, the path parameter is
// unescaped, and anything else is unknownOp (a 404).
func TestRoute(t *testing.T) {
	const tok = "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"
	for _, c := range []struct {
		method, target, op, param string
	}{
		{"GET", "/identities.json", "ListIdentities", ""},
		{"GET", "/identities.json?page=2", "ListIdentities", ""},
		{"GET", "/identities/" + tok + ".json", "GetIdentity", tok},
		{"DELETE", "/identities/" + tok + ".json", "DeleteIdentity", tok},
		{"GET", "/identities/a%2Fb.json", "GetIdentity", "a/b"},
		{"GET", "/storage/users/user/lookup.json", "", ""},
		{"POST", "/storage/users/user/lookup.json", "LookupStorageUser", ""},
		{"PUT", "/storage/users/user.json", "UpdateStorageUser", "user"},
		{"GET", "/sso/sessions/identities/" + tok + ".json", "GetIdentitySSOSession", tok},
		{"GET", "/sso/sessions/" + tok + ".json", "GetSSOSession", tok},
		{"GET", "/identities.json/", "", ""},
		{"GET", "/identities/.json", "", ""},
		{"GET", "/identities/" + tok, "", ""},
		{"PATCH", "/identities.json", "", ""},
		{"GET", "/nothing.json", "", ""},
		{"GET", "/", "", ""},
	} {
		op, param := route(httptest.NewRequest(c.method, "http://fake"+c.target, nil))
		if op.id != c.op || param != c.param {
			t.Errorf("%s %s: routed to %q with %q, want %q with %q", c.method, c.target, op.id, param, c.op, c.param)
		}
		if c.op == "" && (op != unknownOp || op.handler != nil) {
			t.Errorf("%s %s: not unknownOp", c.method, c.target)
		}
	}
}

// TestEveryQueryParameterIsTyped: the server knows how to read each one.
func TestEveryQueryParameterIsTyped(t *testing.T) {
	for _, r := range routes {
		for _, q := range slices.Concat(r.query, sharedQuery) {
			if !slices.Contains([]string{"integer", "string", "boolean"}, q.typ) || strings.TrimSpace(q.name) == "" {
				t.Errorf("%s: query parameter %+v", r.id, q)
			}
		}
	}
}
