package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/repository"
)

// ScalePassword is the password of every account the scale seed creates.
const ScalePassword = "Scale-pass-2026"

// ScaleLoadAccounts is the number of team accounts (load1..loadN@scale.jiebang.cn, each with its own
// organisation and no bids) that the load command's write mix logs in as.
const ScaleLoadAccounts = 128

// ScaleLoadExperts is the number of expert accounts (loadexpert1..loadexpertN@scale.jiebang.cn) that the
// load command's score mix logs in as: each has ScaleLoadAssignments pending assignments in open bid review
// rounds with a deadline at least 60 days away, never scored, and sits on no other panel.
const ScaleLoadExperts = 128

// ScaleLoadAssignments is the number of pending assignments of each load expert.
const ScaleLoadAssignments = 8

// ScaleOptions configure the scale seed.
type ScaleOptions struct {
	// N is the number of challenges.
	N int
	// Seed makes the data deterministic: the same seed gives the same programme (timestamps count from the
	// start of the current hour, so published challenges are still open and some close within 2–3 hours).
	Seed int64
	// Progress receives a progress bar (nil: none).
	Progress io.Writer
	// SurgeTeams is the number of surge teams for the load command's surge mix (scale_surge.go; 0: none).
	SurgeTeams int
}

// scaleBatch is the number of challenges (with their bids, reviews, races and audit entries) written per
// transaction.
const scaleBatch = 100

// ScaleCounts are what a scale seed wrote.
type ScaleCounts struct {
	Orgs, Users, Challenges, Bids int
	// Rounds counts review rounds; Assignments their assignments; Scores the submitted score sheets (one per
	// scored assignment) and CriterionScores the single scores on them (one per rubric criterion).
	Rounds, Assignments, Scores, CriterionScores int
	Racers, Reports, StageDecisions              int
	FundingDecisions, Disbursements              int
	// LoadAssignments are the load experts' pending assignments.
	LoadAssignments int
	Audits          int
	// Notifications are the in-app notifications the process sent (one per user told).
	Notifications int
}

// scaleSeeder holds the state of one scale seed run.
type scaleSeeder struct {
	a           Services
	r           *rand.Rand
	base        time.Time
	hash        string
	bureau      domain.Actor
	enterprise  []account.User
	orgCode     map[int64]string
	expertNames map[int64]string
	teams       []scaleTeam
	experts     []int64
	loadExperts []int64
	nextExpert  int
	eligible    []scaleBid      // eligible bids of the challenge being seeded
	loadItems   []scaleLoadItem // items of the load rounds, for the load experts
	nextLead    int
	reviewing   int // reviewing challenges seen
	n           ScaleCounts
	history     []challenge.HistoryEntry // written at the end of each batch
	audits      []audit.Entry            // appended to the chain at the end of each batch
	notes       []scaleNote              // notifications, written at the end of each batch
	accounts    *repository.AccountStore
	chStore     *repository.ChallengeStore
	bidStore    *repository.BidStore
	auditStore  *repository.AuditStore
	reviews     *repository.ReviewStore
	races       *repository.RaceStore
	funds       *repository.FundingStore
	notify      *repository.NotifyStore
}

// Scale fills an empty database with a programme of opts.N challenges: proportional organisations and
// users (N/10 enterprises, 2N research organisations with a team user each, N/20 experts), challenges with
// ~5 KB of text of which 3/4 are published or later, about 13 bids with consortia per published challenge,
// validation rounds, bid review rounds with five experts per item (open and partly scored while reviewing,
// closed with results after), races with task books, stage reports, stage reviews, eliminations, winners
// and acceptance, the funding ledger, and the audit chain of all of it; it returns the summary the seed command
// prints. Writes go through the stores of a.DB in transactions of 100 challenges, in multi-row INSERTs where rows
// come in numbers (see the package doc); a.Clock gives now, a.Tx the transaction.
func Scale(ctx context.Context, a Services, opts ScaleOptions) (string, error) {
	_, summary, err := seedScale(ctx, a, opts)
	return summary, err
}

