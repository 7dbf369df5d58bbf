package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Logging a model that holds a secret: a Password, or a social network's
// access token inside an identity (AccessToken, ImportAccessToken,
// ImportIDToken).
//
// MarshalJSON must carry these secrets, since request and answer bodies are
// JSON. slog's JSON handler encodes a struct with encoding/json, so a secret
// nested in an Identity, a User or a request body would be logged in clear.
// Every model that holds one, at any depth, therefore implements
// slog.LogValuer: it logs its JSON object (the wire's shape, the same for the
// JSON and the text handlers) with every secret replaced by "[REDACTED]"
// (left out when empty, as on the wire). slog asks for LogValue before it
// encodes, so both handlers see the redacted copy. For fmt, the
// access-token types implement fmt.Formatter, so %v, %+v and %#v of any model
// holding them print "[REDACTED]" for the key and the secret.
//
// A value of your own that holds one of these (a struct, a slice, a map) is
// encoded by slog's JSON handler through encoding/json, which never asks for
// LogValue: log the model itself, give your type a LogValue, or use
// RedactedLogValue.
//
// The client's raw *Response types (GetIdentityResponse ...) keep the answer's
// bytes in Body: never log them.

// RedactedLogValue returns what slog should log for v: v's JSON encoding,
// decoded into maps and slices, with every secret member replaced by
// "[REDACTED]" (password, and the members of access_token and id_token but
// date_expiration). If v cannot be encoded it logs only v's type.
func RedactedLogValue(v any) slog.Value {
	x, _, err := Redacted(v)
	if err != nil {
		return slog.StringValue(fmt.Sprintf("[%T: not loggable]", v))
	}
	return slog.AnyValue(x)
}

// Redacted returns v's JSON encoding decoded into maps and slices (numbers
// as json.Number), with every secret member replaced by "[REDACTED]" as
// RedactedLogValue logs it, and whether v held a secret that was given.
// oneall's CLI prints this copy unless asked to show secrets.
func Redacted(v any) (x any, found bool, err error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, false, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&x); err != nil {
		return nil, false, err
	}
	return redactJSON(x, &found), found, nil
}

// redactJSON replaces the secrets in a decoded JSON value, in place, and
// sets *found when it replaced one.
func redactJSON(x any, found *bool) any {
	switch t := x.(type) {
	case map[string]any:
		for k, v := range t {
			switch k {
			case "password":
				t[k] = redactLeaf(v, found)
			case "access_token", "id_token":
				if m, ok := v.(map[string]any); ok {
					for mk, mv := range m {
						if mk != "date_expiration" {
							m[mk] = redactLeaf(mv, found)
						}
					}
				} else {
					t[k] = redactLeaf(v, found)
				}
			default:
				t[k] = redactJSON(v, found)
			}
		}
	case []any:
		for i := range t {
			t[i] = redactJSON(t[i], found)
		}
	}
	return x
}

// redactLeaf redacts any secret value but an empty string or null.
func redactLeaf(v any, found *bool) any {
	if v == nil || v == "" {
		return v
	}
	*found = true
	return redacted
}

// Types without methods, so that the redacted copies print as plain structs.
type (
	accessTokenFmt       AccessToken
	importAccessTokenFmt ImportAccessToken
	importIDTokenFmt     ImportIDToken
)

// redactedString is what a secret string that was given prints as.
func redactedString(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// formatRedacted prints v (a method-less copy with its secrets redacted)
// with the verb and flags of f.
// name is the exported type's name, which %#v shows.
func formatRedacted(f fmt.State, verb rune, v any, name string) {
	s := fmt.Sprintf(fmt.FormatString(f, verb), v)
	if verb == 'v' && f.Flag('#') {
		s = strings.Replace(s, fmt.Sprintf("%T", v), "api."+name, 1)
	}
	_, _ = io.WriteString(f, s)
}

// Format prints the access token with its key and secret redacted, for
// every verb.
func (a AccessToken) Format(f fmt.State, verb rune) {
	a.Key, a.Secret = redactedString(a.Key), redactedString(a.Secret)
	a.AdditionalProperties = nil
	formatRedacted(f, verb, accessTokenFmt(a), "AccessToken")
}

// Format prints the access token with its key and secret redacted, for
// every verb.
func (a ImportAccessToken) Format(f fmt.State, verb rune) {
	a.Key, a.Secret = redactedString(a.Key), redactedString(a.Secret)
	formatRedacted(f, verb, importAccessTokenFmt(a), "ImportAccessToken")
}

// Format prints the id_token with its value redacted, for every verb.
func (t ImportIDToken) Format(f fmt.State, verb rune) {
	t.Value = redactedString(t.Value)
	formatRedacted(f, verb, importIDTokenFmt(t), "ImportIDToken")
}
