package bulkimport

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrCheckpointMismatch is returned when the checkpoint file, or the
// journal next to it, was written for another input (another file, or the
// same file changed since), another shard or another identifier, or is not
// a checkpoint or journal of this version. Delete it, name another with
// --checkpoint, or start over with Restart.
var ErrCheckpointMismatch = errors.New("bulkimport: the checkpoint belongs to another import")

// headBytes is how much of the input the fingerprint hashes.
const headBytes = 64 << 10

// Fingerprint identifies an import: the input file (its size and a hash of
// its first 64 KiB) and the settings that decide which rows are sent. The
// checkpoint and the journal both carry it, and are refused for another.
type Fingerprint struct {
	// Size is the input file's size in bytes.
	Size int64 `json:"size"`
	// HeadSHA256 is the hex SHA-256 of the input's first 64 KiB (of all of
	// it when it is smaller).
	HeadSHA256 string `json:"head_sha256"`
	// Format is the syntax the input is read with.
	Format Format `json:"format"`
	// Identifier is the field users are matched by.
	Identifier string `json:"identifier"`
	// Shard is the shard imported, "i/n" ("0/1" for every row).
	Shard string `json:"shard"`
}

// fingerprint reads the head of the file at path.
func fingerprint(f *os.File, format Format, identifier string, shard Shard) (Fingerprint, error) {
	st, err := f.Stat()
	if err != nil {
		return Fingerprint{}, err
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, headBytes)); err != nil {
		return Fingerprint{}, err
	}
	return Fingerprint{
		Size:       st.Size(),
		HeadSHA256: hex.EncodeToString(h.Sum(nil)),
		Format:     format,
		Identifier: identifier,
		Shard:      shard.String(),
	}, nil
}

// Checkpoint is what the checkpoint file holds: every line up to and
// including Line is done (sent, or reported in the failures file), with the
// counts of those lines, summed over every run of the import. Lines done
// above Line are in the journal (see JournalPath), which each save of the
// checkpoint compacts.
type Checkpoint struct {
	// Version is the format's version, 1.
	Version int `json:"version"`
	// Input is the import the checkpoint belongs to.
	Input Fingerprint `json:"input"`
	// Line is the low-water mark: the highest line such that it and every
	// line before it are done.
	Line int64 `json:"line"`
	// Created counts the rows up to Line that created a user.
	Created int64 `json:"created"`
	// Updated counts the rows up to Line that updated a user.
	Updated int64 `json:"updated"`
	// Failed counts the rows up to Line that are in the failures file.
	Failed int64 `json:"failed"`
	// Complete is true once the whole input was read and every row done.
	Complete bool `json:"complete"`
}

// ReadCheckpoint reads a checkpoint file. A missing file is (nil, nil).
func ReadCheckpoint(path string) (*Checkpoint, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var cp Checkpoint
	if err := json.Unmarshal(b, &cp); err != nil || cp.Version != 1 {
		return nil, fmt.Errorf("%w: %s is not a checkpoint file of this version", ErrCheckpointMismatch, path)
	}
	return &cp, nil
}

// writeCheckpoint replaces the file at path atomically (a temporary file,
// fsynced, then renamed): a crash leaves the old checkpoint or the new one,
// never half of one.
func writeCheckpoint(path string, cp *Checkpoint) error {
	b, err := json.MarshalIndent(cp, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(b, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing the checkpoint: %w", err)
	}
	return nil
}