func seedScale(ctx context.Context, a Services, opts ScaleOptions) (ScaleCounts, string, error) {
	if opts.N < 1 {
		return ScaleCounts{}, "", fmt.Errorf("--scale must be at least 1")
	}
	start := time.Now()
	params := a.PasswordHash
	if params == (account.HashParams{}) {
		params = account.DefaultHashParams
	}
	h, err := account.NewHasher(params, 1).Hash(ctx, ScalePassword)
	if err != nil {
		return ScaleCounts{}, "", err
	}
	s := &scaleSeeder{a: a, r: rand.New(rand.NewPCG(uint64(opts.Seed), 0x6a696562)), hash: h,
		base: a.Clock.Now().UTC().Truncate(time.Hour), orgCode: map[int64]string{}, expertNames: map[int64]string{},
		accounts: repository.NewAccountStore(a.DB), chStore: repository.NewChallengeStore(a.DB),
		bidStore: repository.NewBidStore(a.DB), auditStore: repository.NewAuditStore(a.DB),
		reviews: repository.NewReviewStore(a.DB), races: repository.NewRaceStore(a.DB), funds: repository.NewFundingStore(a.DB),
		notify: repository.NewNotifyStore(a.DB)}
	if a.DB.Dialect == repository.DialectSQLite {
		// The search index takes some 600 terms per challenge in random places of its B-tree: with SQLite's
		// default 2 MB page cache nearly every one is a read from the file. 256 MB keeps the tree in memory
		// for the run; the connection gets its default back after.
		if err := a.DB.Writer.WithContext(ctx).Exec("PRAGMA cache_size = -262144").Error; err != nil {
			return ScaleCounts{}, "", err
		}
		defer a.DB.Writer.Exec("PRAGMA cache_size = -2000")
	}
	bar := newProgress(opts.Progress)
	// One transaction for the whole programme (the batches are savepoints in it): a run that fails or is killed
	// part-way leaves the database empty, and a database that holds data is refused before anything is written.
	err = atomically(ctx, a, func(ctx context.Context) error {
		if err := s.seedAccounts(ctx, opts.N, bar); err != nil {
			return err
		}
		for done := 0; done < opts.N; done += scaleBatch {
			n := min(scaleBatch, opts.N-done)
			err := a.Tx.InTx(ctx, func(ctx context.Context) error {
				for i := range n {
					if err := s.seedChallenge(ctx, done+i); err != nil {
						return err
					}
				}
				return s.flush(ctx)
			})
			if err != nil {
				return err
			}
			bar.show("programme", done+n, opts.N)
		}
		return a.Tx.InTx(ctx, func(ctx context.Context) error {
			if err := s.seedLoadExperts(ctx); err != nil {
				return err
			}
			if err := s.seedSurge(ctx, opts.SurgeTeams); err != nil {
				return err
			}
			return s.flush(ctx)
		})
	})
	if err != nil {
		return ScaleCounts{}, "", err
	}
	// A bulk load leaves PostgreSQL without statistics until autovacuum gets to it, and the planner then
	// walks primary keys instead of the right index (my bids: 48 ms instead of 0.2 ms). Analyze now, as an
	// operator does after an import.
	if a.DB.Dialect == repository.DialectPostgres {
		bar.show("analyze", 0, 1)
		if err := a.DB.Writer.WithContext(ctx).Exec("ANALYZE").Error; err != nil {
			return ScaleCounts{}, "", err
		}
		bar.show("analyze", 1, 1)
	}
	bar.done()
	c := s.n
	ents, teams, experts := ScaleAccounts(opts.N)
	return c, fmt.Sprintf("scale data (seed %d): %d organisations, %d users, %d challenges, %d bids, %d review rounds, "+
		"%d assignments, %d score sheets (%d criterion scores), %d racers, %d stage reports, %d stage decisions, "+
		"%d funding decisions, %d disbursements, %d notifications, %d audit entries in %s\n"+
		"  every account's password: %s; bureau@scale.jiebang.cn, ent1..ent%d@… (enterprises with challenges), "+
		"team1..team%d@… (teams with bids and notifications), expert1..expert%d@… (experts with assignments), "+
		"load1..load%d@scale.jiebang.cn (teams without bids), loadexpert1..loadexpert%d@scale.jiebang.cn (%d pending assignments each)\n",
		opts.Seed, c.Orgs, c.Users, c.Challenges, c.Bids, c.Rounds, c.Assignments, c.Scores, c.CriterionScores, c.Racers,
		c.Reports, c.StageDecisions, c.FundingDecisions, c.Disbursements, c.Notifications, c.Audits, time.Since(start).Round(time.Millisecond),
		ScalePassword, ents, teams, experts, ScaleLoadAccounts, ScaleLoadExperts, ScaleLoadAssignments), nil
}

