//go:build windows

package bulkimport

import (
	"errors"
	"os"
	"syscall"
)

// errorSharingViolation is ERROR_SHARING_VIOLATION: another handle holds
// the file without sharing it.
const errorSharingViolation = syscall.Errno(32)

// acquireLock takes the lock at path by opening it unshared: a lock held by
// another run is ErrLocked.
func acquireLock(path string) (*stateLock, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, usagef("cannot open the lock file %s: %w", path, err)
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		if errors.Is(err, errorSharingViolation) {
			return nil, &lockedError{path, "is locked by it (in another terminal or a service, on this machine): wait for it to end"}
		}
		return nil, usagef("cannot open the lock file %s: %w", path, err)
	}
	f := os.NewFile(uintptr(h), path)
	if err := claimLockFile(f, path); err != nil {
		f.Close()
		return nil, err
	}
	return &stateLock{f: f, path: path}, nil
}

// removeLockFile closes the file first: Windows does not remove an open
// file. Another run may take the lock in between; it then finds the file
// gone, which is harmless.
func removeLockFile(fsys fileSystem, l *stateLock) error {
	err := l.f.Close()
	if rerr := fsys.Remove(l.path); err == nil {
		err = rerr
	}
	l.f = nil
	return err
}
