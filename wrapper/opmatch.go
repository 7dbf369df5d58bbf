package wrapper

import (
	"strings"
	"sync"
)

// specTemplates are the spec's operations with their paths split into
// segments, for specOperation; made once, on the first Client.Do.
var specTemplates = sync.OnceValue(func() []opTemplate {
	out := make([]opTemplate, len(operations))
	for i, op := range operations {
		out[i] = opTemplate{op: op, segs: strings.Split(strings.TrimPrefix(op.path, "/"), "/")}
	}
	return out
})

type opTemplate struct {
	op   *opInfo
	segs []string // "identities", "{identity_token}.json"
}

// specOperation returns the operation of the spec that method and rel name
// (rel: the escaped path relative to the API root, without its query), so
// that Client.Do can take its retry class; the one with the most fixed
// segments when several fit ("discussion.json" fits
// "{discussion_token}.json" too); nil when none does.
func specOperation(method, rel string) *opInfo {
	segs := strings.Split(rel, "/")
	var best *opInfo
	bestFixed := -1
	for _, t := range specTemplates() {
		if t.op.method != method {
			continue
		}
		if fixed, ok := fitTemplate(t.segs, segs); ok && fixed > bestFixed {
			best, bestFixed = t.op, fixed
		}
	}
	return best
}

// fitTemplate reports whether the segments segs fit the template's, where
// "{name}" stands for one non-empty run of characters within a segment, and
// how many of the template's segments are fixed text.
func fitTemplate(tmpl, segs []string) (int, bool) {
	if len(tmpl) != len(segs) {
		return 0, false
	}
	fixed := 0
	for i, t := range tmpl {
		open, end := strings.IndexByte(t, '{'), strings.IndexByte(t, '}')
		if open < 0 || end < open {
			if t != segs[i] {
				return 0, false
			}
			fixed++
			continue
		}
		prefix, suffix, s := t[:open], t[end+1:], segs[i]
		if len(s) <= len(prefix)+len(suffix) || !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, suffix) {
			return 0, false
		}
	}
	return fixed, true
}
