//go:build !unix && !windows

package bulkimport

import "os"

// acquireLock opens the lock file without locking it: this system has no
// lock the import knows how to take, so two runs of one import are not
// kept apart.
func acquireLock(path string) (*stateLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, usagef("cannot open the lock file %s: %w", path, err)
	}
	if err := claimLockFile(f, path); err != nil {
		f.Close()
		return nil, err
	}
	return &stateLock{f: f, path: path}, nil
}

func removeLockFile(fsys fileSystem, l *stateLock) error { return fsys.Remove(l.path) }
