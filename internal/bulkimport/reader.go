// Package bulkimport synchronizes users into OneAll's User Cloud Storage from
// a JSON Lines or CSV file: it streams the file in constant memory, sends the
// rows through a bounded pool of workers with an optional rate limit, and
// writes the rows that failed to a failures file (JSON Lines, passwords
// redacted). It is the engine behind `oneall storage import` and knows
// nothing about the command line.
//
// An interrupted import resumes where it stopped, without sending a row
// that was done again. Two files next to each other say what is done: the
// checkpoint (FILE.checkpoint), a low-water mark saved atomically every
// second and at the end, and the journal (FILE.checkpoint.journal, see
// JournalPath), to which every row done is appended with a write(2) of its
// own the moment it is done, so that it survives the process being killed.
// After Ctrl-C (a cancelled context) the requests in flight finish and
// nothing is sent again; after a crash (SIGKILL, a panic) only the rows whose
// requests were in flight, at most Options.Concurrency, are sent again;
// after a power loss, the rows of the journal's unsynced last records too.
// Synchronize is an upsert, so a row sent twice does no harm beyond the
// request.
package bulkimport

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// MaxLine is the longest line read, newline excluded. A longer line is a bad
// row (reported in the failures file), never a reason to stop.
const MaxLine = 1 << 20

// Format is the syntax of an input file.
type Format string

const (
	// JSONL is JSON Lines: one api.StorageUserInput-shaped object per line.
	JSONL Format = "jsonl"
	// CSV is comma-separated values with a header row; see CSVColumns.
	CSV Format = "csv"
)

// FormatFromPath picks the format by extension: .jsonl, .ndjson and .json
// are JSONL, .csv is CSV. It returns "" for anything else.
func FormatFromPath(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	case ".csv":
		return CSV
	}
	return ""
}

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case JSONL, CSV:
		return f, nil
	case "ndjson":
		return JSONL, nil
	}
	return "", fmt.Errorf("%w: format must be jsonl or csv, got %q", wrapper.ErrInvalidInput, s)
}

// ParseIdentifier checks an --identifier value.
func ParseIdentifier(s string) (wrapper.IdentifierField, error) {
	switch f := wrapper.IdentifierField(s); f {
	case wrapper.ByLogin, wrapper.ByExternalID, wrapper.ByUserToken:
		return f, nil
	}
	return "", fmt.Errorf("%w: identifier must be login, externalid or user_token, got %q", wrapper.ErrInvalidInput, s)
}

