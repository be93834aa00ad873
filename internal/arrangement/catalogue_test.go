package arrangement_test

import (
	"context"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
)

func TestCatalogue(t *testing.T) {
	c := &arrangement.Catalogue{DB: dbtest.New(t)}
	ctx := context.Background()
	p := arrangement.DefaultCatalogus()[0]
	if err := c.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	p.Omschrijving = "Gewijzigd"
	if err := c.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	bad := p
	bad.Categorie = "50" // reserved for arrangement codes
	if err := c.Put(ctx, bad); err == nil {
		t.Fatal("a product in category 50 was accepted")
	}
	all, _ := c.List(ctx)
	if len(all) != 1 || all[0].Omschrijving != "Gewijzigd" {
		t.Fatalf("catalogue: %+v", all)
	}
	found, _ := c.Find(ctx, []string{p.Code, "ONBEKEND"})
	if len(found) != 1 {
		t.Fatalf("find: %+v", found)
	}
	c.Remove(ctx, p.Categorie, p.Code)
	if all, _ := c.List(ctx); len(all) != 0 {
		t.Fatalf("after remove: %+v", all)
	}
}
