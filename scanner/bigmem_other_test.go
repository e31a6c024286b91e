//go:build !linux

package scanner

const mapHugeWorks = false
