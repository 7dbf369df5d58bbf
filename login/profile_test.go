package login

import (
	"encoding/json"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		name, identity string
		want           Profile
	}{
		{"Facebook 2016", `{"provider":"facebook","source":{"name":"Facebook","key":"facebook","access_token":{"key":"T"}},
			"id":"http://www.facebook.com/profile.php?id=90000000001","displayName":"Joe Barger",
			"name":{"formatted":"Joe Barger","givenName":"Joe","familyName":"Barber"},"preferredUsername":"joe.barber",
			"profileUrl":"https://facebook.com/joe","thumbnailUrl":"https://img/s","pictureUrl":"https://img/l",
			"emails":[{"value":"joebarber@example.com","is_verified":true}],"accounts":[{"domain":"facebook.com","userid":"90000000001"}]}`,
			Profile{Provider: "facebook", ProviderName: "Facebook", UserID: "90000000001", Email: "joebarber@example.com", EmailVerified: true,
				Name: "Joe Barger", FirstName: "Joe", LastName: "Barber", NickName: "joe.barber", AvatarURL: "https://img/l", ProfileURL: "https://facebook.com/joe"}},
		{"Twitter 2011", `{"provider":"twitter","id":"http://twitter.com/ExampleUser","displayName":"Firstname Lastname",
			"name":{"formatted":"Firstname Lastname"},"preferredUsername":"MyUserNameRocks","thumbnailUrl":"http://a1/t.png",
			"urls":[{"value":"http://example.com","type":"blog"},{"value":"http://twitter.com/ExampleUser","type":"profile"}],
			"accounts":[{"domain":"twitter.com","userid":123456789,"username":"ExampleUser"}]}`,
			Profile{Provider: "twitter", UserID: "123456789", Name: "Firstname Lastname", NickName: "MyUserNameRocks",
				AvatarURL: "http://a1/t.png", ProfileURL: "http://twitter.com/ExampleUser"}},
		{"the first verified email wins", `{"provider":"google","emails":[{"value":" "},{"value":"a@x"},{"value":"b@x","is_verified":"false"},{"value":"c@x","is_verified":"true"},{"value":"d@x","is_verified":true}]}`,
			Profile{Provider: "google", Email: "c@x", EmailVerified: true}},
		{"no verified email", `{"provider":"google","emails":[{"value":"a@x","is_verified":false},{"value":"b@x"}]}`,
			Profile{Provider: "google", Email: "a@x"}},
		{"names from parts, photos, id as URL", `{"source":{"key":"github","name":"GitHub"},"id":"https://github.com/ann","name":{"givenName":"Ann","familyName":"Lee"},
			"photos":[{"value":"https://p/small"},{"value":"https://p/large"}],"aboutMe":"hi","currentLocation":"Bern"}`,
			Profile{Provider: "github", ProviderName: "GitHub", UserID: "https://github.com/ann", Name: "Ann Lee", FirstName: "Ann", LastName: "Lee",
				AvatarURL: "https://p/large", ProfileURL: "https://github.com/ann", Description: "hi", Location: "Bern"}},
		{"empty", `{}`, Profile{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var id api.Identity
			if err := json.Unmarshal([]byte(tc.identity), &id); err != nil {
				t.Fatal(err)
			}
			if got := normalize(&id); got != tc.want {
				t.Errorf("\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
