package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/onealltest"
)

// TestStorageImportLockAcrossProcesses runs the command as separate
// processes: while one imports a file, a second one running the same
// import is refused while the first still runs and sends nothing; once the
// first is killed with SIGKILL (its lock file left behind), the next run
// takes the lock and finishes the import.
func TestStorageImportLockAcrossProcesses(t *testing.T) {
	const rows = 60
	srv := onealltest.New(t, onealltest.WithLatency(50*time.Millisecond))
	dir := t.TempDir()
	path := filepath.Join(dir, "users.jsonl")
	var sb strings.Builder
	for i := range rows {
		fmt.Fprintf(&sb, `{"login":"user%d@example.com"}`+"\n", i)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	importer := func() *exec.Cmd {
		// Concurrency 1 at 50 ms a row: the first run takes 3 s.
		cmd := command(t, self, "storage", "import", path, "--concurrency", "1")
		cmd.Env = append(cmd.Env, envBaseURL+"="+srv.URL, envPublicKey+"="+srv.PublicKey, envPrivateKey+"="+srv.PrivateKey)
		return cmd
	}
	const syncs = "/storage/users/user/synchronize.json"

	first := importer()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); srv.RequestCount("PUT", syncs) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the first run sent nothing")
		}
	}

	second := importer()
	out, err := second.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitFailure || !strings.Contains(string(out), "oneall: another run of this import is in progress: "+path+".checkpoint.lock is locked by it") {
		t.Fatalf("second run: %v, want exit %d and the lock named:\n%s", err, exitFailure, out)
	}
	if err := first.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("the first run ended before the second was refused (%v): the test proves nothing", err)
	}
	if strings.Contains(string(out), "imported") {
		t.Errorf("the refused run reports rows:\n%s", out)
	}

	// kill -9: the lock file stays, the lock itself dies with the process.
	if err := syscall.Kill(-first.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	if _, err := os.Stat(path + ".checkpoint.lock"); err != nil {
		t.Fatalf("no lock file left behind by the killed run (%v): the test proves nothing about one", err)
	}
	done := srv.Stats().StorageUsers

	third := importer()
	if out, err := third.CombinedOutput(); err != nil {
		t.Fatalf("the run after the kill: %v\n%s", err, out)
	}
	if got := srv.Stats().StorageUsers; got != rows {
		t.Fatalf("%d users after the third run (%d after the first), want %d", got, done, rows)
	}
}
