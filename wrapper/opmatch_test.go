package wrapper

import (
	"regexp"
	"testing"
)

// Every operation of the spec is found again from a path it names, its
// parameters filled in; a path of none is not found.
func TestSpecOperationFindsEveryOperation(t *testing.T) {
	param := regexp.MustCompile(`\{[^}]+\}`)
	for _, op := range operations {
		rel := param.ReplaceAllString(op.path[1:], "a1b2")
		if got := specOperation(op.method, rel); got != op {
			t.Errorf("%s %s: found %v, want %s", op.method, rel, got, op.id)
		}
	}
	for _, c := range []struct{ method, rel string }{
		{"GET", "identities/.json"},           // an empty parameter
		{"GET", "identities/a/b.json"},        // one segment too many
		{"PATCH", "users.json"},               // a method the path does not take
		{"GET", "identities/a1b2.json/extra"}, // a suffix past the template
		{"GET", "nothing.json"},
	} {
		if got := specOperation(c.method, c.rel); got != nil {
			t.Errorf("%s %s: found %s, want none", c.method, c.rel, got.id)
		}
	}
	if got := specOperation("PUT", "loudvoice/discussions/discussion.json"); got == nil || got.id != "UpdateDiscussionByReference" {
		t.Errorf("the by-reference update: found %v, want UpdateDiscussionByReference (more fixed segments)", got)
	}
}
