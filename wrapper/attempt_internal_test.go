package wrapper

import (
	"context"
	"testing"
	"time"
)

// An attempt ends at the caller's deadline or after the timeout, whichever
// comes first.
func TestAttemptContext(t *testing.T) {
	soon, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	ctx, stop := attemptContext(soon, time.Hour)
	if ctx != soon {
		t.Error("a caller's deadline before the timeout: want the caller's context itself")
	}
	stop()
	if soon.Err() != nil {
		t.Error("stopping the attempt canceled the caller's context")
	}
	for _, parent := range []context.Context{context.Background(), soon} {
		ctx, stop := attemptContext(parent, time.Millisecond)
		dl, ok := ctx.Deadline()
		if !ok || time.Until(dl) > time.Millisecond {
			t.Errorf("timeout 1ms: deadline %v (%v)", dl, ok)
		}
		<-ctx.Done()
		stop()
	}
}
