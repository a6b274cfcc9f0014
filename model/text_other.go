//go:build !windows

package model

const lineEnding = "\n"
