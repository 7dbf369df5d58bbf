package wrapper

import "github.com/oneall-go/oneall-go/internal/uuid"

// checkToken refuses anything but a UUID (OneAll's tokens are in the
// canonical 8-4-4-4-12 hex form) before it becomes part of a path.
func checkToken(field, token string) error {
	if !uuid.Valid(token) {
		if token == "" {
			return invalidInput(field, "is empty")
		}
		return invalidInput(field, "%q is not a UUID", truncate(token, 64))
	}
	return nil
}
