package bench

import (
	"encoding/json"
	"fmt"
	"strings"
)

// token returns the i-th made-up token, a valid UUID.
func token(kind byte, i int) string {
	return fmt.Sprintf("%08x-4cd3-4c5c-9081-%c%011x", 0x1b93e09a+i, kind, i)
}

// identityJSON is a full identity of about 3 KB, as OneAll sends it for a
// Facebook profile: name, emails, photos, accounts, addresses, urls and the
// drifting forms OneAll uses ("is_verified":"true", numeric userid).
func identityJSON(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"user_token":%q,"identity_token":%q,"provider":"facebook",`, token('a', i), token('b', i))
	fmt.Fprintf(&b, `"id":"https://www.facebook.com/profile.php?id=10000%07d",`, i)
	b.WriteString(`"source":{"name":"Facebook","key":"facebook","access_token":{"key":"EAAGm0PX4ZCpsBAKZCZAhZBQ0ZD7example8ZBq0ZCtoken","secret":"c2VjcmV0LXNlY3JldA"}},`)
	fmt.Fprintf(&b, `"name":{"formatted":"Anna-Maria Example %d","givenName":"Anna-Maria","familyName":"Example","middleName":"Louise","honorificPrefix":"Dr.","nickName":"annie"},`, i)
	fmt.Fprintf(&b, `"preferredUsername":"anna.example.%d","displayName":"Anna-Maria Example","profileUrl":"https://www.facebook.com/anna.example.%d",`, i, i)
	b.WriteString(`"thumbnailUrl":"https://graph.facebook.com/1000012345/picture?type=square","pictureUrl":"https://graph.facebook.com/1000012345/picture?type=large",`)
	b.WriteString(`"currentLocation":"Berlin, Germany","aboutMe":"Photographer, climber and occasional baker. Living between Berlin and Lisbon.","note":"imported from the old shop",`)
	b.WriteString(`"birthday":"04/23/1987","gender":"female","utcOffset":"2:00",`)
	fmt.Fprintf(&b, `"emails":[{"value":"anna.example.%d@example.com","is_verified":"true"},{"value":"anna@work.example.org","is_verified":false},{"value":"annie@example.net","is_verified":true}],`, i)
	b.WriteString(`"urls":[{"value":"https://anna.example.com","type":"personal"},{"value":"https://www.facebook.com/anna.example","type":"profile"}],`)
	b.WriteString(`"accounts":[{"domain":"facebook.com","userid":1000012345,"username":"anna.example"},{"domain":"example.com","userid":"42","username":"anna"}],`)
	b.WriteString(`"photos":[{"value":"https://graph.facebook.com/1000012345/picture?type=square","size":"square"},{"value":"https://graph.facebook.com/1000012345/picture?type=small","size":"small"},{"value":"https://graph.facebook.com/1000012345/picture?type=normal","size":"normal"},{"value":"https://graph.facebook.com/1000012345/picture?type=large","size":"large"}],`)
	b.WriteString(`"addresses":[{"type":"billing","formatted":"Torstrasse 1, 10119 Berlin, Germany","streetAddress":"Torstrasse 1","locality":"Berlin","region":"Berlin","postalCode":"10119","code":"DE","country":"Germany","firstName":"Anna-Maria","lastName":"Example","phoneNumber":"+49 30 1234567"},`)
	b.WriteString(`{"type":"shipping","formatted":"Rua Augusta 100, 1100-053 Lisboa, Portugal","streetAddress":"Rua Augusta 100","complement":"3 Esq","locality":"Lisboa","postalCode":"1100-053","code":"PT","country":"Portugal","companyName":"Example Lda","firstName":"Anna-Maria","lastName":"Example"}],`)
	b.WriteString(`"phoneNumbers":[{"value":"+49 30 1234567","type":"home"},{"value":"+351 21 1234567","type":"work"}],`)
	b.WriteString(`"languages":[{"value":"German","proficiency":"native"},{"value":"English","proficiency":"full professional"},{"value":"Portuguese"}],`)
	b.WriteString(`"locales":[{"value":"de_DE"}],"interests":[{"value":"Photography","category":"Arts"},{"value":"Climbing","category":"Sports"}],`)
	b.WriteString(`"organizations":[{"name":"Example GmbH","title":"Head of Photography","department":"Media","startDate":"2015-03"}],`)
	b.WriteString(`"educations":[{"value":"Universitaet der Kuenste Berlin","type":"college"}],"roles":[{"value":"customer"}],`)
	b.WriteString(`"relationship":{"status":"married","interested_in":"friends"},`)
	b.WriteString(`"date_creation":"Tue, 02 May 2017 15:27:08 +0200","date_last_update":"Mon, 06 Oct 2014 11:05:21  0200"}`)
	return b.String()
}

// envelope wraps data in OneAll's success envelope.
func envelope(code int, resource, data string) []byte {
	return fmt.Appendf(nil, `{"response":{"request":{"date":"Mon, 06 Oct 2014 11:05:21 +0200","resource":%q,`+
		`"status":{"flag":"success","code":%d,"info":"Your request has been processed successfully"}},`+
		`"result":{"data":%s}}}`, resource, code, data)
}

// getIdentityAnswer is GET /identities/{token}.json.
func getIdentityAnswer() []byte {
	return envelope(200, "/identities/"+token('b', 0)+".json", `{"identity":`+identityJSON(0)+`}`)
}

// listIdentitiesAnswer is the first page of 500 of a list of 63,512.
func listIdentitiesAnswer() []byte {
	var b strings.Builder
	b.WriteString(`{"identities":{"pagination":{"current_page":1,"total_pages":128,"entries_per_page":500,"total_entries":63512,` +
		`"order":{"field":"date_creation","direction":"asc"}},"count":500,"entries":[`)
	for i := range 500 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(identityJSON(i))
	}
	b.WriteString(`]}}`)
	return envelope(200, "/identities.json?page=1&entries_per_page=500", b.String())
}

// storageUserJSON is a cloud storage user as synchronize and lookup return
// it: login data and the storage identity with custom data.
const storageUserJSON = `{"user_token":"2eaf5d01-8244-44b9-878d-9e83073c45e0","externalid":1000154211,"login":"anna@example.com",` +
	`"date_creation":"Thu, 29 Oct 2015 16:11:57 +0100","date_last_update":"Thu, 29 Oct 2015 16:11:57 +0100","num_logins":12,` +
	`"identity":{"identity_token":"6a1d0b43-3b5a-4c0e-9f62-3c3f4b1e2d7a","provider":"storage",` +
	`"name":{"formatted":"Anna Example","givenName":"Anna","familyName":"Example"},"displayName":"Anna Example",` +
	`"emails":[{"value":"anna@example.com","is_verified":true}],"phoneNumbers":[{"value":"+49 30 1234567","type":"home"}],` +
	`"customData":{"plan":"gold","newsletter":true,"tags":["early","vip"],"shop":{"id":"s-1","since":"2015-10-29"}},` +
	`"date_creation":"Thu, 29 Oct 2015 16:11:57 +0100","date_last_update":"Thu, 29 Oct 2015 16:11:57 +0100"}}`

// syncAnswer is PUT /storage/users/user/synchronize.json updating a user.
func syncAnswer() []byte {
	return envelope(200, "/storage/users/user/synchronize.json", `{"user":`+storageUserJSON+`}`)
}

// syncInputJSON is what the benchmark synchronizes (by login).
const syncInputJSON = `{"login":"anna@example.com","password":"correct horse battery staple","externalid":"1000154211",` +
	`"identity":{"name":{"givenName":"Anna","familyName":"Example"},"displayName":"Anna Example",` +
	`"emails":[{"value":"anna@example.com","is_verified":true}],"customData":{"plan":"gold","newsletter":true}}}`

const syncLogin = "anna@example.com"

// mustDecode decodes a literal of the test's own making.
func mustDecode[T any](s string) T {
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		panic(fmt.Sprintf("bench: bad literal %T: %v", v, err))
	}
	return v
}
