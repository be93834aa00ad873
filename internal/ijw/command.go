package ijw

import (
	"fmt"
	"io"
)

// Command runs "jeugdhulp ijw ARGS..." and returns the process exit status.
// Placeholder until the package is implemented.
func Command(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ijw: nog niet beschikbaar")
	return 2
}
