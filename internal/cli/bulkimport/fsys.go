package bulkimport

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// fileSystem is where the import writes its state files. Run uses the
// operating system's; tests substitute one that stops writing at a chosen
// moment, as a killed process would.
type fileSystem interface {
	// OpenFile opens a state file to append to it.
	OpenFile(name string, flag int, perm fs.FileMode) (file, error)
	// CreateTemp creates a temporary file as os.CreateTemp does.
	CreateTemp(dir, pattern string) (file, error)
	// Rename renames a temporary file into place.
	Rename(oldpath, newpath string) error
	// Remove removes a state file of the import.
	Remove(name string) error
}

// file is an open state file.
type file interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

// osFS is the operating system's file system.
type osFS struct{}

func (osFS) OpenFile(name string, flag int, perm fs.FileMode) (file, error) {
	return os.OpenFile(name, flag, perm)
}

func (osFS) CreateTemp(dir, pattern string) (file, error) { return os.CreateTemp(dir, pattern) }

func (osFS) Rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }

func (osFS) Remove(name string) error { return os.Remove(name) }

// tempPattern is the os.CreateTemp pattern of the temporary files that
// replace the state file at path: "." + base + ".*.tmp", in its directory.
func tempPattern(path string) (dir, pattern string) {
	return filepath.Dir(path), "." + filepath.Base(path) + ".*.tmp"
}

// writeAtomic replaces the file at path with what write writes: to a
// temporary file in the same directory, synced to disk when sync is set,
// then renamed over path. A crash leaves the old file or the new one, never
// half of one; on an error the old file is left as it was.
func writeAtomic(fsys fileSystem, path string, sync bool, write func(w *bufio.Writer) error) error {
	dir, pattern := tempPattern(path)
	tmp, err := fsys.CreateTemp(dir, pattern)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	w := bufio.NewWriterSize(tmp, 64<<10)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil && sync {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = fsys.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = fsys.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
