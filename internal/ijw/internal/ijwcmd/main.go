// Command ijwcmd runs only ijw.Command, without the rest of the jeugdhulp
// binary. scripts/bench-ijw.sh uses it to show how much of a run is the
// application's start-up rather than validation.
package main

import (
	"os"

	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

func main() { os.Exit(ijw.Command(os.Args[1:], os.Stdout, os.Stderr)) }
