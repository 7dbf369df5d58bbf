package api

import (
	"sync/atomic"
	"time"
)

// Fast paths for the forms the API sends nearly always: a JSON string of
// printable ASCII without escapes, a small decimal integer, true or false.
// They give exactly what the general code gives for the same input (which
// the fuzz targets check against encoding/json), without validating the
// input a second time or copying it through encoding/json.

// plainString returns the content of data if data is a JSON string of
// printable ASCII with no escape: such a string is valid JSON and decodes to
// its bytes as they are.
func plainString(data []byte) ([]byte, bool) {
	if len(data) < 2 || data[0] != '"' || data[len(data)-1] != '"' {
		return nil, false
	}
	in := data[1 : len(data)-1]
	for _, c := range in {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return nil, false
		}
	}
	return in, true
}

// smallInt parses an optional minus sign and 1 to 18 ASCII digits (no
// overflow possible). With json set, the text must also be a valid JSON
// number: no leading zero before another digit.
func smallInt(b []byte, json bool) (int, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 || (json && len(b) > 1 && b[0] == '0') {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// fastFlexInt decodes 64, -3, "64" or "007".
func fastFlexInt(data []byte) (int, bool) {
	if s, ok := plainString(data); ok {
		return smallInt(s, false)
	}
	return smallInt(data, true)
}

// fixedZones caches the fixed zones of whole-minute offsets (-24h, 24h), so
// that decoding a date does not allocate a new *time.Location each time.
var fixedZones [2*24*60 + 1]atomic.Pointer[time.Location]

// fixedZone is time.FixedZone("", off), shared between calls.
func fixedZone(off int) *time.Location {
	if off%60 != 0 || off <= -maxZoneOffset || off >= maxZoneOffset {
		return time.FixedZone("", off)
	}
	slot := &fixedZones[off/60+24*60]
	if loc := slot.Load(); loc != nil {
		return loc
	}
	loc := time.FixedZone("", off)
	slot.Store(loc)
	return loc
}
