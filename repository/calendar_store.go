package repository

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm/clause"

	"jiebang/domain/calendar"
)

// calendarRow is a year of the bureau's calendar; holidays and make-up days are JSON text.
type calendarRow struct {
	Year           int `gorm:"primaryKey;autoIncrement:false"`
	Holidays       string
	MakeupWorkdays string
	UpdatedBy      string
	UpdatedAt      time.Time `gorm:"autoUpdateTime:false"`
}

func (calendarRow) TableName() string { return "calendars" }

type holidayJSON struct {
	Name string `json:"name"`
	From string `json:"from"`
	To   string `json:"to"`
}

// CalendarStore implements calendar.Store.
type CalendarStore struct{ db *DB }

// NewCalendarStore returns the calendar store.
func NewCalendarStore(db *DB) *CalendarStore { return &CalendarStore{db: db} }

var _ calendar.Store = (*CalendarStore)(nil)

// Get returns a year's stored calendar.
func (s *CalendarStore) Get(ctx context.Context, year int) (_ calendar.Calendar, err error) {
	defer wrap(&err, "calendar store: get %d", year)
	var r calendarRow
	if err := s.db.conn(ctx).Where("year = ?", year).Take(&r).Error; err != nil {
		return calendar.Calendar{}, translate(err)
	}
	c := calendar.Calendar{Year: r.Year, Holidays: []calendar.Holiday{}, MakeupWorkdays: []string{}, UpdatedBy: r.UpdatedBy}
	at := r.UpdatedAt.UTC()
	c.UpdatedAt = &at
	var hs []holidayJSON
	if err := json.Unmarshal([]byte(r.Holidays), &hs); err != nil {
		return c, err
	}
	for _, h := range hs {
		c.Holidays = append(c.Holidays, calendar.Holiday{Name: h.Name, From: h.From, To: h.To})
	}
	if err := json.Unmarshal([]byte(r.MakeupWorkdays), &c.MakeupWorkdays); err != nil {
		return c, err
	}
	return c, nil
}

// Put inserts or replaces a year's calendar.
func (s *CalendarStore) Put(ctx context.Context, c calendar.Calendar, by string, at time.Time) (err error) {
	defer wrap(&err, "calendar store: put %d", c.Year)
	hs := make([]holidayJSON, 0, len(c.Holidays))
	for _, h := range c.Holidays {
		hs = append(hs, holidayJSON(h))
	}
	hj, _ := json.Marshal(hs)
	mk := c.MakeupWorkdays
	if mk == nil {
		mk = []string{}
	}
	mj, _ := json.Marshal(mk)
	r := calendarRow{Year: c.Year, Holidays: string(hj), MakeupWorkdays: string(mj), UpdatedBy: by, UpdatedAt: at}
	return translate(s.db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "year"}},
		DoUpdates: clause.AssignmentColumns([]string{"holidays", "makeup_workdays", "updated_by", "updated_at"}),
	}).Create(&r).Error)
}
