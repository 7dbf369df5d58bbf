package bulkimport

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: a
// request, a server, a worker or an iterator that is not stopped.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
