package bulkimport

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUsage matches every error that the command (its options, or the files
// it names) must change to fix: bad options, an input file that cannot be
// read or used, a state path that is refused, and state that belongs to
// another import or to the file as it was before it changed
// (ErrCheckpointMismatch). Nothing was sent.
var ErrUsage = errors.New("bulkimport: unusable options or files")

// ErrCheckpointMismatch matches a checkpoint, journal or failures file that
// belongs to another import (another file, shard or identifier), or to the
// same file before it changed. It also matches ErrUsage.
var ErrCheckpointMismatch = errors.New("bulkimport: the import's state does not match the input")

// ErrLocked is returned when another run of the same import (the same
// checkpoint) holds its lock.
var ErrLocked = errors.New("bulkimport: another run of this import is in progress")

// lockedError is ErrLocked naming the lock file, in words for the command
// line (no package prefix: the command prints it as it is).
type lockedError struct{ path, why string }

func (e *lockedError) Error() string {
	return "another run of this import is in progress: " + e.path + " " + e.why
}

func (e *lockedError) Is(target error) bool { return target == ErrLocked }

// usageError is an error that matches ErrUsage (and kind, if not nil).
type usageError struct {
	kind error
	msg  string
	err  error
}

func (e *usageError) Error() string { return e.msg }

func (e *usageError) Is(target error) bool {
	return target == ErrUsage || (e.kind != nil && target == e.kind)
}

func (e *usageError) Unwrap() error { return e.err }

// usagef returns an error matching ErrUsage; a %w verb wraps as fmt.Errorf does.
func usagef(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &usageError{msg: err.Error(), err: errors.Unwrap(err)}
}

// mismatchf returns an error matching ErrCheckpointMismatch and ErrUsage.
func mismatchf(format string, args ...any) error {
	return &usageError{kind: ErrCheckpointMismatch, msg: fmt.Sprintf(format, args...)}
}

// RowError is an error about one row of the input, named by the line it
// starts on.
type RowError struct {
	// Line is the row's first line in the input.
	Line int64
	// Err is what happened.
	Err error
}

// Error is "line N: " and the error, without the SDK's "oneall: " prefix
// (the command adds its own).
func (e *RowError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line, strings.TrimPrefix(e.Err.Error(), "oneall: "))
}

func (e *RowError) Unwrap() error { return e.Err }
