// Package database opens the jeugdhulp database — embedded SQLite (the
// default, pure Go) or PostgreSQL — applies the embedded migrations and runs
// every change in exactly one transaction.
//
// Queries are written once, with "?" placeholders and portable SQL; Rebind
// turns them into "$n" placeholders for PostgreSQL. SQL itself lives in the
// capability packages (one store file each); this package only provides the
// connection, the transaction helper and the schema.
//
// On SQLite, statements are prepared once per connection (stmtcache.go),
// commits are made durable by one flush of the WAL shared between them
// (durable.go; on Linux through native AIO, aiosync_linux.go) and the WAL
// is checkpointed in the background. Generation and Cache let other
// packages keep what they read until this process writes again (gencache.go).
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver (used by tests and tools)
)

// Dialect says which SQL engine is behind a DB.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is a database handle. On SQLite, writes go through a single connection
// (W) so that concurrent writers queue in Go instead of failing with
// "database is locked", and reads use a pool of read-only connections (R).
// On PostgreSQL both are the same pool.
type DB struct {
	W       *sql.DB
	R       *sql.DB
	Dialect Dialect
	// URL is the database URL without any password, for messages.
	URL string

	// gen counts committed write transactions; see Generation.
	gen atomic.Uint64

	// wal makes SQLite commits durable (durable.go); nil on PostgreSQL,
	// where a commit returns durable.
	wal *walSync

	// SQLite's background checkpoints.
	stopCheckpoints, checkpointsDone chan struct{}
	closeOnce                        sync.Once
}

// Generation counts the write transactions this process has committed,
// except those that change nothing a cache holds (DoKeepCaches). A cache of
// data read from the database keeps the generation it read at and is stale
// once the generation moved on. Writes by other processes (a second instance
// on the same PostgreSQL, a command on the same SQLite file) do not count
// here, so such caches also keep a short lifetime.
func (db *DB) Generation() uint64 { return db.gen.Load() }

// Changed advances Generation, for bulk loads that write outside Do.
func (db *DB) Changed() { db.gen.Add(1) }

// Open connects to the database named by rawURL: "sqlite:PATH" (or a bare
// path ending in .db) or "postgres://…". It does not migrate.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		pool, err := sql.Open("pgx", rawURL)
		if err != nil {
			return nil, fmt.Errorf("database.Open postgres: %w", err)
		}
		pool.SetMaxOpenConns(20)
		pool.SetMaxIdleConns(20)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		if err := pool.PingContext(ctx); err != nil {
			pool.Close()
			return nil, fmt.Errorf("database.Open postgres %s: %w", redact(rawURL), err)
		}
		return &DB{W: pool, R: pool, Dialect: Postgres, URL: redact(rawURL)}, nil
	case strings.HasPrefix(rawURL, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(rawURL, "sqlite:"))
	default:
		return nil, fmt.Errorf("database.Open: onbekende database-URL %q: gebruik sqlite:PAD of postgres://…", redact(rawURL))
	}
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	path = strings.TrimPrefix(path, "//")
	if path == "" {
		return nil, errors.New("database.Open sqlite: geen bestandspad")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database.Open sqlite %s: %w", path, err)
	}
	common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=mmap_size(1073741824)&_pragma=temp_store(2)&_time_format=sqlite"
	// synchronous(NORMAL) on the writer: its commits do not wait for the
	// disk themselves; walSync flushes the WAL after them, shared by
	// concurrent commits and outside the write lock, and every commit
	// method waits for that flush. An acknowledged commit survives a crash
	// of the process and of the machine (see durable.go).
	// wal_autocheckpoint(10000): commits do not stop to copy the WAL into
	// the database file every 1,000 pages as by default; the checkpointer
	// does that beside them, and a commit steps in only when the WAL has
	// grown to 40 MB all the same. journal_size_limit: the WAL file shrinks
	// back to 64 MB after such a burst.
	w := sql.OpenDB(sqliteConnector{dsn: "file:" + abs + "?" + common + "&_pragma=synchronous(NORMAL)&_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(10000)&_pragma=journal_size_limit(67108864)&_txlock=immediate"})
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("database.Open sqlite %s: %w", path, err)
	}
	r := sql.OpenDB(sqliteConnector{dsn: "file:" + abs + "?" + common + "&_pragma=query_only(1)"})
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	// The checkpointer syncs the WAL before and the database file after
	// every checkpoint.
	cp := sql.OpenDB(sqliteConnector{dsn: "file:" + abs + "?" + common + "&_pragma=synchronous(FULL)"})
	cp.SetMaxOpenConns(1)
	db := &DB{W: w, R: r, Dialect: SQLite, URL: "sqlite:" + path, wal: newWALSync(abs), stopCheckpoints: make(chan struct{}), checkpointsDone: make(chan struct{})}
	go db.checkpointer(cp)
	return db, nil
}

