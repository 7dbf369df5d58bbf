package api

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestTimestampDecode(t *testing.T) {
	tests := []struct {
		in      string // JSON
		utc     string // expected instant, RFC 3339 in UTC
		offset  int    // expected zone offset in seconds
		encoded string // expected canonical JSON
	}{
		{`"Tue, 02 May 2017 15:27:08 +0200"`, "2017-05-02T13:27:08Z", 7200, `"Tue, 02 May 2017 15:27:08 +0200"`},
		{`"Tue, 1 Sep 2011 11:01:12 +0200"`, "2011-09-01T09:01:12Z", 7200, `"Thu, 01 Sep 2011 11:01:12 +0200"`},
		{`"Thu, 01 Sep 2011 11:01:12 -0530"`, "2011-09-01T16:31:12Z", -19800, `"Thu, 01 Sep 2011 11:01:12 -0530"`},
		{`"Thu,  1 Sep 2011 11:01:12 +0000"`, "2011-09-01T11:01:12Z", 0, `"Thu, 01 Sep 2011 11:01:12 +0000"`},
		{`"Tue, 02 May 2017 15:27:08  0200"`, "2017-05-02T13:27:08Z", 7200, `"Tue, 02 May 2017 15:27:08 +0200"`},
		{`"Tue, 2 May 2017 15:27:08  0000"`, "2017-05-02T15:27:08Z", 0, `"Tue, 02 May 2017 15:27:08 +0000"`},
		// The "+" lost with its space kept single (docs sharing/pages/list-all-pages).
		{`"Wed, 01 Jan 2012 10:05:51 0100"`, "2012-01-01T09:05:51Z", 3600, `"Sun, 01 Jan 2012 10:05:51 +0100"`},
		{`"Mon, 02 Jan 2006 15:04:05 MST"`, "2006-01-02T22:04:05Z", -7 * 3600, `"Mon, 02 Jan 2006 15:04:05 -0700"`},
		{`"Mon, 02 Jan 2006 15:04:05 GMT"`, "2006-01-02T15:04:05Z", 0, `"Mon, 02 Jan 2006 15:04:05 +0000"`},
		{`"Mon, 02 Jan 2006 15:04:05 UTC"`, "2006-01-02T15:04:05Z", 0, `"Mon, 02 Jan 2006 15:04:05 +0000"`},
		{`"Mon, 2 Jan 2006 15:04:05 pst"`, "2006-01-02T23:04:05Z", -8 * 3600, `"Mon, 02 Jan 2006 15:04:05 -0800"`},
		{`"2017-05-02T15:27:08+02:00"`, "2017-05-02T13:27:08Z", 7200, `"Tue, 02 May 2017 15:27:08 +0200"`},
		{`"2017-05-02T13:27:08Z"`, "2017-05-02T13:27:08Z", 0, `"Tue, 02 May 2017 13:27:08 +0000"`},
		{`"2017-05-02T13:27:08.123Z"`, "2017-05-02T13:27:08.123Z", 0, `"Tue, 02 May 2017 13:27:08 +0000"`},
		{`" Tue, 02 May 2017 15:27:08 +0200 "`, "2017-05-02T13:27:08Z", 7200, `"Tue, 02 May 2017 15:27:08 +0200"`},
		{`"Tue, 02 May 2017 15:27:08 \u002b0200"`, "2017-05-02T13:27:08Z", 7200, `"Tue, 02 May 2017 15:27:08 +0200"`},
		// time.Parse lets one layout space match a run of spaces.
		{`"Tue,  02  May 2017 15:27:08   0200"`, "2017-05-02T13:27:08Z", 7200, `"Tue, 02 May 2017 15:27:08 +0200"`},
		// Weekday is not cross-checked (documentation examples get it wrong).
		{`"Fri, 02 May 2017 15:27:08 +0200"`, "2017-05-02T13:27:08Z", 7200, `"Tue, 02 May 2017 15:27:08 +0200"`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			var ts Timestamp
			if err := json.Unmarshal([]byte(tc.in), &ts); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			want, err := time.Parse(time.RFC3339Nano, tc.utc)
			if err != nil {
				t.Fatal(err)
			}
			if !ts.Equal(want) {
				t.Errorf("instant = %s, want %s", ts.UTC().Format(time.RFC3339Nano), tc.utc)
			}
			if _, off := ts.Zone(); off != tc.offset {
				t.Errorf("offset = %d, want %d", off, tc.offset)
			}
			out, err := json.Marshal(ts)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tc.encoded {
				t.Errorf("Marshal = %s, want %s", out, tc.encoded)
			}
			if unq, _ := strconv.Unquote(tc.encoded); ts.String() != unq {
				t.Errorf("String() = %q, want %q", ts.String(), unq)
			}
			// ParseTimestamp follows the same rules.
			s, _ := strconv.Unquote(tc.in)
			p, err := ParseTimestamp(s)
			if err != nil || !p.Equal(ts.Time) {
				t.Errorf("ParseTimestamp(%q) = %v, %v", s, p, err)
			}
		})
	}
}

