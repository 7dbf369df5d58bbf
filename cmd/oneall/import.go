package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/oneall-go/oneall-go/internal/cli/bulkimport"
)

// importFlags are the flags of storage import.
type importFlags struct {
	o                         bulkimport.Options
	identifier, format, shard string
	maxWait                   time.Duration
}

// storageImportLong is the help of storage import.
const storageImportLong = `Synchronize every row of FILE into the cloud storage (an upsert by --identifier),
with --concurrency rows in flight and at most --rate requests per second.

FILE is JSON Lines (.jsonl, .ndjson or .json: one api.StorageUserInput object
per line, plus "user_token" when it is the identifier; a .json file is read as
JSON Lines too, not as one JSON array) or CSV (.csv, RFC 4180: a header row,
then one user per record; quoted fields may hold commas, quotes and line
breaks; columns login, externalid, user_token, password, given_name,
middle_name, family_name, formatted_name, display_name, preferred_username,
email, phone, gender, birthday, picture_url, profile_url and custom.<key>;
empty cells are left unset). --format overrides the extension. Rows are named
by the line they start on.

Order: rows that share a login, an externalid or an identifier value are sent
one after the other, in the order of the file, at any --concurrency: the
result is the one a sequential import gives. Rows that share none run in
parallel.

Transient failures (429, 500, 502, 503, 504, a reset or lost connection, an
answer cut short) never stop the import: the row waits and is sent again, all
rows pausing together on a 429 for as long as its Retry-After says, for up to
--max-wait per row. Only errors no row would escape stop the import (wrong API
keys, storage not enabled, an unknown host); the same command resumes it.
--retries does not apply here.

The file is read twice, streamed: once to fingerprint it (its SHA-256) and
count its rows, once to import it. Memory stays flat for millions of rows.
A progress bar is drawn on stderr when it is a terminal; a summary line ends
the run on stderr, and the counts are printed as JSON on stdout, also when the
run is interrupted or stopped by an error ("complete": false, with "error").

Resume: the checkpoint (FILE.checkpoint, saved every second) and the journal
next to it (FILE.checkpoint.journal, to which each row is appended the moment
it is done) say which rows are done. Ctrl-C stops reading, lets the requests in
flight finish and saves the checkpoint, so the same command resumes without
sending a completed row again. After a crash or a kill (a second Ctrl-C quits
at once) only the requests that were in flight (at most --concurrency) are
sent again, which is harmless: synchronize is an upsert. If FILE changed
since the import began, the import is refused: --restart imports it from the
first row. A second run of the same import while one runs is refused at once
(FILE.checkpoint.lock).

The import writes only its own files (checkpoint, journal, lock file, failures
file), each marked as the import's and replaced atomically; a --checkpoint or
--failures that names FILE, another of these files or a file the import did
not write is refused (exit 2), and the file is left as it was.

Failures: rows that cannot be parsed, lack the identifier, are refused by
OneAll or give up after --max-wait go to FILE.failures.jsonl (a header line,
then {"line": N, "row": ..., "error": "..."} per row; passwords and other
secrets redacted under any key, at any depth). While that file holds rows the
import exits 1 and says how many; --retry-failures sends exactly those rows
again and removes each from the file once it is imported.

Sharding: --shard i/n imports only the rows whose identifier hashes to i
modulo n, so n machines share one file; --shard auto/n reads i from
JOB_COMPLETION_INDEX, as set by a Kubernetes Indexed Job (docs/k8s-import-job.md).
Each shard keeps its own state: FILE.shard-i-of-n.checkpoint and
FILE.shard-i-of-n.failures.jsonl.

Exit code: 0 when every row was imported, 1 while the failures file holds rows,
on an interrupt or when another run holds the import, 2 for a usage error (a
missing or unreadable FILE, a refused state path, a changed FILE included), 3/4
as for every command when the import could not go on.`

func (a *app) storageImport() *cobra.Command {
	var fl importFlags
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Synchronize users into the cloud storage from a JSON Lines or CSV file",
		Long:  storageImportLong,
		Example: `  oneall storage import users.csv --identifier login
  oneall storage import users.jsonl --identifier externalid --concurrency 16 --rate 200
  oneall storage import users.jsonl --retry-failures   # once the causes are fixed
  oneall storage import users.jsonl --shard 0/4   # on four machines: 0/4, 1/4, 2/4, 3/4`,
		Args: exactArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o, err := fl.options(a, args[0])
			if err != nil {
				return err
			}
			c, err := a.importClient()
			if err != nil {
				return err
			}
			return a.runImport(cmd.Context(), c.Storage, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.identifier, "identifier", "login", "the field that matches rows to users: login, externalid or user_token")
	f.StringVar(&fl.format, "format", "", "jsonl (JSON Lines, one object per line; also ndjson) or csv (default: from the extension: .jsonl, .ndjson and .json are JSON Lines, .csv is CSV)")
	f.IntVar(&fl.o.Concurrency, "concurrency", bulkimport.DefaultConcurrency, "rows in flight at once (1 to 1024)")
	f.Float64Var(&fl.o.Rate, "rate", 0, "at most this many requests per second, retries included (0: no limit; else 0.1 or more)")
	f.DurationVar(&fl.maxWait, "max-wait", bulkimport.DefaultMaxWait, "how long one row may wait out transient failures before it goes to the failures file (0: not at all)")
	f.StringVar(&fl.o.CheckpointPath, "checkpoint", "", "the checkpoint file (default FILE.checkpoint); the journal and the lock file are this name plus .journal and .lock")
	f.StringVar(&fl.o.FailuresPath, "failures", "", "the failures file (default FILE.failures.jsonl)")
	f.StringVar(&fl.shard, "shard", "", "import only shard i/n of the rows (by a hash of the identifier), e.g. 0/4; auto/n takes i from JOB_COMPLETION_INDEX")
	f.BoolVar(&fl.o.Restart, "restart", false, "start over: replace this import's checkpoint, journal and failures file and send every row")
	f.BoolVar(&fl.o.RetryFailures, "retry-failures", false, "send again the rows of the failures file, and only them, removing each once it is imported")
	_ = cmd.RegisterFlagCompletionFunc("identifier", cobra.FixedCompletions([]string{"login", "externalid", "user_token"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"jsonl", "csv"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// options checks the flags and returns the import's options.
func (fl *importFlags) options(a *app, path string) (bulkimport.Options, error) {
	o := fl.o
	o.Path = path
	var err error
	if o.Identifier, err = bulkimport.ParseIdentifier(fl.identifier); err != nil {
		return o, err
	}
	if fl.format != "" {
		if o.Format, err = bulkimport.ParseFormat(fl.format); err != nil {
			return o, err
		}
	}
	if fl.shard != "" {
		if o.Shard, err = bulkimport.ParseShard(fl.shard, a.getenv); err != nil {
			return o, err
		}
	}
	if o.Concurrency < 1 || o.Concurrency > bulkimport.MaxConcurrency {
		return o, usagef("--concurrency must be 1 to %d, got %d", bulkimport.MaxConcurrency, o.Concurrency)
	}
	switch {
	case fl.maxWait < 0:
		return o, usagef("--max-wait must not be negative, got %v", fl.maxWait)
	case fl.maxWait == 0:
		o.MaxWait = -1 // no waiting at all
	default:
		o.MaxWait = fl.maxWait
	}
	return o, nil
}
