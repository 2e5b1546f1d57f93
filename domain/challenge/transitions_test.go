package challenge

import (
	"testing"
	"time"

	"jiebang/domain"
)

var allActions = []Action{ActionSubmit, ActionApprove, ActionReturn, ActionReject, ActionPublish,
	ActionCloseBidding, ActionStartReview, ActionSelect, ActionRenotice, ActionStart, ActionComplete,
	ActionFail, ActionCancel, ActionCreate, ActionEdit, ActionAmend}

// TestTransitions checks every (status, action) pair against the lifecycle of process.md, written out here
// independently of the table: the allowed ones lead where the process says, everything else is refused.
func TestTransitions(t *testing.T) {
	t.Parallel()
	allowed := map[Status]map[Action]Status{
		StatusDraft:         {ActionSubmit: StatusSubmitted, ActionCancel: StatusCancelled},
		StatusReturned:      {ActionSubmit: StatusSubmitted, ActionCancel: StatusCancelled},
		StatusSubmitted:     {ActionApprove: StatusApproved, ActionReturn: StatusReturned, ActionReject: StatusRejected, ActionCancel: StatusCancelled},
		StatusApproved:      {ActionPublish: StatusPublished, ActionCancel: StatusCancelled},
		StatusPublished:     {ActionCloseBidding: StatusBiddingClosed, ActionCancel: StatusCancelled},
		StatusBiddingClosed: {ActionStartReview: StatusReviewing, ActionCancel: StatusCancelled},
		StatusReviewing:     {ActionSelect: StatusNotice, ActionCancel: StatusCancelled},
		StatusNotice:        {ActionStart: StatusInProgress, ActionRenotice: StatusNotice, ActionCancel: StatusCancelled},
		StatusInProgress:    {ActionComplete: StatusCompleted, ActionFail: StatusFailed},
		StatusRejected:      {},
		StatusCompleted:     {},
		StatusFailed:        {},
		StatusCancelled:     {},
	}
	if len(allowed) != len(Statuses) {
		t.Fatalf("test covers %d statuses, the domain has %d", len(allowed), len(Statuses))
	}
	for _, from := range Statuses {
		for _, a := range allActions {
			want, ok := allowed[from][a]
			got, gotOK := Next(from, a)
			if gotOK != ok || got != want {
				t.Errorf("%s --%s--> got (%q, %v), want (%q, %v)", from, a, got, gotOK, want, ok)
			}
		}
	}
}

func TestTerminalAndEditable(t *testing.T) {
	t.Parallel()
	for _, s := range Statuses {
		wantTerminal := s == StatusRejected || s == StatusCompleted || s == StatusFailed || s == StatusCancelled
		if Terminal(s) != wantTerminal {
			t.Errorf("Terminal(%s) = %v", s, Terminal(s))
		}
		wantEditable := s == StatusDraft || s == StatusReturned
		if Editable(s) != wantEditable {
			t.Errorf("Editable(%s) = %v", s, Editable(s))
		}
	}
}

func TestMayAct(t *testing.T) {
	t.Parallel()
	tests := []struct {
		role   domain.Role
		action Action
		want   bool
	}{
		{domain.RoleEnterprise, ActionSubmit, true},
		{domain.RoleBureau, ActionSubmit, false},
		{domain.RoleEnterprise, ActionApprove, false},
		{domain.RoleBureau, ActionApprove, true},
		{domain.RoleBureau, ActionPublish, true},
		{domain.RoleAdmin, ActionPublish, false},
		{domain.RoleTeam, ActionCancel, false},
		{domain.RoleBureau, ActionCancel, true},
		{domain.RoleSystem, ActionCloseBidding, true},
		{domain.RoleSystem, ActionPublish, false},
		{domain.RoleBureau, ActionCloseBidding, true},
		{domain.RoleEnterprise, ActionCloseBidding, false},
	}
	for _, tt := range tests {
		if got := MayAct(tt.role, tt.action); got != tt.want {
			t.Errorf("MayAct(%s, %s) = %v, want %v", tt.role, tt.action, got, tt.want)
		}
	}
}

