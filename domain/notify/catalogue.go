package notify

import "jiebang/domain"

// The catalogue of notifications (通知目录): every kind the platform sends, with its recipients, texts and link.
// The areas' reactions (each area's Register) send them on their events; scheduled reminders send them from
// their jobs.

// Entities the notifications concern (the audit log's names).
const (
	entityUser      = "user"
	entityChallenge = "challenge"
	entityBid       = "bid"
	entityRound     = "round"
	entityNotice    = "notice"
	entityObjection = "objection"
	entityRacer     = "racer"
	entityFunding   = "funding_decision"
	entityCalendar  = "calendar"
)

const (
	challengeLink = "/challenges/{{.ChallengeID}}"
	raceLink      = "/challenges/{{.ChallengeID}}/race"
	noticeLink    = "/notices/{{.NoticeID}}"
	bidLink       = "/bids/{{.BidID}}"
	// MembersLink is the SPA page where an organisation's administrator handles membership requests.
	MembersLink = "/org/members"
	// WorkbenchLink is the experts' review workbench.
	WorkbenchLink = "/review/workbench"
)

var sampleChallenge = Params{"ChallengeID": 12, "Title": "高功率密度电机", "Org": "某某电机有限公司", "Note": "指标需量化"}

func with(p Params, kv ...any) Params {
	out := Params{}
	for k, v := range p {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// Challenge flow (榜单).
var (
	// ChallengeSubmitted tells the bureau a challenge awaits validation.
	ChallengeSubmitted = define(Kind{NextZh: "去论证", NextEn: "Validate it",
		Key: "challenge.submitted", To: "the bureau", Entity: entityChallenge,
		TitleZh: "待论证：《{{.Title}}》已提交", TitleEn: `To validate: "{{.Title}}" was submitted`,
		BodyZh: "{{.Org}}", BodyEn: "{{.Org}}", Link: challengeLink, Email: true, Sample: sampleChallenge})
	// ChallengeReturned tells the posting organisation its challenge came back for revision.
	ChallengeReturned = define(Kind{NextZh: "修改榜单", NextEn: "Revise the challenge",
		Key: "challenge.returned", To: "the posting organisation's enterprise users", Entity: entityChallenge,
		TitleZh: "榜单《{{.Title}}》被退回修改", TitleEn: `Challenge "{{.Title}}" was returned for revision`,
		BodyZh: "论证意见：{{.Note}}", BodyEn: "Opinion: {{.Note}}", Link: challengeLink, Email: true, Sample: sampleChallenge})
	// ChallengeApproved tells the posting organisation its challenge passed validation.
	ChallengeApproved = define(Kind{NextZh: "查看榜单", NextEn: "Open the challenge",
		Key: "challenge.approved", To: "the posting organisation's enterprise users", Entity: entityChallenge,
		TitleZh: "榜单《{{.Title}}》已通过论证", TitleEn: `Challenge "{{.Title}}" was approved`,
		BodyZh: "{{.Note}}", BodyEn: "{{.Note}}", Link: challengeLink, Email: true, Sample: sampleChallenge})
	// ChallengeRejected tells the posting organisation its challenge failed validation.
	ChallengeRejected = define(Kind{NextZh: "查看论证意见", NextEn: "Read the opinion",
		Key: "challenge.rejected", To: "the posting organisation's enterprise users", Entity: entityChallenge,
		TitleZh: "榜单《{{.Title}}》未通过论证", TitleEn: `Challenge "{{.Title}}" was rejected`,
		BodyZh: "论证意见：{{.Note}}", BodyEn: "Opinion: {{.Note}}", Link: challengeLink, Email: true, Sample: sampleChallenge})
	// ChallengePublished tells the posting organisation its challenge is published, with the bid deadline.
	ChallengePublished = define(Kind{NextZh: "查看榜单", NextEn: "Open the challenge",
		Key: "challenge.published", To: "the posting organisation's enterprise users", Entity: entityChallenge,
		TitleZh: "榜单《{{.Title}}》已张榜", TitleEn: `Challenge "{{.Title}}" is published`,
		BodyZh: "{{with .DeadlineZh}}揭榜截止时间：{{.}}{{end}}", BodyEn: "{{with .DeadlineEn}}Bidding closes at {{.}}.{{end}}",
		Link: challengeLink, Email: true,
		Sample: with(sampleChallenge, "DeadlineZh", "2026年11月7日 24:00", "DeadlineEn", "24:00, 7 November 2026")})
	// BiddingClosedOwner tells the posting organisation bidding closed, with the count of bids.
	BiddingClosedOwner = define(Kind{Role: domain.RoleEnterprise, NextZh: "查看申报", NextEn: "See the bids",
		Key: "challenge.bidding_closed", To: "the posting organisation's enterprise users", Entity: entityChallenge,
		TitleZh: "榜单《{{.Title}}》揭榜已截止", TitleEn: `Bidding on "{{.Title}}" has closed`,
		BodyZh: "共收到 {{.Count}} 份申报", BodyEn: "{{.Count}} bids were submitted", Link: challengeLink, Email: true,
		Sample: with(sampleChallenge, "Count", 3)})
	// BiddingClosedBureau tells the bureau the eligibility check of a challenge's bids is due.
	BiddingClosedBureau = define(Kind{Role: domain.RoleBureau, NextZh: "去形式审查", NextEn: "Check eligibility",
		Key: "challenge.bidding_closed", To: "the bureau", Entity: entityChallenge,
		TitleZh: "待形式审查：《{{.Title}}》揭榜已截止", TitleEn: `Eligibility check due: bidding on "{{.Title}}" has closed`,
		BodyZh: "共 {{.Count}} 份申报待审查", BodyEn: "{{.Count}} bids await the check", Link: challengeLink, Email: true,
		Sample: with(sampleChallenge, "Count", 3)})
	// BiddingClosedTeam tells each bidding team that bidding closed.
	BiddingClosedTeam = define(Kind{Role: domain.RoleTeam, NextZh: "查看榜单", NextEn: "Open the challenge",
		Key: "challenge.bidding_closed", To: "the creator of each submitted, not withdrawn bid",
		Entity: entityChallenge, TitleZh: "您申报的榜单《{{.Title}}》揭榜已截止", TitleEn: `Bidding on "{{.Title}}", which you bid on, has closed`,
		BodyZh: "进入形式审查", BodyEn: "The eligibility check follows", Link: challengeLink, Email: true, Sample: sampleChallenge})
)

// Bids (揭榜申报).
var (
	// BidEligible tells the bid's creator it passed the eligibility check.
	BidEligible = define(Kind{NextZh: "查看申报", NextEn: "Open the bid",
		Key: "bid.eligible", To: "the bid's creator", Entity: entityBid,
		TitleZh: "您对《{{.Title}}》的申报通过形式审查", TitleEn: `Your bid on "{{.Title}}" passed the eligibility check`,
		BodyZh: "请留意揭榜评审的安排。", BodyEn: "The bid review follows.", Link: bidLink, Email: true,
		Sample: Params{"BidID": 7, "Title": "高功率密度电机"}})
	// BidIneligible tells the bid's creator it failed the eligibility check, and why.
	BidIneligible = define(Kind{NextZh: "查看理由", NextEn: "Read the reason",
		Key: "bid.ineligible", To: "the bid's creator", Entity: entityBid,
		TitleZh: "您对《{{.Title}}》的申报未通过形式审查", TitleEn: `Your bid on "{{.Title}}" did not pass the eligibility check`,
		BodyZh: "{{with .Note}}理由：{{.}}{{end}}", BodyEn: "{{with .Note}}Reason: {{.}}{{end}}", Link: bidLink, Email: true,
		Sample: Params{"BidID": 7, "Title": "高功率密度电机", "Note": "缺少合作协议"}})
	// BidCorrectionRequested tells the bid's team the bureau asks for a correction (补正通知): the defects and the
	// due date.
	BidCorrectionRequested = define(Kind{NextZh: "补正并重新提交", NextEn: "Correct and resubmit",
		Key: "bid.correction_requested", To: "the team users of the bid's lead organisation", Entity: entityBid,
		TitleZh: "《{{.Title}}》的申报需要补正，期限{{.DueZh}}", TitleEn: `Your bid on "{{.Title}}" needs correction by {{.DueEn}}`,
		BodyZh: "科技局形式审查发现以下问题，请在{{.DueZh}}前只修改所列内容并重新提交，逾期未补正的申报将视为形式审查不合格：\n{{.DefectsZh}}",
		BodyEn: "The bureau's eligibility check found the defects below; change only these and resubmit by {{.DueEn}}, " +
			"or the bid will be found ineligible:\n{{.DefectsEn}}",
		Link: bidLink, Email: true,
		Sample: Params{"BidID": 7, "Title": "高功率密度电机", "DueZh": "2026年12月14日 24:00", "DueEn": "24:00, 14 December 2026",
			"DefectsZh": "1. 预算：缺少设备费明细", "DefectsEn": "1. budget: the equipment line has no breakdown"}})
	// BidCorrectionDueSoon reminds the bid's team, once, a day before a correction is due.
	BidCorrectionDueSoon = define(Kind{NextZh: "补正并重新提交", NextEn: "Correct and resubmit",
		Key: "bid.correction_due_soon", To: "the team users of the bid's lead organisation", Entity: entityBid,
		TitleZh: "补正即将到期：《{{.Title}}》，期限{{.DueZh}}", TitleEn: `Correction due soon: "{{.Title}}", by {{.DueEn}}`,
		BodyZh: "您的申报尚未补正并重新提交；逾期未补正将视为形式审查不合格。",
		BodyEn: "Your bid has not been corrected and resubmitted yet; if it is not by the due date it will be found ineligible.",
		Link:   bidLink, Email: true,
		Sample: Params{"BidID": 7, "Title": "高功率密度电机", "DueZh": "2026年12月14日 24:00", "DueEn": "24:00, 14 December 2026"}})
	// BidNotCorrected tells the bid's team the correction lapsed and the bid is ineligible (not_corrected).
	BidNotCorrected = define(Kind{NextZh: "查看申报", NextEn: "Open the bid",
		Key: "bid.not_corrected", To: "the team users of the bid's lead organisation", Entity: entityBid,
		TitleZh: "《{{.Title}}》的申报逾期未补正，形式审查不合格", TitleEn: `Your bid on "{{.Title}}" was not corrected in time and is ineligible`,
		BodyZh: "补正期限{{.DueZh}}已过，申报未重新提交。", BodyEn: "The correction was due by {{.DueEn}} and the bid was not resubmitted.",
		Link: bidLink, Email: true,
		Sample: Params{"BidID": 7, "Title": "高功率密度电机", "DueZh": "2026年12月14日 24:00", "DueEn": "24:00, 14 December 2026"}})
	// BidCancelled tells the lead organisation its bid ended because the challenge was cancelled (撤榜).
	BidCancelled = define(Kind{NextZh: "查看申报", NextEn: "Open the bid",
		Key: "bid.cancel", To: "the team users of the bid's lead organisation", Entity: entityBid,
		TitleZh: "榜单「{{.Title}}」已撤榜，本单位的揭榜申报已终止",
		TitleEn: `The challenge "{{.Title}}" was cancelled; your organisation's bid has ended`,
		BodyZh:  "科技局撤榜理由：{{.Note}}。该申报不再计入限项，挂帅人可以揭其他榜单。",
		BodyEn: "The bureau's reason for cancelling: {{.Note}}. The bid no longer counts towards the limits; " +
			"its principal investigator may bid on other challenges.",
		Link: bidLink, Email: true, Sample: Params{"BidID": 7, "Title": "高功率密度电机", "Note": "企业主动撤回"}})
	// BidDeadlineNear reminds a bid's creator, 3 days and 1 day before the deadline, of a draft or of changes
	// not yet submitted.
	BidDeadlineNear = define(Kind{NextZh: "继续填写并提交", NextEn: "Finish and submit",
		Key: "bid.deadline_near", To: "the bid's creator", Entity: entityBid,
		TitleZh: "揭榜截止还有 {{.Days}} 天：《{{.Title}}》", TitleEn: `{{.Days}} day(s) to the bid deadline: "{{.Title}}"`,
		BodyZh: "{{if .Submitted}}您的申报有尚未提交的修改，请在截止时间{{.DeadlineZh}}前重新提交，否则以已提交的版本为准。" +
			"{{else}}您的申报仍是草稿，尚未提交；请在{{.DeadlineZh}}前提交。{{end}}",
		BodyEn: "{{if .Submitted}}Your bid has changes not yet submitted; submit again by {{.DeadlineEn}}, or the submitted version stands." +
			"{{else}}Your bid is still an unsubmitted draft; submit it by {{.DeadlineEn}}.{{end}}",
		Link: bidLink + "/edit", Email: true,
		Sample: Params{"BidID": 7, "Days": "3", "Title": "高功率密度电机", "Submitted": false,
			"DeadlineZh": "2026年11月7日 24:00", "DeadlineEn": "24:00, 7 November 2026"}})
)

var sampleMember = Params{"User": "张三", "Email": "zhang@example.com", "Org": "某某电机有限公司", "Reason": "已核实"}

// Membership (单位成员).
var (
	// MembershipRequested tells the organisation's administrator (the bureau when it has none) that a user
	// asks to join.
	MembershipRequested = define(Kind{NextZh: "去审核", NextEn: "Review the request",
		Key: "membership.requested", To: "the organisation's administrator, else the bureau",
		Entity: entityUser, TitleZh: "{{.User}} 申请加入{{.Org}}", TitleEn: "{{.User}} asks to join {{.Org}}",
		BodyZh: "请在“单位成员”页面审核（{{.Email}}）", BodyEn: "Review the request on the organisation members page ({{.Email}})",
		Link: MembersLink, Email: true, Sample: sampleMember})
	// MembershipApproved tells the user it joined the organisation.
	MembershipApproved = define(Kind{NextZh: "进入工作台", NextEn: "Go to the workbench",
		Key: "membership.approved", To: "the user", Entity: entityUser,
		TitleZh: "您已成为{{.Org}}的成员", TitleEn: "You are now a member of {{.Org}}",
		BodyZh: "{{.Reason}}", BodyEn: "{{.Reason}}", Link: "/", Email: true, Sample: sampleMember})
	// MembershipRejected tells the user its request to join was declined.
	MembershipRejected = define(Kind{NextZh: "返回首页", NextEn: "Go to the home page",
		Key: "membership.rejected", To: "the user", Entity: entityUser,
		TitleZh: "{{.Org}}未通过您的加入申请", TitleEn: "{{.Org}} declined your request to join",
		BodyZh: "{{.Reason}}", BodyEn: "{{.Reason}}", Link: "/", Email: true, Sample: sampleMember})
	// MembershipRemoved tells the user it is no longer a member.
	MembershipRemoved = define(Kind{NextZh: "返回首页", NextEn: "Go to the home page",
		Key: "membership.removed", To: "the user", Entity: entityUser,
		TitleZh: "您已不再是{{.Org}}的成员", TitleEn: "You are no longer a member of {{.Org}}",
		BodyZh: "{{.Reason}}", BodyEn: "{{.Reason}}", Link: "/", Email: true, Sample: sampleMember})
	// MembershipOrgAdmin tells the user it became the organisation's administrator.
	MembershipOrgAdmin = define(Kind{NextZh: "管理成员", NextEn: "Manage members",
		Key: "membership.org_admin", To: "the user", Entity: entityUser,
		TitleZh: "您已成为{{.Org}}的单位管理员", TitleEn: "You are now the administrator of {{.Org}}",
		BodyZh: "{{.Reason}}", BodyEn: "{{.Reason}}", Link: MembersLink, Email: true, Sample: sampleMember})
)

// Review (评审).
var (
	// ReviewAssigned tells experts of new assignments in a round.
	ReviewAssigned = define(Kind{NextZh: "去评分", NextEn: "Score now",
		Key: "review.assigned", To: "the experts newly assigned", Entity: entityRound,
		TitleZh: "新的评审任务：{{.Title}}{{with .RoundZh}}（{{.}}）{{end}}", TitleEn: "New review assignment: {{.Title}}{{with .RoundEn}} ({{.}}){{end}}",
		BodyZh: "请在{{.DeadlineZh}}前完成评分，如有利益冲突请申请回避。",
		BodyEn: "Please score by {{.DeadlineEn}}; recuse yourself if you have a conflict of interest.",
		Link:   WorkbenchLink, Email: true,
		Sample: Params{"Title": "高功率密度电机", "RoundZh": "第 1 阶段考核", "RoundEn": "stage 1 review",
			"DeadlineZh": "2026年11月7日 24:00", "DeadlineEn": "24:00, 7 November 2026"}})
	// ReviewReminder reminds an expert of scores still to submit before a round's deadline.
	ReviewReminder = define(Kind{NextZh: "去评分", NextEn: "Score now",
		Key: "review.reminder", To: "the experts with unscored assignments", Entity: entityRound,
		TitleZh: "评审提醒：{{.Title}}{{with .RoundZh}}（{{.}}）{{end}}", TitleEn: "Review reminder: {{.Title}}{{with .RoundEn}} ({{.}}){{end}}",
		BodyZh: "您有尚未提交的评分，截止时间{{.DeadlineZh}}。", BodyEn: "You have scores to submit by {{.DeadlineEn}}.",
		Link: WorkbenchLink, Email: true,
		Sample: Params{"Title": "高功率密度电机", "RoundZh": "", "RoundEn": "", "DeadlineZh": "2026年11月7日 24:00", "DeadlineEn": "24:00, 7 November 2026"}})
)

// CalendarNextYearMissing tells the bureau, from 1 November, that next year's working-day calendar is missing.
var CalendarNextYearMissing = define(Kind{NextZh: "录入工作日历", NextEn: "Enter the calendar",
	Key: "calendar.next_year_missing", To: "the bureau", Entity: entityCalendar,
	TitleZh: "{{.Year}} 年工作日历尚未录入", TitleEn: "The {{.Year}} working-day calendar is not entered yet",
	BodyZh: "国务院公布 {{.Year}} 年节假日安排后，请在“工作日历”中录入放假和调休上班日期。录入之前，{{.Year}} 年的工作日只按法定节假日暂定计算（不含调休），" +
		"跨入 {{.Year}} 年的公示期等日期均标注为暂定；录入后，尚未届满的公示期将按新日历重新计算。",
	BodyEn: "Once the State Council announces the {{.Year}} holiday arrangement, please enter its days off and make-up " +
		"working days under Working-day calendar. Until then, {{.Year}} counts the statutory public holidays only (no 调休), and " +
		"periods that reach into {{.Year}}, such as public notices, are marked provisional; when the calendar is entered, " +
		"notices still running are recomputed on it.",
	Link: "/calendar", Email: true, Sample: Params{"Year": 2027}})
