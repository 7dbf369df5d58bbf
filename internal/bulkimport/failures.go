package bulkimport

import (
	"bufio"
	"bytes"
	"encoding/json"
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
type failureWriter struct {
	path string
	mu   sync.Mutex
	f    *os.File
	w    *bufio.Writer
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
		fw.f, fw.w = f, bufio.NewWriter(f)
	}
	if _, err := fw.w.Write(append(bytes.TrimSpace(b), '\n')); err != nil {
		return err
	}
	return nil
}

// flush writes buffered failures to disk.
func (fw *failureWriter) flush() error {
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if fw.f == nil {
		return nil
	}
	if err := fw.w.Flush(); err != nil {
		return err
	}
	return fw.f.Sync()
}

// close flushes and closes the file.
func (fw *failureWriter) close() error {
	err := fw.flush()
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if fw.f != nil {
		if cerr := fw.f.Close(); err == nil {
			err = cerr
		}
		fw.f, fw.w = nil, nil
	}
	return err
}
