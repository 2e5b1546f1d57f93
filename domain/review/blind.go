package review

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"jiebang/domain"
	"jiebang/domain/bid"
)

// Double-blind review (双盲评审). In every round the experts are hidden from each other and from the teams; in a
// double-blind bid review round the bidders are also hidden from the experts: the expert's pages, API answers,
// notifications and the files offered show no bidder organisation, PI, partner, member or credit code, nor
// anything derived from them (the item's label, the bid's number and digest, attachment names and hashes).
// The bureau still sees everything, and the conflict rules still run on the real identities.

// identityWords mark a criterion that cannot be scored without knowing who the team is (团队实力, 研究基础,
// 承担单位 …): a rubric criterion whose name contains one of them needs the team's identity unless the bureau
// says otherwise.
var identityWords = []string{"团队", "单位", "研究基础", "工作基础", "负责人", "资质", "业绩", "信誉", "信用", "人员", "履历"}

// IdentityCriterion reports whether a criterion named name needs the team's identity by default.
func IdentityCriterion(name string) bool {
	for _, w := range identityWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// NewCriterion builds a rubric line; needsIdentity nil takes the default of the name (IdentityCriterion), so a
// bureau that judges a criterion answerable from the proposal alone says needs_identity false.
func NewCriterion(name string, weight int, needsIdentity *bool) Criterion {
	c := Criterion{Name: name, Weight: weight, NeedsIdentity: IdentityCriterion(strings.TrimSpace(name))}
	if needsIdentity != nil {
		c.NeedsIdentity = *needsIdentity
	}
	return c
}

// IdentityCriteria names the criteria of r that need the team's identity.
func IdentityCriteria(r []Criterion) []string {
	var out []string
	for _, c := range r {
		if c.NeedsIdentity {
			out = append(out, c.Name)
		}
	}
	return out
}

// checkDoubleBlind refuses a double-blind round of another kind than bid review (racers are public; a
// validation round scores the enterprise's own challenge) and a double-blind round whose rubric judges the
// team.
func checkDoubleBlind(kind Kind, rubric []Criterion) error {
	switch kind {
	case KindBidReview:
	case KindStageReview, KindAcceptance:
		return domain.NewError(domain.ErrUnprocessable, "double_blind_stage",
			"阶段考核与验收评审不能双盲：赛马团队已公示，专家无法也无需对其隐去身份",
			"stage reviews and acceptance cannot be double-blind: the racers are public").WithDetails(map[string]any{"kind": string(kind)})
	default:
		return domain.NewError(domain.ErrUnprocessable, "double_blind_bid_only",
			"只有揭榜评审可以双盲：需求论证评审的是发榜单位自己的榜单",
			"only bid review rounds can be double-blind: a validation round reviews the enterprise's own challenge").WithDetails(map[string]any{"kind": string(kind)})
	}
	if names := IdentityCriteria(rubric); len(names) > 0 {
		return domain.NewError(domain.ErrUnprocessable, "rubric_needs_identity",
			fmt.Sprintf("双盲评审中专家看不到申报团队的身份，评分细则中的「%s」需要了解团队身份：请删除或改写该评分项，或将其标为无需身份信息", strings.Join(names, "」「")),
			fmt.Sprintf("in a double-blind round the experts do not see who the team is, but the rubric's %q need the team's identity: remove or rename them, or mark them as not needing it", names)).
			WithDetails(map[string]any{"criteria": names})
	}
	return nil
}

// BlindLabel is the neutral label of the i-th item (0-based) of a double-blind round: 方案A … 方案Z, 方案AA ….
func BlindLabel(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return "方案" + s
}

// labelBlind gives a double-blind round's items their neutral labels in an order shuffled by seed, so that a
// label says nothing of when or by whom a bid was submitted.
func labelBlind(items []Item, seed int64) {
	order := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)).Perm(len(items))
	for i, p := range order {
		items[i].BlindLabel = BlindLabel(p)
	}
}

// Blind is an item as the experts of a double-blind round see it: the neutral label, no bid number, no
// organisation and no parties.
func (it Item) Blind() Item {
	label := it.BlindLabel
	if label == "" { // an item of a round opened before neutral labels existed
		label = fmt.Sprintf("评审对象%d", it.ID)
	}
	return Item{ID: it.ID, RoundID: it.RoundID, BidVersion: it.BidVersion, Label: label, BlindLabel: label,
		SubmittedAt: it.SubmittedAt}
}

// blind is an expert's assignment line of a double-blind round: the neutral label, no bid number.
func (a AssignmentInfo) blind() AssignmentInfo {
	a.ItemLabel, a.BidID = Item{ID: a.ItemID, BlindLabel: a.BlindLabel}.Blind().Label, 0
	return a
}

// Redacted stands for a bidder's name or code found in the free text of a double-blind bid.
const Redacted = "【已隐去】"

