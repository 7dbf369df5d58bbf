package onealltest

import (
	"bytes"
	"maps"
	"os"
	"strings"
	"testing"
)

// TestEmbeddedSpecIsCurrent: the copy that the server routes with is the
// spec (go generate ./... at the root refreshes it).
func TestEmbeddedSpecIsCurrent(t *testing.T) {
	src, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	_, body, ok := bytes.Cut(specYAML, []byte("\n\n"))
	if !ok || !bytes.HasPrefix(specYAML, []byte("# Code generated")) || !bytes.Equal(body, src) {
		t.Fatal("onealltest/openapi.yaml is not a copy of openapi.yaml: run go generate ./... at the repository root")
	}
}

// TestEveryOperationHasOneHandler: an operation of the spec without a
// handler, or a handler without an operation, stops the server from loading.
func TestEveryOperationHasOneHandler(t *testing.T) {
	missing := maps.Clone(handlers)
	delete(missing, "LookupStorageUser")
	if _, err := newSpec(specYAML, missing); err == nil || !strings.Contains(err.Error(), `operation "LookupStorageUser" has no handler`) {
		t.Errorf("a spec operation without a handler: %v", err)
	}
	extra := maps.Clone(handlers)
	extra["ListFriends"] = (*Server).listUsers
	if _, err := newSpec(specYAML, extra); err == nil || !strings.Contains(err.Error(), `handler "ListFriends" has no operation`) {
		t.Errorf("a handler without an operation: %v", err)
	}
	sp, err := embeddedSpec()
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.ops) != len(handlers) {
		t.Errorf("%d operations routed, %d handlers", len(sp.ops), len(handlers))
	}
	for _, op := range sp.ops {
		if op.noAuth != (op.id == "ImportUser") {
			t.Errorf("%s: noAuth %v", op.id, op.noAuth)
		}
	}
}
