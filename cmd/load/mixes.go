package load

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// Mix is a workload: Setup prepares shared state (and per-client state, e.g. logins) before the clock starts;
// Step sends one request (or one short sequence) as a client.
type Mix struct {
	Desc  string
	Setup func(ctx context.Context, o Options, clients []*Client) (any, error)
	Step  func(ctx context.Context, env any, c *Client)
	// Verify (write mixes) reads back, after the run, what the clients' writes acknowledged with a 2xx.
	Verify func(ctx context.Context, env any, clients []*Client) Verification
}

// Mixes are the known workloads.
var Mixes = map[string]Mix{
	"board":  {Desc: "the public board: 40% list pages, 20% filtered lists, 20% search (1-4 characters), 20% detail", Setup: boardSetup, Step: boardStep},
	"list":   {Desc: "board list page 3 only (the comparison with the bare server's list + COUNT)", Setup: boardSetup, Step: listStep},
	"detail": {Desc: "challenge detail only (the comparison with the bare server's detail)", Setup: boardSetup, Step: detailStep},
	"search": {Desc: "Chinese and ASCII search on the board only", Setup: boardSetup, Step: searchStep},
	"read":   {Desc: "logged-in reads: 70% my bids (team accounts), 30% board list", Setup: readSetup, Step: readStep},
	"write":  {Desc: "bid edits and submissions (PATCH + submit) near a deadline by the load1..N accounts", Setup: writeSetup, Step: writeStep, Verify: writeVerify},
	"score":  {Desc: "score submissions (every criterion and a comment, resubmitted) by the loadexpert1..N accounts", Setup: scoreSetup, Step: scoreStep, Verify: scoreVerify},
	"writes": {Desc: "half the clients edit and submit bids (the write mix), half submit scores (the score mix)", Setup: writesSetup, Step: writesStep, Verify: writesVerify},
	"upload": {Desc: "2 clients upload (and remove) 20 MiB bid attachments in a loop while the others read the board (the board mix)", Setup: uploadSetup, Step: uploadStep},
	"surge":  {Desc: "the deadline surge: the surge teams each upload a 5 MiB attachment and submit in the last minute before their deadline (test clock), the late ones refused, while 1 client in 8 reads (one read per 100 ms each)", Setup: surgeSetup, Step: surgeStep, Verify: surgeVerify},
}

// MixNames lists the mixes.
func MixNames() []string {
	var out []string
	for k := range Mixes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// searchTerms are the board searches: common and rare, 1 to 4 characters.
var searchTerms = []string{"电机", "风电", "芯片", "电", "储能", "电池回收", "激光雷达", "机器人", "GB", "Cpk", "寿命", "无人机", "膜", "减速器"}

var fieldCodes = []string{"equipment", "materials", "energy", "biomedicine", "electronics", "ai", "environment", "agriculture", "marine"}

type boardEnv struct {
	ids []int64
}

type listItem struct {
	ID          int64      `json:"id"`
	Status      string     `json:"status"`
	BidDeadline *time.Time `json:"bid_deadline"`
}

type listResp struct {
	Items []listItem `json:"items"`
	Total int64      `json:"total"`
}

// fetchList reads one page of the board (setup only).
func fetchList(ctx context.Context, c *Client, query string) (listResp, error) {
	st, b := c.Do(ctx, "setup", "GET", "/api/v1/challenges?"+query, nil)
	var l listResp
	if st != 200 {
		return l, fmt.Errorf("GET /api/v1/challenges?%s: status %d", query, st)
	}
	return l, json.Unmarshal(b, &l)
}

func boardSetup(ctx context.Context, _ Options, clients []*Client) (any, error) {
	env := &boardEnv{}
	for p := 1; p <= 10; p++ {
		l, err := fetchList(ctx, clients[0], fmt.Sprintf("page=%d&page_size=100", p))
		if err != nil {
			return nil, err
		}
		for _, it := range l.Items {
			env.ids = append(env.ids, it.ID)
		}
		if len(l.Items) < 100 {
			break
		}
	}
	if len(env.ids) == 0 {
		return nil, fmt.Errorf("the board is empty: seed the database first (jiebang seed --scale N)")
	}
	return env, nil
}

func listStep(ctx context.Context, _ any, c *Client) {
	c.Get(ctx, "board list p3", "/api/v1/challenges?page=3&page_size=20")
}

func detailStep(ctx context.Context, env any, c *Client) {
	e := env.(*boardEnv)
	c.Get(ctx, "detail", fmt.Sprintf("/api/v1/challenges/%d", e.ids[c.Rand.IntN(len(e.ids))]))
}

func searchStep(ctx context.Context, _ any, c *Client) {
	q := searchTerms[c.Rand.IntN(len(searchTerms))]
	c.Get(ctx, "search", "/api/v1/challenges?page_size=20&q="+url.QueryEscape(q))
}

func boardStep(ctx context.Context, env any, c *Client) {
	switch k := c.Rand.IntN(10); {
	case k < 4:
		c.Get(ctx, "board list", fmt.Sprintf("/api/v1/challenges?page=%d&page_size=20", 1+c.Rand.IntN(20)))
	case k < 6:
		q := "field=" + fieldCodes[c.Rand.IntN(len(fieldCodes))]
		if c.Rand.IntN(2) == 0 {
			q = "status=published&mode=race"
		}
		c.Get(ctx, "board filter", "/api/v1/challenges?page_size=20&"+q)
	case k < 8:
		searchStep(ctx, env, c)
	default:
		detailStep(ctx, env, c)
	}
}

// login logs c in as email (setup only).
func login(ctx context.Context, c *Client, email, password string) error {
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	st, b := c.Do(ctx, "setup", "POST", "/api/v1/auth/login", body)
	if st != 200 {
		return fmt.Errorf("login %s: status %d %s", email, st, b)
	}
	var r struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	c.Token = r.AccessToken
	return nil
}

// loginAll logs every client in (as emailOf(i)), a few at a time.
func loginAll(ctx context.Context, o Options, clients []*Client, emailOf func(i int) string) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(clients))
	sem := make(chan struct{}, 4)
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := login(ctx, c, emailOf(i), o.Password); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func readSetup(ctx context.Context, o Options, clients []*Client) (any, error) {
	env, err := boardSetup(ctx, o, clients)
	if err != nil {
		return nil, err
	}
	return env, loginAll(ctx, o, clients, func(i int) string { return fmt.Sprintf("team%d@scale.jiebang.cn", 1+i) })
}

