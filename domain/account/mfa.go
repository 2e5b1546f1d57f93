package account

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image/png"
	"slices"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// Two-factor sign-in (双因素认证): a TOTP authenticator (RFC 6238: 30-second steps, 6 digits, HMAC-SHA-1, the
// defaults every authenticator app reads from an otpauth:// URL) and ten one-time recovery codes, of which only
// a hash is stored. The roles of Config.MFARequiredRoles must use it (等保 三级 asks two factors of privileged
// users); anyone may turn it on. A code is accepted in the step before, of and after the server's time (clock
// drift) and never twice: the newest accepted step is stored, and a code of that step or an older one is
// refused.

// MFA parameters.
const (
	// MFAIssuer names the platform in the authenticator app.
	MFAIssuer = "Jiebang 揭榜挂帅"
	// mfaPeriod is the TOTP time step.
	mfaPeriod = 30
	// RecoveryCodeCount is how many recovery codes an enrolment hands out.
	RecoveryCodeCount = 10
	// recoveryAlphabet leaves out characters that are easily confused (0/O, 1/I/L).
	recoveryAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	recoveryLen      = 10
	// mfaQRSize is the side of the enrolment QR code, in pixels.
	mfaQRSize = 240
)

var totpOpts = totp.ValidateOpts{Period: mfaPeriod, Skew: 0, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// MFARequired reports whether the role must use a second factor.
func (s *Service) MFARequired(r domain.Role) bool { return slices.Contains(s.cfg.MFARequiredRoles, r) }

// MFARequiredRoles are the roles that must use a second factor.
func (s *Service) MFARequiredRoles() []domain.Role { return slices.Clone(s.cfg.MFARequiredRoles) }

// mustEnrol reports whether u must enrol a second factor before doing anything else.
func (s *Service) mustEnrol(u User) bool { return !u.MFAEnabled && s.MFARequired(u.Role) }

// MFAEnrolment is a started enrolment: the secret (base32, for typing in), the otpauth:// URL an authenticator
// app reads and the URL as a QR code (PNG).
type MFAEnrolment struct {
	Secret string
	URL    string
	QRPNG  []byte
}

// MFAStatus is a user's second factor as the user sees it.
type MFAStatus struct {
	Enabled bool
	// Required: the user's role must use a second factor (it cannot be turned off).
	Required bool
	// Pending: an enrolment was started and waits for its first code.
	Pending           bool
	ConfirmedAt       *time.Time
	RecoveryCodesLeft int
}

func errInvalidCode() *domain.Error {
	return domain.NewError(domain.ErrUnprocessable, "invalid_code", "验证码错误或已使用过",
		"wrong or already used code")
}

// errInvalidLoginCode is the 401 of a wrong code at the second step of a login.
func errInvalidLoginCode() *domain.Error {
	return domain.NewError(domain.ErrUnauthenticated, "invalid_code", "验证码错误或已使用过",
		"wrong or already used code")
}

func errMFAAlreadyEnabled() *domain.Error {
	return domain.Conflict("mfa_already_enabled", "已启用双因素认证", "two-factor sign-in is already on")
}

func errMFANotEnabled() *domain.Error {
	return domain.Conflict("mfa_not_enabled", "尚未启用双因素认证", "two-factor sign-in is not on")
}

// MFAStatusOf returns the acting user's second factor.
func (s *Service) MFAStatusOf(ctx context.Context, actor domain.Actor) (MFAStatus, error) {
	if actor.Anonymous() {
		return MFAStatus{}, errUnauthenticated()
	}
	st := MFAStatus{Required: s.MFARequired(actor.Role)}
	m, err := s.store.MFAByUser(ctx, actor.UserID)
	if errors.Is(err, domain.ErrNotFound) {
		return st, nil
	}
	if err != nil {
		return MFAStatus{}, err
	}
	st.Enabled, st.Pending, st.ConfirmedAt = m.ConfirmedAt != nil, m.ConfirmedAt == nil, m.ConfirmedAt
	if st.Enabled {
		if st.RecoveryCodesLeft, err = s.store.RecoveryCodesLeft(ctx, actor.UserID); err != nil {
			return MFAStatus{}, err
		}
	}
	return st, nil
}

// StartTOTP begins (or begins again) the acting user's enrolment: a new secret, unconfirmed until
// ConfirmTOTP. A user whose second factor is on turns it off first (409 mfa_already_enabled).
func (s *Service) StartTOTP(ctx context.Context, actor domain.Actor) (MFAEnrolment, error) {
	if actor.Anonymous() {
		return MFAEnrolment{}, errUnauthenticated()
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: MFAIssuer, AccountName: actor.Email, Period: mfaPeriod,
		SecretSize: 20, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return MFAEnrolment{}, err
	}
	img, err := key.Image(mfaQRSize, mfaQRSize)
	if err != nil {
		return MFAEnrolment{}, err
	}
	var qr bytes.Buffer
	if err := png.Encode(&qr, img); err != nil {
		return MFAEnrolment{}, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.PutPendingMFA(ctx, MFA{UserID: actor.UserID, Secret: key.Secret(), CreatedAt: s.clock.Now()})
		if err != nil {
			return err
		}
		if !ok {
			return errMFAAlreadyEnabled()
		}
		return nil
	})
	if err != nil {
		return MFAEnrolment{}, err
	}
	return MFAEnrolment{Secret: key.Secret(), URL: key.URL(), QRPNG: qr.Bytes()}, nil
}

