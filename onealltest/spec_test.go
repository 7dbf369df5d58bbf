package onealltest

import (
	"fmt"
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
			if got, want := strings.Join(r.params, " "), pathParamsOf(path); got != want {
				t.Errorf("%s: path parameters %q, want %q", o.OperationID, got, want)
			}
		}
	}
	if n != len(routes) {
		t.Errorf("%d operations in the spec, %d routes", n, len(routes))
	}
}

// pathParamsOf names the parameters of a path template, in order.
func pathParamsOf(template string) string {
	var names []string
	for _, s := range strings.Split(template, "{")[1:] {
		name, _, _ := strings.Cut(s, "}")
		names = append(names, name)
	}
	return strings.Join(names, " ")
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
		op, params := route(httptest.NewRequest(c.method, "http://fake"+c.target, nil))
		if param := params[0]; op.id != c.op || param != c.param {
			t.Errorf("%s %s: routed to %q with %q, want %q with %q", c.method, c.target, op.id, param, c.op, c.param)
		}
		if c.op == "" && (op != unknownOp || op.handler != nil) {
			t.Errorf("%s %s: not unknownOp", c.method, c.target)
		}
	}
}

// TestRouteTwoParameters: a path with two parameters gives both, each
// unescaped, in the template's order, the first as the call's token; a
// missing or empty one matches nothing.
func TestRouteTwoParameters(t *testing.T) {
	const tok = "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"
	for _, c := range []struct {
		method, target, op string
		want               map[string]string
	}{
		{"GET", "/pull/identities/" + tok + "/facebook/page/1234/posts.json", "PullFacebookPagePosts", map[string]string{"identity_token": tok, "page_id": "1234"}},
		{"GET", "/pull/identities/" + tok + "/linkedin/company/a%2Fb/posts.json", "PullLinkedInCompanyPosts", map[string]string{"identity_token": tok, "company_id": "a/b"}},
		{"POST", "/push/identities/" + tok + "/pinterest/board/98/pin.json", "PushPinterestPin", map[string]string{"identity_token": tok, "board_id": "98", "page_id": ""}},
		{"POST", "/push/identities/" + tok + "/pinterest/pin.json", "PushPinterestPinLegacy", map[string]string{"identity_token": tok, "board_id": ""}},
		{"GET", "/pull/identities/" + tok + "/facebook/page//posts.json", "", nil},
		{"GET", "/pull/identities//facebook/page/1234/posts.json", "", nil},
		{"GET", "/pull/identities/" + tok + "/facebook/page/1234/5/posts.json", "", nil},
	} {
		r := httptest.NewRequest(c.method, "http://fake"+c.target, nil)
		cl := new(Server).newCall(r)
		if cl.op.id != c.op {
			t.Errorf("%s %s: routed to %q, want %q", c.method, c.target, cl.op.id, c.op)
			continue
		}
		for name, want := range c.want {
			if got := cl.pathParam(name); got != want {
				t.Errorf("%s %s: %s is %q, want %q", c.method, c.target, name, got, want)
			}
		}
		if c.op != "" && cl.token != tok {
			t.Errorf("%s %s: token %q, want the identity_token", c.method, c.target, cl.token)
		}
	}
}

// TestMatchBeyondMaxPathParams: a template with more parameters than
// maxPathParams (which go generate makes the spec's most) matches nothing
// rather than losing one.
func TestMatchBeyondMaxPathParams(t *testing.T) {
	op := operation{}
	var parts []string
	for i := range maxPathParams + 1 {
		op.segs = append(op.segs, segment{Param: true})
		op.params = append(op.params, fmt.Sprint("p", i))
		parts = append(parts, fmt.Sprint(i))
	}
	var vs pathValues
	if op.match(parts, &vs) {
		t.Errorf("a template of %d parameters matched, with room for %d", len(op.params), maxPathParams)
	}
	op.segs, op.params, parts = op.segs[1:], op.params[1:], parts[1:]
	ok := op.match(parts, &vs)
	if !ok || vs[len(parts)-1] != parts[len(parts)-1] {
		t.Errorf("a template of %d parameters: %v, %v", len(op.params), vs, ok)
	}
	// A later match of fewer parameters keeps none of these (c.token of a
	// path without parameters is "").
	lit := operation{segs: []segment{{Lit: "tools"}, {Lit: "ping.json"}}}
	if !lit.match([]string{"tools", "ping.json"}, &vs) || vs != (pathValues{}) {
		t.Errorf("a template without parameters left %q", vs)
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
