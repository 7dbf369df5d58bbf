package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/oneall-go/oneall-go/onealltest"
)

// serveEnv makes the test binary a fake OneAll instead of running tests:
// the pagination benchmark runs the fake in a child process, so that the
// heap it measures is the client's alone (the fake's 100,000 identities
// take some 200 MiB).
const serveEnv = "ONEALL_BENCH_SERVE_USERS"

func TestMain(m *testing.M) {
	if users := os.Getenv(serveEnv); users != "" {
		serve(users)
		return
	}
	if os.Getenv(floorEnv) != "" {
		serveFloor()
		return
	}
	goleak.VerifyTestMain(m)
}

// serve seeds a fake with the given number of users, adds 10 ms of latency
// to every request, prints its URL and keys, and serves until its standard
// input closes (when the parent exits, however it exits).
func serve(users string) {
	n, err := strconv.Atoi(users)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: bad", serveEnv, users)
		os.Exit(2)
	}
	srv := onealltest.NewServer(onealltest.WithLatency(10 * time.Millisecond))
	srv.Seed(n)
	fmt.Println(srv.URL, srv.PublicKey, srv.PrivateKey)
	_, _ = io.Copy(io.Discard, os.Stdin)
	srv.Close()
}

// fakeProcess is a fake OneAll in a child process.
type fakeProcess struct {
	URL, PublicKey, PrivateKey string
}

// startFake starts the test binary as a fake with users seeded users and
// stops it when tb ends.
func startFake(tb testing.TB, users int) fakeProcess {
	tb.Helper()
	return startChild(tb, serveEnv+"="+strconv.Itoa(users))
}

// startChild starts the test binary with env set, reads the URL and keys it
// prints, and stops it (closing its standard input) when tb ends.
func startChild(tb testing.TB, env string) fakeProcess {
	tb.Helper()
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), env)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			tb.Errorf("child process: %v", err)
		}
	})
	var f fakeProcess
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if _, err2 := fmt.Sscan(line, &f.URL, &f.PublicKey, &f.PrivateKey); err != nil || err2 != nil {
		tb.Fatalf("child process: %q: %v %v", line, err, err2)
	}
	return f
}
