package bulkimport

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"os"
	"path/filepath"
)

// Fingerprint identifies an import: the input file, all of it, and the
// settings that decide which rows are sent. The checkpoint, the journal and
// the failures file carry it; a run whose fingerprint differs is refused.
type Fingerprint struct {
	// Input is the input file's absolute path when the import began. It
	// tells "this file changed" from "another file's state"; a file moved
	// with its state resumes all the same.
	Input string `json:"input"`
	// Size is the input file's size in bytes.
	Size int64 `json:"size"`
	// SHA256 is the hex SHA-256 of the whole input file.
	SHA256 string `json:"sha256"`
	// Rows is how many rows the file holds (CSV header and blank lines not
	// counted).
	Rows int64 `json:"rows"`
	// Format is the syntax the input is read with.
	Format Format `json:"format"`
	// Identifier is the field users are matched by.
	Identifier string `json:"identifier"`
	// Shard is the shard imported, "i/n" ("0/1" for every row).
	Shard string `json:"shard"`
}

// sameImport reports whether two fingerprints are of the same import: the
// same content and settings, wherever the file is now.
func (f Fingerprint) sameImport(g Fingerprint) bool {
	f.Input, g.Input = "", ""
	return f == g
}

// hashingReader hashes what is read through it.
type hashingReader struct {
	r io.Reader
	h hash.Hash
	n int64
}

func newHashingReader(r io.Reader) *hashingReader { return &hashingReader{r: r, h: sha256.New()} }

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

func (h *hashingReader) sum() string { return hex.EncodeToString(h.h.Sum(nil)) }

// scanInput reads the whole input once, before anything is sent: it hashes
// it, counts its rows and checks what would make it unusable (an empty CSV
// file, a CSV header or record that cannot be read). It returns the
// fingerprint and, for CSV, the header.
func scanInput(f *os.File, o *Options) (Fingerprint, []string, error) {
	fp := Fingerprint{Format: o.Format, Identifier: string(o.Identifier), Shard: o.Shard.String()}
	if abs, err := filepath.Abs(o.Path); err == nil {
		fp.Input = abs
	} else {
		fp.Input = o.Path
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fp, nil, usagef("cannot read the input file: %w", err)
	}
	hr := newHashingReader(f)
	rr, header, err := newRecordReader(hr, o.Format)
	if err != nil {
		return fp, nil, err
	}
	for {
		_, err := rr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if isUsage(err) {
				return fp, nil, err
			}
			return fp, nil, usagef("cannot read the input file: %w", err)
		}
		fp.Rows++
	}
	fp.Size, fp.SHA256 = hr.n, hr.sum()
	return fp, header, nil
}

func isUsage(err error) bool {
	var ue *usageError
	return errors.As(err, &ue)
}
