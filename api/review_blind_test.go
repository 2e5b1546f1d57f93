package api_test

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jiebang/domain"
)

// blindFixture is a bid review whose bids name their bidders everywhere an expert could look: the approach
// and the deliverables name the lead organisation and the PI, and each bid carries an attachment named after
// its lead. secrets are every string that identifies a bidder.
type blindFixture struct {
	reviewFixture
	secrets []string
}

func (h *harness) blindBids(nBids, nExperts int) blindFixture {
	h.t.Helper()
	f := blindFixture{reviewFixture: reviewFixture{owner: h.enterprise()}}
	f.ch = h.chPublished(f.owner, 72*time.Hour)
	for i := 0; i < nBids; i++ {
		tm := h.team()
		me := h.must(h.do("GET", "/api/v1/me", tm.Token, nil), http.StatusOK)
		org := me.obj("org")["name"].(string)
		pi := fmt.Sprintf("双盲负责人%d", i)
		piEmail := h.piEmail()
		partner := fmt.Sprintf("双盲合作公司%d有限公司", i)
		partnerCode := h.creditCode()
		body := h.bidBody(piEmail)
		body["pi"] = map[string]any{"name": pi, "email": piEmail}
		body["partners"] = []any{map[string]any{"org_name": partner, "credit_code": partnerCode, "role": "样机试制", "share_pct": 30}}
		body["members"] = []any{map[string]any{"name": fmt.Sprintf("双盲成员%d", i), "role": "电磁设计"}}
		body["approach"] = fmt.Sprintf("%s联合%s（信用代码 %s）承担，由%s（%s）牵头。", org, partner, tm.Credit, pi, piEmail)
		id := h.must(h.do("POST", chPath(f.ch, "bids"), tm.Token, body), http.StatusCreated).num("id")
		h.must(h.upload(bidPath(id, "attachments"), tm.Token, "file", org+"_"+pi+"_技术方案.pdf", pdfBytes(org)), http.StatusCreated)
		h.must(h.do("POST", bidPath(id, "submit"), tm.Token, nil), http.StatusOK)
		f.teams = append(f.teams, tm)
		f.bids = append(f.bids, id)
		f.secrets = append(f.secrets, org, pi, piEmail, partner, partnerCode, tm.Credit, fmt.Sprintf("双盲成员%d", i), "技术方案.pdf")
	}
	f.reviewFixture = h.closeAndQualify(f.reviewFixture, nExperts)
	return f
}

// blindRubric judges the proposal only.
var blindRubric = []any{map[string]any{"name": "技术方案", "weight": 60}, map[string]any{"name": "可行性与计划", "weight": 40}}

// leaks names the secrets found in body.
func leaks(body []byte, secrets []string) []string {
	var out []string
	for _, s := range secrets {
		if strings.Contains(strings.ToLower(string(body)), strings.ToLower(s)) {
			out = append(out, s)
		}
	}
	return out
}

