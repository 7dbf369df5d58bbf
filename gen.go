// Package oneall only generates code: `go generate ./...` at the repository
// root regenerates, from openapi.yaml, the typed client in api/ and, with
// internal/specgen, every table of operations: the fake's route table, the
// wrapper's operation metadata, the CLI's operation table, docs/api.md and
// the operation lists of the spec and contract tests. Nothing a user of the
// SDK needs lives here; import github.com/oneall-go/oneall-go/wrapper.
package oneall

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config api/oapi-codegen.yaml openapi.yaml
//go:generate go run ./internal/specgen -spec openapi.yaml
