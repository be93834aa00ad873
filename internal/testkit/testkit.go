// Package testkit gives tests a world to act in: a fresh, migrated database
// (SQLite, or PostgreSQL under .ci/run) with the demo region, and the demo's
// route walker, which carries a trajectory along any of the three routes to
// a given step as the users the route's table names (demo.Walker), with the
// complete IPVA the demo uses (demo.IPVA). Tests seed through the services
// this way, never with raw SQL, so a test sees the data a user would make.
package testkit

import (
	"context"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
)

// World is a seeded demo region at a fixed moment.
type World struct {
	DB   *database.DB
	Walk *demo.Walker
	Now  time.Time
}

// New seeds the demo region at now on a fresh database and returns the
// world with its walker. Password hashing is made cheap for tests.
func New(t testing.TB, now time.Time) *World {
	t.Helper()
	account.DefaultParams = account.Argon2Params{Memory: 1024, Time: 1, Threads: 1}
	db := dbtest.New(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	w, err := demo.NewWalker(ctx, db, now)
	if err != nil {
		t.Fatal(err)
	}
	return &World{DB: db, Walk: w, Now: now}
}
