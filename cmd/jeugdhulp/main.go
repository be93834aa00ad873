// Command jeugdhulp is the single binary of the jeugdhulp system: the web
// application, its administration subcommands and the iJw message tools.
// Run "jeugdhulp help" for the list of subcommands.
package main

import (
	"os"

	"github.com/jeugdhulp/jeugdhulp/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
