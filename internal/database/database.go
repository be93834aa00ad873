// Package database opens the jeugdhulp database — embedded SQLite (the
// default, pure Go) or PostgreSQL — applies the embedded migrations and runs
// every change in exactly one transaction.
//
// Queries are written once, with "?" placeholders and portable SQL; Rebind
// turns them into "$n" placeholders for PostgreSQL. SQL itself lives in the
// capability packages (one store file each); this package only provides the
// connection, the transaction helper and the schema.
//
// SQLite runs in WAL mode with synchronous=FULL: every write goes through
// one writer connection, so concurrent writers queue in Go instead of
// failing with "database is locked", and a commit returns only once it is
// on disk. Reads outside a write transaction (Query, QueryRow, Read) use a
// pool of read-only connections. Each SQLite connection keeps its prepared
// statements (stmtcache.go), a wrapper below database/sql that callers do
// not see. No data that a write can change is kept in memory between
// requests: there is no cache for a new write path to invalidate.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
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
}

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
	// The database holds every youth's data: create its file 0600 before
	// SQLite opens it, since SQLite gives the -wal and -shm files the
	// permissions of the database file. An existing file keeps its mode.
	if f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("database.Open sqlite %s: %w", path, err)
	}
	// synchronous(FULL): a commit returns only once it is on disk, so an
	// acknowledged change survives a crash of the process and of the
	// machine. SQLite checkpoints the WAL into the database file itself
	// (every 1,000 pages, the default).
	common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_time_format=sqlite"
	w := sql.OpenDB(sqliteConnector{dsn: "file:" + abs + "?" + common + "&_pragma=journal_mode(WAL)&_txlock=immediate"})
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
	return &DB{W: w, R: r, Dialect: SQLite, URL: "sqlite:" + path}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.W.Close()
	if db.R != db.W {
		err = errors.Join(err, db.R.Close())
	}
	return err
}

// Ping checks that the database answers; used by /readyz.
func (db *DB) Ping(ctx context.Context) error {
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

// Do runs fn in one write transaction: it commits when fn returns nil and
// rolls back otherwise, so a change is stored whole or not at all. It
// returns once the commit is on disk.
func (db *DB) Do(ctx context.Context, fn func(tx *Tx) error) (err error) {
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
	return nil
}

// Read runs fn in one read-only transaction on the read pool: everything
// fn reads comes from the same snapshot, concurrently with other readers
// and with the writer, and fn cannot write.
func (db *DB) Read(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.R.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read transaction: %w", err)
	}
	defer sqlTx.Rollback() // nothing to commit
	return fn(&Tx{tx: sqlTx, Dialect: db.Dialect})
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
