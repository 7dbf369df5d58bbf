package oneall_test

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/internal/gocheck"
)

// The documents whose ```go blocks must compile against the SDK as it is.
var snippetDocs = []string{"README.md", "docs/api.md", "docs/MIGRATING.md"}

// snippetImports are the packages a snippet may use without importing them,
// by the name it uses.
var snippetImports = map[string]string{
	"api":        "github.com/oneall-go/oneall-go/api",
	"callbacks":  "github.com/oneall-go/oneall-go/callbacks",
	"wrapper":    "github.com/oneall-go/oneall-go/wrapper",
	"onealltest": "github.com/oneall-go/oneall-go/onealltest",
	"context":    "context",
	"errors":     "errors",
	"fmt":        "fmt",
	"http":       "net/http",
	"log":        "log",
	"login":      "github.com/oneall-go/oneall-go/login",
	"os":         "os",
	"slog":       "log/slog",
	"testing":    "testing",
	"time":       "time",
}

// snippetParams are the variables of a snippet that is a list of
// statements: those docs/api.md's introduction names, plus the test server
// and *testing.T of the README's testing snippets.
const snippetParams = `ctx context.Context, c *wrapper.Client, srv *onealltest.Server, t *testing.T,
	identityToken, userToken, loginName, accessToken, connectionToken, ssoSessionToken string,
	password api.Password, input api.StorageUserInput, key []byte, r *http.Request`

// snippetStubs stands for the reader's own code that snippets call.
const snippetStubs = `package snippet

import (
	"context"

	"github.com/oneall-go/oneall-go/wrapper"
)

// WelcomeNewUsers is the README's "your code" under test.
func WelcomeNewUsers(context.Context, *wrapper.Client) error { return nil }
`

type snippet struct {
	doc  string
	line int // of the first line of code
	code string
}

// goBlocks returns the ```go blocks of a Markdown file.
func goBlocks(t *testing.T, path string) []snippet {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []snippet
	var cur *snippet
	var code []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == "```go":
			cur, code = &snippet{doc: path, line: n + 1}, nil
		case cur != nil && strings.TrimSpace(line) == "```":
			cur.code = strings.Join(code, "\n") + "\n"
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			code = append(code, line)
		}
	}
	if cur != nil {
		t.Fatalf("%s:%d: a ```go block is never closed", path, cur.line-1)
	}
	return out
}

// TestGoSnippetsCompile type-checks every Go snippet of the README and the
// docs against the SDK in this repository: a renamed method or field, a
// pointer that became a value, breaks the test rather than the reader.
func TestGoSnippetsCompile(t *testing.T) {
	c, err := gocheck.New(snippetImports, snippetParams, snippetStubs)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, doc := range snippetDocs {
		for _, s := range goBlocks(t, doc) {
			total++
			for _, e := range c.Check(s.code) {
				t.Errorf("%s:%d: %s\n%s", s.doc, s.line+e.Line-1, e.Msg, s.code)
			}
		}
	}
	if total < 20 {
		t.Fatalf("only %d Go snippets found: the extraction is broken", total)
	}
}

// The checker must reject what does not compile, or the test above proves
// nothing.
func TestGoSnippetsCheckerRejectsBrokenCode(t *testing.T) {
	c, err := gocheck.New(snippetImports, snippetParams, snippetStubs)
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{
		"id, err := c.Identities.Get(ctx, identityToken)\nfmt.Println(*id.IdentityToken, err)": "cannot indirect",
		"c.Identities.Delete(ctx, identityToken, 1, 2)":                                        "cannot use 1",
		"c.Site.Get(ctx, identityToken)":                                                       "cannot use identityToken",
		"c.Identities.Get(ctx, identityToken, wrapper.WithBaseURL(\"https://x\"))":             "cannot use wrapper.WithBaseURL",
		"x := wrapper.Import{}":                                                                "undefined: wrapper.Import",
		"func f() { return 1 }":                                                                "too many return values",
		"fmt.Println(":                                                                         "expected",
	} {
		errs := c.Check(code)
		if len(errs) == 0 || !strings.Contains(errs[0].Msg, want) {
			t.Errorf("Check(%q) = %v, want an error containing %q", code, errs, want)
		}
	}
	if errs := c.Check("id, err := c.Identities.Get(ctx, identityToken) // unused: fine in a snippet"); len(errs) != 0 {
		t.Errorf("a declared, unused result: %v", errs)
	}
}
