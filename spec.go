package oneall

import _ "embed" // the spec

// OpenAPI is openapi.yaml, the spec of the API as this SDK knows it: the
// command-line tool's `oneall verify` checks a real site's answers against
// it. Importing this package adds no dependency.
//
//go:embed openapi.yaml
var OpenAPI []byte
