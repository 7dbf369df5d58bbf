package onealltest

import (
	_ "embed" // the spec
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// specYAML is openapi.yaml, copied here by `go generate ./...` at the
// repository root (internal/speccopy) and drift-checked by CI.
//
//go:embed openapi.yaml
var specYAML []byte

// handlers is the server's half of the table of operations: one handler per
// operationId of openapi.yaml. The spec gives the rest: method and path,
// the query parameters with their limits and defaults, and whether the
// operation may be called without credentials. Loading fails for an
// operation without a handler, and for a handler without an operation.
var handlers = map[string]func(*Server, *call) *response{
	"ListIdentities":         (*Server).listIdentities,
	"GetIdentity":            (*Server).getIdentity,
	"DeleteIdentity":         (*Server).deleteIdentity,
	"RelinkIdentity":         (*Server).relinkIdentity,
	"SynchronizeIdentity":    (*Server).synchronizeIdentity,
	"ListIdentityContacts":   (*Server).identityContacts,
	"ListSteamGames":         (*Server).steamGames,
	"ListYouTubeVideos":      (*Server).youTubeVideos,
	"ListFacebookPosts":      (*Server).facebookPosts,
	"ListUsers":              (*Server).listUsers,
	"ImportUser":             (*Server).importUser,
	"GetUser":                (*Server).getUser,
	"DeleteUser":             (*Server).deleteUser,
	"ListUserContacts":       (*Server).userContacts,
	"CreateStorageUser":      (*Server).createStorageUser,
	"UpdateStorageUser":      (*Server).updateStorageUser,
	"SynchronizeStorageUser": (*Server).synchronizeStorageUser,
	"LookupStorageUser":      (*Server).lookupStorageUser,

	"ListConnections":           (*Server).listConnections,
	"GetConnection":             (*Server).getConnection,
	"ListSSOSessions":           (*Server).listSSOSessions,
	"GetSSOSession":             (*Server).getSSOSession,
	"DeleteSSOSession":          (*Server).deleteSSOSession,
	"GetIdentitySSOSession":     (*Server).getIdentitySSOSession,
	"StartIdentitySSOSession":   (*Server).startIdentitySSOSession,
	"DestroyIdentitySSOSession": (*Server).destroyIdentitySSOSession,
	"GetSite":                   (*Server).getSite,
	"Ping":                      (*Server).ping,
	"ListProviders":             (*Server).listProviders,

	// ---- Issue 17 (branch pushpull); generated from the spec at merge.
	"PushFacebookPost":         (*Server).pushFacebookPost,
	"PushFacebookPicture":      (*Server).pushFacebookPicture,
	"PushFacebookVideo":        (*Server).pushFacebookVideo,
	"PushFacebookPagePost":     (*Server).pushFacebookPagePost,
	"PushFacebookPagePicture":  (*Server).pushFacebookPagePicture,
	"PushLinkedInPost":         (*Server).pushLinkedInPost,
	"PushLinkedInCompanyPost":  (*Server).pushLinkedInCompanyPost,
	"PushPinterestPin":         (*Server).pushPinterestPin,
	"PushPinterestPinLegacy":   (*Server).pushPinterestPinLegacy,
	"PushTwitterPost":          (*Server).pushTwitterPost,
	"PushTwitterPicture":       (*Server).pushTwitterPicture,
	"PushTwitterVideo":         (*Server).pushTwitterVideo,
	"PushYouTubeVideo":         (*Server).pushYouTubeVideo,
	"PullFacebookPosts":        (*Server).pullFacebookPosts,
	"PullFacebookPagePosts":    (*Server).pullFacebookPagePosts,
	"PullFacebookPages":        (*Server).pullFacebookPages,
	"PullFacebookLikes":        (*Server).pullFacebookLikes,
	"PullLinkedInPosts":        (*Server).pullLinkedInPosts,
	"PullLinkedInCompanies":    (*Server).pullLinkedInCompanies,
	"PullLinkedInCompanyPosts": (*Server).pullLinkedInCompanyPosts,
	"PullPinterestBoards":      (*Server).pullPinterestBoards,
	"PullSteamGames":           (*Server).pullSteamGames,
	"PullTwitterTweets":        (*Server).pullTwitterTweets,
	"UpdateStorageUserByPost":  (*Server).updateStorageUserByPost,
	"SearchTwitterTweets":      (*Server).searchTwitterTweets,
	"SearchSiteTweets":         (*Server).searchSiteTweets,
	"SearchSiteTweetsByUser":   (*Server).searchSiteTweetsByUser,
	"PullYouTubeVideos":        (*Server).pullYouTubeVideos,
}

// operation is one operation of openapi.yaml with its handler.
type operation struct {
	id      string // operationId
	handler func(*Server, *call) *response
	// noAuth: the spec allows calling the operation without credentials
	// (wrong credentials are still refused).
	noAuth bool
	// query holds the schemas of the query parameters the operation
	// declares; the others are ignored, as OneAll ignores them.
	query map[string]*openapi3.Schema
}

// spec is openapi.yaml made ready to serve.
type spec struct {
	router routers.Router
	ops    map[*openapi3.Operation]*operation
	// params are the shared parameters of components.parameters by name:
	// their defaults apply where an operation does not declare them.
	params map[string]*openapi3.Schema
}

// embeddedSpec reads the embedded spec once per process.
var embeddedSpec = sync.OnceValues(func() (*spec, error) {
	sp, err := newSpec(specYAML, handlers)
	if err != nil {
		return nil, fmt.Errorf("onealltest: the embedded openapi.yaml: %w", err)
	}
	return sp, nil
})

func newSpec(yaml []byte, handlers map[string]func(*Server, *call) *response) (*spec, error) {
	doc, err := openapi3.NewLoader().LoadFromData(yaml)
	if err != nil {
		return nil, err
	}
	// The router matches the servers' host: serve the paths from the root,
	// whatever the host (and under http.StripPrefix).
	doc.Servers = openapi3.Servers{{URL: "/"}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	sp := &spec{router: router, ops: map[*openapi3.Operation]*operation{}, params: map[string]*openapi3.Schema{}}
	for _, p := range doc.Components.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && p.Value.Schema != nil {
			sp.params[p.Value.Name] = p.Value.Schema.Value
		}
	}
	seen := map[string]bool{}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for _, o := range item.Operations() {
			h := handlers[o.OperationID]
			if h == nil {
				return nil, fmt.Errorf("operation %q has no handler", o.OperationID)
			}
			seen[o.OperationID] = true
			op := &operation{id: o.OperationID, handler: h, query: map[string]*openapi3.Schema{}}
			if o.Security != nil {
				op.noAuth = slices.ContainsFunc(*o.Security, func(r openapi3.SecurityRequirement) bool { return len(r) == 0 })
			}
			for _, p := range slices.Concat(item.Parameters, o.Parameters) {
				if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && p.Value.Schema != nil {
					op.query[p.Value.Name] = p.Value.Schema.Value
				}
			}
			sp.ops[o] = op
		}
	}
	for id := range handlers {
		if !seen[id] {
			return nil, fmt.Errorf("handler %q has no operation", id)
		}
	}
	return sp, nil
}

