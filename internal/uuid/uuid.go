// Package uuid tells whether a string has the form of a UUID, as OneAll's
// tokens and API keys do. It is the one check that wrapper and login share.
package uuid

// groups are the lengths of a UUID's hex groups, between its dashes.
var groups = [...]int{8, 4, 4, 4, 12}

// Valid reports whether s is a UUID in its canonical 8-4-4-4-12 hex form
// (either case), the form of OneAll's tokens.
func Valid(s string) bool { return match(s, false) }

// Loose reports whether s is a UUID with or without any of its dashes: the
// forms an API key may be written in.
func Loose(s string) bool { return match(s, true) }

func match(s string, dashesOptional bool) bool {
	i := 0
	for g, n := range groups {
		if g > 0 {
			switch {
			case i < len(s) && s[i] == '-':
				i++
			case !dashesOptional:
				return false
			}
		}
		for range n {
			if i >= len(s) || !isHex(s[i]) {
				return false
			}
			i++
		}
	}
	return i == len(s)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
