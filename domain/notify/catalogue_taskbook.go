package notify

var sampleTaskbook = with(sampleRace, "RacerID", 7, "Version", 2, "Org", "某某大学")

// Task books (任务书).
var (
	// TaskbookTurn tells the next signer of a task book version that it is their turn: the PI when a version is
	// made, then each signer as the one before signs (签署顺序: PI, lead, partners, owner, bureau).
	TaskbookTurn = define(Kind{NextZh: "去签署任务书", NextEn: "Sign the task book",
		Key: "taskbook.turn", To: "the next signer: the user the slot names (the PI, an organisation's administrator), else the users of the slot's role in its organisation, else the bureau",
		Entity: entityRacer, TitleZh: "{{.Title}}：任务书第 {{.Version}} 版待您签署", TitleEn: "{{.Title}}: task book v{{.Version}} awaits your signature",
		BodyZh: "承担单位：{{.Org}}。请核对任务书内容后签署。", BodyEn: "Racer: {{.Org}}. Check the task book, then sign it.",
		Link: "/racers/{{.RacerID}}/taskbook", Email: true, Sample: sampleTaskbook})
)
