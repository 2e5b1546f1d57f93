package api_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// The identities of the authorization matrix: the anonymous public; each role in the organisation the process
// gives it (the posting enterprise, the bidding and racing teams, experts of their own institutes), in the
// owner's organisation and in another; pending, removed and disabled members; the expert assigned,
// unassigned and recused; the bureau and the platform administrator.
const (
	idAnon          = "anonymous"
	idOwner         = "enterprise/owner"          // enterprise role, the posting organisation (its administrator)
	idEntOther      = "enterprise/other-org"      // enterprise role, another enterprise
	idEntBidderOrg  = "enterprise/bidder-org"     // enterprise role, the bidding university
	idEntPending    = "enterprise/owner-pending"  // asked to join the posting organisation, not approved
	idEntRemoved    = "enterprise/owner-removed"  // removed from the posting organisation
	idEntDisabled   = "enterprise/owner-disabled" // a member of the posting organisation whose account is disabled
	idTeamBidder    = "team/bidder"               // team role, leads bids and races (racer A)
	idTeamBidder2   = "team/bidder2"              // team role, another bidding organisation (racer B)
	idTeamOwnerOrg  = "team/owner-org"            // team role in the posting enterprise's organisation
	idTeamOther     = "team/other-org"            // team role, an organisation that does not bid
	idTeamPending   = "team/bidder-pending"       // asked to join the bidding organisation
	idTeamRemoved   = "team/bidder-removed"       // removed from the bidding organisation
	idTeamDisabled  = "team/bidder-disabled"      // a disabled member of the bidding organisation
	idExpAssigned   = "expert/assigned"           // on the bid review's panels
	idExpUnassigned = "expert/unassigned"         // in the pool, on no panel
	idExpRecused    = "expert/recused"            // recused from both of its assignments
	idExpOwnerOrg   = "expert/owner-org"          // expert role in the posting enterprise's organisation
	idExpBidderOrg  = "expert/bidder-org"         // expert role in the bidding university
	idBureau        = "bureau"
	idAdmin         = "admin"
)

// identity is one kind of caller of the matrix.
type identity struct {
	name     string
	role     domain.Role // "" for the anonymous
	user     user
	disabled bool
}

// authzWorld is a fixture world built once per database: challenges of one enterprise in the states where the
// operations make sense (drafts, a returned one with the bureau's opinion, submitted, approved, published with
// bids, a bid review with panels, a race with racers, reports, funding and a closed notice, a finished race
// with public funding totals) and one identity of each kind.
type authzWorld struct {
	h   *harness
	ids []*identity
	by  map[string]*identity

	ownerOrg, bidderOrg, otherTeamOrg int64

	chDraft, chDraftDel, chReturned, chSubmitted, chApproved, chToCancel int64
	chPub, chReview, chRace, chDone                                      int64

	bidPub, bidPubAtt, bidDraft2, bidRevA, bidRevB, bidRaceA, bidRaceB, bidDone int64

	round                           int64
	asgScore, asgRecuse, asgRecused int64
	expThird                        user

	racerA, racerB, racerDone, raceAtt int64
	// change is a change request (项目变更) racer A's team filed.
	change            int64
	notice, objection int64
	fundDecision      int64
	notification      int64
	// Questions on chPub (asked by the second bidder): pending to answer, answered to publish, pending to
	// decline; an amendment of chPub published after bidPub was submitted.
	qAnswer, qPublish, qDecline, amendPub int64

	joinerA, joinerB, memberX, memberY user
	loginDummy, disableDummy           user
	field                              string
	call                               int64
}

func (w *authzWorld) add(name string, role domain.Role, u user) *identity {
	id := &identity{name: name, role: role, user: u}
	w.ids = append(w.ids, id)
	w.by[name] = id
	return id
}

// token is the identity's bearer token ("" for the anonymous).
func (w *authzWorld) token(name string) string { return w.by[name].user.Token }

