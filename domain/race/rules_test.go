package race

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

func intp(n int) *int { return &n }

func TestPropose(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		stage     challenge.Stage
		racing    []int64
		scores    map[int64]float64
		scored    bool
		advance   []int64
		eliminate []int64
	}{
		{"keep racers-1", challenge.Stage{MinScore: 60}, []int64{1, 2, 3}, map[int64]float64{1: 70, 2: 90, 3: 80}, true, []int64{2, 3}, []int64{1}},
		{"below the minimum", challenge.Stage{MinScore: 60}, []int64{1, 2, 3}, map[int64]float64{1: 50, 2: 90, 3: 59.9}, true, []int64{2}, []int64{3, 1}},
		{"default minimum 60", challenge.Stage{}, []int64{1, 2}, map[int64]float64{1: 59, 2: 61}, true, []int64{2}, []int64{1}},
		{"keep top fixed", challenge.Stage{KeepTop: intp(3), MinScore: 60}, []int64{1, 2, 3}, map[int64]float64{1: 70, 2: 90, 3: 80}, true, []int64{2, 3, 1}, []int64{}},
		{"single racer keeps one", challenge.Stage{MinScore: 60}, []int64{7}, map[int64]float64{7: 75}, true, []int64{7}, []int64{}},
		{"unscored racer last", challenge.Stage{MinScore: 60}, []int64{1, 2, 3}, map[int64]float64{1: 70, 3: 80}, true, []int64{3, 1}, []int64{2}},
		{"ties by id", challenge.Stage{MinScore: 60}, []int64{5, 4}, map[int64]float64{4: 80, 5: 80}, true, []int64{4}, []int64{5}},
		{"no scores: all advance", challenge.Stage{MinScore: 60}, []int64{1, 2}, nil, false, []int64{1, 2}, []int64{}},
	}
	for _, tc := range cases {
		adv, eli, _, _ := Propose(tc.stage, tc.racing, tc.scores, tc.scored)
		if !reflect.DeepEqual(adv, tc.advance) || !reflect.DeepEqual(eli, tc.eliminate) {
			t.Errorf("%s: advance %v eliminate %v, want %v %v", tc.name, adv, eli, tc.advance, tc.eliminate)
		}
	}
}

func fieldErr(err error, field string) bool {
	var ve *domain.ValidationError
	return errors.As(err, &ve) && ve.Has(field)
}

func TestCheckSelection(t *testing.T) {
	t.Parallel()
	raceCh := challenge.Challenge{Mode: challenge.ModeRace, MaxRacers: 3}
	single := challenge.Challenge{Mode: challenge.ModeSingle, MaxRacers: 1}
	ranking := []Ranked{{BidID: 10, Rank: 1}, {BidID: 11, Rank: 2}, {BidID: 12, Rank: 3}, {BidID: 13, Rank: 4}}
	cases := []struct {
		name  string
		ch    challenge.Challenge
		in    SelectionInput
		field string // "" = valid
	}{
		{"top two", raceCh, SelectionInput{BidIDs: []int64{11, 10}, NoticeDays: 5}, ""},
		{"top three", raceCh, SelectionInput{BidIDs: []int64{10, 11, 12}, NoticeDays: 5}, ""},
		{"one in race mode", raceCh, SelectionInput{BidIDs: []int64{10}, NoticeDays: 5}, "bid_ids"},
		{"too many", raceCh, SelectionInput{BidIDs: []int64{10, 11, 12, 13}, NoticeDays: 5}, "bid_ids"},
		{"departing without reason", raceCh, SelectionInput{BidIDs: []int64{10, 12}, NoticeDays: 5}, "reason"},
		{"departing with reason", raceCh, SelectionInput{BidIDs: []int64{10, 12}, NoticeDays: 5, Reason: "第二名存在关联关系"}, ""},
		{"not ranked", raceCh, SelectionInput{BidIDs: []int64{10, 99}, NoticeDays: 5, Reason: "x"}, "bid_ids[1]"},
		{"duplicate", raceCh, SelectionInput{BidIDs: []int64{10, 10}, NoticeDays: 5, Reason: "x"}, "bid_ids[1]"},
		{"single one", single, SelectionInput{BidIDs: []int64{10}, NoticeDays: 5}, ""},
		{"single two", single, SelectionInput{BidIDs: []int64{10, 11}, NoticeDays: 5}, "bid_ids"},
		{"notice days", single, SelectionInput{BidIDs: []int64{10}, NoticeDays: 31}, "notice_days"},
	}
	for _, tc := range cases {
		err := CheckSelection(tc.ch, ranking, tc.in)
		if tc.field == "" && err != nil {
			t.Errorf("%s: refused: %v", tc.name, err)
		}
		if tc.field != "" && !fieldErr(err, tc.field) {
			t.Errorf("%s: want field error on %s, got %v", tc.name, tc.field, err)
		}
	}
	// A race with a single eligible bid takes it alone.
	if err := CheckSelection(raceCh, ranking[:1], SelectionInput{BidIDs: []int64{10}, NoticeDays: 5}); err != nil {
		t.Errorf("race with one ranked bid: %v", err)
	}
}

