package api_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"jiebang/api"
)

// A matrix cell's expected outcome: an allowed identity is never refused (no 401, 403 or 404: a 2xx, or the
// domain's refusal of the request itself, 400/409/422); every other identity is refused with 401, 403 or 404;
// a disabled account gets 401 everywhere. No cell may answer 5xx.

// mrow is one row of the matrix: an operation of the route table on one target of the world, the identities
// allowed, and when it runs. An operation may have several rows (e.g. a draft and a published challenge).
type mrow struct {
	op    string // "METHOD /path" as in the route table
	path  string // the concrete path under /api/v1, with its query
	body  func(id *identity) any
	file  bool // a multipart upload of a small PDF in field "file"
	allow []string
	// phase orders the rows: 0 reads (in parallel), 1 writes, 2 writes that end or move something the earlier
	// writes use, 3 the last (handing over the organisation's administrator role, closing the round).
	phase int
}

func set(groups ...[]string) []string {
	var out []string
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

func one(names ...string) []string { return names }

var (
	entAll    = one(idOwner, idEntOther, idEntBidderOrg, idEntPending, idEntRemoved)
	entActive = one(idOwner, idEntOther, idEntBidderOrg)
	teamAll   = one(idTeamBidder, idTeamBidder2, idTeamOwnerOrg, idTeamOther, idTeamPending, idTeamRemoved)
	expAll    = one(idExpAssigned, idExpUnassigned, idExpRecused, idExpOwnerOrg, idExpBidderOrg)
	loggedIn  = set(entAll, teamAll, expAll, one(idBureau, idAdmin))
	everyone  = set(one(idAnon), loggedIn)
	bureau    = one(idBureau)
	admin     = one(idAdmin)
)

// matrixRows is the matrix: every operation of the route table has at least one row.
func matrixRows(w *authzWorld) []mrow {
	v := func(f string, a ...any) string { return "/api/v1" + fmt.Sprintf(f, a...) }
	fixed := func(b any) func(*identity) any { return func(*identity) any { return b } }
	var seq atomic.Int64
	uniq := func() int64 { return seq.Add(1) }
	member := func(u user, action string) string {
		return v("/orgs/%d/members/%d/%s", w.ownerOrg, u.ID, action)
	}
	reason := fixed(map[string]any{"reason": "矩阵测试"})
	h := w.h
	login := func() resp {
		return h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": w.loginDummy.Email, "password": testPassword})
	}
	opinion := map[string]any{"racer_id": w.racerA, "opinion": "达标。", "kpi_results": map[string]any{
		"峰值功率密度": map[string]any{"value": 6.7, "met": true}, "最高效率": map[string]any{"value": 97.1, "met": true}}}
	criteria := map[string]any{"criteria": []any{map[string]any{"name": "技术方案", "weight": 40}, map[string]any{"name": "团队实力", "weight": 25},
		map[string]any{"name": "可行性与计划", "weight": 20}, map[string]any{"name": "预算合理性", "weight": 15}}}
	year := h.clock.Now().Year() + 1
	return []mrow{
		// Accounts and organisations.
		{op: "GET /orgs/{id}/members", path: v("/orgs/%d/members", w.ownerOrg), allow: one(idOwner, idBureau)},
		{op: "POST /orgs/{id}/members/{user_id}/approve", path: member(w.joinerA, "approve"), allow: one(idOwner, idBureau), phase: 1},
		{op: "POST /orgs/{id}/members/{user_id}/reject", path: member(w.joinerB, "reject"), body: reason, allow: one(idOwner, idBureau), phase: 1},
		{op: "POST /orgs/{id}/members/{user_id}/remove", path: member(w.memberX, "remove"), body: reason, allow: one(idOwner, idBureau), phase: 1},
		{op: "POST /orgs/{id}/members/{user_id}/org-admin", path: member(w.memberY, "org-admin"), allow: one(idOwner, idBureau), phase: 3},
		{op: "POST /auth/register", path: v("/auth/register"), allow: everyone, phase: 1, body: func(*identity) any {
			n := uniq()
			return map[string]any{"email": fmt.Sprintf("matrix%d@example.cn", n), "password": testPassword, "name": "矩阵", "role": "team",
				"org": map[string]any{"name": fmt.Sprintf("矩阵单位%d", n), "type": "university", "credit_code": h.creditCode()}}
		}},
		{op: "POST /auth/login", path: v("/auth/login"), allow: everyone, phase: 1,
			body: fixed(map[string]any{"email": w.loginDummy.Email, "password": testPassword})},
		{op: "POST /auth/refresh", path: v("/auth/refresh"), allow: everyone, phase: 1, body: func(*identity) any {
			return map[string]any{"refresh_token": login().str("refresh_token")}
		}},
		{op: "POST /auth/logout", path: v("/auth/logout"), allow: loggedIn, phase: 1, body: func(*identity) any {
			return map[string]any{"refresh_token": login().str("refresh_token")}
		}},
		{op: "GET /me", path: v("/me"), allow: loggedIn},
		// Two-factor sign-in and the password: every logged-in user's own; the second step of a login is public
		// (a fresh user enrolled for each cell, signing in with one of its recovery codes).
		{op: "POST /auth/login/mfa", path: v("/auth/login/mfa"), allow: everyone, phase: 1, body: func(*identity) any {
			u := h.team()
			secret := h.must(h.do("POST", "/api/v1/me/mfa/totp", u.Token, nil), http.StatusOK).str("secret")
			codes := h.must(h.do("POST", "/api/v1/me/mfa/totp/confirm", u.Token, map[string]any{"code": h.totpCode(secret)}), http.StatusOK)
			raw, _ := codes.Body["recovery_codes"].([]any)
			tok := h.must(h.tryLogin(u.Email, testPassword), http.StatusOK).str("mfa_token")
			return map[string]any{"mfa_token": tok, "code": raw[0]}
		}},
		{op: "GET /me/mfa", path: v("/me/mfa"), allow: loggedIn},
		{op: "POST /me/mfa/totp", path: v("/me/mfa/totp"), allow: loggedIn, phase: 1},
		{op: "POST /me/mfa/totp/confirm", path: v("/me/mfa/totp/confirm"), body: fixed(map[string]any{"code": "000000"}), allow: loggedIn, phase: 1},
		{op: "POST /me/mfa/recovery-codes", path: v("/me/mfa/recovery-codes"), body: fixed(map[string]any{"code": "000000"}), allow: loggedIn, phase: 1},
		{op: "DELETE /me/mfa", path: v("/me/mfa"), body: fixed(map[string]any{"password": "not-the-password-1"}), allow: loggedIn, phase: 1},
		{op: "POST /me/password", path: v("/me/password"), allow: loggedIn, phase: 1,
			body: fixed(map[string]any{"current_password": "not-the-password-1", "new_password": "Another-pass-2"})},
		{op: "POST /users/{id}/mfa/reset", path: v("/users/%d/mfa/reset", w.disableDummy.ID), allow: admin, phase: 1},
		{op: "GET /orgs/lookup", path: v("/orgs/lookup?credit_code=%s", w.by[idTeamBidder].user.Credit), allow: everyone},
		{op: "GET /orgs", path: v("/orgs"), allow: bureau},
		{op: "POST /orgs/{id}/verify", path: v("/orgs/%d/verify", w.otherTeamOrg), allow: bureau, phase: 1},
		{op: "POST /orgs/{id}/credit", path: v("/orgs/%d/credit", w.otherTeamOrg), allow: bureau, phase: 1,
			body: fixed(map[string]any{"credit_status": "good", "reason": "矩阵测试"})},
		{op: "GET /users", path: v("/users"), allow: admin},
		{op: "POST /users/{id}/disable", path: v("/users/%d/disable", w.disableDummy.ID), allow: admin, phase: 1},
		{op: "POST /users/{id}/enable", path: v("/users/%d/enable", w.disableDummy.ID), allow: admin, phase: 2},

		// Challenges: a draft and a returned challenge (with the bureau's opinion) are the owner's and the
		// bureau's; scope=mine is the enterprise's; the published one is everyone's.
		{op: "GET /challenges", path: v("/challenges"), allow: everyone},
		{op: "GET /challenges", path: v("/challenges?call_id=%d", w.call), allow: everyone},
		{op: "GET /calls", path: v("/calls"), allow: everyone},
		{op: "GET /calls", path: v("/calls?status=open"), allow: everyone},
		{op: "GET /calls/{id}", path: v("/calls/%d", w.call), allow: everyone},
		{op: "POST /calls", path: v("/calls"), body: func(*identity) any { return w.h.callBody(20, nil) }, allow: bureau, phase: 1},
		{op: "PATCH /calls/{id}", path: v("/calls/%d", w.call), body: fixed(map[string]any{"notes": "矩阵"}), allow: bureau, phase: 1},
		{op: "POST /calls/{id}/publish", path: v("/calls/%d/publish", w.call), allow: bureau, phase: 2,
			body: func(*identity) any { return w.h.deadlineIn(40 * 24 * time.Hour) }},
		{op: "GET /challenges", path: v("/challenges?scope=mine"), allow: set(entAll)},
		{op: "GET /challenges/{id}", path: v("/challenges/%d", w.chDraft), allow: one(idOwner, idBureau)},
		{op: "GET /challenges/{id}", path: v("/challenges/%d", w.chReturned), allow: one(idOwner, idBureau)},
		{op: "GET /challenges/{id}", path: v("/challenges/%d", w.chPub), allow: everyone},
		{op: "POST /challenges", path: v("/challenges"), body: fixed(chBody()), allow: entActive, phase: 1},
		{op: "PATCH /challenges/{id}", path: v("/challenges/%d", w.chDraft), body: fixed(map[string]any{"title": "改进型电机"}), allow: one(idOwner), phase: 1},
		{op: "DELETE /challenges/{id}", path: v("/challenges/%d", w.chDraftDel), allow: one(idOwner), phase: 2},
		{op: "POST /challenges/{id}/submit", path: v("/challenges/%d/submit", w.chReturned), allow: one(idOwner), phase: 1},
		{op: "POST /challenges/{id}/validate", path: v("/challenges/%d/validate", w.chSubmitted), body: fixed(map[string]any{"decision": "approve"}), allow: bureau, phase: 1},
		{op: "POST /challenges/{id}/publish", path: v("/challenges/%d/publish", w.chApproved), body: fixed(map[string]any{}), allow: bureau, phase: 1},
		{op: "POST /challenges/{id}/cancel", path: v("/challenges/%d/cancel", w.chToCancel), body: reason, allow: bureau, phase: 1},
		{op: "POST /challenges/{id}/amendments", path: v("/challenges/%d/amendments", w.chPub), body: fixed(map[string]any{"content": "更正：样机数量为 2 台"}), allow: bureau, phase: 1},
		// Questions and answers (答疑), follows, amendment confirmations.
		{op: "GET /challenges/{id}/questions", path: v("/challenges/%d/questions", w.chPub), allow: everyone},
		{op: "GET /challenges/{id}/questions", path: v("/challenges/%d/questions", w.chDraft), allow: one(idOwner, idBureau)},
		{op: "POST /challenges/{id}/questions", path: v("/challenges/%d/questions", w.chPub), body: fixed(map[string]any{"text": "验收地点在哪里？"}), allow: teamAll, phase: 1},
		{op: "POST /questions/{id}/answer", path: v("/questions/%d/answer", w.qAnswer), body: fixed(map[string]any{"text": "在企业现场。"}), allow: one(idOwner), phase: 1},
		{op: "POST /questions/{id}/publish", path: v("/questions/%d/publish", w.qPublish), allow: bureau, phase: 1},
		{op: "POST /questions/{id}/decline", path: v("/questions/%d/decline", w.qDecline), body: reason, allow: bureau, phase: 1},
		{op: "POST /challenges/{id}/follow", path: v("/challenges/%d/follow", w.chPub), allow: teamAll, phase: 1},
		{op: "DELETE /challenges/{id}/follow", path: v("/challenges/%d/follow", w.chPub), allow: teamAll, phase: 2},
		{op: "POST /challenges/{id}/amendments/{aid}/confirm", path: v("/challenges/%d/amendments/%d/confirm", w.chPub, w.amendPub), allow: one(idTeamBidder), phase: 1},
		{op: "GET /challenges/{id}/amendments/{aid}/confirmations", path: v("/challenges/%d/amendments/%d/confirmations", w.chPub, w.amendPub), allow: bureau},
		{op: "POST /challenges/{id}/close-bidding", path: v("/challenges/%d/close-bidding", w.chPub), allow: bureau, phase: 1},

		// Bids: sealed until the deadline (the team and the bureau), then the owner too.
		{op: "POST /challenges/{id}/bids", path: v("/challenges/%d/bids", w.chPub), phase: 1,
			body:  func(*identity) any { return h.bidBody(h.piEmail()) },
			allow: one(idTeamBidder, idTeamBidder2, idTeamOther)},
		// A team lists its own organisation's bids on a challenge; the owner only once bidding is over (403
		// bids_sealed before).
		{op: "GET /challenges/{id}/bids", path: v("/challenges/%d/bids", w.chPub), allow: one(idBureau, idTeamBidder, idTeamBidder2, idTeamOwnerOrg, idTeamOther)},
		{op: "GET /challenges/{id}/bids", path: v("/challenges/%d/bids", w.chReview), allow: one(idOwner, idBureau, idTeamBidder, idTeamBidder2, idTeamOwnerOrg, idTeamOther)},
		{op: "GET /me/bids", path: v("/me/bids"), allow: one(idTeamBidder, idTeamBidder2, idTeamOwnerOrg, idTeamOther)},
		{op: "GET /challenges/{id}/bid-quota", path: v("/challenges/%d/bid-quota", w.chPub), allow: one(idTeamBidder, idTeamBidder2, idTeamOwnerOrg, idTeamOther)},
		{op: "GET /bids/{id}", path: v("/bids/%d", w.bidPub), allow: one(idTeamBidder, idBureau)},
		{op: "GET /bids/{id}", path: v("/bids/%d", w.bidRevA), allow: one(idTeamBidder, idBureau, idOwner)},
		{op: "PATCH /bids/{id}", path: v("/bids/%d", w.bidPub), body: fixed(map[string]any{"approach": "采用新型拓扑结构。"}), allow: one(idTeamBidder), phase: 1},
		{op: "DELETE /bids/{id}", path: v("/bids/%d", w.bidDraft2), allow: one(idTeamBidder2), phase: 2},
		{op: "POST /bids/{id}/submit", path: v("/bids/%d/submit", w.bidPub), allow: one(idTeamBidder), phase: 1},
		{op: "POST /bids/{id}/withdraw", path: v("/bids/%d/withdraw", w.bidPub), body: reason, allow: one(idTeamBidder), phase: 2},
		{op: "GET /bids/{id}/versions", path: v("/bids/%d/versions", w.bidPub), allow: one(idTeamBidder, idBureau)},
		{op: "GET /bids/{id}/versions", path: v("/bids/%d/versions", w.bidRevA), allow: one(idTeamBidder, idBureau, idOwner)},
		{op: "POST /bids/{id}/eligibility", path: v("/bids/%d/eligibility", w.bidRevA), body: fixed(map[string]any{"eligible": true, "reason": "材料齐全"}), allow: bureau, phase: 1},
		{op: "POST /bids/{id}/correction", path: v("/bids/%d/correction", w.bidRevA), body: fixed(map[string]any{"defects": []any{map[string]any{"field": "budget", "what": "缺少明细"}}}), allow: bureau, phase: 1},
		{op: "POST /bids/{id}/correction/close", path: v("/bids/%d/correction/close", w.bidRevA), allow: bureau, phase: 1},
		{op: "POST /bids/{id}/attachments", path: v("/bids/%d/attachments", w.bidPub), file: true, allow: one(idTeamBidder), phase: 1},
		{op: "GET /bids/{id}/attachments/{aid}", path: v("/bids/%d/attachments/%d", w.bidPub, w.bidPubAtt), allow: one(idTeamBidder, idBureau)},
		{op: "DELETE /bids/{id}/attachments/{aid}", path: v("/bids/%d/attachments/%d", w.bidPub, w.bidPubAtt), allow: one(idTeamBidder), phase: 2},

		// The platform.
		{op: "GET /openapi.json", path: v("/openapi.json"), allow: everyone},
		{op: "GET /test/clock", path: v("/test/clock"), allow: everyone},
		{op: "POST /test/clock", path: v("/test/clock"), body: fixed(map[string]any{"advance": "1s"}), allow: everyone, phase: 1},
		{op: "GET /audit", path: v("/audit"), allow: bureau},
		{op: "GET /audit/verify", path: v("/audit/verify"), allow: bureau},
		{op: "GET /audit/register", path: v("/audit/register?challenge_id=%d", w.chPub), allow: one(idBureau, idAdmin)},
		{op: "GET /audit/register.xlsx", path: v("/audit/register.xlsx"), allow: one(idBureau, idAdmin)},
		{op: "GET /audit/actions", path: v("/audit/actions"), allow: one(idBureau, idAdmin)},
		{op: "GET /audit/people", path: v("/audit/people?q=a"), allow: one(idBureau, idAdmin)},
		{op: "GET /audit/checkpoints", path: v("/audit/checkpoints"), allow: everyone},

		// Credit: the bureau, and those who act for the organisation (its enterprise and team users).
		{op: "GET /credit-events", path: v("/credit-events"), allow: bureau},
		{op: "POST /orgs/{id}/credit-events", path: v("/orgs/%d/credit-events", w.otherTeamOrg), body: fixed(map[string]any{"kind": "warn", "reason": "矩阵测试"}), allow: bureau, phase: 1},
		{op: "GET /orgs/{id}/credit", path: v("/orgs/%d/credit", w.bidderOrg), allow: one(idBureau, idTeamBidder, idEntBidderOrg)},
		{op: "GET /orgs/{id}/credit", path: v("/orgs/%d/credit", w.ownerOrg), allow: one(idBureau, idOwner, idTeamOwnerOrg)},
		{op: "GET /programme/dashboard", path: v("/programme/dashboard"), allow: bureau},
		{op: "GET /programme/dashboard.xlsx", path: v("/programme/dashboard.xlsx"), allow: bureau},

		// Funding: the bureau and the owner see the ledger, each racer's team its own records.
		{op: "POST /challenges/{id}/funding-decisions", path: v("/challenges/%d/funding-decisions", w.chRace), allow: bureau, phase: 1,
			body: fixed(map[string]any{"racer_id": w.racerB, "tranche": "startup", "amount_fen": 1_000_000, "basis": "立项决定"})},
		{op: "POST /challenges/{id}/disbursements", path: v("/challenges/%d/disbursements", w.chRace), allow: bureau, phase: 1,
			body: fixed(map[string]any{"racer_id": w.racerA, "decision_id": w.fundDecision, "amount_fen": 1_000, "paid_on": "2026-11-21", "reference": "矩阵"})},
		{op: "GET /challenges/{id}/funding", path: v("/challenges/%d/funding", w.chRace), allow: one(idBureau, idOwner, idTeamBidder, idTeamBidder2)},
		{op: "GET /challenges/{id}/funding/proposal", path: v("/challenges/%d/funding/proposal", w.chRace), allow: bureau},
		{op: "GET /challenges/{id}/funding.xlsx", path: v("/challenges/%d/funding.xlsx", w.chRace), allow: one(idBureau, idOwner)},
		{op: "GET /challenges/{id}/funding/totals", path: v("/challenges/%d/funding/totals", w.chDone), allow: everyone},
		// Tranches, terminations and refunds: the bureau decides, the racer's team asks and reports.
		{op: "GET /funding/due", path: v("/funding/due"), allow: bureau},
		{op: "GET /racers/{id}/funding", path: v("/racers/%d/funding", w.racerA), allow: one(idTeamBidder, idOwner, idBureau)},
		{op: "POST /racers/{id}/termination-request", path: v("/racers/%d/termination-request", w.racerA), body: reason, allow: one(idTeamBidder), phase: 1},
		{op: "POST /racers/{id}/expenses", path: v("/racers/%d/expenses", w.racerA), body: fixed(map[string]any{"amount_fen": 1_000, "note": "矩阵"}), allow: one(idTeamBidder), phase: 1},
		{op: "POST /racers/{id}/expenses/accept", path: v("/racers/%d/expenses/accept", w.racerA), body: fixed(map[string]any{"amount_fen": 1}), allow: bureau, phase: 2},
		{op: "POST /racers/{id}/terminate", path: v("/racers/%d/terminate", w.racerDone), body: fixed(map[string]any{"ground": "other", "reason": "矩阵测试"}), allow: bureau, phase: 2},
		{op: "POST /racers/{id}/revoke", path: v("/racers/%d/revoke", w.racerDone), body: fixed(map[string]any{"reason": "矩阵测试", "credit_status": "good"}), allow: bureau, phase: 2},
		{op: "POST /racers/{id}/refunds", path: v("/racers/%d/refunds", w.racerDone), body: fixed(map[string]any{"amount_fen": 1, "received_on": "2026-12-01", "reference": "矩阵"}), allow: bureau, phase: 3},

		// Mail and notifications.
		{op: "GET /me/mail-prefs", path: v("/me/mail-prefs"), allow: loggedIn},
		{op: "PUT /me/mail-prefs", path: v("/me/mail-prefs"), body: fixed(map[string]any{"lang": "zh-CN", "muted": []string{}}), allow: loggedIn, phase: 1},
		{op: "GET /mail/undelivered", path: v("/mail/undelivered"), allow: one(idBureau, idAdmin)},
		{op: "GET /me/notifications", path: v("/me/notifications"), allow: loggedIn},
		{op: "POST /notifications/{id}/read", path: v("/notifications/%d/read", w.notification), allow: one(idTeamBidder), phase: 1},
		{op: "POST /notifications/read-all", path: v("/notifications/read-all"), allow: loggedIn, phase: 2},

		// The race: the board is public, a racer's details and files are its team's, the owner's and the
		// bureau's.
		{op: "POST /racers/{id}/reports/{stage}/attachments", path: v("/racers/%d/reports/1/attachments", w.racerA), file: true, allow: one(idTeamBidder), phase: 1},
		{op: "GET /racers/{id}/attachments/{aid}", path: v("/racers/%d/attachments/%d", w.racerA, w.raceAtt), allow: one(idTeamBidder, idOwner, idBureau)},
		// Task books (任务书) and change requests: the racer's team, the owner and the bureau; a signature with a
		// wrong password is the signer's 422 (or 409 out of turn), a change's action its party's 200 or 409.
		{op: "GET /racers/{id}/taskbook", path: v("/racers/%d/taskbook", w.racerA), allow: one(idTeamBidder, idOwner, idBureau)},
		{op: "GET /racers/{id}/taskbook/versions", path: v("/racers/%d/taskbook/versions", w.racerA), allow: one(idTeamBidder, idOwner, idBureau)},
		{op: "GET /racers/{id}/taskbook.pdf", path: v("/racers/%d/taskbook.pdf", w.racerA), allow: one(idTeamBidder, idOwner, idBureau)},
		{op: "POST /racers/{id}/taskbook/sign", path: v("/racers/%d/taskbook/sign", w.racerA), allow: one(idTeamBidder, idOwner, idBureau),
			body: fixed(map[string]any{"version": 1, "password": "wrong-password"}), phase: 1},
		{op: "GET /racers/{id}/changes", path: v("/racers/%d/changes", w.racerA), allow: one(idTeamBidder, idOwner, idBureau)},
		{op: "POST /racers/{id}/changes", path: v("/racers/%d/changes", w.racerA), allow: one(idTeamBidder, idBureau), phase: 1,
			body: fixed(map[string]any{"kind": "budget", "reason": "矩阵测试", "proposed": map[string]any{"budget": []any{}}})},
		{op: "POST /changes/{id}/consent", path: v("/changes/%d/consent", w.change), body: fixed(map[string]any{}), allow: one(idOwner), phase: 1},
		{op: "POST /changes/{id}/approve", path: v("/changes/%d/approve", w.change), body: fixed(map[string]any{}), allow: bureau, phase: 2},
		{op: "POST /changes/{id}/reject", path: v("/changes/%d/reject", w.change), body: fixed(map[string]any{"reason": "矩阵测试"}), allow: bureau, phase: 2},
		{op: "POST /changes/{id}/withdraw", path: v("/changes/%d/withdraw", w.change), body: fixed(map[string]any{}), allow: one(idTeamBidder, idBureau), phase: 2},
		{op: "GET /calendar", path: v("/calendar"), allow: everyone},
		{op: "GET /calendar/status", path: v("/calendar/status"), allow: everyone},
		{op: "PUT /calendar/{year}", path: v("/calendar/%d", year), body: fixed(map[string]any{"holidays": []any{}, "makeup_workdays": []string{}}), allow: bureau, phase: 1},
		{op: "GET /challenges/{id}/selection", path: v("/challenges/%d/selection", w.chRace), allow: bureau},
		{op: "POST /challenges/{id}/selection", path: v("/challenges/%d/selection", w.chRace), body: fixed(map[string]any{"bid_ids": []int64{w.bidRaceA, w.bidRaceB}}), allow: bureau, phase: 1},
		{op: "GET /notices", path: v("/notices"), allow: everyone},
		{op: "GET /notices/{id}", path: v("/notices/%d", w.notice), allow: everyone},
		{op: "GET /challenges/{id}/notice", path: v("/challenges/%d/notice", w.chRace), allow: everyone},
		{op: "POST /notices/{id}/objections", path: v("/notices/%d/objections", w.notice), body: reason, allow: loggedIn, phase: 1},
		{op: "POST /objections/{id}/resolve", path: v("/objections/%d/resolve", w.objection), body: fixed(map[string]any{"outcome": "dismissed", "answer": "已答复"}), allow: bureau, phase: 1},
		{op: "POST /challenges/{id}/start", path: v("/challenges/%d/start", w.chRace), allow: bureau, phase: 1},
		{op: "GET /challenges/{id}/racers", path: v("/challenges/%d/racers", w.chRace), allow: everyone},
		{op: "GET /racers/{id}", path: v("/racers/%d", w.racerA), allow: one(idTeamBidder, idOwner, idBureau)},
		{op: "POST /racers/{id}/reports", path: v("/racers/%d/reports", w.racerA), body: fixed(reportBody(1)), allow: one(idTeamBidder), phase: 1},
		{op: "GET /challenges/{id}/stages/{stage}/decision", path: v("/challenges/%d/stages/1/decision", w.chRace), allow: bureau},
		{op: "POST /challenges/{id}/stages/{stage}/decision", path: v("/challenges/%d/stages/1/decision", w.chRace), allow: bureau, phase: 2,
			body: fixed(map[string]any{"advance": []int64{w.racerA, w.racerB}, "eliminate": []any{}})},
		{op: "GET /racers/{id}/rectification", path: v("/racers/%d/rectification", w.racerA), allow: one(idTeamBidder, idOwner, idBureau)},
		{op: "POST /racers/{id}/rectification", path: v("/racers/%d/rectification", w.racerA), body: fixed(map[string]any{"summary": "已整改"}), allow: one(idTeamBidder), phase: 1},
		{op: "POST /racers/{id}/rectification/decide", path: v("/racers/%d/rectification/decide", w.racerA), body: fixed(map[string]any{"outcome": "passed", "reason": "整改到位"}), allow: bureau, phase: 1},
		{op: "POST /racers/{id}/readmit", path: v("/racers/%d/readmit", w.racerB), body: reason, allow: bureau, phase: 1},
		{op: "POST /racers/{id}/merge", path: v("/racers/%d/merge", w.racerB), body: fixed(map[string]any{"into_racer_id": w.racerA, "reason": "矩阵测试"}), allow: bureau, phase: 3},
		{op: "POST /challenges/{id}/acceptance/opinions", path: v("/challenges/%d/acceptance/opinions", w.chRace), body: fixed(opinion), allow: one(idOwner), phase: 1},
		{op: "POST /challenges/{id}/acceptance", path: v("/challenges/%d/acceptance", w.chRace), allow: bureau, phase: 1,
			body: fixed(map[string]any{"outcome": "completed", "winner_racer_ids": []int64{w.racerA}, "opinion": "达标"})},
		{op: "GET /results", path: v("/results"), allow: everyone},

		// Review: an expert's assignments are its own; the panels are the bureau's.
		{op: "GET /me/assignments", path: v("/me/assignments"), allow: expAll},
		{op: "GET /assignments/{id}", path: v("/assignments/%d", w.asgScore), allow: one(idExpAssigned)},
		{op: "GET /assignments/{id}", path: v("/assignments/%d", w.asgRecused), allow: one(idExpRecused)},
		// A bid review's assignment has no report files: nobody downloads one through it.
		{op: "GET /assignments/{id}/files/{fid}", path: v("/assignments/%d/files/%d", w.asgScore, w.raceAtt), allow: nil},
		{op: "POST /assignments/{id}/score", path: v("/assignments/%d/score", w.asgScore), body: fixed(fullScores(80)), allow: one(idExpAssigned), phase: 1},
		{op: "POST /assignments/{id}/recuse", path: v("/assignments/%d/recuse", w.asgRecuse), body: reason, allow: one(idExpAssigned), phase: 2},
		{op: "POST /assignments/{id}/replace", path: v("/assignments/%d/replace", w.asgRecused), body: reason, allow: bureau, phase: 1},
		{op: "GET /me/expert-profile", path: v("/me/expert-profile"), allow: expAll},
		{op: "PUT /me/expert-profile", path: v("/me/expert-profile"), body: fixed(map[string]any{"fields": []string{"equipment"}, "conflicts": []any{}}), allow: expAll, phase: 1},
		{op: "GET /experts", path: v("/experts"), allow: bureau},
		{op: "PATCH /experts/{id}", path: v("/experts/%d", w.expThird.ID), body: fixed(map[string]any{"max_open": 20}), allow: bureau, phase: 1},
		{op: "POST /challenges/{id}/rounds", path: v("/challenges/%d/rounds", w.chReview), body: fixed(h.roundBody(3)), allow: bureau, phase: 1},
		{op: "GET /challenges/{id}/rounds", path: v("/challenges/%d/rounds", w.chReview), allow: bureau},
		{op: "GET /rounds/{id}", path: v("/rounds/%d", w.round), allow: bureau},
		{op: "PATCH /rounds/{id}", path: v("/rounds/%d", w.round), body: fixed(h.roundBody(3)), allow: bureau, phase: 1},
		{op: "POST /rounds/{id}/assign", path: v("/rounds/%d/assign", w.round), body: fixed(map[string]any{"seed": 7}), allow: bureau, phase: 2},
		{op: "GET /rounds/{id}/progress", path: v("/rounds/%d/progress", w.round), allow: bureau},
		{op: "POST /rounds/{id}/remind", path: v("/rounds/%d/remind", w.round), allow: bureau, phase: 1},
		{op: "POST /rounds/{id}/close", path: v("/rounds/%d/close", w.round), allow: bureau, phase: 3},
		{op: "GET /rounds/{id}/results", path: v("/rounds/%d/results", w.round), allow: bureau},
		{op: "GET /rounds/{id}/results.xlsx", path: v("/rounds/%d/results.xlsx", w.round), allow: bureau},

		// Settings.
		{op: "GET /meta/fields", path: v("/meta/fields"), allow: everyone},
		{op: "POST /settings/fields", path: v("/settings/fields"), allow: bureau, phase: 1,
			body: fixed(map[string]any{"code": "authz_new", "name_zh": "新领域", "name_en": "New field"})},
		{op: "PATCH /settings/fields/{code}", path: v("/settings/fields/%s", w.field), body: fixed(map[string]any{"name_en": "Matrix field 2"}), allow: bureau, phase: 1},
		{op: "DELETE /settings/fields/{code}", path: v("/settings/fields/%s", w.field), allow: bureau, phase: 2},
		{op: "GET /settings/limits", path: v("/settings/limits"), allow: loggedIn},
		{op: "PUT /settings/limits", path: v("/settings/limits"), allow: bureau, phase: 1, body: func(*identity) any {
			return h.must(h.do("GET", "/api/v1/settings/limits", w.token(idBureau), nil), http.StatusOK).Body
		}},
		{op: "GET /settings/rubrics", path: v("/settings/rubrics"), allow: set(bureau, expAll)},
		{op: "PUT /settings/rubrics/{kind}", path: v("/settings/rubrics/bid_review"), body: fixed(criteria), allow: bureau, phase: 1},
	}
}

// cellOK reports whether a status is the outcome the matrix expects of an identity.
func cellOK(id *identity, allowed bool, status int) bool {
	switch {
	case status >= 500:
		return false
	case id.disabled:
		return status == http.StatusUnauthorized
	case allowed:
		return status != http.StatusUnauthorized && status != http.StatusForbidden && status != http.StatusNotFound
	}
	return status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusNotFound
}

// TestAuthorizationMatrix runs every operation of the route table for every kind of identity on a fixture world,
// on both databases: the allowed are never refused with 401/403/404, everyone else is, and a route without its
// row in the matrix (or a row whose route is gone) fails.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		a, err := h.app.API()
		if err != nil {
			t.Fatal(err)
		}
		w := buildAuthzWorld(t, h)
		if len(w.ids) != 21 {
			t.Fatalf("%d identities", len(w.ids))
		}
		rows := matrixRows(w)
		checkMatrixCoversRoutes(t, a.Operations(), rows)

		var cells atomic.Int64
		run := func(t *testing.T, r mrow) {
			allowed := map[string]bool{}
			for _, n := range r.allow {
				if w.by[n] == nil {
					t.Fatalf("%s: unknown identity %q", r.op, n)
				}
				allowed[n] = true
			}
			// The refused go first: they must change nothing the allowed then act on.
			order := append([]*identity(nil), w.ids...)
			sort.SliceStable(order, func(i, j int) bool {
				return !allowed[order[i].name] && allowed[order[j].name]
			})
			method := strings.Fields(r.op)[0]
			for _, id := range order {
				var got resp
				switch {
				case r.file:
					got = h.upload(r.path, id.user.Token, "file", "矩阵.pdf", pdfBytes(id.name))
				case r.body != nil:
					got = h.do(method, r.path, id.user.Token, r.body(id))
				default:
					got = h.do(method, r.path, id.user.Token, nil)
				}
				cells.Add(1)
				if !cellOK(id, allowed[id.name], got.Status) {
					want := "refused (401/403/404)"
					if id.disabled {
						want = "401"
					} else if allowed[id.name] {
						want = "allowed (2xx or the domain's 400/409/422)"
					}
					t.Errorf("%s %s as %s: %d %s, want %s", r.op, r.path, id.name, got.Status, got.code(), want)
				}
			}
		}
		checkRoleViews(t, w)
		checkNotificationRecipients(t, w)
		for phase := 0; phase <= 3; phase++ {
			t.Run(fmt.Sprintf("phase%d", phase), func(t *testing.T) {
				for _, r := range rows {
					if r.phase != phase {
						continue
					}
					t.Run(r.op+" "+r.path, func(t *testing.T) {
						if phase == 0 {
							t.Parallel() // reads share the world
						}
						run(t, r)
					})
				}
			})
		}
		t.Logf("authorization matrix: %d operations, %d rows, %d identities, %d cells checked", len(a.Operations()), len(rows), len(w.ids), cells.Load())
	})
}

