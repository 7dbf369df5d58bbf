//go:build !linux

package onealltest

// Elsewhere Go's timers are as precise as the system's (kqueue takes
// nanoseconds) and waitUntil uses them.
func newAlarm() alarm { return nil }
