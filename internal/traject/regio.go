package traject

import (
	"context"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// A region sets its own terms and calendar (issue 15, regions as data):
// each step of each route has a key, "<route>:<step>", whose term the
// region may change (organisation.Region.Termijnen); its calendar choices
// decide which days are working days for every term of its cases. A case
// belongs to the region of its municipality. The other terms (a question
// on the thread, talking a refusal through, "in onderzoek") keep the
// code's length and count on the region's calendar.

// TermKey is the key of the term of step on route.
func TermKey(route Route, step Step) string { return string(route) + ":" + string(step) }

// Termijn is one term a region may set: its key, what it is in Dutch and
// the code's default.
type Termijn struct {
	Key, Label string
	Default    kalender.Term
}

// Termijnen lists the terms of every route's steps, in the routes' order.
func Termijnen() []Termijn {
	var out []Termijn
	for _, d := range routes {
		for _, sd := range d.Steps {
			out = append(out, Termijn{Key: TermKey(d.Route, sd.Step), Label: d.Label + ", stap " + sd.Nr + ": " + sd.Action, Default: sd.Term})
		}
	}
	return out
}

// regionOf is the region of the municipality of case t (the zero Region
// when it has none).
func (s *Service) regionOf(ctx context.Context, q database.Querier, t Trajectory) (organisation.Region, error) {
	return organisation.RegionOf(ctx, q, t.MunicipalityID)
}

// calOf is the calendar of case t's region.
func (s *Service) calOf(ctx context.Context, q database.Querier, t Trajectory) (kalender.Calendar, error) {
	r, err := s.regionOf(ctx, q, t)
	return r.Kalender(s.Cal), err
}

// CalendarOf is the calendar of the region of municipality id, for the
// packages that keep their own terms beside a case (crisis, segment1).
func (s *Service) CalendarOf(ctx context.Context, q database.Querier, municipalityID int64) (kalender.Calendar, error) {
	r, err := organisation.RegionOf(ctx, q, municipalityID)
	return r.Kalender(s.Cal), err
}
