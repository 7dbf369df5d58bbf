package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestClientBugsSection: docs/api.md lists the client bugs under their
// heading, linked from the contents, and its links lead to operations.
func TestClientBugsSection(t *testing.T) {
	doc, ops := loadOps(t)
	var buf bytes.Buffer
	if err := render(&buf, doc, "openapi.yaml", ops, calls); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"- [Known client bugs](#known-client-bugs)", "<a id=\"known-client-bugs\"></a>\n\n## Known client bugs",
		"`sso.getAll`", "`ssosessions`", "`sso.create`", "`PUT /sso/sessions.json`"} {
		if !strings.Contains(out, want) {
			t.Errorf("docs/api.md lacks %q", want)
		}
	}
	for _, id := range []string{"ListSSOSessions", "StartIdentitySSOSession"} {
		if !strings.Contains(clientBugs, "(#"+anchor(id)+")") || !strings.Contains(out, `<a id="`+anchor(id)+`">`) {
			t.Errorf("the client bugs do not link to %s", id)
		}
	}
}
