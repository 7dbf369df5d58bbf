package bulkimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

func readAllLines(t *testing.T, in string) (lines []string, tooLong []int64) {
	t.Helper()
	lr := newLineReader(strings.NewReader(in))
	for want := int64(1); ; want++ {
		n, text, long, err := lr.next()
		if err == io.EOF {
			return lines, tooLong
		}
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Fatalf("line number %d, want %d", n, want)
		}
		if long {
			tooLong = append(tooLong, n)
		}
		lines = append(lines, string(text))
	}
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", MaxLine+1)
	exact := strings.Repeat("y", MaxLine)
	lines, tooLong := readAllLines(t, "\xef\xbb\xbfa\r\nb\n\n"+long+"\n"+exact+"\r\nlast")
	want := []string{"a", "b", "", "", exact, "last"}
	if fmt.Sprint(lines) != fmt.Sprint(want) {
		t.Errorf("lines = %.80q, want %.80q", lines, want)
	}
	if fmt.Sprint(tooLong) != "[4]" {
		t.Errorf("too long lines = %v, want [4]", tooLong)
	}
	if lines, _ := readAllLines(t, ""); len(lines) != 0 {
		t.Errorf("empty input gave %q", lines)
	}
}

// readRecords returns the records of in as "line:fields" or "line:error".
func readRecords(t *testing.T, in string, format Format) ([]string, error) {
	t.Helper()
	rr, header, err := newRecordReader(strings.NewReader(in), format)
	if err != nil {
		return nil, err
	}
	var out []string
	if header != nil {
		out = append(out, fmt.Sprintf("header:%q", header))
	}
	for {
		rec, err := rr.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch {
		case rec.csvErr != nil:
			out = append(out, fmt.Sprintf("%d:%v", rec.line, rec.csvErr))
		case format == CSV:
			out = append(out, fmt.Sprintf("%d:%q", rec.line, rec.fields))
		default:
			out = append(out, fmt.Sprintf("%d:%s", rec.line, rec.text))
		}
	}
}

