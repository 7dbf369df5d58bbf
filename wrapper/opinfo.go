package wrapper

import (
	"reflect"
	"sync"
)

// opInfo is what openapi.yaml says of one operation (operations.gen.go,
// written by internal/specgen from each operation's x-oneall object).
type opInfo struct {
	id, method, path string
	replay           replay
	// payload is the member of result.data that the operation answers
	// with, "" when it answers none.
	payload string
	// plain says that the request is the method and path alone: no body,
	// no query, string path parameters (see plainRequest).
	plain bool
}

// withReplay is the operation sent under another retry class, for a call
// that knows more than the spec (an update that replaces may be repeated).
func (o *opInfo) withReplay(r replay) *opInfo {
	c := *o
	c.replay = r
	return &c
}

// payloadOptional is the operation with its payload optional: the call
// succeeds even when the answer leaves it out.
func (o *opInfo) payloadOptional() *opInfo {
	c := *o
	c.payload = ""
	return &c
}

// payloadCheck is need, or, when need is nil, the check that the
// operation's payload is there: result.data must be, and its payload member
// too when D holds it as a pointer (a pointer tells an absent member from an
// empty one; a value cannot). An operation without a payload needs nothing.
func payloadCheck[D any](op *opInfo, need check[D]) check[D] {
	if need != nil || op.payload == "" {
		return need
	}
	return func(d *D) string {
		if !memberPresent(d, op.payload) {
			return op.payload
		}
		return ""
	}
}

// memberPresent says whether the field of *d whose JSON name is member is
// set, when it is a pointer, map, slice or interface; other fields, and a
// member that D does not hold, count as present.
func memberPresent[D any](d *D, member string) bool {
	v := reflect.ValueOf(d).Elem()
	if v.Kind() != reflect.Struct {
		return true
	}
	i := fieldIndex(v.Type(), member)
	if i < 0 {
		return true
	}
	switch f := v.Field(i); f.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return !f.IsNil()
	}
	return true
}

// fieldIndexes caches fieldIndex by struct type.
var fieldIndexes sync.Map // reflect.Type -> fieldByName

type fieldByName struct {
	member string
	index  int
}

// fieldIndex is the index of the field of struct type t whose JSON name is
// member, or -1.
func fieldIndex(t reflect.Type, member string) int {
	if f, ok := fieldIndexes.Load(t); ok && f.(fieldByName).member == member {
		return f.(fieldByName).index
	}
	index := -1
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("json")
		if name, _, _ := cutComma(tag); name == member {
			index = i
			break
		}
	}
	fieldIndexes.Store(t, fieldByName{member: member, index: index})
	return index
}

func cutComma(s string) (before, after string, found bool) {
	for i := range len(s) {
		if s[i] == ',' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