// buildAuthzWorld builds the world on h. It moves the test clock (bidding deadlines, the notice period), so
// every token is renewed at the end; the disabled members are logged in, then disabled.
func buildAuthzWorld(t *testing.T, h *harness) *authzWorld {
	t.Helper()
	w := &authzWorld{h: h, by: map[string]*identity{}}
	boss := h.bureau()
	admin := h.staff(domain.RoleAdmin)
	ctx := context.Background()

	owner := h.enterprise()
	w.ownerOrg = owner.OrgID
	// The bidding organisation is a company (a team's organisation may be one), so that an enterprise user can
	// belong to it too.
	bidder, bidder2 := h.register(domain.RoleTeam, "enterprise", true), h.team()
	w.bidderOrg = bidder.OrgID
	other := h.team()
	w.otherTeamOrg = other.OrgID
	remove := func(org int64, u user) {
		h.must(h.do("POST", fmt.Sprintf("/api/v1/orgs/%d/members/%d/remove", org, u.ID), boss.Token, map[string]any{"reason": "已离职"}), http.StatusOK)
	}
	w.add(idAnon, "", user{})
	w.add(idOwner, domain.RoleEnterprise, owner)
	w.add(idEntOther, domain.RoleEnterprise, h.enterprise())
	w.add(idEntBidderOrg, domain.RoleEnterprise, h.joinOrg(domain.RoleEnterprise, bidder))
	w.add(idEntPending, domain.RoleEnterprise, h.requestJoin(domain.RoleEnterprise, owner))
	entRemoved := h.joinOrg(domain.RoleEnterprise, owner)
	remove(owner.OrgID, entRemoved)
	w.add(idEntRemoved, domain.RoleEnterprise, entRemoved)
	w.add(idEntDisabled, domain.RoleEnterprise, h.joinOrg(domain.RoleEnterprise, owner)).disabled = true
	w.add(idTeamBidder, domain.RoleTeam, bidder)
	w.add(idTeamBidder2, domain.RoleTeam, bidder2)
	w.add(idTeamOwnerOrg, domain.RoleTeam, h.joinOrg(domain.RoleTeam, owner))
	w.add(idTeamOther, domain.RoleTeam, other)
	w.add(idTeamPending, domain.RoleTeam, h.requestJoin(domain.RoleTeam, bidder))
	teamRemoved := h.joinOrg(domain.RoleTeam, bidder)
	remove(bidder.OrgID, teamRemoved)
	w.add(idTeamRemoved, domain.RoleTeam, teamRemoved)
	w.add(idTeamDisabled, domain.RoleTeam, h.joinOrg(domain.RoleTeam, bidder)).disabled = true
	profile := func(u user) {
		h.must(h.do("PUT", "/api/v1/me/expert-profile", u.Token, map[string]any{"fields": []string{"equipment"}, "conflicts": []any{}}), http.StatusOK)
	}
	expAssigned, expRecused := h.expert(), h.expert()
	w.expThird = h.expert()
	for _, u := range []user{expAssigned, expRecused, w.expThird} {
		profile(u)
	}
	w.add(idExpAssigned, domain.RoleExpert, expAssigned)
	w.add(idExpRecused, domain.RoleExpert, expRecused)
	expOwnerOrg, expBidderOrg := h.joinOrg(domain.RoleExpert, owner), h.joinOrg(domain.RoleExpert, bidder)
	w.add(idExpOwnerOrg, domain.RoleExpert, expOwnerOrg)
	w.add(idExpBidderOrg, domain.RoleExpert, expBidderOrg)
	w.add(idBureau, domain.RoleBureau, boss)
	w.add(idAdmin, domain.RoleAdmin, admin)
	w.joinerA, w.joinerB = h.requestJoin(domain.RoleEnterprise, owner), h.requestJoin(domain.RoleEnterprise, owner)
	w.memberX, w.memberY = h.joinOrg(domain.RoleEnterprise, owner), h.joinOrg(domain.RoleEnterprise, owner)
	w.loginDummy, w.disableDummy = h.team(), h.team()
	finisher := h.team()

	// Challenges before bidding.
	w.chDraft, w.chDraftDel = h.chDraft(owner), h.chDraft(owner)
	w.chReturned = h.chSubmitted(owner)
	h.must(h.do("POST", chPath(w.chReturned, "validate"), boss.Token, map[string]any{"decision": "return", "opinion": "论证意见：请补充测试方法"}), http.StatusOK)
	w.chSubmitted = h.chSubmitted(owner)
	w.chApproved, w.chToCancel = h.chApproved(owner), h.chApproved(owner)

	// Three challenges whose bidding closes: a bid review, a race, a single-mode race of one stage to finish.
	w.chReview = h.chPublished(owner, 72*time.Hour)
	w.chRace = h.chPublished(owner, 72*time.Hour)
	done := chBody()
	done["mode"], done["max_racers"] = "single", 1
	done["stages"] = []any{map[string]any{"name": "验收", "offset_months": 12, "funding_share_pct": 50, "min_score": 60}}
	w.chDone = h.must(h.do("POST", "/api/v1/challenges", owner.Token, done), http.StatusCreated).num("id")
	h.must(h.do("POST", chPath(w.chDone, "submit"), owner.Token, nil), http.StatusOK)
	h.must(h.do("POST", chPath(w.chDone, "validate"), boss.Token, map[string]any{"decision": "approve"}), http.StatusOK)
	h.must(h.do("POST", chPath(w.chDone, "publish"), boss.Token, map[string]any{"bid_deadline": h.clock.Now().Add(72 * time.Hour).Format(time.RFC3339)}), http.StatusOK)
	w.bidRevA, w.bidRevB = h.bidSubmitted(bidder, w.chReview), h.bidSubmitted(bidder2, w.chReview)
	w.bidRaceA, w.bidRaceB = h.bidSubmitted(bidder, w.chRace), h.bidSubmitted(bidder2, w.chRace)
	doneBid := h.bidBody(h.piEmail())
	doneBid["plan"] = []any{map[string]any{"stage": 1, "kpi_targets": map[string]any{"峰值功率密度": 6.6, "最高效率": 97.2}, "deliverables": "工程样机"}}
	w.bidDone = h.must(h.do("POST", chPath(w.chDone, "bids"), finisher.Token, doneBid), http.StatusCreated).num("id")
	h.must(h.do("POST", bidPath(w.bidDone, "submit"), finisher.Token, nil), http.StatusOK)
	h.advance(72*time.Hour + time.Minute)
	w.relogin()
	h.relogin(&finisher)
	boss, owner, bidder, bidder2 = w.by[idBureau].user, w.by[idOwner].user, w.by[idTeamBidder].user, w.by[idTeamBidder2].user
	for _, b := range []int64{w.bidRevA, w.bidRevB, w.bidRaceA, w.bidRaceB, w.bidDone} {
		h.must(h.do("POST", bidPath(b, "eligibility"), boss.Token, map[string]any{"eligible": true, "reason": "材料齐全"}), http.StatusOK)
	}

	// The bid review: three experts per bid, the recused expert steps back from both.
	w.round = h.must(h.do("POST", chPath(w.chReview, "rounds"), boss.Token, h.roundBody(3)), http.StatusCreated).num("id")
	h.must(h.do("POST", roundPath(w.round, "assign"), boss.Token, map[string]any{"seed": 42}), http.StatusOK)
	mine := h.myAssignments(w.by[idExpAssigned].user)["pending"]
	if len(mine) != 2 {
		t.Fatalf("the assigned expert has %d assignments", len(mine))
	}
	sort.Slice(mine, func(i, j int) bool { return mine[i] < mine[j] })
	w.asgScore, w.asgRecuse = mine[0], mine[1]
	rec := h.myAssignments(w.by[idExpRecused].user)["pending"]
	sort.Slice(rec, func(i, j int) bool { return rec[i] < rec[j] })
	for _, a := range rec {
		h.must(h.do("POST", asgPath(a, "recuse"), w.token(idExpRecused), map[string]any{"reason": "与申报团队有合作"}), http.StatusOK)
	}
	w.asgRecused = rec[0]
	// Experts who join the pool after the draw: on no panel.
	w.add(idExpUnassigned, domain.RoleExpert, h.expert())
	for _, n := range []string{idExpUnassigned, idExpOwnerOrg, idExpBidderOrg} {
		profile(w.by[n].user)
	}

	// The race and the finished race: the review's ranking comes from the fake, selection, a notice with an
	// answered objection, the start.
	fake := &fakeReviews{ranking: map[int64][]int64{w.chRace: {w.bidRaceA, w.bidRaceB}, w.chDone: {w.bidDone}}, scores: map[[2]int64]map[int64]float64{}}
	h.app.Race.UseReviews(fake)
	bossActor := domain.Actor{UserID: boss.ID, Name: "科技局", Role: domain.RoleBureau}
	for _, ch := range []int64{w.chRace, w.chDone} {
		if _, err := h.app.Challenges.Advance(ctx, bossActor, ch, challenge.ActionStartReview, ""); err != nil {
			t.Fatalf("start review: %v", err)
		}
	}
	w.notice = h.must(h.do("POST", chPath(w.chRace, "selection"), boss.Token, map[string]any{"bid_ids": []int64{w.bidRaceA, w.bidRaceB}, "notice_days": 5}), http.StatusOK).num("id")
	h.must(h.do("POST", chPath(w.chDone, "selection"), boss.Token, map[string]any{"bid_ids": []int64{w.bidDone}, "notice_days": 5}), http.StatusOK)
	w.objection = h.must(h.do("POST", fmt.Sprintf("/api/v1/notices/%d/objections", w.notice), w.token(idTeamOther),
		map[string]any{"reason": "入选团队的业绩材料存疑"}), http.StatusCreated).num("id")
	h.must(h.do("POST", fmt.Sprintf("/api/v1/objections/%d/resolve", w.objection), boss.Token,
		map[string]any{"outcome": "dismissed", "answer": "经核实材料属实"}), http.StatusOK)
	h.advance(8 * 24 * time.Hour)
	w.relogin()
	h.relogin(&finisher)
	boss, owner, bidder, bidder2 = w.by[idBureau].user, w.by[idOwner].user, w.by[idTeamBidder].user, w.by[idTeamBidder2].user
	racers := func(ch int64) []int64 {
		var ids []int64
		for _, it := range h.must(h.do("POST", chPath(ch, "start"), boss.Token, nil), http.StatusOK).items() {
			ids = append(ids, int64(it["id"].(float64)))
		}
		return ids
	}
	rs := racers(w.chRace)
	if len(rs) != 2 {
		t.Fatalf("racers: %v", rs)
	}
	w.racerA, w.racerB = rs[0], rs[1]
	w.racerDone = racers(w.chDone)[0]

	// The open challenge, bid on after the clock moved: a submitted bid with an attachment, a draft.
	w.chPub = h.chPublished(owner, 30*24*time.Hour)
	w.bidPub = h.bidDraft(bidder, w.chPub)
	w.bidPubAtt = h.must(h.upload(bidPath(w.bidPub, "attachments"), bidder.Token, "file", "技术方案.pdf", pdfBytes("方案")), http.StatusCreated).num("id")
	h.must(h.do("POST", bidPath(w.bidPub, "submit"), bidder.Token, nil), http.StatusOK)
	w.bidDraft2 = h.bidDraft(bidder2, w.chPub)
	ask := func() int64 {
		return h.must(h.do("POST", chPath(w.chPub, "questions"), bidder2.Token, map[string]any{"text": "样机数量是否可以为一台？"}), http.StatusCreated).num("id")
	}
	w.qAnswer, w.qPublish, w.qDecline = ask(), ask(), ask()
	h.must(h.do("POST", fmt.Sprintf("/api/v1/questions/%d/answer", w.qPublish), owner.Token, map[string]any{"text": "可以。"}), http.StatusOK)
	w.amendPub = h.must(h.do("POST", chPath(w.chPub, "amendments"), boss.Token, map[string]any{"content": "补充：样机一台即可。"}), http.StatusCreated).num("id")

	// The race's report with a file, funding decided and paid; the finished race's acceptance.
	h.must(h.do("POST", racerPath(w.racerA, "reports"), bidder.Token, reportBody(1)), http.StatusCreated)
	w.raceAtt = h.must(h.upload(fmt.Sprintf("/api/v1/racers/%d/reports/1/attachments", w.racerA), bidder.Token, "file", "中期报告.pdf", pdfBytes("中期")), http.StatusCreated).num("id")
	w.change = h.must(h.do("POST", racerPath(w.racerA, "changes"), bidder.Token, map[string]any{"kind": "title", "reason": "矩阵测试",
		"proposed": map[string]any{"title": "更名后的榜单"}}), http.StatusCreated).num("id")
	fund := func(ch, racer, decided, paid int64) int64 {
		d := h.must(h.do("POST", fundPath(ch, "funding-decisions"), boss.Token, map[string]any{"racer_id": racer, "tranche": "startup",
			"amount_fen": decided, "basis": "立项决定"}), http.StatusCreated).num("id")
		h.must(h.do("POST", fundPath(ch, "disbursements"), boss.Token, map[string]any{"racer_id": racer, "decision_id": d,
			"amount_fen": paid, "paid_on": "2026-11-20", "reference": "财拨〔2026〕18号"}), http.StatusCreated)
		return d
	}
	signers := []user{boss, owner, bidder, bidder2, finisher}
	for _, id := range w.by {
		if id.user.Token != "" {
			signers = append(signers, id.user)
		}
	}
	h.signTaskbooks(signers, w.racerA, w.racerDone)
	w.fundDecision = fund(w.chRace, w.racerA, 10_000_000, 5_000_000)
	fund(w.chDone, w.racerDone, 20_000_000, 8_000_000)
	h.must(h.do("POST", chPath(w.chDone, "acceptance", "opinions"), owner.Token, map[string]any{"racer_id": w.racerDone,
		"opinion": "样机达到合同指标。", "kpi_results": map[string]any{"峰值功率密度": map[string]any{"value": 6.7, "met": true},
			"最高效率": map[string]any{"value": 97.1, "met": true}}}), http.StatusCreated)
	h.must(h.do("POST", chPath(w.chDone, "acceptance"), boss.Token, map[string]any{"outcome": "completed",
		"winner_racer_ids": []int64{w.racerDone}, "opinion": "全面达标。"}), http.StatusOK)

	w.field = "authz_field"
	w.call = h.must(h.do("POST", "/api/v1/calls", boss.Token, h.callBody(30, nil)), http.StatusCreated).num("id")
	h.must(h.do("POST", "/api/v1/settings/fields", boss.Token, map[string]any{"code": w.field, "name_zh": "矩阵测试领域", "name_en": "Matrix field"}), http.StatusCreated)
	ns := h.must(h.do("GET", "/api/v1/me/notifications", bidder.Token, nil), http.StatusOK).items()
	if len(ns) == 0 {
		t.Fatal("the bidding team has no notification")
	}
	w.notification = int64(ns[0]["id"].(float64))

	// Disabled members: logged in while enabled, then disabled by the administrator.
	for _, id := range w.ids {
		if id.disabled {
			h.must(h.do("POST", fmt.Sprintf("/api/v1/users/%d/disable", id.user.ID), w.token(idAdmin), nil), http.StatusOK)
		}
	}
	return w
}

// relogin renews every identity's token (and the harness's bureau officer's) after the clock moved.
func (w *authzWorld) relogin() {
	w.h.t.Helper()
	w.h.relogin()
	for _, id := range w.ids {
		if id.role != "" {
			id.user.Token = w.h.login(id.user.Email, testPassword)
		}
	}
	for _, u := range []*user{&w.joinerA, &w.joinerB, &w.memberX, &w.memberY, &w.loginDummy, &w.disableDummy, &w.expThird} {
		u.Token = w.h.login(u.Email, testPassword)
	}
}
