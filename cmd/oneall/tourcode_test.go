package main

import (
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/internal/gocheck"
)

// checkTourCode type-checks the tour's code lines (those starting with ">"),
// in order, as one function: the tour prints Go a reader can paste.
func checkTourCode(t *testing.T, out string) {
	t.Helper()
	var code []string
	for line := range strings.Lines(out) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "> "); ok {
			code = append(code, rest)
		}
	}
	if len(code) < 15 {
		t.Fatalf("only %d code lines in the tour:\n%s", len(code), out)
	}
	c, err := gocheck.New(map[string]string{
		"api":     "github.com/oneall-go/oneall-go/api",
		"wrapper": "github.com/oneall-go/oneall-go/wrapper",
		"context": "context",
		"errors":  "errors",
		"login":   "github.com/oneall-go/oneall-go/login",
		"http":    "net/http",
	}, // the login steps run in a web site's handlers: w, r, its URL and state key
		"ctx context.Context, c *wrapper.Client, secret string, stateKey []byte, w http.ResponseWriter, r *http.Request, siteURL string", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Check(strings.Join(code, "\n")) {
		line := "?"
		if e.Line >= 1 && e.Line <= len(code) {
			line = code[e.Line-1]
		}
		t.Errorf("the tour prints Go that does not compile: %s\n  %s", e.Msg, line)
	}
}
