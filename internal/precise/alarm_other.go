//go:build !linux

package precise

// Elsewhere Go's timers are as precise as the system's (kqueue takes
// nanoseconds) and WaitUntil uses them.
func newAlarm() alarm { return nil }
