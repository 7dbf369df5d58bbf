package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// fakeServe runs fake serve in-process with args, writing its stdout to
// stdout, and returns the environment of its first line and a channel with
// its exit code. Cancel ctx to stop it.
func fakeServe(t *testing.T, ctx context.Context, stdout io.WriteCloser, lines io.Reader, stderr *syncBuffer, args ...string) (map[string]string, <-chan int) {
	t.Helper()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"fake", "serve", "--addr", "127.0.0.1:0"}, args...),
			strings.NewReader(""), stdout, stderr, func(string) string { return "" })
		stdout.Close()
	}()
	line, err := bufio.NewReader(lines).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the first line: %v (stderr: %s)", err, stderr)
	}
	env := map[string]string{}
	for _, kv := range strings.Fields(line) {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	if !strings.HasPrefix(env[envBaseURL], "http://127.0.0.1:") || env[envPublicKey] == "" || env[envPrivateKey] == "" {
		t.Fatalf("first line %q", line)
	}
	return env, done
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader in two
// goroutines.
type syncBuffer struct {
	mu  chan struct{}
	buf bytes.Buffer
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{mu: make(chan struct{}, 1)} }

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu <- struct{}{}
	defer func() { <-b.mu }()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu <- struct{}{}
	defer func() { <-b.mu }()
	return b.buf.String()
}

// exitWithin waits for the exit code of a run.
func exitWithin(t *testing.T, done <-chan int, stderr fmt.Stringer) int {
	t.Helper()
	select {
	case code := <-done:
		return code
	case <-time.After(20 * time.Second):
		t.Fatalf("fake serve did not stop; stderr:\n%s", stderr)
		return -1
	}
}

func TestFakeServeFaultFlags(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	stderr := newSyncBuffer()
	env, done := fakeServe(t, ctx, pw, pr, stderr,
		"--faults", "503", "--fault-rate", "0.5", "--fault-seed", "3", "--fault-after-work")
	go io.Copy(io.Discard, pr) //nolint:errcheck // drain
	// Creates are never retried. A faulted one fails after the work, so
	// sending it again until no fault hits gives 409: the login is taken.
	failed := 0
	for i := range 10 {
		login := fmt.Sprintf("user%d", i)
		r := cli(t, env, "", "storage", "create", "--login", login)
		if r.code == 0 {
			continue
		}
		r.fails(t, exitAPI, "503")
		failed++
		for range 100 {
			r = cli(t, env, "", "storage", "create", "--login", login)
			if !strings.Contains(r.stderr, "503") {
				break
			}
		}
		r.fails(t, exitAPI, "The login is already used by another user")
	}
	if failed == 0 || failed == 10 {
		t.Errorf("%d of 10 creates failed at a fault rate of 0.5 with seed 3", failed)
	}
	cancel()
	if code := exitWithin(t, done, stderr); code != 0 {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr.String(), "faults 503 on 0.5 of the requests (seed 3, after the work)") {
		t.Errorf("banner: %s", stderr)
	}
}

func TestFakeServeFaultFlagsAreChecked(t *testing.T) {
	for args, want := range map[string]string{
		"--faults 429,bogus --fault-rate 0.1": `unknown kind "bogus"`,
		"--fault-rate 1.5":                    "--fault-rate must be within 0..1",
		"--faults 429":                        "--faults needs --fault-rate",
		"--fault-after-work":                  "--fault-after-work needs --fault-rate",
	} {
		cli(t, nil, "", append([]string{"fake", "serve"}, strings.Fields(args)...)...).fails(t, exitUsage, want)
	}
}
