// Package oneall only generates code: `go generate ./...` at the repository
// root regenerates, from openapi.yaml, the typed client in api/, the reference
// in docs/api.md and the copy of the spec that onealltest embeds to route
// requests. Nothing a user of the SDK needs lives here; import
// github.com/oneall-go/oneall-go/wrapper.
package oneall

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config api/oapi-codegen.yaml openapi.yaml
//go:generate go run ./internal/apidocs -spec openapi.yaml -out docs/api.md
//go:generate go run ./internal/speccopy -in openapi.yaml -out onealltest/openapi.yaml
