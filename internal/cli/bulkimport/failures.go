package bulkimport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"unicode"
)

// The failures file is JSON Lines: a header naming the import, then one
// Failure per row that could not be imported:
//
//	{"oneall_import_failures":1,"input":{...the import's Fingerprint...}}
//	{"line":4,"row":{"login":"carol","password":"[REDACTED]"},"error":"PUT ...: 409 Conflict: ..."}
//
// Each failure is written with one write(2), unbuffered, before the row is
// recorded as done in the journal: a row the journal says failed is in the
// failures file even if the process is killed the next instant.

// failuresVersion is the version a failures file's header carries.
const failuresVersion = 1

// failuresMarker starts every failures file: it is how a failures file is
// told from a file the import did not write.
const failuresMarker = `{"oneall_import_failures":`

// failuresHeader is the first line of a failures file.
type failuresHeader struct {
	Version int         `json:"oneall_import_failures"`
	Input   Fingerprint `json:"input"`
}

// Failure is one row of the failures file.
type Failure struct {
	// Line is the line the row starts on in the input.
	Line int64 `json:"line"`
	// Row is the row with its secrets redacted: a JSON object for JSON
	// Lines input, the CSV record as a string for CSV input, or null when
	// the row could not be parsed well enough to be sure no secret is left.
	Row json.RawMessage `json:"row"`
	// Error says why the row was not imported.
	Error string `json:"error"`
}

// newFailure builds the failure of a row; the error is kept short, and free
// of terminal control characters (a server's message could hold some).
func newFailure(line int64, row json.RawMessage, cause error) Failure {
	if len(row) == 0 {
		row = json.RawMessage("null")
	}
	return Failure{Line: line, Row: row, Error: printable(strings.TrimPrefix(cause.Error(), "oneall: "))}
}

// printable replaces control characters (ESC, CSI, bells, line breaks) by
// spaces, so that printing the text cannot drive a terminal.
func printable(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

func marshalLine(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// failureWriter appends failures to the failures file. It creates the file
// (header and first failure, atomically) on the first failure, unless it
// exists already (a resumed import).
type failureWriter struct {
	fsys   fileSystem
	path   string
	fp     Fingerprint
	exists bool
	mu     sync.Mutex
	f      file
	// count is how many failures the file holds.
	count int64
}

func (fw *failureWriter) write(fl Failure) error {
	b, err := marshalLine(fl)
	if err != nil {
		return err
	}
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if fw.f == nil {
		if !fw.exists {
			head, err := marshalLine(failuresHeader{Version: failuresVersion, Input: fw.fp})
			if err != nil {
				return err
			}
			if err := writeAtomic(fw.fsys, fw.path, false, func(w *bufio.Writer) error {
				w.Write(head)        //nolint:errcheck // Flush reports it
				_, err := w.Write(b) // the first failure, in the same rename
				return err
			}); err != nil {
				return err
			}
			fw.exists = true
			b = nil
		}
		f, err := fw.fsys.OpenFile(fw.path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return fmt.Errorf("opening the failures file: %w", err)
		}
		fw.f = f
	}
	if b != nil {
		if _, err := fw.f.Write(b); err != nil {
			return fmt.Errorf("writing the failures file: %w", err)
		}
	}
	fw.count++
	return nil
}

// held returns how many failures the file holds.
func (fw *failureWriter) held() int64 {
	fw.mu.Lock()
	defer fw.mu.Unlock()
	return fw.count
}

// sync makes the failures written so far durable: it runs before each
// checkpoint save, so that a checkpoint never covers a failure that a power
// loss could take back.
func (fw *failureWriter) sync() error {
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if fw.f == nil {
		return nil
	}
	return fw.f.Sync()
}

// close syncs and closes the file.
func (fw *failureWriter) close() error {
	err := fw.sync()
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if fw.f != nil {
		if cerr := fw.f.Close(); err == nil {
			err = cerr
		}
		fw.f = nil
	}
	return err
}

// failuresFile is what a failures file holds.
type failuresFile struct {
	header   failuresHeader
	failures []Failure
	// torn is true when the last line was cut short (a crash in the middle
	// of a write): it is not a failure.
	torn bool
	// unterminated is true when the last line, a whole failure, lacks its
	// newline (the file was edited).
	unterminated bool
}

// readFailuresFile reads a failures file known to be one (see
// classifyState).
func readFailuresFile(path string) (*failuresFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	head, err := br.ReadBytes('\n')
	ff := &failuresFile{}
	if err != nil || json.Unmarshal(head, &ff.header) != nil || ff.header.Version != failuresVersion {
		return nil, usagef("%s is a damaged failures file, or one of another version of oneall: move it away, or start over with --restart", path)
	}
	for {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			var fl Failure
			ok := json.Unmarshal(b, &fl) == nil && fl.Line > 0
			switch {
			case ok && err == io.EOF:
				ff.unterminated = true
				ff.failures = append(ff.failures, fl)
			case ok:
				ff.failures = append(ff.failures, fl)
			case err == io.EOF:
				ff.torn = true
			}
		}
		if err == io.EOF {
			return ff, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
	}
}

// writeFailuresFile replaces the failures file with one holding failures,
// atomically; with none, it removes the file.
func writeFailuresFile(fsys fileSystem, path string, fp Fingerprint, failures []Failure) error {
	if len(failures) == 0 {
		if err := fsys.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	head, err := marshalLine(failuresHeader{Version: failuresVersion, Input: fp})
	if err != nil {
		return err
	}
	return writeAtomic(fsys, path, true, func(w *bufio.Writer) error {
		w.Write(head) //nolint:errcheck // Flush reports it
		for _, fl := range failures {
			b, err := marshalLine(fl)
			if err != nil {
				return err
			}
			w.Write(b) //nolint:errcheck // Flush reports it
		}
		return nil
	})
}