// at is the base time shifted by d.
func (s *scaleSeeder) at(d time.Duration) time.Time { return s.base.Add(d).Truncate(time.Microsecond) }

// days is t shifted by n days.
func days(t time.Time, n int) time.Time { return t.Add(time.Duration(n) * 24 * time.Hour) }

// audit queues an audit entry; flush appends the queue to the chain in order.
func (s *scaleSeeder) audit(actor domain.Actor, at time.Time, entity string, id int64, action string, after any) {
	s.n.Audits++
	a := ""
	switch v := after.(type) {
	case string:
		a = v
	case nil:
	default:
		b, _ := json.Marshal(v)
		a = string(b)
	}
	s.audits = append(s.audits, audit.Entry{At: at, ActorID: actor.UserID, ActorName: actor.Name,
		ActorRole: string(actor.Role), Entity: entity, EntityID: id, Action: action, After: a, RequestID: "seed"})
}

// flush writes the queued history entries and audit entries.
func (s *scaleSeeder) flush(ctx context.Context) error {
	if err := s.chStore.AddHistoryAll(ctx, s.history); err != nil {
		return err
	}
	if err := s.auditStore.AppendAll(ctx, s.audits, s.a.Audit.Sealer()); err != nil {
		return err
	}
	if err := s.flushNotes(ctx); err != nil {
		return err
	}
	s.history, s.audits = s.history[:0], s.audits[:0]
	return nil
}

// panel returns the next k experts of the pool, in turn.
func (s *scaleSeeder) panel(k int) []int64 {
	out := make([]int64, 0, k)
	for range k {
		out = append(out, s.experts[s.nextExpert%len(s.experts)])
		s.nextExpert++
	}
	return out
}

// ScaleAccounts are the numbers of enterprise (ent1..), team (team1..) and expert (expert1..) accounts of a
// scale programme of n challenges; a smaller n gives at most as many of each.
func ScaleAccounts(n int) (enterprises, teams, experts int) {
	return max(2, n/10), max(4, 2*n), max(5, n/20)
}

