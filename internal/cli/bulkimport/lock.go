package bulkimport

import (
	"errors"
	"io"
	"os"
	"strings"
)

// The lock: a run holds an exclusive lock on the file CheckpointPath +
// ".lock" from before it reads the state until it has written it for the
// last time, so that a second run of the same import (the same checkpoint)
// is refused at once rather than resuming from the first one's live
// journal. The lock is the operating system's (flock on Unix, an unshared
// open on Windows): a killed run releases it with its process. The lock
// file says what it is, and is removed at the end of the run.

// lockMarker is the content of a lock file.
const lockMarker = "oneall storage import lock: the checkpoint next to this file belongs to a running import\n"

// stateLock is a held lock.
type stateLock struct {
	f    *os.File
	path string
}

// claimLockFile checks that the locked file at path is a lock file of the
// import (or empty: created just now, or by a run killed before it wrote
// it), and writes the marker into an empty one.
func claimLockFile(f *os.File, path string) error {
	b, err := io.ReadAll(io.LimitReader(f, int64(len(lockMarker))+1))
	if err != nil {
		return usagef("cannot read the lock file %s: %w", path, err)
	}
	switch {
	case len(b) == 0:
		if _, err := f.WriteAt([]byte(lockMarker), 0); err != nil {
			return usagef("cannot write the lock file %s: %w", path, err)
		}
		return nil
	case strings.HasPrefix(lockMarker, string(b)) || string(b) == lockMarker:
		return nil
	}
	return usagef("%s exists and is not an import's lock file: the import never overwrites a file it did not write; move it away, or name another --checkpoint", path)
}

// release removes the lock file, then unlocks it: a run that opened the
// file meanwhile finds it gone once it holds the lock, and starts again.
func (l *stateLock) release(fsys fileSystem) error {
	if l == nil || l.f == nil {
		return nil
	}
	err := removeLockFile(fsys, l)
	if l.f != nil {
		if cerr := l.f.Close(); err == nil {
			err = cerr
		}
		l.f = nil
	}
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}
