// Package levering is the start and stop of care on a toewijzing (seed 001
// steps 8 and 10): the provider reports that care began (JW305) and that it
// ended, for a while (reden 20) or for good (JW307), and corrects a report
// by deleting it and sending it anew (StatusAanlevering 3 then 1, IV008).
// The municipality's side processes those messages into its view of the
// levering and the case history. Control messages confer no rights and
// move nothing in the route (OP364).
//
// One table serves both ends. A row is one start of a toegewezen product
// under its iJw logical key (ToewijzingNummer, Product, Begindatum), with
// the stop that ended it. When the provider works on this platform its
// service writes the row and the message in one transaction (bron
// "aanbieder"); the municipality's receipt of that message then finds the
// row by its key and only marks it processed and writes the history event.
// A provider outside the platform (folder drop) has no row: the receipt
// writes it (bron "gemeente") and applies every later start, stop and
// deletion itself. A row's state therefore has one writer, whichever side
// wrote first; receipts are idempotent per sender, type and
// BerichtIdentificatie (table leveringen_verwerkt), and a message arriving
// after a later one (OP080) finds the row already in its newer state and
// changes nothing but the "processed" mark. A provider on the platform
// cannot start a key a received message created first: the key exists
// (TR074).
//
// Assumptions where the sources are silent: Start and Stop act on every
// product of the toewijzing at once (one JW305 or JW307 with a line per
// product), as the toewijzingen here are made per arrangement; the
// client's identity in the messages is the one of the toewijzing's JW301,
// which the municipality also knows. The term of a definitive stop after a
// temporary one runs from when it became known to be definitive (OP272),
// which only the provider knows: no warning is given for it.
package levering

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Status of a levering.
type Status string

const (
	Gestart          Status = "gestart"
	TijdelijkGestopt Status = "tijdelijk_gestopt"
	Beeindigd        Status = "beeindigd"
	Verwijderd       Status = "verwijderd"
	// Afgekeurd: the municipality rejected the start in its retour
	// (JW306); it counts as not sent (OP286).
	Afgekeurd Status = "afgekeurd"
)

// Label is the status in Dutch.
func (s Status) Label() string {
	switch s {
	case Gestart:
		return "Gestart"
	case TijdelijkGestopt:
		return "Tijdelijk gestopt"
	case Beeindigd:
		return "Beëindigd"
	case Verwijderd:
		return "Verwijderd (gecorrigeerd)"
	case Afgekeurd:
		return "Afgekeurd door de gemeente"
	}
	return string(s)
}

// Bron: who wrote a levering first (see the package doc).
const (
	BronAanbieder = "aanbieder"
	BronGemeente  = "gemeente"
)

// RedenTijdelijk is RedenBeeindiging 20: the care stopped for a while
// (JZ588).
const RedenTijdelijk = "20"

// Reden is a reason of JZ588 (LDT_RedenBeeindiging).
type Reden struct{ Code, Label string }

// Redenen are the reasons a provider may give for a stop (JZ588). 36 and
// 37 follow a municipality's change and are given by the provider too.
var Redenen = []Reden{
	{"20", "Levering is tijdelijk beëindigd"},
	{"31", "Levering is volgens plan beëindigd"},
	{"32", "Voortijdig afgesloten, door cliënt"},
	{"33", "Voortijdig afgesloten, door aanbieder"},
	{"34", "Voortijdig afgesloten, in overleg"},
	{"35", "Voortijdig afgesloten, externe oorzaak"},
	{"36", "Geïnitieerd door de gemeente"},
	{"37", "In verband met wijzigingsverzoek"},
	{"38", "Overstap naar andere aanbieder"},
	{"39", "Uitstroom naar ander domein"},
	{"02", "Overlijden"},
}

// RedenLabel is the Dutch text of a reason code, the code itself when it
// is unknown.
func RedenLabel(code string) string {
	for _, r := range Redenen {
		if r.Code == code {
			return r.Label
		}
	}
	return code
}

// Levering is one start of a toegewezen product and the stop that ended it.
type Levering struct {
	ID                     int64     `json:"id"`
	ToewijzingID           int64     `json:"toewijzing_id"`
	TrajectoryID           int64     `json:"-"`
	ToewijzingNummer       int64     `json:"toewijzingnummer"`
	ProductCategorie       string    `json:"productcategorie"`
	ProductCode            string    `json:"productcode"`
	ToewijzingIngangsdatum time.Time `json:"-"`
	Begindatum             time.Time `json:"-"`
	Einddatum              time.Time `json:"-"` // zero while running
	RedenBeeindiging       string    `json:"reden_beeindiging"`
	TijdelijkEinddatum     time.Time `json:"-"`
	Status                 Status    `json:"status"`
	Bron                   string    `json:"bron"`
	StartBerichtID         int64     `json:"-"`
	StopBerichtID          int64     `json:"-"`
	StartWaarschuwing      string    `json:"-"`
	StopWaarschuwing       string    `json:"-"`
	GemeenteStartAt        time.Time `json:"-"`
	GemeenteStopAt         time.Time `json:"-"`
	CreatedAt              time.Time `json:"-"`
	UpdatedAt              time.Time `json:"-"`
}

