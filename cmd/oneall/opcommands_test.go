package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

const uuidPattern = `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`

// testOps stands for the generated table: operations the fake serves,
// under words no hand-written command has, and two whose words are taken.
var testOps = []opCommand{
	{OperationID: "GetIdentity", Words: []string{"raw", "identity"}, Summary: "Read an identity.", Method: "GET",
		Path: "/identities/{identity_token}.json", Args: []opArg{{Name: "identity_token", Pattern: uuidPattern, Description: "the identity's token"}},
		Payload: "identity", Idempotent: true},
	{OperationID: "ListIdentities", Words: []string{"raw", "identities"}, Summary: "List the identities", Method: "GET",
		Path: "/identities.json", Flags: []opFlag{
			{Name: "page", Type: "integer", Description: "the page", Default: "1"},
			{Name: "entries_per_page", Type: "integer", Description: "entries per page", Default: "250"},
			{Name: "order_direction", Type: "string", Description: "the order", Enum: []string{"asc", "desc"}},
		}, Payload: "identities", Idempotent: true},
	{OperationID: "RelinkIdentity", Words: []string{"raw", "relink"}, Summary: "Move an identity to another user", Method: "PUT",
		Path: "/identities/{identity_token}/link.json", Args: []opArg{{Name: "identity_token", Pattern: uuidPattern}},
		Body: true, Payload: "user", Idempotent: true},
	{OperationID: "GetSteamGames", Words: []string{"raw", "steam-games"}, Summary: "List the games of a Steam identity", Method: "GET",
		Path: "/identities/{identity_token}/steam/games.json", Args: []opArg{{Name: "identity_token"}},
		Idempotent: true, Deprecated: true},
	{OperationID: "CreateShortURL", Words: []string{"shorturls", "create"}, Summary: "Shorten a URL", Method: "POST",
		Path: "/shorturls.json", Body: true, BodyExample: `{"request":{"shorturl":{"original_url":"https://www.oneall.com/"}}}`, Payload: "shorturl"},
	{OperationID: "GetShortURL", Words: []string{"shorturls", "get"}, Summary: "Read a short URL", Method: "GET",
		Path: "/shorturls/{shorturl_token}.json", Args: []opArg{{Name: "shorturl_token", Pattern: `^[A-Za-z0-9]+$`}},
		Flags: []opFlag{
			{Name: "timeout", Type: "boolean", Description: "a parameter named as a global flag"},
			{Name: "scope", Type: "string", Description: "a required one", Required: true},
		}, Payload: "shorturl", Idempotent: true},
	{OperationID: "DeleteShortURL", Words: []string{"shorturls", "delete"}, Summary: "Delete a short URL", Method: "DELETE",
		Path: "/shorturls/{shorturl_token}.json", Args: []opArg{{Name: "shorturl_token"}}, Idempotent: true},
	// Taken: the hand-written command wins, and a leaf takes no subcommand.
	{OperationID: "GetIdentity", Words: []string{"identities", "get"}, Summary: "GENERATED", Method: "GET",
		Path: "/identities/{identity_token}.json", Args: []opArg{{Name: "identity_token"}}, Idempotent: true},
	{OperationID: "Ping", Words: []string{"ping", "again"}, Summary: "GENERATED", Method: "GET", Path: "/tools/ping.json", Idempotent: true},
}

// withOps makes the command tree use ops for the rest of the test.
func withOps(t *testing.T, ops []opCommand) {
	t.Helper()
	saved := opCommands
	opCommands = ops
	t.Cleanup(func() { opCommands = saved })
}

