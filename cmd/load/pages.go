package load

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"jiebang/seed"
)

// The page mixes: each logged-in page of the programme alone, every client a different user of the page's role
// where the scale seed has enough of them (the bureau is one account, one session per client), and `pages`,
// all of them at once (client i shows page i mod 10). The endpoint names are the mix names. Every request must
// be answered 200: the users and ids are chosen so that each is allowed.

// page is one logged-in page: the role whose users show it and the request.
type page struct {
	name string
	role string // "team", "enterprise", "expert", "bureau"; "race" for the race board (its owner's or racers' users)
	path func(c *Client, st *pageState) string
}

// pageState is a page client's page and, on the race board, its race.
type pageState struct {
	page *page
	race int64
}

func boardPath(c *Client, _ *pageState) string {
	return fmt.Sprintf("/api/v1/challenges?page=%d&page_size=20", 1+c.Rand.IntN(20))
}

func fixedPath(p string) func(*Client, *pageState) string {
	return func(*Client, *pageState) string { return p }
}

// pages are the logged-in pages in the order the `pages` mix deals them to its clients.
var pages = []*page{
	{name: "team-board", role: "team", path: boardPath},
	{name: "my-bids", role: "team", path: fixedPath("/api/v1/me/bids?page_size=20")},
	{name: "ent-board", role: "enterprise", path: boardPath},
	{name: "my-challenges", role: "enterprise", path: fixedPath("/api/v1/challenges?scope=mine&page_size=20")},
	{name: "expert-board", role: "expert", path: boardPath},
	{name: "workbench", role: "expert", path: fixedPath("/api/v1/me/assignments")},
	{name: "bureau-board", role: "bureau", path: boardPath},
	{name: "dashboard", role: "bureau", path: fixedPath("/api/v1/programme/dashboard")},
	{name: "race-board", role: "race", path: func(_ *Client, st *pageState) string {
		return fmt.Sprintf("/api/v1/challenges/%d/racers", st.race)
	}},
	{name: "notifications", role: "team", path: fixedPath("/api/v1/me/notifications?page_size=20")},
}

func init() {
	for _, p := range pages {
		Mixes[p.name] = Mix{Desc: "logged-in page " + p.name + " alone (" + pageUsers[p.role] + ")",
			Setup: pagesSetup([]*page{p}), Step: pageStep}
	}
	Mixes["pages"] = Mix{Desc: "every logged-in page at once (team-board, my-bids, ent-board, my-challenges, expert-board, " +
		"workbench, bureau-board, dashboard, race-board, notifications; client i shows page i mod 10)",
		Setup: pagesSetup(pages), Step: pageStep}
}

var pageUsers = map[string]string{
	"team":       "team1..N@scale.jiebang.cn, whose organisations have bids",
	"enterprise": "ent1..N@scale.jiebang.cn, who posted challenges",
	"expert":     "expert1..N@scale.jiebang.cn, with pending assignments",
	"bureau":     "bureau@scale.jiebang.cn, one session per client",
	"race":       "the owner's and the racers' users of the races in progress",
}

// raceSeat is a race in progress and one user who may see its detail (the owner's or a racer's).
type raceSeat struct {
	challenge int64
	email     string
}