// TestReviewDoubleBlind opens a double-blind bid review and reads everything its experts are offered (their
// list, the material, the files, the answers to scoring and recusal, their notifications) and the exported
// workbook: no bidder organisation, PI, partner, member, credit code or attachment name appears; the
// conflict rules still keep an expert of a bidder off its panel; the bureau still sees who is who.
func TestReviewDoubleBlind(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.blindBids(3, 6)
		boss := h.bureau()
		insider := h.joinOrg(domain.RoleExpert, f.teams[0])
		h.must(h.do("PUT", "/api/v1/me/expert-profile", insider.Token, map[string]any{"fields": []string{"equipment"}, "conflicts": []any{}}), http.StatusOK)
		experts := append(append([]user{}, f.experts...), insider)

		// The default bid rubric judges the team (团队实力): refused, naming it, in both languages.
		body := h.roundBody(3)
		body["double_blind"] = true
		r := h.do("POST", chPath(f.ch, "rounds"), boss.Token, body)
		if r.Status != 422 || r.code() != "rubric_needs_identity" || !strings.Contains(string(r.Raw), "团队实力") {
			t.Fatalf("default rubric: %d %s", r.Status, r.Raw)
		}
		if en := h.do("POST", chPath(f.ch, "rounds"), boss.Token, body, "Accept-Language", "en"); en.code() != "rubric_needs_identity" ||
			!strings.Contains(en.Body["error"].(map[string]any)["message"].(string), "团队实力") {
			t.Fatalf("english: %s", en.Raw)
		}
		// A criterion marked by the bureau, or named for the organisation, is refused too.
		body["rubric"] = []any{map[string]any{"name": "技术方案", "weight": 60}, map[string]any{"name": "创新性", "weight": 40, "needs_identity": true}}
		if r := h.do("POST", chPath(f.ch, "rounds"), boss.Token, body); r.code() != "rubric_needs_identity" {
			t.Fatalf("marked criterion: %s", r.Raw)
		}
		body["rubric"] = []any{map[string]any{"name": "技术方案", "weight": 60}, map[string]any{"name": "承担单位研究基础", "weight": 40}}
		if r := h.do("POST", chPath(f.ch, "rounds"), boss.Token, body); r.code() != "rubric_needs_identity" {
			t.Fatalf("named criterion: %s", r.Raw)
		}
		// Stage reviews cannot be double-blind.
		st := h.roundBody(3)
		st["kind"], st["stage"], st["double_blind"], st["rubric"] = "stage_review", 1, true, blindRubric
		if r := h.do("POST", chPath(f.ch, "rounds"), boss.Token, st); r.Status != 422 || r.code() != "double_blind_stage" {
			t.Fatalf("stage: %d %s", r.Status, r.Raw)
		}
		if c := h.must(h.do("GET", chPath(f.ch), boss.Token, nil), http.StatusOK); c.str("status") != "bidding_closed" {
			t.Fatalf("nothing half-done by a refusal: %s", c.str("status"))
		}

		body["rubric"] = blindRubric
		open := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, body), http.StatusCreated)
		round := open.num("id")
		if open.Body["double_blind"] != true {
			t.Fatalf("double_blind in the DTO: %s", open.Raw)
		}
		// The bureau sees the real labels beside the neutral ones.
		labels := map[string]bool{}
		for _, x := range open.Body["items"].([]any) {
			it := x.(map[string]any)
			if !strings.HasPrefix(it["blind_label"].(string), "方案") || labels[it["blind_label"].(string)] || it["label"] == it["blind_label"] {
				t.Fatalf("items: %s", open.Raw)
			}
			labels[it["blind_label"].(string)] = true
		}
		if len(leaks(open.Raw, f.secrets[:1])) != 1 {
			t.Fatalf("officers see everything: %s", open.Raw)
		}
		audit := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=round&entity_id=%d", round), boss.Token, nil), http.StatusOK)
		if items := audit.items(); len(items) == 0 || !strings.Contains(fmt.Sprint(items[0]["after"]), `"double_blind":true`) {
			t.Fatalf("the choice is audited: %s", audit.Raw)
		}
		h.must(h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": 7}), http.StatusOK)

		// Conflict rules on the real identities: the insider is never on the first bid's panel.
		prog := h.must(h.do("GET", roundPath(round, "progress"), boss.Token, nil), http.StatusOK)
		for _, raw := range prog.Body["items"].([]any) {
			it := raw.(map[string]any)
			if int64(it["item"].(map[string]any)["bid_id"].(float64)) != f.bids[0] {
				continue
			}
			for _, m := range it["panel"].([]any) {
				if int64(m.(map[string]any)["expert_id"].(float64)) == insider.ID {
					t.Fatal("an expert of the bidder's organisation on its double-blind panel")
				}
			}
		}

		var bodies [][]byte
		seen := func(what string, r resp) resp {
			t.Helper()
			if l := leaks(r.Raw, f.secrets); len(l) > 0 {
				t.Errorf("%s shows %v: %s", what, l, r.Raw)
			}
			bodies = append(bodies, r.Raw)
			return r
		}
		scored := 0
		recused := false
		for _, e := range experts {
			list := seen("my assignments", h.must(h.do("GET", "/api/v1/me/assignments?page_size=100", e.Token, nil), http.StatusOK))
			for _, a := range list.items() {
				if !strings.HasPrefix(a["item_label"].(string), "方案") || a["bid_id"].(float64) != 0 {
					t.Fatalf("assignment line: %v", a)
				}
				id := int64(a["id"].(float64))
				m := seen("material", h.must(h.do("GET", asgPath(id), e.Token, nil), http.StatusOK))
				if m.obj("round")["double_blind"] != true || m.obj("bid")["digest"] != "" || m.obj("item")["bid_id"].(float64) != 0 {
					t.Fatalf("material: %s", m.Raw)
				}
				content := m.obj("bid")["content"].(map[string]any)
				if content["approach"] == "" || !strings.Contains(content["approach"].(string), "【已隐去】") {
					t.Fatalf("the proposal stays, the names go: %v", content["approach"])
				}
				atts := content["attachments"].([]any)
				if len(atts) != 1 || atts[0].(map[string]any)["filename"] != "附件1.pdf" {
					t.Fatalf("attachments: %v", atts)
				}
				fid := int64(atts[0].(map[string]any)["id"].(float64))
				dl := h.do("GET", asgPath(id, "files", fmt.Sprint(fid)), e.Token, nil)
				_, params, err := mime.ParseMediaType(dl.Header.Get("Content-Disposition"))
				if dl.Status != 200 || err != nil || params["filename"] != "附件1.pdf" || dl.Header.Get("Content-Type") != "application/pdf" {
					t.Fatalf("download: %d %v %v", dl.Status, dl.Header, err)
				}
				if l := leaks([]byte(dl.Header.Get("Content-Disposition")), f.secrets); len(l) > 0 {
					t.Fatalf("download name shows %v", l)
				}
				if r := h.do("GET", asgPath(id, "files", fmt.Sprint(fid+1000)), e.Token, nil); r.Status != 404 {
					t.Fatalf("another file: %d", r.Status)
				}
				if !recused && e.ID != insider.ID {
					recused = true
					seen("recusal", h.must(h.do("POST", asgPath(id, "recuse"), e.Token, map[string]any{"reason": "疑似了解该团队"}), http.StatusOK))
					continue
				}
				seen("draft", h.must(h.do("POST", asgPath(id, "score"), e.Token, map[string]any{"scores": map[string]any{"技术方案": 70}, "draft": true}), http.StatusOK))
				seen("score", h.must(h.do("POST", asgPath(id, "score"), e.Token, map[string]any{"scores": map[string]any{"技术方案": 80, "可行性与计划": 70}, "comment": "方案可行"}), http.StatusOK))
				scored++
			}
		}
		if scored == 0 || !recused {
			t.Fatalf("scored %d, recused %v", scored, recused)
		}
		// Every expert's notifications (assignments, the replacement's, a reminder) name no bidder.
		h.must(h.do("POST", roundPath(round, "remind"), boss.Token, nil), http.StatusOK)
		notes := 0
		for _, e := range experts {
			// (the insider's own membership notice names its own organisation, which is no leak)
			for _, n := range h.must(h.do("GET", "/api/v1/me/notifications?page_size=100", e.Token, nil), http.StatusOK).items() {
				if strings.HasPrefix(n["kind"].(string), "review.") {
					raw, _ := json.Marshal(n)
					seen("notification", resp{Raw: raw})
					notes++
				}
			}
		}
		if notes == 0 {
			t.Fatal("the experts were notified")
		}

		h.must(h.do("POST", roundPath(round, "close"), boss.Token, map[string]any{"reason": "到期结束"}), http.StatusOK)
		for _, e := range experts {
			seen("my assignments after close", h.must(h.do("GET", "/api/v1/me/assignments?page_size=100", e.Token, nil), http.StatusOK))
		}
		// The workbook names items 方案A …, never the bidders.
		x := h.do("GET", roundPath(round, "results.xlsx"), boss.Token, nil)
		if x.Status != 200 {
			t.Fatalf("export: %d", x.Status)
		}
		wb, err := excelize.OpenReader(strings.NewReader(string(x.Raw)))
		if err != nil {
			t.Fatal(err)
		}
		var cells strings.Builder
		for _, sh := range wb.GetSheetList() {
			rows, _ := wb.GetRows(sh)
			for _, row := range rows {
				cells.WriteString(strings.Join(row, "\t") + "\n")
			}
		}
		if l := leaks([]byte(cells.String()), f.secrets); len(l) > 0 || !strings.Contains(cells.String(), "方案A") {
			t.Fatalf("the workbook shows %v:\n%s", l, cells.String())
		}
		// The bureau's results still name the bidders.
		res := h.must(h.do("GET", roundPath(round, "results"), boss.Token, nil), http.StatusOK)
		if len(leaks(res.Raw, f.secrets[:1])) != 1 {
			t.Fatalf("the bureau's results: %s", res.Raw)
		}
		if len(bodies) < 10 {
			t.Fatalf("only %d expert answers read", len(bodies))
		}
	})
}