// checkOpTable reports what in ops the generator must not emit.
func checkOpTable(t *testing.T, ops []opCommand) {
	t.Helper()
	seen := map[string]string{}
	placeholder := regexp.MustCompile(`\{([^{}]*)\}`)
	for _, op := range ops {
		words := strings.Join(op.Words, " ")
		if prev, dup := seen[words]; dup && prev != op.OperationID {
			t.Errorf("%s and %s both have the words %q", prev, op.OperationID, words)
		}
		seen[words] = op.OperationID
		if len(op.Words) == 0 || op.OperationID == "" || op.Summary == "" {
			t.Errorf("%+v: no words, operationId or summary", op)
		}
		if _, err := checkMethodName(op.Method); err != nil {
			t.Errorf("%s: %v", op.OperationID, err)
		}
		var inPath []string
		for _, m := range placeholder.FindAllStringSubmatch(op.Path, -1) {
			inPath = append(inPath, m[1])
		}
		var args []string
		for _, a := range op.Args {
			args = append(args, a.Name)
			if _, err := regexp.Compile(a.Pattern); err != nil {
				t.Errorf("%s: the pattern of %s does not compile in Go: %v", op.OperationID, a.Name, err)
			}
		}
		if !reflect.DeepEqual(inPath, args) {
			t.Errorf("%s: the path %s has the parameters %v, the args are %v", op.OperationID, op.Path, inPath, args)
		}
		flags := map[string]bool{}
		for _, f := range op.Flags {
			if f.Type != "string" && f.Type != "integer" && f.Type != "boolean" {
				t.Errorf("%s: --%s has the type %q", op.OperationID, f.Name, f.Type)
			}
			if n := flagName(f.Name); flags[n] {
				t.Errorf("%s: two query parameters make the flag --%s", op.OperationID, n)
			} else {
				flags[n] = true
			}
		}
	}
}

// checkBodyExamples: every operation that takes a body has the spec's
// example of it, OneAll's {"request": ...} object, for its help.
func checkBodyExamples(t *testing.T, ops []opCommand) {
	t.Helper()
	for _, op := range ops {
		if !op.Body {
			if op.BodyExample != "" {
				t.Errorf("%s takes no body, but has an example", op.OperationID)
			}
			continue
		}
		var body map[string]json.RawMessage
		if err := json.Unmarshal([]byte(op.BodyExample), &body); err != nil {
			t.Errorf("%s: the body example %q is not a JSON object: %v", op.OperationID, op.BodyExample, err)
		} else if _, ok := body["request"]; !ok {
			t.Errorf("%s: the body example %s has no \"request\" member", op.OperationID, op.BodyExample)
		}
	}
}

// TestOpCommandHelpShowsTheBody: the help of a command that takes a body
// shows one to start from, so that nobody has to look up its shape.
func TestOpCommandHelpShowsTheBody(t *testing.T) {
	out := cli(t, nil, "", "shorturls", "create", "--help").ok(t)
	for _, want := range []string{"For example (openapi.yaml's example):", `"original_url"`, `{"request":`} {
		if !strings.Contains(out, want) {
			t.Errorf("help does not say %q:\n%s", want, out)
		}
	}
	out = cli(t, nil, "", "shorturls", "get", "--help").ok(t)
	if strings.Contains(out, "For example") {
		t.Errorf("the help of a call without a body shows one:\n%s", out)
	}
}

// checkMethodName is what wrapper.Client.Do accepts.
func checkMethodName(m string) (string, error) {
	switch m {
	case "GET", "POST", "PUT", "PATCH", "DELETE":
		return m, nil
	}
	return "", fmt.Errorf("method %q is not one Client.Do sends", m)
}

func TestOpCommandsTable(t *testing.T) {
	checkOpTable(t, opCommands) // the generated table
	checkBodyExamples(t, opCommands)
	checkOpTable(t, testOps)
	// Every entry builds, and the tree holds together (cobra panics on a
	// duplicate flag, for one).
	withOps(t, opCommands)
	cli(t, nil, "", "--help").ok(t)
}

// fakeIdentities lists the first identities of the --fake site (its seed
// is the same on every run).
func fakeIdentities(t *testing.T) []api.Identity {
	t.Helper()
	page := decode[pageJSON[api.Identity]](t, cli(t, nil, "", "--fake", "identities", "list", "--per-page", "3").ok(t))
	if len(page.Entries) < 2 {
		t.Fatalf("%d identities", len(page.Entries))
	}
	return page.Entries
}

func TestOpCommandsOnTheFake(t *testing.T) {
	withOps(t, testOps)
	ids := fakeIdentities(t)
	want := decode[api.Identity](t, cli(t, nil, "", "--fake", "identities", "get", ids[0].IdentityToken).ok(t))
	got := decode[api.Identity](t, cli(t, nil, "", "--fake", "raw", "identity", ids[0].IdentityToken).ok(t))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("raw identity printed %+v\nidentities get printed %+v", got, want)
	}

	// Query flags: typed, sent under the parameter's name.
	list := decode[api.IdentityList](t, cli(t, nil, "", "--fake", "raw", "identities", "--entries-per-page", "2", "--page", "2", "--order-direction", "desc").ok(t))
	if len(list.Entries) != 2 || list.Pagination.CurrentPage != 2 || list.Pagination.EntriesPerPage != 2 {
		t.Errorf("raw identities --entries-per-page 2 --page 2: %+v", list.Pagination)
	}

	// A body from standard input, sent as is.
	body := `{"request":{"user":{"user_token":"` + ids[1].UserToken + `"}}}`
	user := decode[api.User](t, cli(t, nil, body, "--fake", "raw", "relink", ids[0].IdentityToken, "--file", "-").ok(t))
	if user.UserToken != ids[1].UserToken {
		t.Errorf("relinked to %s, want %s", user.UserToken, ids[1].UserToken)
	}
	// ... or from a file.
	file := filepath.Join(t.TempDir(), "body.json")
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cli(t, nil, "", "--fake", "raw", "relink", ids[0].IdentityToken, "--file", file).ok(t)

	// OneAll's errors keep their exit codes.
	cli(t, nil, "", "--fake", "raw", "identity", "00000000-0000-4000-8000-000000000000").fails(t, exitAPI, "404")
}