// blindBid is the content of a bid version as the experts of a double-blind round read it: the proposal
// (approach, plan, budget, the consortium's roles and shares, the members' roles) without the lead
// organisation, the PI, the partners' names and codes, the members' names, the digest, or the attachments'
// names and hashes.
type blindBid struct {
	LeadSharePct          int           `json:"lead_share_pct"`
	Partners              []blindParty  `json:"partners"`
	Members               []blindParty  `json:"members"`
	Approach              string        `json:"approach"`
	Plan                  []blindStage  `json:"plan"`
	Budget                []blindBudget `json:"budget"`
	CommitmentSigned      bool          `json:"commitment_signed"`
	IntegrityPledgeSigned bool          `json:"integrity_pledge_signed"`
	Attachments           []BlindFile   `json:"attachments"`
}

type blindParty struct {
	Name     string `json:"name"`
	Role     string `json:"role"`
	SharePct int    `json:"share_pct,omitempty"`
}

type blindStage struct {
	Stage        int                `json:"stage"`
	KPITargets   map[string]float64 `json:"kpi_targets"`
	Deliverables string             `json:"deliverables"`
}

type blindBudget struct {
	Item      string `json:"item"`
	AmountFen int64  `json:"amount_fen"`
}

// BlindFile is an attachment offered to the expert of a double-blind round: 附件1, 附件2 … (with the file's
// extension), its size and type.
type BlindFile struct {
	ID          int64  `json:"id"`
	Filename    string `json:"filename"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
}

var plainExt = regexp.MustCompile(`^\.[A-Za-z0-9]{1,8}$`)

// BlindFilename is the neutral name of the n-th (1-based) attachment: 附件n with the original's extension
// when it is a plain one.
func BlindFilename(n int, original string) string {
	ext := path.Ext(original)
	if !plainExt.MatchString(ext) {
		ext = ""
	}
	return fmt.Sprintf("附件%d%s", n, strings.ToLower(ext))
}

// blindVersion is version v of a bid anonymised for the experts of a double-blind round: the content
// without identities (names and codes also struck from the free text), no digest, attachments renamed.
func blindVersion(v bid.Version, p Parties) (bid.Version, error) {
	c := v.Content
	names := identityStrings(c, p)
	red := func(s string) string { return redact(s, names) }
	out := blindBid{LeadSharePct: c.EffectiveLeadShare(), Approach: red(c.Approach),
		CommitmentSigned: c.CommitmentSigned, IntegrityPledgeSigned: c.IntegrityPledgeSigned,
		Partners: []blindParty{}, Members: []blindParty{}, Plan: []blindStage{}, Budget: []blindBudget{}, Attachments: []BlindFile{}}
	for i, x := range c.Partners {
		out.Partners = append(out.Partners, blindParty{Name: fmt.Sprintf("合作单位%d", i+1), Role: red(x.Role), SharePct: x.SharePct})
	}
	for i, x := range c.Members {
		out.Members = append(out.Members, blindParty{Name: fmt.Sprintf("成员%d", i+1), Role: red(x.Role)})
	}
	for _, s := range c.Plan {
		t := map[string]float64{}
		for k, x := range s.KPITargets {
			t[k] = x
		}
		out.Plan = append(out.Plan, blindStage{Stage: s.Stage, KPITargets: t, Deliverables: red(s.Deliverables)})
	}
	for _, b := range c.Budget {
		out.Budget = append(out.Budget, blindBudget{Item: red(b.Item), AmountFen: b.AmountFen})
	}
	for i, a := range v.Attachments {
		out.Attachments = append(out.Attachments, BlindFile{ID: a.ID, Filename: BlindFilename(i+1, a.Filename), Size: a.Size, ContentType: a.ContentType})
	}
	raw, err := json.Marshal(out)
	if err != nil {
		return bid.Version{}, err
	}
	return bid.Version{Version: v.Version, SubmittedAt: v.SubmittedAt, Canonical: raw}, nil
}

// identityStrings are the strings that name the bidder: the lead's name and code, the PI's name and e-mail,
// the partners' names and codes, the members' names (two characters or more, longest first).
func identityStrings(c bid.Content, p Parties) []string {
	var xs []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) >= 2 {
			xs = append(xs, s)
		}
	}
	add(p.OrgName)
	add(p.PI.Name)
	add(p.PI.Email)
	add(c.PI.Name)
	add(c.PI.Email)
	for _, code := range p.CreditCodes {
		add(code)
	}
	for _, x := range c.Partners {
		add(x.OrgName)
		add(x.CreditCode)
	}
	for _, m := range c.Members {
		add(m.Name)
	}
	sort.SliceStable(xs, func(i, j int) bool { return len(xs[i]) > len(xs[j]) })
	return xs
}

// redact strikes every name of names from s (case-insensitively for the Latin letters of codes and e-mails).
func redact(s string, names []string) string {
	for _, n := range names {
		s = regexp.MustCompile(`(?i)`+regexp.QuoteMeta(n)).ReplaceAllLiteralString(s, Redacted)
	}
	return s
}
