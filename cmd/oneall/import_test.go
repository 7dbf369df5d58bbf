package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/internal/cli/bulkimport"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

const syncPath = "/storage/users/user/synchronize.json"

// failuresIn returns the failures of a failures file (its header checked).
func failuresIn(t *testing.T, path string) []bulkimport.Failure {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if !strings.HasPrefix(lines[0], `{"oneall_import_failures":1,`) {
		t.Fatalf("failures file header %q", lines[0])
	}
	var out []bulkimport.Failure
	for _, l := range lines[1:] {
		var f bulkimport.Failure
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("failures line %q: %v", l, err)
		}
		out = append(out, f)
	}
	return out
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestStorageImportCommand(t *testing.T) {
	srv, env := site(t, 0)
	dir := t.TempDir()
	path := filepath.Join(dir, "users.csv")
	write(t, path, "login,password,given_name,email\nann,pw-ann,Ann,ann@example.com\nbob,pw-bob,Bob,\n,pw-nobody,Nobody,\ncarol,pw-carol,Carol,carol@example.com\n")
	r := cli(t, env, "", "storage", "import", path, "--concurrency", "2")
	r.fails(t, exitFailure, "1 row is in the failures file "+path+".failures.jsonl")
	if !strings.Contains(r.stderr, "--retry-failures") {
		t.Errorf("stderr does not say how to retry: %s", r.stderr)
	}
	sum := decode[importSummaryJSON](t, r.stdout)
	if sum.Created != 3 || sum.Failed != 1 || !sum.Complete || sum.CheckpointLine != 5 || sum.PendingFailures != 1 {
		t.Errorf("summary: %+v", sum)
	}
	if !strings.Contains(r.stderr, "imported 4 rows in ") || !strings.Contains(r.stderr, "created 3, updated 0, failed 1, skipped 0 (done before)") {
		t.Errorf("summary line: %s", r.stderr)
	}
	fails := failuresIn(t, path+".failures.jsonl")
	if len(fails) != 1 || fails[0].Line != 4 || string(fails[0].Row) != `",,Nobody,"` {
		t.Errorf("failures: %+v", fails)
	}
	if n := srv.RequestCount("PUT", syncPath); n != 3 {
		t.Errorf("%d synchronize requests, want 3", n)
	}
	// --restart: all updates now (the bad row fails again).
	r = cli(t, env, "", "storage", "import", path, "--restart", "--identifier", "login", "--format", "csv")
	if sum := decode[importSummaryJSON](t, r.stdout); sum.Updated != 3 || sum.Created != 0 || r.code != exitFailure {
		t.Errorf("restart: exit %d, %+v", r.code, sum)
	}

	jsonl := filepath.Join(dir, "users.jsonl")
	write(t, jsonl, `{"login":"j@example.com","externalid":"5"}`+"\n")
	cli(t, env, "", "storage", "import", jsonl).ok(t)
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"bad identifier":   {[]string{path, "--identifier", "email"}, "identifier must be"},
		"bad shard":        {[]string{path, "--shard", "3/3"}, "shard must be"},
		"bad format":       {[]string{path, "--format", "xml"}, "format must be"},
		"other identifier": {[]string{jsonl, "--identifier", "externalid"}, "--restart"},
		"no extension":     {[]string{filepath.Join(dir, "users")}, "cannot tell the format"},
		"concurrency 0":    {[]string{path, "--concurrency", "0"}, "--concurrency must be 1 to 1024"},
		"rate NaN":         {[]string{path, "--rate", "NaN"}, "rate must be 0 (no limit) or 0.1 to"},
		"rate 1e-9":        {[]string{path, "--rate", "1e-9"}, "rate must be 0 (no limit) or 0.1 to"},
		"negative wait":    {[]string{path, "--max-wait", "-1s"}, "--max-wait must not be negative"},
		"auto shard":       {[]string{path, "--shard", "auto/4"}, "JOB_COMPLETION_INDEX, which is not set"},
	} {
		t.Run(name, func(t *testing.T) {
			cli(t, env, "", append([]string{"storage", "import"}, tc.args...)...).fails(t, exitUsage, tc.want)
		})
	}
}

