package main

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: a
// request, a server, a worker or an iterator that is not stopped.
//
// With ONEALL_TEST_MAIN=1 the test binary is the oneall command instead,
// for the tests that run it as a child process (fake_linux_test.go).
func TestMain(m *testing.M) {
	if os.Getenv("ONEALL_TEST_MAIN") == "1" {
		main()
		return
	}
	goleak.VerifyTestMain(m)
}
