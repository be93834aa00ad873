package access

import (
	"context"
	"sync"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// groupLog commits the access-log entries of concurrent list reads together
// (group commit): while one transaction is being committed, the entries of
// the requests that arrive meanwhile queue up and go into the next one.
// Every caller still waits until its own entries are committed, so a list is
// never shown before its trace is on disk; only the number of transactions
// (and of writes to disk) falls with the load.
type groupLog struct {
	g       *Gate
	mu      sync.Mutex
	queue   []*pendingList
	running bool
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
	for {
		gl.mu.Lock()
		batch := gl.queue
		gl.queue = nil
		if len(batch) == 0 {
			gl.running = false
			gl.mu.Unlock()
			return
		}
		gl.mu.Unlock()
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

// commit writes the rows of a batch in one transaction, storing the sets
// of clients that are new first.
func (gl *groupLog) commit(batch []*pendingList) error {
	// Not the requests' contexts (the batch is theirs together), but not
	// without end either: a database that hangs fails the waiting requests.
	ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
	defer cancel()
	created := map[string]int64{}
	err := gl.g.DB.Do(ctx, func(tx *database.Tx) error {
		rows := make([]logRow, 0, len(batch))
		for _, pl := range batch {
			r, err := gl.g.listRow(ctx, tx, pl.p, pl.ids, pl.op, pl.at, created)
			if err != nil {
				return err
			}
			if r != nil {
				rows = append(rows, *r)
			}
		}
		return appendEntries(ctx, tx, rows)
	})
	if err == nil {
		gl.g.sets.put(created)
	}
	return err
}
