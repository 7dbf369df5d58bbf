package onealltest

// The contract test's generic half: every operation of the spec from a
// valid request built from the spec itself (operations_gen_test.go), so that
// an operation without a special fixture needs no edit here.

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// everyOperation sends each operation's valid request: with the keys for an
// operation without a special fixture (not in wantStatuses), with wrong and
// without keys, and under every fault; then checks that every operation
// produced every status it should, and nothing else. fixtures fill the path
// parameters by name.
func (k *contract) everyOperation(v *validator, doc *openapi3.T, fixtures map[string]string) {
	// ---- Operations without a special fixture: their valid request, with keys.
	t := k.t
	t.Helper()
	valid := validRequests(t, fixtures)
	for _, r := range valid {
		if _, special := wantStatuses[r.op]; !special {
			k.expect(r.success, r.method, r.path, r.body)
		}
	}

	// ---- 401 and the fault envelopes, for every operation, from a valid request.
	for _, r := range valid {
		k.expect(401, r.method, r.path, r.body, wrongKeys)
		if !r.noAuth {
			k.expect(401, r.method, r.path, r.body, noKeys, invalid)
		}
		for _, status := range faultStatuses {
			kind := FaultKind(fmt.Sprint(status))
			k.srv.SetFaults(Faults{Rate: 1, Kinds: []FaultKind{kind}, Paths: []string{r.method + " " + strings.Split(r.path, "?")[0]}})
			k.expect(status, r.method, r.path, r.body)
			k.srv.SetFaults(Faults{})
		}
	}

	// ---- Coverage: every operation, every status the server can produce.
	specOps := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			specOps[op.OperationID] = true
		}
	}
	if len(specOps) != len(valid) {
		t.Fatalf("the spec has %d operations, the generated table %d: run go generate ./...", len(specOps), len(valid))
	}
	for _, r := range valid {
		if !specOps[r.op] {
			t.Fatalf("%s is not in the spec: run go generate ./...", r.op)
		}
		if !v.exercised[r.op] {
			t.Errorf("operation %s was never exercised", r.op)
		}
		for _, status := range append(r.want(), faultStatuses...) {
			if !v.validated[fmt.Sprintf("%s %d", r.op, status)] {
				t.Errorf("%s %d was never produced and validated", r.op, status)
			}
		}
	}
	for op := range wantStatuses {
		if !specOps[op] {
			t.Errorf("wantStatuses names %s, which the spec does not have", op)
		}
	}
	// And the server produced nothing else: the table above is complete.
	for key := range v.validated {
		var op string
		var status int
		fmt.Sscanf(key, "%s %d", &op, &status)
		if !slices.Contains(statusesOf(op), status) && !slices.Contains(faultStatuses, status) {
			t.Errorf("%s answered %d, which the contract's table does not list", op, status)
		}
	}
}

// specOperation is one operation of the spec (operations_gen_test.go).
type specOperation struct {
	id, method, path string
	params           []string // the path parameters' names, in order
	query, body      string   // what a valid request sends
	success          int      // the lowest documented 2xx status
	noAuth           bool
}

// validRequest is a request the spec accepts, for one operation.
type validRequest struct {
	op, method, path, body string
	success                int
	noAuth                 bool
}

// want is every status the server produces for the operation, but faults.
func (r validRequest) want() []int { return statusesOf(r.op) }

// statusesOf is the operation's entry in wantStatuses or, for an operation
// without a special fixture, its success and 401.
func statusesOf(op string) []int {
	if s, ok := wantStatuses[op]; ok {
		return s
	}
	for _, o := range specOperations {
		if o.id == op {
			return []int{o.success, 401}
		}
	}
	return nil
}

// validRequests builds a valid request of every operation, filling each path
// parameter from fixtures by its name.
func validRequests(t *testing.T, fixtures map[string]string) []validRequest {
	t.Helper()
	var rs []validRequest
	for _, o := range specOperations {
		path := o.path
		for _, p := range o.params {
			v, ok := fixtures[p]
			if !ok {
				t.Fatalf("no fixture for the path parameter %s of %s: add one to the fixtures of validRequests in TestContract", p, o.id)
			}
			path = strings.Replace(path, "{"+p+"}", v, 1)
		}
		// A path of several parameters (the LoudVoice vote's) names its
		// first in o.param: the others come from fixtures too.
		for name, v := range fixtures {
			path = strings.ReplaceAll(path, "{"+name+"}", v)
		}
		if strings.Contains(path, "{") {
			t.Fatalf("%s: no fixture for a path parameter of %s", o.id, path)
		}
		if o.query != "" {
			path += "?" + o.query
		}
		rs = append(rs, validRequest{op: o.id, method: o.method, path: path, body: o.body, success: o.success, noAuth: o.noAuth})
	}
	return rs
}
