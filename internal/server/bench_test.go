package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// discard is a ResponseWriter that keeps only the status and the size.
type discard struct {
	h      http.Header
	status int
	n      int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(s int)           { d.status = s }
func (d *discard) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }

// BenchmarkMijnWerkHandler is the server's own work for one view of the
// toegangsmedewerker's start page, through every middleware, with its
// access-log entry durable before it returns, without the network and the
// client.
func BenchmarkMijnWerkHandler(b *testing.B) {
	h := newHarness(b)
	br := h.login("toegang@demo.jeugdhulp.nl")
	u, _ := url.Parse(h.srv.URL + "/")
	var cookie []string
	for _, c := range br.c.Jar.Cookies(u) {
		cookie = append(cookie, c.String())
	}
	b.SetParallelism(8)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Header.Set("Cookie", strings.Join(cookie, "; "))
			w := &discard{h: http.Header{}}
			h.app.Handler.ServeHTTP(w, r)
			if w.status != http.StatusOK || w.n < 1000 {
				b.Fatalf("status %d, %d bytes", w.status, w.n)
			}
		}
	})
}