func TestPublicAndBiddingOpen(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	tests := []struct {
		name        string
		c           Challenge
		public, bid bool
	}{
		{"draft", Challenge{Status: StatusDraft}, false, false},
		{"submitted", Challenge{Status: StatusSubmitted}, false, false},
		{"approved", Challenge{Status: StatusApproved}, false, false},
		{"rejected", Challenge{Status: StatusRejected}, false, false},
		{"published before deadline", Challenge{Status: StatusPublished, PublishedAt: &earlier, BidDeadline: &later}, true, true},
		{"published at deadline", Challenge{Status: StatusPublished, PublishedAt: &earlier, BidDeadline: &now}, true, false},
		{"published after deadline", Challenge{Status: StatusPublished, PublishedAt: &earlier, BidDeadline: &earlier}, true, false},
		{"bidding closed", Challenge{Status: StatusBiddingClosed, PublishedAt: &earlier, BidDeadline: &later}, true, false},
		{"completed", Challenge{Status: StatusCompleted, PublishedAt: &earlier}, true, false},
		{"cancelled before publication", Challenge{Status: StatusCancelled}, false, false},
		{"cancelled after publication", Challenge{Status: StatusCancelled, PublishedAt: &earlier}, true, false},
	}
	for _, tt := range tests {
		if got := tt.c.Public(); got != tt.public {
			t.Errorf("%s: Public() = %v", tt.name, got)
		}
		if got := tt.c.BiddingOpen(now); got != tt.bid {
			t.Errorf("%s: BiddingOpen() = %v", tt.name, got)
		}
	}
}

func TestDaysLeft(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	tests := []struct {
		status   Status
		deadline *time.Time
		want     int
		none     bool
	}{
		{StatusPublished, at(30 * 24 * time.Hour), 30, false},
		{StatusPublished, at(30*24*time.Hour - time.Minute), 30, false}, // 08:59 on the 30th China date from now
		{StatusPublished, at(time.Hour), 0, false},
		{StatusPublished, at(-time.Hour), 0, false},
		{StatusBiddingClosed, at(time.Hour), 0, true},
		{StatusDraft, nil, 0, true},
	}
	for _, tt := range tests {
		got := Challenge{Status: tt.status, BidDeadline: tt.deadline}.daysLeft(now)
		if (got == nil) != tt.none || (got != nil && *got != tt.want) {
			t.Errorf("%s %v: daysLeft = %v, want %d (none %v)", tt.status, tt.deadline, got, tt.want, tt.none)
		}
	}
}

func TestKPIMet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cmp   string
		value float64
		want  bool
	}{
		{CmpAtLeast, 10, true}, {CmpAtLeast, 9.99, false},
		{CmpAtMost, 10, true}, {CmpAtMost, 10.01, false},
		{CmpEqual, 10, true}, {CmpEqual, 11, false},
		{"", 10, false},
	}
	for _, tt := range tests {
		if got := (KPI{Target: 10, Comparison: tt.cmp}).Met(tt.value); got != tt.want {
			t.Errorf("%s %v: Met = %v", tt.cmp, tt.value, got)
		}
	}
}

// TestMachineRoles checks who may take each edge: the roles of process.md, and role_not_allowed for the rest.
func TestMachineRoles(t *testing.T) {
	t.Parallel()
	roles := []domain.Role{domain.RoleEnterprise, domain.RoleTeam, domain.RoleExpert, domain.RoleBureau, domain.RoleAdmin, domain.RoleSystem}
	owner := map[Action]bool{ActionSubmit: true}
	for _, e := range Machine.Edges() {
		for _, r := range roles {
			want := r == domain.RoleBureau && !owner[e.Action] || r == domain.RoleEnterprise && owner[e.Action] ||
				r == domain.RoleSystem && e.Action == ActionCloseBidding
			to, err := Machine.Next(e.From, e.Action, r, Challenge{Status: e.From})
			if want && (err != nil || to != e.To) {
				t.Errorf("%s may %s from %s: got %q %v", r, e.Action, e.From, to, err)
			}
			if !want && domain.CodeOf(err) != "role_not_allowed" {
				t.Errorf("%s may not %s from %s: got %q %v", r, e.Action, e.From, to, err)
			}
		}
	}
	if got := Machine.Actions(StatusNotice, domain.RoleBureau); len(got) != 3 {
		t.Errorf("bureau actions in notice: %v", got)
	}
}
