package bulkimport

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The import writes four files of its own, and nothing else: the
// checkpoint, the journal, the lock file and the failures file (plus the
// temporary files that replace them). Each is marked as the import's (its
// first bytes), so that a path naming a file the import did not write, or a
// state file of another kind, is refused before anything is written: the
// import never deletes, truncates or overwrites a user's file.

// statePaths are the files of an import.
type statePaths struct {
	input, checkpoint, journal, lock, failures string
}

func (o *Options) statePaths() statePaths {
	return statePaths{
		input:      o.Path,
		checkpoint: o.CheckpointPath,
		journal:    JournalPath(o.CheckpointPath),
		lock:       LockPath(o.CheckpointPath),
		failures:   o.FailuresPath,
	}
}

// named lists the state files with how the user names them.
func (p statePaths) named() []namedPath {
	return []namedPath{
		{p.checkpoint, "the checkpoint (--checkpoint)", checkpointMarker, legacyCheckpoint},
		{p.journal, "the journal (the checkpoint's name + .journal)", journalMarker, ""},
		{p.lock, "the lock file (the checkpoint's name + .lock)", "", ""},
		{p.failures, "the failures file (--failures)", failuresMarker, legacyFailures},
	}
}

type namedPath struct {
	path, what, marker string
	// legacy starts the file as the first version of the import wrote it:
	// the import's too, refused as of another version, replaced by --restart.
	legacy string
}

// How the first version of the import began its checkpoint and its
// failures file. (Its journal had the marker already.)
const (
	legacyCheckpoint = "{\n  \"version\": 1,\n  \"input\": {"
	legacyFailures   = `{"line":`
)

// checkNames refuses state paths that name the input file, each other, or
// a directory. input is the open input file.
func (p statePaths) checkNames(input *os.File) error {
	inInfo, err := input.Stat()
	if err != nil {
		return usagef("cannot read the input file: %w", err)
	}
	named := p.named()
	infos := make([]fs.FileInfo, len(named))
	for i, n := range named {
		fi, err := os.Stat(n.path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return usagef("%s %s: %w", n.what, n.path, err)
		case fi.IsDir():
			return usagef("%s %s is a directory", n.what, n.path)
		case os.SameFile(fi, inInfo) || samePath(n.path, p.input):
			return usagef("%s %s is the input file: the import never writes to its input; name another file", n.what, n.path)
		}
		infos[i] = fi
	}
	for i := range named {
		for j := i + 1; j < len(named); j++ {
			same := samePath(named[i].path, named[j].path) || (infos[i] != nil && infos[j] != nil && os.SameFile(infos[i], infos[j]))
			if same {
				return usagef("%s and %s are the same file, %s: name another", named[i].what, named[j].what, named[j].path)
			}
		}
	}
	return nil
}

// samePath reports whether two paths name the same file by name.
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// markers are the first bytes of each kind of state file, for messages.
var markers = map[string]string{
	checkpointMarker: "an import's checkpoint",
	journalMarker:    "an import's journal",
	failuresMarker:   "an import's failures file",
}

// stateKind is what a state path holds.
type stateKind int

const (
	stateAbsent stateKind = iota
	stateOurs
)

// classifyState reports whether the file at path is absent or a state
// file of the kind that marker starts, and refuses anything else: a file
// the import did not write, or a state file of another kind.
func classifyState(n namedPath) (stateKind, error) {
	f, err := os.Open(n.path)
	if errors.Is(err, fs.ErrNotExist) {
		return stateAbsent, nil
	}
	if err != nil {
		return stateAbsent, usagef("cannot read %s %s: %w", n.what, n.path, err)
	}
	defer f.Close()
	head := make([]byte, 64)
	k, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) { // a short file is read whole
		return stateAbsent, usagef("cannot read %s %s: %w", n.what, n.path, err)
	}
	head = head[:k]
	if bytes.HasPrefix(head, []byte(n.marker)) || (n.legacy != "" && bytes.HasPrefix(head, []byte(n.legacy))) {
		return stateOurs, nil
	}
	for m, what := range markers {
		if bytes.HasPrefix(head, []byte(m)) {
			return stateAbsent, usagef("%s %s is %s, not %s: name another file", n.what, n.path, what, strings.TrimPrefix(n.what, "the "))
		}
	}
	return stateAbsent, usagef("%s %s exists and was not written by an import: the import never overwrites a file it did not write; name another file, or move it away", n.what, n.path)
}

// checkFingerprint compares the fingerprint of the state file at path
// with the import's. It returns nil when they are of the same import, and
// otherwise an error saying what differs and what to do. With restart, the
// state of the same input file (changed, or imported with other settings)
// may be replaced: only another file's state is refused.
func checkFingerprint(n namedPath, got, want Fingerprint, restart bool) error {
	switch {
	case got.sameImport(want):
		return nil
	case got.Input != want.Input && !(got.Size == want.Size && got.SHA256 == want.SHA256):
		return mismatchf("%s %s belongs to the import of %s, not of %s: name another file, or move it away", n.what, n.path, got.Input, want.Input)
	case restart:
		return nil
	case got.Size != want.Size || got.SHA256 != want.SHA256:
		return mismatchf("%s changed since the import began (%s says %d bytes with SHA-256 %.12s…, it now has %d bytes with SHA-256 %.12s…): "+
			"the rows already imported may no longer be the rows in the file. To import the file as it is now, from its first row, run the same command with --restart "+
			"(rows sent again are harmless: synchronize is an upsert)",
			want.Input, n.path, got.Size, got.SHA256, want.Size, want.SHA256)
	}
	return mismatchf("%s %s was written for another import of this file (format %s, identifier %s, shard %s; now format %s, identifier %s, shard %s): "+
		"run the same command with --restart to start over with the new settings, or name another --checkpoint and --failures",
		n.what, n.path, got.Format, got.Identifier, got.Shard, want.Format, want.Identifier, want.Shard)
}

// removeStaleTemps deletes the temporary files that a crash in the middle
// of replacing the state file at path left behind: those named as
// tempPattern names them ("." + base + "." + digits + ".tmp") that are
// empty or start as a state file does. Other files are left alone.
func removeStaleTemps(fsys fileSystem, path string) {
	dir, pattern := tempPattern(path)
	prefix, suffix, _ := strings.Cut(pattern, "*")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		mid, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if mid, ok = strings.CutSuffix(mid, suffix); !ok || mid == "" || strings.Trim(mid, "0123456789") != "" {
			continue
		}
		full := filepath.Join(dir, e.Name())
		if isStateTemp(full) {
			_ = fsys.Remove(full)
		}
	}
}

// isStateTemp reports whether a temporary file is empty or starts as a
// state file does.
func isStateTemp(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64)
	k, _ := io.ReadFull(f, head)
	if k == 0 {
		return true
	}
	for m := range markers {
		if bytes.HasPrefix(head[:k], []byte(m)) {
			return true
		}
	}
	return false
}
