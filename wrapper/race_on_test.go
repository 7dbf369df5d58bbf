//go:build race

package wrapper

// raceEnabled: under the race detector, sync.Pool drops some of what it is
// given on purpose, so allocation counts that rely on a pool do not hold.
const raceEnabled = true