// unknownOp is the operation of a request that matches none.
var unknownOp = &operation{}

// route finds the operation of a request, the token of its path (the
// identity_token or user_token) and its path parameters, or unknownOp.
func (sp *spec) route(r *http.Request) (*operation, string, map[string]string) {
	route, params, err := sp.router.FindRoute(r)
	if err != nil {
		return unknownOp, "", nil
	}
	token := ""
	for k, v := range params {
		if params[k], err = url.PathUnescape(v); err != nil {
			params[k] = v
		}
		// The token is the path's one parameter, or its *_token one (the
		// Push and Pull paths add a page, company or board id).
		if len(params) == 1 || strings.HasSuffix(k, "_token") {
			token = params[k]
		}
	}
	return sp.ops[route.Operation], token, params
}

// ---- Query parameters, checked against the spec's schemas.

// param returns a query parameter that the operation declares, if given.
func (c *call) param(name string) (string, bool) {
	if _, declared := c.op.query[name]; !declared {
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
func (c *call) schema(name string) *openapi3.Schema {
	if s := c.op.query[name]; s != nil {
		return s
	}
	return c.s.spec.params[name]
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
		n, _ := sch.Default.(float64)
		return int(n), nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || (sch.Min != nil && float64(n) < *sch.Min) || (sch.Max != nil && float64(n) > *sch.Max) {
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
	if sch := c.schema(name); sch == nil || !slices.Contains(sch.Enum, any(v)) {
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
func describe(sch *openapi3.Schema) string {
	switch {
	case sch == nil:
		return "valid"
	case len(sch.Enum) > 0:
		vals := make([]string, len(sch.Enum))
		for i, v := range sch.Enum {
			vals[i] = fmt.Sprint(v)
		}
		if len(vals) == 1 {
			return vals[0]
		}
		return strings.Join(vals[:len(vals)-1], ", ") + " or " + vals[len(vals)-1]
	case sch.Min != nil && sch.Max != nil:
		return fmt.Sprintf("an integer between %g and %g", *sch.Min, *sch.Max)
	case sch.Min != nil:
		return fmt.Sprintf("an integer of at least %g", *sch.Min)
	}
	return "an integer"
}
