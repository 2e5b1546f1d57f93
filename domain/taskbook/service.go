package taskbook

import (
	"context"
	"errors"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/notify"
	"jiebang/domain/race"
)

// Store persists versions, signatures and change requests. Methods that write run inside the caller's
// transaction; an absent row is domain.ErrNotFound, a unique-key clash domain.ErrConflict.
type Store interface {
	// LatestVersion is the racer's newest version.
	LatestVersion(ctx context.Context, racerID int64) (Version, error)
	// Versions are the racer's versions, oldest first.
	Versions(ctx context.Context, racerID int64) ([]Version, error)
	// CreateVersion inserts v (its ID and time set on return); ErrConflict when the racer has that number.
	CreateVersion(ctx context.Context, v *Version) error
	// MarkSigned moves a version's signature count from `from` to from+1 while it is not superseded; false
	// when no row matched (compare-and-set: another signature or a new version came first).
	MarkSigned(ctx context.Context, versionID int64, from int) (bool, error)
	// Supersede marks a version replaced; false when it already was.
	Supersede(ctx context.Context, versionID int64, at time.Time) (bool, error)
	// CreateSignature inserts a signature; ErrConflict when its slot of the version is signed.
	CreateSignature(ctx context.Context, s *Signature) error
	// Signatures are the signatures of the racer's versions (0: all versions), in order.
	Signatures(ctx context.Context, racerID int64, version int) ([]Signature, error)

	CreateChange(ctx context.Context, c *Change) error
	Change(ctx context.Context, id int64) (Change, error)
	// Changes are a racer's change requests, newest first.
	Changes(ctx context.Context, racerID int64) ([]Change, error)
	// MoveChange stores c's state and decision fields when its status is still from; false otherwise.
	MoveChange(ctx context.Context, c Change, from Status) (bool, error)
}

// Racers gives the race's racers: with the access check of the race board (the team, the owner enterprise,
// the bureau; 404 otherwise), and without it.
type Racers interface {
	Racer(ctx context.Context, actor domain.Actor, id int64) (race.RacerView, challenge.Challenge, error)
	LookupRacer(ctx context.Context, id int64) (race.Racer, error)
}

// Bids gives the submitted bids (for the partners' credit codes).
type Bids interface {
	SubmittedByID(ctx context.Context, challengeID int64, ids []int64) ([]bid.Bid, error)
}

// Accounts resolves the signers and verifies a signer's secret.
type Accounts interface {
	OrgByID(ctx context.Context, id int64) (account.Org, error)
	OrgByCreditCode(ctx context.Context, code string) (account.Org, error)
	// OrgAdminOf is the organisation's administrator (0: none).
	OrgAdminOf(ctx context.Context, orgID int64) (int64, error)
	// MemberByEmail is the id of the active user of the e-mail in the organisation with the role (0: none).
	MemberByEmail(ctx context.Context, orgID int64, role domain.Role, email string) (int64, error)
	// Reauthenticate verifies the acting user's password, or its second-factor code when it has one
	// (throttled like a login; 422 reauth_failed when wrong).
	Reauthenticate(ctx context.Context, actor domain.Actor, password, code string) error
}

// Deps are the service's collaborators.
type Deps struct {
	Store    Store
	Racers   Racers
	Bids     Bids
	Accounts Accounts
	Tx       domain.TxManager
	Audit    *audit.Service
	Clock    domain.Clock
	// Notifier tells the next signer that it is their turn (nil: nobody is told).
	Notifier notify.Sender
}

// Config holds the settings: the change rules and the start-up share of the payment plan.
type Config struct {
	Rules      Rules
	StartupPct int64
}

// Service runs task book versions, signatures and change requests.
type Service struct {
	d   Deps
	cfg Config
}

// NewService returns the service.
func NewService(cfg Config, d Deps) *Service {
	cfg.Rules = cfg.Rules.withDefaults()
	return &Service{d: d, cfg: cfg}
}

// Rules are the change rules in force.
func (s *Service) Rules() Rules { return s.cfg.Rules }

func (s *Service) now() time.Time { return s.d.Clock.Now().UTC().Truncate(time.Microsecond) }

var errRacerNotFound = domain.NotFound("参赛团队不存在", "racer not found")

