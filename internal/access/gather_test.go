package access

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Gathering starts only when goroutines keep queueing for the processors,
// not for one burst (a batch's waiters woken at once), and stops again when
// the queue empties.
func TestGatherOnlyWhenTheCPUIsTheBottleneck(t *testing.T) {
	const procs = 2
	steps := []struct {
		name    string
		waiting []int // samples, one per batch
		want    bool  // after the last
	}{
		{"idle", []int{0, 0, 0, 0, 0, 0, 0, 0}, false},
		{"light load", []int{3, 5, 2, 6, 4, 3, 5, 4, 6, 2, 4, 5}, false},
		{"one burst", []int{2, 3, 60}, false},
		{"a queue that stays", []int{40, 45, 38, 50, 42, 47, 39, 44, 41, 46, 43, 40}, true},
		{"the queue empties again", []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false},
	}
	var g gather // one state through all steps, as in a running server
	for _, st := range steps {
		var got bool
		for _, w := range st.waiting {
			got = g.busy(w, procs)
		}
		if got != st.want {
			t.Errorf("%s: busy = %v (average %.1f), want %v", st.name, got, g.waiting, st.want)
		}
	}
}

// The runtime's count of goroutines ready to run is there and moves: with
// more busy goroutines than processors, some wait.
func TestRunnableGoroutines(t *testing.T) {
	var stopped atomic.Bool
	var wg sync.WaitGroup
	n := 8 * runtime.GOMAXPROCS(0)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stopped.Load() { // spin: always ready to run
			}
		}()
	}
	seen := 0
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline) && seen == 0; {
		seen = runnableGoroutines()
		time.Sleep(time.Millisecond)
	}
	stopped.Store(true)
	wg.Wait()
	if seen == 0 {
		t.Fatalf("no goroutine counted as ready to run with %d spinning on %d processors", n, runtime.GOMAXPROCS(0))
	}
}
