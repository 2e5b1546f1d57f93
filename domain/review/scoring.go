package review

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"jiebang/domain"
)

// AssignmentStatus is an assignment's place: pending (to score), scored (submitted), recused (回避).
type AssignmentStatus string

// Assignment statuses of the contract.
const (
	AssignmentPending  AssignmentStatus = "pending"
	AssignmentScored   AssignmentStatus = "scored"
	AssignmentRecused  AssignmentStatus = "recused"
	AssignmentReplaced AssignmentStatus = "replaced"
	AssignmentRedrawn  AssignmentStatus = "redrawn"
)

// Item is one thing a round scores: the challenge (validation), a bid (bid review), a racer's report (stage
// review, acceptance).
type Item struct {
	ID       int64
	RoundID  int64
	BidID    int64
	RacerID  int64
	ReportID int64
	Label    string
	// OrgID is the organisation whose line this is in the results (the bid's lead; the enterprise for a
	// validation item).
	OrgID int64
	// BidVersion is the submitted version of the bid the experts score.
	BidVersion int
	// SubmittedAt is when the item was submitted (the second tie-break of the ranking).
	SubmittedAt time.Time
	Parties     Parties
	// BlindLabel is the neutral label the experts of a double-blind round see (方案A …); empty otherwise.
	BlindLabel string
}

// Assignment is one expert's duty to score one item (评审任务).
type Assignment struct {
	ID       int64
	RoundID  int64
	ItemID   int64
	ExpertID int64
	Status   AssignmentStatus
	// FieldMatch is false when the expert was drawn from another field to complete the panel.
	FieldMatch bool
	// Draw is the number of the draw that made it; ReplacesID the assignment it replaced.
	Draw         int
	ReplacesID   int64
	RecuseReason string
	CreatedAt    time.Time
	ClosedAt     *time.Time
}

// Open reports whether the assignment still counts on the panel (pending or scored).
func (a Assignment) Open() bool { return a.Status == AssignmentPending || a.Status == AssignmentScored }

// Withdrawn reports whether the expert left the item's panel (recused, or replaced by the bureau): the
// assignment stays theirs to look at, its material no longer.
func (a Assignment) Withdrawn() bool {
	return a.Status == AssignmentRecused || a.Status == AssignmentReplaced
}

// Score is an expert's scores for an assignment: per criterion (rubric order) and the comment. Draft scores
// are saved work not yet submitted.
type Score struct {
	AssignmentID int64
	Scores       map[string]int
	Comment      string
	Draft        bool
	SavedAt      time.Time
	SubmittedAt  *time.Time
}

// CheckScores validates scores against a rubric: every criterion named by the rubric, 0..100, no unknown
// one, and a comment; a draft may leave criteria and the comment out. It returns the scores in rubric order.
//
// A submission (not a draft) missing the score of a criterion is refused with 422 score_incomplete naming the
// criteria (details.criteria, and a field message per criterion): a missing score is never taken as 0. The
// API hands a JSON null over as missing.
func CheckScores(r []Criterion, scores map[string]int, comment string, draft bool) ([]int, error) {
	var v domain.Validator
	known := map[string]bool{}
	out := make([]int, len(r))
	var missing []string
	for i, c := range r {
		known[c.Name] = true
		f := "scores." + c.Name
		x, ok := scores[c.Name]
		if !ok {
			if !draft {
				missing = append(missing, c.Name)
			}
			continue
		}
		v.Range(f, int64(x), 0, 100)
		out[i] = x
	}
	for name := range scores {
		v.Check(known[name], "scores."+name, "unknown_criterion", "评分细则中没有该项", "not a criterion of the rubric")
	}
	if !draft {
		v.Required("comment", comment)
	}
	v.MaxLen("comment", strings.TrimSpace(comment), MaxCommentLen)
	if len(missing) > 0 {
		return out, ErrScoreIncomplete(missing, v.Err())
	}
	return out, v.Err()
}

// ErrScoreIncomplete is the 422 of a submission without the score of every criterion: it names them (in the
// messages and details.criteria) and gives each a field message, beside the other field messages of also.
func ErrScoreIncomplete(missing []string, also error) error {
	fields := map[string]any{}
	var ve *domain.ValidationError
	if errors.As(also, &ve) {
		for _, f := range ve.Fields {
			fields[f.Field] = f.Zh + " / " + f.En
		}
	}
	for _, name := range missing {
		fields["scores."+name] = "未打分 / not scored"
	}
	return domain.NewError(domain.ErrUnprocessable, "score_incomplete",
		fmt.Sprintf("评分不完整：「%s」尚未打分。提交前请为每个评分项打分（未打分不按 0 分计）", strings.Join(missing, "」「")),
		fmt.Sprintf("the scores are incomplete: %q not scored. Score every criterion before submitting (a missing score is never taken as 0)", missing)).
		WithDetails(map[string]any{"criteria": missing, "fields": fields})
}

// CheckReason validates a recusal, replacement or closing reason.
func CheckReason(field, reason string) error {
	var v domain.Validator
	v.RequiredText(field, reason, MaxReasonLen)
	return v.Err()
}

// Ordered returns scores in rubric order (missing criteria count 0).
func Ordered(r []Criterion, scores map[string]int) []int {
	out := make([]int, len(r))
	for i, c := range r {
		out[i] = scores[c.Name]
	}
	return out
}

// ClosedErr is the 409 of scoring or recusing in a closed round.
func ClosedErr() error {
	return domain.Conflict("round_closed", "评审已结束，评分已冻结", "the round is closed; scores are frozen")
}

// ErrNotEligible is the 409 of a hand-picked replacement that breaks a rule of the draw (code says which).
func ErrNotEligible(code, label string) error {
	return domain.Conflict("expert_not_eligible", fmt.Sprintf("该专家不能评审「%s」（%s）", label, code),
		fmt.Sprintf("this expert may not review %q (%s)", label, code)).WithDetails(map[string]any{"reason": code})
}
