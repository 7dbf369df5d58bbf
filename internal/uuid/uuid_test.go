package uuid

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// The regular expressions the three checks this package replaces used.
var (
	canonicalRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	looseRE     = regexp.MustCompile(`^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$`)
)

func TestValid(t *testing.T) {
	for _, tc := range []struct {
		s            string
		valid, loose bool
	}{
		{"0f2b9c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", true, true},
		{"0F2B9C4E-1A2B-4C3D-8E9F-0A1B2C3D4E5F", true, true},
		{"0f2b9c4e1a2b4c3d8e9f0a1b2c3d4e5f", false, true},
		{"0f2b9c4e-1a2b4c3d-8e9f0a1b2c3d4e5f", false, true},
		{"", false, false},
		{"0f2b9c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5", false, false},
		{"0f2b9c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f0", false, false},
		{"0f2b9c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f\n", false, false},
		{"0f2b9c4e--1a2b-4c3d-8e9f-0a1b2c3d4e5f", false, false},
		{"0f2b9c4g-1a2b-4c3d-8e9f-0a1b2c3d4e5f", false, false},
		{"{0f2b9c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f}", false, false},
		{"0f2b9c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5-", false, false},
	} {
		if got := Valid(tc.s); got != tc.valid {
			t.Errorf("Valid(%q) = %v, want %v", tc.s, got, tc.valid)
		}
		if got := Loose(tc.s); got != tc.loose {
			t.Errorf("Loose(%q) = %v, want %v", tc.s, got, tc.loose)
		}
	}
}

// TestLikeTheRegexps compares both checks with the regular expressions they
// replace, on near-UUIDs: a valid one with a byte changed, dropped or added.
func TestLikeTheRegexps(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := "0123456789abcdefABCDEFgG-- \n{}"
	for range 20000 {
		b := []byte("0f2b9c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f")
		for range 1 + r.IntN(3) {
			i := r.IntN(len(b))
			switch r.IntN(3) {
			case 0:
				b[i] = alphabet[r.IntN(len(alphabet))]
			case 1:
				b = append(b[:i], b[i+1:]...)
			default:
				b = append(b[:i], append([]byte{alphabet[r.IntN(len(alphabet))]}, b[i:]...)...)
			}
		}
		s := string(b)
		if Valid(s) != canonicalRE.MatchString(s) || Loose(s) != looseRE.MatchString(s) {
			t.Fatalf("%q: Valid %v Loose %v, regexps %v %v", s, Valid(s), Loose(s), canonicalRE.MatchString(s), looseRE.MatchString(s))
		}
	}
}