func TestCheckDecision(t *testing.T) {
	t.Parallel()
	racers := []Racer{{ID: 1, Status: RacerRacing}, {ID: 2, Status: RacerRacing}, {ID: 3, Status: RacerEliminated}}
	p := Proposal{Advance: []int64{1}, Eliminate: []int64{2}}
	cases := []struct {
		name  string
		in    DecisionInput
		field string
	}{
		{"as proposed, tolerance", DecisionInput{Advance: []int64{1}, Eliminate: []Elimination{{RacerID: 2, Reason: "未达标", Tolerance: true}}}, ""},
		{"no tolerance needs credit status", DecisionInput{Advance: []int64{1}, Eliminate: []Elimination{{RacerID: 2, Reason: "数据造假"}}}, "eliminate[0].credit_status"},
		{"no tolerance, barred", DecisionInput{Advance: []int64{1}, Eliminate: []Elimination{{RacerID: 2, Reason: "数据造假", CreditStatus: "barred"}}}, ""},
		{"override needs reason", DecisionInput{Advance: []int64{1, 2}}, "reason"},
		{"override with reason", DecisionInput{Advance: []int64{1, 2}, Reason: "差距很小，均予保留"}, ""},
		{"not racing", DecisionInput{Advance: []int64{1, 3}, Eliminate: []Elimination{{RacerID: 2, Reason: "x", Tolerance: true}}, Reason: "x"}, "advance[1]"},
		{"missing racer", DecisionInput{Advance: []int64{1}}, "advance"},
		{"nobody advances", DecisionInput{Eliminate: []Elimination{{RacerID: 1, Reason: "x", Tolerance: true}, {RacerID: 2, Reason: "x", Tolerance: true}}, Reason: "x"}, "advance"},
		{"elimination reason", DecisionInput{Advance: []int64{1}, Eliminate: []Elimination{{RacerID: 2, Tolerance: true}}}, "eliminate[0].reason"},
	}
	for _, tc := range cases {
		err := checkDecision(racers, p, &tc.in)
		if tc.field == "" && err != nil {
			t.Errorf("%s: refused: %v", tc.name, err)
		}
		if tc.field != "" && !fieldErr(err, tc.field) {
			t.Errorf("%s: want field error on %s, got %v", tc.name, tc.field, err)
		}
	}
}

func TestMachines(t *testing.T) {
	t.Parallel()
	if to, err := racerMachine.next(RacerRacing, ActionEliminate, domain.RoleBureau); err != nil || to != RacerEliminated {
		t.Fatalf("eliminate: %v %v", to, err)
	}
	if _, err := racerMachine.next(RacerWinner, ActionEliminate, domain.RoleBureau); !errors.Is(err, domain.ErrInvalidTransition) {
		t.Fatalf("a winner cannot be eliminated: %v", err)
	}
	if _, err := racerMachine.next(RacerRacing, ActionEliminate, domain.RoleEnterprise); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("only the bureau eliminates: %v", err)
	}
	if to, err := racerMachine.next(RacerEliminated, ActionReadmit, domain.RoleBureau); err != nil || to != RacerRacing {
		t.Fatalf("readmit: %v %v", to, err)
	}
	if _, err := objectionMachine.next(ObjectionDismissed, ActionUphold, domain.RoleBureau); !errors.Is(err, domain.ErrInvalidTransition) {
		t.Fatalf("an answered objection is final: %v", err)
	}
	if to, err := noticeMachine.next(NoticeOpen, ActionClose, domain.RoleSystem); err != nil || to != NoticeClosed {
		t.Fatalf("close by the job: %v %v", to, err)
	}
}

func TestStageDue(t *testing.T) {
	t.Parallel()
	// Started 2026-11-02 09:00 China time; a stage 6 months on is due at the end of 2027-05-02, China time.
	start := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	want := time.Date(2027, 5, 2, 16, 0, 0, 0, time.UTC)
	if got := StageDue(start, 6); !got.Equal(want) {
		t.Fatalf("due %s, want %s", got, want)
	}
}

func TestFollowsRanking(t *testing.T) {
	t.Parallel()
	r := []Ranked{{BidID: 1, Rank: 1}, {BidID: 2, Rank: 2}}
	if !FollowsRanking(r, []int64{2, 1}) || FollowsRanking(r, []int64{2}) || FollowsRanking(r, []int64{1, 2, 3}) {
		t.Fatal("FollowsRanking")
	}
}
