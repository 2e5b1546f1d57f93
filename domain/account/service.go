// Package account is users, organisations (单位) and authentication: registration with the unified social
// credit code, argon2id passwords, short-lived access tokens (JWT) with rotating refresh tokens, login
// throttling, organisation verification and credit status, and staff accounts made from the command line.
package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/event"
)

// Config tunes tokens and throttling; zero fields take the defaults.
type Config struct {
	// AccessTTL is the access token lifetime (default 15 minutes).
	AccessTTL time.Duration
	// RefreshTTL is the refresh token lifetime (default 30 days).
	RefreshTTL time.Duration
	// ThrottleWindow is the window failed logins are counted over (default 15 minutes).
	ThrottleWindow time.Duration
	// MaxFailuresPerAccount within the window (default 5) and MaxFailuresPerIP (default 20).
	MaxFailuresPerAccount int
	MaxFailuresPerIP      int
	// MaxRegistrationsPerIP within RegistrationWindow (default 30 an hour): generous enough for a department
	// registering together from one address.
	MaxRegistrationsPerIP int
	RegistrationWindow    time.Duration
	// Hash are the argon2id parameters (default DefaultHashParams); MaxConcurrentHashes bounds parallel hashing.
	Hash                HashParams
	MaxConcurrentHashes int
	// MFARequiredRoles must use a second factor (none by default; cmd sets bureau and admin in production).
	MFARequiredRoles []domain.Role
}

func (c *Config) defaults() {
	if c.AccessTTL <= 0 {
		c.AccessTTL = 15 * time.Minute
	}
	if c.RefreshTTL <= 0 {
		c.RefreshTTL = 30 * 24 * time.Hour
	}
	if c.ThrottleWindow <= 0 {
		c.ThrottleWindow = 15 * time.Minute
	}
	if c.MaxFailuresPerAccount <= 0 {
		c.MaxFailuresPerAccount = 5
	}
	if c.MaxFailuresPerIP <= 0 {
		c.MaxFailuresPerIP = 20
	}
	if c.MaxRegistrationsPerIP <= 0 {
		c.MaxRegistrationsPerIP = 30
	}
	if c.RegistrationWindow <= 0 {
		c.RegistrationWindow = time.Hour
	}
	if c.Hash.MemoryKiB == 0 {
		c.Hash = DefaultHashParams
	}
}

// MinSecretLen is the shortest accepted token signing secret; 32 bytes or more (a generated secret) is advised.
const MinSecretLen = 16

// Deps are what the service needs.
type Deps struct {
	Store Store
	Tx    domain.TxManager
	Audit *audit.Service
	Clock domain.Clock
	// Secret signs access tokens (HS256); at least MinSecretLen bytes.
	Secret []byte
	Config Config
	// Events receives the membership changes (nil: none are published; the notifications are their
	// reactions, Register).
	Events *event.Bus
}

// Service is the account use cases.
type Service struct {
	store  Store
	tx     domain.TxManager
	audit  *audit.Service
	clock  domain.Clock
	cfg    Config
	hasher *Hasher
	tokens *tokenIssuer
	// dummyHash is checked against for unknown e-mails so a login's timing does not tell whether the
	// account exists.
	dummyHash string
	// events receives the membership changes (nil: none).
	events *event.Bus
	// fields gives the industry fields an expert may choose at registration (nil: IndustryFields).
	fields FieldSource
}

// FieldSource gives the industry fields in use (the bureau's settings): the codes new content may choose.
type FieldSource interface {
	ActiveFieldCodes(ctx context.Context) ([]string, error)
}

// UseFields makes registration check an expert's fields against the bureau's field list at each use.
func (s *Service) UseFields(f FieldSource) { s.fields = f }

