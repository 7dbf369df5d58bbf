package precise

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// timerfd is an alarm made of a Linux timerfd, read through Go's poller.
type timerfd struct {
	fd int
	f  *os.File
}

// newAlarm returns a timerfd, or nil if the kernel refuses one. It is never
// closed: there is one per process.
func newAlarm() alarm {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil
	}
	return &timerfd{fd: fd, f: os.NewFile(uintptr(fd), "precise-timerfd")}
}

func (t *timerfd) set(d time.Duration) {
	// A zero setting would disarm the timer: the shortest one fires at once.
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(int64(max(d, 1)))}
	_ = unix.TimerfdSettime(t.fd, 0, &spec, nil) // cannot fail with a valid fd and value
}

func (t *timerfd) wait() {
	var expirations [8]byte
	_, _ = t.f.Read(expirations[:]) // the caller looks at the clock again
}
