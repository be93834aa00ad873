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
		waiting []int // samples, one per batch, a millisecond apart
		want    bool  // after the last
		pause   time.Duration
	}{
		{"idle", []int{0, 0, 0, 0, 0, 0, 0, 0}, false, 0},
		{"light load", []int{3, 5, 2, 6, 4, 3, 5, 4, 6, 2, 4, 5}, false, 0},
		{"one burst", []int{2, 3, 60}, false, 0},
		{"a queue that stays", []int{40, 45, 38, 50, 42, 47, 39, 44, 41, 46, 43, 40}, true, 0},
		{"the queue empties again", []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false, 0},
		{"busy again", []int{40, 45, 38, 50, 42, 47, 39, 44, 41, 46, 43, 40}, true, 0},
		{"a quiet spell after it", []int{2}, false, time.Second},
	}
	var g gather // one state through all steps, as in a running server
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for _, st := range steps {
		now = now.Add(st.pause)
		var got bool
		for _, w := range st.waiting {
			now = now.Add(time.Millisecond)
			got = g.busy(w, procs, now)
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
