package bulkimport

import (
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
// custom.<key> sets identity.customData.<key> (as a string); the key keeps
// its case.
func CSVColumns() []string {
	names := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		names[i] = c.name
	}
	return names
}

// lookupColumn finds the column a header cell names: a known column (in
// any case) or custom.<key>, whose key keeps the case it is written in.
func lookupColumn(cell string) (csvColumn, bool) {
	cell = strings.TrimSpace(cell)
	if len(cell) > len(customPrefix) && strings.EqualFold(cell[:len(customPrefix)], customPrefix) {
		key := cell[len(customPrefix):]
		return csvColumn{name: customPrefix + key, set: func(_ *api.StorageUserInput, id *api.Identity, v string) {
			if id.CustomData == nil {
				id.CustomData = map[string]any{}
			}
			id.CustomData[key] = v
		}}, true
	}
	name := strings.ToLower(cell)
	i := slices.IndexFunc(csvColumns, func(c csvColumn) bool { return c.name == name })
	if i < 0 {
		return csvColumn{}, false
	}
	return csvColumns[i], true
}

// identityless are the columns that do not belong to the identity.
func identityless(column string) bool {
	switch column {
	case "login", "externalid", "user_token", "password":
		return true
	}
	return false
}