// checkpointer copies committed WAL frames into the database file every
// 200 ms (a PASSIVE checkpoint: it never blocks readers or the writer).
// Inline checkpoints made every few hundredth commit wait for megabytes of
// page writes and an extra fsync, and every request queued behind it.
func (db *DB) checkpointer(cp *sql.DB) {
	defer close(db.checkpointsDone)
	defer cp.Close()
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-db.stopCheckpoints:
			return
		case <-t.C:
			// An error (the disk full, say) shows again in the next commit.
			_, _ = cp.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}

// Close closes both pools.
func (db *DB) Close() error {
	if db.stopCheckpoints != nil {
		db.closeOnce.Do(func() { close(db.stopCheckpoints) })
		<-db.checkpointsDone
	}
	err := db.W.Close()
	if db.R != db.W {
		err = errors.Join(err, db.R.Close())
	}
	if db.wal != nil {
		db.wal.close()
	}
	return err
}

// durable is a committed write that may not be on disk yet.
type durable struct {
	wal *walSync
	seq uint64
}

// wait returns once the write is on disk, or with the error that kept it
// from getting there.
func (d durable) wait() error {
	if d.wal == nil {
		return nil
	}
	return d.wal.wait(d.seq)
}

// committed records a successful commit on W.
func (db *DB) committed() durable {
	if db.wal == nil {
		return durable{}
	}
	return durable{wal: db.wal, seq: db.wal.committed()}
}

// walFailed is the error of a failed WAL flush: from then on nothing may
// commit (see walSync.wait).
func (db *DB) walFailed() error {
	if db.wal == nil {
		return nil
	}
	return db.wal.failed()
}

// Sync returns once everything committed through W so far is on disk. Do
// and AppendLog wait for this by themselves; whoever writes through W
// directly (migrations, bulk loads, maintenance commands) calls Sync after.
func (db *DB) Sync() error { return db.committed().wait() }

// Ping checks that the database answers; used by /readyz.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.walFailed(); err != nil {
		return err
	}
	var one int
	return db.R.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Rebind turns "?" placeholders into "$1", "$2", … for PostgreSQL. Question
// marks inside single-quoted literals are left alone.
func (db *DB) Rebind(q string) string { return rebind(db.Dialect, q) }

func rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n, inQuote := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(fmt.Sprint(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Query runs a read-only query outside a transaction.
func (db *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.R.QueryContext(ctx, db.Rebind(q), args...)
}

// QueryRow runs a read-only single-row query outside a transaction.
func (db *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.R.QueryRowContext(ctx, db.Rebind(q), args...)
}

// Querier reads: a DB (outside a transaction, on the read pool) or a Tx.
type Querier interface {
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
}

// Tx is one transaction; its methods rebind placeholders.
type Tx struct {
	tx      *sql.Tx
	Dialect Dialect
}

func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, rebind(t.Dialect, q), args...)
}

func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, rebind(t.Dialect, q), args...)
}

func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, rebind(t.Dialect, q), args...)
}

// InsertID runs an INSERT … RETURNING id and returns the id.
func (t *Tx) InsertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.QueryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// ErrInjected is returned by a transaction that a test's FailHook failed.
var ErrInjected = errors.New("database: injected failure")

// Do runs fn in one write transaction: it commits when fn returns nil and
// rolls back otherwise, so a change is stored whole or not at all.
func (db *DB) Do(ctx context.Context, fn func(tx *Tx) error) error {
	// Advance the generation also when the commit fails: whether it took
	// effect is then unknown, and a needless refresh of a cache is harmless.
	defer db.gen.Add(1)
	return db.do(ctx, fn)
}

// DoKeepCaches is Do for transactions that change nothing a Cache holds,
// so Generation stays: appending access-log entries, and refreshing a
// session's last-seen time (whose cache entry its owner updates itself).
func (db *DB) DoKeepCaches(ctx context.Context, fn func(tx *Tx) error) error {
	return db.do(ctx, fn)
}

// Execer runs a statement that changes data.
type Execer interface {
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// AppendLog runs fn with an Execer whose every statement is a transaction
// of its own (autocommit), for appending access-log entries in one
// statement: no BEGIN and COMMIT round trips. Like DoKeepCaches it leaves
// Generation as it is.
func (db *DB) AppendLog(ctx context.Context, fn func(Execer) error) error {
	if err := db.walFailed(); err != nil {
		return err
	}
	a := &autocommit{db: db}
	err := fn(a)
	if a.wrote {
		// Also after an error: an earlier statement may have committed,
		// and what committed is on disk before this returns.
		err = errors.Join(err, db.committed().wait())
	}
	return err
}

type autocommit struct {
	db    *DB
	wrote bool
}

func (a *autocommit) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	a.wrote = true
	return a.db.W.ExecContext(ctx, a.db.Rebind(q), args...)
}

func (db *DB) do(ctx context.Context, fn func(tx *Tx) error) (err error) {
	if err := db.walFailed(); err != nil {
		return err
	}
	sqlTx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	tx := &Tx{tx: sqlTx, Dialect: db.Dialect}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return db.committed().wait()
}

// IsUniqueViolation reports whether err is a unique-constraint violation on
// either database.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// ErrNoRows is sql.ErrNoRows, so that callers need not import database/sql.
var ErrNoRows = sql.ErrNoRows
