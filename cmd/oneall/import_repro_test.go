package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// The reproductions, through the command.

// TestReproRowsOfOneUserInOrder (1): 200 rows of one login, given names
// v1..v200, at the default concurrency: v200 is stored; a row claiming an
// externalid an earlier row holds always fails with 409.
func TestReproRowsOfOneUserInOrder(t *testing.T) {
	_, env := site(t, 0)
	dir := t.TempDir()
	path := filepath.Join(dir, "same.jsonl")
	var b strings.Builder
	for v := 1; v <= 200; v++ {
		fmt.Fprintf(&b, `{"login":"same@example.com","identity":{"name":{"givenName":"v%d"}}}`+"\n", v)
	}
	b.WriteString(`{"login":"first@example.com","externalid":"77"}` + "\n" + `{"login":"second@example.com","externalid":"77"}` + "\n")
	write(t, path, b.String())
	for range 3 {
		r := cli(t, env, "", "storage", "import", path, "--restart")
		if r.code != exitFailure {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		u := decode[api.StorageUser](t, cli(t, env, "", "storage", "lookup", "--login", "same@example.com").ok(t))
		if u.Identity.Name.GivenName != "v200" {
			t.Fatalf("the stored name is %q, want v200", u.Identity.Name.GivenName)
		}
		if fails := failuresIn(t, path+".failures.jsonl"); len(fails) != 1 || fails[0].Line != 202 || !strings.Contains(fails[0].Error, "409") {
			t.Fatalf("failures %+v: the second claim of externalid 77 (line 202) must fail", fails)
		}
	}
}

// TestReproUserFilesUntouched (2): state paths that name the input or a
// user's file are refused with exit 2, and the files are left as they were.
func TestReproUserFilesUntouched(t *testing.T) {
	_, env := site(t, 0)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	write(t, in, `{"login":"a@example.com"}`+"\n"+`[1]`+"\n")
	notes := filepath.Join(dir, "notes.txt")
	write(t, notes, "my notes, no final newline")
	for _, args := range [][]string{
		{in, "--failures", in},
		{in, "--checkpoint", in, "--restart"},
		{in, "--failures", notes},
		{in, "--checkpoint", notes},
	} {
		r := cli(t, env, "", append([]string{"storage", "import"}, args...)...)
		r.fails(t, exitUsage, "")
		if got, _ := os.ReadFile(in); string(got) != `{"login":"a@example.com"}`+"\n"+`[1]`+"\n" {
			t.Fatalf("%v: the input became %q", args, got)
		}
		if got, _ := os.ReadFile(notes); string(got) != "my notes, no final newline" {
			t.Fatalf("%v: notes.txt became %q", args, got)
		}
	}
}

// TestReproFailuresThenRetry (6): a re-run after failures exits 1 again and
// says how many; --retry-failures sends exactly those rows.
func TestReproFailuresThenRetry(t *testing.T) {
	srv, env := site(t, 0)
	dir := t.TempDir()
	path := filepath.Join(dir, "users.jsonl")
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, `{"login":"u%d@example.com","externalid":"%d"}`+"\n", i, i)
	}
	write(t, path, b.String())
	// Three externalids are taken by users that are in the way.
	c := srv.Client()
	for _, ext := range []string{"7", "21", "42"} {
		if _, err := c.Storage.SynchronizeUser(context.Background(), wrapper.Identifier{Field: wrapper.ByLogin, Value: "squatter" + ext},
			storageInput(t, `{"externalid":"`+ext+`"}`)); err != nil {
			t.Fatal(err)
		}
	}
	cli(t, env, "", "storage", "import", path).fails(t, exitFailure, "3 rows are in the failures file")
	before := srv.RequestCount("PUT", syncPath)
	r := cli(t, env, "", "storage", "import", path)
	r.fails(t, exitFailure, "3 rows are in the failures file")
	if srv.RequestCount("PUT", syncPath) != before {
		t.Fatal("the re-run sent rows")
	}
	// The squatters go away; the retry sends the three rows, and only them.
	for _, ext := range []string{"7", "21", "42"} {
		if _, err := c.Storage.SynchronizeUser(context.Background(), wrapper.Identifier{Field: wrapper.ByLogin, Value: "squatter" + ext},
			storageInput(t, `{"externalid":"x`+ext+`"}`)); err != nil {
			t.Fatal(err)
		}
	}
	before = srv.RequestCount("PUT", syncPath)
	r = cli(t, env, "", "storage", "import", path, "--retry-failures")
	sum := decode[importSummaryJSON](t, r.ok(t))
	if n := srv.RequestCount("PUT", syncPath) - before; n != 3 || sum.Created != 3 || sum.PendingFailures != 0 {
		t.Fatalf("the retry sent %d requests: %+v", n, sum)
	}
	if _, err := os.Stat(path + ".failures.jsonl"); !os.IsNotExist(err) {
		t.Fatalf("the failures file is left: %v", err)
	}
	cli(t, env, "", "storage", "import", path).ok(t)
}

