package calendar

import (
	"embed"
	"encoding/json"
	"io/fs"
)

// officialFS holds the State Council's published schedules (国务院办公厅关于部分节假日安排的通知), one JSON
// file per year, shipped with the platform so a fresh installation counts working days correctly.
//
//go:embed official/*.json
var officialFS embed.FS

type officialJSON struct {
	Source   string `json:"source"`
	Year     int    `json:"year"`
	Holidays []struct {
		Name string `json:"name"`
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"holidays"`
	MakeupWorkdays []string `json:"makeup_workdays"`
}

// official are the shipped calendars by year; the bureau's entries take precedence.
var official = loadOfficial()

func loadOfficial() map[int]Calendar {
	out := map[int]Calendar{}
	files, _ := fs.Glob(officialFS, "official/*.json")
	for _, f := range files {
		raw, err := officialFS.ReadFile(f)
		if err != nil {
			panic(err)
		}
		var o officialJSON
		if err := json.Unmarshal(raw, &o); err != nil {
			panic("calendar: " + f + ": " + err.Error())
		}
		c := Calendar{Year: o.Year, MakeupWorkdays: o.MakeupWorkdays, Entered: true, UpdatedBy: o.Source}
		for _, h := range o.Holidays {
			c.Holidays = append(c.Holidays, Holiday{Name: h.Name, From: h.From, To: h.To})
		}
		if err := Validate(c); err != nil {
			panic("calendar: " + f + ": " + err.Error())
		}
		out[o.Year] = c
	}
	return out
}

// Official returns the shipped calendar of a year, if there is one.
func Official(year int) (Calendar, bool) {
	c, ok := official[year]
	return c, ok
}