func (s *scaleSeeder) seedAccounts(ctx context.Context, n int, bar *progress) error {
	ents, teams, experts := ScaleAccounts(n)
	total := ents + teams + experts + ScaleLoadAccounts + ScaleLoadExperts
	user := func(ctx context.Context, email, name string, role domain.Role, org *account.Org, fields []string) (account.User, error) {
		t := s.at(-400 * 24 * time.Hour)
		if org != nil && org.ID == 0 {
			o := *org
			o.Verified, o.CreditStatus, o.CreatedAt, o.UpdatedAt = true, account.CreditGood, t, t
			if err := s.accounts.CreateOrg(ctx, &o); err != nil {
				return account.User{}, err
			}
			*org = o
			s.n.Orgs++
		}
		u := account.User{Email: email, Name: name, Role: role, ExpertFields: fields, CreatedAt: t, UpdatedAt: t}
		if org != nil {
			u.OrgID = org.ID
		}
		err := s.accounts.CreateUser(ctx, &u, s.hash)
		s.n.Users++
		if org != nil && role != domain.RoleTeam {
			s.orgCode[org.ID] = org.CreditCode
		}
		if role == domain.RoleExpert {
			s.expertNames[u.ID] = name
		}
		return u, err
	}
	made := 0
	return s.a.Tx.InTx(ctx, func(ctx context.Context) error {
		b, err := user(ctx, "bureau@scale.jiebang.cn", "省科技厅成果处", domain.RoleBureau, nil, nil)
		if err != nil {
			return err
		}
		s.bureau = b.Actor()
		// Enterprise i's and team i's organisations are named with i at the end: the load command's race board
		// mix finds the users of a race's organisations by it (cmd/load scaleEmail).
		for i := 1; i <= ents; i++ {
			org := account.Org{Name: fmt.Sprintf("%s%s%s股份有限公司%d", pick(s.r, scaleOrgWords), pick(s.r, scaleOrgWords), pick(s.r, scaleIndustry), i),
				Type: account.OrgEnterprise, CreditCode: withCheck(fmt.Sprintf("91330200%09d", i))}
			u, err := user(ctx, fmt.Sprintf("ent%d@scale.jiebang.cn", i), scalePerson(s.r), domain.RoleEnterprise, &org, nil)
			if err != nil {
				return err
			}
			s.enterprise = append(s.enterprise, u)
			made++
		}
		for i := 1; i <= teams+ScaleLoadAccounts; i++ {
			email := fmt.Sprintf("team%d@scale.jiebang.cn", i)
			if i > teams {
				email = fmt.Sprintf("load%d@scale.jiebang.cn", i-teams)
			}
			typ, name := account.OrgUniversity, fmt.Sprintf("%s理工大学%d", pick(s.r, scaleOrgWords), i)
			if i%3 == 0 {
				typ, name = account.OrgResearchInstitute, fmt.Sprintf("%s%s研究院%d", pick(s.r, scaleOrgWords), pick(s.r, scaleIndustry), i)
			}
			org := account.Org{Name: name, Type: typ, CreditCode: withCheck(fmt.Sprintf("12330000%09d", i))}
			u, err := user(ctx, email, scalePerson(s.r), domain.RoleTeam, &org, nil)
			if err != nil {
				return err
			}
			if i <= teams {
				s.teams = append(s.teams, scaleTeam{Actor: u.Actor(), orgID: u.OrgID, orgName: org.Name, code: org.CreditCode})
			}
			made++
			if made%500 == 0 {
				bar.show("accounts", made, total)
			}
		}
		// Experts belong to verified organisations that never bid (so they are in the pool and free of
		// conflicts): 25 to an organisation; the load experts have their own.
		var org account.Org
		for i := 1; i <= experts+ScaleLoadExperts; i++ {
			email, fresh := fmt.Sprintf("expert%d@scale.jiebang.cn", i), (i-1)%25 == 0
			if i > experts {
				email, fresh = fmt.Sprintf("loadexpert%d@scale.jiebang.cn", i-experts), (i-experts-1)%32 == 0
			}
			if fresh {
				org = account.Org{Name: fmt.Sprintf("%s科技评审专家委员会%d", pick(s.r, scaleOrgWords), i), Type: account.OrgResearchInstitute,
					CreditCode: withCheck(fmt.Sprintf("52330000%09d", i))}
			}
			f := challenge.Fields[i%len(challenge.Fields)].Code
			u, err := user(ctx, email, scalePerson(s.r), domain.RoleExpert, &org, []string{f})
			if err != nil {
				return err
			}
			if i > experts {
				s.loadExperts = append(s.loadExperts, u.ID)
			} else {
				s.experts = append(s.experts, u.ID)
			}
			made++
		}
		bar.show("accounts", total, total)
		return nil
	})
}

// scaleTeam is a team user with its organisation's name and credit code: what the seed needs of the 2N teams
// (their users and organisations whole would take some 150 MB at N = 100,000).
type scaleTeam struct {
	domain.Actor
	orgID         int64
	orgName, code string
}

// progress draws a progress bar on one line.
type progress struct {
	w     io.Writer
	start time.Time
	last  time.Time
	what  string // the phase on the line
}

func newProgress(w io.Writer) *progress { return &progress{w: w, start: time.Now()} }

func (p *progress) show(what string, done, total int) {
	if p.w == nil || (time.Since(p.last) < 200*time.Millisecond && done < total) {
		return
	}
	p.last = time.Now()
	if p.what != "" && p.what != what {
		fmt.Fprintln(p.w)
	}
	p.what = what
	const width = 30
	fill := width * done / max(total, 1)
	fmt.Fprintf(p.w, "\r%-20s [%s%s] %6d/%-6d %5.1fs", what, strings.Repeat("#", fill), strings.Repeat(" ", width-fill),
		done, total, time.Since(p.start).Seconds())
}

func (p *progress) done() {
	if p.w != nil {
		fmt.Fprintln(p.w)
	}
}
