package api

// Fast JSON for the generated models that keep unknown members
// (additionalProperties: true). oapi-codegen's own methods decode such an
// object into a map of raw members and then decode every member on its own,
// so each byte is scanned and validated again at every level of nesting,
// and encode it through a map of separately encoded members. The generated
// methods call the two functions below instead (see
// api/templates/additional-properties.tmpl): one pass of encoding/json over
// a method-less copy of the struct, plus a light scan of the object's keys
// for the members no field takes.

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/oneall-go/oneall-go/internal/jsonscan"
)

// fieldSet is the JSON names of a model's fields.
type fieldSet map[string]struct{}

func newFieldSet(names ...string) fieldSet {
	s := make(fieldSet, len(names))
	for _, n := range names {
		s[n] = struct{}{}
	}
	return s
}

// has reports whether key names a field the way encoding/json matches them:
// exactly or, failing that, case-insensitively.
func (s fieldSet) has(key []byte) bool {
	if _, ok := s[string(key)]; ok { // no allocation for the lookup
		return true
	}
	for n := range s {
		if bytes.EqualFold(key, []byte(n)) {
			return true
		}
	}
	return false
}

// unmarshalAdditional decodes the JSON object data into known, a pointer to
// a method-less copy of the model whose AdditionalProperties field is
// tagged `json:"-"`, and the members that no field takes into *extra (left
// as it is when there are none, as the generated code does).
func unmarshalAdditional[A any](data []byte, known any, fields fieldSet, extra *map[string]A) error {
	if err := json.Unmarshal(data, known); err != nil {
		return err
	}
	// data is now known to be valid JSON: null or an object.
	var found map[string]A
	err := eachMember(data, func(key, value []byte) error {
		if fields.has(key) {
			return nil
		}
		name := string(key)
		if bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key) {
			// An escaped key, or bytes that are not UTF-8: let
			// encoding/json unescape it (and replace them with U+FFFD).
			quoted := make([]byte, 0, len(key)+2)
			quoted = append(append(append(quoted, '"'), key...), '"')
			if err := json.Unmarshal(quoted, &name); err != nil {
				return err
			}
			if fields.has([]byte(name)) {
				return nil
			}
		}
		var v A
		if err := json.Unmarshal(value, &v); err != nil {
			return err
		}
		if found == nil {
			found = make(map[string]A)
		}
		found[name] = v
		return nil
	})
	if err != nil {
		return err
	}
	if found != nil {
		*extra = found
	}
	return nil
}

// marshalAdditional encodes known (the method-less copy of the model),
// whose tags leave out what is unset. With extra members, which real
// answers seldom have, the object is rebuilt through a map as oapi-codegen's
// own method does: all members in key order, an extra member named like a
// field replacing it (a nil one sends null: the way to remove a profile
// field in a Replace update).
func marshalAdditional[A any](known any, extra map[string]A) ([]byte, error) {
	data, err := json.Marshal(known)
	if err != nil || len(extra) == 0 {
		return data, err
	}
	return marshalMerged(data, extra)
}

// marshalMerged encodes the members of the encoded object data overridden
// by extra, in key order.
func marshalMerged[A any](data []byte, extra map[string]A) ([]byte, error) {
	object := map[string]json.RawMessage{}
	if err := json.Unmarshal(data, &object); err != nil {
		return nil, err
	}
	for k, v := range extra {
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		object[k] = raw
	}
	return json.Marshal(object)
}

// eachMember calls f with the raw key (between its quotes, still escaped)
// and the raw value of every member of the JSON object data, and stops at
// the first error f returns. Anything but an object has no members.
func eachMember(data []byte, f func(key, value []byte) error) (err error) {
	jsonscan.EachMember(data, func(key, value []byte) bool {
		err = f(key, value)
		return err == nil
	})
	return err
}
