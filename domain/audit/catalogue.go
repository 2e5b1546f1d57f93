package audit

import (
	"sort"
	"strings"
)

// Label is the name of an event or a field in Chinese and English, as the register (审计台账) shows it.
type Label struct {
	Zh string
	En string
}

// actionLabels names every action the areas write, by "entity.action" where the same action means different
// things on different entities, else by the action alone. An action missing here is shown as it is stored
// (ActionLabel's fallback) and is caught by the catalogue test against the demo's audit trail.
var actionLabels = map[string]Label{
	// accounts and sessions
	"user.login":                 {"登录", "Signed in"},
	"user.logout":                {"退出登录", "Signed out"},
	"user.refresh":               {"刷新登录令牌", "Session token refreshed"},
	"user.login_failed":          {"登录失败", "Failed sign-in"},
	"user.reauth_failed":         {"签署身份验证失败", "Re-authentication failed"},
	"user.refresh_token_reused":  {"登录令牌被重复使用（已吊销）", "Session token reused (revoked)"},
	"user.register":              {"注册账号", "Registered"},
	"user.create_staff":          {"创建工作人员账号", "Staff account created"},
	"user.enable":                {"启用账号", "Account enabled"},
	"user.disable":               {"停用账号", "Account disabled"},
	"user.update_expert_profile": {"更新专家资料", "Expert profile updated"},
	"user.update_expert_pool":    {"调整专家库", "Expert pool changed"},
	"user.approve_membership":    {"批准加入单位", "Membership approved"},
	"user.reject_membership":     {"拒绝加入单位", "Membership rejected"},
	"user.remove_member":         {"移出单位", "Member removed"},
	"user.hand_over_org_admin":   {"移交单位管理员", "Organisation admin handed over"},
	"user.request_membership":    {"申请加入单位", "Membership requested"},
	"org.create":                 {"登记单位", "Organisation registered"},
	"org.verify":                 {"核验单位", "Organisation verified"},
	"org.set_credit":             {"设定信用状态", "Credit status set"},
	"org.credit_warn":            {"信用警告", "Credit warning"},
	"org.credit_bar":             {"禁止揭榜/发榜", "Barred from bidding and posting"},
	"org.credit_lift":            {"解除信用限制", "Credit restriction lifted"},
	"org.credit_bar_expired":     {"信用限制到期", "Credit bar expired"},
	// calls for needs (申报批次)
	"call.create":  {"开启申报批次", "Call opened"},
	"call.update":  {"修改申报批次", "Call changed"},
	"call.publish": {"发布批次榜单", "Call's list published"},
	// challenges (榜单)
	"challenge.create":  {"起草榜单", "Challenge drafted"},
	"challenge.edit":    {"修改榜单草稿", "Challenge draft edited"},
	"challenge.submit":  {"提交榜单论证", "Challenge submitted for validation"},
	"challenge.approve": {"论证通过", "Challenge approved"},
	"challenge.reject":  {"不予立榜", "Challenge rejected"},
	"challenge.return":  {"退回修改", "Challenge returned for changes"},
	"challenge.publish": {"张榜", "Challenge published"},
	"challenge.amend":   {"发布补充通知（更正）", "Amendment published"},
	// questions and answers (答疑)
	"question.ask":             {"提出问题", "Question asked"},
	"question.answer":          {"答复问题", "Question answered"},
	"question.publish":         {"发布答疑", "Answer published"},
	"question.decline":         {"不予答复", "Question declined"},
	"bid.confirm_amendment":    {"确认已阅补充通知", "Amendment read and confirmed"},
	"challenge.close_bidding":  {"揭榜截止", "Bidding closed"},
	"challenge.start_review":   {"进入专家评审", "Review started"},
	"challenge.select":         {"确定入围并公示", "Winners selected for the notice"},
	"challenge.renotice":       {"重新公示", "Notice repeated"},
	"challenge.start":          {"立项", "Project started"},
	"challenge.complete":       {"验收通过", "Accepted"},
	"challenge.fail":           {"验收未通过", "Acceptance failed"},
	"challenge.cancel":         {"撤榜", "Challenge cancelled"},
	"challenge.stage_decision": {"阶段结论", "Stage decided"},
	"challenge.acceptance":     {"验收结论", "Acceptance concluded"},
	"challenge.attach":         {"上传榜单附件", "Challenge file attached"},
	"challenge.detach":         {"删除榜单附件", "Challenge file removed"},
	// bids (揭榜申报)
	"bid.create":          {"起草申报", "Bid drafted"},
	"bid.edit":            {"修改申报草稿", "Bid draft edited"},
	"bid.save_draft":      {"保存申报草稿", "Bid draft saved"},
	"bid.delete":          {"删除申报草稿", "Bid draft deleted"},
	"bid.submit":          {"提交申报", "Bid submitted"},
	"bid.withdraw":        {"撤回申报", "Bid withdrawn"},
	"bid.cancel":          {"申报终止", "Bid cancelled"},
	"bid.attach":          {"上传申报附件", "Bid file attached"},
	"bid.detach":          {"删除申报附件", "Bid file removed"},
	"bid.mark_eligible":   {"形式审查合格", "Bid found eligible"},
	"bid.mark_ineligible": {"形式审查不合格", "Bid found ineligible"},
	"bid.selected":        {"入围", "Bid selected"},
	"bid.not_selected":    {"未入围", "Bid not selected"},
	// 补正 (correction window of the eligibility check)
	"bid.request_correction":  {"要求补正", "Correction requested"},
	"bid.resubmit_correction": {"补正后重新提交", "Bid resubmitted after correction"},
	"bid.close_correction":    {"补正完成", "Correction closed as corrected"},
	"bid.not_corrected":       {"逾期未补正", "Bid not corrected in time"},
	// review (专家评审)
	"round.open":         {"开启评审", "Review round opened"},
	"round.edit":         {"修改评审设置", "Review round edited"},
	"round.assign":       {"抽取专家", "Experts drawn"},
	"round.redraw":       {"重新抽取专家", "Experts redrawn"},
	"round.remind":       {"催评", "Experts reminded"},
	"round.close":        {"关闭评审", "Review round closed"},
	"round.export":       {"导出评审结果", "Review results exported"},
	"assignment.score":   {"提交评分", "Score submitted"},
	"assignment.recuse":  {"专家回避", "Expert recused"},
	"assignment.replace": {"更换专家", "Expert replaced"},
	"assignment.remind":  {"催评", "Expert reminded"},
	// notices and objections (公示与异议)
	"notice.open":       {"开始公示", "Notice opened"},
	"notice.close":      {"公示结束", "Notice ended"},
	"notice.supersede":  {"公示被替代", "Notice superseded"},
	"objection.file":    {"提出异议", "Objection filed"},
	"objection.uphold":  {"异议成立", "Objection upheld"},
	"objection.dismiss": {"异议不成立", "Objection dismissed"},
	// the race (赛马)
	"racer.start":               {"进入赛马", "Racer started"},
	"racer.taskbook_version":    {"生成任务书版本", "Task book version made"},
	"racer.taskbook_sign":       {"签署任务书", "Task book signed"},
	"racer.change_file":         {"提出项目变更申请", "Change request filed"},
	"racer.change_consent":      {"发榜企业同意变更", "Change consented by the owner"},
	"racer.change_approve":      {"批准项目变更", "Change approved"},
	"racer.change_reject":       {"驳回项目变更", "Change rejected"},
	"racer.change_withdraw":     {"撤回项目变更", "Change withdrawn"},
	"racer.report":              {"提交阶段报告", "Stage report submitted"},
	"racer.attach":              {"上传报告附件", "Report file attached"},
	"racer.detach":              {"删除报告附件", "Report file removed"},
	"racer.eliminate":           {"淘汰", "Eliminated"},
	"racer.readmit":             {"复活", "Readmitted"},
	"racer.merge":               {"强强联合", "Merged"},
	"racer.win":                 {"获胜", "Won"},
	"racer.finish":              {"完成（未获胜）", "Finished without winning"},
	"racer.acceptance_opinion":  {"验收意见", "Acceptance opinion"},
	"racer.rectify":             {"限期整改", "Rectification ordered"},
	"racer.rectify_report":      {"提交整改报告", "Rectification report submitted"},
	"racer.rectify_pass":        {"整改通过", "Rectification passed"},
	"racer.rectify_eliminate":   {"整改未通过", "Rectification failed"},
	"racer.terminate":           {"终止（赛马）", "Ended in the race"},
	"racer.funding_terminate":   {"终止项目", "Terminated"},
	"racer.funding_revoke":      {"撤销项目", "Revoked"},
	"racer.termination_request": {"申请终止", "Termination requested"},
	"racer.expense_reported":    {"申报支出", "Expenses reported"},
	"racer.expense_accepted":    {"认定支出", "Expenses accepted"},
	"racer.refund_received":     {"退回资金到账", "Refund received"},
	// funding (经费)
	"funding_decision.decide":   {"经费决定", "Funding decided"},
	"funding_decision.reverse":  {"撤销经费决定", "Funding decision reversed"},
	"funding_decision.disburse": {"拨付经费", "Funds disbursed"},
	// settings and the calendar
	"setting.limits_update": {"修改限项与默认值", "Limits changed"},
	"setting.field_add":     {"新增行业领域", "Field added"},
	"setting.field_update":  {"修改行业领域", "Field changed"},
	"setting.field_delete":  {"删除行业领域", "Field removed"},
	"setting.rubric_update": {"修改评分细则模板", "Rubric template changed"},
	"calendar.update":       {"修改工作日历", "Calendar changed"},
}