// TestReviewDoubleBlindEdit turns a round double-blind while it is open (checked against the rubric again)
// and back; a validation round cannot be double-blind.
func TestReviewDoubleBlindEdit(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.bidsClosed(2, 3)
		boss := h.bureau()
		r := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, h.roundBody(3)), http.StatusCreated)
		round := r.num("id")
		if r.Body["double_blind"] != false {
			t.Fatalf("not double-blind by default: %s", r.Raw)
		}
		rub := r.Body["rubric"].([]any)
		if rub[1].(map[string]any)["name"] != "团队实力" || rub[1].(map[string]any)["needs_identity"] != true || rub[0].(map[string]any)["needs_identity"] != false {
			t.Fatalf("the default rubric marks 团队实力: %v", rub)
		}
		patch := map[string]any{"deadline": h.roundBody(3)["deadline"], "double_blind": true}
		if p := h.do("PATCH", roundPath(round), boss.Token, patch); p.code() != "rubric_needs_identity" {
			t.Fatalf("default rubric: %s", p.Raw)
		}
		// The bureau may judge a criterion answerable from the proposal alone.
		patch["rubric"] = []any{map[string]any{"name": "技术方案", "weight": 60}, map[string]any{"name": "团队协作安排", "weight": 40, "needs_identity": false}}
		p := h.must(h.do("PATCH", roundPath(round), boss.Token, patch), http.StatusOK)
		if p.Body["double_blind"] != true {
			t.Fatalf("patched: %s", p.Raw)
		}
		delete(patch, "double_blind")
		if p := h.must(h.do("PATCH", roundPath(round), boss.Token, patch), http.StatusOK); p.Body["double_blind"] != true {
			t.Fatalf("an edit without double_blind keeps it: %s", p.Raw)
		}
		if g := h.must(h.do("GET", roundPath(round), boss.Token, nil), http.StatusOK); g.Body["double_blind"] != true {
			t.Fatalf("stored: %s", g.Raw)
		}
		patch["double_blind"] = false
		if p := h.must(h.do("PATCH", roundPath(round), boss.Token, patch), http.StatusOK); p.Body["double_blind"] != false {
			t.Fatalf("turned off: %s", p.Raw)
		}

		owner := h.enterprise()
		ch := h.chSubmitted(owner)
		v := h.roundBody(3)
		v["kind"], v["double_blind"], v["rubric"] = "validation", true, blindRubric
		if r := h.do("POST", chPath(ch, "rounds"), boss.Token, v); r.Status != 422 || r.code() != "double_blind_bid_only" {
			t.Fatalf("validation: %d %s", r.Status, r.Raw)
		}
	})
}

