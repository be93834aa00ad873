package uitwisseling_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/uitwisseling"
)

// TestInboxHostAndParties: a municipality's JW301 is in its own outbox, in
// the host municipality's outbox (which sends the region's JW301s) and,
// once delivered, in the provider's inbox; another provider and a role
// that does not exchange messages see nothing of it.
func TestInboxHostAndParties(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "0384", "42420001", "65656055")
	host, err := (&organisation.Store{DB: w.db}).Create(ctx, organisation.Organisation{Name: "Centrumgemeente", Kind: organisation.Gemeente, CBSCode: "0855", Host: true})
	if err != nil {
		t.Fatal(err)
	}
	x := w.exchange(t)
	m, _ := ijw.Decode(bytes.NewReader(example(t, "JW301")))
	var b berichten.Bericht
	if err := w.db.Do(ctx, func(tx *database.Tx) (err error) {
		b, err = berichten.Write(ctx, tx, m, berichten.Bericht{CreatedAt: fixedNow()})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	in := &uitwisseling.Inbox{Gate: access.NewGate(w.db), Now: fixedNow}
	who := func(org int64, r access.Role) access.Principal {
		return access.Principal{OrgID: org, Roles: []access.Role{r}, Channel: "test"}
	}
	office, hostOffice := who(w.orgs["0384"], access.Backoffice), who(host, access.Backoffice)
	prov, other := who(w.orgs["42420001"], access.Jeugdhulpaanbieder), who(w.orgs["65656055"], access.Jeugdhulpaanbieder)
	count := func(p access.Principal, f berichten.Filter) int {
		t.Helper()
		list, err := in.List(ctx, p, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	if count(office, berichten.Filter{Direction: berichten.Uit}) != 1 || count(hostOffice, berichten.Filter{Direction: berichten.Uit, Type: ijw.TypeJW301}) != 1 {
		t.Error("the JW301 is not in the municipality's and the host's outbox")
	}
	if count(prov, berichten.Filter{}) != 0 {
		t.Error("the provider sees the JW301 before it was delivered")
	}
	if _, err := x.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if count(prov, berichten.Filter{Direction: berichten.In}) != 1 || count(prov, berichten.Filter{Direction: berichten.Uit}) != 1 {
		t.Error("the provider's inbox lacks the JW301 or its outbox the JW302")
	}
	if count(office, berichten.Filter{State: berichten.Beantwoord}) != 1 || count(office, berichten.Filter{State: berichten.Afgekeurd}) != 0 {
		t.Error("state filter")
	}
	d, err := in.Get(ctx, hostOffice, b.ID)
	if err != nil || !d.Uit || d.Answer == nil || d.Answer.Type != ijw.TypeJW302 || len(d.History) < 4 {
		t.Errorf("host reads the JW301: %v %v", d.Item, err)
	}
	if _, err := in.Get(ctx, prov, d.Answer.ID); err != nil {
		t.Errorf("the provider reads its JW302: %v", err)
	}
	if _, err := in.Get(ctx, other, b.ID); !errors.Is(err, uitwisseling.ErrNotFound) {
		t.Errorf("another provider reads the JW301: %v", err)
	}
	if count(other, berichten.Filter{}) != 0 {
		t.Error("another provider lists messages")
	}
	if _, err := in.List(ctx, who(w.orgs["0384"], access.Toegangsmedewerker), berichten.Filter{}); !errors.Is(err, uitwisseling.ErrNotFound) {
		t.Errorf("Toegang lists messages: %v", err)
	}
}

// TestInboxHostOfItsRegion: the host municipality sees the JW301s of its
// own region's municipalities, not those of another region.
func TestInboxHostOfItsRegion(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	st := &organisation.Store{DB: w.db}
	mk := func(o organisation.Organisation) int64 {
		t.Helper()
		id, err := st.Create(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a, _ := st.CreateRegion(ctx, organisation.Region{Naam: "A"})
	b, _ := st.CreateRegion(ctx, organisation.Region{Naam: "B"})
	mk(organisation.Organisation{RegionID: a, Name: "Gemeente 0384", Kind: organisation.Gemeente, CBSCode: "0384"})
	mk(organisation.Organisation{RegionID: a, Name: "Aanbieder", Kind: organisation.Aanbieder, AGBCode: "42420001"})
	hostA := mk(organisation.Organisation{RegionID: a, Name: "Host A", Kind: organisation.Gemeente, CBSCode: "0855", Host: true})
	hostB := mk(organisation.Organisation{RegionID: b, Name: "Host B", Kind: organisation.Gemeente, CBSCode: "0983", Host: true})
	m, _ := ijw.Decode(bytes.NewReader(example(t, "JW301")))
	var msg berichten.Bericht
	if err := w.db.Do(ctx, func(tx *database.Tx) (err error) {
		msg, err = berichten.Write(ctx, tx, m, berichten.Bericht{CreatedAt: fixedNow()})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	in := &uitwisseling.Inbox{Gate: access.NewGate(w.db), Now: fixedNow}
	for _, c := range []struct {
		org  int64
		sees bool
	}{{hostA, true}, {hostB, false}} {
		p := access.Principal{OrgID: c.org, Roles: []access.Role{access.Backoffice}, Channel: "test"}
		list, err := in.List(ctx, p, berichten.Filter{Type: ijw.TypeJW301})
		if err != nil {
			t.Fatal(err)
		}
		_, gerr := in.Get(ctx, p, msg.ID)
		if (len(list) == 1) != c.sees || (gerr == nil) != c.sees {
			t.Errorf("host %d: lists %d, reads %v; want it seen: %v", c.org, len(list), gerr, c.sees)
		}
	}
}
