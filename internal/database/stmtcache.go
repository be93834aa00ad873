package database

import (
	"context"
	"database/sql/driver"
	"errors"
	"strings"

	"modernc.org/sqlite"
)

// SQLite connections keep their prepared statements by SQL text, so that a
// hot query is parsed once per connection instead of on every call (parsing
// was a sixth of the time of a busy page). PostgreSQL needs none of this:
// pgx keeps a statement cache per connection itself.
//
// The cache lives in a thin wrapper around the driver's connection, below
// database/sql: a connection is used by one goroutine at a time there, so
// the cache needs no lock, and transactions on the single writer connection
// use it like any other query. Only queries and DML are kept (not the
// migrations' DDL), and the cache is bounded, because texts built at run time
// (a multi-row INSERT of a varying number of rows, say) could otherwise grow
// it without end: when full, a random idle statement makes room. A very long
// text, or one whose statement is still busy with open rows, runs unprepared.

const (
	stmtCacheMax    = 128     // statements per connection
	stmtCacheMaxLen = 8 << 10 // bytes of SQL text
)

// sqliteConnector opens modernc.org/sqlite connections wrapped in cachingConn.
type sqliteConnector struct{ dsn string }

func (c sqliteConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := (&sqlite.Driver{}).Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return newCachingConn(conn)
}

func (c sqliteConnector) Driver() driver.Driver { return &sqlite.Driver{} }

// sqliteConn is what the driver's connection offers and database/sql uses.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type cachingConn struct {
	sqliteConn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	st   driver.Stmt
	busy bool // rows of this statement are open
}

func newCachingConn(c driver.Conn) (driver.Conn, error) {
	sc, ok := c.(sqliteConn)
	if !ok {
		c.Close()
		return nil, errors.New("database: the SQLite driver's connection lacks an expected interface")
	}
	return &cachingConn{sqliteConn: sc, stmts: map[string]*cachedStmt{}}, nil
}

// stmt returns the cached statement for q, preparing it on first use, or nil
// when q runs unprepared.
func (c *cachingConn) stmt(ctx context.Context, q string) *cachedStmt {
	if len(q) > stmtCacheMaxLen {
		return nil
	}
	cs := c.stmts[q]
	if cs == nil {
		if !cacheable(q) {
			return nil
		}
		if len(c.stmts) >= stmtCacheMax {
			c.evict()
		}
		st, err := c.sqliteConn.PrepareContext(ctx, q)
		if err != nil {
			return nil // run unprepared: the caller gets the error from there
		}
		cs = &cachedStmt{st: st}
		c.stmts[q] = cs
	}
	if cs.busy {
		return nil
	}
	return cs
}

// cacheable reports whether q is a query or DML statement, by its first word.
func cacheable(q string) bool {
	q = strings.TrimLeft(q, " \t\r\n(")
	i := strings.IndexFunc(q, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\n' })
	if i < 0 {
		return false
	}
	switch strings.ToUpper(q[:i]) {
	case "SELECT", "INSERT", "UPDATE", "DELETE", "WITH":
		return true
	}
	return false
}

// evict closes one idle statement; map order makes the choice random.
func (c *cachingConn) evict() {
	for q, cs := range c.stmts {
		if !cs.busy {
			cs.st.Close()
			delete(c.stmts, q)
			return
		}
	}
}

func (c *cachingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	if cs := c.stmt(ctx, q); cs != nil {
		return cs.st.(driver.StmtExecContext).ExecContext(ctx, args)
	}
	return c.sqliteConn.ExecContext(ctx, q, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	cs := c.stmt(ctx, q)
	if cs == nil {
		return c.sqliteConn.QueryContext(ctx, q, args)
	}
	rows, err := cs.st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &cachedRows{Rows: rows, cs: cs}, nil
}

func (c *cachingConn) Close() error {
	var errs []error
	for _, cs := range c.stmts {
		errs = append(errs, cs.st.Close())
	}
	c.stmts = nil
	return errors.Join(append(errs, c.sqliteConn.Close())...)
}

// cachedRows frees its statement for the next query when closed.
type cachedRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.cs.busy = false
	return err
}