// scaleEmail is the e-mail of the scale seed's user of an organisation: the seed names every enterprise and
// team organisation with the number of its user (…股份有限公司12 is ent12's, …理工大学7 or …研究院7 team7's).
func scaleEmail(orgName string) (string, bool) {
	digits := orgName
	for i, r := range orgName {
		if !unicode.IsDigit(r) {
			digits = orgName[i+utf8.RuneLen(r):]
		}
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 1 {
		return "", false
	}
	switch {
	case strings.Contains(orgName, "股份有限公司"):
		return fmt.Sprintf("ent%d@scale.jiebang.cn", n), true
	case strings.Contains(orgName, "理工大学") || strings.Contains(orgName, "研究院"):
		return fmt.Sprintf("team%d@scale.jiebang.cn", n), true
	}
	return "", false
}

// racesInProgress returns the seats of up to max races in progress (race mode first, then any challenge in
// progress), read as the bureau.
func racesInProgress(ctx context.Context, bureau *Client, limit int) ([]raceSeat, error) {
	var seats []raceSeat
	for _, q := range []string{"status=in_progress&mode=race", "status=in_progress&mode=single"} {
		l, err := fetchList(ctx, bureau, q+"&page_size=100")
		if err != nil {
			return nil, err
		}
		for _, it := range l.Items {
			if len(seats) >= limit {
				return seats, nil
			}
			st, b := bureau.Do(ctx, "setup", "GET", fmt.Sprintf("/api/v1/challenges/%d", it.ID), nil)
			if st != 200 {
				return nil, fmt.Errorf("challenge %d: status %d", it.ID, st)
			}
			var ch struct {
				OrgName string `json:"org_name"`
			}
			if err := json.Unmarshal(b, &ch); err != nil {
				return nil, err
			}
			st, b = bureau.Do(ctx, "setup", "GET", fmt.Sprintf("/api/v1/challenges/%d/racers", it.ID), nil)
			if st != 200 {
				return nil, fmt.Errorf("race board %d: status %d", it.ID, st)
			}
			var board struct {
				Items []struct {
					OrgName string `json:"org_name"`
				} `json:"items"`
			}
			if err := json.Unmarshal(b, &board); err != nil {
				return nil, err
			}
			for _, name := range append([]string{ch.OrgName}, racerOrgs(board.Items)...) {
				if e, ok := scaleEmail(name); ok {
					seats = append(seats, raceSeat{challenge: it.ID, email: e})
				}
			}
		}
	}
	if len(seats) == 0 {
		return nil, fmt.Errorf("no challenge in progress with its users: seed the database first (jiebang seed --scale N)")
	}
	return seats, nil
}

func racerOrgs(items []struct {
	OrgName string `json:"org_name"`
}) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.OrgName)
	}
	return out
}

// pagesSetup logs the bureau in on the first client to count the programme (the scale seed's accounts are in
// proportion to its challenges) and find the races in progress, then logs every client in as the user of its page.
func pagesSetup(ps []*page) func(ctx context.Context, o Options, clients []*Client) (any, error) {
	return func(ctx context.Context, o Options, clients []*Client) (any, error) {
		bureau := "bureau@scale.jiebang.cn"
		if err := login(ctx, clients[0], bureau, o.Password); err != nil {
			return nil, err
		}
		// The bureau sees every challenge but the drafts: a lower bound of N, so every account counted exists.
		l, err := fetchList(ctx, clients[0], "page_size=1")
		if err != nil {
			return nil, err
		}
		ents, teams, experts := seed.ScaleAccounts(int(l.Total))
		var seats []raceSeat
		for _, p := range ps {
			if p.role == "race" {
				if seats, err = racesInProgress(ctx, clients[0], len(clients)); err != nil {
					return nil, err
				}
			}
		}
		emails := make([]string, len(clients))
		for i, c := range clients {
			st := &pageState{page: ps[i%len(ps)]}
			c.State = st
			switch st.page.role {
			case "team":
				emails[i] = fmt.Sprintf("team%d@scale.jiebang.cn", 1+i%teams)
			case "enterprise":
				emails[i] = fmt.Sprintf("ent%d@scale.jiebang.cn", 1+i%ents)
			case "expert":
				emails[i] = fmt.Sprintf("expert%d@scale.jiebang.cn", 1+i%experts)
			case "bureau":
				emails[i] = bureau
			case "race":
				s := seats[i%len(seats)]
				st.race, emails[i] = s.challenge, s.email
			}
		}
		return nil, loginAll(ctx, o, clients, func(i int) string { return emails[i] })
	}
}

func pageStep(ctx context.Context, _ any, c *Client) {
	st := c.State.(*pageState)
	c.Get(ctx, st.page.name, st.page.path(c, st))
}
