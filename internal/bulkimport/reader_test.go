package bulkimport

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

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
	if lines, _ := readAllLines(t, "one\n"); fmt.Sprint(lines) != "[one]" {
		t.Errorf("one line gave %q", lines)
	}
}

func TestCountLines(t *testing.T) {
	dir := t.TempDir()
	for in, want := range map[string]int64{"": 0, "a": 1, "a\n": 1, "a\nb": 2, "a\n\nb\n": 3} {
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, []byte(in), 0o600); err != nil {
			t.Fatal(err)
		}
		if n, err := CountLines(p); err != nil || n != want {
			t.Errorf("CountLines(%q) = %d, %v; want %d", in, n, err, want)
		}
	}
}

func TestParseJSONL(t *testing.T) {
	p, err := NewParser(JSONL, wrapper.ByLogin, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := p.Parse(7, []byte(`{"login":"ann","password":"s3cret","externalid":42,"identity":{"name":{"givenName":"Ann"}}}`), false)
	if r.Kind != Data || r.ID != "ann" || r.Line != 7 {
		t.Fatalf("row = %+v", r)
	}
	if r.Input.ExternalID.Or("") != "42" || r.Input.Password.Reveal() != "s3cret" || r.Input.Identity.Name.GivenName != "Ann" {
		t.Errorf("input = %+v", r.Input)
	}
	for _, tc := range []struct{ line, reason string }{
		{`{"externalid":"1"}`, `missing identifier: no "login"`},
		{`{"login":""}`, `missing identifier`},
		{`{"login":"a"`, `invalid JSON`},
		{`{"login":"a"} {"login":"b"}`, `more than one value`},
		{`{"login":"a","nickname":"b"}`, `unknown field "nickname"`},
		{`{"login":"a","password":12345678}`, `password`},
		{`[1,2]`, `invalid JSON`},
	} {
		r := p.Parse(1, []byte(tc.line), false)
		if r.Kind != Bad || !strings.Contains(r.Err.Error(), tc.reason) {
			t.Errorf("Parse(%s) = kind %d, err %v; want a bad row: %s", tc.line, r.Kind, r.Err, tc.reason)
		}
		if r.Err != nil && strings.Contains(r.Err.Error(), "12345678") {
			t.Errorf("the error quotes the password: %v", r.Err)
		}
	}
	if r := p.Parse(1, []byte("   "), false); r.Kind != Blank {
		t.Errorf("a blank line is %+v", r)
	}
	if r := p.Parse(1, nil, true); r.Kind != Bad || !strings.Contains(r.Err.Error(), "longer than") {
		t.Errorf("a too long line is %+v", r)
	}
	ext, _ := NewParser(JSONL, wrapper.ByExternalID, nil)
	if r := ext.Parse(1, []byte(`{"externalid":100000001}`), false); r.ID != "100000001" {
		t.Errorf("numeric externalid: %+v", r)
	}
	tok, _ := NewParser(JSONL, wrapper.ByUserToken, nil)
	if r := tok.Parse(1, []byte(`{"user_token":"1b93e09a-4cd3-4c5c-9081-2cb1eaa53573","login":"x"}`), false); r.ID != "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573" {
		t.Errorf("user_token identifier: %+v", r)
	}
}

func TestParseCSV(t *testing.T) {
	header := "login,password,email,given_name,family_name,externalid,custom.plan"
	p, err := NewParser(CSV, wrapper.ByLogin, []byte(header))
	if err != nil {
		t.Fatal(err)
	}
	r := p.Parse(2, []byte(`ann,pw,ann@example.com,Ann,"Smith, Jr.",7,gold`), false)
	if r.Kind != Data || r.ID != "ann" {
		t.Fatalf("row = %+v (%v)", r, r.Err)
	}
	id := r.Input.Identity
	if id.Name.FamilyName != "Smith, Jr." || id.Emails[0].Value != "ann@example.com" || id.CustomData["plan"] != "gold" ||
		r.Input.ExternalID.Or("") != "7" || r.Input.Password.Reveal() != "pw" {
		t.Errorf("input = %+v, identity %+v", r.Input, id)
	}
	if r := p.Parse(3, []byte(`bob,,,,,,`), false); r.Kind != Data || !reflect.ValueOf(r.Input.Identity).IsZero() || r.Input.Password != "" || !r.Input.ExternalID.IsZero() {
		t.Errorf("empty cells must leave fields unset: %+v", r)
	}
	for _, tc := range []struct{ line, reason string }{
		{`,pw,,,,,`, `missing identifier: the "login" cell is empty`},
		{`a,b`, `2 fields, the header has 7`},
		{`"a,b,c,d,e,f,g`, `invalid CSV`},
	} {
		r := p.Parse(1, []byte(tc.line), false)
		if r.Kind != Bad || !strings.Contains(r.Err.Error(), tc.reason) {
			t.Errorf("Parse(%s) = kind %d, err %v; want a bad row: %s", tc.line, r.Kind, r.Err, tc.reason)
		}
	}
	for _, tc := range []struct{ header, reason string }{
		{"login,nickname", `unknown column "nickname"`},
		{"login,email,EMAIL", `appears twice`},
		{"email,password", `no "login" column`},
	} {
		if _, err := NewParser(CSV, wrapper.ByLogin, []byte(tc.header)); err == nil || !strings.Contains(err.Error(), tc.reason) || !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("header %q: err %v, want %s", tc.header, err, tc.reason)
		}
	}
}

