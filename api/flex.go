package api

// Hand-written types referenced from openapi.yaml through x-go-type.
//
// The OneAll API is not consistent about JSON types: the same field can be a
// number in one response and a string in another (and a boolean can arrive
// as "true"). The Flex* types below decode every form that has been seen and
// always encode one canonical form, so callers never have to care.
//
// All UnmarshalJSON methods follow two rules:
//   - JSON null leaves the value unchanged, as encoding/json does for
//     built-in types.
//   - They never panic. Malformed input returns an error that names the Go
//     type and quotes a short prefix of the offending input.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxQuotedInput bounds how much of a bad input is copied into an error
// message, so that a huge payload cannot produce a huge error.
const maxQuotedInput = 40

// quotePrefix returns a Go-quoted prefix of data for use in error messages.
func quotePrefix(data []byte) string {
	if len(data) <= maxQuotedInput {
		return strconv.Quote(string(data))
	}
	cut := maxQuotedInput
	// Back off to a rune boundary so the quoted prefix stays readable.
	for cut > 0 && !utf8.RuneStart(data[cut]) {
		cut--
	}
	if cut == 0 {
		cut = maxQuotedInput
	}
	return strconv.Quote(string(data[:cut])) + "..."
}

// decodeError builds the error returned by every UnmarshalJSON in this file.
func decodeError(typeName string, data []byte, reason string) error {
	return fmt.Errorf("api: cannot decode %s from %s: %s", typeName, quotePrefix(data), reason)
}

// errInvalidJSON is the reason used when the input is not one JSON value.
// UnmarshalJSON is normally called by encoding/json with validated input,
// but it may also be called directly with arbitrary bytes.
const errInvalidJSON = "invalid JSON"

// trimJSON strips JSON whitespace (and only JSON whitespace) around data.
func trimJSON(data []byte) []byte {
	return bytes.Trim(data, " \t\r\n")
}

// checkJSON trims data and reports whether it is exactly one valid JSON
// value. The first byte of the result identifies the JSON kind.
func checkJSON(data []byte) ([]byte, bool) {
	v := trimJSON(data)
	if len(v) == 0 || !json.Valid(v) {
		return nil, false
	}
	return v, true
}

// jsonKindName names the JSON kind of validated, trimmed data for errors.
func jsonKindName(v []byte) string {
	switch v[0] {
	case '"':
		return "a JSON string"
	case 't', 'f':
		return "a JSON boolean"
	case 'n':
		return "JSON null"
	case '{':
		return "a JSON object"
	case '[':
		return "a JSON array"
	default:
		return "a JSON number"
	}
}

// isJSONNumberStart reports whether b starts a JSON number (input must
// already be valid JSON, so this is enough to classify it).
func isJSONNumberStart(b byte) bool {
	return b == '-' || (b >= '0' && b <= '9')
}

// FlexInt is an int that decodes from a JSON number or a numeric JSON string.
//
// OneAll sends some counters and ids as 64 in one response and "64" in
// another. FlexInt accepts both (and integral floats such as 64.0 or 6.4e1),
// rejects fractions, overflow and anything that is not a number, and always
// encodes as a plain JSON number.
type FlexInt int

// Int returns the value as a plain int.
func (i FlexInt) Int() int {
	return int(i)
}

// MarshalJSON encodes the value as a JSON number, the canonical form.
func (i FlexInt) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(i), 10), nil
}

// UnmarshalJSON decodes a JSON integer (64, -3, 64.0), a JSON string holding
// a decimal integer ("64", "-3") or null (value unchanged).
func (i *FlexInt) UnmarshalJSON(data []byte) error {
	if n, ok := fastFlexInt(data); ok {
		*i = FlexInt(n)
		return nil
	}
	const name = "FlexInt"
	v, ok := checkJSON(data)
	if !ok {
		return decodeError(name, data, errInvalidJSON)
	}
	switch {
	case v[0] == 'n':
		return nil
	case v[0] == '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return decodeError(name, data, err.Error())
		}
		n, reason := parseDecimalString(s)
		if reason != "" {
			return decodeError(name, data, reason)
		}
		*i = FlexInt(n)
		return nil
	case isJSONNumberStart(v[0]):
		n, reason := parseIntegralNumber(string(v))
		if reason != "" {
			return decodeError(name, data, reason)
		}
		*i = FlexInt(n)
		return nil
	default:
		return decodeError(name, data, "expected a JSON number or numeric string, got "+jsonKindName(v))
	}
}

// parseDecimalString parses the content of a JSON string as an int. Only an
// optional minus sign followed by ASCII digits is accepted: no spaces, no
// plus sign, no fraction, because such strings have never been seen from
// OneAll and accepting them would hide real data errors.
func parseDecimalString(s string) (int, string) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" {
		return 0, "string is not a decimal integer"
	}
	for j := 0; j < len(digits); j++ {
		if digits[j] < '0' || digits[j] > '9' {
			return 0, "string is not a decimal integer"
		}
	}
	n, err := strconv.ParseInt(s, 10, strconv.IntSize)
	if err != nil {
		// Only a range error is possible after the digit check above.
		return 0, "integer overflows int"
	}
	return int(n), ""
}

