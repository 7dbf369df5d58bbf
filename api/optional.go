package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
)

// optionalState tells an unset Optional from a set or a null one.
type optionalState uint8

const (
	optionalUnset optionalState = iota
	optionalSet
	optionalNull
)

// Optional is an input value that may be left out of a request, for the
// few inputs where "not given" and a zero value mean different things to
// OneAll: in a cloud storage update with update_mode "replace", a login
// that is not sent stays as it is, while a login sent as null (or blank) is
// removed.
//
// The zero Optional is unset: it is not sent at all (its field is tagged
// omitzero). Set(v) sends v, Null[T]() sends JSON null:
//
//	in := api.StorageUserInput{
//		Login:      api.Set("ada"),           // change the login
//		ExternalID: api.Null[string](),       // remove the external id
//		// Password left out: the stored password stays.
//	}
//
// Optional prints the value it holds through the value's own formatting
// (so an Optional[Password] prints "[REDACTED]"), "null" when null and
// "unset" when unset.
type Optional[T any] struct {
	value T
	state optionalState
}

// Set returns an Optional that sends v.
func Set[T any](v T) Optional[T] {
	return Optional[T]{value: v, state: optionalSet}
}

// Null returns an Optional that sends JSON null: in a storage update with
// update_mode "replace" it removes the stored value; "append" ignores it.
func Null[T any]() Optional[T] {
	return Optional[T]{state: optionalNull}
}

// Get returns the value and true if o was Set, or the zero value and false
// if o is unset or null.
func (o Optional[T]) Get() (T, bool) {
	return o.value, o.state == optionalSet
}

// Or returns the value if o was Set, otherwise fallback.
func (o Optional[T]) Or(fallback T) T {
	if o.state == optionalSet {
		return o.value
	}
	return fallback
}

// IsSet reports whether o holds a value (Set).
func (o Optional[T]) IsSet() bool { return o.state == optionalSet }

// IsNull reports whether o sends JSON null (Null).
func (o Optional[T]) IsNull() bool { return o.state == optionalNull }

// IsZero reports whether o is unset, so that encoding/json's omitzero
// leaves it out.
func (o Optional[T]) IsZero() bool { return o.state == optionalUnset }

// MarshalJSON encodes the value, or null when o is null or unset (an unset
// Optional is normally left out by omitzero before this is called).
func (o Optional[T]) MarshalJSON() ([]byte, error) {
	if o.state != optionalSet {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}

// UnmarshalJSON decodes null as Null and anything else as Set(value). An
// Optional[string] also takes a JSON number, as its literal text (as
// FlexString does): an externalid may come as 42 or "42".
func (o *Optional[T]) UnmarshalJSON(data []byte) error {
	if bytes.Equal(trimJSON(data), []byte("null")) {
		*o = Null[T]()
		return nil
	}
	var v T
	if s, ok := any(&v).(*string); ok {
		var fs FlexString
		if err := fs.UnmarshalJSON(data); err != nil {
			return err
		}
		*s = string(fs)
	} else if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*o = Set(v)
	return nil
}

// Format prints the value with the verb given (through the value's own
// Format or String, so secrets stay redacted), or "null" or "unset".
func (o Optional[T]) Format(f fmt.State, verb rune) {
	switch o.state {
	case optionalSet:
		fmt.Fprintf(f, fmt.FormatString(f, verb), o.value)
	case optionalNull:
		_, _ = f.Write([]byte("null"))
	default:
		_, _ = f.Write([]byte("unset"))
	}
}

// LogValue renders the value for log/slog (through its own LogValue when it
// has one, so secrets stay redacted), or "null" or "unset".
func (o Optional[T]) LogValue() slog.Value {
	switch o.state {
	case optionalSet:
		return slog.AnyValue(o.value)
	case optionalNull:
		return slog.StringValue("null")
	default:
		return slog.StringValue("unset")
	}
}
