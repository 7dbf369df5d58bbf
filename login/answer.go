package login

import (
	"errors"
	"github.com/oneall-go/oneall-go/internal/uuid"
	"strings"

	"github.com/oneall-go/oneall-go/wrapper"
)

// ErrInvalidAnswer is an answer of OneAll that does not say, consistently,
// that the person logged in: every error below matches it too. The
// callback fails closed on each; nothing of the answer reaches the
// application.
var ErrInvalidAnswer = errors.New("login: OneAll's answer does not consistently say the person logged in")

// Errors of an answer, matched with errors.Is; each also matches
// ErrInvalidAnswer.
var (
	// ErrPluginFailed is an answer whose plugin.data.status is not
	// "success" (an error, or no status), or that has no plugin at all,
	// even inside an answer flagged success. The 2011 form, whose plugin is
	// a string inside connection and has no status, passes.
	ErrPluginFailed error = &answerError{"login: OneAll's plugin did not report success"}
	// ErrConnectionFailed is an answer whose connection.status is there and
	// is not "succeeded".
	ErrConnectionFailed error = &answerError{"login: the connection did not succeed"}
	// ErrTokenMismatch is an answer whose connection.connection_token is
	// missing or is not the token posted.
	ErrTokenMismatch error = &answerError{"login: the answer is not about the connection_token posted"}
	// ErrMalformedToken is an answer whose user_token, identity_token or an
	// identity's token in identities is not a UUID.
	ErrMalformedToken error = &answerError{"login: a user or identity token of the answer is not a UUID"}
	// ErrNoIdentity is an answer without the identity (or its token) the
	// person connected with.
	ErrNoIdentity error = &answerError{"login: the answer has no identity"}
)

// answerError is an error of the answer's class.
type answerError struct{ msg string }

func (e *answerError) Error() string { return e.msg }

// Is makes every answer error an ErrInvalidAnswer.
func (e *answerError) Is(target error) bool { return target == ErrInvalidAnswer }

// serviceOf is the oa_action that posts an outcome.
func serviceOf(o wrapper.Outcome) string {
	switch o {
	case wrapper.OutcomeLogin:
		return wrapper.ServiceSocialLogin
	case wrapper.OutcomeLink, wrapper.OutcomeUnlink:
		return wrapper.ServiceSocialLink
	case wrapper.OutcomeSingleSignOn:
		return wrapper.ServiceSingleSignOn
	}
	return ""
}

// checkAnswer fails closed on a redeemed connection that does not say,
// consistently, that the person connected as the posted action says.
func checkAnswer(c *wrapper.Connection, p posted) error {
	d := &c.Data
	if !strings.EqualFold(d.Connection.ConnectionToken, p.token) {
		return ErrTokenMismatch
	}
	if d.Connection.Status != "" && d.Connection.Status != "succeeded" {
		return ErrConnectionFailed
	}
	form2011 := d.Plugin.IsZero() && c.Service != "" && c.Status == ""
	if c.Service == "" || (c.Status != "success" && !form2011) {
		return ErrPluginFailed
	}
	if err := checkTokens(c); err != nil {
		return err
	}
	if c.Service != p.action || serviceOf(c.Outcome) != p.action {
		return ErrActionMismatch
	}
	return nil
}

// checkTokens fails closed on a user or identity token that is not a
// UUID, and on an answer without an identity.
func checkTokens(c *wrapper.Connection) error {
	if !uuid.Valid(c.UserToken) {
		return ErrMalformedToken
	}
	if c.Identity == nil || c.Identity.IdentityToken == "" {
		return ErrNoIdentity
	}
	if !uuid.Valid(c.Identity.IdentityToken) {
		return ErrMalformedToken
	}
	for _, id := range c.Identities {
		if !uuid.Valid(id.IdentityToken) {
			return ErrMalformedToken
		}
	}
	return nil
}