func readStep(ctx context.Context, env any, c *Client) {
	if c.Rand.IntN(10) < 7 {
		c.Get(ctx, "my bids", "/api/v1/me/bids?page_size=20")
		return
	}
	c.Get(ctx, "board list", fmt.Sprintf("/api/v1/challenges?page=%d&page_size=20", 1+c.Rand.IntN(20)))
}

// writeState is a write client's bid and what the server acknowledged of its writes: the approach of the
// last PATCH answered 200 and the number of submissions answered 200; a write whose answer never came (the
// run ended, or the connection failed) may or may not be stored.
type writeState struct {
	bidID int64
	n     int
	// acked is the approach of the last acknowledged PATCH ("" before the first); maybe that of a PATCH
	// whose outcome is unknown.
	acked, maybe string
	// submits counts the acknowledged submissions, maybeSubmits those whose outcome is unknown.
	submits, maybeSubmits int
}

// nearDeadline returns up to n published challenges whose deadline is the soonest after now + 10 minutes.
func nearDeadline(ctx context.Context, c *Client, n int) ([]int64, error) {
	var all []listItem
	for p := 1; p <= 200; p++ {
		l, err := fetchList(ctx, c, fmt.Sprintf("status=published&page=%d&page_size=100", p))
		if err != nil {
			return nil, err
		}
		all = append(all, l.Items...)
		if len(l.Items) < 100 {
			break
		}
	}
	cut := time.Now().Add(10 * time.Minute)
	var open []listItem
	for _, it := range all {
		if it.BidDeadline != nil && it.BidDeadline.After(cut) {
			open = append(open, it)
		}
	}
	sort.Slice(open, func(i, j int) bool { return open[i].BidDeadline.Before(*open[j].BidDeadline) })
	var ids []int64
	for _, it := range open[:min(n, len(open))] {
		ids = append(ids, it.ID)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no published challenge open for more than 10 minutes")
	}
	return ids, nil
}

// bidBody is a complete bid for a challenge with the given KPI names and number of stages.
func bidBody(pi string, kpis []string, stages int, approach string) []byte {
	var plan []map[string]any
	for s := 1; s <= stages; s++ {
		t := map[string]any{}
		for _, k := range kpis {
			t[k] = 100
		}
		plan = append(plan, map[string]any{"stage": s, "kpi_targets": t, "deliverables": "阶段报告"})
	}
	b, _ := json.Marshal(map[string]any{"pi": map[string]any{"name": "压测负责人", "email": pi},
		"members": []any{map[string]any{"name": "压测成员", "role": "试验"}}, "approach": approach, "plan": plan,
		"budget":            []any{map[string]any{"item": "设备费", "amount_fen": 10_000_000}},
		"commitment_signed": true, "integrity_pledge_signed": true})
	return b
}