func TestOpCommandsHandWrittenWin(t *testing.T) {
	withOps(t, testOps)
	out := cli(t, nil, "", "identities", "--help").ok(t)
	if strings.Contains(out, "GENERATED") || !strings.Contains(out, "Read an identity (GET /identities/{identity_token}.json)") {
		t.Errorf("identities get is not the hand-written one:\n%s", out)
	}
	r := cli(t, nil, "", "--fake", "ping", "again")
	if r.code != exitUsage {
		t.Errorf("ping again: exit %d, want a usage error: ping takes no subcommand\n%s", r.code, r.stderr)
	}
	out = cli(t, nil, "", "--help").ok(t)
	for _, want := range []string{"raw ", "The raw calls of OneAll's API", "shorturls ", "Create, list, read and delete short URLs"} {
		if !strings.Contains(out, want) {
			t.Errorf("oneall --help does not say %q:\n%s", want, out)
		}
	}
}

func TestOpCommandHelp(t *testing.T) {
	withOps(t, testOps)
	out := cli(t, nil, "", "shorturls", "get", "--help").ok(t)
	for _, want := range []string{
		"Read a short URL (GET /shorturls/{shorturl_token}.json)",
		"get SHORTURL_TOKEN",
		"SHORTURL_TOKEN",
		"must match ^[A-Za-z0-9]+$",
		"--param-timeout",
		"(query parameter timeout)",
		"--scope string    a required one (required)",
		"  SHORTURL_TOKEN (must match",
		"Prints result.data.shorturl",
		"Operation GetShortURL",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("help does not say %q:\n%s", want, out)
		}
	}
	out = cli(t, nil, "", "shorturls", "create", "--help").ok(t)
	for _, want := range []string{"create --file FILE", "at most 4 MiB", "sent as is", "(POST /shorturls.json)"} {
		if !strings.Contains(out, want) {
			t.Errorf("help does not say %q:\n%s", want, out)
		}
	}
	out = cli(t, nil, "", "raw", "identities", "--help").ok(t)
	for _, want := range []string{"--entries-per-page int", "(default: OneAll's, 250)", "(one of asc, desc)"} {
		if !strings.Contains(out, want) {
			t.Errorf("help does not say %q:\n%s", want, out)
		}
	}
}

// TestOpCommandHelpAlignsArguments: the descriptions of several arguments
// start in one column.
func TestOpCommandHelpAlignsArguments(t *testing.T) {
	withOps(t, []opCommand{{OperationID: "PullFacebookPagePosts", Words: []string{"raw", "page-posts"}, Summary: "Read a page's posts",
		Method: "GET", Path: "/pull/identities/{identity_token}/facebook/page/{page_id}/posts.json",
		Args: []opArg{{Name: "identity_token", Description: "the identity's token"}, {Name: "page_id", Description: "a page"}}, Idempotent: true}})
	out := cli(t, nil, "", "raw", "page-posts", "--help").ok(t)
	for _, want := range []string{"page-posts IDENTITY_TOKEN PAGE_ID", "\n  IDENTITY_TOKEN  the identity's token\n  PAGE_ID         a page\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("help does not say %q:\n%s", want, out)
		}
	}
}

