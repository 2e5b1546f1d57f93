package race

import (
	"slices"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

var (
	actBureau = domain.Actor{UserID: 1, Role: domain.RoleBureau}
	actOwner  = domain.Actor{UserID: 2, Role: domain.RoleEnterprise, OrgID: 10}
	actOwn    = domain.Actor{UserID: 3, Role: domain.RoleTeam, OrgID: 20}
	actOther  = domain.Actor{UserID: 4, Role: domain.RoleTeam, OrgID: 21}
	actExpert = domain.Actor{UserID: 5, Role: domain.RoleExpert}
)

func TestRacerActionsFor(t *testing.T) {
	t.Parallel()
	running := challenge.Challenge{OrgID: 10, Status: challenge.StatusInProgress}
	done := challenge.Challenge{OrgID: 10, Status: challenge.StatusCompleted}
	cases := []struct {
		who    string
		actor  domain.Actor
		status RacerStatus
		c      challenge.Challenge
		want   []string
	}{
		{"bureau, racing", actBureau, RacerRacing, running, []string{ActionMerge, ActionWin}},
		{"bureau, eliminated", actBureau, RacerEliminated, running, []string{ActionReadmit}},
		{"bureau, completed", actBureau, RacerWinner, done, nil},
		{"bureau, eliminated after completion", actBureau, RacerEliminated, done, nil},
		{"own team, racing", actOwn, RacerRacing, running, []string{ActionReport}},
		{"own team, eliminated", actOwn, RacerEliminated, running, nil},
		{"other team", actOther, RacerRacing, running, nil},
		{"owner enterprise", actOwner, RacerRacing, running, []string{ActionOpinion}},
		{"owner enterprise, eliminated", actOwner, RacerEliminated, running, nil},
		{"owner enterprise, completed", actOwner, RacerWinner, done, nil},
		{"expert", actExpert, RacerRacing, running, nil},
		{"anonymous", domain.Actor{}, RacerRacing, running, nil},
	}
	for _, c := range cases {
		got := RacerActionsFor(c.actor, Racer{OrgID: 20, Status: c.status}, c.c)
		if got == nil || !slices.Equal(got, append([]string{}, c.want...)) {
			t.Errorf("%s: %v, want %v", c.who, got, c.want)
		}
	}
}

func TestNoticeAndObjectionActionsFor(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	runs := NoticeView{Notice: Notice{Status: NoticeOpen, EndsAt: now.Add(time.Hour)}, ChallengeStatus: challenge.StatusNotice}
	ended := NoticeView{Notice: Notice{Status: NoticeOpen, EndsAt: now.Add(-time.Hour)}, ChallengeStatus: challenge.StatusNotice}
	pending := ended
	pending.OpenObjections = 1
	upheld := ended
	upheld.Answers = []Answer{{Status: ObjectionUpheld}}
	superseded := NoticeView{Notice: Notice{Status: NoticeSuperseded, EndsAt: now.Add(-time.Hour)}, ChallengeStatus: challenge.StatusNotice}
	upheldRunning := runs
	upheldRunning.Answers = []Answer{{Status: ObjectionUpheld}}
	started := ended
	started.Status, started.ChallengeStatus = NoticeClosed, challenge.StatusInProgress
	cases := []struct {
		who   string
		actor domain.Actor
		n     NoticeView
		want  []string
	}{
		{"team, running", actOwn, runs, []string{ActionObject}},
		{"expert, running", actExpert, runs, []string{ActionObject}},
		{"anonymous, running", domain.Actor{}, runs, nil},
		{"bureau, running", actBureau, runs, []string{ActionObject}},
		{"bureau, ended", actBureau, ended, []string{ActionStart}},
		{"bureau, open objection", actBureau, pending, nil},
		{"bureau, upheld", actBureau, upheld, []string{ActionRenotice, ActionStart}},
		{"bureau, superseded", actBureau, superseded, nil},
		// Select allows a new selection during the notice once an objection is upheld and none is open.
		{"bureau, upheld while running", actBureau, upheldRunning, []string{ActionObject, ActionRenotice}},
		// The notice stays closed after the project started: neither start nor renotice is offered again.
		{"bureau, project started", actBureau, started, nil},
		{"owner enterprise, ended", actOwner, ended, nil},
	}
	for _, c := range cases {
		got := NoticeActionsFor(c.actor, c.n, now)
		if got == nil || !slices.Equal(got, append([]string{}, c.want...)) {
			t.Errorf("%s: %v, want %v", c.who, got, c.want)
		}
	}
	if got := ObjectionActionsFor(actBureau, ObjectionOpen); !slices.Equal(got, []string{ActionUphold, ActionDismiss}) {
		t.Errorf("bureau on an open objection: %v", got)
	}
	for _, a := range []domain.Actor{actOwn, actOwner, actExpert, {}} {
		if got := ObjectionActionsFor(a, ObjectionOpen); got == nil || len(got) != 0 {
			t.Errorf("%s on an open objection: %v", a.Role, got)
		}
	}
	if got := ObjectionActionsFor(actBureau, ObjectionUpheld); len(got) != 0 {
		t.Errorf("bureau on an answered objection: %v", got)
	}
}

func TestBoardActionsFor(t *testing.T) {
	t.Parallel()
	three := []challenge.Stage{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	running := challenge.Challenge{OrgID: 10, Status: challenge.StatusInProgress, Stages: three}
	done := challenge.Challenge{OrgID: 10, Status: challenge.StatusCompleted, Stages: three}
	two := []Decision{{Stage: 1}, {Stage: 2}}
	cases := []struct {
		who       string
		actor     domain.Actor
		c         challenge.Challenge
		decisions []Decision
		want      []string
	}{
		{"bureau, nothing decided", actBureau, running, nil, []string{ActionDecide}},
		{"bureau, one stage decided", actBureau, running, []Decision{{Stage: 1}}, []string{ActionDecide}},
		{"bureau, at the acceptance", actBureau, running, two, []string{ActionConclude}},
		{"owner, before the acceptance", actOwner, running, nil, []string{}},
		{"owner, at the acceptance", actOwner, running, two, []string{ActionOpinion}},
		{"team, at the acceptance", actOwn, running, two, []string{}},
		{"bureau, completed", actBureau, done, two, []string{}},
		{"bureau, one stage only", actBureau, challenge.Challenge{Status: challenge.StatusInProgress, Stages: three[:1]}, nil, []string{ActionConclude}},
	}
	for _, c := range cases {
		if got := BoardActionsFor(c.actor, c.c, c.decisions); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.who, got, c.want)
		}
	}
}

