package load

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"
)

func newRand(seed int64) *rand.Rand { return rand.New(rand.NewPCG(uint64(seed), 0x7375726765)) }

// surgeSetup finds the surge challenges and their deadline, sets the servers' clocks 10 minutes before it, logs
// every team in and starts (or takes up) its draft bid, then sets the clocks to just before the window; one
// client in eight (at least one) reads, the others upload and submit for the teams in turn.
func surgeSetup(ctx context.Context, o Options, clients []*Client) (any, error) {
	if len(clients) < 2 {
		return nil, fmt.Errorf("the surge mix needs at least 2 clients (submitters and readers)")
	}
	if need := SurgeWindow + surgePreroll + SurgeLateBy + SurgeDrain; o.Duration < need {
		return nil, fmt.Errorf("the surge mix needs --duration of at least %s (the window of %s, the late submissions and their answers)",
			need, SurgeWindow)
	}
	servers := perServer(clients)
	var latest time.Time
	for _, c := range servers {
		now, _, err := serverClock(ctx, c, 0)
		if err != nil {
			return nil, err
		}
		if now.After(latest) {
			latest = now
		}
	}
	chIDs, deadline, err := surgeChallenges(ctx, clients[0], latest)
	if err != nil {
		return nil, err
	}
	if deadline.Sub(latest) < SurgeWindow+surgePreroll+time.Minute {
		return nil, fmt.Errorf("the surge deadline %s is too near on the servers' clocks (%s): seed a new database or start the "+
			"servers with an earlier JIEBANG_TEST_CLOCK_START", deadline.Format(time.RFC3339), latest.Format(time.RFC3339))
	}
	// Tokens last 15 minutes on the servers' clocks: set them 10 minutes before the deadline first.
	if err := setClocks(ctx, servers, deadline.Add(-surgePrep)); err != nil {
		return nil, err
	}
	teams, err := surgePlan(o, chIDs)
	if err != nil {
		return nil, err
	}
	file, err := newSurgeFile(o.Seed)
	if err != nil {
		return nil, err
	}
	if err := prepareTeams(ctx, o, clients, teams, file); err != nil {
		return nil, err
	}
	localDL, err := alignClocks(ctx, servers, deadline)
	if err != nil {
		return nil, err
	}
	env := &surgeEnv{deadline: deadline, localDL: localDL, chIDs: chIDs, file: file, submitter: map[*Client]bool{},
		teams: append([]*surgeTeam(nil), teams...)}
	sort.SliceStable(env.teams, func(i, j int) bool { return env.teams[i].start < env.teams[j].start })
	env.next = make(chan *surgeTeam, len(env.teams))
	for _, t := range env.teams {
		env.next <- t
	}
	close(env.next)
	readers := max(1, len(clients)/8)
	for _, c := range clients[readers:] {
		env.submitter[c] = true
	}
	return env, nil
}

// setClocks advances every server's clock to at least at (a clock already past it stays).
func setClocks(ctx context.Context, servers []*Client, at time.Time) error {
	for _, c := range servers {
		now, _, err := serverClock(ctx, c, 0)
		if err != nil {
			return err
		}
		if d := at.Sub(now); d > 0 {
			if _, _, err := serverClock(ctx, c, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// alignClocks advances every server's clock to surgePreroll + SurgeWindow before the deadline and returns the
// local instant of the deadline on the earliest of them (the sending time of the request that set it: a
// server's clock is never behind that estimate).
func alignClocks(ctx context.Context, servers []*Client, deadline time.Time) (time.Time, error) {
	var local time.Time
	target := deadline.Add(-SurgeWindow - surgePreroll)
	for _, c := range servers {
		now, _, err := serverClock(ctx, c, 0)
		if err != nil {
			return time.Time{}, err
		}
		if !now.Before(target) {
			return time.Time{}, fmt.Errorf("the setup took too long: %s is already %s, within %s of the surge deadline %s",
				c.Base, now.Format(time.RFC3339), SurgeWindow+surgePreroll, deadline.Format(time.RFC3339))
		}
		now, sent, err := serverClock(ctx, c, target.Sub(now))
		if err != nil {
			return time.Time{}, err
		}
		if l := sent.Add(deadline.Sub(now)); local.IsZero() || l.Before(local) {
			local = l
		}
	}
	return local, nil
}

// prepareTeams logs every team in and starts (or takes up) its draft bid, eight at a time; a team whose bid was
// already submitted (an earlier run's) is refused: the surge needs a new database.
func prepareTeams(ctx context.Context, o Options, clients []*Client, teams []*surgeTeam, file surgeFile) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(teams))
	sem := make(chan struct{}, 8)
	for i, t := range teams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				return
			}
			c := &Client{Base: clients[i%len(clients)].Base, HTTP: clients[0].HTTP, Rand: newRand(int64(i)), rec: clients[0].rec}
			if err := login(ctx, c, fmt.Sprintf("surge%d@scale.jiebang.cn", t.n), o.Password); err != nil {
				errs <- fmt.Errorf("%w (the surge teams come with jiebang seed --scale N)", err)
				return
			}
			id, version, err := draftBid(ctx, o, c, 1_000_000+t.n, t.chID)
			if err != nil {
				errs <- err
				return
			}
			if version > 0 {
				errs <- fmt.Errorf("surge team %d already submitted bid %d (an earlier run's): the surge needs a newly seeded database", t.n, id)
				return
			}
			t.token, t.bidID, t.sha256 = c.Token, id, file.digest(t.tag)
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}