// SessionActions are the session noise of the register (logins, logouts, token refreshes), hidden unless
// asked for. A failed sign-in and a reused token are security events and are always shown.
var SessionActions = []string{"login", "logout", "refresh"}

// ActionLabel names an entity's action in Chinese and English; an action the catalogue does not know is shown
// as stored (both languages), and an action with a suffix ("rubric_update:bid_review") by its stem.
func ActionLabel(entity, action string) Label {
	if l, ok := actionLabels[entity+"."+action]; ok {
		return l
	}
	if stem, rest, ok := strings.Cut(action, ":"); ok {
		if l, ok := actionLabels[entity+"."+stem]; ok {
			return Label{l.Zh + "（" + rest + "）", l.En + " (" + rest + ")"}
		}
	}
	for _, o := range Catalogue() {
		if o.Action == action {
			return o.Label
		}
	}
	return Label{action, action}
}

// KnownAction says whether the catalogue names this entity's action.
func KnownAction(entity, action string) bool {
	stem, _, _ := strings.Cut(action, ":")
	_, ok := actionLabels[entity+"."+stem]
	return ok
}

// ActionOption is one kind of event the register filters by.
type ActionOption struct {
	Entity string
	Action string
	Label
}

// Catalogue lists the kinds of event the register knows, in the catalogue's order by entity then action.
func Catalogue() []ActionOption {
	out := make([]ActionOption, 0, len(actionLabels))
	for key, l := range actionLabels {
		e, a, _ := strings.Cut(key, ".")
		out = append(out, ActionOption{Entity: e, Action: a, Label: l})
	}
	sortOptions(out)
	return out
}