// NewService builds the account service.
func NewService(d Deps) (*Service, error) {
	if d.Store == nil || d.Tx == nil || d.Audit == nil || d.Clock == nil {
		return nil, errors.New("account: store, tx, audit and clock are required")
	}
	if len(d.Secret) < MinSecretLen {
		return nil, fmt.Errorf("account: the token secret must be at least %d bytes", MinSecretLen)
	}
	d.Config.defaults()
	s := &Service{store: d.Store, tx: d.Tx, audit: d.Audit, clock: d.Clock, cfg: d.Config, events: d.Events,
		hasher: NewHasher(d.Config.Hash, d.Config.MaxConcurrentHashes),
		tokens: newTokenIssuer(d.Secret, d.Clock, d.Config.AccessTTL)}
	h, err := s.hasher.Hash(context.Background(), randomToken())
	if err != nil {
		return nil, fmt.Errorf("account: dummy hash: %w", err)
	}
	s.dummyHash = h
	return s, nil
}

// StaffInput creates a bureau or admin account (command line only).
type StaffInput struct {
	Email    string
	Password string
	Name     string
	Role     domain.Role
}

// errEmailTaken is the 409 for a registered e-mail.
func errEmailTaken() *domain.Error {
	return domain.Conflict("email_taken", "该电子邮箱已注册", "this e-mail address is already registered")
}

// CreateStaff creates a bureau or admin account. Only the system (the command line) may call it: the API
// never lets anyone become bureau or admin.
func (s *Service) CreateStaff(ctx context.Context, actor domain.Actor, in StaffInput) (User, error) {
	if actor.Role != domain.RoleSystem {
		return User{}, domain.Forbidden("forbidden", "只能通过命令行创建科技局与管理员账号",
			"bureau and admin accounts are created from the command line only")
	}
	email := NormalizeEmail(in.Email)
	var v domain.Validator
	checkEmail(&v, "email", email)
	checkPassword(&v, "password", in.Password, email)
	checkName(&v, "name", in.Name)
	if v.Required("role", string(in.Role)) {
		v.OneOf("role", string(in.Role), string(domain.RoleBureau), string(domain.RoleAdmin))
	}
	if err := v.Err(); err != nil {
		return User{}, err
	}
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return User{}, err
	}
	u := User{Email: email, Name: cleanName(in.Name), Role: in.Role, Membership: MembershipActive}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.createUser(ctx, &u, hash); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: u.ID, Action: "create_staff",
			After: userSummary(u)})
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// createUser inserts u, answering email_taken on a duplicate e-mail.
func (s *Service) createUser(ctx context.Context, u *User, hash string) error {
	if _, _, err := s.store.Credentials(ctx, u.Email); err == nil {
		return errEmailTaken()
	} else if !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	now := s.clock.Now()
	u.CreatedAt, u.UpdatedAt = now, now
	if err := s.store.CreateUser(ctx, u, hash); err != nil {
		if errors.Is(err, domain.ErrConflict) {
			return errEmailTaken()
		}
		return err
	}
	return nil
}

// Me returns the acting user with its organisation.
func (s *Service) Me(ctx context.Context, actor domain.Actor) (User, error) {
	if actor.Anonymous() {
		return User{}, errUnauthenticated()
	}
	u, err := s.store.UserByID(ctx, actor.UserID)
	if err != nil {
		return User{}, notFoundAs(err, errUserNotFound())
	}
	return u, nil
}

// UserByID returns a user with its organisation, without access checks, for other services (404 when absent).
func (s *Service) UserByID(ctx context.Context, id int64) (User, error) {
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return User{}, notFoundAs(err, errUserNotFound())
	}
	return u, nil
}

// Experts lists the enabled expert accounts (评审专家库) with their fields and organisations, for drawing
// review panels.
func (s *Service) Experts(ctx context.Context) ([]User, error) { return s.store.Experts(ctx) }

func errUnauthenticated() *domain.Error {
	return domain.NewError(domain.ErrUnauthenticated, "unauthenticated", "请先登录", "login required")
}
