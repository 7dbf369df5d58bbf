package wrapper

import "regexp"

// tokenRE is a OneAll token: a UUID in its canonical 8-4-4-4-12 hex form.
var tokenRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// checkToken refuses anything but a UUID before it becomes part of a path.
func checkToken(field, token string) error {
	if !tokenRE.MatchString(token) {
		if token == "" {
			return invalidInput(field, "is empty")
		}
		return invalidInput(field, "%q is not a UUID", truncate(token, 64))
	}
	return nil
}
