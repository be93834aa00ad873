package access

import (
	"context"
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
		created := map[string]int64{}
		err := gl.g.DB.DoAppendLog(context.Background(), func(tx *database.Tx) error {
			for _, pl := range batch {
				if err := gl.g.writeManyAt(context.Background(), tx, pl.p, pl.ids, pl.op, pl.at, created); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			gl.g.sets.put(created)
		}
		for _, pl := range batch {
			pl.done <- err
		}
	}
}
