package bulkimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// row is a parsed record: a user to synchronize, or why it cannot be.
type row struct {
	// id is the identifier's value.
	id string
	// input is the user to send.
	input api.StorageUserInput
	// user is the key of the identifier's value; login and ext are the keys
	// of the login and the externalid the row sets (0: none).
	user, login, ext uint64
	// keys are the unique values the row names (identifier, login,
	// externalid): rows that share one are applied in file order. The
	// dispatcher adds the values the row takes from its user (see history).
	keys []uint64
	// err is why a bad row cannot be sent; the other fields are then unset.
	err error
}

// parser turns records into rows. It is safe for concurrent use.
type parser struct {
	format     Format
	identifier wrapper.IdentifierField
	// CSV only: the columns, and which of them hold a secret.
	columns []csvColumn
	secret  []bool
	// anySecret is true when a CSV column holds a secret.
	anySecret bool
}

// newParser returns a parser for format. For CSV, header is the first
// record of the file; it is checked here (known columns, no column twice,
// the identifier present).
func newParser(format Format, identifier wrapper.IdentifierField, header []string) (*parser, error) {
	p := &parser{format: format, identifier: identifier}
	if format != CSV {
		return p, nil
	}
	seen := map[string]bool{}
	hasID := false
	for _, cell := range header {
		col, ok := lookupColumn(cell)
		if !ok {
			return nil, usagef("CSV header: unknown column %q (known: %s, and custom.<key>)", truncate(cell, 40), strings.Join(CSVColumns(), ", "))
		}
		if seen[col.name] {
			return nil, usagef("CSV header: column %q appears twice", truncate(col.name, 40))
		}
		seen[col.name] = true
		hasID = hasID || col.name == string(identifier)
		secret := isSecretKey(col.name)
		p.anySecret = p.anySecret || secret
		p.columns = append(p.columns, col)
		p.secret = append(p.secret, secret)
	}
	if !hasID {
		return nil, usagef("CSV header has no %q column (the --identifier)", identifier)
	}
	return p, nil
}

// parse parses one record. It never fails: a record that cannot be used is
// a bad row.
func (p *parser) parse(rec *record) row {
	switch {
	case rec.tooLong:
		return row{err: fmt.Errorf("line longer than %d bytes", MaxLine)}
	case rec.csvErr != nil:
		return row{err: rec.csvErr}
	case p.format == CSV:
		return p.parseCSV(rec.fields)
	}
	return p.parseJSON(rec.text)
}

// jsonRow is a JSONL row: the user, plus user_token, which only serves as
// the identifier (--identifier user_token).
type jsonRow struct {
	api.StorageUserInput
	UserToken *string `json:"user_token,omitempty"`
}

func (p *parser) parseJSON(text []byte) row {
	if t := bytes.TrimSpace(text); len(t) > 0 && t[0] != '{' {
		return row{err: fmt.Errorf("invalid row: a row must be a JSON object, not %s", jsonKind(t[0]))}
	}
	var jr jsonRow
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&jr); err != nil {
		return row{err: fmt.Errorf("invalid JSON: %s", JSONErrorText(err))}
	}
	if dec.More() {
		return row{err: errors.New("invalid JSON: more than one value on the line")}
	}
	// A member given as null is left out, as one not given at all.
	if jr.Login.IsNull() {
		jr.Login = api.Optional[string]{}
	}
	if jr.ExternalID.IsNull() {
		jr.ExternalID = api.Optional[string]{}
	}
	var token string
	if jr.UserToken != nil {
		token = *jr.UserToken
	}
	return p.finish(jr.StorageUserInput, jr.Login.Or(""), jr.ExternalID.Or(""), token, fmt.Sprintf("no %q in the row", p.identifier))
}

func (p *parser) parseCSV(fields []string) row {
	if len(fields) != len(p.columns) {
		return row{err: fmt.Errorf("invalid CSV: %d fields, the header has %d", len(fields), len(p.columns))}
	}
	var u api.StorageUserInput
	var id api.Identity
	hasIdentity := false
	var token string
	for i, v := range fields {
		col := p.columns[i]
		if col.name == "user_token" {
			token = v
		}
		if v == "" {
			continue
		}
		col.set(&u, &id, v)
		hasIdentity = hasIdentity || !identityless(col.name)
	}
	if hasIdentity {
		u.Identity = id
	}
	return p.finish(u, u.Login.Or(""), u.ExternalID.Or(""), token, fmt.Sprintf("the %q cell is empty", p.identifier))
}

// finish picks the identifier's value and the row's keys.
func (p *parser) finish(u api.StorageUserInput, login, ext, token, missing string) row {
	var id string
	switch p.identifier {
	case wrapper.ByLogin:
		id = login
	case wrapper.ByExternalID:
		id = ext
	case wrapper.ByUserToken:
		id = token
	}
	if strings.TrimSpace(id) == "" {
		return row{err: fmt.Errorf("missing identifier: %s", missing)}
	}
	r := row{id: id, input: u, login: valueKey("l:", login), ext: valueKey("e:", ext)}
	switch p.identifier {
	case wrapper.ByLogin:
		r.user = r.login
	case wrapper.ByExternalID:
		r.user = r.ext
	case wrapper.ByUserToken:
		r.user = valueKey("t:", token)
	}
	for _, k := range [...]uint64{r.user, r.login, r.ext} {
		if k != 0 && !slices.Contains(r.keys, k) {
			r.keys = append(r.keys, k)
		}
	}
	return r
}

// valueKey is the key of a unique value: a hash of its kind and of the
// value, folded (two rows that may name one user are ordered, at worst
// needlessly; so are the rarer rows whose values collide). 0 is no value.
func valueKey(kind, v string) uint64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(kind))
	h.Write([]byte(strings.ToLower(v)))
	if k := h.Sum64(); k != 0 {
		return k
	}
	return 1
}

// jsonKind names the JSON value a byte starts.
func jsonKind(b byte) string {
	switch {
	case b == '[':
		return "an array"
	case b == '"':
		return "a string"
	case b == 't' || b == 'f':
		return "a boolean"
	case b == 'n':
		return "null"
	case b == '-' || (b >= '0' && b <= '9'):
		return "a number"
	}
	return "something else"
}

// JSONErrorText keeps a decoding error short and free of the input's
// values: encoding/json quotes the offending value in some errors, and that
// value could be a password.
func JSONErrorText(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case errors.As(err, &te):
		if field := strings.TrimPrefix(te.Field, "StorageUserInput."); field != "" { // jsonRow embeds it
			return fmt.Sprintf("field %q must be %s, not %s", field, jsonTypeName(te.Type), te.Value)
		}
		return fmt.Sprintf("expected %s, not %s", jsonTypeName(te.Type), te.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of the line"
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "json: unknown field ") {
		return "unknown field " + strings.TrimPrefix(msg, "json: unknown field ")
	}
	if strings.Contains(strings.ToLower(msg), "password") {
		return "the password is not a JSON string"
	}
	return truncate(msg, 200)
}

// jsonTypeName names the JSON a Go type decodes from, not the Go type.
func jsonTypeName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another type"
}