// checkMatrixCoversRoutes fails for an operation of the route table without a row, and for a row whose
// operation is not in the route table.
func checkMatrixCoversRoutes(t *testing.T, ops []api.Operation, rows []mrow) {
	t.Helper()
	have := map[string]bool{}
	for _, r := range rows {
		have[r.op] = true
	}
	known := map[string]bool{}
	for _, o := range ops {
		key := o.Method + " " + o.Path
		known[key] = true
		if !have[key] {
			t.Errorf("the route %s has no row in the authorization matrix (matrixRows in authz_matrix_test.go)", key)
		}
	}
	for k := range have {
		if !known[k] {
			t.Errorf("the matrix row %s names no route of the table", k)
		}
	}
}

// checkRoleViews checks what the statuses cannot show: the parts of an answer that the owner's or a team's
// view adds are not given to another role of the same organisation, and the challenge page offers no bid to
// the posting enterprise's own team.
func checkRoleViews(t *testing.T, w *authzWorld) {
	h := w.h
	get := func(path, who string) resp {
		return h.must(h.do("GET", "/api/v1"+path, w.token(who), nil), http.StatusOK)
	}
	hasAction := func(r resp, a string) bool {
		raw, _ := r.Body["actions"].([]any)
		for _, x := range raw {
			if x == a {
				return true
			}
		}
		return false
	}
	pub := fmt.Sprintf("/challenges/%d", w.chPub)
	for who, want := range map[string]bool{idTeamOther: true, idTeamBidder2: true, idTeamOwnerOrg: false, idOwner: false, idExpOwnerOrg: false} {
		if got := hasAction(get(pub, who), "bid"); got != want {
			t.Errorf("the challenge page offers bid to %s: %v, want %v", who, got, want)
		}
	}
	own := h.do("POST", "/api/v1"+pub+"/bids", w.token(idTeamOwnerOrg), h.bidBody(h.piEmail()), "Accept-Language", "en")
	if own.Status != http.StatusForbidden || own.code() != "own_challenge" || !strings.Contains(own.Raw2(), "posted this challenge") {
		t.Errorf("a bid of the posting organisation's team: %d %s", own.Status, own.Raw)
	}
	if zh := h.do("POST", "/api/v1"+pub+"/bids", w.token(idTeamOwnerOrg), h.bidBody(h.piEmail())); !strings.Contains(zh.Raw2(), "不能揭本单位发布的榜单") {
		t.Errorf("own_challenge in Chinese: %s", zh.Raw)
	}
	// The race board: every racer's details to the owner and the bureau, its own to a racer's team, none to
	// the other roles of those organisations.
	board := fmt.Sprintf("/challenges/%d/racers", w.chRace)
	for _, who := range []string{idOwner, idBureau, idTeamBidder, idTeamOwnerOrg, idExpOwnerOrg, idExpBidderOrg, idEntBidderOrg, idAnon} {
		r := get(board, who)
		for _, it := range r.items() {
			id := int64(it["id"].(float64))
			want := who == idOwner || who == idBureau || who == idTeamBidder && id == w.racerA
			if it["detail"] != want {
				t.Errorf("racer %d's details to %s: %v, want %v", id, who, it["detail"], want)
			}
		}
	}
	// scope=mine is the enterprise's.
	if r := h.do("GET", "/api/v1/challenges?scope=mine", w.token(idTeamOwnerOrg), nil); r.Status != http.StatusForbidden {
		t.Errorf("scope=mine of a team user of the posting organisation: %d %s", r.Status, r.Raw)
	}
	if ids := chIDs(get("/challenges?scope=mine&page_size=100", idOwner)); !containsID(ids, w.chDraft) || !containsID(ids, w.chReturned) {
		t.Errorf("the owner's scope=mine: %v", ids)
	}
	// The public funding totals of the finished race include what was paid, in total and per racer.
	tot := get(fmt.Sprintf("/challenges/%d/funding/totals", w.chDone), idAnon)
	per, _ := tot.Body["per_racer"].([]any)
	if tot.num("decided_fen") != 20_000_000 || tot.num("disbursed_fen") != 8_000_000 || len(per) != 1 ||
		per[0].(map[string]any)["disbursed_fen"] != float64(8_000_000) || per[0].(map[string]any)["decided_fen"] != float64(20_000_000) {
		t.Errorf("public funding totals: %s", tot.Raw)
	}
}

