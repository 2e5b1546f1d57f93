package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/calendar"
)

// calendarHolidayDTO is a run of days off (放假), dates YYYY-MM-DD inclusive.
type calendarHolidayDTO struct {
	Name string `json:"name" required:"true"`
	From string `json:"from" required:"true" description:"YYYY-MM-DD"`
	To   string `json:"to" required:"true" description:"YYYY-MM-DD, inclusive"`
}

// calendarReq is a year's calendar as the bureau enters it.
type calendarReq struct {
	Holidays       []calendarHolidayDTO `json:"holidays" required:"true"`
	MakeupWorkdays []string             `json:"makeup_workdays" required:"true" description:"make-up working days (调休上班), YYYY-MM-DD"`
}

// calendarDTO is a year's working-day calendar: entered by the bureau or shipped (entered), or provisional (the
// statutory public holidays only, until the bureau enters the year).
type calendarDTO struct {
	Year           int                  `json:"year" required:"true"`
	Holidays       []calendarHolidayDTO `json:"holidays" required:"true"`
	MakeupWorkdays []string             `json:"makeup_workdays" required:"true"`
	Entered        bool                 `json:"entered" required:"true" description:"true: entered by the bureau or shipped with the platform"`
	Provisional    bool                 `json:"provisional" required:"true" description:"true: neither entered nor shipped; the days off are the statutory public holidays (全国年节及纪念日放假办法) with their 补假, no 调休"`
	UpdatedAt      *time.Time           `json:"updated_at,omitempty"`
	UpdatedBy      string               `json:"updated_by,omitempty"`
}

// calendarStatusDTO is the calendar at the year boundary, for the bureau's home page (public: no secret).
type calendarStatusDTO struct {
	Today               string `json:"today" required:"true" description:"today, China time, YYYY-MM-DD"`
	Year                int    `json:"year" required:"true"`
	NextYear            int    `json:"next_year" required:"true"`
	NextYearEntered     bool   `json:"next_year_entered" required:"true" description:"next year's calendar is entered by the bureau or shipped"`
	NextYearProvisional bool   `json:"next_year_provisional" required:"true" description:"next year counts the statutory public holidays only"`
	WarnMissingNextYear bool   `json:"warn_missing_next_year" required:"true" description:"from 1 November (China time) while next year is neither entered nor shipped"`
	ProvisionalYears    []int  `json:"provisional_years" required:"true" description:"the years among year, year+1 and year+2 whose calendar is provisional"`
}

type calendarQuery struct {
	Year int `query:"year" description:"the year (default: the current year, China time)"`
}

func toCalendarDTO(c calendar.Calendar) calendarDTO {
	out := calendarDTO{Year: c.Year, Holidays: []calendarHolidayDTO{}, MakeupWorkdays: []string{}, Entered: c.Entered,
		Provisional: c.Provisional, UpdatedAt: c.UpdatedAt, UpdatedBy: c.UpdatedBy}
	for _, h := range c.Holidays {
		out.Holidays = append(out.Holidays, calendarHolidayDTO(h))
	}
	out.MakeupWorkdays = append(out.MakeupWorkdays, c.MakeupWorkdays...)
	return out
}

func toCalendarStatusDTO(s calendar.Status) calendarStatusDTO {
	return calendarStatusDTO{Today: s.Today, Year: s.Year, NextYear: s.NextYear, NextYearEntered: s.NextYearEntered,
		NextYearProvisional: s.NextYearProvisional, WarnMissingNextYear: s.WarnMissingNextYear,
		ProvisionalYears: append([]int{}, s.ProvisionalYears...)}
}

func (a *API) registerCalendarRoutes() {
	a.handle(op{Method: http.MethodGet, Path: "/calendar", Summary: "The working-day calendar of a year (holidays and make-up working days, 调休)",
		Tag: "calendar", Query: calendarQuery{}, Resp: calendarDTO{}}, a.getCalendar)
	a.handle(op{Method: http.MethodGet, Path: "/calendar/status", Summary: "The calendar at the year boundary: whether next year is entered, which years are provisional, and (from 1 November) the warning that next year is missing",
		Tag: "calendar", Resp: calendarStatusDTO{}}, a.getCalendarStatus)
	a.handle(op{Method: http.MethodPut, Path: "/calendar/{year}", Summary: "Enter or replace a year's working-day calendar (bureau, audited)",
		Tag: "calendar", Roles: []domain.Role{domain.RoleBureau}, Req: calendarReq{}, Resp: calendarDTO{}}, a.putCalendar)
}

func (a *API) getCalendar(c *gin.Context) {
	year, ok := queryInt(c, "year", a.d.Clock.Now().In(calendar.China).Year())
	if !ok {
		return
	}
	cal, err := a.d.Calendar.Get(c.Request.Context(), year)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toCalendarDTO(cal))
}

func (a *API) getCalendarStatus(c *gin.Context) {
	st, err := a.d.Calendar.Status(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toCalendarStatusDTO(st))
}

func (a *API) putCalendar(c *gin.Context) {
	y, ok := pathID(c, "year")
	if !ok {
		return
	}
	year := int(min(y, 1<<30))
	var req calendarReq
	if !bindJSON(c, &req) {
		return
	}
	// Both lists are required, empty when the year has none: a body without them (`{}`) would otherwise erase the
	// year's holidays by accident.
	if req.Holidays == nil {
		fail(c, domain.FieldErr("holidays", "required", "请填写放假安排（没有时填空列表）", "holidays are required (an empty list when there are none)"))
		return
	}
	if req.MakeupWorkdays == nil {
		fail(c, domain.FieldErr("makeup_workdays", "required", "请填写调休上班日（没有时填空列表）", "make-up working days are required (an empty list when there are none)"))
		return
	}
	cal := calendar.Calendar{Year: year, MakeupWorkdays: req.MakeupWorkdays}
	for _, h := range req.Holidays {
		cal.Holidays = append(cal.Holidays, calendar.Holiday(h))
	}
	out, err := a.d.Calendar.Put(c.Request.Context(), actor(c), cal)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toCalendarDTO(out))
}

// The calendar's audit entries are listed under their own entity (the year is the entity id).
func init() { auditEntities[calendar.EntityCalendar] = true }
