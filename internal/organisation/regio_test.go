package organisation_test

import (
	"context"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// TestRegions: organisations belong to a region; what a region's users
// pick from (ListIn, the wegwijzer) is that region's; each region has one
// host municipality; a consortium lists its partners before its
// subcontractors; an organisation created without a region lands in the
// first.
func TestRegions(t *testing.T) {
	ctx := context.Background()
	s := &organisation.Store{DB: dbtest.New(t)}
	hvb, err := s.CreateRegion(ctx, organisation.Region{Naam: "Hart van Brabant", GoedeVrijdag: true})
	if err != nil {
		t.Fatal(err)
	}
	nml, err := s.CreateRegion(ctx, organisation.Region{Naam: "Noord- en Midden-Limburg", GoedeVrijdag: false})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRegion(ctx, organisation.Region{Naam: " Hart van Brabant "}); err == nil {
		t.Error("a second region with the same name")
	}
	mk := func(o organisation.Organisation) int64 {
		t.Helper()
		id, err := s.Create(ctx, o)
		if err != nil {
			t.Fatalf("%s: %v", o.Name, err)
		}
		return id
	}
	tilburg := mk(organisation.Organisation{Name: "Gemeente Tilburg", Kind: organisation.Gemeente, CBSCode: "0855", Host: true})
	venlo := mk(organisation.Organisation{RegionID: nml, Name: "Gemeente Venlo", Kind: organisation.Gemeente, CBSCode: "0983", Host: true})
	mk(organisation.Organisation{RegionID: nml, Name: "Gemeente Venray", Kind: organisation.Gemeente, CBSCode: "0984"})
	if _, err := s.Create(ctx, organisation.Organisation{RegionID: nml, Name: "Gemeente Roermond", Kind: organisation.Gemeente, CBSCode: "0957", Host: true}); err == nil {
		t.Error("a second host municipality in one region")
	}
	hoeve := mk(organisation.Organisation{Name: "De Hoeve", Kind: organisation.Aanbieder, AGBCode: "98000001"})
	pactum := mk(organisation.Organisation{RegionID: nml, Name: "Pactum", Kind: organisation.Aanbieder, AGBCode: "98000102"})
	mondriaan := mk(organisation.Organisation{RegionID: nml, Name: "Mondriaan", Kind: organisation.Aanbieder, AGBCode: "98000104"})
	for _, id := range []int64{hoeve, pactum} {
		if err := s.SetArrangements(ctx, id, []int{2}); err != nil {
			t.Fatal(err)
		}
	}
	if r, err := s.RegionOf(ctx, tilburg); err != nil || r.ID != hvb || !r.Calendar().GoedeVrijdag {
		t.Errorf("region of Tilburg: %+v %v", r, err)
	}
	if r, _ := s.RegionOf(ctx, venlo); r.Naam != "Noord- en Midden-Limburg" || r.Calendar().GoedeVrijdag {
		t.Errorf("region of Venlo: %+v", r)
	}
	names := func(os []organisation.Organisation) (out []string) {
		for _, o := range os {
			out = append(out, o.Name)
		}
		return out
	}
	if gs, _ := s.ListIn(ctx, nml, organisation.Gemeente); len(gs) != 2 || gs[0].Name != "Gemeente Venlo" {
		t.Errorf("municipalities of NML: %v", names(gs))
	}
	if gs, _ := s.ListIn(ctx, 0, organisation.Gemeente); len(gs) != 3 {
		t.Errorf("municipalities of every region: %v", names(gs))
	}
	if ps, _ := s.Wegwijzer(ctx, hvb, 2); len(ps) != 1 || ps[0].ID != hoeve {
		t.Errorf("wegwijzer of Hart van Brabant: %+v", ps)
	}
	if ps, _ := s.Wegwijzer(ctx, nml, 2); len(ps) != 1 || ps[0].ID != pactum {
		t.Errorf("wegwijzer of NML: %+v", ps)
	}

	sv := mk(organisation.Organisation{RegionID: nml, Name: "Samenwerkingsverband Vigo, Pactum en Koraalgroep", Kind: organisation.Consortium})
	if err := s.AddMember(ctx, sv, mondriaan, organisation.Onderaannemer); err != nil {
		t.Fatal(err)
	}
	if err := s.AddMember(ctx, sv, pactum, organisation.Partner); err != nil {
		t.Fatal(err)
	}
	if err := s.AddMember(ctx, sv, venlo, organisation.Partner); err == nil {
		t.Error("a municipality as a member of a consortium")
	}
	if err := s.AddMember(ctx, sv, hoeve, "vriend"); err == nil {
		t.Error("a member with an unknown role")
	}
	ms, err := s.Members(ctx, sv)
	if err != nil || len(ms) != 2 || ms[0].Name != "Pactum" || ms[0].Rol != organisation.Partner || ms[1].Rol != organisation.Onderaannemer {
		t.Errorf("members: %+v %v", ms, err)
	}
}
