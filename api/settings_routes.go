package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/settings"
)

func (a *API) registerSettingsRoutes() {
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodGet, Path: "/meta/fields", Summary: "Industry fields (产业领域) with Chinese and English names, retired ones flagged",
		Tag: "meta", Resp: fieldsResp{}}, a.listFields)
	a.handle(op{Method: http.MethodPost, Path: "/settings/fields", Summary: "Add an industry field (bureau)",
		Tag: "settings", Roles: bureau, Req: fieldCreateReq{}, Resp: fieldDTO{}, Status: http.StatusCreated,
		Errors: []int{http.StatusConflict}}, a.addField)
	a.handle(op{Method: http.MethodPatch, Path: "/settings/fields/{code}", Summary: "Rename, retire or restore an industry field (bureau)",
		Tag: "settings", Roles: bureau, Req: fieldPatchReq{}, Resp: fieldDTO{}}, a.updateField)
	a.handle(op{Method: http.MethodDelete, Path: "/settings/fields/{code}", Summary: "Remove an industry field nothing uses (409 field_in_use: retire it)",
		Tag: "settings", Roles: bureau, Status: http.StatusNoContent}, a.deleteField)
	a.handle(op{Method: http.MethodGet, Path: "/settings/limits", Summary: "The limits in force (限项 and defaults of the process)",
		Tag: "settings", Auth: true, Resp: limitsDTO{}}, a.getLimits)
	a.handle(op{Method: http.MethodPut, Path: "/settings/limits", Summary: "Replace the limits (bureau); 422 names a value outside its range",
		Tag: "settings", Roles: bureau, Req: limitsDTO{}, Resp: limitsDTO{}}, a.putLimits)
	a.handle(op{Method: http.MethodGet, Path: "/settings/rubrics", Summary: "Rubric templates per review round kind",
		Tag: "settings", Roles: []domain.Role{domain.RoleBureau, domain.RoleExpert}, Resp: rubricsResp{}}, a.listRubrics)
	a.handle(op{Method: http.MethodPut, Path: "/settings/rubrics/{kind}", Summary: "Replace the rubric template of a round kind (bureau); weights sum to 100",
		Tag: "settings", Roles: bureau, Req: rubricReq{}, Resp: rubricDTO{}}, a.putRubric)
}

// fieldDTO is one industry field; a retired field stays valid for what names it but cannot be chosen anew.
type fieldDTO struct {
	Code     string `json:"code" required:"true"`
	NameZh   string `json:"name_zh" required:"true"`
	NameEn   string `json:"name_en" required:"true"`
	Position int    `json:"position" required:"true"`
	Retired  bool   `json:"retired" required:"true"`
}

type fieldsResp struct {
	Items []fieldDTO `json:"items" required:"true"`
}

func toFieldDTO(f settings.Field) fieldDTO {
	return fieldDTO{Code: f.Code, NameZh: f.NameZh, NameEn: f.NameEn, Position: f.Position, Retired: f.Retired}
}

type fieldCreateReq struct {
	Code   string `json:"code" required:"true" pattern:"^[a-z][a-z0-9_]{1,31}$"`
	NameZh string `json:"name_zh" required:"true" maxLength:"50"`
	NameEn string `json:"name_en" required:"true" maxLength:"50"`
}

type fieldPatchReq struct {
	NameZh  *string `json:"name_zh,omitempty" maxLength:"50"`
	NameEn  *string `json:"name_en,omitempty" maxLength:"50"`
	Retired *bool   `json:"retired,omitempty"`
}

func (a *API) listFields(c *gin.Context) {
	fs, err := a.d.Settings.Fields(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	out := fieldsResp{Items: make([]fieldDTO, 0, len(fs))}
	for _, f := range fs {
		out.Items = append(out.Items, toFieldDTO(f))
	}
	c.JSON(http.StatusOK, out)
}

func (a *API) addField(c *gin.Context) {
	var req fieldCreateReq
	if !bindJSON(c, &req) {
		return
	}
	f, err := a.d.Settings.AddField(c.Request.Context(), actor(c), settings.Field{Code: req.Code, NameZh: req.NameZh, NameEn: req.NameEn})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toFieldDTO(f))
}

