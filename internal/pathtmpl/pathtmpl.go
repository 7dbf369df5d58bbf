// Package pathtmpl matches request paths against the spec's path templates
// ("/identities/{identity_token}.json"), in which each segment is a literal
// or one parameter between a literal prefix and suffix. The fake routes its
// requests with it (from a table go generate writes), and the wrapper finds
// the operation of a Client.Do call.
package pathtmpl

import "strings"

// Segment is one segment of a path template: the literal Lit, or (Param) a
// parameter between Prefix and Suffix.
type Segment struct {
	Lit            string
	Param          bool
	Prefix, Suffix string
}

// Parse splits a path template, with or without its leading "/", into its
// segments. A segment with a "{" but no "}" after it is taken literally.
func Parse(template string) []Segment {
	parts := strings.Split(strings.TrimPrefix(template, "/"), "/")
	segs := make([]Segment, len(parts))
	for i, p := range parts {
		open, end := strings.IndexByte(p, '{'), strings.IndexByte(p, '}')
		if open < 0 || end < open {
			segs[i] = Segment{Lit: p}
			continue
		}
		segs[i] = Segment{Param: true, Prefix: p[:open], Suffix: p[end+1:]}
	}
	return segs
}

// Match reports whether the segments of a path (split on "/", without the
// leading one) fit segs: the literals equal, each parameter a non-empty run
// of characters between its prefix and suffix. When vals is not nil, the
// parameters' values are put in it in order, and a path with more
// parameters than vals holds does not match; vals may be left partly set
// when the path does not match.
func Match(segs []Segment, parts, vals []string) bool {
	if len(segs) != len(parts) {
		return false
	}
	n := 0
	for i, s := range segs {
		p := parts[i]
		if !s.Param {
			if p != s.Lit {
				return false
			}
			continue
		}
		v, ok := strings.CutPrefix(p, s.Prefix)
		if ok {
			v, ok = strings.CutSuffix(v, s.Suffix)
		}
		if !ok || v == "" {
			return false
		}
		if vals != nil {
			if n == len(vals) {
				return false
			}
			vals[n] = v
		}
		n++
	}
	return true
}

// Literals counts the literal segments of segs: of two templates that fit
// a path, the one with more is the more specific ("discussion.json" against
// "{discussion_token}.json").
func Literals(segs []Segment) int {
	n := 0
	for _, s := range segs {
		if !s.Param {
			n++
		}
	}
	return n
}