// racer is the racer as the actor may see it (404 otherwise) with its challenge.
func (s *Service) racer(ctx context.Context, actor domain.Actor, id int64) (race.Racer, challenge.Challenge, error) {
	v, c, err := s.d.Racers.Racer(ctx, actor, id)
	if err != nil {
		return race.Racer{}, challenge.Challenge{}, err
	}
	if !v.Detail {
		return race.Racer{}, challenge.Challenge{}, errRacerNotFound
	}
	return v.Racer, c, nil
}

// ensure returns the racer's latest version, making v1 when the racer has none yet (a racer started before
// task books had versions).
func (s *Service) ensure(ctx context.Context, actor domain.Actor, r race.Racer, c challenge.Challenge) (Version, error) {
	v, err := s.d.Store.LatestVersion(ctx, r.ID)
	if !errors.Is(err, domain.ErrNotFound) {
		return v, err
	}
	err = s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		v, err = s.createFirst(ctx, actor, r, c)
		return err
	})
	if errors.Is(err, domain.ErrConflict) {
		return s.d.Store.LatestVersion(ctx, r.ID)
	}
	return v, err
}

// createFirst stores v1 of a racer's task book.
func (s *Service) createFirst(ctx context.Context, actor domain.Actor, r race.Racer, c challenge.Challenge) (Version, error) {
	var partners []Party
	if bs, err := s.d.Bids.SubmittedByID(ctx, r.ChallengeID, []int64{r.BidID}); err != nil {
		return Version{}, err
	} else if len(bs) == 1 {
		partners = []Party{}
		for _, p := range bs[0].Content.Partners {
			partners = append(partners, Party{OrgName: p.OrgName, CreditCode: p.CreditCode})
		}
	}
	code := ""
	if o, err := s.d.Accounts.OrgByID(ctx, r.OrgID); err == nil {
		code = o.CreditCode
	}
	content := FirstContent(r, c, partners, code, s.cfg.StartupPct)
	return s.storeVersion(ctx, actor, r.ID, content)
}

func (s *Service) storeVersion(ctx context.Context, actor domain.Actor, racerID int64, content Content) (Version, error) {
	b := content.Canonical()
	v := Version{RacerID: racerID, Number: content.Version, Content: content, Canonical: b, Digest: DigestOf(b), CreatedAt: s.now()}
	if err := s.d.Store.CreateVersion(ctx, &v); err != nil {
		return Version{}, err
	}
	return v, s.d.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRacer, EntityID: racerID, Action: "taskbook_version",
		After: map[string]any{"version": v.Number, "digest": v.Digest}})
}

// StartRacers makes v1 of the task books of racers just started (the reaction to race.EventStart, in the
// start's transaction).
func (s *Service) StartRacers(ctx context.Context, actor domain.Actor, c challenge.Challenge, racers []race.Racer) error {
	for _, r := range racers {
		v, err := s.createFirst(ctx, actor, r, c)
		if err != nil {
			return err
		}
		if err := s.tellNext(ctx, r, c, v, nil); err != nil {
			return err
		}
	}
	return nil
}

// tellNext tells the next signer of v (after v.Signed signatures) that it is their turn, in the caller's
// transaction; nothing when v is complete or there is no Notifier. signers may be nil (resolved here).
func (s *Service) tellNext(ctx context.Context, r race.Racer, c challenge.Challenge, v Version, signers []Signer) error {
	if s.d.Notifier == nil {
		return nil
	}
	slots := Slots(v.Content)
	if v.Signed >= len(slots) {
		return nil
	}
	if signers == nil {
		var err error
		if signers, err = s.signers(ctx, r, c, v); err != nil {
			return err
		}
	}
	org := r.OrgName
	return s.d.Notifier.Send(ctx, notify.TaskbookTurn, signerRecipients(signers[v.Signed]), r.ID, notify.Params{
		"ChallengeID": c.ID, "Title": c.Title, "RacerID": r.ID, "Version": v.Number, "Org": org})
}

// signerRecipients are the users a slot's signer is: the named user, else the users of its role in its
// organisation, else (the bureau's slot) the bureau.
func signerRecipients(sg Signer) notify.To {
	switch {
	case sg.UserID != 0:
		return notify.Users(sg.UserID)
	case sg.Role == domain.RoleTeam:
		return notify.Team(sg.OrgID)
	case sg.Role == domain.RoleEnterprise:
		return notify.Enterprise(sg.OrgID)
	default:
		return notify.Bureau()
	}
}

