//go:build !race

package wrapper

// raceEnabled: see race_on_test.go.
const raceEnabled = false
