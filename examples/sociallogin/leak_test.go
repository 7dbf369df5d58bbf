package main

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the tests if a goroutine outlives them: a server, a
// connection or a request not stopped.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
