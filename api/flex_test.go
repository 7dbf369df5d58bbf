package api

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
)

// malformedJSON is input that is not a single JSON value. It is passed to
// UnmarshalJSON directly, since encoding/json would reject it before the
// method is called.
var malformedJSON = []string{
	``, ` `, `"`, `"64`, `64"`, `{`, `[`, `[1`, `{"a":`, `tru`, `nul`, `-`, `1.`, `.5`, `01`,
	`1e`, `+1`, `NaN`, `Infinity`, `0x10`, `1 2`, `"a" "b"`, "\x00", "\"\xff", `"\u12"`,
}

func TestFlexInt(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{`64`, 64},
		{`-3`, -3},
		{`0`, 0},
		{`-0`, 0},
		{`64.0`, 64},
		{`64.000`, 64},
		{`6.4e1`, 64},
		{`6400e-2`, 64},
		{`1E2`, 100},
		{`1e+2`, 100},
		{`0.0`, 0},
		{`0e999999999999`, 0},
		{`0.5e1`, 5},
		{` 7 `, 7},
		{`"64"`, 64},
		{`"-3"`, -3},
		{`"0"`, 0},
		{`"007"`, 7},
		{`"\u0036\u0034"`, 64},
		{strconv.Itoa(math.MaxInt), math.MaxInt},
		{strconv.Itoa(math.MinInt), math.MinInt},
		{`"` + strconv.Itoa(math.MaxInt) + `"`, math.MaxInt},
		{`"` + strconv.Itoa(math.MinInt) + `"`, math.MinInt},
		{`9223372036854775807.000`, math.MaxInt},
		{`922337203685477580.7e1`, math.MaxInt},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			var got FlexInt
			if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tc.in, err)
			}
			if got.Int() != tc.want {
				t.Fatalf("Unmarshal(%s) = %d, want %d", tc.in, got, tc.want)
			}
			out, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if want := strconv.Itoa(tc.want); string(out) != want {
				t.Fatalf("Marshal = %s, want %s", out, want)
			}
		})
	}
}

func TestFlexIntNullKeepsValue(t *testing.T) {
	v := FlexInt(42)
	if err := json.Unmarshal([]byte(`null`), &v); err != nil || v != 42 {
		t.Fatalf("null: got %d, %v; want 42, nil", v, err)
	}
	var s struct {
		N  FlexInt  `json:"n"`
		NP *FlexInt `json:"np"`
	}
	s.N = 5
	if err := json.Unmarshal([]byte(`{"n":null,"np":null}`), &s); err != nil || s.N != 5 || s.NP != nil {
		t.Fatalf("struct null: got %+v, %v", s, err)
	}
	if err := json.Unmarshal([]byte(`{"np":"12"}`), &s); err != nil || s.NP == nil || *s.NP != 12 {
		t.Fatalf("pointer field: got %+v, %v", s, err)
	}
}

func TestFlexIntErrors(t *testing.T) {
	bad := []string{
		`1.5`, `-0.1`, `1e-1`, `64.01`, `1e-999999999999`,
		`9223372036854775808`, `-9223372036854775809`, `1e19`, `1e999999999999`, `1e400`,
		`99999999999999999999999999999999999999999999999999`,
		`"9223372036854775808"`, `"-9223372036854775809"`,
		`"99999999999999999999999999999999999999999999999999"`,
		`""`, `"abc"`, `"1.5"`, `"64.0"`, `" 64"`, `"64 "`, `"+64"`, `"-"`, `"--1"`, `"1e3"`, `"0x10"`, `"1_000"`,
		`true`, `false`, `{}`, `[]`, `[1]`, `{"a":1}`,
	}
	bad = append(bad, malformedJSON...)
	for _, in := range bad {
		t.Run(in, func(t *testing.T) {
			v := FlexInt(42)
			err := v.UnmarshalJSON([]byte(in))
			if err == nil {
				t.Fatalf("UnmarshalJSON(%q) = %d, want error", in, v)
			}
			if v != 42 {
				t.Errorf("value changed to %d on error", v)
			}
			checkErrorMessage(t, err, "FlexInt", in)
			if json.Valid([]byte(in)) {
				// Through encoding/json the same error must surface.
				if err := json.Unmarshal([]byte(in), &v); err == nil {
					t.Errorf("json.Unmarshal(%q) succeeded", in)
				}
			}
		})
	}
}

// checkErrorMessage asserts that err names typeName and quotes a prefix of
// the input.
func checkErrorMessage(t *testing.T, err error, typeName, in string) {
	t.Helper()
	msg := err.Error()
	if !strings.Contains(msg, typeName) {
		t.Errorf("error %q does not name %s", msg, typeName)
	}
	if len(msg) > 300 {
		t.Errorf("error message too long (%d bytes)", len(msg))
	}
	prefix := strconv.Quote(in)
	if len(in) > maxQuotedInput {
		prefix = quotePrefix([]byte(in))
		prefix = prefix[:len(prefix)-len(`"...`)] // up to the cut
	}
	if !strings.Contains(msg, prefix) {
		t.Errorf("error %q does not quote input %s", msg, prefix)
	}
}

func TestQuotePrefixLong(t *testing.T) {
	long := strings.Repeat("x", 10000)
	q := quotePrefix([]byte(long))
	if len(q) > maxQuotedInput+10 || !strings.HasSuffix(q, "...") {
		t.Fatalf("quotePrefix = %q", q)
	}
	// Does not split a multi-byte rune.
	q = quotePrefix([]byte(strings.Repeat("é", 100)))
	if strings.Contains(q, `\x`) {
		t.Fatalf("quotePrefix split a rune: %q", q)
	}
	err := new(FlexInt).UnmarshalJSON([]byte(`"` + long + `"`))
	if err == nil || len(err.Error()) > 200 {
		t.Fatalf("long input error: %v", err)
	}
}

