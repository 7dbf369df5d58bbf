package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Layouts used by Timestamp. "_2" accepts a day of one or two digits
// ("1", "01", " 1"), which OneAll's documentation uses interchangeably.
const (
	// timestampLayout is the canonical OneAll form, as produced by
	// MarshalJSON: RFC 1123 with a numeric zone (time.RFC1123Z).
	timestampLayout = time.RFC1123Z
	// parseLayoutNumericZone is RFC 1123 with a numeric zone, lenient day.
	parseLayoutNumericZone = "Mon, _2 Jan 2006 15:04:05 -0700"
	// parseLayoutNoZone is RFC 1123 without the zone, which is handled
	// separately (see zoneNames).
	parseLayoutNoZone = "Mon, _2 Jan 2006 15:04:05"
)

// maxZoneOffset bounds accepted zone offsets (exclusive). Real offsets are
// within -12h..+14h; time.Parse accepts up to 25h, which could not be
// formatted back into a parseable -0700 zone.
const maxZoneOffset = 24 * 60 * 60

// zoneNames maps the zone names allowed by RFC 822/1123 to their offsets in
// seconds. time.Parse is not used for names because it resolves them
// against the machine's local zone and silently gives unknown names a zero
// offset; an unknown name here is an error instead.
var zoneNames = map[string]int{
	"UT":  0,
	"UTC": 0,
	"GMT": 0,
	"Z":   0,
	"EST": -5 * 3600,
	"EDT": -4 * 3600,
	"CST": -6 * 3600,
	"CDT": -5 * 3600,
	"MST": -7 * 3600,
	"MDT": -6 * 3600,
	"PST": -8 * 3600,
	"PDT": -7 * 3600,
}

// Timestamp is a point in time as written by OneAll, for example
// "Tue, 02 May 2017 15:27:08 +0200".
//
// It decodes every form listed at ParseTimestamp, keeps the zone offset of
// the input (as a fixed zone) and encodes as time.RFC1123Z in the time's own
// zone. The zero Timestamp encodes as "" because OneAll uses an empty string
// for "no date", which keeps a round trip of "" stable.
//
// Timestamp embeds time.Time for convenience (Before, Unix, In ...), but
// shadows all of time.Time's text and JSON methods so that no encoder ever
// falls back to time.Time's RFC 3339 form.
type Timestamp struct {
	time.Time
}

// ParseTimestamp parses s as a Timestamp. Accepted forms, tried in order:
//
//   - RFC 1123 with a numeric zone, day of one or two digits:
//     "Tue, 02 May 2017 15:27:08 +0200", "Tue, 1 Sep 2011 11:01:12 +0200";
//   - the same with the "+" lost (a documentation artefact, probably from
//     URL decoding, that leaves two spaces or one): "Tue, 02 May 2017 15:27:08  0200"
//     and "Wed, 01 Jan 2012 10:05:51 0100" mean +02:00 and +01:00;
//   - RFC 1123 with an RFC 822 zone name: "Mon, 02 Jan 2006 15:04:05 MST"
//     (UT, UTC, GMT, Z, EST, EDT, CST, CDT, MST, MDT, PST, PDT);
//   - RFC 3339, as a fallback: "2017-05-02T15:27:08+02:00".
//
// Surrounding white space is ignored. An empty (or all white space) string
// gives the zero Timestamp and no error. Zone offsets must be less than 24
// hours.
func ParseTimestamp(s string) (Timestamp, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return Timestamp{}, nil
	}
	t, err := parseTimestamp(text)
	if err != nil {
		return Timestamp{}, decodeError("Timestamp", []byte(s), err.Error())
	}
	return Timestamp{t}, nil
}

// errUnknownTimestampFormat is returned when no accepted form matches.
var errUnknownTimestampFormat = errors.New("not an RFC 1123 or RFC 3339 date")

// parseTimestamp implements ParseTimestamp on trimmed, non-empty text.
func parseTimestamp(s string) (time.Time, error) {
	// 1. Canonical OneAll form.
	if t, err := time.Parse(parseLayoutNumericZone, s); err == nil {
		return withFixedZone(t, "")
	}

	// 2. Lost "+": "... 15:27:08  0200" or "... 15:27:08 0200" → "... 15:27:08 +0200".
	if n := len(s); n > 6 && s[n-5] == ' ' && isASCIIDigits(s[n-4:]) {
		if t, err := time.Parse(parseLayoutNumericZone, strings.TrimRight(s[:n-5], " ")+" +"+s[n-4:]); err == nil {
			return withFixedZone(t, "")
		}
	}

	// 3. Zone name.
	if k := strings.LastIndexByte(s, ' '); k > 0 {
		name := strings.ToUpper(s[k+1:])
		if off, ok := zoneNames[name]; ok {
			t, err := time.ParseInLocation(parseLayoutNoZone, s[:k], time.UTC)
			if err == nil {
				return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0,
					time.FixedZone(name, off)), nil
			}
		}
	}

	// 4. RFC 3339 (time.RFC3339 also accepts fractional seconds).
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		if t.Location() == time.UTC { // "Z"
			return t, nil
		}
		return withFixedZone(t, "")
	}

	return time.Time{}, errUnknownTimestampFormat
}