// SlotView is one signature of a version as the page shows it: the slot, who signs it, and the signature
// once given.
type SlotView struct {
	Slot      Slot
	Signer    Signer
	Signature *Signature
}

// View is a racer's current task book: the latest version with its signatures, who is next, and whether the
// actor may sign now.
type View struct {
	Racer     race.Racer
	Challenge challenge.Challenge
	Version   Version
	Slots     []SlotView
	// Next is the next slot to sign (nil when complete).
	Next     *SlotView
	Complete bool
	// MaySign is true when the actor is the next signer.
	MaySign bool
	// Versions is how many versions the racer has.
	Versions int
}

// signers resolves who signs each slot of v.
func (s *Service) signers(ctx context.Context, r race.Racer, c challenge.Challenge, v Version) ([]Signer, error) {
	f := SignerFacts{LeadOrgID: r.OrgID, OwnerOrgID: c.OrgID}
	var err error
	if f.PIUserID, err = s.d.Accounts.MemberByEmail(ctx, r.OrgID, domain.RoleTeam, strings.TrimSpace(v.Content.PI.Email)); err != nil {
		return nil, err
	}
	if f.LeadAdminID, err = s.d.Accounts.OrgAdminOf(ctx, r.OrgID); err != nil {
		return nil, err
	}
	if f.OwnerAdminID, err = s.d.Accounts.OrgAdminOf(ctx, c.OrgID); err != nil {
		return nil, err
	}
	for _, p := range v.Content.Partners {
		var id, admin int64
		if p.CreditCode != "" {
			o, err := s.d.Accounts.OrgByCreditCode(ctx, p.CreditCode)
			switch {
			case err == nil:
				id = o.ID
				if admin, err = s.d.Accounts.OrgAdminOf(ctx, id); err != nil {
					return nil, err
				}
			case !errors.Is(err, domain.ErrNotFound):
				return nil, err
			}
		}
		f.PartnerOrgIDs, f.PartnerAdmins = append(f.PartnerOrgIDs, id), append(f.PartnerAdmins, admin)
	}
	slots := Slots(v.Content)
	out := make([]Signer, len(slots))
	for i, sl := range slots {
		out[i] = SignerFor(sl, f)
	}
	return out, nil
}

func (s *Service) view(ctx context.Context, actor domain.Actor, r race.Racer, c challenge.Challenge, v Version) (View, error) {
	signers, err := s.signers(ctx, r, c, v)
	if err != nil {
		return View{}, err
	}
	sigs, err := s.d.Store.Signatures(ctx, r.ID, v.Number)
	if err != nil {
		return View{}, err
	}
	out := View{Racer: r, Challenge: c, Version: v, Versions: v.Number}
	for i, sl := range Slots(v.Content) {
		sv := SlotView{Slot: sl, Signer: signers[i]}
		for j := range sigs {
			if sigs[j].Slot == sl.Key {
				sv.Signature = &sigs[j]
			}
		}
		out.Slots = append(out.Slots, sv)
	}
	if v.Signed < len(out.Slots) {
		out.Next = &out.Slots[v.Signed]
		out.MaySign = out.Next.Signer.May(actor)
	} else {
		out.Complete = true
	}
	return out, nil
}

// Get is the racer's current task book (the team, the owner enterprise and the bureau; 404 for others).
func (s *Service) Get(ctx context.Context, actor domain.Actor, racerID int64) (View, error) {
	r, c, err := s.racer(ctx, actor, racerID)
	if err != nil {
		return View{}, err
	}
	v, err := s.ensure(ctx, actor, r, c)
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, actor, r, c, v)
}

// VersionView is one version of the history with its signatures.
type VersionView struct {
	Version    Version
	Signatures []Signature
	Slots      int
}

