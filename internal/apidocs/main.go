// Command apidocs writes docs/api.md, the reference of every operation of
// openapi.yaml: method and path, parameters, request body, responses, and the
// wrapper method and CLI command that call it. `go generate ./...` runs it;
// CI fails when the committed docs/api.md differs from its output.
//
// Every operation needs an entry in the calls table below: generation fails
// for an operation without one (and for an entry without an operation), so
// that a new operation cannot land undocumented.
//
// Usage:
//
//	go run ./internal/apidocs -spec openapi.yaml -out docs/api.md
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// call is how a Go program and a shell reach an operation. Go holds
// statements, one a line, that type-check with the variables named in the
// document's introduction (the root package's snippet test checks them).
type call struct {
	Go  []string
	CLI []string
}

// calls maps every operationId of openapi.yaml to the wrapper methods and
// CLI commands that send it.
var calls = map[string]call{
	"ListIdentities": {
		Go:  []string{"page, err := c.Identities.List(ctx, &wrapper.ListOptions{Page: 1, EntriesPerPage: 100}) // page.Entries: []api.Identity", "for id, err := range c.Identities.All(ctx, nil) { /* every api.Identity, 500 per request */ }"},
		CLI: []string{"oneall identities list [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"GetIdentity": {
		Go:  []string{"id, err := c.Identities.Get(ctx, identityToken) // *api.Identity"},
		CLI: []string{"oneall identities get IDENTITY_TOKEN"},
	},
	"DeleteIdentity": {
		Go:  []string{"deleted, err := c.Identities.Delete(ctx, identityToken) // deleted.IdentityToken, deleted.Provider, deleted.UserToken"},
		CLI: []string{"oneall identities delete IDENTITY_TOKEN --yes"},
	},
	"RelinkIdentity": {
		Go:  []string{"user, err := c.Identities.Relink(ctx, identityToken, userToken) // the new owner, *api.User"},
		CLI: []string{"oneall identities relink IDENTITY_TOKEN USER_TOKEN"},
	},
	"SynchronizeIdentity": {
		Go:  []string{"id, err := c.Identities.Synchronize(ctx, identityToken, &wrapper.SynchronizeOptions{ForceTokenUpdate: true})"},
		CLI: []string{"oneall identities sync IDENTITY_TOKEN [--token-only] [--force-token-update]"},
	},
	"ListIdentityContacts": {
		Go:  []string{"page, err := c.Identities.Contacts(ctx, identityToken, &wrapper.ContactsOptions{DisableCache: true}) // page.Entries, page.Cache, page.Live", "for contact, err := range c.Identities.AllContacts(ctx, identityToken, nil) { /* every api.Contact */ }"},
		CLI: []string{"oneall identities contacts IDENTITY_TOKEN [--disable-cache] [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"ListSteamGames": {
		Go:  []string{"games, err := c.Identities.SteamGames(ctx, identityToken) // games.SteamGames.Entries"},
		CLI: []string{"oneall identities steam-games IDENTITY_TOKEN"},
	},
	"ListYouTubeVideos": {
		Go:  []string{"videos, err := c.Identities.YouTubeVideos(ctx, identityToken) // videos.YouTubeVideos.Entries"},
		CLI: []string{"oneall identities youtube-videos IDENTITY_TOKEN"},
	},
	"ListFacebookPosts": {
		Go:  []string{"posts, err := c.Identities.FacebookPosts(ctx, identityToken, &wrapper.ListOptions{Page: 1}) // posts.FacebookPosts.Entries"},
		CLI: []string{"oneall identities facebook-posts IDENTITY_TOKEN [--page N] [--per-page N] [--order asc|desc]"},
	},
	"ListUsers": {
		Go:  []string{`page, err := c.Users.List(ctx, &wrapper.ListOptions{Filters: "date_last_login:gt:2023-05-01"}) // page.Entries: []api.User`, "for user, err := range c.Users.All(ctx, nil) { /* every api.User, 500 per request */ }"},
		CLI: []string{"oneall users list [--filters F] [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"ImportUser": {
		Go:  []string{`res, err := c.Users.Import(ctx, wrapper.ImportInput{Provider: "facebook", AccessToken: accessToken}) // res.User, res.Created`},
		CLI: []string{"oneall users import --provider P (--access-token-stdin | --id-token-stdin) [--user-token USER_TOKEN]"},
	},
	"GetUser": {
		Go:  []string{"user, err := c.Users.Get(ctx, userToken) // *api.User, with user.Identities"},
		CLI: []string{"oneall users get USER_TOKEN"},
	},
	"DeleteUser": {
		Go:  []string{"deleted, err := c.Users.Delete(ctx, userToken) // the removed user and its identities"},
		CLI: []string{"oneall users delete USER_TOKEN --yes"},
	},
	"ListUserContacts": {
		Go:  []string{"contacts, err := c.Users.Contacts(ctx, userToken, &wrapper.UserContactsOptions{DisableCache: true}) // contacts.Entries, contacts.Partial"},
		CLI: []string{"oneall users contacts USER_TOKEN [--disable-cache]"},
	},
	"CreateStorageUser": {
		Go:  []string{"user, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set(loginName), Password: password}) // user.UserToken, user.ExternalID"},
		CLI: []string{"oneall storage create (--data FILE | --login L [--externalid E]) [--password-stdin]"},
	},
	"UpdateStorageUser": {
		Go:  []string{"user, err := c.Storage.UpdateUser(ctx, userToken, api.StorageUserInput{Login: api.Set(loginName)}, wrapper.Replace)", "user, err = c.Storage.UpdateUser(ctx, userToken, api.StorageUserInput{ExternalID: api.Null[string]()}, wrapper.Replace) // null removes the externalid"},
		CLI: []string{"oneall storage update USER_TOKEN (--data FILE | --login L | --externalid E) [--mode replace|append] [--password-stdin]"},
	},
	"SynchronizeStorageUser": {
		Go:  []string{"res, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: loginName}, input) // res.User, res.Created"},
		CLI: []string{"oneall storage sync --identifier FIELD=VALUE [--data FILE | --login L | --externalid E] [--password-stdin]", "oneall storage import FILE [--identifier login|externalid|user_token] (bulk: one request per row)"},
	},
	"LookupStorageUser": {
		Go:  []string{"user, err := c.Storage.LookupUser(ctx, wrapper.Lookup{Login: loginName, Password: password}) // errors.Is(err, wrapper.ErrInvalidCredentials) for a wrong password"},
		CLI: []string{"oneall storage lookup (--login L | --externalid E | --user-token USER_TOKEN) [--password-stdin]"},
	},
	"ListConnections": {
		Go:  []string{"page, err := c.Connections.List(ctx, &wrapper.ListOptions{Order: \"desc\"}) // page.Entries: []api.Connection", "for conn, err := range c.Connections.All(ctx, nil) { /* every api.Connection */ }"},
		CLI: []string{"oneall connections list [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"GetConnection": {
		Go:  []string{"conn, err := c.Connections.Get(ctx, connectionToken) // *wrapper.Connection: Outcome, UserToken, Identity", "cb, err := login.New(c, login.WithState(key, 0)) // package login: the callback that redeems the token", "result, err := cb.Handle(ctx, r) // or http.Handle(\"/oneall/callback\", cb.Handler(onLogin, nil))"},
		CLI: []string{"oneall connections get CONNECTION_TOKEN"},
	},
	"ListSSOSessions": {
		Go:  []string{"page, err := c.SSO.List(ctx, nil) // page.Entries: []api.SSOSession", "for session, err := range c.SSO.All(ctx, nil) { /* every api.SSOSession */ }"},
		CLI: []string{"oneall sso list [--page N] [--per-page N] [--order asc|desc] [--all]"},
	},
	"GetSSOSession": {
		Go:  []string{"session, err := c.SSO.Get(ctx, ssoSessionToken)"},
		CLI: []string{"oneall sso get SSO_SESSION_TOKEN"},
	},
	"DeleteSSOSession": {
		Go:  []string{"err := c.SSO.Delete(ctx, ssoSessionToken)"},
		CLI: []string{"oneall sso delete SSO_SESSION_TOKEN --yes"},
	},
	"GetIdentitySSOSession": {
		Go:  []string{"session, err := c.SSO.GetForIdentity(ctx, identityToken)"},
		CLI: []string{"oneall sso get-for-identity IDENTITY_TOKEN"},
	},
	"StartIdentitySSOSession": {
		Go:  []string{`session, err := c.SSO.Start(ctx, identityToken, &wrapper.SSOSessionOptions{TopRealm: "shop", Lifetime: 8 * time.Hour})`},
		CLI: []string{"oneall sso start IDENTITY_TOKEN [--top-realm R] [--sub-realm R] [--lifetime 8h] [--data D]"},
	},
	"DestroyIdentitySSOSession": {
		Go:  []string{"err := c.SSO.DestroyForIdentity(ctx, identityToken)"},
		CLI: []string{"oneall sso destroy-for-identity IDENTITY_TOKEN --yes"},
	},
	"GetSite": {
		Go:  []string{"site, err := c.Site.Get(ctx)"},
		CLI: []string{"oneall site"},
	},
	"Ping": {
		Go:  []string{"err := c.Tools.Ping(ctx) // nil when the subdomain and keys work"},
		CLI: []string{"oneall ping"},
	},
	"ListProviders": {
		Go:  []string{"providers, err := c.Providers.List(ctx)"},
		CLI: []string{"oneall providers"},
	},
}

func main() {
	spec := flag.String("spec", "openapi.yaml", "the OpenAPI document")
	out := flag.String("out", "docs/api.md", "the Markdown file to write")
	flag.Parse()
	if err := run(*spec, *out); err != nil {
		fmt.Fprintln(os.Stderr, "apidocs:", err)
		os.Exit(1)
	}
}

func run(specPath, outPath string) error {
	doc, err := load(specPath)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render(&buf, doc, filepath.ToSlash(specPath), calls); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(outPath), 0o755); err != nil {
		return err
	}
	// Write only when the content changes, so the file's time says something.
	if old, err := os.ReadFile(outPath); err == nil && bytes.Equal(old, buf.Bytes()) {
		return nil
	}
	return os.WriteFile(outPath, buf.Bytes(), 0o644)
}

func load(path string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	return doc, nil
}

// op is one operation with where it lives.
type op struct {
	method, path string
	tag          string
	params       openapi3.Parameters
	*openapi3.Operation
}

var methodOrder = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"}

// operations lists the operations sorted by tag (in the document's tag
// order), then path, then method.
func operations(doc *openapi3.T) []op {
	tagIndex := map[string]int{}
	for i, t := range doc.Tags {
		tagIndex[t.Name] = i
	}
	var ops []op
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, o := range item.Operations() {
			tag := "Other"
			if len(o.Tags) > 0 {
				tag = o.Tags[0]
			}
			params := append(slices.Clone(item.Parameters), o.Parameters...)
			ops = append(ops, op{method: strings.ToUpper(method), path: path, tag: tag, params: params, Operation: o})
		}
	}
	rank := func(tag string) int {
		if i, ok := tagIndex[tag]; ok {
			return i
		}
		return len(tagIndex)
	}
	sort.Slice(ops, func(i, j int) bool {
		a, b := ops[i], ops[j]
		if rank(a.tag) != rank(b.tag) {
			return rank(a.tag) < rank(b.tag)
		}
		if a.tag != b.tag {
			return a.tag < b.tag
		}
		if a.path != b.path {
			return a.path < b.path
		}
		return slices.Index(methodOrder, a.method) < slices.Index(methodOrder, b.method)
	})
	return ops
}

// render writes the reference. It fails if an operation has no operationId
// or no entry in calls, or calls has an entry for no operation.
func render(w io.Writer, doc *openapi3.T, specName string, calls map[string]call) error {
	ops := operations(doc)
	seen := map[string]bool{}
	var missing []string
	for _, o := range ops {
		if o.OperationID == "" {
			return fmt.Errorf("%s %s has no operationId", o.method, o.path)
		}
		seen[o.OperationID] = true
		if _, ok := calls[o.OperationID]; !ok {
			missing = append(missing, o.OperationID)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no wrapper method or CLI command is documented for %s: add them to the calls table in internal/apidocs",
			strings.Join(missing, ", "))
	}
	var stale []string
	for id := range calls {
		if !seen[id] {
			stale = append(stale, id)
		}
	}
	if len(stale) > 0 {
		sort.Strings(stale)
		return fmt.Errorf("the calls table in internal/apidocs names operations that %s does not have: %s", specName, strings.Join(stale, ", "))
	}

	p := &printer{w: w}
	p.f("# OneAll API reference\n\n")
	p.f("<!-- Generated from %s by internal/apidocs (go generate ./...). Do not edit. -->\n\n", specName)
	p.f("%s: version %s. Every request goes to `https://<subdomain>.api.oneall.com` with HTTP Basic\n", doc.Info.Title, doc.Info.Version)
	p.f("authentication (the site's public key as user name, its private key as password).\n")
	p.f("Write operations wrap their body in `{\"request\": {...}}`; every answer is a `{\"response\": {...}}` envelope.\n\n")
	p.f("Each operation names the `oneall` command that sends it and shows the Go SDK call. In the Go snippets\n")
	p.f("`c` is a `*wrapper.Client`, `ctx` a `context.Context`, `identityToken`, `userToken`, `loginName`,\n")
	p.f("`accessToken`, `connectionToken` and `ssoSessionToken` are strings, `password` is an `api.Password`,\n")
	p.f("`input` an `api.StorageUserInput`, `key` a `[]byte` and `r` the callback's `*http.Request`.\n\n")

	p.f("## Contents\n\n")
	lastTag := ""
	for _, o := range ops {
		if o.tag != lastTag {
			p.f("- [%s](#%s)\n", o.tag, anchor("tag-"+o.tag))
			lastTag = o.tag
		}
		dep := ""
		if o.Deprecated {
			dep = " (deprecated)"
		}
		p.f("  - [`%s %s`](#%s): %s%s\n", o.method, o.path, anchor(o.OperationID), o.Summary, dep)
	}
	p.f("\n")

	lastTag = ""
	for _, o := range ops {
		if o.tag != lastTag {
			p.f("<a id=\"%s\"></a>\n\n## %s\n\n", anchor("tag-"+o.tag), o.tag)
			if t := doc.Tags.Get(o.tag); t != nil && t.Description != "" {
				p.f("%s\n\n", strings.TrimSpace(t.Description))
			}
			lastTag = o.tag
		}
		p.operation(o, calls[o.OperationID])
	}
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) operation(o op, c call) {
	p.f("<a id=\"%s\"></a>\n\n### %s\n\n", anchor(o.OperationID), o.Summary)
	p.f("`%s %s` · operationId `%s`\n\n", o.method, o.path, o.OperationID)
	if o.Deprecated {
		p.f("> **Deprecated.** The operation still works but may be removed by OneAll.\n\n")
	}
	if d := strings.TrimSpace(o.Description); d != "" {
		p.f("%s\n\n", d)
	}
	p.f("- CLI: %s\n\n", codeList(c.CLI))
	p.f("```go\n%s\n```\n\n", strings.Join(c.Go, "\n"))

	if len(o.params) > 0 {
		p.f("**Parameters**\n\n")
		p.f("| name | in | type | required | default | description |\n|---|---|---|---|---|---|\n")
		params := slices.Clone(o.params)
		inOrder := map[string]int{"path": 0, "query": 1, "header": 2, "cookie": 3}
		sort.SliceStable(params, func(i, j int) bool {
			return inOrder[params[i].Value.In] < inOrder[params[j].Value.In]
		})
		for _, pr := range params {
			v := pr.Value
			def := ""
			if v.Schema != nil && v.Schema.Value != nil && v.Schema.Value.Default != nil {
				def = "`" + jsonCompact(v.Schema.Value.Default) + "`"
			}
			p.f("| `%s` | %s | %s | %s | %s | %s |\n", v.Name, v.In, schemaType(v.Schema), yesNo(v.Required), def, cell(v.Description))
		}
		p.f("\n")
	}

	if rb := o.RequestBody; rb != nil && rb.Value != nil {
		req := "optional"
		if rb.Value.Required {
			req = "required"
		}
		for _, mime := range sortedKeys(rb.Value.Content) {
			mt := rb.Value.Content[mime]
			p.f("**Request body** (%s, `%s`): %s\n\n", req, mime, schemaName(mt.Schema))
			if ex := firstExample(mt); ex != nil {
				p.f("```json\n%s\n```\n\n", jsonIndent(ex))
			}
		}
	}

	if o.Responses != nil {
		p.f("**Responses**\n\n| status | description | schema |\n|---|---|---|\n")
		for _, code := range sortedKeys(o.Responses.Map()) {
			r := o.Responses.Value(code)
			if r == nil || r.Value == nil {
				continue
			}
			desc := ""
			if r.Value.Description != nil {
				desc = *r.Value.Description
			}
			var schemas []string
			for _, mime := range sortedKeys(r.Value.Content) {
				schemas = append(schemas, schemaName(r.Value.Content[mime].Schema))
			}
			p.f("| %s | %s | %s |\n", code, cell(desc), strings.Join(schemas, ", "))
		}
		p.f("\n")
	}
}

// schemaName names a body schema: its component name, or its type.
func schemaName(s *openapi3.SchemaRef) string {
	if s == nil {
		return "any"
	}
	if s.Ref != "" {
		return "`" + refName(s.Ref) + "`"
	}
	return schemaType(s)
}

// schemaType describes a parameter's type: "integer", "string (uuid)",
// "`asc` \| `desc`", with the component name for a reference.
func schemaType(s *openapi3.SchemaRef) string {
	if s == nil || s.Value == nil {
		return "any"
	}
	v := s.Value
	var t string
	if len(v.Enum) > 0 {
		var vals []string
		for _, e := range v.Enum {
			vals = append(vals, "`"+jsonCompact(e)+"`")
		}
		t = strings.Join(vals, " \\| ")
	} else {
		t = strings.Join(v.Type.Slice(), " \\| ")
		if t == "" {
			t = "any"
		}
		if v.Format != "" {
			t += " (" + v.Format + ")"
		}
		var bounds []string
		if v.Min != nil {
			bounds = append(bounds, fmt.Sprintf("min %v", *v.Min))
		}
		if v.Max != nil {
			bounds = append(bounds, fmt.Sprintf("max %v", *v.Max))
		}
		if len(bounds) > 0 {
			t += ", " + strings.Join(bounds, ", ")
		}
	}
	if s.Ref != "" {
		t = "`" + refName(s.Ref) + "`: " + t
	}
	return t
}

func firstExample(mt *openapi3.MediaType) any {
	if mt.Example != nil {
		return mt.Example
	}
	for _, name := range sortedKeys(mt.Examples) {
		if ex := mt.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			return ex.Value.Value
		}
	}
	return nil
}

func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

func codeList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = "`" + s + "`"
	}
	return strings.Join(quoted, ", ")
}

// cell makes text fit in one table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", "\\|")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func jsonCompact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func jsonIndent(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// anchor is a lower-case HTML id.
func anchor(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == ' ' || r == '_':
			b.WriteRune('-')
		}
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
