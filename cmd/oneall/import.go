package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/oneall-go/oneall-go/internal/bulkimport"
	"github.com/oneall-go/oneall-go/wrapper"
)

// importSummaryJSON is what storage import prints on stdout at the end of
// every run that started reading rows: after an interrupt or an error too,
// with "complete": false and the error.
type importSummaryJSON struct {
	Created        int64   `json:"created"`
	Updated        int64   `json:"updated"`
	Failed         int64   `json:"failed"`
	Skipped        int64   `json:"skipped"`
	OtherShards    int64   `json:"other_shards"`
	ElapsedSeconds float64 `json:"elapsed_seconds"`
	RowsPerSecond  float64 `json:"rows_per_second"`
	Complete       bool    `json:"complete"`
	CheckpointLine int64   `json:"checkpoint_line"`
	Checkpoint     string  `json:"checkpoint"`
	Failures       string  `json:"failures,omitempty"`
	// Error is why the run stopped early: "interrupted", or the error.
	Error string `json:"error,omitempty"`
}

func (a *app) storageImport() *cobra.Command {
	var o bulkimport.Options
	var identifier, format, shard string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Synchronize users into the cloud storage from a JSON Lines or CSV file",
		Long: `Synchronize every row of FILE into the cloud storage (an upsert by --identifier),
with --concurrency requests in flight and at most --rate requests per second.

FILE is JSON Lines (.jsonl, .ndjson or .json: one api.StorageUserInput object
per line, plus "user_token" when it is the identifier; a .json file is read as
JSON Lines too, not as one JSON array) or CSV (.csv: a header row, one user per
line; columns login, externalid, user_token, password, given_name, middle_name,
family_name, formatted_name, display_name, preferred_username, email, phone,
gender, birthday, picture_url, profile_url and custom.<key>; empty cells are
left unset). --format overrides the extension.

The file is streamed: memory stays flat for millions of rows. A progress bar is
drawn on stderr when it is a terminal; a summary line ends the run on stderr,
and the counts are printed as JSON on stdout, also when the run is interrupted
or stopped by an error ("complete": false, with "error").

Resume: every line up to the checkpoint's (FILE.checkpoint, saved every second)
is done, and so is every line listed in the journal next to it
(FILE.checkpoint.journal), to which each row is appended the moment it is done.
Ctrl-C stops reading, lets the requests in flight finish and saves the
checkpoint, so the same command resumes without sending a completed row again.
After a crash or a kill (a second Ctrl-C quits at once) the journal still has
every completed row: only the requests that were in flight (at most
--concurrency) are sent again, which is harmless, as synchronize is an upsert.
The journal is not synced to disk: after a power loss, its last rows may be
sent again too. Workers run at most 10,000 lines ahead of the checkpoint: behind
a row that is being retried, the import waits rather than piling up. A
checkpoint or journal is refused for another file, shard or identifier;
--restart starts over. Once an import is complete, the journal is deleted and
running it again sends nothing.

Rows that cannot be parsed, lack the identifier or are refused by OneAll go to
FILE.failures.jsonl ({"line": N, "row": ..., "error": "..."}, passwords
redacted), once each even across crashes, and do not stop the import; errors
no row would escape (wrong API keys, storage not enabled, the network) stop it,
and the same command resumes.

Exit code: 0 when every row was imported, 1 when some failed or on an
interrupt, 2 for a usage error (a missing or unreadable FILE included), 3/4
as for every command when the import could not go on.`,
		Example: `  oneall storage import users.csv --identifier login
  oneall storage import users.jsonl --identifier externalid --concurrency 16 --rate 200
  oneall storage import users.jsonl --shard 0/4   # on four machines: 0/4, 1/4, 2/4, 3/4`,
		Args: exactArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Path = args[0]
			var err error
			if o.Identifier, err = bulkimport.ParseIdentifier(identifier); err != nil {
				return err
			}
			if format != "" {
				if o.Format, err = bulkimport.ParseFormat(format); err != nil {
					return err
				}
			}
			if shard != "" {
				if o.Shard, err = bulkimport.ParseShard(shard); err != nil {
					return err
				}
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			return a.runImport(cmd.Context(), c, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&identifier, "identifier", "login", "the field that matches rows to users: login, externalid or user_token")
	f.StringVar(&format, "format", "", "jsonl (JSON Lines, one object per line; also ndjson) or csv (default: from the extension: .jsonl, .ndjson and .json are JSON Lines, .csv is CSV)")
	f.IntVar(&o.Concurrency, "concurrency", bulkimport.DefaultConcurrency, "requests in flight at once")
	f.Float64Var(&o.Rate, "rate", 0, "at most this many requests per second (0: no limit)")
	f.StringVar(&o.CheckpointPath, "checkpoint", "", "the checkpoint file (default FILE.checkpoint); the journal is this name plus .journal")
	f.StringVar(&o.FailuresPath, "failures", "", "the failures file (default FILE.failures.jsonl)")
	f.StringVar(&shard, "shard", "", "import only shard i/n of the rows (by a hash of the identifier), e.g. 0/4")
	f.BoolVar(&o.Restart, "restart", false, "ignore an existing checkpoint, journal and failures file and start over")
	_ = cmd.RegisterFlagCompletionFunc("identifier", cobra.FixedCompletions([]string{"login", "externalid", "user_token"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"jsonl", "csv"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func (a *app) runImport(ctx context.Context, c *wrapper.Client, o bulkimport.Options) error {
	var bar *progressbar.ProgressBar
	if a.stderrIsTerminal() {
		total := int64(-1)
		if n, err := bulkimport.CountLines(o.Path); err == nil {
			total = n
		}
		bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionSetDescription("importing"),
			progressbar.OptionSetItsString("rows"),
			progressbar.OptionShowIts(),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionFullWidth(),
			progressbar.OptionClearOnFinish(),
		)
		o.Progress = bar
	}
	noted := make(chan struct{})
	stopNote := context.AfterFunc(ctx, func() {
		defer close(noted)
		fmt.Fprintln(a.stderr, "\noneall: interrupted: finishing the requests in flight and saving the checkpoint (Ctrl-C again to quit at once)")
	})
	if !o.Restart {
		cp, err := bulkimport.ReadCheckpoint(checkpointPath(o))
		journal := bulkimport.JournalPath(checkpointPath(o))
		_, jErr := os.Stat(journal)
		switch {
		case err == nil && cp != nil && !cp.Complete:
			fmt.Fprintf(a.stderr, "oneall: resuming after line %d (checkpoint %s)\n", cp.Line, checkpointPath(o))
		case err == nil && cp == nil && jErr == nil:
			fmt.Fprintf(a.stderr, "oneall: resuming (journal %s)\n", journal)
		}
	}
	st, err := bulkimport.Run(ctx, c.Storage, o)
	if !stopNote() {
		<-noted // the note is being written: stderr is not safe for two writers
	}
	if bar != nil {
		_ = bar.Finish()
	}
	if st.Elapsed > 0 && (err == nil || st.Rows() > 0 || st.Skipped > 0) {
		fmt.Fprintln(a.stderr, st.Summary())
	}
	if st.Started {
		if perr := a.printJSON(importSummary(st, o, err)); perr != nil && err == nil {
			return perr
		}
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("import interrupted at line %d: run the same command to resume", st.Checkpoint.Line)
		}
		if st.Checkpoint.Line > 0 {
			return fmt.Errorf("%w (the checkpoint is at line %d: run the same command to resume)", err, st.Checkpoint.Line)
		}
		return err
	}
	if st.Skipped > 0 && st.Rows() == 0 && st.OtherShards == 0 {
		fmt.Fprintf(a.stderr, "oneall: the checkpoint says every row was imported already; --restart imports the file again\n")
	}
	if st.Failed > 0 {
		return fmt.Errorf("%d %s failed: see %s", st.Failed, plural(st.Failed, "row", "rows"), failuresPath(o))
	}
	return nil
}

// importSummary is the JSON summary of a run; err is how it ended.
func importSummary(st bulkimport.Stats, o bulkimport.Options, err error) importSummaryJSON {
	secs := st.Elapsed.Seconds()
	sum := importSummaryJSON{
		Created: st.Created, Updated: st.Updated, Failed: st.Failed, Skipped: st.Skipped, OtherShards: st.OtherShards,
		ElapsedSeconds: float64(st.Elapsed.Milliseconds()) / 1000, Complete: st.Checkpoint.Complete && err == nil,
		CheckpointLine: st.Checkpoint.Line, Checkpoint: checkpointPath(o),
	}
	if secs > 0 {
		sum.RowsPerSecond = float64(int64(float64(st.Rows())/secs*10)) / 10
	}
	if st.Failed > 0 {
		sum.Failures = failuresPath(o)
	}
	switch {
	case errors.Is(err, context.Canceled):
		sum.Error = "interrupted"
	case err != nil:
		sum.Error = oneLine(err)
	}
	return sum
}

func checkpointPath(o bulkimport.Options) string {
	if o.CheckpointPath != "" {
		return o.CheckpointPath
	}
	return o.Path + ".checkpoint"
}

func failuresPath(o bulkimport.Options) string {
	if o.FailuresPath != "" {
		return o.FailuresPath
	}
	return o.Path + ".failures.jsonl"
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