// History is every version of the racer's task book with its signatures, newest first.
func (s *Service) History(ctx context.Context, actor domain.Actor, racerID int64) ([]VersionView, error) {
	r, c, err := s.racer(ctx, actor, racerID)
	if err != nil {
		return nil, err
	}
	if _, err := s.ensure(ctx, actor, r, c); err != nil {
		return nil, err
	}
	vs, err := s.d.Store.Versions(ctx, racerID)
	if err != nil {
		return nil, err
	}
	sigs, err := s.d.Store.Signatures(ctx, racerID, 0)
	if err != nil {
		return nil, err
	}
	out := make([]VersionView, 0, len(vs))
	for i := len(vs) - 1; i >= 0; i-- {
		vv := VersionView{Version: vs[i], Signatures: []Signature{}, Slots: len(Slots(vs[i].Content))}
		for _, sg := range sigs {
			if sg.VersionID == vs[i].ID {
				vv.Signatures = append(vv.Signatures, sg)
			}
		}
		out = append(out, vv)
	}
	return out, nil
}

// Sign signs the racer's latest version for the next slot, once the actor re-entered its password (or its
// second-factor code). Refusals: 409 taskbook_changed (an outdated version or digest), 409 not_your_turn,
// 409 already_signed, 409 taskbook_signed (complete), 422 reauth_failed (throttled like a login: 429). The
// signature and the version's count move together, compare-and-set: of two concurrent signatures of one
// slot one wins.
func (s *Service) Sign(ctx context.Context, actor domain.Actor, racerID int64, in SignInput) (View, error) {
	r, c, err := s.racer(ctx, actor, racerID)
	if err != nil {
		return View{}, err
	}
	v, err := s.ensure(ctx, actor, r, c)
	if err != nil {
		return View{}, err
	}
	signers, err := s.signers(ctx, r, c, v)
	if err != nil {
		return View{}, err
	}
	sigs, err := s.d.Store.Signatures(ctx, r.ID, v.Number)
	if err != nil {
		return View{}, err
	}
	// Checked before the secret, so a signer out of turn does not spend a login attempt.
	if _, _, err := CheckTurn(v, in, actor, signers, sigs); err != nil {
		return View{}, err
	}
	if err := s.d.Accounts.Reauthenticate(ctx, actor, in.Password, in.Code); err != nil {
		return View{}, err
	}
	err = s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.d.Store.LatestVersion(ctx, r.ID)
		if err != nil {
			return err
		}
		if cur.ID != v.ID {
			return errChanged.WithDetails(map[string]any{"version": cur.Number, "digest": cur.Digest})
		}
		if sigs, err = s.d.Store.Signatures(ctx, r.ID, cur.Number); err != nil {
			return err
		}
		slot, signer, err := CheckTurn(cur, in, actor, signers, sigs)
		if err != nil {
			return err
		}
		ok, err := s.d.Store.MarkSigned(ctx, cur.ID, cur.Signed)
		if err != nil {
			return err
		}
		if !ok {
			return errAlreadySigned
		}
		orgName := slot.OrgName
		if slot.Role == SlotOwner {
			orgName = c.OrgName
		}
		sg := Signature{VersionID: cur.ID, RacerID: r.ID, Version: cur.Number, Seq: cur.Signed + 1, Slot: slot.Key, Role: slot.Role,
			OrgID: signer.OrgID, OrgName: orgName, OnBehalf: signer.OnBehalf, UserID: actor.UserID, UserName: actor.Name,
			Digest: cur.Digest, SignedAt: s.now()}
		if err := s.d.Store.CreateSignature(ctx, &sg); err != nil {
			if errors.Is(err, domain.ErrConflict) {
				return errAlreadySigned
			}
			return err
		}
		v = cur
		v.Signed++
		if err := s.tellNext(ctx, r, c, v, signers); err != nil {
			return err
		}
		return s.d.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRacer, EntityID: r.ID, Action: "taskbook_sign",
			After: map[string]any{"version": cur.Number, "slot": slot.Key, "digest": cur.Digest}})
	})
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, actor, r, c, v)
}

// TaskbookSigned reports whether the racer's latest task book version carries every signature (false when
// the racer has no version yet). For the funding ledger: later tranches are held until it is true.
func (s *Service) TaskbookSigned(ctx context.Context, racerID int64) (bool, error) {
	v, err := s.d.Store.LatestVersion(ctx, racerID)
	if errors.Is(err, domain.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return v.Complete(), nil
}
