package ijw

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

const usage = `gebruik:
  jeugdhulp ijw validate [--xsd-only] BESTAND...
      Controleert iJw 3.2-berichten; het berichttype volgt uit de namespace van het
      root-element. Per bestand één regel: BESTAND<TAB>ok of BESTAND<TAB>fout<TAB>reden.
      Zonder --xsd-only ook de regels binnen het bericht (CS/CD/RS en XSLT-niveau TR).
      Exitstatus 0: alles ok, 1: minstens één fout, 2: gebruik- of leesfout.
  jeugdhulp ijw retour BESTAND
      Schrijft het retourbericht (JW302/306/308/316/318/320, of JW325 voor een JW323)
      bij een heenbericht naar stdout. Alleen XSD en regels binnen het bericht worden
      toegepast; berichtoverstijgende regels vragen de gegevens van het systeem.
`

// Command runs "jeugdhulp ijw ARGS..." and returns the process exit status.
func Command(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "validate":
		return cmdValidate(args[1:], stdout, stderr)
	case "retour":
		return cmdRetour(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "ijw: onbekend subcommando %q\n%s", args[0], usage)
	return 2
}

type fileResult struct {
	reason  string // "" = ok
	readErr bool
}

func cmdValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ijw validate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	xsdOnly := fs.Bool("xsd-only", false, "alleen XSD-niveau")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "ijw validate: %v\n%s", err, usage)
		return 2
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintf(stderr, "ijw validate: geen bestanden opgegeven\n%s", usage)
		return 2
	}
	// Workers take the next file from a shared counter; results are
	// printed in argument order at the end (a result is a short string).
	results := make([]fileResult, len(files))
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			c := newChecker()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				results[i] = c.checkFile(files[i], *xsdOnly)
			}
		})
	}
	wg.Wait()
	w := bufio.NewWriter(stdout)
	status := 0
	for i, r := range results {
		if r.reason == "" {
			fmt.Fprintf(w, "%s\tok\n", files[i])
			continue
		}
		fmt.Fprintf(w, "%s\tfout\t%s\n", files[i], oneLine(r.reason))
		if r.readErr {
			status = 2
		} else if status == 0 {
			status = 1
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "ijw validate: %v\n", err)
		return 2
	}
	return status
}

// oneLine keeps a reason on one output line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', '\t':
			return ' '
		}
		return r
	}, s)
}

// checker validates files one after another, reusing its buffer.
type checker struct {
	buf []byte
}

// smallFile is the size up to which a file is read whole (one read) and
// validated in place; larger ones stream through the scanner's buffer.
const smallFile = 1 << 20

func newChecker() *checker { return &checker{} }

func (c *checker) checkFile(name string, xsdOnly bool) fileResult {
	readErr := func(err error) fileResult {
		return fileResult{reason: "bestand niet leesbaar: " + describeOSError(err), readErr: true}
	}
	data, big, err := readSmallFile(name, c.buf)
	if err != nil {
		return readErr(err)
	}
	if !big {
		if cap(data) > cap(c.buf) {
			c.buf = data[:0]
		}
		if xsdOnly {
			_, err = ValidateXSDBytes(data, "")
		} else {
			err = firstFinding(ValidateReader(bytes.NewReader(data)))
		}
		return verdict(err)
	}
	f, err := os.Open(name)
	if err != nil {
		return readErr(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return readErr(err)
	}
	if st.Size() > MaxFileSize {
		return fileResult{reason: fmt.Sprintf("bestand is %d bytes, groter dan de 25 MB (%d bytes) die OP179 toestaat", st.Size(), MaxFileSize)}
	}
	if xsdOnly {
		_, err = ValidateXSD(f, "")
	} else {
		err = firstFinding(ValidateReader(f))
	}
	return verdict(err)
}

func firstFinding(_ MessageType, errs []*Error, err error) error {
	if err == nil && len(errs) > 0 {
		return errs[0]
	}
	return err
}

// verdict turns a validation result into the CLI's result: syntax and
// validation errors are "fout", anything else is a read error.
func verdict(err error) fileResult {
	if err == nil {
		return fileResult{}
	}
	var se *SyntaxError
	var ve *Error
	if errors.As(err, &se) || errors.As(err, &ve) {
		return fileResult{reason: err.Error()}
	}
	return fileResult{reason: "bestand niet leesbaar: " + describeOSError(err), readErr: true}
}

func describeOSError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return "bestaat niet"
		case errors.Is(err, os.ErrPermission):
			return "geen toegang"
		}
		return pe.Err.Error()
	}
	return err.Error()
}

func cmdRetour(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "ijw retour: precies één bestand verwacht\n%s", usage)
		return 2
	}
	f, err := os.Open(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "ijw retour: %s: %s\n", args[0], describeOSError(err))
		return 2
	}
	defer f.Close()
	out, err := RetourFor(f, RetourOptions{})
	if err != nil {
		fmt.Fprintf(stderr, "ijw retour: %s: %v\n", args[0], err)
		var se *SyntaxError
		var ve *Error
		if errors.As(err, &se) || errors.As(err, &ve) || errors.Is(err, ErrNoRetour) {
			return 1
		}
		return 2
	}
	if err := Encode(stdout, out); err != nil {
		fmt.Fprintf(stderr, "ijw retour: %s: %v\n", args[0], err)
		return 1
	}
	return 0
}