// ConfirmTOTP turns the second factor on with the first code of the enrolment's secret and hands out ten
// recovery codes (shown once; only their hashes are kept). The user's other sessions end: they were opened
// without the second factor.
func (s *Service) ConfirmTOTP(ctx context.Context, actor domain.Actor, code string) ([]string, error) {
	if actor.Anonymous() {
		return nil, errUnauthenticated()
	}
	var v domain.Validator
	v.Required("code", strings.TrimSpace(code))
	if err := v.Err(); err != nil {
		return nil, err
	}
	var codes []string
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		m, err := s.store.MFAByUser(ctx, actor.UserID)
		if errors.Is(err, domain.ErrNotFound) {
			return domain.Conflict("mfa_not_started", "请先开始绑定身份验证器", "start the enrolment first")
		}
		if err != nil {
			return err
		}
		if m.ConfirmedAt != nil {
			return errMFAAlreadyEnabled()
		}
		step, ok := s.totpStep(m.Secret, code)
		if !ok {
			return errInvalidCode()
		}
		now := s.clock.Now()
		if ok, err := s.store.ConfirmMFA(ctx, actor.UserID, m.Secret, step, now); err != nil {
			return err
		} else if !ok {
			return domain.InvalidTransition("mfa", "changed", "confirm")
		}
		if codes, err = s.newRecoveryCodes(ctx, actor.UserID, now); err != nil {
			return err
		}
		if err := s.store.RevokeUserRefreshTokens(ctx, actor.UserID, actor.Session, now); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: actor.UserID,
			Action: "mfa_enable", After: map[string]any{"method": "totp", "recovery_codes": RecoveryCodeCount}})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// RegenerateRecoveryCodes replaces the acting user's recovery codes by ten new ones, given a current code.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, actor domain.Actor, code string) ([]string, error) {
	if actor.Anonymous() {
		return nil, errUnauthenticated()
	}
	var codes []string
	err := s.withSecondFactor(ctx, actor, SecondFactorProof{Code: code}, func(ctx context.Context, now time.Time) error {
		var err error
		if codes, err = s.newRecoveryCodes(ctx, actor.UserID, now); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: actor.UserID,
			Action: "mfa_recovery_codes", After: map[string]any{"recovery_codes": RecoveryCodeCount}})
	})
	return codes, err
}

// SecondFactorProof is what turning the second factor off asks for: a current code (TOTP or recovery) or the
// password.
type SecondFactorProof struct {
	Code     string
	Password string
}

// DisableMFA turns the acting user's second factor off, given a current code or the password, unless the
// user's role must use it (403 mfa_required_by_role; the administrator's reset is the way out of a lost
// authenticator).
func (s *Service) DisableMFA(ctx context.Context, actor domain.Actor, p SecondFactorProof) error {
	if actor.Anonymous() {
		return errUnauthenticated()
	}
	if s.MFARequired(actor.Role) {
		return domain.Forbidden("mfa_required_by_role", "您的角色必须使用双因素认证，不能关闭",
			"your role must use two-factor sign-in; it cannot be turned off")
	}
	return s.withSecondFactor(ctx, actor, p, func(ctx context.Context, now time.Time) error {
		if _, err := s.store.DeleteMFA(ctx, actor.UserID); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: actor.UserID, Action: "mfa_disable"})
	})
}