func TestFlexBool(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`true`, true},
		{`false`, false},
		{`"true"`, true},
		{`"false"`, false},
		{`"TRUE"`, true},
		{`"False"`, false},
		{` true `, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := FlexBool(!tc.want)
			if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tc.in, err)
			}
			if got.Bool() != tc.want {
				t.Fatalf("Unmarshal(%s) = %v, want %v", tc.in, got, tc.want)
			}
			out, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if want := strconv.FormatBool(tc.want); string(out) != want {
				t.Fatalf("Marshal = %s, want %s", out, want)
			}
		})
	}
	for _, keep := range []FlexBool{true, false} {
		v := keep
		if err := json.Unmarshal([]byte(`null`), &v); err != nil || v != keep {
			t.Fatalf("null: got %v, %v; want %v", v, err, keep)
		}
	}
}

func TestFlexBoolErrors(t *testing.T) {
	bad := []string{`""`, `"yes"`, `"1"`, `"0"`, `"t"`, `" true"`, `1`, `0`, `-1`, `1e999`, `{}`, `[]`, `[true]`}
	bad = append(bad, malformedJSON...)
	for _, in := range bad {
		t.Run(in, func(t *testing.T) {
			v := FlexBool(true)
			err := v.UnmarshalJSON([]byte(in))
			if err == nil {
				t.Fatalf("UnmarshalJSON(%q) = %v, want error", in, v)
			}
			if !v {
				t.Errorf("value changed on error")
			}
			checkErrorMessage(t, err, "FlexBool", in)
		})
	}
}

func TestFlexString(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`"abc"`, "abc"},
		{`""`, ""},
		{`"1000154211"`, "1000154211"},
		{`"\u00e9\n\"x"`, "é\n\"x"},
		{`1000154211`, "1000154211"},
		{`-3`, "-3"},
		{`1.5e3`, "1.5e3"},
		{`1.50`, "1.50"},
		{`0`, "0"},
		{`123456789012345678901234567890`, "123456789012345678901234567890"},
		{` 12 `, "12"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := FlexString("old")
			if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tc.in, err)
			}
			if got.String() != tc.want {
				t.Fatalf("Unmarshal(%s) = %q, want %q", tc.in, got, tc.want)
			}
			out, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(tc.want)
			if !bytes.Equal(out, want) {
				t.Fatalf("Marshal = %s, want %s", out, want)
			}
		})
	}
	v := FlexString("keep")
	if err := json.Unmarshal([]byte(`null`), &v); err != nil || v != "keep" {
		t.Fatalf("null: got %q, %v", v, err)
	}
}

func TestFlexStringErrors(t *testing.T) {
	bad := []string{`true`, `false`, `{}`, `[]`, `["a"]`, `{"a":"b"}`}
	bad = append(bad, malformedJSON...)
	for _, in := range bad {
		t.Run(in, func(t *testing.T) {
			v := FlexString("keep")
			err := v.UnmarshalJSON([]byte(in))
			if err == nil {
				t.Fatalf("UnmarshalJSON(%q) = %q, want error", in, v)
			}
			if v != "keep" {
				t.Errorf("value changed to %q on error", v)
			}
			checkErrorMessage(t, err, "FlexString", in)
		})
	}
}

// TestFlexInStruct checks the types as struct fields, the way the generated
// code uses them.
func TestFlexInStruct(t *testing.T) {
	var s struct {
		Count   FlexInt    `json:"count"`
		OK      FlexBool   `json:"ok"`
		UserID  FlexString `json:"user_id"`
		Missing *FlexInt   `json:"missing,omitempty"`
	}
	in := `{"count":"64","ok":"true","user_id":1000154211}`
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"count":64,"ok":true,"user_id":"1000154211"}`; string(out) != want {
		t.Fatalf("got %s, want %s", out, want)
	}
	err = json.Unmarshal([]byte(`{"count":"x"}`), &s)
	if err == nil || !strings.Contains(err.Error(), "FlexInt") {
		t.Fatalf("want FlexInt error through encoding/json, got %v", err)
	}
	// Truncated documents are rejected by encoding/json itself.
	for _, in := range []string{`{"count":6`, `{"count":"6`, `{"ok":tr`, `{"user_id":`} {
		if err := json.Unmarshal([]byte(in), &s); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", in)
		}
	}
}

func FuzzFlexInt(f *testing.F) {
	addSeeds(f, realInts, realStrings)
	for _, s := range []string{`64`, `-3`, `64.0`, `1.5`, `"64"`, `"-3"`, `""`, `"abc"`, `null`, `true`, `{}`, `[]`,
		`9223372036854775807`, `9223372036854775808`, `1e18`, `1e999999999`, `0e-5`, `"0x1"`, `6.4e1`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v := FlexInt(7)
		if err := v.UnmarshalJSON(data); err != nil {
			if v != 7 {
				t.Fatalf("value changed on error: %d", v)
			}
			return
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("Marshal(%d): %v", v, err)
		}
		var back FlexInt
		if err := json.Unmarshal(out, &back); err != nil || back != v {
			t.Fatalf("round trip of %q: %s → %d, %v; want %d", data, out, back, err, v)
		}
		// Also via encoding/json (which validates first) when valid.
		if json.Valid(data) {
			var w FlexInt = 7
			if err := json.Unmarshal(data, &w); err != nil || w != v {
				t.Fatalf("json.Unmarshal(%q) = %d, %v; method gave %d", data, w, err, v)
			}
		}
	})
}
