package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
)

const (
	plantedKey    = "PLANTED-key-5e2a"
	plantedSecret = "PLANTED-secret-77b0"
)

// plantedIdentity is an identity whose access token holds both planted values.
func plantedIdentity() Identity {
	id := Identity{IdentityToken: "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573", DisplayName: "Ada"}
	id.Source.Key = "twitter"
	id.Source.AccessToken = AccessToken{Key: plantedKey, Secret: plantedSecret}
	return id
}

// withAccessToken builds models holding a social access token, at their
// depth: the ones an application reads and may log.
var withAccessToken = map[string]func() any{
	"AccessToken":    func() any { return plantedIdentity().Source.AccessToken },
	"IdentitySource": func() any { return plantedIdentity().Source },
	"Identity":       func() any { return plantedIdentity() },
	"User": func() any {
		return User{UserToken: "u", Identity: plantedIdentity(), Identities: UserIdentities{plantedIdentity()}}
	},
	"UserIdentities": func() any { return UserIdentities{plantedIdentity()} },
	"IdentityList":   func() any { return IdentityList{Entries: []Identity{plantedIdentity()}} },
	"ConnectionData": func() any {
		var d ConnectionData
		d.User.Identity = plantedIdentity()
		return d
	},
	"StorageUser":      func() any { return StorageUser{Login: "ada", Identity: plantedIdentity()} },
	"StorageUserInput": func() any { return StorageUserInput{Login: Set("ada"), Identity: plantedIdentity()} },
	"ImportUserBody": func() any {
		var b ImportUserBody
		b.Request.User.Identity.Source = ImportSource{Key: "twitter",
			AccessToken: ImportAccessToken{Key: plantedKey, Secret: plantedSecret},
			IDToken:     ImportIDToken{Value: plantedSecret}}
		return b
	},
}

// A social access token never shows in slog's JSON or text output (as a
// value, a pointer, in a group or With) nor in fmt's verbs, while the wire
// encoding still carries it.
func TestAccessTokensAreRedactedInSlogAndFmt(t *testing.T) {
	for name, build := range withAccessToken {
		v := build()
		if _, ok := v.(slog.LogValuer); !ok {
			t.Errorf("%s does not implement slog.LogValuer", name)
			continue
		}
		wire, err := json.Marshal(v)
		if err != nil || !bytes.Contains(wire, []byte(plantedKey)) || !bytes.Contains(wire, []byte(plantedSecret)) {
			t.Errorf("%s: the wire encoding lost the access token: %s, %v", name, wire, err)
		}
		ptr := reflect.New(reflect.TypeOf(v))
		ptr.Elem().Set(reflect.ValueOf(v))
		var out bytes.Buffer
		for _, h := range []slog.Handler{slog.NewJSONHandler(&out, nil), slog.NewTextHandler(&out, nil)} {
			l := slog.New(h)
			l.Info("value", "v", v)
			l.Info("pointer", slog.Any("p", ptr.Interface()))
			l.Info("group", slog.Group("g", slog.Any("v", v)))
			l.With("w", v).Info("with")
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
			fmt.Fprintf(&out, verb+"\n", v)
			fmt.Fprintf(&out, verb+"\n", ptr.Interface())
		}
		if s := out.String(); strings.Contains(s, "PLANTED") || !strings.Contains(s, redacted) {
			t.Errorf("%s: printed as\n%s", name, s)
		}
	}
}

// The redacted log keeps what is not secret, and an empty token stays out.
func TestRedactedLogValueKeepsTheRest(t *testing.T) {
	var out bytes.Buffer
	slog.New(slog.NewJSONHandler(&out, nil)).Info("m", "id", plantedIdentity())
	for _, want := range []string{`"identity_token":"1b93e09a-4cd3-4c5c-9081-2cb1eaa53573"`, `"displayName":"Ada"`, `"key":"twitter"`, `"access_token":{"key":"[REDACTED]","secret":"[REDACTED]"}`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %s in %s", want, out.String())
		}
	}
	out.Reset()
	slog.New(slog.NewJSONHandler(&out, nil)).Info("m", "id", Identity{DisplayName: "Ada"})
	if strings.Contains(out.String(), "access_token") || strings.Contains(out.String(), redacted) {
		t.Errorf("an empty access token logged as %s", out.String())
	}
	if got := fmt.Sprintf("%+v", AccessToken{Key: plantedKey}); got != "{DateExpiration: Key:[REDACTED] Secret: AdditionalProperties:map[]}" {
		t.Errorf("%%+v = %s", got)
	}
}
