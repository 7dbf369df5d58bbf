package bulkimport

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/oneall-go/oneall-go/wrapper"
)

var identifiers = []wrapper.IdentifierField{wrapper.ByLogin, wrapper.ByExternalID, wrapper.ByUserToken}

// FuzzJSONLRows reads any file as JSON Lines and parses every row for every
// identifier: each row is a user or a bad row with its reason, never a
// panic, and what goes into the failures file has every secret redacted.
func FuzzJSONLRows(f *testing.F) {
	for _, s := range []string{
		`{"login": "ann@example.com", "password": "s3cret-pw", "externalid": "42", "identity": {"name": {"givenName": "Ann"}}}`,
		`{"externalid": 45673, "login": "john.doe", "password": "12345678", "identity": {"customData": {"k1": "v1", "pin": "1234", "k3": {"accessToken": "t"}}}}`,
		`{"user_token": "2eaf5d01-8244-44b9-878d-9e83073c45e0", "login": null, "externalid": null}` + "\n\n" + `{"login":"b"}`,
		`{"login": "x", "Password": "p", "unknown": 1}`, `{"login": "x", "pass\u0077ord": "p"}`, `{"login":"x","password":"a","password":"b"}`,
		`[]`, `"x"`, `{"login":"x"} {"login":"y"}`, "{\"login\":\"\xff\"}", `{"identity":{"emails":[{"value":"a@b","is_verified":"true"}]},"login":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, id := range identifiers {
			p, err := newParser(JSONL, id, nil)
			if err != nil {
				t.Fatal(err)
			}
			rr, _, err := newRecordReader(bytes.NewReader(data), JSONL)
			if err != nil {
				return
			}
			for n := 0; n < 1000; n++ {
				rec, err := rr.next()
				if err != nil {
					break
				}
				r := p.parse(&rec)
				if r.err == nil && r.id == "" {
					t.Fatalf("row %q parsed without its %s", rec.text, id)
				}
				if rec.text != nil {
					checkRedactedJSON(t, redactJSON(rec.text))
				}
			}
		}
	})
}

// checkRedactedJSON fails if a secret key of the failures file's row has
// anything but "[REDACTED]".
func checkRedactedJSON(t *testing.T, out json.RawMessage) {
	t.Helper()
	if out == nil {
		return
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("the redacted row is not JSON: %s: %v", out, err)
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if isSecretKey(k) && x != redacted {
					t.Fatalf("secret %q left in the redacted row %s", k, out)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
}

// FuzzCSVRows reads any file as CSV: a header that is refused is a usage
// error, every row is a user or a bad row, and the failures file never gets
// a secret column's cell.
func FuzzCSVRows(f *testing.F) {
	for _, s := range []string{
		"login,password,given_name,email\nann@example.com,s3cret,Ann,ann@example.com\n",
		"externalid,login,custom.pin,custom.plan\n45673,john,1234,gold\n100000002,\"a,b\",\"q\"\"x\",\n",
		"user_token,password\n2eaf5d01-8244-44b9-878d-9e83073c45e0,pw\n",
		"login,password\n\"open quote,pw\n", "login\n", "", "login,login\nx,y\n", "login,unknown\nx,y\n",
		"login,password\r\nx,p\r\ny\r\n", "\ufefflogin,password\nx,p\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, id := range identifiers {
			rr, header, err := newRecordReader(bytes.NewReader(data), CSV)
			if err != nil {
				return
			}
			p, err := newParser(CSV, id, header)
			if err != nil {
				continue // a usage error: the header is refused
			}
			for n := 0; n < 1000; n++ {
				rec, err := rr.next()
				if err != nil {
					break
				}
				r := p.parse(&rec)
				if r.err == nil && r.id == "" {
					t.Fatalf("row %q parsed without its %s", rec.fields, id)
				}
				var raw []byte
				if rec.start >= 0 && rec.end <= int64(len(data)) && rec.start <= rec.end {
					raw = data[rec.start:rec.end]
				}
				checkRedactedCSV(t, p, p.redactCSV(&rec, raw))
			}
		}
	})
}

func checkRedactedCSV(t *testing.T, p *parser, out json.RawMessage) {
	t.Helper()
	if out == nil {
		return
	}
	var text string
	if err := json.Unmarshal(out, &text); err != nil {
		t.Fatalf("the redacted row is not a JSON string: %s", out)
	}
	if !p.anySecret {
		return
	}
	cells, err := csv.NewReader(bytes.NewReader([]byte(text))).Read()
	if err != nil && err != io.EOF {
		t.Fatalf("the redacted row %q is not CSV: %v", text, err)
	}
	if len(cells) != len(p.secret) {
		t.Fatalf("the redacted row %q has %d cells for %d columns", text, len(cells), len(p.secret))
	}
	for i, c := range cells {
		if p.secret[i] && c != "" {
			t.Fatalf("secret column %q left in the redacted row %q", p.columns[i].name, text)
		}
	}
}

// FuzzStateFiles reads any bytes as a journal and as a checkpoint: each is
// read or refused with an error, never a panic.
func FuzzStateFiles(f *testing.F) {
	for _, s := range []string{
		`{"oneall_import_checkpoint":2,"input":{},"rows":10,"line":11,"created":3,"updated":7,"failed":0,"complete":false}`,
		`{"oneall_import_checkpoint":1}`, `{"oneall_import_journal":2,"input":{}}` + "\n3 4\n5 6\n",
		`{"oneall_import_journal":2,"input":{}}` + "\nx\n\n-1 2\n99999999999999999999 1\n", ``, `null`, "\x00\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "state")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, _ = readCheckpoint(path)
		_, _, _ = readJournal(path, 0)
		_, _, _ = readJournal(path, 5)
	})
}
