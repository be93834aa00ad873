// Command xsdgen writes the generated Go files of package ijw from the iJw
// XSD files. Run it through "go generate" in internal/ijw.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/jeugdhulp/jeugdhulp/internal/ijw/internal/xsdgen"
)

func main() {
	xsdDir := flag.String("xsd", "../../../shared/ijw/xsd", "directory with basisschema.xsd and JW*.xsd")
	out := flag.String("out", ".", "directory of package ijw")
	flag.Parse()
	files, err := xsdgen.Generate(*xsdDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "xsdgen:", err)
		os.Exit(1)
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(*out, name), src, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "xsdgen:", err)
			os.Exit(1)
		}
	}
}
