package notify

// Questions and answers (答疑) and amendments (补充通知). No kind names who asked a question: the asker's own
// notices go to the asker only, every other reader is told the question's text at most.

var sampleQuestion = with(sampleChallenge, "Text", "峰值功率的测试工况是什么？", "Label", "答疑1", "Reason", "与榜单无关")

const qaLink = "/challenges/{{.ChallengeID}}?tab=qa"

// Questions and answers.
var (
	// QuestionAsked tells the bureau a question arrived (to watch over; the owner answers it).
	QuestionAsked = define(Kind{NextZh: "查看答疑", NextEn: "Open the questions",
		Key: "question.asked", To: "the bureau", Entity: entityChallenge,
		TitleZh: "《{{.Title}}》收到新的提问", TitleEn: `A new question on "{{.Title}}"`,
		BodyZh: "{{.Text}}", BodyEn: "{{.Text}}", Link: qaLink, Sample: sampleQuestion})
	// QuestionToAnswer asks the posting organisation to answer a question (without who asked).
	QuestionToAnswer = define(Kind{NextZh: "去答复", NextEn: "Answer it",
		Key: "question.to_answer", To: "the posting organisation's enterprise users", Entity: entityChallenge,
		TitleZh: "待答复：《{{.Title}}》收到提问", TitleEn: `To answer: a question on "{{.Title}}"`,
		BodyZh: "{{.Text}}", BodyEn: "{{.Text}}", Link: qaLink, Email: true, Sample: sampleQuestion})
	// AnswerToPublish tells the bureau an answer awaits publication.
	AnswerToPublish = define(Kind{NextZh: "去发布", NextEn: "Publish it",
		Key: "question.to_publish", To: "the bureau", Entity: entityChallenge,
		TitleZh: "待发布：《{{.Title}}》的问题已答复", TitleEn: `To publish: a question on "{{.Title}}" was answered`,
		BodyZh: "{{.Text}}", BodyEn: "{{.Text}}", Link: qaLink, Email: true, Sample: sampleQuestion})
	// QuestionAnsweredAsker tells the asker the owner answered (the bureau publishes it next).
	QuestionAnsweredAsker = define(Kind{NextZh: "查看我的提问", NextEn: "See my questions",
		Key: "question.answered", To: "the asker", Entity: entityChallenge,
		TitleZh: "您在《{{.Title}}》的提问已答复，待科技局发布", TitleEn: `Your question on "{{.Title}}" was answered; the bureau publishes it next`,
		BodyZh: "{{.Text}}", BodyEn: "{{.Text}}", Link: qaLink, Sample: sampleQuestion})
	// QuestionPublishedAsker tells the asker its question was published, with its number.
	QuestionPublishedAsker = define(Kind{NextZh: "查看答疑", NextEn: "Read the answer",
		Key: "question.published", To: "the asker", Entity: entityChallenge,
		TitleZh: "您在《{{.Title}}》的提问已作为{{.Label}}发布", TitleEn: `Your question on "{{.Title}}" was published as {{.Label}}`,
		BodyZh: "{{.Text}}", BodyEn: "{{.Text}}", Link: qaLink, Email: true, Sample: sampleQuestion})
	// QuestionDeclinedAsker tells the asker its question was declined, with the reason.
	QuestionDeclinedAsker = define(Kind{NextZh: "查看我的提问", NextEn: "See my questions",
		Key: "question.declined", To: "the asker", Entity: entityChallenge,
		TitleZh: "您在《{{.Title}}》的提问不予答复", TitleEn: `Your question on "{{.Title}}" was declined`,
		BodyZh: "理由：{{.Reason}}", BodyEn: "Reason: {{.Reason}}", Link: qaLink, Email: true, Sample: sampleQuestion})
	// AnswerPublished tells the followers, the teams holding a bid and the owner of a published answer.
	AnswerPublished = define(Kind{NextZh: "查看答疑", NextEn: "Read the answer",
		Key: "question.answer_published", To: "the followers, the teams holding a bid and the owner", Entity: entityChallenge,
		TitleZh: "《{{.Title}}》发布了{{.Label}}", TitleEn: `{{.Label}} published on "{{.Title}}"`,
		BodyZh: "{{.Text}}", BodyEn: "{{.Text}}", Link: qaLink, Email: true, Sample: sampleQuestion})
)

var sampleAmendment = with(sampleChallenge, "Number", 1, "MovedZh", "2026年11月14日 24:00", "MovedEn", "24:00, 14 November 2026")

// Amendments.
var (
	// AmendmentToConfirm asks the teams of submitted bids to confirm they have read an amendment.
	AmendmentToConfirm = define(Kind{NextZh: "确认已阅", NextEn: "Confirm you read it",
		Key: "amendment.to_confirm", To: "the teams of submitted bids", Entity: entityChallenge,
		TitleZh: "《{{.Title}}》发布补充通知{{.Number}}，请确认已阅", TitleEn: `Amendment {{.Number}} to "{{.Title}}": please confirm you have read it`,
		BodyZh: "{{with .MovedZh}}揭榜截止时间顺延至{{.}}。{{end}}如需修改申报，请在截止前重新提交。",
		BodyEn: "{{with .MovedEn}}The bidding deadline moves to {{.}}. {{end}}Resubmit your bid before the deadline if it needs changes.",
		Link:   qaLink, Email: true, Sample: sampleAmendment})
	// AmendmentPublished tells the followers and the owner of an amendment.
	AmendmentPublished = define(Kind{NextZh: "查看补充通知", NextEn: "Read the amendment",
		Key: "amendment.published", To: "the followers and the owner", Entity: entityChallenge,
		TitleZh: "《{{.Title}}》发布补充通知{{.Number}}", TitleEn: `Amendment {{.Number}} to "{{.Title}}"`,
		BodyZh: "{{with .MovedZh}}揭榜截止时间顺延至{{.}}。{{else}}请查看补充通知。{{end}}",
		BodyEn: "{{with .MovedEn}}The bidding deadline moves to {{.}}.{{else}}Please read the amendment.{{end}}",
		Link:   qaLink, Email: true, Sample: sampleAmendment})
)
