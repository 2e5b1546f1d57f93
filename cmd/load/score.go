package load

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// LoadExperts is the number of expert accounts (loadexpert1..N@scale.jiebang.cn) the score mix logs in as;
// `seed --scale` gives each an active membership and open assignments in bid review rounds being scored.
const LoadExperts = 128

// loadExpertEmail is the e-mail of the i-th (1-based) load expert.
func loadExpertEmail(i int) string { return fmt.Sprintf("loadexpert%d@scale.jiebang.cn", i) }

// scoreTarget is one assignment a score client scores, and what the server acknowledged of it: the last
// scores answered 200 and, while one's answer never came, the scores that may be stored instead; the
// number of submissions answered 200 (acks) and never answered (maybes), and the assignment's audit
// entries before the run (each submission is audited in its transaction).
type scoreTarget struct {
	id            int64
	criteria      []string
	acked         *scoreBody
	maybe         *scoreBody
	acks, maybes  int64
	auditedBefore int64
}

// scoreEnv holds the bureau's client, which counts the assignments' audit entries before and after the run.
type scoreEnv struct {
	bureau *Client
}

// bureauEmail is the scale seed's bureau account.
const bureauEmail = "bureau@scale.jiebang.cn"

// audited counts the audit entries of an assignment.
func audited(ctx context.Context, bureau *Client, name string, id int64) (int64, error) {
	st, b := bureau.ReadBack(ctx, name, fmt.Sprintf("/api/v1/audit?entity=assignment&entity_id=%d&page_size=1", id))
	if st != 200 {
		return 0, fmt.Errorf("GET /api/v1/audit for assignment %d: status %d %s", id, st, b)
	}
	var l struct {
		Total int64 `json:"total"`
	}
	return l.Total, json.Unmarshal(b, &l)
}

// scoreBody is a submission: every criterion 0..100 and a comment.
type scoreBody struct {
	Scores  map[string]int `json:"scores"`
	Comment string         `json:"comment"`
	Draft   bool           `json:"draft"`
}

// same reports whether stored scores are these.
func (b *scoreBody) same(scores map[string]int, comment string, draft bool) bool {
	return b != nil && maps.Equal(b.Scores, scores) && b.Comment == comment && b.Draft == draft
}

// scoreState is a score client's assignments, scored in turn.
type scoreState struct {
	targets []*scoreTarget
	next    int
	n       int
}

type assignmentItem struct {
	ID          int64  `json:"id"`
	RoundID     int64  `json:"round_id"`
	Status      string `json:"status"`
	RoundStatus string `json:"round_status"`
}

// scoreSetup logs every client in as a load expert and gives it the open assignments (pending or already
// scored, in rounds still being scored) of its expert; clients that share an expert share its assignments
// out, so each assignment has one writer and its last acknowledged scores are known.
func scoreSetup(ctx context.Context, o Options, clients []*Client) (any, error) {
	expertOf := func(i int) int { return 1 + i%LoadExperts }
	err := loginAll(ctx, o, clients, func(i int) string { return loadExpertEmail(expertOf(i)) })
	if err != nil {
		return nil, fmt.Errorf("%w (the score mix needs the load experts loadexpert1..%d@scale.jiebang.cn: seed the database with a recent `jiebang seed --scale N`)", err, LoadExperts)
	}
	open := map[int][]assignmentItem{}
	rubrics := map[int64][]string{}
	for i, c := range clients {
		e := expertOf(i)
		if _, done := open[e]; !done {
			items, err := openAssignments(ctx, c)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", loadExpertEmail(e), err)
			}
			if len(items) == 0 {
				return nil, fmt.Errorf("%s has no open assignment in a round being scored: seed the database with a recent `jiebang seed --scale N` (the score mix rescores the same assignments, so a seeded database serves many runs until its rounds close)", loadExpertEmail(e))
			}
			open[e] = items
		}
		// Clients i, i+LoadExperts, ... share expert e: the k-th of them takes every k-th assignment.
		sharers := (len(clients) - (i % LoadExperts) + LoadExperts - 1) / LoadExperts
		st := &scoreState{}
		for k, it := range open[e] {
			if k%sharers != i/LoadExperts {
				continue
			}
			if _, ok := rubrics[it.RoundID]; !ok {
				if rubrics[it.RoundID], err = rubricOf(ctx, c, it.ID); err != nil {
					return nil, err
				}
			}
			st.targets = append(st.targets, &scoreTarget{id: it.ID, criteria: rubrics[it.RoundID]})
		}
		if len(st.targets) == 0 {
			return nil, fmt.Errorf("%s has %d open assignments for %d clients: use at most %d clients or seed more assignments",
				loadExpertEmail(e), len(open[e]), sharers, len(open[e])*LoadExperts)
		}
		c.State = st
	}
	env := &scoreEnv{bureau: &Client{Base: clients[0].Base, HTTP: clients[0].HTTP, Rand: clients[0].Rand, rec: clients[0].rec}}
	if err := login(ctx, env.bureau, bureauEmail, o.Password); err != nil {
		return nil, fmt.Errorf("%w (the score mix reads the audit trail as the bureau)", err)
	}
	for _, c := range clients {
		for _, t := range c.State.(*scoreState).targets {
			if t.auditedBefore, err = audited(ctx, env.bureau, "setup", t.id); err != nil {
				return nil, err
			}
		}
	}
	return env, nil
}

