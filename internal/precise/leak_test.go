package precise

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the tests if the queue's goroutine outlives the waits.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
