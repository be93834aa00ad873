package access

import (
	"context"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// groupLog commits the access-log entries of concurrent list reads together
// (group commit): while one transaction is being made durable, the entries
// of the requests that arrive meanwhile queue up and go into the next one.
// Every caller still waits until its own entries are committed, so a list is
// never shown before its trace is on disk; only the number of transactions
// (and on SQLite of fsyncs and of invalidated page caches of the readers)
// falls with the load.
type groupLog struct {
	g       *Gate
	mu      sync.Mutex
	queue   []*pendingList
	running bool

	gather gather // only the runner uses it
}

type pendingList struct {
	p    Principal
	ids  []int64
	op   Op
	at   time.Time
	done chan error
}

// write queues the entries for ids and waits until they are committed. The
// write is not cancelled with ctx: once queued, the entries are written even
// when the caller has gone (an extra trace is harmless, a missing one not).
func (gl *groupLog) write(p Principal, ids []int64, op Op) error {
	pl := &pendingList{p: p, ids: ids, op: op, at: gl.g.now(), done: make(chan error, 1)}
	gl.mu.Lock()
	gl.queue = append(gl.queue, pl)
	if !gl.running {
		gl.running = true
		go gl.run()
	}
	gl.mu.Unlock()
	return <-pl.done
}

// commitTimeout bounds one group commit.
const commitTimeout = 30 * time.Second

// run commits batches until the queue is empty.
func (gl *groupLog) run() {
	released := 0 // the waiters of the last batch: just woken here
	for {
		if gl.gather.busy(runnableGoroutines()-released, runtime.GOMAXPROCS(0), time.Now()) {
			time.Sleep(gatherFor) // let the batch fill: see gather
		}
		gl.mu.Lock()
		batch := gl.queue
		gl.queue = nil
		if len(batch) == 0 {
			gl.running = false
			gl.mu.Unlock()
			return
		}
		gl.mu.Unlock()
		released = len(batch)
		if err := gl.commit(batch); err == nil || len(batch) == 1 {
			for _, pl := range batch {
				pl.done <- err
			}
			continue
		}
		// One bad entry must not fail the others: try each on its own.
		for _, pl := range batch {
			pl.done <- gl.commit([]*pendingList{pl})
		}
	}
}

// commit writes the rows of a batch. When every list's set of clients is
// already stored (the usual case: the same start page viewed again), that is
// a single INSERT, its own transaction: one round trip to PostgreSQL, one
// commit on SQLite. Otherwise the new sets and the rows go into one
// transaction.
func (gl *groupLog) commit(batch []*pendingList) error {
	// Not the requests' contexts (the batch is theirs together), but not
	// without end either: a database that hangs fails the waiting requests.
	ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
	defer cancel()
	rows := make([]logRow, 0, len(batch))
	known := len(batch) <= maxRowsPerInsert
	for _, pl := range batch {
		if !known {
			break
		}
		r, err := gl.g.listRow(ctx, nil, pl.p, pl.ids, pl.op, pl.at, nil)
		if known = err == nil; known && r != nil {
			rows = append(rows, *r)
		}
	}
	if known {
		if len(rows) == 0 {
			return nil
		}
		return gl.g.DB.AppendLog(ctx, func(exec database.Execer) error { return insertRows(ctx, exec, rows) })
	}
	created := map[string]int64{}
	err := gl.g.DB.DoKeepCaches(ctx, func(tx *database.Tx) error {
		rows = rows[:0]
		for _, pl := range batch {
			r, err := gl.g.listRow(ctx, tx, pl.p, pl.ids, pl.op, pl.at, created)
			if err != nil {
				return err
			}
			if r != nil {
				rows = append(rows, *r)
			}
		}
		return insertRows(ctx, tx, rows)
	})
	if err == nil {
		gl.g.sets.put(created)
	}
	return err
}

// gather decides before each batch whether to let it fill a little longer.
//
// While goroutines queue for the processors, list views are limited by the
// CPU, not by the disk. A batch is then worth gathering for gatherFor before
// it is committed, as PostgreSQL's commit_delay does when enough other
// transactions are active: every commit and flush costs CPU (and a flush
// holds a processor while the disk works), so fewer, larger batches leave
// more of the CPU to the views, and the added wait is small against the time
// a view already queues for a processor. With processors to spare the disk
// is the limit, and a batch goes at once. The README ("Mijn werk at 100,000
// trajectories") has the measurements.
type gather struct {
	waiting float64   // moving average of the goroutines waiting to run
	last    time.Time // of the last sample
}

const (
	gatherFor = time.Millisecond
	// busyPerProc: goroutines waiting to run, per processor, from which
	// the CPU counts as the bottleneck. A single burst (a batch's waiters
	// all woken at once) must not count: hence the average.
	busyPerProc = 8
	// gatherForget: an average older than this says nothing about now (a
	// quiet server after a busy spell starts afresh).
	gatherForget = 50 * time.Millisecond
)

// busy takes the goroutines now waiting to run, less those the last batch
// just woke, and reports whether the CPU is the bottleneck.
func (g *gather) busy(waiting, procs int, now time.Time) bool {
	if now.Sub(g.last) > gatherForget {
		g.waiting = 0
	}
	g.last = now
	g.waiting += (float64(waiting) - g.waiting) / 8
	return g.waiting >= float64(busyPerProc*procs)
}

// runnableGoroutines is the runtime's count of goroutines ready to run but
// not running (0 where the runtime does not tell).
func runnableGoroutines() int {
	s := []metrics.Sample{{Name: "/sched/goroutines/runnable:goroutines"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int(s[0].Value.Uint64())
}
