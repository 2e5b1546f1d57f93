package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/calendar"
)

// The audit register (审计台账): the audit trail as officers and the administrator read it, filtered by person,
// organisation, challenge, kind of event and China dates, session noise hidden unless asked for, each event
// named in Chinese and English, its changes as "field: before → after" and what it concerns; exported to Excel.

func (a *API) registerAuditRegisterRoutes() {
	readers := []domain.Role{domain.RoleBureau, domain.RoleAdmin}
	a.handle(op{Method: http.MethodGet, Path: "/audit/register", Summary: "The audit register: entries newest first, filtered, each named and with its changes and what it concerns",
		Tag: "audit", Roles: readers, Query: registerQuery{}, Resp: listResp[registerEntryDTO]{}}, a.auditRegister)
	a.handle(op{Method: http.MethodGet, Path: "/audit/register.xlsx", Summary: "The filtered audit register as an Excel workbook (at most 50 000 entries, newest first)",
		Tag: "audit", Roles: readers, Query: registerQuery{},
		RespContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, a.auditRegisterXLSX)
	a.handle(op{Method: http.MethodGet, Path: "/audit/actions", Summary: "The catalogue of audit events: each entity's actions with their Chinese and English names",
		Tag: "audit", Roles: readers, Resp: auditActionsResp{}}, a.auditActions)
	a.handle(op{Method: http.MethodGet, Path: "/audit/people", Summary: "Accounts whose name or e-mail contains q (at most 20), for the register's person filter",
		Tag: "audit", Roles: readers, Query: peopleQuery{}, Resp: []personDTO{}}, a.auditPeople)
}

type peopleQuery struct {
	Q string `query:"q" required:"true" description:"part of a name or an e-mail (1 to 100 characters)"`
}

// personDTO is an account as the register's person filter offers it.
type personDTO struct {
	ID      int64  `json:"id" required:"true"`
	Name    string `json:"name" required:"true"`
	Email   string `json:"email" required:"true"`
	Role    string `json:"role" required:"true" enum:"enterprise,team,expert,bureau,admin"`
	OrgName string `json:"org_name" required:"true" description:"the user's organisation; empty for the bureau, the administrator and experts without one"`
}

func (a *API) auditPeople(c *gin.Context) {
	us, err := a.d.Accounts.FindPeople(c.Request.Context(), actor(c), c.Query("q"))
	if err != nil {
		fail(c, err)
		return
	}
	out := make([]personDTO, 0, len(us))
	for _, u := range us {
		p := personDTO{ID: u.ID, Name: u.Name, Email: u.Email, Role: string(u.Role)}
		if u.Org != nil {
			p.OrgName = u.Org.Name
		}
		out = append(out, p)
	}
	c.JSON(http.StatusOK, out)
}

type registerQuery struct {
	pageQueryDoc
	PersonID    int64  `query:"person_id" description:"entries the user made or that concern the user's account"`
	OrgID       int64  `query:"org_id" description:"entries made by the organisation's users or concerning it, its users, challenges, bids or racers"`
	ChallengeID int64  `query:"challenge_id" description:"entries concerning the challenge or anything of it (bids, rounds, assignments, notices, objections, racers, funding decisions)"`
	Entity      string `query:"entity" description:"user, org, challenge, bid, round, assignment, notice, objection, racer, funding_decision, setting, calendar"`
	EntityID    int64  `query:"entity_id"`
	Action      string `query:"action" description:"kinds of event, comma separated: entity.action (bid.submit) or a bare action (submit, on any entity)"`
	From        string `query:"from" description:"first China date included, YYYY-MM-DD"`
	To          string `query:"to" description:"last China date included, YYYY-MM-DD"`
	Session     bool   `query:"session" description:"true: include sign-ins, sign-outs and token refreshes (hidden by default)"`
}

type labelDTO struct {
	Zh string `json:"zh" required:"true"`
	En string `json:"en" required:"true"`
}

type changeDTO struct {
	Field      string   `json:"field" required:"true" description:"the summary's key; empty for a summary that is not an object"`
	FieldLabel labelDTO `json:"field_label" required:"true"`
	Before     string   `json:"before" required:"true"`
	After      string   `json:"after" required:"true"`
}

type registerEntryDTO struct {
	auditEntryDTO
	ActionLabel    labelDTO    `json:"action_label" required:"true"`
	EntityLabel    labelDTO    `json:"entity_label" required:"true"`
	Changes        []changeDTO `json:"changes" required:"true" description:"the fields that changed, field: before → after"`
	Redacted       bool        `json:"redacted" required:"true" description:"the change's contents are the bureau's (the administrator sees who and when)"`
	ChallengeID    int64       `json:"challenge_id,omitempty"`
	ChallengeTitle string      `json:"challenge_title,omitempty"`
	OrgID          int64       `json:"org_id,omitempty"`
	OrgName        string      `json:"org_name,omitempty"`
	SubjectName    string      `json:"subject_name,omitempty" description:"the user's or organisation's name of an account entry"`
}

type actionOptionDTO struct {
	Entity      string   `json:"entity" required:"true"`
	Action      string   `json:"action" required:"true"`
	Key         string   `json:"key" required:"true" description:"entity.action, as the register's action filter takes it"`
	Label       labelDTO `json:"label" required:"true"`
	EntityLabel labelDTO `json:"entity_label" required:"true"`
	Session     bool     `json:"session" required:"true" description:"session noise, hidden unless session=true"`
}

type auditActionsResp struct {
	Items []actionOptionDTO `json:"items" required:"true"`
}

func toLabelDTO(l audit.Label) labelDTO { return labelDTO(l) }

func isSession(entity, action string) bool {
	if entity != audit.EntityUser {
		return false
	}
	for _, s := range audit.SessionActions {
		if s == action {
			return true
		}
	}
	return false
}

func toRegisterEntryDTO(e audit.RegisterEntry) registerEntryDTO {
	out := registerEntryDTO{auditEntryDTO: toAuditEntryDTO(e.Entry), ActionLabel: toLabelDTO(audit.ActionLabel(e.Entity, e.Action)),
		EntityLabel: toLabelDTO(audit.EntityLabel(e.Entity)), Changes: []changeDTO{}, Redacted: e.Redacted,
		ChallengeID: e.ChallengeID, ChallengeTitle: e.ChallengeTitle, OrgID: e.OrgID, OrgName: e.OrgName, SubjectName: e.SubjectName}
	for _, c := range audit.Changes(e.Before, e.After) {
		out.Changes = append(out.Changes, changeDTO{Field: c.Field, FieldLabel: toLabelDTO(audit.FieldLabel(c.Field)), Before: c.Before, After: c.After})
	}
	return out
}

var registerEntities = map[string]bool{"setting": true, "calendar": true}

// registerFilter reads the register's query; a bad one is answered 400 invalid_query.
func registerFilter(c *gin.Context) (audit.RegisterFilter, bool) {
	var f audit.RegisterFilter
	f.Entity = c.Query("entity")
	if f.Entity != "" && !auditEntities[f.Entity] && !registerEntities[f.Entity] {
		fail(c, badRequest("invalid_query", "未知的 entity："+f.Entity, "unknown entity: "+f.Entity))
		return f, false
	}
	for name, dst := range map[string]*int64{"entity_id": &f.EntityID, "person_id": &f.PersonID, "org_id": &f.OrgID, "challenge_id": &f.ChallengeID} {
		n, ok := queryInt(c, name, 0)
		if !ok {
			return f, false
		}
		if n < 0 {
			fail(c, badRequest("invalid_query", "查询参数 "+name+" 不能为负数", "query parameter "+name+" must not be negative"))
			return f, false
		}
		*dst = int64(n)
	}
	for _, part := range strings.Split(c.Query("action"), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if len(part) > 80 || len(f.Actions) >= 50 {
			fail(c, badRequest("invalid_query", "action 过长或过多", "action is too long or lists too many kinds"))
			return f, false
		}
		entity, action, ok := strings.Cut(part, ".")
		if !ok {
			entity, action = "", part
		}
		f.Actions = append(f.Actions, audit.ActionKey{Entity: entity, Action: action})
	}
	for name, dst := range map[string]**time.Time{"from": &f.From, "to": &f.To} {
		s := c.Query(name)
		if s == "" {
			continue
		}
		d, err := time.ParseInLocation(time.DateOnly, s, calendar.China)
		if err != nil {
			fail(c, badRequest("invalid_query", "查询参数 "+name+" 应为日期 YYYY-MM-DD", "query parameter "+name+" must be a date, YYYY-MM-DD"))
			return f, false
		}
		if name == "to" {
			d = d.AddDate(0, 0, 1) // the last day is included: up to its end
		}
		*dst = &d
	}
	if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
		fail(c, badRequest("invalid_query", "起始日期不能晚于结束日期", "from must not be after to"))
		return f, false
	}
	if s := c.Query("session"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			fail(c, badRequest("invalid_query", "查询参数 session 应为 true 或 false", "query parameter session must be true or false"))
			return f, false
		}
		f.WithSession = b
	}
	return f, true
}

