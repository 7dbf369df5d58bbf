// Package jsonscan walks the members of a JSON object without decoding it:
// the api models use it to find their unknown members, the wrapper to look
// for a payload in an envelope, the fake server to find a request's nodes.
// It allocates nothing, but to unescape a key that has escapes.
package jsonscan

import (
	"bytes"
	"encoding/json"
)

// EachNamed calls f with the raw value of every member of the JSON object
// data whose key, unescaped, is name: exactly, or with fold
// case-insensitively, as encoding/json matches struct fields. Duplicates
// are passed in order, so the last call is what encoding/json would keep.
func EachNamed(data []byte, name string, fold bool, f func(value []byte)) {
	EachMember(data, func(key, value []byte) bool {
		if bytes.IndexByte(key, '\\') >= 0 {
			var k string
			if json.Unmarshal(append(append([]byte{'"'}, key...), '"'), &k) == nil {
				key = []byte(k)
			}
		}
		if string(key) == name || fold && bytes.EqualFold(key, []byte(name)) {
			f(value)
		}
		return true
	})
}

// EachMember calls f with the raw key (between its quotes, still escaped)
// and the raw value of every member of the JSON object data, in order, until
// f returns false. Anything but an object has no members. data is meant to be
// valid JSON; on anything else the walk stops early and never reads past the
// end of data.
func EachMember(data []byte, f func(key, value []byte) bool) {
	i := SkipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return
	}
	i = SkipSpace(data, i+1)
	for i < len(data) && data[i] == '"' {
		end := StringEnd(data, i)
		if end >= len(data) { // cut short after the key
			return
		}
		key := data[i+1 : end-1]
		i = SkipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return
		}
		i = SkipSpace(data, i+1)
		vend := valueEnd(data, i)
		if !f(key, data[i:vend]) {
			return
		}
		i = SkipSpace(data, vend)
		if i < len(data) && data[i] == ',' {
			i = SkipSpace(data, i+1)
		}
	}
}

// SkipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func SkipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}

// StringEnd returns the index just past the JSON string starting at i, or
// len(data) when it is not closed.
func StringEnd(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(data)
}

// valueEnd returns the index just past the JSON value starting at i, at most
// len(data).
func valueEnd(data []byte, i int) int {
	if i >= len(data) {
		return len(data)
	}
	switch data[i] {
	case '"':
		return StringEnd(data, i)
	case '{', '[':
		return containerEnd(data, i)
	default: // number, true, false, null
		j := i
		for j < len(data) && !endsLiteral(data[j]) {
			j++
		}
		return j
	}
}

// containerEnd returns the index just past the object or array starting at
// i, at most len(data).
func containerEnd(data []byte, i int) int {
	depth := 0
	for j := i; j < len(data); j++ {
		switch data[j] {
		case '"':
			j = StringEnd(data, j) - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(data)
}

// endsLiteral reports whether c ends a number, true, false or null.
func endsLiteral(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}
