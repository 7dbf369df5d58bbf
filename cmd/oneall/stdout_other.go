//go:build !linux

package main

import "os"

// watchReader cannot tell here when the reader of f goes away without
// writing to it: the server then stops at SIGINT or SIGTERM only.
func watchReader(*os.File) (<-chan struct{}, func()) { return nil, func() {} }
