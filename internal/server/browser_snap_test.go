package server_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

var axeOnce = sync.OnceValues(func() ([]byte, error) { return os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js")) })

// snap photographs the current page at every layout width (named name, and
// name-320px) and checks it as TestBrowserLayoutEveryPage checks the
// menu's pages: at most maxPageHeight tall, no horizontal scrolling, the
// layout probe and axe without findings. Charts (uPlot) redraw on resize,
// so each width gets a moment first.
func (w *walker) snap(name string) {
	w.t.Helper()
	axeSrc, err := axeOnce()
	if err != nil {
		w.t.Fatal(err)
	}
	for _, width := range layoutWidths {
		w.do("viewport", chromedp.EmulateViewport(width, 900))
		time.Sleep(300 * time.Millisecond)
		if width == 1280 {
			w.shot(name)
		} else {
			w.shot(fmt.Sprintf("%s-%dpx", name, width))
		}
		var problems []string
		if height, _ := chromedp.Run(w.ctx, chromedp.Evaluate[float64]("document.documentElement.scrollHeight")); height > maxPageHeight {
			problems = append(problems, fmt.Sprintf("%.0f px tall", height))
		}
		if wide, _ := chromedp.Run(w.ctx, chromedp.Evaluate[bool]("document.documentElement.scrollWidth > window.innerWidth")); wide {
			problems = append(problems, "wider than the window")
		}
		for _, js := range []string{layoutProbe, string(axeSrc) + ";" + axeRun} {
			out, err := chromedp.Run(w.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
			var found []string
			if err != nil || json.Unmarshal([]byte(out), &found) != nil {
				w.t.Fatalf("%s: check: %v %q", name, err, out)
			}
			problems = append(problems, found...)
		}
		if len(problems) > 0 {
			w.t.Errorf("%s at %d px:\n  %s", name, width, strings.Join(problems, "\n  "))
		}
	}
	w.do("wide", chromedp.EmulateViewport(1280, 900))
}