// TestReproSecondRunRefused (7): a second run of the same import while the
// first runs is refused at once.
func TestReproSecondRunRefused(t *testing.T) {
	srv, env := site(t, 0)
	srv.SetLatency(20 * time.Millisecond)
	path := filepath.Join(t.TempDir(), "users.jsonl")
	var b strings.Builder
	for i := range 400 {
		fmt.Fprintf(&b, `{"login":"u%d@example.com"}`+"\n", i)
	}
	write(t, path, b.String())
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"storage", "import", path}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
		done <- result{out.String(), errb.String(), code}
	}()
	for srv.RequestCount("PUT", syncPath) == 0 {
		time.Sleep(time.Millisecond)
	}
	cli(t, env, "", "storage", "import", path).fails(t, exitFailure, "another run of this import is in progress: ")
	first := <-done
	if first.code != 0 {
		t.Fatalf("the first run: exit %d: %s", first.code, first.stderr)
	}
	if n := srv.RequestCount("PUT", syncPath); n != 400 {
		t.Fatalf("%d requests for 400 rows", n)
	}
}

// TestReproSmallerItems (8): every smaller item of the issue.
func TestReproSmallerItems(t *testing.T) {
	srv, env := site(t, 0)
	dir := t.TempDir()

	// The progress total does not count the CSV header (the plan says 3
	// rows); a JSONL row [1,2,3] says what a row must be; a custom column
	// keeps its case; passwords under other keys are redacted.
	csvPath := filepath.Join(dir, "users.csv")
	write(t, csvPath, "login,custom.FavoriteColor,custom.passwd\nann,teal,s3cret-1\nbob,red,s3cret-2\n,green,s3cret-3\n")
	r := cli(t, env, "", "storage", "import", csvPath)
	r.fails(t, exitFailure, "1 row is in the failures file")
	u, err := srv.Client().Storage.LookupUser(context.Background(), wrapper.Lookup{Login: "ann"})
	if err != nil || u.Identity.CustomData["FavoriteColor"] != "teal" {
		t.Fatalf("ann: %+v, %v: custom.FavoriteColor must keep its case", u, err)
	}
	if b, _ := os.ReadFile(csvPath + ".failures.jsonl"); strings.Contains(string(b), "s3cret") {
		t.Errorf("a password under custom.passwd is in the failures file:\n%s", b)
	}
	jsonPath := filepath.Join(dir, "rows.jsonl")
	write(t, jsonPath, "[1,2,3]\n"+`{"login":"c","passwd":"s3cret-4","identity":{"customData":{"Password":"s3cret-5"}}}`+"\n"+`{"login":"d"}`+"\n")
	r = cli(t, env, "", "storage", "import", jsonPath)
	r.fails(t, exitFailure, "2 rows are in the failures file")
	fails := failuresIn(t, jsonPath+".failures.jsonl")
	b, _ := os.ReadFile(jsonPath + ".failures.jsonl")
	if len(fails) != 2 || !strings.Contains(fails[0].Error+fails[1].Error, "a row must be a JSON object, not an array") || strings.Contains(string(b), "s3cret") ||
		strings.Contains(string(b), "bulkimport.") {
		t.Errorf("failures:\n%s", b)
	}

	// Errors do not repeat the prefix, and a server's control characters
	// are shown escaped, not sent to the terminal.
	bad := map[string]string{envBaseURL: env[envBaseURL], envPublicKey: env[envPublicKey], envPrivateKey: "wrong"}
	r = cli(t, bad, "", "storage", "import", jsonPath, "--restart")
	r.fails(t, exitAPI, "line 3: PUT "+syncPath+": 401")
	if strings.Contains(r.stderr, "oneall: line 3: oneall:") {
		t.Errorf("the prefix is repeated: %s", r.stderr)
	}
	if got := escapeControls("info \x1b[31mred\x1b[0m \u009b2J"); got != `info \x1b[31mred\x1b[0m \x9b2J` {
		t.Errorf("escapeControls = %q", got)
	}

	// A mismatched checkpoint is refused before "resuming after line N" is
	// printed; a damaged checkpoint is called damaged.
	cpPath := filepath.Join(dir, "other.jsonl")
	write(t, cpPath, `{"login":"z"}`+"\n")
	r = cli(t, env, "", "storage", "import", cpPath, "--checkpoint", csvPath+".checkpoint")
	r.fails(t, exitUsage, "belongs to the import of")
	if strings.Contains(r.stderr, "resuming") {
		t.Errorf("a refused checkpoint was announced as resumed: %s", r.stderr)
	}
	cp, _ := os.ReadFile(csvPath + ".checkpoint")
	write(t, csvPath+".checkpoint", string(cp[:len(cp)/2]))
	cli(t, env, "", "storage", "import", csvPath).fails(t, exitUsage, "is a damaged checkpoint")
}