// checkNotificationRecipients: each notification kind reaches the role the process gives it in the
// organisations concerned, never another role of the same organisation (e-mails are queued for the same
// recipients, in the same step).
func checkNotificationRecipients(t *testing.T, w *authzWorld) {
	h := w.h
	teamKinds := []string{"race.selected", "race.started", "funding.decided", "challenge.bidding_closed"}
	ownerKinds := []string{"challenge.returned", "challenge.approved", "challenge.published", "race.notice", "race.started", "race.report", "challenge.bidding_closed"}
	kinds := func(who string) map[string]bool { return h.notificationKinds(w.by[who].user) }
	for _, k := range []string{"race.selected", "race.started", "funding.decided"} {
		if !kinds(idTeamBidder)[k] {
			t.Errorf("the racing team has no %s", k)
		}
	}
	for _, k := range ownerKinds {
		if !kinds(idOwner)[k] {
			t.Errorf("the owner has no %s", k)
		}
	}
	for _, who := range []string{idExpBidderOrg, idEntBidderOrg, idTeamPending, idTeamRemoved} {
		got := kinds(who)
		for _, k := range teamKinds {
			if got[k] {
				t.Errorf("%s, not the racing team, got %s", who, k)
			}
		}
	}
	for _, who := range []string{idTeamOwnerOrg, idExpOwnerOrg, idEntPending, idEntRemoved} {
		got := kinds(who)
		for _, k := range ownerKinds {
			if got[k] {
				t.Errorf("%s, not the posting enterprise, got %s", who, k)
			}
		}
	}
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// Raw2 is the raw body as text.
func (r resp) Raw2() string { return string(r.Raw) }