// TestStorageImportInterrupted stops an import as Ctrl-C does (the context
// of run ends), then resumes it: the server's request log shows every row
// sent exactly once: no completed row is sent again.
func TestStorageImportInterrupted(t *testing.T) {
	srv, env := site(t, 0)
	const rows = 2000
	path := filepath.Join(t.TempDir(), "users.jsonl")
	var b strings.Builder
	for i := range rows {
		b.WriteString(`{"login":"u` + strconv.Itoa(i) + `@example.com"}` + "\n")
	}
	write(t, path, b.String())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for srv.RequestCount("PUT", syncPath) < rows/4 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"storage", "import", path}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	first := srv.RequestCount("PUT", syncPath)
	if code != exitFailure || !strings.Contains(errb.String(), "import interrupted at line") || !strings.Contains(errb.String(), "run the same command to resume") {
		t.Fatalf("interrupted import: exit %d, stderr %s", code, errb.String())
	}
	if first >= rows {
		t.Fatalf("the interrupt came after all %d rows", first)
	}
	if part := decode[importSummaryJSON](t, out.String()); part.Complete || part.Error != "interrupted" || part.Created != int64(first) {
		t.Errorf("summary of the interrupted run (%d requests): %+v", first, part)
	}
	r := cli(t, env, "", "storage", "import", path)
	sum := decode[importSummaryJSON](t, r.ok(t))
	if !regexp.MustCompile(`resuming after line \d+ \(checkpoint .*\): \d+ of 2000 rows done`).MatchString(r.stderr) {
		t.Errorf("stderr of the resumed run: %s", r.stderr)
	}
	if n := srv.RequestCount("PUT", syncPath); n != rows {
		t.Fatalf("%d synchronize requests for %d rows (%d before the interrupt): a completed row was sent again", n, rows, first)
	}
	if sum.Skipped != int64(first) || sum.Created != int64(rows-first) || sum.Updated != 0 || !sum.Complete {
		t.Errorf("resumed run after %d rows: %+v", first, sum)
	}
}

// TestStorageImportSoak: 10,000 rows through the CLI's import path, at its
// default settings, against the fake with 20% of the requests failing, of
// every kind of fault (429 with Retry-After, 500, 502, HTML 502, 503, a
// reset, an answer cut short, latency, and the work done then the answer
// lost). One run completes: exactly 10,000 users, each once, each with its
// row's fields; every password looks up; no failures file; the summary adds
// up with the server's request log.
//
// One row in 100 has a password: the fake hashes each with bcrypt, some
// 40 ms under -race. The fake's 429 and 503 ask for its default wait
// ("Retry-After: 0", and 10 ms in Retry-After-Ms, which the SDK does not
// read); bulkimport's TestRateLimitPausesEveryWorker checks that a real
// Retry-After pauses every worker.
func TestStorageImportSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 rows under faults: skipped with -short")
	}
	srv, env := site(t, 0)
	const rows = 10_000
	dir := t.TempDir()
	path := filepath.Join(dir, "users.jsonl")
	var b strings.Builder
	for i := range rows {
		pw := ""
		if i%100 == 0 {
			pw = fmt.Sprintf(`,"password":"pw-%d"`, i)
		}
		fmt.Fprintf(&b, `{"login":"user%d@example.com","externalid":"%d"%s,"identity":{"name":{"givenName":"Given %d","familyName":"Family %d"}}}`+"\n", i, 100000+i, pw, i, i)
	}
	write(t, path, b.String())
	srv.SetFaults(onealltest.Faults{Seed: 2024, Rate: 0.2, Latency: 20 * time.Millisecond})

	start := time.Now()
	r := cli(t, env, "", "storage", "import", path)
	elapsed := time.Since(start)
	sum := decode[importSummaryJSON](t, r.ok(t))
	srv.SetFaults(onealltest.Faults{})
	faults := map[onealltest.FaultKind]int{}
	for _, req := range srv.Requests() {
		faults[req.Fault]++
	}
	t.Logf("%d rows in %v; summary %+v; faults %v", rows, elapsed.Round(time.Millisecond), sum, faults)
	for _, k := range onealltest.FaultKinds() {
		if faults[k] == 0 {
			t.Errorf("no %s fault was injected", k)
		}
	}
	if sum.Created+sum.Updated != rows || sum.Failed != 0 || sum.PendingFailures != 0 || sum.Skipped != 0 || !sum.Complete || sum.Retries == 0 {
		t.Errorf("summary %+v: it does not add up to %d rows imported", sum, rows)
	}
	if n := srv.RequestCount("PUT", syncPath); int64(n) != rows+sum.Retries {
		t.Errorf("the server received %d synchronize requests; the summary says %d rows and %d sent again", n, rows, sum.Retries)
	}
	if lost := faults[onealltest.FaultLost]; sum.Created < int64(rows-lost-faults[onealltest.FaultTruncated]) {
		t.Errorf("only %d rows created, %d lost answers", sum.Created, lost)
	}
	if st := srv.Stats(); st.Users != rows || st.StorageUsers != rows {
		t.Errorf("the server has %d users (%d in storage), want exactly %d", st.Users, st.StorageUsers, rows)
	}
	if _, err := os.Stat(path + ".failures.jsonl"); !os.IsNotExist(err) {
		t.Errorf("a failures file: %v", err)
	}

	// Every user, with its row's fields; every password.
	c := srv.Client()
	var wg sync.WaitGroup
	errs := make(chan error, rows)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < rows; i += 8 {
				l := wrapper.Lookup{Login: fmt.Sprintf("user%d@example.com", i)}
				if i%100 == 0 {
					l.Password = api.Password(fmt.Sprintf("pw-%d", i))
				}
				u, err := c.Storage.LookupUser(context.Background(), l)
				switch {
				case err != nil:
					errs <- fmt.Errorf("row %d: %v", i, err)
				case string(u.ExternalID) != strconv.Itoa(100000+i) || u.Identity.Name.GivenName != fmt.Sprintf("Given %d", i) ||
					u.Identity.Name.FamilyName != fmt.Sprintf("Family %d", i):
					errs <- fmt.Errorf("row %d: stored as %+v", i, u)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	n := 0
	for err := range errs {
		if n++; n <= 5 {
			t.Error(err)
		}
	}
	if n > 0 {
		t.Errorf("%d users differ from their rows", n)
	}
}

// storageInput decodes a StorageUserInput.
func storageInput(t *testing.T, js string) (in api.StorageUserInput) {
	t.Helper()
	if err := json.Unmarshal([]byte(js), &in); err != nil {
		t.Fatal(err)
	}
	return in
}

// TestK8sManifestMatchesTheCommand: the Indexed Job of docs/ runs
// `--shard auto/N` with N its completions, and a shard it names exists.
func TestK8sManifestMatchesTheCommand(t *testing.T) {
	b, err := os.ReadFile("../../docs/k8s-import-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	field := func(name string) string {
		m := regexp.MustCompile(`(?m)^\s*` + name + `:\s*(\S+)`).FindStringSubmatch(doc)
		if m == nil {
			t.Fatalf("the manifest has no %s", name)
		}
		return strings.Trim(m[1], `"'`)
	}
	if field("completionMode") != "Indexed" || !strings.Contains(doc, "\nkind: Job\n") {
		t.Fatalf("not an Indexed Job")
	}
	m := regexp.MustCompile(`--shard[",\s]+"?auto/(\d+)`).FindStringSubmatch(doc)
	if m == nil || m[1] != field("completions") || m[1] != field("parallelism") {
		t.Fatalf("--shard auto/N %v must match completions %s and parallelism %s", m, field("completions"), field("parallelism"))
	}
	n, _ := strconv.Atoi(m[1])
	for _, want := range []string{`"storage"`, `"import"`, "JOB_COMPLETION_INDEX", "restartPolicy"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the manifest does not mention %s", want)
		}
	}
	env := func(k string) string {
		if k == bulkimport.JobIndexEnv {
			return strconv.Itoa(n - 1)
		}
		return ""
	}
	if s, err := bulkimport.ParseShard("auto/"+m[1], env); err != nil || s.Index != n-1 {
		t.Fatalf("the last pod's shard: %+v, %v", s, err)
	}
}

