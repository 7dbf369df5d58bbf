package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func loadOps(t *testing.T) (*openapi3.T, []op) {
	t.Helper()
	doc, err := load("../../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ops, err := operations(doc)
	if err != nil {
		t.Fatal(err)
	}
	return doc, ops
}

// TestOutputsUpToDate fails when a committed output is not what the
// generator writes from openapi.yaml: run `go generate ./...`.
func TestOutputsUpToDate(t *testing.T) {
	doc, ops := loadOps(t)
	for _, out := range outputs {
		b, err := generate(out, doc, ops)
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join("../..", out.path))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, committed) {
			t.Errorf("%s is stale: run `go generate ./...`", out.path)
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	doc, ops := loadOps(t)
	var a, b bytes.Buffer
	if err := render(&a, doc, "openapi.yaml", ops, calls); err != nil {
		t.Fatal(err)
	}
	if err := render(&b, doc, "openapi.yaml", ops, calls); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two renderings differ")
	}
	for _, o := range ops {
		if !strings.Contains(a.String(), "operationId `"+o.OperationID+"`") {
			t.Errorf("%s is not documented", o.OperationID)
		}
	}
}

// TestCallsTableIsOptional: an operation without hand-written lines gets
// the derived ones; an entry for no operation fails.
func TestCallsTableIsOptional(t *testing.T) {
	doc, ops := loadOps(t)
	var buf bytes.Buffer
	if err := render(&buf, doc, "openapi.yaml", ops, map[string]call{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"`oneall users list [--page N] [--entries-per-page N] [--order-direction asc|desc] [--filters FILTERS]`",
		"`oneall users delete USER_TOKEN --confirm-deletion`",
		"`oneall storage create --file FILE`",
		"`oneall identities sync IDENTITY_TOKEN [--file FILE]`",
		"_ = c.Users.Get // the typed method",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the derived reference lacks %s", want)
		}
	}
	stale := map[string]call{"RemovedOperation": {}}
	if err := render(&buf, doc, "openapi.yaml", ops, stale); err == nil || !strings.Contains(err.Error(), "RemovedOperation") {
		t.Errorf("a call without an operation: err %v, want one naming RemovedOperation", err)
	}
}

// TestXOneAllIsChecked: a missing or wrong x-oneall object fails, naming
// the operation and what is wrong.
func TestXOneAllIsChecked(t *testing.T) {
	for name, c := range map[string]struct {
		edit func(map[string]any)
		want string
	}{
		"missing":            {func(m map[string]any) { clear(m) }, "x-oneall.retry is required"},
		"bad retry":          {func(m map[string]any) { m["retry"] = "twice" }, `"twice" is neither idempotent nor once`},
		"method alone":       {func(m map[string]any) { delete(m, "service") }, "service and method go together"},
		"unknown key":        {func(m map[string]any) { m["Retry"] = "once" }, `unknown key "Retry"`},
		"bad evidence":       {func(m map[string]any) { m["evidence"] = "rumour" }, "not documented, sdk or inferred"},
		"documented, no url": {func(m map[string]any) { m["source"] = "a blog" }, "cites its docs.oneall.com page"},
		"not a string":       {func(m map[string]any) { m["cli"] = 3 }, "x-oneall.cli: want a non-empty plain string"},
	} {
		t.Run(name, func(t *testing.T) {
			doc, err := load("../../openapi.yaml")
			if err != nil {
				t.Fatal(err)
			}
			o := doc.Paths.Value("/users/{user_token}.json").Get
			c.edit(o.Extensions["x-oneall"].(map[string]any))
			_, err = operations(doc)
			if err == nil || !strings.Contains(err.Error(), "GetUser (GET /users/{user_token}.json)") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %v, want one naming GetUser and %q", err, c.want)
			}
		})
	}
}

func TestRunWritesEveryOutput(t *testing.T) {
	root := t.TempDir()
	for _, out := range outputs {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(out.path)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := run("../../openapi.yaml", root); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "docs/api.md"))
	if err != nil || !strings.HasPrefix(string(b), "# OneAll API reference") {
		t.Fatalf("%v: %.60q", err, b)
	}
	if _, err := os.Stat(filepath.Join(root, "onealltest/routes.gen.go")); err != nil {
		t.Fatal(err)
	}
}