func (a *API) updateField(c *gin.Context) {
	var req fieldPatchReq
	if !bindJSON(c, &req) {
		return
	}
	f, err := a.d.Settings.UpdateField(c.Request.Context(), actor(c), c.Param("code"),
		settings.FieldPatch{NameZh: req.NameZh, NameEn: req.NameEn, Retired: req.Retired})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toFieldDTO(f))
}

func (a *API) deleteField(c *gin.Context) {
	if err := a.d.Settings.DeleteField(c.Request.Context(), actor(c), c.Param("code")); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// limitsDTO is settings.Limits on the wire.
type limitsDTO struct {
	MaxActiveBidsPerPI  int `json:"max_active_bids_per_pi" required:"true" minimum:"1" maximum:"10"`
	MaxActiveBidsPerOrg int `json:"max_active_bids_per_org" required:"true" minimum:"1" maximum:"100"`
	MaxPartners         int `json:"max_partners" required:"true" minimum:"0" maximum:"20" description:"consortium partners beside the lead"`
	CofundingRatioPct   int `json:"cofunding_ratio_pct" required:"true" minimum:"0" maximum:"1000" description:"co-funding at least this % of the government funding (100 = 1:1)"`
	NoticeDays          int `json:"notice_days" required:"true" minimum:"1" maximum:"30" description:"working days of a public notice by default"`
	ExpertsPerItem      int `json:"experts_per_item" required:"true" minimum:"1" maximum:"15" description:"odd"`
	RectificationMonths int `json:"rectification_months,omitempty" minimum:"0" maximum:"12" description:"months of a rectification period (限期整改) by default (default 3; 0 or absent keeps 3)"`
	QuestionWindowDays  int `json:"question_window_days" required:"true" minimum:"0" maximum:"60" description:"questions (答疑) close this many China calendar days before the bidding deadline (default 7)"`
	AddendumMinDays     int `json:"addendum_min_days" required:"true" minimum:"0" maximum:"60" description:"an amendment leaves at least this many China calendar days to the bidding deadline, moving it when fewer remain (default 7; 0 never moves it)"`
}

func (a *API) getLimits(c *gin.Context) {
	l, err := a.d.Settings.Limits(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, limitsDTO(l))
}

func (a *API) putLimits(c *gin.Context) {
	var req limitsDTO
	if !bindJSON(c, &req) {
		return
	}
	l, err := a.d.Settings.SetLimits(c.Request.Context(), actor(c), settings.Limits(req))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, limitsDTO(l))
}

type templateCriterionDTO struct {
	Name   string `json:"name" required:"true" maxLength:"50"`
	Weight int    `json:"weight" required:"true" minimum:"1" maximum:"100"`
}

type rubricReq struct {
	Criteria []templateCriterionDTO `json:"criteria" required:"true" minItems:"1" maxItems:"20"`
}

type rubricDTO struct {
	Kind     string                 `json:"kind" required:"true" enum:"validation,bid_review,stage_review,acceptance"`
	Criteria []templateCriterionDTO `json:"criteria" required:"true"`
}

type rubricsResp struct {
	Items []rubricDTO `json:"items" required:"true"`
}

func toRubricDTO(kind string, cs []settings.Criterion) rubricDTO {
	out := rubricDTO{Kind: kind, Criteria: make([]templateCriterionDTO, len(cs))}
	for i, c := range cs {
		out.Criteria[i] = templateCriterionDTO(c)
	}
	return out
}

func (a *API) listRubrics(c *gin.Context) {
	out := rubricsResp{Items: []rubricDTO{}}
	for _, k := range settings.RoundKinds {
		cs, err := a.d.Settings.RubricTemplate(c.Request.Context(), k)
		if err != nil {
			fail(c, err)
			return
		}
		out.Items = append(out.Items, toRubricDTO(k, cs))
	}
	c.JSON(http.StatusOK, out)
}

func (a *API) putRubric(c *gin.Context) {
	var req rubricReq
	if !bindJSON(c, &req) {
		return
	}
	cs := make([]settings.Criterion, len(req.Criteria))
	for i, x := range req.Criteria {
		cs[i] = settings.Criterion(x)
	}
	kind := c.Param("kind")
	cs, err := a.d.Settings.SetRubricTemplate(c.Request.Context(), actor(c), kind, cs)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toRubricDTO(kind, cs))
}

// The audit list filters by the settings' entity too (GET /audit?entity=setting).
func init() { auditEntities[settings.EntitySetting] = true }
