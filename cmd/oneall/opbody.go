package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxBodySize bounds a request body read by --file: OneAll's bodies are a
// few KB (a sharing message with its parts), and the answers the client
// reads are capped at the same size (wrapper.MaxAnswerSize).
const maxBodySize = 4 << 20

// readBody reads the JSON body named by --file ("-": standard input): at
// most maxBodySize bytes of one JSON object, returned as is.
func (a *app) readBody(file string) (json.RawMessage, error) {
	var r io.Reader
	switch file {
	case "":
		return nil, usagef("this call takes a JSON body: give --file FILE, or --file - to read it from standard input")
	case "-":
		if a.stdinUsed != "" {
			return nil, usagef("--file - and %s cannot both read standard input", a.stdinUsed)
		}
		a.stdinUsed = "--file -"
		r = a.stdin
	default:
		f, err := os.Open(file)
		if err != nil {
			return nil, usagef("--file: %v", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxBodySize+1))
	if err != nil {
		return nil, fmt.Errorf("--file %s: %w", file, err)
	}
	name := "--file " + file
	if file == "-" {
		name = "standard input (--file -)"
	}
	switch t := bytes.TrimSpace(b); {
	case len(b) > maxBodySize:
		return nil, usagef("%s: the body is larger than %d MiB", name, maxBodySize>>20)
	case len(t) == 0:
		return nil, usagef("%s: the body is empty", name)
	case !json.Valid(t):
		return nil, usagef("%s: the body is not valid JSON: %v", name, jsonError(t))
	case t[0] != '{':
		return nil, usagef("%s: the body must be a JSON object, OneAll's {\"request\": ...}", name)
	}
	return json.RawMessage(b), nil
}

// checkEnvelope refuses a body without the {"request": ...} envelope that
// the spec's example of it has: OneAll's answer to it, a 400 about "the
// [request] node", does not say that the CLI adds no envelope.
func checkEnvelope(op *opCommand, body json.RawMessage, file string) error {
	if !hasRequest([]byte(op.BodyExample)) || hasRequest(body) {
		return nil
	}
	name := "--file " + file
	if file == "-" {
		name = "standard input (--file -)"
	}
	return usagef("%s: the body has no \"request\" member: the command adds no envelope, write OneAll's whole body, {\"request\": {...}}, as the example in --help does", name)
}

// hasRequest says whether the JSON object b has a member "request".
func hasRequest(b []byte) bool {
	var members map[string]json.RawMessage
	if json.Unmarshal(b, &members) != nil {
		return false
	}
	_, ok := members["request"]
	return ok
}

// jsonError says where b stops being JSON; it quotes at most a character.
func jsonError(b []byte) error {
	var v json.RawMessage
	err := json.Unmarshal(b, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%v (at byte %d)", se, se.Offset)
	}
	return err
}
