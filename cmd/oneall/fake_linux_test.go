package main

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFakeServeStopsWhenTheReaderOfStdoutLeaves: with stdout a real pipe,
// closing its read end stops the server without anything being written.
func TestFakeServeStopsWhenTheReaderOfStdoutLeaves(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := newSyncBuffer()
	env, done := fakeServe(t, t.Context(), pw, pr, stderr, "--seed", "2")
	cli(t, env, "", "users", "list").ok(t)
	pr.Close()
	if code := exitWithin(t, done, stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr.String(), "the reader of stdout went away") || !strings.Contains(stderr.String(), "stopped") {
		t.Errorf("stderr: %s", stderr)
	}
	cli(t, env, "", "--retries", "0", "users", "list").fails(t, exitNetwork, "")
}

// command returns the oneall command as a child process (the test binary,
// see TestMain), in a process group of its own that ends with the test.
func command(t *testing.T, name string, args ...string) *exec.Cmd {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "ONEALL_TEST_MAIN=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	return cmd
}

// TestFakeServeHeadOne is the pipeline of the README: it must return as
// soon as head has printed the first line.
func TestFakeServeHeadOne(t *testing.T) {
	if _, err := exec.LookPath("head"); err != nil {
		t.Skip("no head:", err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := command(t, "/bin/sh", "-c", `"$0" fake serve --addr 127.0.0.1:0 | head -1; wait`, self)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v; stderr:\n%s", err, stderr.String())
	}
	if !strings.HasPrefix(string(out), envBaseURL+"=http://127.0.0.1:") || strings.Count(string(out), "\n") != 1 {
		t.Fatalf("stdout %q", out)
	}
	if !strings.Contains(stderr.String(), "fake server stopped") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}

// TestFakeServeStdoutClosedAtOnce: when nobody reads stdout, the first line
// cannot be written; the command says so and exits 1 (no SIGPIPE death, no
// server left running).
func TestFakeServeStdoutClosedAtOnce(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	pr.Close()
	defer pw.Close()
	cmd := command(t, self, "fake", "serve", "--addr", "127.0.0.1:0")
	cmd.Stdout = pw
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitFailure {
		t.Fatalf("%v, want exit %d; stderr:\n%s", err, exitFailure, stderr.String())
	}
	sc := bufio.NewScanner(strings.NewReader(stderr.String()))
	for sc.Scan() {
		if strings.Contains(sc.Text(), "writing the first line to stdout") && strings.Contains(sc.Text(), "broken pipe") {
			return
		}
	}
	t.Errorf("stderr:\n%s", stderr.String())
}