// withFixedZone moves t into a fixed zone with t's own offset. time.Parse
// returns time.Local when the parsed offset happens to match the machine's
// zone; re-homing makes results independent of the machine.
func withFixedZone(t time.Time, name string) (time.Time, error) {
	_, off := t.Zone()
	if off <= -maxZoneOffset || off >= maxZoneOffset {
		return time.Time{}, errors.New("zone offset out of range")
	}
	if name == "" {
		return t.In(fixedZone(off)), nil
	}
	return t.In(time.FixedZone(name, off)), nil
}

// isASCIIDigits reports whether s is non-empty and all ASCII digits.
func isASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// appendCanonical appends the canonical text of t (empty for zero) to b.
func (t Timestamp) appendCanonical(b []byte) ([]byte, error) {
	if t.IsZero() {
		return b, nil
	}
	tt := t.Time
	// A -0700 zone can only express whole minutes below 24h. A Time built by
	// a caller with a stranger zone is sent in UTC instead: the instant is
	// what matters to the API, and it must stay parseable.
	if _, off := tt.Zone(); off%60 != 0 || off <= -maxZoneOffset || off >= maxZoneOffset {
		tt = tt.UTC()
	}
	if y := tt.Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("api: cannot encode Timestamp: year %d outside [0,9999]", y)
	}
	return tt.AppendFormat(b, timestampLayout), nil
}

// String returns the time in the canonical form (time.RFC1123Z in its own
// zone), or "" for the zero Timestamp. It shadows time.Time.String.
func (t Timestamp) String() string {
	if t.IsZero() {
		return ""
	}
	b, err := t.appendCanonical(nil)
	if err != nil {
		// Out-of-range year: still show something useful.
		return t.Time.Format(timestampLayout)
	}
	return string(b)
}

// MarshalJSON encodes t as a JSON string in time.RFC1123Z format, or "" for
// the zero Timestamp. Years outside [0,9999] are an error, since they could
// not be parsed back.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(timestampLayout)+2)
	b = append(b, '"')
	b, err := t.appendCanonical(b)
	if err != nil {
		return nil, err
	}
	return append(b, '"'), nil
}

// UnmarshalJSON decodes a JSON string in any form accepted by
// ParseTimestamp. "" gives the zero Timestamp; null leaves t unchanged.
// Other JSON kinds are an error.
func (t *Timestamp) UnmarshalJSON(data []byte) error {
	if in, ok := plainString(data); ok {
		ts, err := ParseTimestamp(string(in))
		if err != nil {
			return err
		}
		*t = ts
		return nil
	}
	const name = "Timestamp"
	v, ok := checkJSON(data)
	if !ok {
		return decodeError(name, data, errInvalidJSON)
	}
	switch v[0] {
	case 'n':
		return nil
	case '"':
		var s string
		// Cannot fail: v is a valid JSON string. Checked anyway.
		if err := json.Unmarshal(v, &s); err != nil {
			return decodeError(name, data, err.Error())
		}
		ts, err := ParseTimestamp(s)
		if err != nil {
			return err
		}
		*t = ts
		return nil
	default:
		return decodeError(name, data, "expected a JSON string, got "+jsonKindName(v))
	}
}

// MarshalText returns the same text as MarshalJSON without quotes. It
// shadows time.Time.MarshalText (RFC 3339), which encoders such as
// encoding/json map keys would otherwise use.
func (t Timestamp) MarshalText() ([]byte, error) {
	return t.appendCanonical(nil)
}

// AppendText is MarshalText appending to b. It shadows time.Time.AppendText
// (encoding.TextAppender), which some encoders prefer to MarshalText.
func (t Timestamp) AppendText(b []byte) ([]byte, error) {
	return t.appendCanonical(b)
}

// UnmarshalText parses text with ParseTimestamp. It shadows
// time.Time.UnmarshalText, which accepts only RFC 3339.
func (t *Timestamp) UnmarshalText(text []byte) error {
	ts, err := ParseTimestamp(string(text))
	if err != nil {
		return err
	}
	*t = ts
	return nil
}