func (a *API) auditRegister(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	f, ok := registerFilter(c)
	if !ok {
		return
	}
	l, err := a.d.AuditRegister.List(c.Request.Context(), actor(c), f, p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toList(l, toRegisterEntryDTO))
}

func (a *API) auditActions(c *gin.Context) {
	out := auditActionsResp{Items: []actionOptionDTO{}}
	for _, o := range audit.Catalogue() {
		out.Items = append(out.Items, actionOptionDTO{Entity: o.Entity, Action: o.Action, Key: o.Entity + "." + o.Action,
			Label: toLabelDTO(o.Label), EntityLabel: toLabelDTO(audit.EntityLabel(o.Entity)), Session: isSession(o.Entity, o.Action)})
	}
	c.JSON(http.StatusOK, out)
}

// registerColumns are the workbook's columns.
var registerColumns = []struct {
	title string
	width float64
}{{"序号", 10}, {"时间（北京时间）", 20}, {"操作人", 16}, {"角色", 10}, {"事件", 22}, {"对象", 14}, {"对象编号", 10},
	{"榜单", 30}, {"单位", 24}, {"变更", 60}, {"请求编号", 20}}

func (a *API) auditRegisterXLSX(c *gin.Context) {
	f, ok := registerFilter(c)
	if !ok {
		return
	}
	book := excelize.NewFile()
	defer func() { _ = book.Close() }()
	const sheet = "审计台账"
	widths := make([]float64, len(registerColumns))
	for i, col := range registerColumns {
		widths[i] = col.width
	}
	w, err := newSheet(book, sheet, true, 0, widths...)
	if err != nil {
		fail(c, err)
		return
	}
	head := make([]any, len(registerColumns))
	for i, col := range registerColumns {
		head[i] = col.title
	}
	if err := w.put(head...); err != nil {
		fail(c, err)
		return
	}
	n := 0
	more, err := a.d.AuditRegister.Export(c.Request.Context(), actor(c), f, func(e audit.RegisterEntry) error {
		n++
		return w.put(e.ID, e.At.In(calendar.China).Format("2006-01-02 15:04:05"), text(e.ActorName), roleZh(e.ActorRole),
			text(audit.ActionLabel(e.Entity, e.Action).Zh), audit.EntityLabel(e.Entity).Zh, e.EntityID,
			text(e.ChallengeTitle), text(orSubject(e)), text(changesText(e)), text(e.RequestID))
	})
	if err != nil {
		fail(c, err)
		return
	}
	if more {
		if err := w.put(nil, nil, nil, nil, text(fmt.Sprintf("仅导出最新的 %d 条；请缩小筛选范围导出其余记录", n))); err != nil {
			fail(c, err)
			return
		}
	}
	if err := w.sw.Flush(); err != nil {
		fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="audit-register.xlsx"`)
	c.Header("Cache-Control", "private, no-store")
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Status(http.StatusOK)
	_ = book.Write(c.Writer)
}

func orSubject(e audit.RegisterEntry) string {
	if e.OrgName != "" {
		return e.OrgName
	}
	return e.SubjectName
}

// changesText is an entry's changes for the workbook, one "field: before → after" a line.
func changesText(e audit.RegisterEntry) string {
	if e.Redacted {
		return "（内容仅科技局可见）"
	}
	var lines []string
	for _, ch := range audit.Changes(e.Before, e.After) {
		line := ""
		if ch.Field != "" {
			line = audit.FieldLabel(ch.Field).Zh + "："
		}
		switch {
		case ch.Before == "":
			line += ch.After
		case ch.After == "":
			line += ch.Before + " → （无）"
		default:
			line += ch.Before + " → " + ch.After
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

var rolesZh = map[string]string{"enterprise": "企业", "team": "团队", "expert": "专家", "bureau": "科技局", "admin": "管理员", "system": "系统"}

func roleZh(r string) string {
	if z, ok := rolesZh[r]; ok {
		return z
	}
	return r
}
