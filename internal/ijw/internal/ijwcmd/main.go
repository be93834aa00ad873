package main

import (
	"os"

	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

func main() { os.Exit(ijw.Command(os.Args[1:], os.Stdout, os.Stderr)) }