// Current reports whether the levering is the product's current start (no
// stop yet).
func (l Levering) Current() bool { return l.Status == Gestart }

// Product is the levering's product as iJw writes it, "50/50H22".
func (l Levering) Product() string { return l.ProductCategorie + "/" + l.ProductCode }

// Waarschuwing is the levering's warnings in one sentence or two, "" when
// none.
func (l Levering) Waarschuwing() string {
	switch {
	case l.StartWaarschuwing != "" && l.StopWaarschuwing != "":
		return l.StartWaarschuwing + " " + l.StopWaarschuwing
	case l.StartWaarschuwing != "":
		return l.StartWaarschuwing
	}
	return l.StopWaarschuwing
}

// Refusal is a start, stop or correction the rules do not allow, with the
// Dutch reason.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(format string, args ...any) error { return &Refusal{Reason: fmt.Sprintf(format, args...)} }

// IsRefusal reports whether err is a Refusal.
func IsRefusal(err error) bool {
	var r *Refusal
	return errors.As(err, &r)
}

// FieldErrors are Dutch messages per input field (invoer.Fouten).
type FieldErrors = invoer.Fouten

// ErrNotFound: no such toewijzing or levering, or not one the user may
// see.
var ErrNotFound = errors.New("levering: not found")

// Service starts, stops and corrects leveringen for the provider, and lists
// them, through the access gate.
type Service struct {
	Gate *access.Gate
	Now  func() time.Time
	// Cal is the calendar of the terms (OP271, OP272).
	Cal kalender.Calendar
}

// New returns a Service on gate with the real clock.
func New(gate *access.Gate) *Service {
	return &Service{Gate: gate, Now: time.Now, Cal: kalender.Default}
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

// Term is the term of a JW305 after the start and of a JW307 after the end
// of care: 5 working days (OP271, OP272).
var Term = kalender.WorkingDays(5)

// KindStart is the obligation to report the start of care.
const KindStart = "levering:start"

func mapErr(err error) error {
	if errors.Is(err, access.ErrRefused) || errors.Is(err, access.ErrPurpose) {
		return ErrNotFound
	}
	return err
}

// purpose is care (hulpverlening) when p's roles give it, else p's usual
// purpose.
func purpose(p access.Principal, want access.Purpose) access.Purpose {
	if access.AllowedPurpose(p, access.Lezen, want) {
		return want
	}
	return access.DefaultPurpose(p)
}

// caseOf finds the trajectory and youth of toewijzing id: the key the gate
// checks (ids only, no personal data).
func (s *Service) caseOf(ctx context.Context, id int64) (access.Case, error) {
	var c access.Case
	err := s.Gate.DB.QueryRow(ctx, "SELECT t.id, t.client_id FROM toewijzingen tw JOIN trajectories t ON t.id = tw.trajectory_id WHERE tw.id = ?", id).
		Scan(&c.TrajectoryID, &c.ClientID)
	if errors.Is(err, database.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// day is the Amsterdam calendar day of t as midnight UTC, the form dates
// are stored and compared in.
func day(t time.Time) time.Time {
	y, m, d := t.In(kalender.Amsterdam()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dateOnly is the calendar day a date input names (its own year, month
// and day, whatever its zone), as midnight UTC.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// TrajectoryOf returns the trajectory of toewijzing id (ids only, no
// personal data), so a face can show the case after a start or stop.
func (s *Service) TrajectoryOf(ctx context.Context, id int64) (int64, error) {
	c, err := s.caseOf(ctx, id)
	return c.TrajectoryID, err
}

// Reden is the Dutch text of the levering's RedenBeeindiging, "" while it
// runs.
func (l Levering) Reden() string {
	if l.RedenBeeindiging == "" {
		return ""
	}
	return RedenLabel(l.RedenBeeindiging)
}

// VerwerktDoorGemeente reports whether the municipality processed the
// levering's latest message: its start while it runs, else its stop.
func (l Levering) VerwerktDoorGemeente() bool {
	switch l.Status {
	case Gestart:
		return !l.GemeenteStartAt.IsZero()
	case TijdelijkGestopt, Beeindigd:
		return !l.GemeenteStopAt.IsZero()
	}
	return false
}
