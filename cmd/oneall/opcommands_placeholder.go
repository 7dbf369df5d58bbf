package main

// opCommands is empty until go generate writes opcommands.gen.go, which
// declares it with one entry per operation of openapi.yaml; delete this
// file then.
var opCommands []opCommand
