package wrapper

import (
	"log/slog"

	"github.com/oneall-go/oneall-go/api"
)

// The results that hold identities (and so the person's access token at the
// social network) log through api.RedactedLogValue: the same fields as
// encoding/json would give, with every access token and password redacted.
// (Connection has a LogValue of its own, without the profile.)

// LogValue logs the page with the access tokens of its entries redacted.
func (p Page[T]) LogValue() slog.Value { return api.RedactedLogValue(p) }

// LogValue logs the result with the user's access tokens redacted.
func (r SyncResult) LogValue() slog.Value { return api.RedactedLogValue(r) }

// LogValue logs the result with the user's access tokens redacted.
func (r ImportResult) LogValue() slog.Value { return api.RedactedLogValue(r) }

// LogValue logs the contacts with the identities' access tokens redacted.
func (u UserContacts) LogValue() slog.Value { return api.RedactedLogValue(u) }

// LogValue logs the page with the access tokens redacted.
func (p ContactsPage) LogValue() slog.Value { return api.RedactedLogValue(p) }
