package credit

import (
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
)

func day(s string) *time.Time {
	t, _ := time.ParseInLocation("2006-01-02", s, China)
	return &t
}

func TestStatus(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 10, 15, 59, 0, 0, time.UTC) // 23:59 on 10 Nov in China
	for _, c := range []struct {
		name   string
		events []Event
		want   account.CreditStatus
	}{
		{"none", nil, account.CreditGood},
		{"warned", []Event{{Kind: KindWarn}}, account.CreditWarned},
		{"bar until today applies all day", []Event{{Kind: KindBar, Until: day("2026-11-10")}}, account.CreditBarred},
		{"bar ended yesterday", []Event{{Kind: KindBar, Until: day("2026-11-09")}}, account.CreditGood},
		{"bar without an end", []Event{{Kind: KindBar}}, account.CreditBarred},
		{"warning outlives an ended bar", []Event{{Kind: KindWarn}, {Kind: KindBar, Until: day("2026-11-01")}}, account.CreditWarned},
		{"lift clears", []Event{{Kind: KindWarn}, {Kind: KindBar}, {Kind: KindLift}}, account.CreditGood},
		{"warning after a lift", []Event{{Kind: KindBar}, {Kind: KindLift}, {Kind: KindWarn}}, account.CreditWarned},
	} {
		if got := Status(c.events, now); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestInputCheck(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 10, 1, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in   Input
		want string
	}{
		{Input{Kind: KindBar, Reason: "虚报材料", Until: "2027-11-10"}, ""},
		{Input{Kind: KindWarn, Reason: "x"}, ""},
		{Input{Kind: "ban", Reason: "x"}, "unknown_kind"},
		{Input{Kind: KindWarn, Reason: " "}, "reason_required"},
		{Input{Kind: KindWarn, Reason: "x", Until: "2027-01-01"}, "until_only_for_bar"},
		{Input{Kind: KindBar, Reason: "x", Until: "2027-13-01"}, "until_invalid"},
		{Input{Kind: KindBar, Reason: "x", Until: "2026-11-09"}, "until_past"},
	} {
		_, err := c.in.check(now)
		got := ""
		if err != nil {
			got = domain.CodeOf(err)
		}
		if got != c.want {
			t.Errorf("%+v: %v, want %q", c.in, err, c.want)
		}
	}
}
