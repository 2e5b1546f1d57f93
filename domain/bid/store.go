package bid

import (
	"context"
	"io"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/challenge"
)

// Store persists bids, their versions and attachments. Methods take their database handle from ctx (the
// transaction when there is one).
type Store interface {
	// Create inserts b and sets its ID; a second non-withdrawn bid of the same organisation on the same
	// challenge is a conflict (domain.ErrConflict).
	Create(ctx context.Context, b *Bid) error
	// Get returns one bid (domain.ErrNotFound when absent).
	Get(ctx context.Context, id int64) (Bid, error)
	// GetForOrg returns one bid led by the organisation (domain.ErrNotFound when absent or another's): the
	// read of a single bid where access matters is scoped in the query, so a missed check cannot leak.
	GetForOrg(ctx context.Context, orgID, id int64) (Bid, error)
	// GetOnChallengesOf returns one bid on a challenge posted by the organisation (domain.ErrNotFound
	// otherwise): what an enterprise may look up.
	GetOnChallengesOf(ctx context.Context, orgID, id int64) (Bid, error)
	// DeleteUnsubmitted removes a bid that was never submitted (version 0) with its attachment records;
	// domain.ErrStale when it has been submitted meanwhile (compare-and-set).
	DeleteUnsubmitted(ctx context.Context, id int64) error
	// OpenBidOf reports the ID of the organisation's non-withdrawn bid on the challenge (0 when none).
	OpenBidOf(ctx context.Context, challengeID, orgID int64) (int64, error)
	// SaveContent replaces the working copy of a bid that is still in status from (compare-and-set).
	SaveContent(ctx context.Context, id int64, from Status, c Content, dirty bool, at time.Time) error
	// SaveSubmission stores version v and moves the bid from status from to submitted (compare-and-set on the
	// status and the previous version number).
	SaveSubmission(ctx context.Context, from Status, v Version, piEmail string) error
	// SetStatus moves a bid from one status to another (compare-and-set); reason is the eligibility reason, or
	// the end reason of a cancelled bid.
	SetStatus(ctx context.Context, id int64, from, to Status, reason string, at time.Time) error
	// Touch marks the working copy changed (an attachment added or removed) while the bid is in status from.
	Touch(ctx context.Context, id int64, from Status, at time.Time) error
	// List returns bids matching f, in ID order (newest first when f.NewestFirst).
	List(ctx context.Context, f Filter, p domain.Page) (domain.List[Bid], error)
	// CountActiveByPI counts active bids (submitted, eligible, selected) whose PI has the normalised e-mail,
	// other than exceptID; CountActiveByOrg those the organisation leads. Only bids on challenges of call
	// callID count (0: the challenges outside any call): the limits are counted within a call.
	CountActiveByPI(ctx context.Context, piEmail string, callID, exceptID int64) (int64, error)
	CountActiveByOrg(ctx context.Context, orgID int64, callID, exceptID int64) (int64, error)
	// LockLimits serialises submissions that could break the same PI or organisation limit until the end of
	// the transaction.
	LockLimits(ctx context.Context, orgID int64, piEmail string) error
	// LockBid holds the bid's row until the end of the transaction, so a concurrent edit of the working copy
	// either lands before the submission re-reads it or waits until the submission has committed.
	LockBid(ctx context.Context, id int64) error
	// Versions returns every submitted version, oldest first; LatestVersion the newest one.
	Versions(ctx context.Context, bidID int64) ([]Version, error)
	LatestVersion(ctx context.Context, bidID int64) (Version, error)
	// AddAttachment inserts a and sets its ID; Attachments lists the working copy's (not removed) ones in
	// upload order; Attachment returns one, removed or not; RemoveAttachment marks one removed.
	AddAttachment(ctx context.Context, a *Attachment) error
	Attachments(ctx context.Context, bidID int64) ([]Attachment, error)
	// AttachmentsOf is Attachments of several bids in one read, by bid (a bid without any is absent).
	AttachmentsOf(ctx context.Context, bidIDs []int64) (map[int64][]Attachment, error)
	Attachment(ctx context.Context, bidID, id int64) (Attachment, error)
	RemoveAttachment(ctx context.Context, bidID, id int64, at time.Time) error
}

// Filter narrows a listing of bids.
type Filter struct {
	ChallengeID int64
	LeadOrgID   int64
	// Submitted keeps bids that have at least one submitted version.
	Submitted bool
	// Statuses keeps bids in one of these statuses; ExcludeStatuses drops these.
	Statuses        []Status
	ExcludeStatuses []Status
	NewestFirst     bool
}

// Blobs stores attachment bytes by their SHA-256 (content-addressed, written atomically).
type Blobs interface {
	// Stage copies r to a temporary file, hashing it, and fails with a *domain.Error of kind
	// domain.ErrTooLarge when r holds more than limit bytes (nothing is kept then).
	Stage(r io.Reader, limit int64) (StagedBlob, error)
	// Open opens the stored bytes with the given SHA-256.
	Open(sha256 string) (io.ReadSeekCloser, error)
}

// StagedBlob is an uploaded file waiting in a temporary place.
type StagedBlob interface {
	SHA256() string
	Size() int64
	// Head is the first bytes of the file, for content-type detection.
	Head() []byte
	// Commit moves the file into place under its SHA-256; created is false when the same content was there.
	Commit() (created bool, err error)
	// Discard removes the temporary file (a no-op after Commit).
	Discard()
	// Uncommit is called when the transaction that referenced the file failed; the file is kept (another
	// upload of the same content may reference it), unreferenced.
	Uncommit()
}

// Uploader is what a StagedBlob may offer besides Commit: putting the bytes in their final place before the
// transaction that records them (an object store's upload takes a while, and must not hold the database's
// writer). Commit after a successful Upload does no more I/O. An upload whose transaction then fails leaves an
// unreferenced object, which the store's orphan cleanup removes later.
type Uploader interface {
	Upload(ctx context.Context) error
}

// UploadStaged calls Upload when the staged blob offers it (the local directory renames its file into place, an
// object store puts the object). Call it after the checks that may refuse the file and before the transaction.
func UploadStaged(ctx context.Context, staged StagedBlob) error {
	if u, ok := staged.(Uploader); ok {
		return u.Upload(ctx)
	}
	return nil
}

// Orgs is what the bidding needs from accounts.
type Orgs interface {
	OrgByID(ctx context.Context, id int64) (account.Org, error)
	OrgByCreditCode(ctx context.Context, code string) (account.Org, error)
}

// Challenges is what the bidding needs from challenges.
type Challenges interface {
	Lookup(ctx context.Context, id int64) (challenge.Challenge, error)
	// Summaries returns challenges without their long texts, by id (absent when they do not exist).
	Summaries(ctx context.Context, ids []int64) (map[int64]challenge.Challenge, error)
}

// StateLookup is what Challenges may offer besides Lookup: a challenge with only its status and bid deadline
// set, read cheaply. The checks inside write transactions (is the challenge still open?) use it when it is
// there; a Challenges that adjusts what Lookup returns (the demo seed's story clock) leaves it out.
type StateLookup interface {
	LookupState(ctx context.Context, id int64) (challenge.Challenge, error)
}