func writeSetup(ctx context.Context, o Options, clients []*Client) (any, error) {
	targets, err := nearDeadline(ctx, clients[0], 8)
	if err != nil {
		return nil, err
	}
	if err := loginAll(ctx, o, clients, func(i int) string { return fmt.Sprintf("load%d@scale.jiebang.cn", 1+i%128) }); err != nil {
		return nil, err
	}
	for i, c := range clients {
		id, version, err := draftBid(ctx, o, c, i, targets[i%len(targets)])
		if err != nil {
			return nil, err
		}
		c.State = &writeState{bidID: id, submits: version}
	}
	return nil, nil
}

// draftBid starts the client's bid on a challenge, or takes up the one its organisation already has there
// (an earlier run's), and returns it with its latest submitted version (setup only).
func draftBid(ctx context.Context, o Options, c *Client, i int, chID int64) (int64, int, error) {
	st, b := c.Do(ctx, "setup", "GET", fmt.Sprintf("/api/v1/challenges/%d", chID), nil)
	if st != 200 {
		return 0, 0, fmt.Errorf("challenge %d: status %d", chID, st)
	}
	var ch struct {
		KPIs []struct {
			Name string `json:"name"`
		} `json:"kpis"`
		Stages []any `json:"stages"`
	}
	if err := json.Unmarshal(b, &ch); err != nil {
		return 0, 0, err
	}
	var kpis []string
	for _, k := range ch.KPIs {
		kpis = append(kpis, k.Name)
	}
	pi := fmt.Sprintf("pi-load-%d-%d@scale.jiebang.cn", o.Seed, i)
	body := bidBody(pi, kpis, len(ch.Stages), "初稿")
	st, b = c.Do(ctx, "setup", "POST", fmt.Sprintf("/api/v1/challenges/%d/bids", chID), body, 409)
	var bid struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
		Error   struct {
			Code    string `json:"code"`
			Details struct {
				BidID int64 `json:"bid_id"`
			} `json:"details"`
		} `json:"error"`
	}
	_ = json.Unmarshal(b, &bid)
	switch {
	case st == 201:
		return bid.ID, bid.Version, nil
	case st == 409 && bid.Error.Code == "bid_exists" && bid.Error.Details.BidID != 0:
		id := bid.Error.Details.BidID
		st, b = c.Do(ctx, "setup", "GET", fmt.Sprintf("/api/v1/bids/%d", id), nil)
		if st != 200 {
			return 0, 0, fmt.Errorf("bid %d: status %d %s", id, st, b)
		}
		if err := json.Unmarshal(b, &bid); err != nil {
			return 0, 0, err
		}
		return id, bid.Version, nil
	}
	return 0, 0, fmt.Errorf("create bid on %d as client %d: status %d %s", chID, i, st, b)
}

func writeStep(ctx context.Context, _ any, c *Client) {
	s := c.State.(*writeState)
	s.n++
	approach := fmt.Sprintf("技术路线第 %d 稿：%s", s.n, strings.Repeat("优化", 1+c.Rand.IntN(20)))
	body, _ := json.Marshal(map[string]string{"approach": approach})
	st, _ := c.Do(ctx, "bid patch", "PATCH", fmt.Sprintf("/api/v1/bids/%d", s.bidID), body)
	switch {
	case st == 0:
		s.maybe = approach
		return
	case st != 200:
		return
	}
	s.acked, s.maybe = approach, ""
	st, _ = c.Do(ctx, "bid submit", "POST", fmt.Sprintf("/api/v1/bids/%d/submit", s.bidID), nil)
	switch {
	case st == 0:
		s.maybeSubmits++
	case st == 200:
		s.submits++
	}
}

// writeVerify reads every write client's bid back: its approach is the last acknowledged one (or one whose
// answer never came) and its version counts every acknowledged submission.
func writeVerify(ctx context.Context, _ any, clients []*Client) Verification {
	var v Verification
	for _, c := range clients {
		if s, ok := c.State.(*writeState); ok {
			v.check(verifyBid(ctx, c, s))
		}
	}
	return v
}

func verifyBid(ctx context.Context, c *Client, s *writeState) string {
	if s.acked == "" {
		return ""
	}
	st, b := c.ReadBack(ctx, "verify", fmt.Sprintf("/api/v1/bids/%d", s.bidID))
	if st != 200 {
		return fmt.Sprintf("bid %d: read back: status %d", s.bidID, st)
	}
	var got struct {
		Approach string `json:"approach"`
		Version  int    `json:"version"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		return fmt.Sprintf("bid %d: %v", s.bidID, err)
	}
	if got.Approach != s.acked && (s.maybe == "" || got.Approach != s.maybe) {
		return fmt.Sprintf("bid %d: approach %.40q, the last acknowledged PATCH sent %.40q", s.bidID, got.Approach, s.acked)
	}
	if got.Version < s.submits || got.Version > s.submits+s.maybeSubmits {
		return fmt.Sprintf("bid %d: version %d after %d acknowledged submissions", s.bidID, got.Version, s.submits)
	}
	return ""
}