func TestStageActionsFor(t *testing.T) {
	t.Parallel()
	three := []challenge.Stage{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	running := challenge.Challenge{OrgID: 10, Status: challenge.StatusInProgress, Stages: three}
	done := challenge.Challenge{OrgID: 10, Status: challenge.StatusCompleted, Stages: three}
	first := map[int]Decision{1: {Stage: 1}}
	cases := []struct {
		who     string
		actor   domain.Actor
		c       challenge.Challenge
		stage   int
		decided map[int]Decision
		want    []string
	}{
		{"bureau, first stage undecided", actBureau, running, 1, nil, []string{ActionDecide}},
		{"bureau, first stage decided", actBureau, running, 1, first, []string{}},
		{"bureau, second after the first", actBureau, running, 2, first, []string{ActionDecide}},
		{"bureau, second before the first", actBureau, running, 2, nil, []string{}},
		{"bureau, the last stage (acceptance)", actBureau, running, 3, map[int]Decision{1: {}, 2: {}}, []string{}},
		{"bureau, no such stage", actBureau, running, 0, nil, []string{}},
		{"bureau, finished challenge", actBureau, done, 1, nil, []string{}},
		{"owner enterprise", actOwner, running, 1, nil, []string{}},
		{"team", actOwn, running, 1, nil, []string{}},
	}
	for _, c := range cases {
		if got := StageActionsFor(c.actor, c.c, c.stage, c.decided); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.who, got, c.want)
		}
	}
}