// TestTimestampIndependentOfLocal checks that time.Local never leaks into
// results (time.Parse would use Local when the offset matches it).
func TestTimestampIndependentOfLocal(t *testing.T) {
	saved := time.Local
	defer func() { time.Local = saved }()
	time.Local = time.FixedZone("CEST", 7200)
	ts, err := ParseTimestamp("Tue, 02 May 2017 15:27:08 +0200")
	if err != nil {
		t.Fatal(err)
	}
	if ts.Location() == time.Local {
		t.Fatal("parsed time uses time.Local")
	}
	time.Local = time.FixedZone("MST", 3*3600) // MST must not become +0300
	ts, err = ParseTimestamp("Mon, 02 Jan 2006 15:04:05 MST")
	if err != nil {
		t.Fatal(err)
	}
	if _, off := ts.Zone(); off != -7*3600 {
		t.Fatalf("MST offset = %d", off)
	}
}

func TestTimestampEmptyAndNull(t *testing.T) {
	orig, _ := ParseTimestamp("Tue, 02 May 2017 15:27:08 +0200")

	ts := orig
	if err := json.Unmarshal([]byte(`null`), &ts); err != nil || !ts.Equal(orig.Time) {
		t.Fatalf("null: %v, %v; want unchanged", ts, err)
	}
	for _, in := range []string{`""`, `"   "`} {
		ts = orig
		if err := json.Unmarshal([]byte(in), &ts); err != nil || !ts.IsZero() {
			t.Fatalf("%s: %v, %v; want zero", in, ts, err)
		}
	}
	out, err := json.Marshal(Timestamp{})
	if err != nil || string(out) != `""` {
		t.Fatalf("Marshal(zero) = %s, %v; want \"\"", out, err)
	}
	if s := (Timestamp{}).String(); s != "" {
		t.Fatalf("zero String() = %q", s)
	}
	if p, err := ParseTimestamp(""); err != nil || !p.IsZero() {
		t.Fatalf(`ParseTimestamp("") = %v, %v`, p, err)
	}
	var ptr struct {
		T *Timestamp `json:"t"`
	}
	if err := json.Unmarshal([]byte(`{"t":null}`), &ptr); err != nil || ptr.T != nil {
		t.Fatalf("pointer null: %v, %v", ptr.T, err)
	}
}

