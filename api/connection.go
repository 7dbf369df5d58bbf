package api

import (
	"encoding/json"
	"reflect"
)

// ConnectionPlugin is the service that made a connection (Social Login,
// Social Link, Single Sign-On) and, in newer answers, what it did and how it
// ended.
//
// OneAll sent it in three forms over the years, and UnmarshalJSON accepts
// them all:
//
//	"social_link"                                        (2011, inside connection)
//	{"key": "social_login", "data": {"action": "login", ...}}   (2012 and later)
//	{"name": "social_link"}                              (an old failure answer)
//
// Key holds the service whatever the form. MarshalJSON writes the form the
// value was decoded from (the object with "key" for a value built in Go), so
// that an answer re-encodes as it came.
type ConnectionPlugin struct {
	// Key is the service: "social_login", "social_link" or "single_sign_on".
	Key string
	// Data is what the plugin did and how it ended; empty in the older forms.
	Data ConnectionPluginData
	// AdditionalProperties holds the members other than key (or name) and data.
	AdditionalProperties map[string]any

	form pluginForm
}

// pluginForm is the JSON form a ConnectionPlugin was decoded from.
type pluginForm uint8

const (
	pluginKeyObject  pluginForm = iota // {"key": ..., "data": ...}
	pluginString                       // "social_link"
	pluginNameObject                   // {"name": ...}
)

// IsZero reports whether nothing is set, for omitzero.
func (p ConnectionPlugin) IsZero() bool {
	return p.Key == "" && p.dataIsZero() && len(p.AdditionalProperties) == 0
}

func (p ConnectionPlugin) dataIsZero() bool { return reflect.ValueOf(p.Data).IsZero() }

// MarshalJSON writes the form the value came in: a bare string when it was
// one (and nothing else is set), an object naming the service "name" or "key".
func (p ConnectionPlugin) MarshalJSON() ([]byte, error) {
	if p.form == pluginString && p.dataIsZero() && len(p.AdditionalProperties) == 0 {
		return json.Marshal(p.Key)
	}
	m := make(map[string]any, len(p.AdditionalProperties)+2)
	for k, v := range p.AdditionalProperties {
		m[k] = v
	}
	name := "key"
	if p.form == pluginNameObject {
		name = "name"
	}
	if p.Key != "" {
		m[name] = p.Key
	}
	if !p.dataIsZero() {
		m["data"] = p.Data
	}
	return json.Marshal(m)
}

// UnmarshalJSON decodes a JSON string, an object with "key" or "name" and an
// optional "data", or null (value unchanged). Anything else is an error.
func (p *ConnectionPlugin) UnmarshalJSON(data []byte) error {
	const name = "ConnectionPlugin"
	v, ok := checkJSON(data)
	if !ok {
		return decodeError(name, data, errInvalidJSON)
	}
	switch v[0] {
	case 'n':
		return nil
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return decodeError(name, data, err.Error())
		}
		*p = ConnectionPlugin{Key: s, form: pluginString}
		return nil
	case '{':
		var m map[string]json.RawMessage
		if err := json.Unmarshal(v, &m); err != nil {
			return decodeError(name, data, err.Error())
		}
		out := ConnectionPlugin{form: pluginKeyObject}
		keyMember := "key"
		if _, hasKey := m["key"]; !hasKey {
			if _, hasName := m["name"]; hasName {
				keyMember, out.form = "name", pluginNameObject
			}
		}
		for k, raw := range m {
			var err error
			switch k {
			case keyMember:
				err = json.Unmarshal(raw, &out.Key)
			case "data":
				err = json.Unmarshal(raw, &out.Data)
			default:
				var x any
				if err = json.Unmarshal(raw, &x); err == nil {
					if out.AdditionalProperties == nil {
						out.AdditionalProperties = map[string]any{}
					}
					out.AdditionalProperties[k] = x
				}
			}
			if err != nil {
				return decodeError(name, data, "member "+quotePrefix([]byte(k))+": "+err.Error())
			}
		}
		*p = out
		return nil
	default:
		return decodeError(name, data, "expected a JSON string or object, got "+jsonKindName(v))
	}
}
