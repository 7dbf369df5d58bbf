package login

import (
	"strings"

	"github.com/oneall-go/oneall-go/api"
)

// Profile is an identity normalized, as markbates/goth's User is: the
// fields every application reads, whatever the social network. Empty when
// the network did not say. The access token is not here (it is in
// Result.Identity.Source.AccessToken), so a Profile can be logged.
type Profile struct {
	// Provider is the network's key ("facebook") and ProviderName its name
	// ("Facebook").
	Provider, ProviderName string
	// UserID is the person's id at the network: the account's userid, else
	// the profile's id (often a URL).
	UserID string
	// Email is the first verified email, else the first one.
	Email string
	// EmailVerified says whether the network verified Email. Link an
	// existing account by email only when it is true.
	EmailVerified bool
	// Name is the full name; FirstName and LastName its parts; NickName the
	// network's user name (preferredUsername).
	Name, FirstName, LastName, NickName string
	// AvatarURL is the largest picture: pictureUrl, else thumbnailUrl, else
	// the last photo (networks list them from small to large).
	AvatarURL string
	// ProfileURL is the person's page at the network: profileUrl, else the
	// URL of type profile, else the profile's id when it is a URL.
	ProfileURL string
	// Location and Description are the profile's currentLocation and
	// aboutMe (or note).
	Location, Description string
}

// normalize reads a Profile from an identity.
func normalize(id *api.Identity) Profile {
	p := Profile{
		Provider:     first(id.Provider, id.Source.Key),
		ProviderName: id.Source.Name,
		UserID:       id.ID,
		NickName:     id.PreferredUsername,
		AvatarURL:    first(id.PictureURL, id.ThumbnailURL),
		ProfileURL:   id.ProfileURL,
		Location:     id.CurrentLocation,
		Description:  first(id.AboutMe, id.Note),
		FirstName:    id.Name.GivenName,
		LastName:     id.Name.FamilyName,
	}
	for _, a := range id.Accounts {
		if a.UserID.String() != "" {
			p.UserID = a.UserID.String()
			break
		}
	}
	p.Name = first(id.Name.Formatted, id.DisplayName, strings.TrimSpace(p.FirstName+" "+p.LastName))
	p.Email, p.EmailVerified = pickEmail(id.Emails)
	if p.AvatarURL == "" && len(id.Photos) > 0 {
		p.AvatarURL = id.Photos[len(id.Photos)-1].Value
	}
	if p.ProfileURL == "" {
		p.ProfileURL = profileURL(id)
	}
	return p
}

// pickEmail returns the first verified address, else the first one.
func pickEmail(emails []api.Email) (string, bool) {
	email, verified := "", false
	for _, e := range emails {
		v := strings.TrimSpace(e.Value)
		if v == "" {
			continue
		}
		ok := e.IsVerified.Bool()
		if email == "" || (ok && !verified) {
			email, verified = v, ok
		}
		if ok {
			break
		}
	}
	return email, verified
}

// profileURL is the URL of type profile, else the profile's id when it is a
// URL.
func profileURL(id *api.Identity) string {
	url := ""
	for _, u := range id.URLs {
		if u.Type == "profile" {
			url = u.Value
			break
		}
	}
	if url == "" && (strings.HasPrefix(id.ID, "http://") || strings.HasPrefix(id.ID, "https://")) {
		url = id.ID
	}
	return url
}

// first returns the first non-empty string.
func first(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