// openAssignments lists the acting expert's assignments that may be scored (setup only).
func openAssignments(ctx context.Context, c *Client) ([]assignmentItem, error) {
	var out []assignmentItem
	for p := 1; p <= 20; p++ {
		st, b := c.Do(ctx, "setup", "GET", fmt.Sprintf("/api/v1/me/assignments?page=%d&page_size=100", p), nil)
		if st != 200 {
			return nil, fmt.Errorf("GET /api/v1/me/assignments: status %d %s", st, b)
		}
		var l struct {
			Items []assignmentItem `json:"items"`
		}
		if err := json.Unmarshal(b, &l); err != nil {
			return nil, err
		}
		for _, it := range l.Items {
			if (it.Status == "pending" || it.Status == "scored") && it.RoundStatus == "assigned" {
				out = append(out, it)
			}
		}
		if len(l.Items) < 100 {
			break
		}
	}
	return out, nil
}

// material is the part of GET /assignments/{id} the score mix reads: the rubric and the stored scores.
type material struct {
	Round struct {
		Rubric []struct {
			Name string `json:"name"`
		} `json:"rubric"`
	} `json:"round"`
	Score *scoreBody `json:"score"`
}

func readMaterial(ctx context.Context, c *Client, name string, id int64) (material, error) {
	var m material
	st, b := c.ReadBack(ctx, name, fmt.Sprintf("/api/v1/assignments/%d", id))
	if st != 200 {
		return m, fmt.Errorf("GET /api/v1/assignments/%d: status %d %s", id, st, b)
	}
	return m, json.Unmarshal(b, &m)
}

// rubricOf returns the criteria of an assignment's round (setup only).
func rubricOf(ctx context.Context, c *Client, id int64) ([]string, error) {
	m, err := readMaterial(ctx, c, "setup", id)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, cr := range m.Round.Rubric {
		names = append(names, cr.Name)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("assignment %d: the round has no rubric", id)
	}
	return names, nil
}

// scoreStep submits (not a draft) new scores for the client's next assignment: every criterion 0..100 and a
// comment. A submitted assignment may be submitted again until its round closes.
func scoreStep(ctx context.Context, _ any, c *Client) {
	s := c.State.(*scoreState)
	t := s.targets[s.next%len(s.targets)]
	s.next++
	s.n++
	body := &scoreBody{Scores: make(map[string]int, len(t.criteria)),
		Comment: fmt.Sprintf("压测评语第 %d 稿：技术路线可行，指标论证充分。", s.n)}
	for _, name := range t.criteria {
		body.Scores[name] = c.Rand.IntN(101)
	}
	b, _ := json.Marshal(body)
	switch st, _ := c.Do(ctx, "score submit", "POST", fmt.Sprintf("/api/v1/assignments/%d/score", t.id), b); {
	case st == 0:
		t.maybe = body
		t.maybes++
	case st == 200:
		t.acked, t.maybe = body, nil
		t.acks++
	}
}

// scoreVerify reads every scored assignment back: its stored scores are the last acknowledged submission
// (or one whose answer never came), submitted, not a draft, and the audit trail holds an entry for every
// acknowledged submission.
func scoreVerify(ctx context.Context, env any, clients []*Client) Verification {
	var v Verification
	for _, c := range clients {
		s, ok := c.State.(*scoreState)
		if !ok {
			continue
		}
		for _, t := range s.targets {
			if t.acked != nil {
				v.check(verifyScore(ctx, c, env.(*scoreEnv).bureau, t))
			}
		}
	}
	return v
}

func verifyScore(ctx context.Context, c, bureau *Client, t *scoreTarget) string {
	n, err := audited(ctx, bureau, "verify", t.id)
	if err != nil {
		return fmt.Sprintf("assignment %d: %v", t.id, err)
	}
	if n -= t.auditedBefore; n < t.acks || n > t.acks+t.maybes {
		return fmt.Sprintf("assignment %d: %d submissions acknowledged, %d audited", t.id, t.acks, n)
	}
	m, err := readMaterial(ctx, c, "verify", t.id)
	if err != nil {
		return fmt.Sprintf("assignment %d: read back: %v", t.id, err)
	}
	got := m.Score
	if got == nil {
		return fmt.Sprintf("assignment %d: no scores stored after an acknowledged submission", t.id)
	}
	if !t.acked.same(got.Scores, got.Comment, got.Draft) && !t.maybe.same(got.Scores, got.Comment, got.Draft) {
		return fmt.Sprintf("assignment %d: stored %v %q (draft %v), the last acknowledged submission sent %v %q",
			t.id, sortedScores(got.Scores), got.Comment, got.Draft, sortedScores(t.acked.Scores), t.acked.Comment)
	}
	return ""
}

// sortedScores prints scores in a stable order.
func sortedScores(m map[string]int) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return out
}

// writesSetup splits the clients in two: the even ones edit and submit bids as in the write mix, the odd ones
// submit scores as in the score mix.
func writesSetup(ctx context.Context, o Options, clients []*Client) (any, error) {
	var bidders, scorers []*Client
	for i, c := range clients {
		if i%2 == 0 {
			bidders = append(bidders, c)
		} else {
			scorers = append(scorers, c)
		}
	}
	if len(scorers) == 0 {
		return nil, fmt.Errorf("the writes mix needs at least 2 clients")
	}
	if _, err := writeSetup(ctx, o, bidders); err != nil {
		return nil, err
	}
	return scoreSetup(ctx, o, scorers)
}

func writesStep(ctx context.Context, env any, c *Client) {
	if _, ok := c.State.(*writeState); ok {
		writeStep(ctx, env, c)
		return
	}
	scoreStep(ctx, env, c)
}

func writesVerify(ctx context.Context, env any, clients []*Client) Verification {
	v := writeVerify(ctx, env, clients)
	v.merge(scoreVerify(ctx, env, clients))
	return v
}
