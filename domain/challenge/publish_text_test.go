package challenge

import (
	"testing"
	"time"

	"jiebang/domain/notify"
)

// TestPublishedBodyChinaTime: the publication notice gives the bid deadline in China time as people read it;
// a deadline at 24:00 China time is the date it ends.
func TestPublishedBodyChinaTime(t *testing.T) {
	t.Parallel()
	cases := []struct {
		deadline time.Time
		zh, en   string
	}{
		{time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC), "揭榜截止时间：2026年12月31日24:00（北京时间）", "Bidding closes at the end of 31 Dec 2026 (Beijing time)."},
		{time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC), "揭榜截止时间：2026年12月10日17:00（北京时间）", "Bidding closes at 17:00 on 10 Dec 2026 (Beijing time)."},
	}
	publishedBody := func(c Challenge) (string, string) {
		m, err := notify.ChallengePublished.Render(c.ID, Params(Changed{Challenge: c}))
		if err != nil {
			t.Fatal(err)
		}
		return m.BodyZh, m.BodyEn
	}
	for _, tc := range cases {
		dl := tc.deadline
		zh, en := publishedBody(Challenge{BidDeadline: &dl})
		if zh != tc.zh || en != tc.en {
			t.Errorf("%s: %q / %q", dl, zh, en)
		}
	}
	if zh, en := publishedBody(Challenge{}); zh != "" || en != "" {
		t.Errorf("no deadline: %q / %q", zh, en)
	}
}