func TestTimestampErrors(t *testing.T) {
	bad := []string{
		`"abc"`, `"Tue, 02 May 2017"`, `"Tue, 02 May 2017 15:27:08"`, `"Tue, 02 May 2017 15:27:08 +02:00"`,
		`"Tue, 02 May 2017 15:27:08  02000"`, `"Tue, 02 May 2017 15:27:08 020"`,
		`"Tue, 02 May 2017 15:27:08 CEST"`, `"Tue, 02 May 2017 15:27:08 XYZ"`, `"Tue, 02 May 2017 15:27:08 +2460"`,
		`"Tue, 02 May 2017 15:27:08 +2400"`, `"Tue, 32 May 2017 15:27:08 +0200"`, `"Tue, 30 Feb 2017 15:27:08 +0200"`,
		`"Tue, 02 May 2017 25:27:08 +0200"`, `"Tue, 02 May 2017 15:27:60 +0200"`, `"Tue, 02 Foo 2017 15:27:08 +0200"`,
		`"Tue, 02 May 17 15:27:08 +0200"`, `"2017-05-02"`, `"2017-05-02 15:27:08"`, `"1493731628"`,
		`"2017-05-02T15:27:08+24:00"`, `"Tue, 02 May 2017 15:27:08 +0200 extra"`,
		`1493731628`, `true`, `{}`, `[]`, `["Tue, 02 May 2017 15:27:08 +0200"]`, `-1`, `1e999`,
		`"` + strings.Repeat("9", 5000) + `"`,
	}
	bad = append(bad, malformedJSON...)
	orig, _ := ParseTimestamp("Tue, 02 May 2017 15:27:08 +0200")
	for _, in := range bad {
		t.Run(in, func(t *testing.T) {
			ts := orig
			err := ts.UnmarshalJSON([]byte(in))
			if err == nil {
				t.Fatalf("UnmarshalJSON(%q) = %v, want error", in, ts)
			}
			if !ts.Equal(orig.Time) {
				t.Errorf("value changed on error")
			}
			msg := err.Error()
			if !strings.Contains(msg, "Timestamp") || len(msg) > 300 {
				t.Errorf("bad error message %q", msg)
			}
			// The error quotes (a prefix of) the input: the raw JSON for
			// non-strings, the string content for strings.
			quoted := in
			if s, uerr := strconv.Unquote(in); uerr == nil && strings.HasPrefix(in, `"`) {
				quoted = s
			}
			if len(quoted) > 10 {
				quoted = quoted[:10]
			}
			if q := strconv.Quote(quoted); !strings.Contains(msg, q[:len(q)-1]) {
				t.Errorf("error %q does not quote %s", msg, q)
			}
		})
	}
	// Same rules via encoding/json and ParseTimestamp.
	var ts Timestamp
	if err := json.Unmarshal([]byte(`{"t":"nope"}`), &struct{ T *Timestamp }{&ts}); err == nil || !strings.Contains(err.Error(), "Timestamp") {
		t.Errorf("through encoding/json: %v", err)
	}
	if _, err := ParseTimestamp("nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("ParseTimestamp error: %v", err)
	}
}

func TestTimestampTextMethodsShadowTime(t *testing.T) {
	ts, err := ParseTimestamp("Tue, 02 May 2017 15:27:08 +0200")
	if err != nil {
		t.Fatal(err)
	}
	const want = "Tue, 02 May 2017 15:27:08 +0200"
	if b, err := ts.MarshalText(); err != nil || string(b) != want {
		t.Errorf("MarshalText = %q, %v", b, err)
	}
	if b, err := ts.AppendText([]byte("x")); err != nil || string(b) != "x"+want {
		t.Errorf("AppendText = %q, %v", b, err)
	}
	if ts.String() != want {
		t.Errorf("String = %q", ts.String())
	}
	var back Timestamp
	if err := back.UnmarshalText([]byte("Tue, 02 May 2017 15:27:08  0200")); err != nil || !back.Equal(ts.Time) {
		t.Errorf("UnmarshalText = %v, %v", back, err)
	}
	if err := back.UnmarshalText([]byte("bad")); err == nil {
		t.Error("UnmarshalText(bad) succeeded")
	}
	// Map keys and pointers use the same canonical form.
	out, err := json.Marshal(map[Timestamp]int{ts: 1})
	if err != nil || string(out) != `{"Tue, 02 May 2017 15:27:08 +0200":1}` {
		t.Errorf("map key = %s, %v", out, err)
	}
	var m map[Timestamp]int
	if err := json.Unmarshal([]byte(`{"Tue, 1 Sep 2011 11:01:12 +0200":1}`), &m); err != nil || len(m) != 1 {
		t.Errorf("map key decode = %v, %v", m, err)
	}
	out, err = json.Marshal(struct {
		A Timestamp  `json:"a"`
		B *Timestamp `json:"b"`
		C *Timestamp `json:"c,omitempty"`
		D Timestamp  `json:"d,omitzero"`
	}{A: ts, B: &ts})
	if want := `{"a":"` + want + `","b":"` + want + `"}`; err != nil || string(out) != want {
		t.Errorf("struct = %s, %v; want %s", out, err, want)
	}
}