// entityLabels names the entities.
var entityLabels = map[string]Label{
	EntityUser: {"用户", "User"}, EntityOrg: {"单位", "Organisation"}, EntityChallenge: {"榜单", "Challenge"},
	EntityBid: {"申报", "Bid"}, EntityRound: {"评审轮次", "Review round"}, EntityAssignment: {"评审任务", "Assignment"},
	EntityNotice: {"公示", "Notice"}, EntityObjection: {"异议", "Objection"}, EntityRacer: {"参赛团队", "Racer"},
	EntityFundingDecision: {"经费决定", "Funding decision"}, "setting": {"系统设置", "Settings"},
	"calendar": {"工作日历", "Calendar"}, "question": {"答疑问题", "Question"},
	"call": {"申报批次", "Call"},
}

// EntityLabel names an entity kind.
func EntityLabel(entity string) Label {
	if l, ok := entityLabels[entity]; ok {
		return l
	}
	return Label{entity, entity}
}

// fieldLabels names the fields of the before/after summaries.
var fieldLabels = map[string]Label{
	"status": {"状态", "Status"}, "reason": {"理由", "Reason"}, "note": {"备注", "Note"}, "title": {"标题", "Title"},
	"stage": {"阶段", "Stage"}, "kind": {"类型", "Kind"}, "deadline": {"截止时间", "Deadline"},
	"advance": {"晋级", "Advanced"}, "eliminate": {"淘汰", "Eliminated"}, "amount_fen": {"金额（分）", "Amount (fen)"},
	"tranche": {"拨付批次", "Tranche"}, "source": {"资金来源", "Source"}, "racer_id": {"参赛团队", "Racer"},
	"challenge_id": {"榜单", "Challenge"}, "bid_id": {"申报", "Bid"}, "org_id": {"单位", "Organisation"},
	"role": {"角色", "Role"}, "name": {"姓名", "Name"}, "email": {"邮箱", "E-mail"}, "disabled": {"已停用", "Disabled"},
	"verified": {"已核验", "Verified"}, "credit_status": {"信用状态", "Credit status"}, "until": {"截止日", "Until"},
	"rubric": {"评分细则", "Rubric"}, "experts_per_item": {"每项专家数", "Experts per item"},
	"aggregation": {"汇总方式", "Aggregation"}, "items": {"评审项数", "Items"}, "seed": {"随机种子", "Seed"},
	"assignments": {"评审任务数", "Assignments"}, "total": {"总分", "Total"}, "comment": {"意见", "Comment"},
	"version": {"版本", "Version"}, "slot": {"签署方", "Signing party"}, "digest": {"摘要（SHA-256）", "Digest (SHA-256)"},
	"change_id": {"变更申请", "Change request"}, "opinion": {"意见", "Opinion"}, "outcome": {"结论", "Outcome"},
	"winner_racer_ids": {"获胜团队", "Winners"}, "budget_fen": {"预算（分）", "Budget (fen)"},
	"cap_fen": {"资助上限（分）", "Funding cap (fen)"}, "late": {"逾期", "Late"}, "kpi_values": {"指标值", "KPI values"},
	"file": {"文件", "File"}, "filename": {"文件名", "File name"}, "expert_id": {"专家", "Expert"},
	"family": {"令牌族", "Token family"}, "year": {"年度", "Year"}, "field": {"行业领域", "Field"},
	"id": {"编号", "ID"}, "membership": {"成员状态", "Membership"}, "expert_fields": {"专业领域", "Expert fields"},
	"org_admin": {"单位管理员", "Organisation admin"}, "mode": {"模式", "Mode"}, "max_racers": {"赛马团队上限", "Most racers"},
	"duration": {"周期（月）", "Duration (months)"}, "gov_funding_fen": {"财政资助（分）", "Government funding (fen)"},
	"cofunding_fen": {"企业配套（分）", "Co-funding (fen)"}, "kpis": {"指标数", "KPIs"}, "stages": {"阶段数", "Stages"},
	"opens_on": {"征集开始", "Opens on"}, "closes_on": {"征集截止", "Closes on"}, "notes": {"说明", "Notes"},
	"rules": {"批次规则", "Call rules"}, "challenge_ids": {"榜单", "Challenges"},
	"bid_deadline": {"揭榜截止", "Bid deadline"}, "type": {"类型", "Type"}, "credit_code": {"统一社会信用代码", "Credit code"},
	"attachment_id": {"附件", "Attachment"}, "basis": {"依据", "Basis"}, "bid_ids": {"申报", "Bids"},
	"conflicts":       {"利益冲突", "Conflicts"},
	"disbursement_id": {"拨付记录", "Disbursement"}, "draft": {"草稿", "Draft"}, "draw": {"抽取结果", "Draw"},
	"duration_months": {"周期（月）", "Duration (months)"}, "ends_at": {"结束时间", "Ends at"},
	"fields": {"专业领域", "Fields"}, "item_id": {"评审项", "Review item"}, "joined_org": {"加入单位", "Joined organisation"},
	"kpi_results": {"指标结果", "KPI results"}, "lead_org_id": {"牵头单位", "Lead organisation"},
	"notice_days": {"公示天数（工作日）", "Notice (working days)"}, "notice_id": {"公示", "Notice"},
	"other_field": {"其他领域", "Other field"}, "paid_on": {"拨付日期", "Paid on"}, "pool_digest": {"专家库摘要", "Expert pool digest"},
	"pool_size": {"专家库人数", "Expert pool size"}, "reference": {"凭证号", "Reference"},
	"results_digest": {"结果摘要", "Results digest"}, "round_id": {"评审轮次", "Review round"}, "seq": {"序号", "Sequence"},
	"sha256": {"SHA-256", "SHA-256"}, "size": {"大小（字节）", "Size (bytes)"}, "submitted_at": {"提交时间", "Submitted at"},
	"summary": {"摘要", "Summary"}, "due_at": {"截止时间", "Due"}, "requirements": {"整改要求", "Requirements"}, "rectify": {"限期整改", "Rectification"},
	"tolerance": {"容错", "Tolerance"}, "weighted": {"加权", "Weighted"}, "double_blind": {"双盲评审", "Double-blind"},
	"correction_id": {"补正通知", "Correction"}, "defects": {"补正事项", "Defects"},
	"ground": {"终止事由", "Ground"}, "refund_due_fen": {"应退金额（分）", "Refund due (fen)"},
	"reverses_id": {"冲销的记录", "Reverses"}, "received_on": {"到账日期", "Received on"},
	"content": {"内容", "Content"}, "amendment_id": {"补充通知", "Amendment"}, "number": {"编号", "Number"},
	"deadline_from": {"原截止时间", "Deadline before"}, "deadline_to": {"新截止时间", "Deadline after"},
	"question_id": {"问题", "Question"}, "text": {"问题内容", "Question text"}, "answer": {"答复", "Answer"},
	"question_window_days": {"答疑截止（截止前天数）", "Questions close (days before deadline)"},
	"addendum_min_days":    {"补充通知后最少天数", "Minimum days after an amendment"},
}

// FieldLabel names a field of a before/after summary (the key itself when the catalogue has no name for it).
func FieldLabel(field string) Label {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	return Label{field, field}
}

func sortOptions(o []ActionOption) {
	sort.Slice(o, func(i, j int) bool {
		if o[i].Entity != o[j].Entity {
			return o[i].Entity < o[j].Entity
		}
		return o[i].Action < o[j].Action
	})
}
