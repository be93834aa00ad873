// Package kalender is the one Dutch calendar every term in the system comes
// from: the public holidays of a year, working days, and the deadline of a
// term in calendar days, working days, weeks or hours. A term of days or
// weeks that would end on a Saturday, Sunday or public holiday runs on to
// the next working day, as the Algemene termijnenwet (Atw) art. 1 says.
//
// Assumptions where the sources are silent: every day is a day in
// Europe/Amsterdam, whatever zone an instant carries (a date stored as
// midnight UTC stays the same day); a term of days ends at 23:59:59
// Amsterdam time on its last day; the start day never counts; a term
// counted backwards (negative N) is not extended (Atw art. 1 lid 2); hours
// are exact instants without any shift. Default follows Atw art. 3 lid 1
// and 2, so Goede Vrijdag and 5 May every year are holidays; the days the
// Crown equates with holidays every three years (lid 3, such as the Friday
// after Hemelvaartsdag) are not built in and go in Calendar.Extra.
// Koningsdag is 27 April, or 26 April when the 27th is a Sunday, as since
// 2014; the Koninginnedag of earlier years is not modelled.
package kalender
