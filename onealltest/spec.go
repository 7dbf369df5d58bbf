package onealltest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/oneall-go/oneall-go/internal/pathtmpl"
)

// The server's table of operations is routes (routes.gen.go), which
// internal/specgen writes from openapi.yaml: method and path, the query
// parameters with their limits and defaults, whether the operation may be
// called without credentials, and its handler, the method of Server named
// after the operationId with a lower-case first letter. An operation of the
// spec without its handler does not compile.

// operation is one operation of openapi.yaml with its handler.
type operation struct {
	id       string // operationId
	method   string
	template string    // the path template, as the spec writes it
	segs     []segment // the template split on "/", without the leading one
	// params are the names of the path parameters, in the template's order
	// (the order of the segments with param set).
	params []string
	// noAuth: the spec allows calling the operation without credentials
	// (wrong credentials are still refused).
	noAuth bool
	// query are the query parameters the operation declares; the others
	// are ignored, as OneAll ignores them.
	query   []queryParam
	handler func(*Server, *call) *response
}

// segment is one segment of a path template: a literal, or a path
// parameter between a prefix and a suffix ("{identity_token}.json").
type segment = pathtmpl.Segment

// queryParam is a query parameter's schema, as far as the server checks it.
type queryParam struct {
	name           string
	typ            string // "integer", "string" or "boolean"
	enum           []string
	min, max       float64
	hasMin, hasMax bool
	def            string // the default as text, "" when none
}

// pathValues are the values of a request's path parameters, unescaped, in
// the order of its operation's params. maxPathParams (routes.gen.go) is the
// most that a path of the spec has, so routing allocates nothing for them.
type pathValues [maxPathParams]string

// unknownOp is the operation of a request that matches none.
var unknownOp = &operation{}

// route finds the operation of a request and its path parameters (the
// identity_token or user_token first, unescaped), or unknownOp. The path is
// matched escaped, so that an escaped "/" stays inside its segment.
func route(r *http.Request) (*operation, pathValues) {
	parts := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/")
	var vs pathValues
	for i := range routes {
		op := &routes[i]
		if op.method != r.Method || !op.match(parts, &vs) {
			continue
		}
		for j, v := range vs[:len(op.params)] {
			if u, err := url.PathUnescape(v); err == nil {
				vs[j] = u
			}
		}
		return op, vs
	}
	return unknownOp, pathValues{}
}

// match matches the segments of a path, setting vs to its path parameters
// (vs is left partly set when it does not match).
func (op *operation) match(parts []string, vs *pathValues) bool {
	if !pathtmpl.Match(op.segs, parts, vs[:]) {
		return false
	}
	// A shorter match than an earlier try leaves nothing of it behind.
	clear(vs[len(op.params):])
	return true
}

// lookup finds a query parameter by name.
func lookup(ps []queryParam, name string) *queryParam {
	for i := range ps {
		if ps[i].name == name {
			return &ps[i]
		}
	}
	return nil
}

// ---- Query parameters, checked against the spec's schemas.

// param returns a query parameter that the operation declares, if given.
func (c *call) param(name string) (string, bool) {
	if lookup(c.op.query, name) == nil {
		return "", false
	}
	vs, ok := c.query[name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// schema returns the schema of a query parameter: the operation's, or the
// shared one of the same name for its default.
func (c *call) schema(name string) *queryParam {
	if p := lookup(c.op.query, name); p != nil {
		return p
	}
	return lookup(sharedQuery, name)
}

// intParam reads an integer query parameter within the limits of its
// schema, or returns its default when it is not given.
func (c *call) intParam(name string) (int, *response) {
	sch := c.schema(name)
	if sch == nil {
		return 0, c.fail(http.StatusInternalServerError, info500+": no parameter "+name+" in openapi.yaml")
	}
	v, given := c.param(name)
	if !given {
		n, _ := strconv.Atoi(sch.def)
		return n, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || (sch.hasMin && float64(n) < sch.min) || (sch.hasMax && float64(n) > sch.max) {
		return 0, c.badParam("The parameter " + name + " must be " + describe(sch))
	}
	return n, nil
}

// enumParam reads a query parameter that takes one of the values of its
// schema's enum, or returns "" when it is not given.
func (c *call) enumParam(name string) (string, *response) {
	v, given := c.param(name)
	if !given {
		return "", nil
	}
	if sch := c.schema(name); sch == nil || !slices.Contains(sch.enum, v) {
		return "", c.badParam("The parameter " + name + " must be " + describe(sch))
	}
	return v, nil
}

// boolParam reads a true/false query parameter.
func (c *call) boolParam(name string) (value, given bool, bad *response) {
	v, ok := c.param(name)
	if !ok {
		return false, false, nil
	}
	switch v {
	case "true":
		return true, true, nil
	case "false":
		return false, true, nil
	}
	return false, true, c.badParam("The parameter " + name + " must be true or false")
}

// describe says what a schema accepts, for an error's info.
func describe(sch *queryParam) string {
	switch {
	case sch == nil:
		return "valid"
	case len(sch.enum) > 0:
		vals := sch.enum
		if len(vals) == 1 {
			return vals[0]
		}
		return strings.Join(vals[:len(vals)-1], ", ") + " or " + vals[len(vals)-1]
	case sch.hasMin && sch.hasMax:
		return fmt.Sprintf("an integer between %g and %g", sch.min, sch.max)
	case sch.hasMin:
		return fmt.Sprintf("an integer of at least %g", sch.min)
	}
	return "an integer"
}