func TestRedact(t *testing.T) {
	j, _ := NewParser(JSONL, wrapper.ByLogin, nil)
	got := j.Redact([]byte(`{"login":"ann","password":"s3cret","identity":{"x":1}}`), false)
	var m map[string]any
	if err := json.Unmarshal(got, &m); err != nil || m["password"] != "[REDACTED]" || m["login"] != "ann" {
		t.Errorf("JSONL redaction = %s", got)
	}
	if got := j.Redact([]byte(`{"login":"ann","password":"s3cret"`), false); got != nil {
		t.Errorf("an unparseable line must not be copied: %s", got)
	}
	if got := j.Redact(nil, true); got != nil {
		t.Errorf("a too long line must not be copied: %s", got)
	}

	c, _ := NewParser(CSV, wrapper.ByLogin, []byte("login,password,email"))
	if got := string(c.Redact([]byte(`ann,s3cret,"a@b.c"`), false)); got != `"ann,,a@b.c"` {
		t.Errorf("CSV redaction = %s", got)
	}
	if got := c.Redact([]byte(`ann,s3cret`), false); got != nil {
		t.Errorf("a CSV row with the wrong field count must not be copied: %s", got)
	}
	nopw, _ := NewParser(CSV, wrapper.ByLogin, []byte("login,email"))
	if got := string(nopw.Redact([]byte(`ann`), false)); got != `"ann"` {
		t.Errorf("a CSV without passwords is copied as is: %s", got)
	}
}

func TestShard(t *testing.T) {
	for _, bad := range []string{"", "1", "a/b", "2/2", "-1/3", "0/0", "1/0"} {
		if _, err := ParseShard(bad); !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("ParseShard(%q) = %v, want ErrInvalidInput", bad, err)
		}
	}
	shards := make([]Shard, 3)
	for i := range shards {
		var err error
		if shards[i], err = ParseShard(fmt.Sprintf("%d/3", i)); err != nil {
			t.Fatal(err)
		}
	}
	counts := make([]int, 3)
	for n := range 3000 {
		id := fmt.Sprintf("user%d@example.com", n)
		owners := 0
		for i, s := range shards {
			if s.Keeps(id) {
				owners++
				counts[i]++
			}
		}
		if owners != 1 {
			t.Fatalf("%s is kept by %d shards", id, owners)
		}
	}
	for i, c := range counts {
		if c < 800 {
			t.Errorf("shard %d got %d of 3000 rows: the hash does not spread", i, c)
		}
	}
	if !(Shard{}).Keeps("x") || (Shard{}).String() != "0/1" {
		t.Error("the zero Shard must keep every row")
	}
}

func TestFormat(t *testing.T) {
	for path, want := range map[string]Format{"a.jsonl": JSONL, "a.NDJSON": JSONL, "b.csv": CSV, "c.txt": ""} {
		if got := FormatFromPath(path); got != want {
			t.Errorf("FormatFromPath(%s) = %q, want %q", path, got, want)
		}
	}
	if _, err := ParseFormat("xml"); !errors.Is(err, wrapper.ErrInvalidInput) {
		t.Errorf("ParseFormat(xml) = %v", err)
	}
	if _, err := ParseIdentifier("email"); !errors.Is(err, wrapper.ErrInvalidInput) {
		t.Errorf("ParseIdentifier(email) = %v", err)
	}
}

func TestTracker(t *testing.T) {
	tr := newTracker(0, nil)
	tr.done(2, created)
	tr.done(3, unrecorded)
	tr.done(5, failed)
	if tr.mark() != 0 {
		t.Fatalf("mark = %d before line 1 is done", tr.mark())
	}
	tr.done(1, updated)
	if s := tr.snapshot(); s.line != 3 || s.caughtUp || s.counts != (counts{created: 1, updated: 1}) {
		t.Fatalf("snapshot %+v, want mark 3 with line 5 pending", s)
	}
	tr.done(4, created)
	// Noted since the snapshot: 4 and 5 passed the mark.
	if got := tr.endSave(); len(got) != 2 {
		t.Fatalf("endSave %+v, want lines 4 and 5", got)
	}
	if s := tr.snapshot(); s.line != 5 || !s.caughtUp || s.counts != (counts{created: 2, updated: 1, failed: 1}) {
		t.Fatalf("snapshot %+v, want mark 5", s)
	}
	if got := tr.endSave(); len(got) != 0 {
		t.Fatalf("endSave %+v, want nothing above the mark", got)
	}

	// Resuming at 10 with 11, 12 and 14 done by an earlier run.
	tr = newTracker(10, map[int64]outcome{9: created, 11: created, 12: failed, 14: updated})
	if s := tr.snapshot(); s.line != 12 || s.caughtUp || s.counts != (counts{created: 1, failed: 1}) {
		t.Fatalf("resumed: snapshot %+v", s)
	}
	if got := tr.endSave(); len(got) != 1 || got[0] != (entry{line: 14, o: updated}) {
		t.Fatalf("resumed: endSave %+v, want line 14", got)
	}
}
