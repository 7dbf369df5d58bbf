package onealltest

import (
	"bytes"
	"encoding/json"

	"github.com/oneall-go/oneall-go/internal/jsonscan"
)

// phpEmptyNodes are, per operation, the object nodes of a request body that
// may be empty and that a PHP client sends as [] when they are: PHP's
// json_encode writes an empty array so, and OneAll's own PHP SDK sends
// {"request":{"sso_session":[]}} and "user":[]. openapi.yaml accepts [] at
// exactly these nodes (anyOf the object and PHPEmptyObject), and
// TestPHPEmptyNodesMatchSpec keeps this table equal to it.
var phpEmptyNodes = map[string][][]string{
	"StartIdentitySSOSession": {{"request", "sso_session"}},
	"SynchronizeIdentity":     {{"request", "synchronize"}},
	"CreateStorageUser":       {{"request", "user"}, {"request", "user", "identity"}},
	"UpdateStorageUser":       {{"request", "user"}, {"request", "user", "identity"}},
	"UpdateStorageUserByPost": {{"request", "user"}, {"request", "user", "identity"}}, // mapUserAccount's alias
	"SynchronizeStorageUser": {
		{"request", "synchronize", "user"},
		{"request", "synchronize", "user", "identity"},
	},
}

// phpEmptyAsObjects returns body with [] turned into {} at the operation's
// phpEmptyNodes, so that the handlers read PHP's empty nodes as the empty
// objects they stand for. Anything else, a non-empty array included, is
// left as sent (and refused by the handler as before). Names match
// case-insensitively, as the handlers' struct decoding matches them.
func phpEmptyAsObjects(op string, body []byte) []byte {
	paths := phpEmptyNodes[op]
	if len(paths) == 0 || !bytes.Contains(body, []byte("[")) || !json.Valid(body) {
		return body
	}
	out := bytes.Clone(body)
	for _, path := range paths {
		// The values found alias out: the brackets are changed in place,
		// which keeps every offset.
		emptyArrays(out, path, func(v []byte) { v[0], v[len(v)-1] = '{', '}' })
	}
	return out
}

// emptyArrays calls f with every value at path in obj (every duplicate
// member counts) that is an empty array.
func emptyArrays(obj []byte, path []string, f func(v []byte)) {
	jsonscan.EachNamed(obj, path[0], true, func(v []byte) {
		if len(path) > 1 {
			emptyArrays(v, path[1:], f)
			return
		}
		if len(v) >= 2 && v[0] == '[' && len(bytes.TrimSpace(v[1:len(v)-1])) == 0 {
			f(v)
		}
	})
}
