package notify

var sampleRace = Params{"ChallengeID": 12, "Title": "高功率密度电机", "NoticeID": 3}

// Notice, objections and the race (公示、异议、赛马).
var (
	// RaceSelected tells the selected teams' organisations that their bid is on public notice.
	RaceSelected = define(Kind{NextZh: "查看公示", NextEn: "See the notice",
		Key: "race.selected", To: "the team users of the selected bids' lead organisations", Entity: entityNotice,
		TitleZh: "入围公示：{{.Title}}", TitleEn: "Selected, public notice: {{.Title}}",
		BodyZh: "您的揭榜申报已入围，正在公示。", BodyEn: "Your bid was selected; the public notice is running.",
		Link: noticeLink, Email: true, Sample: sampleRace})
	// RaceNotSelected tells the other bidding organisations they were not selected.
	RaceNotSelected = define(Kind{NextZh: "查看公示", NextEn: "See the notice",
		Key: "race.not_selected", To: "the team users of the lead organisations of the other submitted, not withdrawn bids",
		Entity: entityNotice, TitleZh: "未入围：{{.Title}}", TitleEn: "Not selected: {{.Title}}", Link: noticeLink, Email: true,
		Sample: sampleRace})
	// RaceNotice tells the posting organisation the selection is on public notice.
	RaceNotice = define(Kind{NextZh: "查看公示", NextEn: "See the notice",
		Key: "race.notice", To: "the posting organisation's enterprise users", Entity: entityNotice,
		TitleZh: "入围名单公示：{{.Title}}", TitleEn: "Public notice of the selection: {{.Title}}", Link: noticeLink, Email: true,
		Sample: sampleRace})
	// RaceObjection tells the bureau of an objection to a notice.
	RaceObjection = define(Kind{NextZh: "去处理异议", NextEn: "Answer the objection",
		Key: "race.objection", To: "the bureau", Entity: entityObjection,
		TitleZh: "《{{.Title}}》的公示收到异议", TitleEn: `An objection to the public notice of "{{.Title}}"`, BodyZh: "{{.Reason}}", BodyEn: "{{.Reason}}",
		Link: noticeLink, Email: true, Sample: with(sampleRace, "Reason", "入围单位存在关联关系")})
	// RaceObjectionAnswered tells the objector the bureau's answer.
	RaceObjectionAnswered = define(Kind{NextZh: "查看答复", NextEn: "Read the answer",
		Key: "race.objection_answered", To: "the objector", Entity: entityObjection,
		TitleZh: "您对《{{.Title}}》公示的异议已答复", TitleEn: `Your objection to the notice of "{{.Title}}" was answered`, BodyZh: "{{.Answer}}", BodyEn: "{{.Answer}}",
		Link: noticeLink, Email: true, Sample: with(sampleRace, "Answer", "经核查，异议不成立")})
	// RaceNoticeClosed tells the bureau a notice period ended, with the objections still open.
	RaceNoticeClosed = define(Kind{NextZh: "去立项", NextEn: "Start the project",
		Key: "race.notice_closed", To: "the bureau", Entity: entityNotice,
		TitleZh: "《{{.Title}}》公示期已结束", TitleEn: `The notice period of "{{.Title}}" has ended`,
		BodyZh: "尚有 {{.Open}} 条异议未处理。", BodyEn: "{{.Open}} objection(s) still open.", Link: noticeLink, Email: true,
		Sample: with(sampleRace, "Open", 0)})
	// RaceStarted tells the posting organisation and the racers that the project started (立项).
	RaceStarted = define(Kind{NextZh: "查看赛马看板", NextEn: "Open the race board",
		Key: "race.started", To: "the posting organisation's enterprise users and the racers' team users",
		Entity: entityChallenge, TitleZh: "项目已立项：{{.Title}}", TitleEn: "Project started: {{.Title}}",
		BodyZh: "任务书已生成，请按阶段提交报告。", BodyEn: "The task book is ready; report at each stage.",
		Link: raceLink, Email: true, Sample: sampleRace})
	// RaceReport tells the bureau and the posting organisation a racer reported on a stage.
	RaceReport = define(Kind{NextZh: "查看报告", NextEn: "See the report",
		Key: "race.report", To: "the bureau and the posting organisation's enterprise users", Entity: entityRacer,
		TitleZh: "{{.Title}}：{{.Org}} 提交了第 {{.Stage}} 阶段报告", TitleEn: "{{.Title}}: {{.Org}} reported on stage {{.Stage}}",
		Link: raceLink, Email: true, Sample: with(sampleRace, "Org", "某某大学", "Stage", 1)})
	// RaceReportDue reminds a racer's organisation that its stage report is due soon.
	RaceReportDue = define(Kind{NextZh: "去提交报告", NextEn: "Submit the report",
		Key: "race.report_due", To: "the racer's team users (team role, the racer's organisation)", Entity: entityRacer,
		TitleZh: "{{.Title}}：第 {{.Stage}} 阶段报告即将到期", TitleEn: "{{.Title}}: the stage {{.Stage}} report is due soon",
		BodyZh: "截止时间：{{.DueZh}}", BodyEn: "Due by {{.DueEn}}.", Link: raceLink, Email: true,
		Sample: with(sampleRace, "Stage", 1, "DueZh", "2026年11月7日 24:00", "DueEn", "24:00, 7 November 2026")})
	// RaceRectificationDue reminds a racer's organisation that its rectification report (整改报告) is due soon.
	RaceRectificationDue = define(Kind{NextZh: "去提交整改报告", NextEn: "Submit the rectification report",
		Key: "race.rectification_due", To: "the racer's team users (team role, the racer's organisation)", Entity: entityRacer,
		TitleZh: "{{.Title}}：限期整改报告即将到期", TitleEn: "{{.Title}}: the rectification report is due soon",
		BodyZh: "整改期限：{{.DueZh}}", BodyEn: "Due by {{.DueEn}}.", Link: raceLink, Email: true,
		Sample: with(sampleRace, "DueZh", "2027年3月7日 24:00", "DueEn", "24:00, 7 March 2027")})
	// RaceStageDecided tells the posting organisation and the racers still in the race of a stage's decision.
	RaceStageDecided = define(Kind{NextZh: "查看考核结论", NextEn: "See the decision",
		Key: "race.stage_decided", To: "the posting organisation's enterprise users and the team users of the racers advanced or racing",
		Entity: entityChallenge, TitleZh: "{{.Title}}：第 {{.Stage}} 阶段考核结论", TitleEn: "{{.Title}}: stage {{.Stage}} decided",
		Link: raceLink, Email: true, Sample: with(sampleRace, "Stage", 1)})
	// RaceRacerChanged tells a racer's organisation and the posting organisation that the racer was re-admitted
	// or merged.
	RaceRacerChanged = define(Kind{NextZh: "查看赛马看板", NextEn: "Open the race board",
		Key: "race.racer_changed", To: "the racer's team users and the posting organisation's enterprise users",
		Entity: entityRacer, TitleZh: "{{.Title}}：参赛团队状态变更", TitleEn: "{{.Title}}: a racer's status changed",
		BodyZh: "{{.Reason}}", BodyEn: "{{.Reason}}", Link: raceLink, Email: true, Sample: with(sampleRace, "Reason", "复活")})
	// RaceAcceptanceOpinion tells the bureau the enterprise recorded its acceptance opinion on a racer.
	RaceAcceptanceOpinion = define(Kind{NextZh: "去验收", NextEn: "Conclude the acceptance",
		Key: "race.acceptance_opinion", To: "the bureau", Entity: entityRacer,
		TitleZh: "{{.Title}}：企业已提交验收意见", TitleEn: "{{.Title}}: the enterprise recorded its acceptance opinion",
		Link: raceLink, Email: true, Sample: sampleRace})
	// RaceAcceptance tells the posting organisation and the racers the outcome of the acceptance (验收).
	RaceAcceptance = define(Kind{NextZh: "查看结果", NextEn: "See the results",
		Key: "race.acceptance", To: "the posting organisation's enterprise users and the racers' team users",
		Entity: entityChallenge, TitleZh: "{{.Title}}：{{if .Failed}}验收未通过{{else}}验收通过{{end}}",
		TitleEn: "{{.Title}}: {{if .Failed}}not accepted{{else}}accepted{{end}}", BodyZh: "{{.Opinion}}", BodyEn: "{{.Opinion}}",
		Link: "/results", Email: true, Sample: with(sampleRace, "Failed", false, "Opinion", "指标全部达成")})
)

