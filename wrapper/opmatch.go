package wrapper

import (
	"strings"
	"sync"

	"github.com/oneall-go/oneall-go/internal/pathtmpl"
)

// specTemplates are the spec's operations with their path templates
// parsed, for specOperation; made once, on the first Client.Do.
var specTemplates = sync.OnceValue(func() []opTemplate {
	out := make([]opTemplate, len(operations))
	for i, op := range operations {
		segs := pathtmpl.Parse(op.path)
		out[i] = opTemplate{op: op, segs: segs, literals: pathtmpl.Literals(segs)}
	}
	return out
})

type opTemplate struct {
	op       *opInfo
	segs     []pathtmpl.Segment
	literals int
}

// specOperation returns the operation of the spec that method and rel name
// (rel: the escaped path relative to the API root, without its query), so
// that Client.Do can take its retry class; the one with the most literal
// segments when several fit ("discussion.json" fits
// "{discussion_token}.json" too); nil when none does.
func specOperation(method, rel string) *opInfo {
	parts := strings.Split(rel, "/")
	var best *opInfo
	bestLiterals := -1
	for _, t := range specTemplates() {
		if t.op.method == method && t.literals > bestLiterals && pathtmpl.Match(t.segs, parts, nil) {
			best, bestLiterals = t.op, t.literals
		}
	}
	return best
}