func TestDeprecatedOpCommand(t *testing.T) {
	withOps(t, testOps)
	var steam string
	for _, id := range jsonLines[api.Identity](t, cli(t, nil, "", "--fake", "identities", "list", "--all").ok(t)) {
		if id.Provider == "steam" {
			steam = id.IdentityToken
			break
		}
	}
	r := cli(t, nil, "", "--fake", "raw", "steam-games", steam)
	out := r.ok(t)
	if !json.Valid([]byte(out)) || !strings.Contains(out, "games") {
		t.Errorf("stdout is not the JSON result:\n%s", out)
	}
	if !strings.Contains(r.stderr, `"steam-games" is deprecated`) || !strings.Contains(r.stderr, "GetSteamGames") {
		t.Errorf("stderr does not warn: %q", r.stderr)
	}
	help := cli(t, nil, "", "raw", "steam-games", "--help")
	if !strings.Contains(help.stdout+help.stderr, "(deprecated by OneAll) List the games") {
		t.Errorf("help does not say it is deprecated:\n%s%s", help.stdout, help.stderr)
	}
}

// apiServer answers every request with answer (status, body), and counts
// and records the requests.
type apiServer struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
	env      map[string]string
}

func newAPIServer(t *testing.T, status int, answer string) *apiServer {
	t.Helper()
	s := &apiServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.requests = append(s.requests, r)
		s.bodies = append(s.bodies, string(b))
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	s.env = map[string]string{envBaseURL: srv.URL, envPublicKey: "pub", envPrivateKey: "priv"}
	return s
}

func (s *apiServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

func (s *apiServer) last(t *testing.T) (*http.Request, string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) == 0 {
		t.Fatal("no request")
	}
	return s.requests[len(s.requests)-1], s.bodies[len(s.bodies)-1]
}

func success(data string) string {
	return `{"response":{"request":{"date":"Tue, 02 May 2017 15:27:08 +0200","resource":"/x","status":{"flag":"success","code":200}},"result":{"data":` + data + `}}}`
}

func TestOpCommandsRefuseBadInputAndSendNothing(t *testing.T) {
	withOps(t, testOps)
	s := newAPIServer(t, 200, success(`{"shorturl":{"shorturl_token":"abc"}}`))
	big := `{"request":"` + strings.Repeat("x", maxBodySize) + `"}`
	missing := filepath.Join(t.TempDir(), "missing.json")
	for _, tc := range []struct {
		name, stdin, want string
		args              []string
	}{
		{"bad pattern", "", "does not have the form", []string{"shorturls", "get", "abc-def", "--scope", "x"}},
		{"empty arg", "", "SHORTURL_TOKEN is empty", []string{"shorturls", "delete", ""}},
		{"control character", "", "control character", []string{"shorturls", "delete", "a\x1b[2Jb"}},
		{"dot dot", "", `SHORTURL_TOKEN cannot be ".."`, []string{"shorturls", "delete", ".."}},
		{"dot", "", `SHORTURL_TOKEN cannot be "."`, []string{"shorturls", "delete", "."}},
		{"too many args", "", "takes 1 argument(s)", []string{"shorturls", "delete", "a", "b"}},
		{"bad enum", "", "--order-direction must be one of asc, desc, got \"up\"", []string{"raw", "identities", "--order-direction", "up"}},
		{"bad integer", "", "invalid argument", []string{"raw", "identities", "--page", "two"}},
		{"required flag", "", `required flag(s) "scope" not set`, []string{"shorturls", "get", "abc"}},
		{"missing --file", "", "give --file FILE", []string{"shorturls", "create"}},
		{"empty stdin", "", "the body is empty", []string{"shorturls", "create", "--file", "-"}},
		{"blank stdin", " \n\t\n", "the body is empty", []string{"shorturls", "create", "--file", "-"}},
		{"invalid JSON", `{"request":`, "not valid JSON", []string{"shorturls", "create", "--file", "-"}},
		{"two values", `{} {}`, "not valid JSON", []string{"shorturls", "create", "--file", "-"}},
		{"not an object", `["x"]`, "must be a JSON object", []string{"shorturls", "create", "--file", "-"}},
		{"no envelope", `{"shorturl":{"original_url":"https://x.example/"}}`, `has no "request" member`, []string{"shorturls", "create", "--file", "-"}},
		{"too large", big, "larger than 4 MiB", []string{"shorturls", "create", "--file", "-"}},
		{"no such file", "", "no such file", []string{"shorturls", "create", "--file", missing}},
		{"file on a call without body", "", "unknown flag: --file", []string{"shorturls", "delete", "abc", "--file", "-"}},
	} {
		r := cli(t, s.env, tc.stdin, tc.args...)
		r.fails(t, exitUsage, tc.want)
		if strings.Contains(r.stderr, "\x1b") {
			t.Errorf("%s: a control character reached stderr", tc.name)
		}
	}
	if n := s.count(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
	// At the bound, the body goes.
	atMax := `{"request":"` + strings.Repeat("x", maxBodySize-len(`{"request":""}`)) + `"}`
	cli(t, s.env, atMax, "shorturls", "create", "--file", "-").ok(t)
	if _, body := s.last(t); len(body) != maxBodySize {
		t.Errorf("a body of %d bytes went as %d", maxBodySize, len(body))
	}
	// A call whose spec example has no envelope takes a body without one.
	noEnvelope := `{"identity":{"user_token":"x"}}`
	// (The test server's answer is a short URL's: the exit is 3, the body went.)
	cli(t, s.env, noEnvelope, "raw", "relink", "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573", "--file", "-")
	if _, body := s.last(t); body != noEnvelope {
		t.Errorf("sent %s, want %s", body, noEnvelope)
	}
}

func TestOpCommandsSendWhatTheSpecSays(t *testing.T) {
	withOps(t, testOps)
	s := newAPIServer(t, 200, success(`{"shorturl":{"shorturl_token":"abc","hits":3}}`))
	out := cli(t, s.env, "", "shorturls", "get", "abc", "--scope", "a b&c", "--param-timeout").ok(t)
	if got := decode[map[string]any](t, out); got["shorturl_token"] != "abc" || got["hits"] != 3.0 {
		t.Errorf("printed %s, want result.data.shorturl", out)
	}
	r, _ := s.last(t)
	if r.Method != "GET" || r.URL.Path != "/shorturls/abc.json" || r.URL.RawQuery != "scope=a+b%26c&timeout=true" {
		t.Errorf("sent %s %s?%s", r.Method, r.URL.Path, r.URL.RawQuery)
	}
	// A path parameter is escaped: it stays one segment.
	cli(t, s.env, "", "shorturls", "delete", "a/b?c").ok(t)
	if r, _ := s.last(t); r.URL.EscapedPath() != "/shorturls/a%2Fb%3Fc.json" || r.URL.RawQuery != "" {
		t.Errorf("sent %s?%s", r.URL.EscapedPath(), r.URL.RawQuery)
	}
	// The body goes byte for byte.
	const body = "{\"request\": {\"shorturl\": {\"original_url\": \"https://example.com/?a=<b>&c\"}}}\n"
	cli(t, s.env, body, "shorturls", "create", "--file", "-").ok(t)
	if r, got := s.last(t); r.Method != "POST" || got != body || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("sent %s %q (%s), want %q", r.Method, got, r.Header.Get("Content-Type"), body)
	}
}

