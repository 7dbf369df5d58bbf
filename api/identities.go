package api

import (
	"encoding/json"
	"slices"
	"strings"
)

// UserIdentities is the list of social identities linked to a OneAll user.
//
// Current API responses send a JSON array of identities, but older
// responses (and parts of the documentation) wrap it in an object:
// {"identity": [ ... ]}, or {"identity": { ... }} when there is only one.
// UnmarshalJSON accepts all of these; encoding always uses the plain array
// form (there is deliberately no MarshalJSON: the default slice encoding is
// the canonical form, and a nil slice encodes as null).
type UserIdentities []Identity

// UnmarshalJSON decodes an array of identities, the legacy wrapper object
// {"identity": [...]} or {"identity": {...}}, or {} (no identities). The
// decoded slice is never nil. null leaves the value unchanged; any other
// input, including a wrapper object with other keys, is an error.
func (u *UserIdentities) UnmarshalJSON(data []byte) error {
	const name = "UserIdentities"
	v, ok := checkJSON(data)
	if !ok {
		return decodeError(name, data, errInvalidJSON)
	}
	switch v[0] {
	case 'n':
		return nil
	case '[':
		list, err := decodeIdentityList(v)
		if err != nil {
			return decodeError(name, data, err.Error())
		}
		*u = list
		return nil
	case '{':
		// Decode into a map, not a struct, so that unexpected keys are
		// detected: an object that is not the legacy wrapper (for example
		// a bare identity) must not be silently dropped.
		var wrapper map[string]json.RawMessage
		if err := json.Unmarshal(v, &wrapper); err != nil {
			return decodeError(name, data, err.Error())
		}
		inner, found := wrapper["identity"]
		if extra := len(wrapper) - btoi(found); extra > 0 {
			return decodeError(name, data, "unexpected key(s) "+otherKeys(wrapper)+` in legacy {"identity": ...} object`)
		}
		if !found {
			*u = UserIdentities{}
			return nil
		}
		inner = trimJSON(inner)
		switch {
		case len(inner) == 0 || inner[0] == 'n':
			*u = UserIdentities{}
		case inner[0] == '[':
			list, err := decodeIdentityList(inner)
			if err != nil {
				return decodeError(name, data, err.Error())
			}
			*u = list
		case inner[0] == '{':
			var one Identity
			if err := json.Unmarshal(inner, &one); err != nil {
				return decodeError(name, data, err.Error())
			}
			*u = UserIdentities{one}
		default:
			return decodeError(name, data, `"identity" must be an array or an object, got `+jsonKindName(inner))
		}
		return nil
	default:
		return decodeError(name, data, "expected a JSON array or object, got "+jsonKindName(v))
	}
}

// decodeIdentityList decodes a JSON array into a non-nil slice. It decodes
// into []Identity, not UserIdentities, so that UnmarshalJSON is not called
// recursively.
func decodeIdentityList(data []byte) (UserIdentities, error) {
	list := []Identity{}
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, err
	}
	if list == nil { // defensive: keep the "never nil" promise
		list = []Identity{}
	}
	return UserIdentities(list), nil
}

// btoi converts a bool to 0 or 1.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// otherKeys lists the keys of m other than "identity", sorted and quoted,
// for error messages. The list is bounded so errors stay short.
func otherKeys(m map[string]json.RawMessage) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "identity" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	const maxKeys = 3
	more := ""
	if len(keys) > maxKeys {
		keys, more = keys[:maxKeys], ", ..."
	}
	for i, k := range keys {
		keys[i] = quotePrefix([]byte(k))
	}
	return strings.Join(keys, ", ") + more
}