// withSecondFactor runs fn in a transaction once p proves the acting user (a TOTP code, a recovery code,
// consumed, or, when p.Code is empty, the password). A wrong proof counts as a failed login of the account
// (the same throttle), so a stolen session cannot guess the password or the codes.
func (s *Service) withSecondFactor(ctx context.Context, actor domain.Actor, p SecondFactorProof,
	fn func(ctx context.Context, now time.Time) error) error {
	p.Code = strings.TrimSpace(p.Code)
	if p.Code == "" && p.Password == "" {
		return domain.FieldErr("code", "required", "请输入验证码或密码", "give a code or the password")
	}
	m, err := s.store.MFAByUser(ctx, actor.UserID)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && m.ConfirmedAt == nil) {
		return errMFANotEnabled()
	}
	if err != nil {
		return err
	}
	email := NormalizeEmail(actor.Email)
	attempt, err := s.reserveAttempt(ctx, email, actor.IP)
	if err != nil {
		return err
	}
	passwordOK := false
	if p.Code == "" {
		_, hash, err := s.store.Credentials(ctx, email)
		if err != nil {
			return errors.Join(err, s.failAttempt(context.WithoutCancel(ctx), attempt))
		}
		if len(p.Password) <= 4*MaxPasswordLen {
			if passwordOK, err = s.hasher.Verify(ctx, p.Password, hash); err != nil && !errors.Is(err, errBadHash) {
				return errors.Join(err, s.failAttempt(context.WithoutCancel(ctx), attempt))
			}
		}
	}
	var wrong error
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		now := s.clock.Now()
		if p.Code != "" {
			if _, ok, err := s.useCode(ctx, m, p.Code, now); err != nil {
				return err
			} else if !ok {
				wrong = errInvalidCode()
				return wrong
			}
		} else if !passwordOK {
			wrong = domain.NewError(domain.ErrUnprocessable, "invalid_password", "密码错误", "wrong password")
			return wrong
		}
		if err := s.settleAttempt(ctx, attempt, attemptNeutral); err != nil {
			return err
		}
		return fn(ctx, now)
	})
	if err != nil {
		if ferr := s.failAttempt(context.WithoutCancel(ctx), attempt); ferr != nil {
			return errors.Join(err, ferr)
		}
		if wrong != nil {
			if aerr := s.tx.InTx(ctx, func(ctx context.Context) error {
				return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: actor.UserID,
					Action: "mfa_failed", After: map[string]any{"reason": domain.CodeOf(wrong)}})
			}); aerr != nil {
				return aerr
			}
		}
	}
	return err
}

// ResetMFA removes another user's second factor (the platform's administrator, for a user who lost the
// authenticator and the recovery codes) and ends that user's sessions. A user whose role requires a second
// factor enrols again at the next login.
func (s *Service) ResetMFA(ctx context.Context, actor domain.Actor, id int64) (User, error) {
	if actor.Role != domain.RoleSystem {
		if err := requireAdmin(actor); err != nil {
			return User{}, err
		}
		if id == actor.UserID {
			return User{}, domain.Forbidden("cannot_reset_own_mfa", "不能重置自己的双因素认证",
				"you cannot reset your own second factor")
		}
	}
	var out User
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		u, err := s.store.UserByID(ctx, id)
		if err != nil {
			return notFoundAs(err, errUserNotFound())
		}
		ok, err := s.store.DeleteMFA(ctx, id)
		if err != nil {
			return err
		}
		if !ok {
			return errMFANotEnabled()
		}
		now := s.clock.Now()
		if err := s.store.RevokeUserRefreshTokens(ctx, id, "", now); err != nil {
			return err
		}
		out = u
		out.MFAEnabled, out.UpdatedAt = false, now
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: id, Action: "mfa_reset",
			Before: userSummary(u), After: userSummary(out)})
	})
	return out, err
}

// LoginMFA is the second step of a login: the token of the first step and a TOTP code or an unused recovery
// code (consumed) give the session. A wrong code answers 401 invalid_code and counts as a failed login of the
// account (the same throttle as passwords: at most MaxFailuresPerAccount guesses per window).
func (s *Service) LoginMFA(ctx context.Context, actor domain.Actor, token, code string) (Session, error) {
	var v domain.Validator
	v.Required("mfa_token", strings.TrimSpace(token))
	v.Required("code", strings.TrimSpace(code))
	if err := v.Err(); err != nil {
		return Session{}, err
	}
	id, binding, err := s.tokens.parseMFA(strings.TrimSpace(token))
	if err != nil {
		return Session{}, err
	}
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return Session{}, notFoundAs(err, errInvalidMFAToken())
	}
	if u.Disabled {
		return Session{}, errAccountDisabled()
	}
	_, hash, err := s.store.Credentials(ctx, u.Email)
	if err != nil {
		return Session{}, notFoundAs(err, errInvalidMFAToken())
	}
	m, err := s.store.MFAByUser(ctx, id)
	if err != nil || m.ConfirmedAt == nil || mfaBinding(hash, m) != binding {
		if err != nil && !errors.Is(err, domain.ErrNotFound) {
			return Session{}, err
		}
		return Session{}, errInvalidMFAToken()
	}
	attempt, err := s.reserveAttempt(ctx, u.Email, actor.IP)
	if err != nil {
		return Session{}, err
	}
	var sess Session
	wrong := false
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		now := s.clock.Now()
		factor, ok, err := s.useCode(ctx, m, code, now)
		if err != nil {
			return err
		}
		if !ok {
			wrong = true
			return errInvalidLoginCode()
		}
		if err := s.settleAttempt(ctx, attempt, attemptSucceeded); err != nil {
			return err
		}
		if sess, err = s.startSession(ctx, u, randomToken()[:22]); err != nil {
			return err
		}
		after := map[string]any{"factor": factor}
		if factor == "recovery_code" {
			left, err := s.store.RecoveryCodesLeft(ctx, u.ID)
			if err != nil {
				return err
			}
			after["recovery_codes_left"] = left
		}
		return s.audit.Log(ctx, userActor(actor, u), audit.Record{Entity: audit.EntityUser, EntityID: u.ID,
			Action: "login", After: after})
	})
	if err == nil {
		return sess, nil
	}
	if ferr := s.failAttempt(context.WithoutCancel(ctx), attempt); ferr != nil {
		return Session{}, errors.Join(err, ferr)
	}
	if wrong {
		if aerr := s.tx.InTx(ctx, func(ctx context.Context) error {
			return s.audit.Log(ctx, userActor(actor, u), audit.Record{Entity: audit.EntityUser, EntityID: u.ID,
				Action: "login_failed", After: map[string]any{"email": u.Email, "reason": "wrong_code"}})
		}); aerr != nil {
			return Session{}, aerr
		}
	}
	return Session{}, err
}

