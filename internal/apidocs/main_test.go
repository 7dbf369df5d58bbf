package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocsUpToDate fails when docs/api.md is not what the generator writes
// from openapi.yaml: run `go generate ./...`.
func TestDocsUpToDate(t *testing.T) {
	doc, err := load("../../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := render(&buf, doc, "openapi.yaml", calls); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), committed) {
		t.Fatal("docs/api.md is stale: run `go generate ./...`")
	}
	for id := range calls {
		if !strings.Contains(buf.String(), "operationId `"+id+"`") {
			t.Errorf("%s is not documented", id)
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	doc, err := load("../../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := render(&a, doc, "openapi.yaml", calls); err != nil {
		t.Fatal(err)
	}
	if err := render(&b, doc, "openapi.yaml", calls); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two renderings differ")
	}
}

func TestEveryOperationNeedsACall(t *testing.T) {
	doc, err := load("../../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	partial := map[string]call{}
	for id, c := range calls {
		if id != "GetUser" {
			partial[id] = c
		}
	}
	var buf bytes.Buffer
	if err := render(&buf, doc, "openapi.yaml", partial); err == nil || !strings.Contains(err.Error(), "GetUser") {
		t.Errorf("an operation without a call: err %v, want one naming GetUser", err)
	}
	partial["GetUser"] = calls["GetUser"]
	partial["RemovedOperation"] = call{}
	if err := render(&buf, doc, "openapi.yaml", partial); err == nil || !strings.Contains(err.Error(), "RemovedOperation") {
		t.Errorf("a call without an operation: err %v, want one naming RemovedOperation", err)
	}
}

func TestRunWritesFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sub", "api.md")
	if err := run("../../openapi.yaml", out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(b), "# OneAll API reference") {
		t.Fatalf("%v: %.60q", err, b)
	}
}
