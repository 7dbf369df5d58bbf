package bulkimport

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"sync"
)

// The journal makes a resume exact after a crash. The checkpoint alone is a
// low-water mark saved every second: the rows done since its last save
// would be sent again. So every row that is done (sent, or written to the
// failures file) is also appended to the journal, a file next to the
// checkpoint, with one write(2) of its own before the row counts as done:
// once that call returns the kernel has the record, and it survives the
// process being killed the next instant (SIGKILL, a panic, an OOM kill).
// The journal is not fsynced: a power loss or a kernel crash may lose its
// last records, and then those rows are sent again.
//
// The journal is a text file:
//
//	{"oneall_import_journal":2,"input":{...the import's Fingerprint...}}
//	1234 1240 c
//	1236 1242 u
//	1235 1241 f
//
// The first line is the header: the version and the Fingerprint of the
// import, which must match as the checkpoint's must. Then one record per
// row: its number (seq), the line it starts on, and how it ended, c
// (created), u (updated) or f (failed: it is in the failures file). Rows
// that sent nothing (rows of other shards) are not recorded: a resume reads
// them again at no cost. A last record without its newline was cut short
// and is ignored.
//
// The rows done are the union of the rows up to the checkpoint's and the
// rows in the journal. Each checkpoint save compacts the journal: once the
// new checkpoint is renamed into place, the journal is rewritten (to a
// temporary file, renamed over it) with only the rows done above the new
// mark, and appending goes on in the new file. A crash between any two of
// these steps leaves a checkpoint and a journal whose union holds every row
// done; a row may then be both below the mark and in the journal, which is
// harmless (records at or below the mark are ignored, counts included).

// journalVersion is the version a journal's header carries.
const journalVersion = 2

// journalMarker starts every journal: it is how a journal is told from a
// file the import did not write.
const journalMarker = `{"oneall_import_journal":`

// journalHeader is the first line of a journal.
type journalHeader struct {
	Version int         `json:"oneall_import_journal"`
	Input   Fingerprint `json:"input"`
}

// journal appends records to the journal file. It owns its lock: an append
// and the tracker update that follows it, and a compaction, exclude each
// other, so that a compaction sees exactly the records written so far.
type journal struct {
	fsys fileSystem
	path string
	fp   Fingerprint
	mu   sync.Mutex
	f    file
	buf  []byte
}

// readJournal reads the journal at path, known to be one (see
// classifyState), and returns its header and its records above the row
// after.
func readJournal(path string, after int64) (journalHeader, []entry, error) {
	var h journalHeader
	f, err := os.Open(path)
	if err != nil {
		return h, nil, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	head, err := br.ReadBytes('\n')
	if err != nil || json.Unmarshal(head, &h) != nil || h.Version != journalVersion {
		return h, nil, usagef("%s is a damaged import journal, or one of another version of oneall: move it away, or start over with --restart", path)
	}
	var out []entry
	for {
		rec, err := br.ReadSlice('\n')
		switch {
		case err == nil:
			if e, ok := parseRecord(rec); ok && e.seq > after {
				out = append(out, e)
			}
		case errors.Is(err, bufio.ErrBufferFull):
			// Too long to be a record: skip it.
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return h, nil, fmt.Errorf("reading %s: %w", path, err)
			}
		case err == io.EOF:
			return h, out, nil // a last record without its newline was cut short
		default:
			return h, nil, fmt.Errorf("reading %s: %w", path, err)
		}
	}
}

// parseRecord parses "SEQ LINE K\n"; ok is false for anything else.
func parseRecord(rec []byte) (e entry, ok bool) {
	fields := bytes.Fields(rec)
	if len(fields) != 3 || len(fields[2]) != 1 {
		return e, false
	}
	switch o := outcome(fields[2][0]); o {
	case created, updated, failed:
		e.o = o
	default:
		return e, false
	}
	seq, err1 := strconv.ParseInt(string(fields[0]), 10, 64)
	line, err2 := strconv.ParseInt(string(fields[1]), 10, 64)
	if err1 != nil || err2 != nil || seq < 1 || line < 1 {
		return e, false
	}
	e.seq, e.line = seq, line
	return e, true
}

// appendRecord formats one record.
func appendRecord(b []byte, e entry) []byte {
	b = strconv.AppendInt(b, e.seq, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, e.line, 10)
	return append(b, ' ', byte(e.o), '\n')
}

// createJournal replaces the journal at path with one that holds entries,
// and opens it to append.
func createJournal(fsys fileSystem, path string, fp Fingerprint, entries []entry) (*journal, error) {
	j := &journal{fsys: fsys, path: path, fp: fp}
	if err := j.compact(func() []entry { return entries }); err != nil {
		return nil, err
	}
	return j, nil
}

// append writes one record with one write(2), unbuffered, then calls then
// (the tracker's update) before any compaction can run. When append
// returns, the record survives the process.
func (j *journal) append(e entry, then func()) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return errors.New("writing the journal: it could not be reopened after its compaction")
	}
	j.buf = appendRecord(j.buf[:0], e)
	if _, err := j.f.Write(j.buf); err != nil {
		return fmt.Errorf("writing the journal: %w", err)
	}
	then()
	return nil
}

// compact replaces the journal with one holding the records that entries
// returns (called with the journal's lock held, so that no append comes in
// between), through a temporary file renamed over it; appends then go to
// the new file. On an error the old journal stays in place and in use.
func (j *journal) compact(entries func() []entry) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	es := entries()
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.seq, b.seq) })
	head, err := json.Marshal(journalHeader{Version: journalVersion, Input: j.fp})
	if err != nil {
		return err
	}
	// Appends wait for j.mu, so closing the old file before the rename (as
	// some systems require of a file renamed over) and opening the new one
	// after it loses nothing.
	if j.f != nil {
		j.f.Close()
		j.f = nil
	}
	err = writeAtomic(j.fsys, j.path, false, func(w *bufio.Writer) error {
		w.Write(append(head, '\n')) //nolint:errcheck // Flush reports it
		var rec []byte
		for _, e := range es {
			rec = appendRecord(rec[:0], e)
			w.Write(rec) //nolint:errcheck // Flush reports it
		}
		return nil
	})
	f, oerr := j.fsys.OpenFile(j.path, os.O_WRONLY|os.O_APPEND, 0)
	if oerr != nil {
		return fmt.Errorf("opening the journal: %w", errors.Join(err, oerr))
	}
	j.f = f
	return err
}

// close closes the journal file, leaving it on disk.
func (j *journal) close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}

// remove closes and deletes the journal: the import is complete.
func (j *journal) remove() error {
	if err := j.close(); err != nil {
		return err
	}
	if err := j.fsys.Remove(j.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
