package api

import "log/slog"

// Logging a model that holds a Password.
//
// Password's MarshalJSON must carry the password, since request bodies are
// JSON. slog's JSON handler encodes a struct with encoding/json, which asks
// the Password nested in it for that MarshalJSON: a password inside a
// StorageUserInput, a StorageLookup or a request body would be logged in
// clear. Every model that holds a Password, at any depth, therefore
// implements slog.LogValuer: it logs a copy of itself with the password
// replaced by "[REDACTED]" (left out when empty, as on the wire), as the same
// JSON object otherwise. slog asks for LogValue before it encodes, so the
// JSON and the text handlers both see the redacted copy.
//
// A value of your own that holds one of these (a struct, a slice, a map) is
// encoded by slog's JSON handler through encoding/json, which never asks for
// LogValue: log the model itself, or give your type a LogValue too.

// redactedPassword is what a password that was given logs as.
func redactedPassword(p Password) Password {
	if p == "" {
		return ""
	}
	return redacted
}

// Types without methods, so that the redacted copies are encoded and
// printed as plain structs (not through LogValue again).
type (
	storageUserInputLog           StorageUserInput
	storageLookupLog              StorageLookup
	createStorageUserBodyLog      CreateStorageUserBody
	updateStorageUserBodyLog      UpdateStorageUserBody
	synchronizeStorageUserBodyLog SynchronizeStorageUserBody
	lookupStorageUserBodyLog      LookupStorageUserBody
)

// LogValue logs the input with its password redacted.
func (in StorageUserInput) LogValue() slog.Value {
	in.Password = redactedPassword(in.Password)
	return slog.AnyValue(storageUserInputLog(in))
}

// LogValue logs the lookup with its password redacted.
func (l StorageLookup) LogValue() slog.Value {
	l.Password = redactedPassword(l.Password)
	return slog.AnyValue(storageLookupLog(l))
}

// LogValue logs the request body with the user's password redacted.
func (b CreateStorageUserBody) LogValue() slog.Value {
	b.Request.User.Password = redactedPassword(b.Request.User.Password)
	return slog.AnyValue(createStorageUserBodyLog(b))
}

// LogValue logs the request body with the user's password redacted.
func (b UpdateStorageUserBody) LogValue() slog.Value {
	b.Request.User.Password = redactedPassword(b.Request.User.Password)
	return slog.AnyValue(updateStorageUserBodyLog(b))
}

// LogValue logs the request body with the user's password redacted.
func (b SynchronizeStorageUserBody) LogValue() slog.Value {
	b.Request.Synchronize.User.Password = redactedPassword(b.Request.Synchronize.User.Password)
	return slog.AnyValue(synchronizeStorageUserBodyLog(b))
}

// LogValue logs the request body with the password to check redacted.
func (b LookupStorageUserBody) LogValue() slog.Value {
	b.Request.User.Password = redactedPassword(b.Request.User.Password)
	return slog.AnyValue(lookupStorageUserBodyLog(b))
}
