package bulkimport

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// Format is the syntax of an input file.
type Format string

const (
	// JSONL is JSON Lines: one api.StorageUserInput-shaped object per line.
	JSONL Format = "jsonl"
	// CSV is RFC 4180 comma-separated values with a header row; see
	// CSVColumns.
	CSV Format = "csv"
)

// MaxLine is the longest row read, in bytes: a JSON Lines line (newline
// excluded) or a CSV record. A longer JSON Lines line is a bad row, reported
// in the failures file; a longer CSV record makes the file unusable (it is
// most likely a quote left open, which swallows the rest of the file).
const MaxLine = 1 << 20

// record is one row of the input, as read: not yet parsed.
type record struct {
	// seq numbers the rows from 1, in file order (the CSV header and blank
	// lines are not rows).
	seq int64
	// line is the line the row starts on, from 1, as an editor shows it.
	line int64
	// text is a JSON Lines row (nil when tooLong); only valid until the
	// next record is read.
	text    []byte
	tooLong bool
	// fields are a CSV row's cells; csvErr says why a CSV row could not be
	// read (fields are then partial).
	fields []string
	csvErr error
	// start and end are a CSV row's byte offsets in the file.
	start, end int64
}

// recordReader returns the rows of an input in order; io.EOF ends them.
type recordReader interface {
	next() (record, error)
}

// newRecordReader reads the rows of r, in format. For CSV it reads the
// header first, which it returns.
func newRecordReader(r io.Reader, format Format) (recordReader, []string, error) {
	if format == CSV {
		cr, err := newCSVReader(r)
		if err != nil {
			return nil, nil, err
		}
		return cr, cr.header, nil
	}
	return &jsonlReader{lr: newLineReader(r)}, nil, nil
}

// jsonlReader returns the non-blank lines of a JSON Lines file.
type jsonlReader struct {
	lr  *lineReader
	seq int64
}

func (r *jsonlReader) next() (record, error) {
	for {
		line, text, tooLong, err := r.lr.next()
		if err != nil {
			return record{}, err
		}
		if !tooLong && len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		r.seq++
		return record{seq: r.seq, line: line, text: text, tooLong: tooLong}, nil
	}
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
			text = bytes.TrimPrefix(text, []byte(utf8BOM))
		}
		if len(text) > MaxLine {
			tooLong, text = true, nil
		}
		return lr.line, text, tooLong, nil
	}
}

const utf8BOM = "\xef\xbb\xbf"

// csvReader returns the records of an RFC 4180 file through encoding/csv:
// a quoted field may hold commas, doubled quotes and line breaks. Each
// record is numbered by the line it starts on.
type csvReader struct {
	cr     *csv.Reader
	limit  *recordLimit
	bom    int64 // bytes of a UTF-8 byte order mark skipped
	seq    int64
	header []string
	// endLine is the last line of the last record read.
	endLine int64
}

// errRecordTooLong stops reading a CSV record past MaxLine.
var errRecordTooLong = errors.New("CSV record too long")

func newCSVReader(r io.Reader) (*csvReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	c := &csvReader{}
	if head, err := br.Peek(len(utf8BOM)); err == nil && string(head) == utf8BOM {
		_, _ = br.Discard(len(utf8BOM))
		c.bom = int64(len(utf8BOM))
	}
	c.limit = &recordLimit{r: br, max: MaxLine + 64<<10}
	c.cr = csv.NewReader(bufio.NewReaderSize(c.limit, 64<<10))
	c.cr.FieldsPerRecord = -1
	c.cr.ReuseRecord = true
	header, err := c.cr.Read()
	switch {
	case err == io.EOF:
		return nil, usagef("the file is empty: a CSV file needs a header row")
	case errors.Is(err, errRecordTooLong):
		return nil, usagef("the CSV header is longer than %d bytes (is a quote left open?)", MaxLine)
	case err != nil:
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, usagef("the CSV header (line %d) is not valid CSV: %v", pe.StartLine, pe.Err)
		}
		return nil, usagef("cannot read the input file: %w", err)
	}
	c.header = append([]string(nil), header...)
	c.endOf(header, nil)
	return c, nil
}

// endOf notes where the record just read ends.
func (c *csvReader) endOf(fields []string, err error) {
	c.limit.mark(c.cr.InputOffset())
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		c.endLine = int64(pe.Line)
	case len(fields) > 0:
		line, _ := c.cr.FieldPos(len(fields) - 1)
		c.endLine = int64(line) + int64(bytes.Count([]byte(fields[len(fields)-1]), []byte{'\n'}))
	}
}

func (c *csvReader) next() (record, error) {
	start := c.cr.InputOffset()
	fields, err := c.cr.Read()
	if err == io.EOF {
		return record{}, io.EOF
	}
	if errors.Is(err, errRecordTooLong) {
		return record{}, usagef("the CSV record after line %d is longer than %d bytes (is a quote left open?)", c.endLine, MaxLine)
	}
	var pe *csv.ParseError
	if err != nil && !errors.As(err, &pe) {
		return record{}, err
	}
	c.endOf(fields, err)
	c.seq++
	rec := record{seq: c.seq, start: start + c.bom, end: c.cr.InputOffset() + c.bom}
	if pe != nil {
		rec.line = int64(pe.StartLine)
		rec.csvErr = fmt.Errorf("invalid CSV at line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
		return rec, nil
	}
	line, _ := c.cr.FieldPos(0)
	rec.line = int64(line)
	rec.fields = fields
	return rec, nil
}

// recordLimit fails a read once more than max bytes were read past the end
// of the last record: encoding/csv would otherwise hold a record of any
// size (an open quote swallows the rest of the file) in memory.
type recordLimit struct {
	r    io.Reader
	max  int64
	read int64 // bytes returned so far
	end  int64 // offset of the end of the last record
	err  error
}

func (l *recordLimit) mark(end int64) { l.end = end }

func (l *recordLimit) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if l.read-l.end > l.max {
		l.err = errRecordTooLong
		return 0, l.err
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}
