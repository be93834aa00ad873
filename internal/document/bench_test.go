package document

import (
	"io"
	"testing"
)

func BenchmarkRenderDATBrief(b *testing.B) {
	d := sampleDAT()
	for b.Loop() {
		if err := RenderDATBrief(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderIPVA(b *testing.B) {
	d := sampleIPVA()
	for b.Loop() {
		if err := RenderIPVA(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}
