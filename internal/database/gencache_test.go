package database_test

import (
	"context"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
)

func TestCacheKeepsUntilAWriteOrTheTTL(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	c := &database.Cache[string, int]{DB: db, TTL: time.Second, Max: 2, Now: func() time.Time { return now }}
	get := func(k string) (int, bool) { t.Helper(); return c.Get(k) }

	gen := c.Begin()
	c.Put("a", gen, 1)
	if v, ok := get("a"); !ok || v != 1 {
		t.Fatalf("fresh entry: %d %v", v, ok)
	}
	now = now.Add(999 * time.Millisecond)
	if _, ok := get("a"); !ok {
		t.Fatal("gone before its TTL")
	}
	now = now.Add(time.Millisecond)
	if _, ok := get("a"); ok {
		t.Fatal("kept past its TTL")
	}

	// A write (Do) makes every entry stale, also one read before it.
	gen = c.Begin()
	c.Put("b", gen, 2)
	if err := db.Do(ctx, func(*database.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, ok := get("b"); ok {
		t.Fatal("kept after a write")
	}
	c.Put("c", gen, 3) // read before the write, stored after it
	if _, ok := get("c"); ok {
		t.Fatal("a value read before a write was kept")
	}
	// Appending to the access log is no such write.
	gen = c.Begin()
	c.Put("d", gen, 4)
	if err := db.DoKeepCaches(ctx, func(*database.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, ok := get("d"); !ok {
		t.Fatal("an access-log append made the cache stale")
	}
	// Bounded: a third key starts over.
	c.Put("e", gen, 5)
	c.Put("f", gen, 6)
	if _, ok := get("d"); ok {
		t.Fatal("more entries kept than Max")
	}
	if v, ok := get("f"); !ok || v != 6 {
		t.Fatal("newest entry lost")
	}
	c.Delete("f")
	if _, ok := get("f"); ok {
		t.Fatal("kept after Delete")
	}
}
