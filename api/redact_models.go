package api

import "log/slog"

// Every model that holds a secret at any depth logs through RedactedLogValue
// (see redact.go); TestEveryModelHoldingASecretLogsRedacted keeps this list whole.

// LogValue logs the AccessToken with its secrets redacted.
func (v AccessToken) LogValue() slog.Value {
	v.Key, v.Secret = redactedString(v.Key), redactedString(v.Secret)
	return RedactedLogValue(v)
}

// LogValue logs the ConnectionData with its secrets redacted.
func (v ConnectionData) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the ConnectionEnvelope with its secrets redacted.
func (v ConnectionEnvelope) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the ConnectionUser with its secrets redacted.
func (v ConnectionUser) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the CreateStorageUserBody with its secrets redacted.
func (v CreateStorageUserBody) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the Identity with its secrets redacted.
func (v Identity) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the IdentityContacts with its secrets redacted.
func (v IdentityContacts) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the IdentityData with its secrets redacted.
func (v IdentityData) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the IdentityEnvelope with its secrets redacted.
func (v IdentityEnvelope) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the IdentityList with its secrets redacted.
func (v IdentityList) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the IdentityListData with its secrets redacted.
func (v IdentityListData) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the IdentityListEnvelope with its secrets redacted.
func (v IdentityListEnvelope) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the IdentitySource with its secrets redacted.
func (v IdentitySource) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the ImportAccessToken with its secrets redacted.
func (v ImportAccessToken) LogValue() slog.Value {
	v.Key, v.Secret = redactedString(v.Key), redactedString(v.Secret)
	return RedactedLogValue(v)
}

// LogValue logs the ImportIDToken with its secrets redacted.
func (v ImportIDToken) LogValue() slog.Value {
	v.Value = redactedString(v.Value)
	return RedactedLogValue(v)
}

// LogValue logs the ImportSource with its secrets redacted.
func (v ImportSource) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the ImportUser with its secrets redacted.
func (v ImportUser) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the ImportUserBody with its secrets redacted.
func (v ImportUserBody) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the LookupStorageUserBody with its secrets redacted.
func (v LookupStorageUserBody) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the RelinkBody with its secrets redacted.
func (v RelinkBody) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the StorageLookup with its secrets redacted.
func (v StorageLookup) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the StorageUser with its secrets redacted.
func (v StorageUser) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the StorageUserData with its secrets redacted.
func (v StorageUserData) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the StorageUserEnvelope with its secrets redacted.
func (v StorageUserEnvelope) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the StorageUserInput with its secrets redacted.
func (v StorageUserInput) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the SynchronizeStorageUserBody with its secrets redacted.
func (v SynchronizeStorageUserBody) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the UpdateStorageUserBody with its secrets redacted.
func (v UpdateStorageUserBody) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the User with its secrets redacted.
func (v User) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the UserContacts with its secrets redacted.
func (v UserContacts) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the UserContactsData with its secrets redacted.
func (v UserContactsData) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the UserContactsEnvelope with its secrets redacted.
func (v UserContactsEnvelope) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the UserData with its secrets redacted.
func (v UserData) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the UserEnvelope with its secrets redacted.
func (v UserEnvelope) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the UserIdentities with its secrets redacted.
func (v UserIdentities) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the UserList with its secrets redacted.
func (v UserList) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the UserListData with its secrets redacted.
func (v UserListData) LogValue() slog.Value { return RedactedLogValue(v) }

// LogValue logs the UserListEnvelope with its secrets redacted.
func (v UserListEnvelope) LogValue() slog.Value { return RedactedLogValue(v) }
