// Package ctxsleep waits for a while unless a context ends first: the one
// wait between retries that wrapper and the import engine share.
package ctxsleep

import (
	"context"
	"time"
)

// Sleep waits for d, or returns ctx's error at once when ctx is done.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
