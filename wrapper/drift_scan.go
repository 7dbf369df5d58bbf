package wrapper

import (
	"bytes"
	"encoding/json"
	"reflect"

	"github.com/oneall-go/oneall-go/internal/jsonscan"
)

// walk scans the JSON value that starts at data[i] (after white space)
// beside the Go type t that received it, reports the members that t does
// not know, and returns the index just past the value. A nil t, or one that
// takes any member (a map, an interface) or that does not fit the value (a
// type drift, not this walk's business), only skips the value. Each byte is
// read once. On input that is not JSON it stops early, never reading past
// data's end and always making progress.
func (w *driftWalk) walk(data []byte, i int, t reflect.Type) int {
	i = jsonscan.SkipSpace(data, i)
	if i >= len(data) || w.depth > maxDriftDepth {
		return len(data)
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch data[i] {
	case '{':
		if t != nil && t.Kind() != reflect.Struct {
			t = nil
		}
		w.depth++
		end := w.object(data, i, t)
		w.depth--
		return end
	case '[':
		if t != nil && t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			t = nil
		}
		w.depth++
		end := w.array(data, i, t)
		w.depth--
		return end
	case '"':
		return jsonscan.StringEnd(data, i)
	}
	j := i
	for j < len(data) && !isJSONDelim(data[j]) {
		j++
	}
	return max(j, i+1)
}

// maxDriftDepth bounds the walk's recursion as encoding/json bounds its own
// (an answer nested deeper did not decode, so it is never walked).
const maxDriftDepth = 10000

// object walks the object at data[i] == '{'; t is a struct type or nil.
func (w *driftWalk) object(data []byte, i int, t reflect.Type) int {
	var fields *fieldSet
	if t != nil {
		fields = fieldsOf(t)
	}
	i = jsonscan.SkipSpace(data, i+1)
	for i < len(data) && data[i] == '"' {
		end := jsonscan.StringEnd(data, i)
		key := data[i+1 : max(end-1, i+1)]
		i = jsonscan.SkipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return len(data)
		}
		i = jsonscan.SkipSpace(data, i+1)
		if fields == nil {
			i = w.walk(data, i, nil)
		} else {
			i = w.member(data, i, unescapeKey(key), fields)
		}
		i = jsonscan.SkipSpace(data, i)
		if i < len(data) && data[i] == ',' {
			i = jsonscan.SkipSpace(data, i+1)
		}
	}
	if i < len(data) && data[i] == '}' {
		return i + 1
	}
	return len(data)
}

// member walks the value of the member key at data[i] of an object of
// known fields, reporting it when no field takes it.
func (w *driftWalk) member(data []byte, i int, key []byte, fields *fieldSet) int {
	n := len(w.path)
	if n > 0 {
		w.path = append(w.path, '.')
	}
	w.path = append(w.path, key...)
	ft, known := fields.lookup(key)
	if !known {
		w.found(data[i:])
	}
	i = w.walk(data, i, ft) // ft is nil for an unknown member: skipped
	w.path = w.path[:n]
	return i
}

// array walks the array at data[i] == '['; t is a slice or array type or nil.
func (w *driftWalk) array(data []byte, i int, t reflect.Type) int {
	var et reflect.Type
	n := len(w.path)
	if t != nil {
		et = t.Elem()
		w.path = append(w.path, "[]"...)
	}
	i = jsonscan.SkipSpace(data, i+1)
	for i < len(data) && data[i] != ']' {
		next := w.walk(data, i, et)
		if next <= i {
			break
		}
		i = jsonscan.SkipSpace(data, next)
		if i < len(data) && data[i] == ',' {
			i = jsonscan.SkipSpace(data, i+1)
		}
	}
	w.path = w.path[:n]
	if i < len(data) && data[i] == ']' {
		return i + 1
	}
	return len(data)
}

// unescapeKey is a key as encoding/json reads it; only a key with escapes
// (rare) allocates.
func unescapeKey(key []byte) []byte {
	if bytes.IndexByte(key, '\\') < 0 {
		return key
	}
	var k string
	if json.Unmarshal(append(append([]byte{'"'}, key...), '"'), &k) != nil {
		return key
	}
	return []byte(k)
}

func isJSONDelim(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n'
}
