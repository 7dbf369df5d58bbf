package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/oneall-go/oneall-go/internal/cli/bulkimport"
	"github.com/oneall-go/oneall-go/wrapper"
)

// importSummaryJSON is what storage import prints on stdout at the end of
// every run that started reading rows: after an interrupt or an error too,
// with "complete": false and the error.
type importSummaryJSON struct {
	Created     int64 `json:"created"`
	Updated     int64 `json:"updated"`
	Failed      int64 `json:"failed"`
	Skipped     int64 `json:"skipped"`
	OtherShards int64 `json:"other_shards"`
	// Retries counts the requests sent again after transient failures.
	Retries int64 `json:"retries"`
	// PendingFailures counts the rows the failures file holds, from every run.
	PendingFailures int64   `json:"pending_failures"`
	ElapsedSeconds  float64 `json:"elapsed_seconds"`
	RowsPerSecond   float64 `json:"rows_per_second"`
	// Complete is true when every row is done: imported, or in the failures file.
	Complete       bool   `json:"complete"`
	CheckpointLine int64  `json:"checkpoint_line"`
	Checkpoint     string `json:"checkpoint"`
	Failures       string `json:"failures,omitempty"`
	// Error is why the run stopped early: "interrupted", or the error.
	Error string `json:"error,omitempty"`
}

// importClient is the client of an import: without the SDK's retries, as
// the import retries each row itself, for up to --max-wait, and pauses
// every row on a 429.
func (a *app) importClient() (*wrapper.Client, error) {
	if a.retries < 0 {
		return nil, usagef("--timeout must be > 0 and --retries >= 0")
	}
	a.retries = 0
	return a.client()
}

// lockedWriter serializes the writers of stderr: the progress bar, the
// interrupt note and the import's messages.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// importProgress tells the user how far the import is: a note when it
// resumes, and a progress bar on a terminal.
type importProgress struct {
	stderr   io.Writer
	terminal bool
	o        *bulkimport.Options
	bar      *progressbar.ProgressBar
}

func (p *importProgress) Begin(plan bulkimport.Plan) {
	switch {
	case plan.Retrying:
		fmt.Fprintf(p.stderr, "oneall: sending again the %d %s of %s\n", plan.Rows, plural(plan.Rows, "row", "rows"), p.o.FailuresPath)
	case plan.Resuming && plan.ResumedAt > 0:
		fmt.Fprintf(p.stderr, "oneall: resuming after line %d (checkpoint %s): %d of %d rows done\n", plan.ResumedAt, p.o.CheckpointPath, plan.Done, plan.Rows)
	case plan.Resuming:
		fmt.Fprintf(p.stderr, "oneall: resuming (journal %s): %d of %d rows done\n", bulkimport.JournalPath(p.o.CheckpointPath), plan.Done, plan.Rows)
	}
	if !p.terminal {
		return
	}
	p.bar = progressbar.NewOptions64(plan.Rows,
		progressbar.OptionSetWriter(p.stderr),
		progressbar.OptionSetDescription("importing"),
		progressbar.OptionSetItsString("rows"),
		progressbar.OptionShowIts(),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionFullWidth(),
		progressbar.OptionClearOnFinish(),
	)
	_ = p.bar.Set64(plan.Done)
}

func (p *importProgress) Add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

func (p *importProgress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

func (a *app) runImport(ctx context.Context, s bulkimport.Syncer, o bulkimport.Options) error {
	stderr := &lockedWriter{w: a.stderr}
	if o.CheckpointPath == "" || o.FailuresPath == "" {
		cp, fl := bulkimport.DefaultStatePaths(o.Path, o.Shard)
		o.CheckpointPath = cmpOr(o.CheckpointPath, cp)
		o.FailuresPath = cmpOr(o.FailuresPath, fl)
	}
	prog := &importProgress{stderr: stderr, terminal: a.stderrIsTerminal(), o: &o}
	o.Progress = prog
	noted := make(chan struct{})
	stopNote := context.AfterFunc(ctx, func() {
		defer close(noted)
		fmt.Fprintln(stderr, "\noneall: interrupted: finishing the requests in flight and saving the checkpoint (Ctrl-C again to quit at once)")
	})
	st, err := bulkimport.Run(ctx, s, o)
	if !stopNote() {
		<-noted
	}
	prog.finish()
	if st.Started {
		fmt.Fprintln(stderr, st.Summary())
		if perr := a.printJSON(importSummary(st, o, err)); perr != nil && err == nil {
			return perr
		}
	}
	return importOutcome(stderr, st, o, err)
}

// importOutcome is how a run that printed its summary ends: its error with
// how to resume, rows left in the failures file, or a note on a run that
// had nothing to do.
func importOutcome(stderr io.Writer, st bulkimport.Stats, o bulkimport.Options, err error) error {
	if err != nil {
		switch {
		case errors.Is(err, context.Canceled):
			return fmt.Errorf("import interrupted at line %d: run the same command to resume", st.Checkpoint.Line)
		case st.Started && st.Checkpoint.Line > 0:
			return fmt.Errorf("%w (the checkpoint is at line %d: run the same command to resume)", err, st.Checkpoint.Line)
		}
		return err
	}
	if st.Pending > 0 {
		return fmt.Errorf("%d %s in the failures file %s: fix what it reports (or wait for what OneAll refused to change), then run the same command with --retry-failures",
			st.Pending, plural(st.Pending, "row is", "rows are"), o.FailuresPath)
	}
	switch {
	case st.Retrying && st.Rows() == 0:
		fmt.Fprintf(stderr, "oneall: no failures to send again: %s holds none\n", o.FailuresPath)
	case !st.Retrying && st.Skipped > 0 && st.Rows() == 0 && st.OtherShards == 0:
		fmt.Fprintf(stderr, "oneall: the checkpoint says every row was imported already; --restart imports the file again\n")
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// importSummary is the JSON summary of a run; err is how it ended.
func importSummary(st bulkimport.Stats, o bulkimport.Options, err error) importSummaryJSON {
	secs := st.Elapsed.Seconds()
	sum := importSummaryJSON{
		Created: st.Created, Updated: st.Updated, Failed: st.Failed, Skipped: st.Skipped, OtherShards: st.OtherShards,
		Retries: st.Retries, PendingFailures: st.Pending,
		ElapsedSeconds: float64(st.Elapsed.Milliseconds()) / 1000, Complete: st.Complete && err == nil,
		CheckpointLine: st.Checkpoint.Line, Checkpoint: o.CheckpointPath,
	}
	if secs > 0 {
		sum.RowsPerSecond = float64(int64(float64(st.Rows())/secs*10)) / 10
	}
	if st.Pending > 0 {
		sum.Failures = o.FailuresPath
	}
	switch {
	case errors.Is(err, context.Canceled):
		sum.Error = "interrupted"
	case err != nil:
		sum.Error = oneLine(err)
	}
	return sum
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
