// Package api is the raw, generated layer of oneall-go: the models and the
// low-level HTTP client that oapi-codegen generates from openapi.yaml (in
// api.gen.go, never edited by hand), plus the few hand-written types the
// models need. Most programs should not call it directly: use
// github.com/oneall-go/oneall-go/wrapper, which adds authentication,
// validation, retries, errors you can test with errors.Is, pagination and
// iterators. The wrapper's methods take and return the models of this
// package.
//
// # Models are values
//
// Every field of a response model is a plain value: reading one needs no
// dereference and no nil check, and a field OneAll did not send reads as its
// zero value ("" for a string, 0 for a number, an empty struct). Names follow
// Go's initialisms: ID, URL, PictureURL, ExternalID, UserToken.
//
//	fmt.Println(u.UserToken, u.NumLogins, u.Identities[0].DisplayName)
//
// Encoding a model leaves out zero-valued optional fields (omitzero), so a
// decoded answer encodes back without invented fields; a field that OneAll
// sent with its zero value (num_logins 0, a false flag) is also left out,
// because a value cannot tell the two apart.
//
// # Type drift
//
// OneAll sends some fields as a number in one answer and a string in
// another, some booleans as "true", dates with or without the "+" of their
// zone and a user's identities in two shapes. FlexInt, FlexBool, FlexString,
// Timestamp and UserIdentities decode every form seen and encode one
// canonical form. ConnectionPlugin decodes the three forms in which a
// connection names its service (a string, an object with key, an object
// with name) and encodes the one it came in.
//
// # Inputs
//
// Where OneAll gives "not sent" and "sent empty" different meanings, an
// input field is an Optional: unset is not sent, Set(v) sends v and
// Null[T]() sends null (which removes a stored value in a cloud storage
// update with update_mode "replace"); a profile field is removed the same
// way by setting it to nil with Identity.Set("gender", nil), which sends it
// as null. A password is always a Password,
// which prints as "[REDACTED]" everywhere but in the request body.
package api
