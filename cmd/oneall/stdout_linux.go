package main

import (
	"errors"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// watchReader watches a pipe or socket f for its reader going away: poll(2)
// reports POLLERR on a pipe whose read end is closed, POLLHUP on a socket
// whose peer is gone, without anything being written. A second descriptor,
// a pipe of our own, wakes the poll when stop is called.
func watchReader(f *os.File) (<-chan struct{}, func()) {
	var st unix.Stat_t
	fd := int(f.Fd())
	if unix.Fstat(fd, &st) != nil {
		return nil, func() {}
	}
	if t := st.Mode & unix.S_IFMT; t != unix.S_IFIFO && t != unix.S_IFSOCK {
		return nil, func() {}
	}
	var wake [2]int
	if unix.Pipe2(wake[:], unix.O_CLOEXEC) != nil {
		return nil, func() {}
	}
	gone := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		fds := []unix.PollFd{{Fd: int32(fd)}, {Fd: int32(wake[0]), Events: unix.POLLIN}}
		for {
			_, err := unix.Poll(fds, -1)
			if errors.Is(err, unix.EINTR) {
				continue
			}
			if err != nil || fds[1].Revents != 0 || fds[0].Revents&unix.POLLNVAL != 0 {
				return
			}
			if fds[0].Revents&(unix.POLLERR|unix.POLLHUP) != 0 {
				close(gone)
				return
			}
		}
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			_, _ = unix.Write(wake[1], []byte{0})
			<-done
			_ = unix.Close(wake[0])
			_ = unix.Close(wake[1])
		})
	}
	return gone, stop
}
