package login

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/oneall-go/oneall-go/internal/uuid"
	"github.com/oneall-go/oneall-go/wrapper"
)

// providerRE is a OneAll provider key: "facebook", "windowslive", "google_plus".
var providerRE = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// LoginURL is the Direct Connect URL that sends a person through a social
// network's login (Social Login) and back to callbackURI, without OneAll's
// JavaScript: https://<subdomain>.api.oneall.com/socialize/connect/direct/<provider>/?service=social_login&callback_uri=...
// It follows the client's base URL (wrapper.WithBaseURL), so it leads to
// onealltest's server in tests. Give it the URI that CallbackURL returned.
func LoginURL(c *wrapper.Client, provider, callbackURI string) (string, error) {
	return directConnect(c, provider, callbackURI, url.Values{"service": {wrapper.ServiceSocialLogin}})
}

// LinkURL is the Direct Connect URL that links a social network account to
// the user userToken (Social Link, link_identity): the person logs in at the
// network and OneAll adds the account to that user, or refuses it when it
// belongs to another (ErrIdentityLinkedToAnotherUser at the callback).
func LinkURL(c *wrapper.Client, provider, callbackURI, userToken string) (string, error) {
	return linkURL(c, provider, callbackURI, userToken, "link_identity")
}

// UnlinkURL is the Direct Connect URL that unlinks a social network account
// from the user userToken (Social Link, unlink_identity).
func UnlinkURL(c *wrapper.Client, provider, callbackURI, userToken string) (string, error) {
	return linkURL(c, provider, callbackURI, userToken, "unlink_identity")
}

func linkURL(c *wrapper.Client, provider, callbackURI, userToken, action string) (string, error) {
	if !uuid.Valid(userToken) {
		return "", fmt.Errorf("%w: user token %.64q is not a UUID", wrapper.ErrInvalidInput, userToken)
	}
	return directConnect(c, provider, callbackURI, url.Values{
		"service": {wrapper.ServiceSocialLink}, "action": {action}, "user_token": {userToken},
	})
}

func directConnect(c *wrapper.Client, provider, callbackURI string, q url.Values) (string, error) {
	if c == nil {
		return "", fmt.Errorf("%w: the client is nil", wrapper.ErrInvalidInput)
	}
	if !providerRE.MatchString(provider) {
		return "", fmt.Errorf("%w: provider %.40q: want a OneAll provider key such as \"google\"", wrapper.ErrInvalidInput, provider)
	}
	if _, err := checkCallbackURI(callbackURI); err != nil {
		return "", err
	}
	q.Set("callback_uri", callbackURI)
	return strings.TrimRight(c.BaseURL(), "/") + "/socialize/connect/direct/" + provider + "/?" + q.Encode(), nil
}

// LibraryURL is the URL of OneAll's JavaScript library, which renders the
// login widget (https://<subdomain>.api.oneall.com/socialize/library.js);
// it follows the client's base URL.
func LibraryURL(c *wrapper.Client) string {
	return strings.TrimRight(c.BaseURL(), "/") + "/socialize/library.js"
}
