package bulkimport

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/wrapper"
)

// TestRedactJSON: every secret, under any key that holds one, at any
// depth, in any case, is redacted; the rest is kept.
func TestRedactJSON(t *testing.T) {
	in := `{"login":"ann","password":"s1","PASSWD":"s2","identity":{"password":"s3","customData":{"Pwd":"s4","pin":"s5","note":"kept",` +
		`"nested":[{"user_password":"s6"},{"passPhrase":{"deep":"s7"}}],"apiKey":"s8","accessToken":"s9"}},"externalid":12345678901234567890}`
	got := string(redactJSON([]byte(in)))
	for _, secret := range []string{"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"} {
		if strings.Contains(got, `"`+secret+`"`) {
			t.Errorf("%s is in the redacted row: %s", secret, got)
		}
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(got), &m); err != nil || m["login"] != "ann" || !strings.Contains(got, `"note":"kept"`) ||
		!strings.Contains(got, `"externalid":12345678901234567890`) {
		t.Errorf("redacted row %s: the rest must be kept as it was", got)
	}
	for _, bad := range []string{`{"login":"ann","password":"s3cret"`, `[{"password":"x"}]`, `"password"`} {
		if got := redactJSON([]byte(bad)); got != nil {
			t.Errorf("%s must not be copied: %s", bad, got)
		}
	}
}

func TestIsSecretKey(t *testing.T) {
	for key, want := range map[string]bool{
		"password": true, "Password": true, "passwd": true, "user_pwd": true, "pass": true, "PIN": true,
		"custom.passwd": true, "custom.pin": true, "client_secret": true, "access_token": true, "refreshToken": true,
		"login": false, "email": false, "passport_number": false, "user_token": false, "compass": false, "pinned": false,
	} {
		if got := isSecretKey(key); got != want {
			t.Errorf("isSecretKey(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestRedactCSV(t *testing.T) {
	p, _ := newParser(CSV, wrapper.ByLogin, []string{"login", "password", "email", "custom.pin"})
	rec := &record{fields: []string{"ann", "s3cret", "a@b.c", "1234"}}
	if got := string(p.redactCSV(rec, nil)); got != `"ann,,a@b.c,"` {
		t.Errorf("CSV redaction = %s", got)
	}
	multi := &record{fields: []string{"ann", "s3cret", "line 1\nline \"2\"", ""}}
	if got := string(p.redactCSV(multi, nil)); got != `"ann,,\"line 1\nline \"\"2\"\"\","` {
		t.Errorf("a multi-line record = %s", got)
	}
	if got := p.redactCSV(&record{fields: []string{"ann", "s3cret"}}, []byte("ann,s3cret\n")); got != nil {
		t.Errorf("a CSV row with the wrong field count must not be copied: %s", got)
	}
	nopw, _ := newParser(CSV, wrapper.ByLogin, []string{"login", "email"})
	if got := string(nopw.redactCSV(&record{csvErr: errTest, fields: []string{"a"}}, []byte("ann,b\"c\r\n"))); got != `"ann,b\"c"` {
		t.Errorf("a bad row of a CSV without secrets is copied as it is: %s", got)
	}
}

var errTest = errTestType{}

type errTestType struct{}

func (errTestType) Error() string { return "test" }
