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

// ErrCheckpointMismatch is returned when the checkpoint file was written for
// another input (another file, or the same file changed since), another
// shard or another identifier. Delete it, name another with --checkpoint, or
// start over with Restart.
var ErrCheckpointMismatch = errors.New("bulkimport: the checkpoint belongs to another import")

// headBytes is how much of the input the fingerprint hashes.
const headBytes = 64 << 10

// Fingerprint identifies an import: the input file (its size and a hash of
// its first 64 KiB) and the settings that decide which rows are sent.
type Fingerprint struct {
	Size       int64  `json:"size"`
	HeadSHA256 string `json:"head_sha256"`
	Format     Format `json:"format"`
	Identifier string `json:"identifier"`
	Shard      string `json:"shard"`
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
// including Line is done (sent, or reported in the failures file), and the
// counts so far, summed over every run of the import.
type Checkpoint struct {
	Version int         `json:"version"`
	Input   Fingerprint `json:"input"`
	// Line is the low-water mark: the highest line such that it and every
	// line before it are done.
	Line    int64 `json:"line"`
	Created int64 `json:"created"`
	Updated int64 `json:"updated"`
	Failed  int64 `json:"failed"`
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

// writeCheckpoint replaces the file at path atomically: a crash leaves the
// old checkpoint or the new one, never half of one.
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
