package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"jiebang/domain"
)

// Token issuer and audience of access tokens.
const (
	TokenIssuer   = "jiebang"
	TokenAudience = "jiebang-api"
)

// accessClaims are the claims of an access token: sub (user id), role, org and sid, the session (refresh-token
// family) it belongs to: the token works only while that session lasts.
type accessClaims struct {
	Role string `json:"role"`
	Org  int64  `json:"org,omitempty"`
	SID  string `json:"sid"`
	jwt.RegisteredClaims
}

// tokenIssuer signs and checks HS256 access tokens; time comes from the injected clock so a test clock
// expires them.
type tokenIssuer struct {
	secret []byte
	clock  domain.Clock
	ttl    time.Duration
	parser *jwt.Parser
	// mfaParser checks the second step's tokens (their own audience, no leeway).
	mfaParser *jwt.Parser
}

func newTokenIssuer(secret []byte, clock domain.Clock, ttl time.Duration) *tokenIssuer {
	return &tokenIssuer{secret: secret, clock: clock, ttl: ttl, parser: jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(TokenIssuer), jwt.WithAudience(TokenAudience),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithLeeway(30*time.Second),
		jwt.WithTimeFunc(clock.Now)),
		mfaParser: jwt.NewParser(jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithIssuer(TokenIssuer), jwt.WithAudience(MFATokenAudience), jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(), jwt.WithTimeFunc(clock.Now))}
}

// sign returns an access token of session sid for u and its expiry.
func (t *tokenIssuer) sign(u User, sid string) (string, time.Time, error) {
	now := t.clock.Now()
	exp := now.Add(t.ttl)
	c := accessClaims{Role: string(u.Role), Org: u.Actor().OrgID, SID: sid, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: TokenIssuer, Subject: strconv.FormatInt(u.ID, 10), Audience: jwt.ClaimStrings{TokenAudience},
		IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
		ID: randomToken()[:16]}}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
	return s, exp, err
}

// parse checks a token's signature, algorithm, issuer, audience and expiry and returns its user id and
// session; a token without a session is invalid.
func (t *tokenIssuer) parse(token string) (int64, string, error) {
	var c accessClaims
	_, err := t.parser.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil })
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return 0, "", errTokenExpired()
		}
		return 0, "", errInvalidToken()
	}
	id, err := strconv.ParseInt(c.Subject, 10, 64)
	if err != nil || id <= 0 || c.SID == "" {
		return 0, "", errInvalidToken()
	}
	return id, c.SID, nil
}

func errInvalidToken() *domain.Error {
	return domain.NewError(domain.ErrUnauthenticated, "invalid_token", "无效的访问令牌，请重新登录",
		"invalid access token, please log in again")
}

func errTokenExpired() *domain.Error {
	return domain.NewError(domain.ErrUnauthenticated, "invalid_token", "访问令牌已过期，请刷新或重新登录",
		"access token expired, refresh it or log in again").WithDetails(map[string]any{"reason": "expired"})
}

// randomToken returns 32 random bytes, base64url encoded: the opaque refresh token.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is the stored form of a refresh token: hex SHA-256.
func hashToken(tok string) string {
	s := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(s[:])
}

// MFATokenAudience is the audience of the second step's token: it is accepted by the second step only, and
// the access tokens' parser refuses it (another audience).
const MFATokenAudience = "jiebang-mfa"

// MFATokenTTL is how long the second step of a login may take.
const MFATokenTTL = 5 * time.Minute

// mfaClaims are the claims of the second step's token: sub (user id) and bnd, which binds it to the user's
// password and second factor as they were at the first step (a change of either voids it).
type mfaClaims struct {
	Binding string `json:"bnd"`
	jwt.RegisteredClaims
}

// signMFA returns the second step's token of user id and its expiry.
func (t *tokenIssuer) signMFA(id int64, binding string) (string, time.Time, error) {
	now := t.clock.Now()
	exp := now.Add(MFATokenTTL)
	c := mfaClaims{Binding: binding, RegisteredClaims: jwt.RegisteredClaims{Issuer: TokenIssuer,
		Subject: strconv.FormatInt(id, 10), Audience: jwt.ClaimStrings{MFATokenAudience},
		IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
		ID: randomToken()[:16]}}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
	return s, exp, err
}

// parseMFA checks a second step's token and returns its user id and binding.
func (t *tokenIssuer) parseMFA(token string) (int64, string, error) {
	var c mfaClaims
	_, err := t.mfaParser.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil })
	if err != nil {
		return 0, "", errInvalidMFAToken()
	}
	id, err := strconv.ParseInt(c.Subject, 10, 64)
	if err != nil || id <= 0 || c.Binding == "" {
		return 0, "", errInvalidMFAToken()
	}
	return id, c.Binding, nil
}

// errInvalidMFAToken is the 401 of a second step whose token is invalid or expired: log in again.
func errInvalidMFAToken() *domain.Error {
	return domain.NewError(domain.ErrUnauthenticated, "invalid_mfa_token", "验证已超时或无效，请重新输入密码登录",
		"this sign-in has expired or is invalid, please enter your password again")
}
