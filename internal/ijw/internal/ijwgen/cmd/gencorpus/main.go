// Command gencorpus writes benchmark data for scripts/bench-ijw.sh: a
// corpus of valid messages of all 14 types and a large valid JW323.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/jeugdhulp/jeugdhulp/internal/ijw/internal/ijwgen"
)

func main() {
	examples := flag.String("examples", "internal/ijw/testdata/berichten", "directory with the 14 example messages")
	corpus := flag.String("corpus", "", "write a corpus into this directory (one subdirectory per type)")
	n := flag.Int("n", 3500, "number of corpus messages")
	jw323 := flag.String("jw323", "", "write a large JW323 to this file")
	size := flag.Int64("size", 25_000_000, "size of the large JW323 in bytes")
	flag.Parse()
	if *corpus != "" {
		if _, err := ijwgen.Corpus(*examples, *corpus, *n); err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
	}
	if *jw323 != "" {
		f, err := os.Create(*jw323)
		if err == nil {
			_, err = ijwgen.WriteJW323(f, *size)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
	}
}
