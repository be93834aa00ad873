package database

import (
	"sync"
	"time"
)

// Cache keeps values read from db for as long as the data behind them cannot
// have changed: an entry is used only while db's Generation is the one it
// was read at and for at most TTL (the bound on staleness from writes of
// other processes, which Generation does not see). It is bounded: when full,
// it starts over.
//
// A reader takes the generation with Begin before it reads, and stores the
// value with that generation: a write that commits while it reads makes the
// entry stale at once.
type Cache[K comparable, V any] struct {
	DB  *DB
	TTL time.Duration
	Max int
	Now func() time.Time // nil: time.Now

	mu sync.Mutex
	m  map[K]cacheEntry[V]
}

type cacheEntry[V any] struct {
	gen uint64
	at  time.Time
	v   V
}

func (c *Cache[K, V]) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Begin returns the generation to store a value read from now on with.
func (c *Cache[K, V]) Begin() uint64 { return c.DB.Generation() }

// Get returns the value for k if it is still fresh.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	if !ok || e.gen != c.DB.Generation() || c.now().Sub(e.at) >= c.TTL {
		var zero V
		return zero, false
	}
	return e.v, true
}

// Put stores v for k, read at generation gen (from Begin).
func (c *Cache[K, V]) Put(k K, gen uint64, v V) {
	if gen != c.DB.Generation() {
		return // already stale
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= max(c.Max, 1) {
		c.m = map[K]cacheEntry[V]{}
	}
	c.m[k] = cacheEntry[V]{gen: gen, at: c.now(), v: v}
}

// Delete forgets k.
func (c *Cache[K, V]) Delete(k K) {
	c.mu.Lock()
	delete(c.m, k)
	c.mu.Unlock()
}
