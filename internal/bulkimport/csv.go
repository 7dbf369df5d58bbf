package bulkimport

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oneall-go/oneall-go/api"
)

// csvColumn sets one field of the user from a non-empty cell.
type csvColumn struct {
	name string
	set  func(u *api.StorageUserInput, id *api.Identity, v string)
}

// csvColumns are the columns a CSV input may have, in documentation order.
// Every column is optional except the one named by --identifier; an empty
// cell leaves the field unset.
var csvColumns = []csvColumn{
	{"login", func(u *api.StorageUserInput, _ *api.Identity, v string) { u.Login = api.Set(v) }},
	{"externalid", func(u *api.StorageUserInput, _ *api.Identity, v string) { u.ExternalID = api.Set(v) }},
	{"user_token", func(*api.StorageUserInput, *api.Identity, string) {}}, // identifier only
	{"password", func(u *api.StorageUserInput, _ *api.Identity, v string) { u.Password = api.Password(v) }},
	{"given_name", func(_ *api.StorageUserInput, id *api.Identity, v string) { id.Name.GivenName = v }},
	{"middle_name", func(_ *api.StorageUserInput, id *api.Identity, v string) { id.Name.MiddleName = v }},
	{"family_name", func(_ *api.StorageUserInput, id *api.Identity, v string) { id.Name.FamilyName = v }},
	{"formatted_name", func(_ *api.StorageUserInput, id *api.Identity, v string) { id.Name.Formatted = v }},
	{"display_name", func(_ *api.StorageUserInput, id *api.Identity, v string) { id.DisplayName = v }},
	{"preferred_username", func(_ *api.StorageUserInput, id *api.Identity, v string) { id.PreferredUsername = v }},
	{"email", func(_ *api.StorageUserInput, id *api.Identity, v string) {
		id.Emails = append(id.Emails, api.Email{Value: v})
	}},
	{"phone", func(_ *api.StorageUserInput, id *api.Identity, v string) {
		id.PhoneNumbers = append(id.PhoneNumbers, api.PhoneNumber{Value: v})
	}},
	{"gender", func(_ *api.StorageUserInput, id *api.Identity, v string) { id.Gender = v }},
	{"birthday", func(_ *api.StorageUserInput, id *api.Identity, v string) { id.Birthday = v }},
	{"picture_url", func(_ *api.StorageUserInput, id *api.Identity, v string) { id.PictureURL = v }},
	{"profile_url", func(_ *api.StorageUserInput, id *api.Identity, v string) { id.ProfileURL = v }},
}

// customPrefix starts a column whose cells go to identity.customData.
const customPrefix = "custom."

// CSVColumns lists the names of the known CSV columns. A column named
// custom.<key> sets identity.customData.<key> (as a string).
func CSVColumns() []string {
	names := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		names[i] = c.name
	}
	return names
}

func lookupColumn(name string) (csvColumn, bool) {
	if key, ok := strings.CutPrefix(name, customPrefix); ok && key != "" {
		return csvColumn{name: name, set: func(_ *api.StorageUserInput, id *api.Identity, v string) {
			if id.CustomData == nil {
				id.CustomData = map[string]any{}
			}
			id.CustomData[key] = v
		}}, true
	}
	i := slices.IndexFunc(csvColumns, func(c csvColumn) bool { return c.name == name })
	if i < 0 {
		return csvColumn{}, false
	}
	return csvColumns[i], true
}

func (p *Parser) parseCSV(text []byte) (string, api.StorageUserInput, error) {
	var u api.StorageUserInput
	fields, err := splitCSV(text)
	if err != nil {
		return "", u, err
	}
	if len(fields) != len(p.columns) {
		return "", u, fmt.Errorf("invalid CSV: %d fields, the header has %d", len(fields), len(p.columns))
	}
	var id api.Identity
	var hasIdentity bool
	var ident string
	for i, v := range fields {
		col := p.columns[i]
		if col.name == string(p.identifier) {
			ident = v
		}
		if v == "" {
			continue
		}
		col.set(&u, &id, v)
		switch col.name {
		case "login", "externalid", "user_token", "password":
		default:
			hasIdentity = true
		}
	}
	if hasIdentity {
		u.Identity = id
	}
	if strings.TrimSpace(ident) == "" {
		return "", u, fmt.Errorf("missing identifier: the %q cell is empty", p.identifier)
	}
	return ident, u, nil
}
