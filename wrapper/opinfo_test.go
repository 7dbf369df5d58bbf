package wrapper

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

func TestPayloadCheck(t *testing.T) {
	type list struct {
		Items *api.IdentityList `json:"items,omitempty"`
		Other string            `json:"other"`
	}
	op := &opInfo{id: "X", payload: "items"}
	need := payloadCheck[list](op, nil)
	if got := need(&list{}); got != "items" {
		t.Errorf("an absent list: %q, want items", got)
	}
	if got := need(&list{Items: &api.IdentityList{}}); got != "" {
		t.Errorf("an empty list: %q, want none missing", got)
	}
	// A value member cannot tell absent from empty: it is not checked.
	if got := payloadCheck[list](&opInfo{payload: "other"}, nil)(&list{}); got != "" {
		t.Errorf("a value member: %q", got)
	}
	// A member D does not hold, and a D that is no struct, pass.
	if got := payloadCheck[list](&opInfo{payload: "nothing"}, nil)(&list{}); got != "" {
		t.Errorf("an unknown member: %q", got)
	}
	m := map[string]any{}
	if got := payloadCheck[map[string]any](&opInfo{payload: "site"}, nil)(&m); got != "" {
		t.Errorf("a map: %q", got)
	}
	// A stricter check wins; no payload, or an optional one, needs none.
	strict := func(*list) string { return "token" }
	if got := payloadCheck(op, strict)(&list{Items: &api.IdentityList{}}); got != "token" {
		t.Errorf("the stricter check was not used: %q", got)
	}
	if payloadCheck[list](&opInfo{}, nil) != nil || payloadCheck[list](op.payloadOptional(), nil) != nil {
		t.Error("an operation without a payload needs a check")
	}
	if op.payload != "items" || op.withReplay(sendOnce).replay != sendOnce || op.replay != false {
		t.Error("payloadOptional or withReplay changed the generated metadata")
	}
}

// TestEveryListWithoutItsListIsUnexpected: the spec's payload member is
// required of every list, as the hand-written checks required it.
func TestEveryListWithoutItsListIsUnexpected(t *testing.T) {
	f := setup(t, WithRetries(0))
	for _, path := range []string{"/users.json", "/connections.json", "/sso/sessions.json", "/providers.json", "/identities.json"} {
		f.handle(path, expect{method: "GET"}, 200, ok(200, path, `{"other":{}}`))
	}
	ctx := context.Background()
	for name, send := range map[string]func() error{
		"users":        func() error { _, err := f.client.Users.List(ctx, nil); return err },
		"connections":  func() error { _, err := f.client.Connections.List(ctx, nil); return err },
		"sso_sessions": func() error { _, err := f.client.SSO.List(ctx, nil); return err },
		"providers":    func() error { _, err := f.client.Providers.List(ctx); return err },
		"identities":   func() error { _, err := f.client.Identities.List(ctx, nil); return err },
	} {
		if err := send(); !errors.Is(err, ErrUnexpectedResponse) || !strings.Contains(err.Error(), "the answer has no "+name) {
			t.Errorf("%s: err = %v, want ErrUnexpectedResponse naming %s", name, err, name)
		}
	}
}

// TestOperationsTable: one entry per operationId, each well formed.
func TestOperationsTable(t *testing.T) {
	seen := map[string]bool{}
	for _, op := range operations {
		if seen[op.id] || op.id == "" {
			t.Errorf("operation %q listed twice or unnamed", op.id)
		}
		seen[op.id] = true
		if !strings.HasPrefix(op.path, "/") || !strings.Contains("GET PUT POST DELETE", op.method) {
			t.Errorf("%s: %s %s", op.id, op.method, op.path)
		}
	}
	if len(seen) < 29 {
		t.Errorf("only %d operations", len(seen))
	}
}