// TestCSVIsRFC4180: quoted fields hold commas, doubled quotes and line
// breaks; each record is numbered by the line it starts on.
func TestCSVIsRFC4180(t *testing.T) {
	in := "\xef\xbb\xbflogin,custom.note,password\r\n" +
		"u1@x,\"first line\r\nphantom@x,b,pw2\r\nlast line\",pw1\r\n" +
		"\r\n" +
		"u2@x,\"a, \"\"quoted\"\" note\",pw3\n" +
		"u3@x,b\"ad,pw4\n" +
		"u4@x,plain,pw5"
	got, err := readRecords(t, in, CSV)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`header:["login" "custom.note" "password"]`,
		`2:["u1@x" "first line\nphantom@x,b,pw2\nlast line" "pw1"]`,
		`6:["u2@x" "a, \"quoted\" note" "pw3"]`,
		`7:invalid CSV at line 7, column 7: bare " in non-quoted-field`,
		`8:["u4@x" "plain" "pw5"]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	jl, err := readRecords(t, "\n{\"a\":1}\n  \n{\"b\":2}", JSONL)
	if err != nil || fmt.Sprint(jl) != `[2:{"a":1} 4:{"b":2}]` {
		t.Fatalf("JSON Lines records %q, %v: blank lines are not rows", jl, err)
	}
}

// TestCSVUnusableFiles: what makes a CSV file unusable is a usage error
// before anything is sent.
func TestCSVUnusableFiles(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"empty":          {"", "needs a header row"},
		"bad header":     {"login,\"x\n", "header (line 1) is not valid CSV"},
		"open quote":     {"login,note\nu1,\"" + strings.Repeat("x", MaxLine+100<<10) + "\nu2,b\n", "the CSV record after line 1 is longer than"},
		"unknown column": {"login,nickname\n", `unknown column "nickname"`},
		"no identifier":  {"email,password\n", `no "login" column`},
		"column twice":   {"login,email,EMAIL\n", "appears twice"},
	} {
		path := filepath.Join(t.TempDir(), "in.csv")
		writeFile(t, path, tc.in)
		s := newMemSyncer()
		st, err := Run(context.Background(), s, Options{Path: path, Identifier: wrapper.ByLogin})
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tc.want) || st.Started || len(s.sent()) != 0 {
			t.Errorf("%s: %v (started %v), want a usage error saying %q", name, err, st.Started, tc.want)
		}
	}
}

// TestCSVQuotedNewlinesMakeNoPhantom is the reproduction 4: a
// quoted field spanning lines is one cell, not a row of its own: no user
// phantom@x, and u1@x gets pw1.
func TestCSVQuotedNewlinesMakeNoPhantom(t *testing.T) {
	srv := onealltest.NewServer()
	defer srv.Close()
	c := srv.Client()
	path := filepath.Join(t.TempDir(), "in.csv")
	writeFile(t, path, "login,custom.note,password\nu1@x,\"first line\nphantom@x,b,pw2\nlast line\",pw1\nu2@x,,pw3\n,bad,pw4\n")
	prog := &countingProgress{}
	st, err := Run(context.Background(), c.Storage, Options{Path: path, Identifier: wrapper.ByLogin, Progress: prog})
	if err != nil || st.Created != 2 || st.Failed != 1 {
		t.Fatalf("%+v, %v", st, err)
	}
	if plan := prog.plan.Load(); plan.Rows != 3 || prog.n.Load() != 3 {
		t.Errorf("the progress counts %d of %d rows, want 3 of 3: the header and the lines inside a cell are no rows", prog.n.Load(), plan.Rows)
	}
	if _, err := c.Storage.LookupUser(context.Background(), wrapper.Lookup{Login: "phantom@x"}); !errors.Is(err, wrapper.ErrNotFound) {
		t.Fatalf("phantom@x: %v, want no such user", err)
	}
	u, err := c.Storage.LookupUser(context.Background(), wrapper.Lookup{Login: "u1@x", Password: "pw1"})
	if err != nil || u.Identity.CustomData["note"] != "first line\nphantom@x,b,pw2\nlast line" {
		t.Fatalf("u1@x: %+v, %v", u, err)
	}
	if fails := readFailures(t, path+".failures.jsonl"); len(fails) != 1 || fails[0].Line != 6 || string(fails[0].Row) != `",bad,"` {
		t.Fatalf("failures %+v: the row is named by its first line, its password blanked", fails)
	}
}

func TestParseJSONL(t *testing.T) {
	p, err := newParser(JSONL, wrapper.ByLogin, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := p.parseJSON([]byte(`{"login":"ann","password":"s3cret","externalid":42,"identity":{"name":{"givenName":"Ann"}}}`))
	if r.err != nil || r.id != "ann" || len(r.keys) != 2 || r.user != r.login {
		t.Fatalf("row = %+v", r)
	}
	if r.input.ExternalID.Or("") != "42" || r.input.Password.Reveal() != "s3cret" || r.input.Identity.Name.GivenName != "Ann" {
		t.Errorf("input = %+v", r.input)
	}
	for _, tc := range []struct{ line, reason string }{
		{`{"externalid":"1"}`, `missing identifier: no "login"`},
		{`{"login":""}`, `missing identifier`},
		{`{"login":"a"`, `invalid JSON`},
		{`{"login":"a"} {"login":"b"}`, `more than one value`},
		{`{"login":"a","nickname":"b"}`, `unknown field "nickname"`},
		{`{"login":"a","password":12345678}`, `password`},
		{`{"login":"a","identity":[1]}`, `field "identity" must be an object, not array`},
		{`[1,2,3]`, `a row must be a JSON object, not an array`},
		{`"x"`, `not a string`},
		{`null`, `not null`},
	} {
		r := p.parseJSON([]byte(tc.line))
		if r.err == nil || !strings.Contains(r.err.Error(), tc.reason) {
			t.Errorf("parse(%s) = %v; want a bad row: %s", tc.line, r.err, tc.reason)
		}
		if r.err != nil && (strings.Contains(r.err.Error(), "12345678") || strings.Contains(r.err.Error(), "bulkimport.")) {
			t.Errorf("the error quotes the password or a Go type: %v", r.err)
		}
	}
	ext, _ := newParser(JSONL, wrapper.ByExternalID, nil)
	if r := ext.parseJSON([]byte(`{"externalid":100000001}`)); r.id != "100000001" {
		t.Errorf("numeric externalid: %+v", r)
	}
	tok, _ := newParser(JSONL, wrapper.ByUserToken, nil)
	if r := tok.parseJSON([]byte(`{"user_token":"1b93e09a-4cd3-4c5c-9081-2cb1eaa53573","login":"x"}`)); r.id != "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573" || len(r.keys) != 2 {
		t.Errorf("user_token identifier: %+v", r)
	}
}

func TestParseCSV(t *testing.T) {
	header := []string{"login", "password", "email", "given_name", "family_name", "externalid", "custom.FavoriteColor"}
	p, err := newParser(CSV, wrapper.ByLogin, header)
	if err != nil {
		t.Fatal(err)
	}
	r := p.parseCSV([]string{"ann", "pw", "ann@example.com", "Ann", "Smith, Jr.", "7", "teal"})
	if r.err != nil || r.id != "ann" {
		t.Fatalf("row = %+v", r)
	}
	id := r.input.Identity
	if id.Name.FamilyName != "Smith, Jr." || id.Emails[0].Value != "ann@example.com" || id.CustomData["FavoriteColor"] != "teal" ||
		r.input.ExternalID.Or("") != "7" || r.input.Password.Reveal() != "pw" {
		t.Errorf("input = %+v, identity %+v (custom keys keep their case)", r.input, id)
	}
	if r := p.parseCSV([]string{"bob", "", "", "", "", "", ""}); r.err != nil || !reflect.ValueOf(r.input.Identity).IsZero() || r.input.Password != "" || r.input.ExternalID.IsSet() {
		t.Errorf("empty cells must leave fields unset: %+v", r)
	}
	for _, tc := range []struct {
		fields []string
		reason string
	}{
		{[]string{"", "pw", "", "", "", "", ""}, `missing identifier: the "login" cell is empty`},
		{[]string{"a", "b"}, `2 fields, the header has 7`},
	} {
		if r := p.parseCSV(tc.fields); r.err == nil || !strings.Contains(r.err.Error(), tc.reason) {
			t.Errorf("parse(%q) = %v; want a bad row: %s", tc.fields, r.err, tc.reason)
		}
	}
	if _, err := newParser(CSV, wrapper.ByLogin, []string{"LOGIN", "Custom.X", "custom.x"}); err != nil {
		t.Errorf("custom.X and custom.x are two keys: %v", err)
	}
}

func TestFormat(t *testing.T) {
	for path, want := range map[string]Format{"a.jsonl": JSONL, "a.NDJSON": JSONL, "b.csv": CSV, "c.txt": ""} {
		if got := FormatFromPath(path); got != want {
			t.Errorf("FormatFromPath(%s) = %q, want %q", path, got, want)
		}
	}
	if _, err := ParseFormat("xml"); !errors.Is(err, ErrUsage) {
		t.Errorf("ParseFormat(xml) = %v", err)
	}
	if _, err := ParseIdentifier("email"); !errors.Is(err, ErrUsage) {
		t.Errorf("ParseIdentifier(email) = %v", err)
	}
}
