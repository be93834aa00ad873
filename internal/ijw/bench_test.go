package ijw

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/ijw/internal/ijwgen"
)

func examples(b testing.TB) ([][]byte, int64) {
	var all [][]byte
	var n int64
	for _, typ := range allTypes() {
		e := readExample(b, typ)
		all = append(all, e)
		n += int64(len(e))
	}
	return all, n
}

// BenchmarkValidateXSD validates the 14 examples per iteration.
func BenchmarkValidateXSD(b *testing.B) {
	all, n := examples(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range all {
			if _, err := ValidateXSD(bytes.NewReader(e), ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(all))/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkValidateFull runs XSD and in-message rules on the 14 examples.
func BenchmarkValidateFull(b *testing.B) {
	all, n := examples(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range all {
			if _, _, err := ValidateReader(bytes.NewReader(e)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkDecodeMarshal(b *testing.B) {
	all, n := examples(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range all {
			m, err := Decode(bytes.NewReader(e))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Marshal(m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func largeJW323(b testing.TB, size int64) []byte {
	var buf bytes.Buffer
	if _, err := ijwgen.WriteJW323(&buf, size); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkJW323Large25MB: XSD-only and full processing of a 25 MB declaratie.
func BenchmarkJW323Large25MB(b *testing.B) {
	data := largeJW323(b, 25_000_000)
	b.Run("xsd", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := ValidateXSD(bytes.NewReader(data), TypeJW323); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("full", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			_, errs, err := ValidateReader(bytes.NewReader(data))
			if err != nil || len(errs) > 0 {
				b.Fatal(err, errs)
			}
		}
	})
}

// TestLargeJW323Streaming validates a 25 MB declaratie as it is generated
// (through a pipe, so the document is never in memory) and checks that the
// heap stays far below the document's size.
func TestLargeJW323Streaming(t *testing.T) {
	if testing.Short() {
		t.Skip("kort")
	}
	pr, pw := io.Pipe()
	go func() {
		_, err := ijwgen.WriteJW323(pw, 25_000_000)
		pw.CloseWithError(err)
	}()
	done := make(chan struct{})
	peakc := make(chan uint64)
	go func() { // sample the heap every few milliseconds
		var ms runtime.MemStats
		var peak uint64
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-done:
				peakc <- peak
				return
			case <-tick.C:
			}
		}
	}()
	runtime.GC()
	typ, errs, err := ValidateReader(pr)
	close(done)
	peak := <-peakc
	if err != nil || typ != TypeJW323 || len(errs) > 0 {
		t.Fatalf("%s %v %v", typ, err, errs)
	}
	t.Logf("piek heap %.1f MB", float64(peak)/1e6)
	if peak > 25_000_000/2 {
		t.Errorf("heap piek %d bytes: niet begrensd", peak)
	}
}

// BenchmarkCommandCorpus runs "ijw validate --xsd-only" on a corpus of 700
// files of all 14 types, as the CLI does (open, stat, read, validate, print).
func BenchmarkCommandCorpus(b *testing.B) {
	dir := b.TempDir()
	files, err := ijwgen.Corpus("testdata/berichten", dir, 700)
	if err != nil {
		b.Fatal(err)
	}
	args := []string{"validate", "--xsd-only"}
	var size int64
	for _, fs := range files {
		for _, f := range fs {
			args = append(args, f)
			if st, err := os.Stat(f); err == nil {
				size += st.Size()
			}
		}
	}
	b.SetBytes(size)
	for b.Loop() {
		if code := Command(args, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
	b.ReportMetric(float64(b.N*(len(args)-2))/b.Elapsed().Seconds(), "msgs/s")
}
