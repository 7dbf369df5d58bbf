package bulkimport

import (
	"context"
	"errors"
	"os"
)

// earlier is what earlier runs of an import left.
type earlier struct {
	resuming bool
	base     Checkpoint
	journal  []entry        // rows done above the checkpoint
	failed   map[int64]bool // lines in the failures file above the checkpoint, not journaled
	failures *failuresFile  // nil when there is none, or it is replaced
}

// loadEarlier reads the state that earlier runs of the import left, and
// refuses state files that are not this import's (see checkFingerprint).
func loadEarlier(paths statePaths, fp Fingerprint, restart bool) (*earlier, error) {
	named := paths.named()
	cpN, jN, fN := named[0], named[1], named[3]
	e := &earlier{}
	ck, err := classifyState(cpN)
	if err != nil {
		return nil, err
	}
	jk, err := classifyState(jN)
	if err != nil {
		return nil, err
	}
	fk, err := classifyState(fN)
	if err != nil {
		return nil, err
	}
	if ck == stateOurs {
		cp, err := readCheckpoint(cpN.path)
		switch {
		case err != nil && !restart:
			return nil, err
		case err == nil:
			if err := checkFingerprint(cpN, cp.Input, fp, restart); err != nil {
				return nil, err
			}
			if !restart {
				e.base, e.resuming = *cp, true
			}
		}
	}
	if jk == stateOurs {
		h, entries, err := readJournal(jN.path, e.base.Rows)
		switch {
		case err != nil && !restart:
			return nil, err
		case err == nil:
			if err := checkFingerprint(jN, h.Input, fp, restart); err != nil {
				return nil, err
			}
			if !restart {
				e.journal, e.resuming = entries, true
			}
		}
	}
	if fk == stateOurs {
		ff, err := readFailuresFile(fN.path)
		switch {
		case err != nil && !restart:
			return nil, err
		case err == nil:
			if err := checkFingerprint(fN, ff.header.Input, fp, restart); err != nil {
				return nil, err
			}
			if e.resuming {
				e.failures = ff
			}
		}
	}
	if e.failures != nil {
		// A row is written to the failures file just before it is
		// journaled: a kill between the two leaves it only there. Counting
		// it as done keeps it from failing, and being reported, twice.
		journaled := make(map[int64]bool, len(e.journal))
		for _, x := range e.journal {
			journaled[x.line] = true
		}
		e.failed = map[int64]bool{}
		for _, fl := range e.failures.failures {
			if fl.Line > e.base.Line && !journaled[fl.Line] {
				e.failed[fl.Line] = true
			}
		}
	}
	return e, nil
}

// repairFailures makes a resumed failures file whole: a last line cut
// short by a crash is dropped (its row is not journaled: it is tried
// again), a last failure left without its newline gets one.
func repairFailures(fsys fileSystem, path string, fp Fingerprint, ff *failuresFile) error {
	switch {
	case ff.torn:
		return writeFailuresFile(fsys, path, fp, ff.failures)
	case ff.unterminated:
		f, err := fsys.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return err
		}
		_, err = f.Write([]byte("\n"))
		return errors.Join(err, f.Close())
	}
	return nil
}

// importRows runs an import: every row not done yet is sent.
func importRows(ctx context.Context, s Syncer, o *Options, d deps, f *os.File, fp Fingerprint, pr *parser, paths statePaths, st Stats) (Stats, error) {
	e, err := loadEarlier(paths, fp, o.Restart)
	if err != nil {
		return st, err
	}
	for _, p := range []string{paths.checkpoint, paths.journal, paths.failures} {
		removeStaleTemps(d.fs, p)
	}
	if e.failures != nil {
		if err := repairFailures(d.fs, paths.failures, fp, e.failures); err != nil {
			return st, err
		}
	}
	base := e.base
	base.Version, base.Input, base.Complete = checkpointVersion, fp, false
	// The journal is (re)written first: on --restart, a crash before the
	// rest is done leaves a journal of the new import, empty.
	j, err := createJournal(d.fs, paths.journal, fp, e.journal)
	if err != nil {
		return st, err
	}
	if !e.resuming {
		for _, p := range []string{paths.checkpoint, paths.failures} {
			if err := d.fs.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				j.close()
				return st, err
			}
		}
	}
	tr := newTracker(base.Rows, base.Line, e.journal)
	fw := &failureWriter{fsys: d.fs, path: paths.failures, fp: fp}
	if e.failures != nil {
		fw.exists, fw.count = true, int64(len(e.failures.failures))
	}
	sk := &importSink{fsys: d.fs, cpPath: paths.checkpoint, base: base, tracker: tr, journal: j, failures: fw, last: base}
	prior := make(map[int64]bool, len(e.journal))
	for _, x := range e.journal {
		prior[x.seq] = true
	}
	done := base.Rows + int64(len(e.journal)) + int64(len(e.failed))
	classify := func(rec *record) skipKind {
		switch {
		case rec.seq <= base.Rows:
			return doneBefore
		case prior[rec.seq]:
			delete(prior, rec.seq)
			return doneBefore
		case e.failed[rec.line]:
			return failedBefore
		}
		return sendRow
	}
	if e.resuming {
		st.ResumedAt = base.Line
	}
	begin(o, Plan{Rows: fp.Rows, Done: min(done, fp.Rows), ResumedAt: base.Line, Resuming: e.resuming})
	st.Started = true
	p := &pipeline{o: o, parser: pr, sender: newSender(s, o), tracker: tr, sink: sk, classify: classify,
		raw: f, runAhead: d.runAhead, wantSHA256: fp.SHA256, onEOF: func() { sk.eof.Store(true) }}
	runErr := runPipeline(ctx, p, f)
	fill(&st, p)
	saveErr := sk.save(runErr == nil)
	st.Checkpoint = sk.checkpoint()
	st.Complete = saveErr == nil && st.Checkpoint.Complete
	closeErr := sk.close(st.Complete)
	return st, errors.Join(runErr, saveErr, closeErr)
}