func TestTimestampMarshalUnusualTimes(t *testing.T) {
	// Whole-minute offsets are kept.
	ts := Timestamp{time.Date(2020, 1, 2, 3, 4, 5, 999, time.FixedZone("X", 5*3600+45*60))}
	if s := ts.String(); s != "Thu, 02 Jan 2020 03:04:05 +0545" {
		t.Errorf("String = %q", s)
	}
	// Offsets a -0700 zone cannot express are sent in UTC (same instant).
	odd := Timestamp{time.Date(2020, 1, 2, 3, 4, 5, 0, time.FixedZone("LMT", 3600+17))}
	out, err := json.Marshal(odd)
	if err != nil {
		t.Fatal(err)
	}
	var back Timestamp
	if err := json.Unmarshal(out, &back); err != nil || !back.Equal(odd.Time) {
		t.Errorf("odd offset round trip: %s → %v, %v", out, back, err)
	}
	// Years that RFC 1123 cannot carry are an error, not garbage.
	for _, y := range []int{-1, 10000} {
		if out, err := json.Marshal(Timestamp{time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)}); err == nil {
			t.Errorf("year %d: Marshal = %s, want error", y, out)
		}
	}
	// Nanoseconds are dropped by the canonical form.
	ns := Timestamp{time.Date(2020, 1, 2, 3, 4, 5, 999, time.UTC)}
	if s := ns.String(); s != "Thu, 02 Jan 2020 03:04:05 +0000" {
		t.Errorf("String = %q", s)
	}
}

func FuzzTimestamp(f *testing.F) {
	addSeeds(f, realDates)
	for _, s := range []string{
		`"Tue, 02 May 2017 15:27:08 +0200"`, `"Tue, 1 Sep 2011 11:01:12 +0200"`, `"Tue, 02 May 2017 15:27:08  0200"`,
		`"Mon, 02 Jan 2006 15:04:05 MST"`, `"Mon, 02 Jan 2006 15:04:05 GMT"`, `"2017-05-02T15:27:08.5+02:00"`,
		`""`, `null`, `1`, `{}`, `"Tue, 02 May 2017 15:27:08 +2460"`, `"0000-01-01T00:00:00-23:59"`,
		`"Sat, 01 Jan 0000 00:00:00 +0100"`, `"Fri, 31 Dec 9999 23:59:59 -1000"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var ts Timestamp
		if err := ts.UnmarshalJSON(data); err != nil {
			return
		}
		out, err := json.Marshal(ts)
		if err != nil {
			t.Fatalf("Marshal after decoding %q: %v", data, err)
		}
		var back Timestamp
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("decoding %q → %s: %v", data, out, err)
		}
		// The canonical form has whole seconds.
		want := ts.Time.Add(-time.Duration(ts.Nanosecond()))
		if !back.Equal(want) || back.IsZero() != ts.IsZero() {
			t.Fatalf("round trip %q → %s → %v, want %v", data, out, back, want)
		}
		_, off1 := ts.Zone()
		_, off2 := back.Zone()
		// An instant equal to the zero time encodes as "" whatever its zone.
		if off1 != off2 && !ts.IsZero() {
			t.Fatalf("round trip %q → %s changed offset %d → %d", data, out, off1, off2)
		}
		if s := ts.String(); s != string(out[1:len(out)-1]) {
			t.Fatalf("String %q != JSON %s", s, out)
		}
	})
}