var sampleFunding = Params{"ChallengeID": 12, "Title": "高功率密度电机", "TrancheZh": "启动资金", "Tranche": "startup",
	"SourceZh": "政府资金", "Source": "government", "Wan": "20.00"}

// Funding (资金).
var (
	// FundingDecided tells the racer's organisation of a funding decision.
	FundingDecided = define(Kind{NextZh: "查看资金", NextEn: "See the funding",
		Key: "funding.decided", To: "the racer's team users (team role, the racer's organisation)", Entity: entityFunding,
		TitleZh: "资助决定：{{.Title}}", TitleEn: "Funding decided: {{.Title}}",
		BodyZh: "{{.TrancheZh}}（{{.SourceZh}}）{{.Wan}} 万元", BodyEn: "{{.Tranche}} ({{.Source}}) {{.Wan}} × 10,000 yuan",
		Link: "/challenges/{{.ChallengeID}}/funding", Email: true, Sample: sampleFunding})
	// FundingReversed tells the racer's organisation a decision was reversed (冲销).
	FundingReversed = define(Kind{NextZh: "查看资金", NextEn: "See the funding",
		Key: "funding.reversed", To: "the racer's team users (team role, the racer's organisation)", Entity: entityFunding,
		TitleZh: "资助决定已冲销：{{.Title}}", TitleEn: "Funding decision reversed: {{.Title}}",
		BodyZh: "{{.TrancheZh}}（{{.SourceZh}}）{{.Wan}} 万元", BodyEn: "{{.Tranche}} ({{.Source}}) {{.Wan}} × 10,000 yuan",
		Link: "/challenges/{{.ChallengeID}}/funding", Email: true, Sample: sampleFunding})
	// FundingEnded tells the racer's team users that the bureau terminated (终止) or revoked (撤销) the racer and
	// what it must pay back.
	FundingEnded = define(Kind{NextZh: "查看应退款项", NextEn: "See the refund due",
		Key: "funding.ended", To: "the racer's team users (team role, the racer's organisation)", Entity: entityRacer,
		TitleZh: "{{.Title}}：项目已{{.KindZh}}", TitleEn: "{{.Title}}: the project was {{.KindEn}}",
		BodyZh: "{{.Reason}}。应退回政府资金 {{.Wan}} 万元。", BodyEn: "{{.Reason}}. Government funds to pay back: {{.Wan}} × 10,000 yuan.",
		Link: "/racers/{{.RacerID}}/funding", Email: true, Sample: sampleEnded})
	// FundingRefundReminder reminds the racer's team users, once, of a refund still due (退款提醒).
	FundingRefundReminder = define(Kind{NextZh: "退回资金", NextEn: "Pay the refund back",
		Key: "funding.refund_reminder", To: "the racer's team users (team role, the racer's organisation)", Entity: entityRacer,
		TitleZh: "{{.Title}}：请退回资金", TitleEn: "{{.Title}}: a refund is due",
		BodyZh: "尚有 {{.Wan}} 万元政府资金应于 {{.DueOn}} 前退回。", BodyEn: "{{.Wan}} × 10,000 yuan of government funds are to be paid back by {{.DueOn}}.",
		Link: "/racers/{{.RacerID}}/funding", Email: true, Sample: with(sampleEnded, "DueOn", "2026-12-31")})
)

var sampleEnded = Params{"ChallengeID": 12, "RacerID": 3, "Title": "高功率密度电机", "KindZh": "终止", "KindEn": "terminated",
	"Reason": "关键指标无法实现", "Wan": "12.50"}