// lineReader returns the lines of r one at a time, numbered from 1, with the
// newline (and a trailing \r) removed. A line longer than MaxLine is
// returned as tooLong with no text, and reading goes on after it.
type lineReader struct {
	br   *bufio.Reader
	buf  []byte
	line int64
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next line. text is only valid until the next call.
func (lr *lineReader) next() (line int64, text []byte, tooLong bool, err error) {
	lr.buf = lr.buf[:0]
	for {
		chunk, err := lr.br.ReadSlice('\n')
		if !tooLong {
			if len(lr.buf)+len(chunk) > MaxLine+2 { // +2: room for "\r\n"
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch {
		case err == nil: // a complete line
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(lr.buf) == 0 && !tooLong && len(chunk) == 0 {
				return lr.line, nil, false, io.EOF
			}
		default:
			return lr.line, nil, false, err
		}
		lr.line++
		text = bytes.TrimSuffix(bytes.TrimSuffix(lr.buf, []byte("\n")), []byte("\r"))
		if lr.line == 1 {
			text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf")) // UTF-8 BOM
		}
		if len(text) > MaxLine {
			tooLong, text = true, nil
		}
		return lr.line, text, tooLong, nil
	}
}

// CountLines counts the lines of the file at path, streaming: the total of
// a progress bar. A last line without a newline counts.
func CountLines(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	buf := make([]byte, 256<<10)
	var n int64
	var last byte = '\n'
	for {
		k, err := f.Read(buf)
		if k > 0 {
			n += int64(bytes.Count(buf[:k], []byte{'\n'}))
			last = buf[k-1]
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	if last != '\n' {
		n++
	}
	return n, nil
}

// Kind says what a line of the input is.
type Kind int

const (
	// Data is a row to synchronize.
	Data Kind = iota
	// Bad is a row that cannot be synchronized: Row.Err says why.
	Bad
	// Blank is an empty line or the CSV header: nothing to do.
	Blank
)

// Row is one parsed line of the input.
type Row struct {
	// Line is the line number in the file, from 1 (in a CSV file the header
	// is line 1 and the first data row line 2), as an editor shows it.
	Line int64
	// Kind says whether the row is data, bad or blank.
	Kind Kind
	// ID is the value of the identifier field; empty for a bad row.
	ID string
	// Input is the user to send.
	Input api.StorageUserInput
	// Err is why a bad row is bad.
	Err error
}

// Parser turns lines into rows and redacts rows for the failures file. It
// is safe for concurrent use once made.
type Parser struct {
	format     Format
	identifier wrapper.IdentifierField
	// csv only
	columns []csvColumn
	pwIndex int // index of the password column, or -1
}

// NewParser returns a parser for format. For CSV, header is the first line
// of the file; it is checked here (known columns, identifier present).
func NewParser(format Format, identifier wrapper.IdentifierField, header []byte) (*Parser, error) {
	p := &Parser{format: format, identifier: identifier, pwIndex: -1}
	if format != CSV {
		return p, nil
	}
	fields, err := splitCSV(header)
	if err != nil {
		return nil, fmt.Errorf("%w: CSV header: %v", wrapper.ErrInvalidInput, err)
	}
	seen := map[string]bool{}
	hasID := false
	for i, f := range fields {
		name := strings.ToLower(strings.TrimSpace(f))
		col, ok := lookupColumn(name)
		if !ok {
			return nil, fmt.Errorf("%w: CSV header: unknown column %q (known: %s, and custom.<key>)",
				wrapper.ErrInvalidInput, truncate(f, 40), strings.Join(CSVColumns(), ", "))
		}
		if seen[name] {
			return nil, fmt.Errorf("%w: CSV header: column %q appears twice", wrapper.ErrInvalidInput, name)
		}
		seen[name] = true
		if name == "password" {
			p.pwIndex = i
		}
		if name == string(identifier) {
			hasID = true
		}
		p.columns = append(p.columns, col)
	}
	if !hasID {
		return nil, fmt.Errorf("%w: CSV header has no %q column (the --identifier)", wrapper.ErrInvalidInput, identifier)
	}
	return p, nil
}

// Parse parses one line. It never fails: a line that cannot be used is a
// Bad row.
func (p *Parser) Parse(line int64, text []byte, tooLong bool) Row {
	r := Row{Line: line}
	switch {
	case tooLong:
		r.Kind, r.Err = Bad, fmt.Errorf("line longer than %d bytes", MaxLine)
		return r
	case len(bytes.TrimSpace(text)) == 0:
		r.Kind = Blank
		return r
	}
	var err error
	if p.format == CSV {
		r.ID, r.Input, err = p.parseCSV(text)
	} else {
		r.ID, r.Input, err = p.parseJSON(text)
	}
	if err != nil {
		r.Kind, r.Err = Bad, err
	}
	return r
}

// jsonRow is a JSONL row: the user, plus user_token, which only serves as
// the identifier (--identifier user_token).
type jsonRow struct {
	api.StorageUserInput
	UserToken *string `json:"user_token,omitempty"`
}

func (p *Parser) parseJSON(text []byte) (string, api.StorageUserInput, error) {
	var jr jsonRow
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&jr); err != nil {
		return "", jr.StorageUserInput, fmt.Errorf("invalid JSON: %s", JSONErrorText(err))
	}
	if dec.More() {
		return "", jr.StorageUserInput, errors.New("invalid JSON: more than one value on the line")
	}
	// A member given as null is left out, as one not given at all.
	if jr.Login.IsNull() {
		jr.Login = api.Optional[string]{}
	}
	if jr.ExternalID.IsNull() {
		jr.ExternalID = api.Optional[string]{}
	}
	var id string
	switch p.identifier {
	case wrapper.ByLogin:
		id = jr.Login.Or("")
	case wrapper.ByExternalID:
		id = jr.ExternalID.Or("")
	case wrapper.ByUserToken:
		if jr.UserToken != nil {
			id = *jr.UserToken
		}
	}
	if strings.TrimSpace(id) == "" {
		return "", jr.StorageUserInput, fmt.Errorf("missing identifier: no %q in the row", p.identifier)
	}
	return id, jr.StorageUserInput, nil
}

// JSONErrorText keeps a decoding error short and free of the input's
// values: encoding/json quotes the offending value in some errors, and that
// value could be a password.
func JSONErrorText(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case errors.As(err, &te):
		if te.Field != "" {
			return fmt.Sprintf("field %q must be %s, not %s", te.Field, te.Type, te.Value)
		}
		return fmt.Sprintf("expected %s, not %s", te.Type, te.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of the line"
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "json: unknown field ") {
		return "unknown field " + strings.TrimPrefix(msg, "json: unknown field ")
	}
	if strings.Contains(strings.ToLower(msg), "password") {
		return "the password is not a JSON string"
	}
	return truncate(msg, 200)
}

// Redact returns the row as it goes into the failures file: for JSONL the
// object with "password" replaced by "[REDACTED]", for CSV the line (a JSON
// string) with the password column blanked. It returns nil (JSON null) when
// the line cannot be parsed well enough to be sure the password is out.
func (p *Parser) Redact(text []byte, tooLong bool) json.RawMessage {
	if tooLong {
		return nil
	}
	if p.format == CSV {
		fields, err := splitCSV(text)
		if err != nil || len(fields) != len(p.columns) {
			if p.pwIndex < 0 && err == nil {
				return jsonString(string(text))
			}
			return nil
		}
		if p.pwIndex >= 0 && fields[p.pwIndex] != "" {
			fields = slices.Clone(fields)
			fields[p.pwIndex] = ""
			return jsonString(joinCSV(fields))
		}
		return jsonString(string(text))
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(text, &obj) != nil || obj == nil {
		return nil
	}
	for k := range obj {
		if strings.EqualFold(k, "password") {
			obj[k] = json.RawMessage(`"[REDACTED]"`)
		}
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return nil
	}
	return b
}

func jsonString(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// splitCSV splits one CSV record that fits on one line. Quoted fields may
// hold commas and doubled quotes, not newlines.
func splitCSV(text []byte) ([]string, error) {
	if !bytes.ContainsRune(text, '"') {
		return strings.Split(string(text), ","), nil
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("invalid CSV at column %d: %v", pe.Column, pe.Err)
		}
		return nil, fmt.Errorf("invalid CSV: %v", err)
	}
	if _, err := r.Read(); err != io.EOF {
		return nil, errors.New("invalid CSV: a quoted field spans lines")
	}
	return rec, nil
}

func joinCSV(fields []string) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(fields)
	w.Flush()
	return strings.TrimRight(b.String(), "\r\n")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
