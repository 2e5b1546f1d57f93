// Package account is users, organisations and authentication (owned by the foundation work; replace freely).
package account

import (
	"context"
	"errors"

	"jiebang/domain"
)

// Service is the account use cases.
type Service struct{}

// StaffInput creates a bureau or admin account (command line only).
type StaffInput struct {
	Email    string
	Password string
	Name     string
	Role     domain.Role
}

// User is a platform account.
type User struct {
	ID    int64
	Email string
}

// CreateStaff creates a bureau or admin account.
func (s *Service) CreateStaff(ctx context.Context, actor domain.Actor, in StaffInput) (User, error) {
	return User{}, errors.New("not implemented yet")
}
