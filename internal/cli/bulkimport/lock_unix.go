//go:build unix

package bulkimport

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// acquireLock takes the lock at path, without waiting: a lock held by
// another run is ErrLocked.
func acquireLock(path string) (*stateLock, error) {
	for range 10 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, usagef("cannot open the lock file %s: %w", path, err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &lockedError{path, "is locked by it (in another terminal or a service, on this machine): wait for it to end"}
			}
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		// The run that held the lock removes the file before it unlocks: if
		// path no longer names the file locked, start again.
		fi, err1 := f.Stat()
		pi, err2 := os.Stat(path)
		if err1 != nil || err2 != nil || !os.SameFile(fi, pi) {
			f.Close()
			continue
		}
		if err := claimLockFile(f, path); err != nil {
			f.Close()
			return nil, err
		}
		return &stateLock{f: f, path: path}, nil
	}
	return nil, &lockedError{path, "keeps being replaced: runs of this import keep starting and ending"}
}

func removeLockFile(fsys fileSystem, l *stateLock) error { return fsys.Remove(l.path) }
