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
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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
//	{"oneall_import_journal":1,"input":{...the checkpoint's fingerprint...}}
//	1234 c
//	1236 u
//	1235 f
//
// The first line is the header: the version and the Fingerprint of the
// import, which must match as the checkpoint's must. Then one record per
// line: the line number of a row of the input and how it ended, c
// (created), u (updated) or f (failed: it is in the failures file). Lines
// that send nothing (blank lines, the CSV header, rows of other shards) are
// not recorded: a resume reads them again at no cost. A last record without
// its newline was cut short and is ignored.
//
// The rows done are the union of the lines up to the checkpoint's Line and
// the lines in the journal. Each checkpoint save compacts the journal: once
// the new checkpoint is renamed into place, the journal is rewritten (to a
// temporary file, renamed over it) with only the rows done above the new
// mark, and appending goes on in the new file. A crash between any two of
// these steps leaves a checkpoint and a journal whose union holds every row
// done; a row may then be both below the mark and in the journal, which is
// harmless (records at or below the mark are ignored, counts included).

// JournalPath is the journal kept next to the checkpoint at checkpointPath:
// checkpointPath + ".journal".
func JournalPath(checkpointPath string) string { return checkpointPath + ".journal" }

// journalVersion is the version a journal's header carries.
const journalVersion = 1

// journalHeader is the first line of a journal.
type journalHeader struct {
	Version int         `json:"oneall_import_journal"`
	Input   Fingerprint `json:"input"`
}

// outcome is how a row ended, as the journal records it.
type outcome byte

const (
	// unrecorded lines send nothing: blank lines, the CSV header, rows of
	// other shards. They are not journaled.
	unrecorded outcome = 0
	created    outcome = 'c'
	updated    outcome = 'u'
	failed     outcome = 'f'
)

// entry is one record of the journal.
type entry struct {
	line int64
	o    outcome
}

// journal appends records to the journal file. Its mutex is held across an
// append and the tracker update that follows it, and across a compaction,
// so that a compaction sees exactly the records written so far.
type journal struct {
	path string
	fp   Fingerprint
	mu   sync.Mutex
	f    *os.File
	buf  []byte
}

// readJournal reads the journal at path and returns its records above the
// line after. found is false when there is no journal.
func readJournal(path string, fp Fingerprint, after int64) (entries map[int64]outcome, found bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	head, err := br.ReadBytes('\n')
	var h journalHeader
	if err != nil || json.Unmarshal(head, &h) != nil || h.Version != journalVersion {
		return nil, true, fmt.Errorf("%w: %s is not an import journal of this version; delete it or pass --restart", ErrCheckpointMismatch, path)
	}
	if h.Input != fp {
		return nil, true, fmt.Errorf("%w: %s was written for another input file, shard or identifier; delete it or pass --restart",
			ErrCheckpointMismatch, path)
	}
	entries = map[int64]outcome{}
	for {
		rec, err := br.ReadSlice('\n')
		switch {
		case err == nil:
			if e, ok := parseRecord(rec); ok && e.line > after {
				entries[e.line] = e.o
			}
		case errors.Is(err, bufio.ErrBufferFull):
			// Too long to be a record: skip it.
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return nil, true, fmt.Errorf("reading %s: %w", path, err)
			}
		case err == io.EOF:
			return entries, true, nil // a last record without its newline was cut short
		default:
			return nil, true, fmt.Errorf("reading %s: %w", path, err)
		}
	}
}

// parseRecord parses "LINE K\n"; ok is false for anything else.
func parseRecord(rec []byte) (e entry, ok bool) {
	num, kind, found := bytes.Cut(bytes.TrimSuffix(rec, []byte("\n")), []byte(" "))
	if !found || len(kind) != 1 {
		return e, false
	}
	switch o := outcome(kind[0]); o {
	case created, updated, failed:
		e.o = o
	default:
		return e, false
	}
	n, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil || n < 1 {
		return e, false
	}
	e.line = n
	return e, true
}

// appendRecord formats one record.
func appendRecord(b []byte, e entry) []byte {
	b = strconv.AppendInt(b, e.line, 10)
	return append(b, ' ', byte(e.o), '\n')
}

// createJournal replaces the journal at path with one that holds entries,
// and opens it to append.
func createJournal(path string, fp Fingerprint, entries []entry) (*journal, error) {
	j := &journal{path: path, fp: fp}
	if err := j.rewriteLocked(entries); err != nil {
		j.close()
		return nil, err
	}
	return j, nil
}

// removeStaleTemps deletes the temporary files that a crash in the middle
// of replacing the file at path (a checkpoint or a journal) left behind:
// those named as os.CreateTemp names them, "." + base + "." + digits + ".tmp".
func removeStaleTemps(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + "."
	for _, e := range ents {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		digits, ok := strings.CutSuffix(rest, ".tmp")
		if _, err := strconv.ParseUint(digits, 10, 64); ok && err == nil {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// appendLocked writes one record with one write(2), unbuffered: when it
// returns, the record survives the process. j.mu must be held.
func (j *journal) appendLocked(e entry) error {
	if j.f == nil {
		return errors.New("writing the journal: it could not be reopened after its compaction")
	}
	j.buf = appendRecord(j.buf[:0], e)
	if _, err := j.f.Write(j.buf); err != nil {
		return fmt.Errorf("writing the journal: %w", err)
	}
	return nil
}

// rewriteLocked writes a new journal holding entries to a temporary file,
// renames it over the journal and appends to it from then on. On an error
// the old journal stays in place and in use. j.mu must be held (or j not
// yet shared).
func (j *journal) rewriteLocked(entries []entry) error {
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.line, b.line) })
	head, err := json.Marshal(journalHeader{Version: journalVersion, Input: j.fp})
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(j.path), "."+filepath.Base(j.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing the journal: %w", err)
	}
	w := bufio.NewWriterSize(tmp, 64<<10)
	w.Write(append(head, '\n')) //nolint:errcheck // Flush reports it
	var rec []byte
	for _, e := range entries {
		rec = appendRecord(rec[:0], e)
		w.Write(rec) //nolint:errcheck // Flush reports it
	}
	err = w.Flush()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing the journal: %w", err)
	}
	// Appends wait for j.mu, so closing the old file before the rename (as
	// some systems require of a file renamed over) and opening the new one
	// after it loses nothing.
	if j.f != nil {
		j.f.Close()
		j.f = nil
	}
	renameErr := os.Rename(tmp.Name(), j.path)
	if renameErr != nil {
		os.Remove(tmp.Name())
	}
	f, err := os.OpenFile(j.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("opening the journal: %w", err)
	}
	j.f = f
	if renameErr != nil {
		return fmt.Errorf("writing the journal: %w", renameErr)
	}
	return nil
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
	if err := os.Remove(j.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
