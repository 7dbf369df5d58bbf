package bulkimport

import (
	"bufio"
	"encoding/json"
	"os"
)

// checkpointVersion is the version a checkpoint carries.
const checkpointVersion = 2

// checkpointMarker starts every checkpoint: it is how a checkpoint is told
// from a file the import did not write.
const checkpointMarker = `{"oneall_import_checkpoint":`

// Checkpoint is what the checkpoint file holds: every row up to and
// including row Rows (which starts on line Line) is done, sent or reported
// in the failures file, with the counts of those rows, summed over every run
// of the import. Rows done above it are in the journal (see JournalPath),
// which each save of the checkpoint compacts.
type Checkpoint struct {
	// Version is the format's version, 2; its key marks the file as an
	// import's checkpoint.
	Version int `json:"oneall_import_checkpoint"`
	// Input is the import the checkpoint belongs to.
	Input Fingerprint `json:"input"`
	// Rows is the low-water mark: the highest row such that it and every
	// row before it are done (rows are numbered from 1 in file order).
	Rows int64 `json:"rows"`
	// Line is the line row Rows starts on.
	Line int64 `json:"line"`
	// Created counts the rows up to the mark that created a user.
	Created int64 `json:"created"`
	// Updated counts the rows up to the mark that updated a user.
	Updated int64 `json:"updated"`
	// Failed counts the rows up to the mark that went to the failures file.
	Failed int64 `json:"failed"`
	// Complete is true once the whole input was read and every row done.
	Complete bool `json:"complete"`
}

// readCheckpoint reads a checkpoint file known to be one (see
// classifyState).
func readCheckpoint(path string) (*Checkpoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cp Checkpoint
	if err := json.Unmarshal(b, &cp); err != nil || cp.Version != checkpointVersion {
		return nil, usagef("%s is a damaged checkpoint, or one of another version of oneall: move it away, or start over with --restart", path)
	}
	return &cp, nil
}

// writeCheckpoint replaces the checkpoint atomically and durably: a crash
// leaves the old checkpoint or the new one, never half of one.
func writeCheckpoint(fsys fileSystem, path string, cp *Checkpoint) error {
	b, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	return writeAtomic(fsys, path, true, func(w *bufio.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}