// TestStorageImportUnreadableFile: a missing or unreadable FILE is a usage
// error (exit 2), as a missing --data FILE is, with no summary on stdout.
func TestStorageImportUnreadableFile(t *testing.T) {
	_, env := site(t, 0)
	dir := t.TempDir()
	missing := filepath.Join(dir, "nonexistent.jsonl")
	r := cli(t, env, "", "storage", "import", missing)
	r.fails(t, exitUsage, "no such file or directory")
	if r.stdout != "" {
		t.Errorf("stdout: %s", r.stdout)
	}
	cli(t, env, "", "storage", "import", dir+"/").fails(t, exitUsage, "")
	if err := os.Mkdir(filepath.Join(dir, "d.csv"), 0o700); err != nil {
		t.Fatal(err)
	}
	cli(t, env, "", "storage", "import", filepath.Join(dir, "d.csv")).fails(t, exitUsage, "is a directory")
}

// TestStorageImportFatalErrorSummary: an error that stops the import (here
// wrong keys) still prints the counts on stdout, with the error.
func TestStorageImportFatalErrorSummary(t *testing.T) {
	_, env := site(t, 0)
	env[envPrivateKey] = "wrong"
	path := filepath.Join(t.TempDir(), "users.jsonl")
	write(t, path, `{"login":"ann"}`+"\n"+`{"login":"bob"}`+"\n")
	r := cli(t, env, "", "storage", "import", path)
	r.fails(t, exitAPI, "401")
	sum := decode[importSummaryJSON](t, r.stdout)
	if sum.Complete || !strings.Contains(sum.Error, "401") || sum.CheckpointLine != 0 || sum.Checkpoint != path+".checkpoint" {
		t.Errorf("summary: %+v", sum)
	}
}
