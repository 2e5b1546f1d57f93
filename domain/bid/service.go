// Package bid is bidding (揭榜) (placeholder until the bidding work lands).
package bid

// Service is the bid use cases.
type Service struct{}
