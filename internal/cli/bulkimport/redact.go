package bulkimport

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
)

// redacted replaces a secret in the failures file.
const redacted = "[REDACTED]"

// secretWords are what a key that holds a secret contains, once lowered and
// stripped of everything but letters and digits: "Password", "user_passwd",
// "identity.passPhrase", "accessToken".
var secretWords = []string{"password", "passwd", "passphrase", "passcode", "pwd", "secret",
	"accesstoken", "refreshtoken", "apikey", "privatekey", "credential"}

// isSecretKey reports whether a JSON key, or a CSV column, names a value
// that must not be copied: a password under any spelling, or another
// secret. Matching is case-insensitive; for a dotted name ("custom.pin")
// the last part is checked alone too.
func isSecretKey(key string) bool {
	if i := strings.LastIndexByte(key, '.'); i >= 0 && isSecretKey(key[i+1:]) {
		return true
	}
	var b strings.Builder
	for _, r := range strings.ToLower(key) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	k := b.String()
	switch k {
	case "pass", "pw", "pin":
		return true
	}
	for _, w := range secretWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// redactJSON returns a JSON Lines row as it goes into the failures file:
// the object with the value of every secret key (see isSecretKey), at any
// depth, replaced by "[REDACTED]". It returns nil (JSON null) when the text
// is not a JSON object: then nothing can be said of where a password is.
func redactJSON(text []byte) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil || dec.More() {
		return nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	redactValue(obj)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(obj) != nil {
		return nil
	}
	return bytes.TrimSpace(buf.Bytes())
}

func redactValue(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if isSecretKey(k) {
				v[k] = redacted
				continue
			}
			redactValue(x)
		}
	case []any:
		for _, x := range v {
			redactValue(x)
		}
	}
}

// redactCSV returns a CSV row as it goes into the failures file: the record
// as CSV text (a JSON string), its secret cells emptied. A record that could
// not be read (raw is its text as it is in the file) is copied only when the
// header has no secret column; otherwise it is nil (JSON null).
func (p *parser) redactCSV(rec *record, raw []byte) json.RawMessage {
	if rec.csvErr != nil || len(rec.fields) != len(p.columns) {
		if p.anySecret || raw == nil {
			return nil
		}
		return jsonString(strings.TrimRight(string(raw), "\r\n"))
	}
	fields := rec.fields
	if p.anySecret {
		fields = append([]string(nil), fields...)
		for i := range fields {
			if p.secret[i] {
				fields[i] = ""
			}
		}
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(fields)
	w.Flush()
	return jsonString(strings.TrimRight(b.String(), "\r\n"))
}

func jsonString(s string) json.RawMessage {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return bytes.TrimSpace(buf.Bytes())
}
