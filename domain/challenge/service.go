// Package challenge is the challenge (榜单) lifecycle (placeholder until the challenges work lands).
package challenge

// Service is the challenge use cases.
type Service struct{}