// useCode accepts a TOTP code of m (recording its step: never twice) or an unused recovery code of m's user
// (consuming it); it names the factor used. Call it in a transaction.
func (s *Service) useCode(ctx context.Context, m MFA, code string, now time.Time) (string, bool, error) {
	c := normalizeCode(code)
	if len(c) == 6 && isDigits(c) {
		step, ok := s.totpStep(m.Secret, c)
		if !ok || step <= m.LastStep {
			return "totp", false, nil
		}
		ok, err := s.store.UseMFAStep(ctx, m.UserID, step)
		return "totp", ok, err
	}
	if len(c) != recoveryLen {
		return "recovery_code", false, nil
	}
	ok, err := s.store.UseRecoveryCode(ctx, m.UserID, hashRecoveryCode(c), now)
	return "recovery_code", ok, err
}

// totpStep returns the time step (of the one before, the current and the one after) whose code is code.
func (s *Service) totpStep(secret, code string) (int64, bool) {
	c := normalizeCode(code)
	if len(c) != 6 || !isDigits(c) {
		return 0, false
	}
	now := s.clock.Now()
	cur := now.Unix() / mfaPeriod
	for _, step := range []int64{cur, cur - 1, cur + 1} {
		ok, err := totp.ValidateCustom(c, secret, time.Unix(step*mfaPeriod, 0), totpOpts)
		if err == nil && ok {
			return step, true
		}
	}
	return 0, false
}

// newRecoveryCodes makes RecoveryCodeCount recovery codes of the user, replacing the old ones, and returns them
// as shown to the user (XXXXX-XXXXX).
func (s *Service) newRecoveryCodes(ctx context.Context, userID int64, now time.Time) ([]string, error) {
	codes := make([]string, RecoveryCodeCount)
	hashes := make([]string, RecoveryCodeCount)
	for i := range codes {
		c := randomRecoveryCode()
		codes[i] = c[:recoveryLen/2] + "-" + c[recoveryLen/2:]
		hashes[i] = hashRecoveryCode(c)
	}
	if err := s.store.ReplaceRecoveryCodes(ctx, userID, hashes, now); err != nil {
		return nil, err
	}
	return codes, nil
}

// randomRecoveryCode is recoveryLen characters of recoveryAlphabet (about 50 bits).
func randomRecoveryCode() string {
	b := make([]byte, recoveryLen)
	out := make([]byte, recoveryLen)
	for i := 0; i < recoveryLen; {
		if _, err := rand.Read(b[:1]); err != nil {
			panic("crypto/rand: " + err.Error())
		}
		// Rejection sampling keeps every character equally likely.
		if int(b[0]) >= 256/len(recoveryAlphabet)*len(recoveryAlphabet) {
			continue
		}
		out[i] = recoveryAlphabet[int(b[0])%len(recoveryAlphabet)]
		i++
	}
	return string(out)
}

// hashRecoveryCode is the stored form of a normalised recovery code: hex SHA-256 (the codes are random and
// long enough that a fast hash is safe).
func hashRecoveryCode(c string) string {
	h := sha256.Sum256([]byte("jiebang-recovery:" + c))
	return hex.EncodeToString(h[:])
}

// normalizeCode drops spaces and hyphens and upper-cases.
func normalizeCode(code string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, strings.TrimSpace(code)))
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// mfaBinding ties a second step's token to the password hash and the second factor of its first step.
func mfaBinding(passwordHash string, m MFA) string {
	h := sha256.New()
	h.Write([]byte(passwordHash))
	h.Write([]byte{0})
	h.Write([]byte(m.Secret))
	return hex.EncodeToString(h.Sum(nil))[:24]
}
