package traject

import (
	"context"
	"errors"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
)

// DecideWijziging is the back office's decision on the open verzoek om
// wijziging (JW317) of case id: honoured as a whole (a JW301 with the new
// end date and, where the toewijzing has one, a new beschikking) or
// refused with its reason (a JW319). Only the case's municipality decides,
// as a back office; the route's step does not change.
func (s *Service) DecideWijziging(ctx context.Context, p access.Principal, id int64, d toewijzing.WijzigingBesluit) error {
	d.Motivering = strings.TrimSpace(d.Motivering)
	if d.Motivering == "" {
		return refuse("Motiveer het besluit over het verzoek om wijziging.")
	}
	if !d.Toegekend && !validReden(d.RedenAfwijzing) {
		return refuse("Kies de reden van afwijzing van het verzoek om wijziging.")
	}
	if d.Toegekend {
		d.RedenAfwijzing = ""
	}
	return s.change(ctx, p, id, "traject.wijziging", access.Toewijzing, func(tx *database.Tx, t Trajectory) error {
		if p.OrgID != t.MunicipalityID || !p.Has(access.Backoffice) {
			return refuse("Alleen de backoffice van de gemeente van deze toewijzing besluit over een verzoek om wijziging.")
		}
		w, ok, err := toewijzing.OpenWijziging(ctx, tx, id)
		if err != nil {
			return err
		}
		if !ok {
			return refuse("Er is geen verzoek om wijziging dat op een besluit wacht.")
		}
		now := s.now()
		if !d.Toegekend {
			if err := toewijzing.WeigerWijziging(ctx, tx, w, t.MunicipalityID, t.ProviderID, d, p.UserID, now); err != nil {
				return mapRefusal(err)
			}
			return s.record(ctx, tx, p, id, EventBesluit, "Verzoek om wijziging "+w.Referentie+" afgewezen (JW319, reden "+d.RedenAfwijzing+"): "+d.Motivering)
		}
		r, err := s.allocation(ctx, tx, p, t, Decision{Toegekend: true, Motivering: d.Motivering}, w.Referentie)
		if err != nil {
			return err
		}
		if err := toewijzing.Wijzig(ctx, tx, r, w, p.UserID, now); err != nil {
			return mapRefusal(err)
		}
		what := "Verzoek om wijziging " + w.Referentie + " toegekend: "
		if w.EinddatumNieuw.IsZero() {
			what += "de toewijzing loopt zonder einddatum"
		} else {
			what += "de toewijzing loopt tot en met " + kalender.Datum(w.EinddatumNieuw)
		}
		if err := s.record(ctx, tx, p, id, EventBesluit, what+" (JW301): "+d.Motivering); err != nil {
			return err
		}
		tw, err := toewijzing.Of(ctx, tx, id)
		if err != nil || tw == nil || !tw.Beschikking {
			return err
		}
		return s.record(ctx, tx, p, id, EventDocument, "Nieuwe beschikking met de gewijzigde einddatum verstuurd aan de jeugdige of het gezin")
	})
}

// mapRefusal turns the toewijzing package's refusal into this package's,
// so every face shows its reason.
func mapRefusal(err error) error {
	var r *toewijzing.Refusal
	if errors.As(err, &r) {
		return refuse(r.Reason)
	}
	return err
}
