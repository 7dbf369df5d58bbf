package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
)

// Password is a user password sent to the OneAll API.
//
// It exists so that a password cannot leak into logs by accident: String,
// GoString, Format (every fmt verb, including %#v, %x and %q) and LogValue
// (log/slog) all render "[REDACTED]". Only MarshalJSON and Reveal expose the
// real value, because the API needs it in request bodies.
//
// Password deliberately does not implement encoding.TextMarshaler: text
// marshaling is used by generic encoders and loggers (and by slog's text
// handler as a fallback), and a TextMarshaler would be a second, easy to
// miss, way to print the secret.
//
// Limits (inherent to a string type, not fixable here): converting it with
// string(p), reflection-based dumpers, fmt on an unexported struct field of
// type Password (fmt cannot call methods on unexported fields), the %p verb
// on a Password value (fmt reports it as a bad verb and prints the raw
// value, bypassing Format), and JSON-encoding a value that contains it all
// reveal the value. slog's JSON handler JSON-encodes what it logs: every
// model of this package that holds a Password (StorageUserInput,
// StorageLookup and the storage request bodies) implements slog.LogValuer
// and logs with the password redacted, at any depth; a value of your own
// holding one (a struct, a []Password) needs a LogValue of its own.
type Password string

// Reveal returns the real password. Use it only to send or hash the
// password, never to log or display it.
func (p Password) Reveal() string {
	return string(p)
}

// String returns "[REDACTED]" so that %v and %s never print the secret.
func (p Password) String() string {
	return redacted
}

// GoString returns "[REDACTED]" so that %#v never prints the secret.
func (p Password) GoString() string {
	return redacted
}

// Format implements fmt.Formatter so that every verb, including ones that
// would otherwise bypass String (%x, %X, %d, %q ...), prints "[REDACTED]".
// %q prints it quoted, like a string.
func (p Password) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = f.Write([]byte(strconv.Quote(redacted)))
		return
	}
	_, _ = f.Write([]byte(redacted))
}

// LogValue implements slog.LogValuer so that log/slog handlers print
// "[REDACTED]" instead of the secret.
func (p Password) LogValue() slog.Value {
	return slog.StringValue(redacted)
}

// MarshalJSON encodes the real password as a JSON string: request bodies
// must carry it.
func (p Password) MarshalJSON() ([]byte, error) {
	return json.Marshal(string(p))
}

// UnmarshalJSON decodes a JSON string or null (value unchanged). Errors
// never quote the input, since it may be the secret itself.
func (p *Password) UnmarshalJSON(data []byte) error {
	if in, ok := plainString(data); ok {
		*p = Password(in)
		return nil
	}
	v, ok := checkJSON(data)
	if !ok {
		return errors.New("api: cannot decode Password: " + errInvalidJSON)
	}
	switch v[0] {
	case 'n':
		return nil
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return errors.New("api: cannot decode Password: malformed JSON string")
		}
		*p = Password(s)
		return nil
	default:
		return errors.New("api: cannot decode Password: expected a JSON string, got " + jsonKindName(v))
	}
}
