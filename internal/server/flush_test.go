package server_test

import (
	"context"
	"testing"
)

// flush sends every message that waits through the loopback exchange, and
// the answers that sending writes, until the exchange comes to rest; what
// names the moment in a failure.
func (h *harness) flush(t *testing.T, what string) {
	t.Helper()
	for range 10 {
		n, err := h.app.Exchange.Flush(context.Background())
		if err != nil {
			t.Fatalf("%s: flush: %v", what, err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatalf("%s: the exchange does not come to rest", what)
}