// TestReviewScoresCompleteOrRefused: a submission with a criterion missing or null is refused by name
// (score_incomplete), nothing is stored; a draft may be partial (a null is no score); a closed round offers
// no scoring action and refuses scores.
func TestReviewScoresCompleteOrRefused(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.bidsClosed(1, 3)
		boss := h.bureau()
		round := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, h.roundBody(3)), http.StatusCreated).num("id")
		h.must(h.do("POST", roundPath(round, "assign"), boss.Token, nil), http.StatusOK)
		e := f.experts[0]
		id := h.myAssignments(e)["pending"][0]
		for name, scores := range map[string]map[string]any{
			"missing": {"技术方案": 80, "团队实力": 70, "可行性与计划": 60},
			"null":    {"技术方案": 80, "团队实力": 70, "可行性与计划": 60, "预算合理性": nil},
		} {
			r := h.do("POST", asgPath(id, "score"), e.Token, map[string]any{"scores": scores, "comment": "可行"})
			details, _ := r.Body["error"].(map[string]any)["details"].(map[string]any)
			if r.Status != 422 || r.code() != "score_incomplete" || !strings.Contains(string(r.Raw), "预算合理性") ||
				fmt.Sprint(details["criteria"]) != "[预算合理性]" || r.field("scores.预算合理性") == "" {
				t.Fatalf("%s: %d %s", name, r.Status, r.Raw)
			}
			m := h.must(h.do("GET", asgPath(id), e.Token, nil), http.StatusOK)
			if m.Body["score"] != nil || m.obj("assignment")["status"] != "pending" {
				t.Fatalf("%s: nothing stored: %s", name, m.Raw)
			}
		}
		all := map[string]any{"技术方案": nil, "团队实力": nil, "可行性与计划": nil, "预算合理性": nil}
		if r := h.do("POST", asgPath(id, "score"), e.Token, map[string]any{"scores": all, "comment": "可行"}); r.code() != "score_incomplete" {
			t.Fatalf("all null: %s", r.Raw)
		}
		d := h.must(h.do("POST", asgPath(id, "score"), e.Token, map[string]any{"scores": map[string]any{"技术方案": 75, "团队实力": nil}, "draft": true}), http.StatusOK)
		if sc := d.obj("score")["scores"].(map[string]any); len(sc) != 1 || sc["技术方案"] != 75.0 {
			t.Fatalf("a draft keeps what is scored, a null is no score: %s", d.Raw)
		}
		h.must(h.do("POST", asgPath(id, "score"), e.Token, fullScores(0)), http.StatusOK)
		m := h.must(h.do("GET", asgPath(id), e.Token, nil), http.StatusOK)
		if sc := m.obj("score")["scores"].(map[string]any); len(sc) != 4 || sc["预算合理性"] != 0.0 {
			t.Fatalf("an explicit 0 is a score: %s", m.Raw)
		}
		if acts := fmt.Sprint(m.obj("assignment")["actions"]); !strings.Contains(acts, "score") {
			t.Fatalf("scorable while assigned: %s", acts)
		}

		h.must(h.do("POST", roundPath(round, "close"), boss.Token, map[string]any{"reason": "到期"}), http.StatusOK)
		for _, x := range f.experts {
			for _, a := range h.must(h.do("GET", "/api/v1/me/assignments?page_size=100", x.Token, nil), http.StatusOK).items() {
				if a["round_status"] != "closed" || len(a["actions"].([]any)) != 0 {
					t.Fatalf("a closed round offers nothing: %v", a)
				}
				mm := h.must(h.do("GET", asgPath(int64(a["id"].(float64))), x.Token, nil), http.StatusOK)
				if len(mm.obj("assignment")["actions"].([]any)) != 0 {
					t.Fatalf("material of a closed round: %s", mm.Raw)
				}
			}
		}
		if r := h.do("POST", asgPath(id, "score"), e.Token, fullScores(90)); r.Status != 409 || r.code() != "round_closed" {
			t.Fatalf("scores after close: %d %s", r.Status, r.Raw)
		}
	})
}