func TestOpCommandsRetryClass(t *testing.T) {
	withOps(t, testOps)
	s := newAPIServer(t, 503, `{"response":{"request":{"status":{"flag":"error","code":503,"info":"down"}}}}`)
	cli(t, s.env, `{"request":{}}`, "--retries", "2", "shorturls", "create", "--file", "-").fails(t, exitAPI, "503")
	if n := s.count(); n != 1 {
		t.Errorf("a POST the spec sends once went %d times", n)
	}
	cli(t, s.env, `{"request":{}}`, "--retries", "1", "raw", "relink", "00000000-0000-4000-8000-000000000000", "--file", "-").fails(t, exitAPI, "503")
	if n := s.count(); n != 3 {
		t.Errorf("an idempotent PUT went %d times, want 2", n-1)
	}
}

func TestOpCommandOutput(t *testing.T) {
	withOps(t, testOps)
	// No result.data: nothing printed.
	s := newAPIServer(t, 200, `{"response":{"request":{"date":"Tue, 02 May 2017 15:27:08 +0200","resource":"/x","status":{"flag":"success","code":200}}}}`)
	if out := cli(t, s.env, "", "shorturls", "delete", "abc").ok(t); out != "" {
		t.Errorf("printed %q for an answer without data", out)
	}
	// A payload the spec names but the answer lacks is OneAll's error.
	s = newAPIServer(t, 200, success(`{"other":{}}`))
	cli(t, s.env, "", "shorturls", "get", "abc", "--scope", "x").fails(t, exitAPI, "the answer has no result.data.shorturl")
	// Keys never reach the output.
	s.env[envPrivateKey] = "PRIVATE-S3CRET"
	r := cli(t, s.env, "", "shorturls", "get", "abc", "--scope", "x")
	if strings.Contains(r.stdout+r.stderr, "PRIVATE-S3CRET") {
		t.Error("the private key is printed")
	}
}
