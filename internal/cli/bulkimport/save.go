package bulkimport

import (
	"sync"
	"sync/atomic"
)

// sink records how rows ended: in the journal and the failures file when
// importing (importSink), in the failures file alone when retrying its rows
// (retrySink).
type sink interface {
	// record records a row done (e.o is not unrecorded), its failure
	// first if fl is not nil. The row is done once record returns nil.
	record(e entry, fl *Failure) error
	// save saves the state, periodically and once at the end (final).
	save(final bool) error
	// close releases the files; complete says every row is done.
	close(complete bool) error
	// pending counts the rows the failures file holds.
	pending() int64
}

// importSink keeps the state of an import: the failures file, the journal
// and the checkpoint.
type importSink struct {
	fsys     fileSystem
	cpPath   string
	base     Checkpoint // the checkpoint the run started from, counts included
	tracker  *tracker
	journal  *journal
	failures *failureWriter
	eof      atomic.Bool // the whole input was read

	saveMu sync.Mutex
	last   Checkpoint // the last checkpoint saved
}

func (s *importSink) record(e entry, fl *Failure) error {
	if fl != nil {
		if err := s.failures.write(*fl); err != nil {
			return err
		}
	}
	return s.journal.append(e, func() { s.tracker.done(e) })
}

func (s *importSink) pending() int64 { return s.failures.held() }

// save writes the checkpoint, then compacts the journal. In order:
//
//  1. take the tracker's low-water mark and its counts (of the rows up to
//     the mark), and start noting the journaled rows that pass the mark;
//  2. fsync the failures file, so that the checkpoint never covers a failure
//     a power loss could take back (each failure reached the kernel before
//     its row was journaled, so before step 1);
//  3. write the checkpoint to a temporary file, fsync it and rename it into
//     place;
//  4. with the journal's lock held (appends wait), rewrite the journal with
//     the rows done above the mark of step 1 (those noted since, and the
//     tracker's pending rows) and rename it into place.
//
// A crash before the rename of step 3 leaves the old checkpoint and the old
// journal, which holds every row done above it; a crash between 3 and 4
// leaves the new checkpoint and the old journal, a superset of what is
// needed; after 4, the new pair.
func (s *importSink) save(final bool) error {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	snap := s.tracker.snapshot()
	cp := s.base
	cp.Rows, cp.Line = snap.seq, snap.line
	cp.Created += snap.counts.created
	cp.Updated += snap.counts.updated
	cp.Failed += snap.counts.failed
	cp.Complete = final && s.eof.Load() && snap.caughtUp
	if err := s.failures.sync(); err != nil {
		s.tracker.endSave()
		return err
	}
	if err := writeCheckpoint(s.fsys, s.cpPath, &cp); err != nil {
		s.tracker.endSave()
		return err
	}
	s.last = cp
	return s.journal.compact(s.tracker.endSave)
}

// checkpoint returns the last checkpoint saved.
func (s *importSink) checkpoint() Checkpoint {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	return s.last
}

// close closes the failures file and the journal, which is removed once the
// import is complete: nothing is done above the mark.
func (s *importSink) close(complete bool) error {
	ferr := s.failures.close()
	var jerr error
	if complete {
		jerr = s.journal.remove()
	} else {
		jerr = s.journal.close()
	}
	if ferr != nil {
		return ferr
	}
	return jerr
}