// parseExponent parses the exponent of a JSON number literal (after the
// 'e'). One too large to mean anything gives fractional when negative,
// overflow when positive.
func parseExponent(exp, fractional, overflow string) (int, string) {
	negExp := false
	switch exp[0] {
	case '-':
		negExp = true
		exp = exp[1:]
	case '+':
		exp = exp[1:]
	}
	exp = strings.TrimLeft(exp, "0")
	if len(exp) > 9 { // beyond any meaningful scale; avoid Atoi overflow
		if negExp {
			return 0, fractional
		}
		return 0, overflow
	}
	e := 0
	if exp != "" {
		var err error
		if e, err = strconv.Atoi(exp); err != nil {
			return 0, "malformed exponent"
		}
	}
	if negExp {
		e = -e
	}
	return e, ""
}

// parseIntegralNumber converts a valid JSON number literal to an int if it
// denotes an integer that fits. It works on the decimal digits directly
// rather than through float64 so that large values are exact and huge
// exponents (1e999999999) cost nothing.
func parseIntegralNumber(lit string) (int, string) {
	const (
		fractional = "number has a fractional part"
		overflow   = "integer overflows int"
	)
	s := lit
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	mant, exp := s, ""
	if k := strings.IndexAny(s, "eE"); k >= 0 {
		mant, exp = s[:k], s[k+1:]
	}
	intPart, frac := mant, ""
	if k := strings.IndexByte(mant, '.'); k >= 0 {
		intPart, frac = mant[:k], mant[k+1:]
	}

	// value = sig * 10^scale, with sig free of leading and trailing zeros.
	digits := strings.TrimLeft(intPart+frac, "0")
	sig := strings.TrimRight(digits, "0")
	if sig == "" {
		return 0, "" // 0, -0, 0.000, 0e5 ...
	}
	scale := (len(digits) - len(sig)) - len(frac)

	if exp != "" {
		e, msg := parseExponent(exp, fractional, overflow)
		if msg != "" {
			return 0, msg
		}
		scale += e
	}
	if scale < 0 {
		// sig has no trailing zeros, so a negative scale means a non-zero
		// fraction.
		return 0, fractional
	}
	if len(sig)+scale > 19 { // more digits than any int64
		return 0, overflow
	}
	text := sig + strings.Repeat("0", scale)
	if neg {
		text = "-" + text
	}
	n, err := strconv.ParseInt(text, 10, strconv.IntSize)
	if err != nil {
		return 0, overflow
	}
	return int(n), ""
}

// FlexBool is a bool that decodes from a JSON boolean or the JSON strings
// "true" and "false" (any letter case), which some OneAll responses use. It
// always encodes as a JSON boolean.
type FlexBool bool

// Bool returns the value as a plain bool.
func (b FlexBool) Bool() bool {
	return bool(b)
}

// MarshalJSON encodes the value as a JSON boolean, the canonical form.
func (b FlexBool) MarshalJSON() ([]byte, error) {
	return strconv.AppendBool(nil, bool(b)), nil
}

// UnmarshalJSON decodes true, false, "true", "false" (case-insensitive) or
// null (value unchanged). Other strings such as "1" or "yes" are rejected
// rather than guessed at.
func (b *FlexBool) UnmarshalJSON(data []byte) error {
	switch string(data) {
	case "true", `"true"`:
		*b = true
		return nil
	case "false", `"false"`:
		*b = false
		return nil
	}
	const name = "FlexBool"
	v, ok := checkJSON(data)
	if !ok {
		return decodeError(name, data, errInvalidJSON)
	}
	switch v[0] {
	case 'n':
		return nil
	case 't':
		*b = true
		return nil
	case 'f':
		*b = false
		return nil
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return decodeError(name, data, err.Error())
		}
		switch {
		case strings.EqualFold(s, "true"):
			*b = true
		case strings.EqualFold(s, "false"):
			*b = false
		default:
			return decodeError(name, data, `string is not "true" or "false"`)
		}
		return nil
	default:
		return decodeError(name, data, "expected a JSON boolean or boolean string, got "+jsonKindName(v))
	}
}

// FlexString is a string that also decodes from a JSON number.
//
// OneAll sends some identifiers (for example user ids) as numbers in one
// response and strings in another. A number is kept as its exact literal
// text (1000154211 → "1000154211", 1.5e3 → "1.5e3") so that no precision is
// lost to float64. It always encodes as a JSON string.
type FlexString string

// String returns the value as a plain string.
func (s FlexString) String() string {
	return string(s)
}

// MarshalJSON encodes the value as a JSON string, the canonical form.
func (s FlexString) MarshalJSON() ([]byte, error) {
	return json.Marshal(string(s))
}

// UnmarshalJSON decodes a JSON string, a JSON number (kept verbatim) or null
// (value unchanged). Booleans, objects and arrays are rejected.
func (s *FlexString) UnmarshalJSON(data []byte) error {
	if in, ok := plainString(data); ok {
		*s = FlexString(in)
		return nil
	}
	const name = "FlexString"
	v, ok := checkJSON(data)
	if !ok {
		return decodeError(name, data, errInvalidJSON)
	}
	switch {
	case v[0] == 'n':
		return nil
	case v[0] == '"':
		var str string
		if err := json.Unmarshal(v, &str); err != nil {
			return decodeError(name, data, err.Error())
		}
		*s = FlexString(str)
		return nil
	case isJSONNumberStart(v[0]):
		// v is a validated JSON number literal; keep its exact text.
		*s = FlexString(v)
		return nil
	default:
		return decodeError(name, data, "expected a JSON string or number, got "+jsonKindName(v))
	}
}

// redacted is what every textual rendering of a Password shows.
const redacted = "[REDACTED]"
