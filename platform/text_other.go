//go:build !windows

package platform

const lineEnding = "\n"
