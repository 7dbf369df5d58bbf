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
)

// Failure is one line of the failures file.
type Failure struct {
	// Line is the row's line number in the input.
	Line int64 `json:"line"`
	// Row is the row with its password redacted: a JSON object for JSON
	// Lines input, the CSV line as a string for CSV input, or null when the
	// line could not be parsed well enough to be sure the password is out.
	Row json.RawMessage `json:"row"`
	// Error says why the row was not imported.
	Error string `json:"error"`
}

// failureWriter appends failures to a file it creates on the first one.
// Each failure is written with one write(2), unbuffered, before the row is
// recorded as done in the journal: a row the journal says failed is in the
// failures file even if the process is killed the next instant.
type failureWriter struct {
	path string
	mu   sync.Mutex
	f    *os.File
}

func (fw *failureWriter) write(line int64, row json.RawMessage, cause error) error {
	if len(row) == 0 {
		row = json.RawMessage("null")
	}
	msg := strings.TrimPrefix(cause.Error(), "oneall: ")
	b, err := json.Marshal(Failure{Line: line, Row: row, Error: msg})
	if err != nil {
		return err
	}
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if fw.f == nil {
		f, err := os.OpenFile(fw.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		fw.f = f
	}
	if _, err := fw.f.Write(append(bytes.TrimSpace(b), '\n')); err != nil {
		return fmt.Errorf("writing the failures file: %w", err)
	}
	return nil
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

// recoverFailures prepares the failures file of an import being resumed:
// it cuts off a last line left without its newline by a crash (that row is
// not in the journal, so it is tried again), and returns the lines above
// after that the file reports. A row is written to the failures file just
// before it is journaled, so a crash between the two leaves it only here:
// counting these lines as done keeps it from failing, and being reported,
// twice.
func recoverFailures(path string, after int64) ([]int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []int64
	var size int64 // the bytes up to the end of the last complete line
	br := bufio.NewReaderSize(f, 64<<10)
	for {
		b, err := br.ReadBytes('\n')
		if err == io.EOF {
			if len(b) > 0 {
				if err := f.Truncate(size); err != nil {
					return nil, fmt.Errorf("repairing %s: %w", path, err)
				}
			}
			return lines, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		size += int64(len(b))
		var fl struct {
			Line int64 `json:"line"`
		}
		if json.Unmarshal(b, &fl) == nil && fl.Line > after {
			lines = append(lines, fl.Line)
		}
	}
}
