// Command benchijw measures "jeugdhulp ijw validate" against xmllint on the
// same files and prints the figures; scripts/bench-ijw.sh drives it. Every
// command runs as its own process, timed from start to exit; peak RSS comes
// from the kernel's rusage of that process.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

type result struct {
	wall time.Duration
	rss  int64 // KiB
}

// run executes argv and returns its wall time and peak RSS; output is
// discarded, a non-zero exit is an error unless allowFail.
func run(argv []string) (result, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	start := time.Now()
	err := cmd.Run()
	r := result{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = ru.Maxrss
	}
	if err != nil {
		return r, fmt.Errorf("%s: %w", strings.Join(argv[:min(len(argv), 4)], " "), err)
	}
	return r, nil
}

// best runs the commands (run one after another, times added up) rounds
// times and keeps the fastest round.
func best(rounds int, cmds [][]string) (result, error) {
	var out result
	for i := 0; i < rounds; i++ {
		var sum result
		for _, c := range cmds {
			r, err := run(c)
			if err != nil {
				return out, err
			}
			sum.wall += r.wall
			sum.rss = max(sum.rss, r.rss)
		}
		if i == 0 || sum.wall < out.wall {
			out = sum
		}
	}
	return out, nil
}

func main() {
	jeugdhulp := flag.String("jeugdhulp", "", "the jeugdhulp binary")
	ijwOnly := flag.String("ijw", "", "optional: a binary running only ijw.Command, to show the app's start-up cost")
	xmllint := flag.String("xmllint", "xmllint", "xmllint binary")
	xsd := flag.String("xsd", "internal/ijw/testdata/xsd", "schema directory")
	corpus := flag.String("corpus", "", "corpus directory (one subdirectory per message type)")
	big := flag.String("jw323", "", "large JW323 file")
	rounds := flag.Int("rounds", 3, "rounds per measurement (the fastest counts)")
	flag.Parse()

	types, _ := filepath.Glob(filepath.Join(*corpus, "JW*"))
	sort.Strings(types)
	var all []string
	var bytes int64
	var xmllintCmds [][]string
	for _, dir := range types {
		files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, f := range files {
			st, err := os.Stat(f)
			if err != nil {
				fail(err)
			}
			bytes += st.Size()
		}
		all = append(all, files...)
		typ := filepath.Base(dir)
		xmllintCmds = append(xmllintCmds, append([]string{*xmllint, "--noout", "--nonet", "--schema", filepath.Join(*xsd, typ+".xsd")}, files...))
	}
	n := float64(len(all))
	mb := float64(bytes) / 1e6
	fmt.Printf("corpus: %d berichten van %d typen, %.1f MB; beste van %d rondes\n\n", len(all), len(types), mb, *rounds)
	fmt.Printf("%-52s %9s %10s %8s %9s\n", "XSD-validatie van het corpus", "tijd", "berichten/s", "MB/s", "piek RSS")
	line := func(name string, r result) {
		s := r.wall.Seconds()
		fmt.Printf("%-52s %8.3fs %10.0f %8.1f %7.1fMB\n", name, s, n/s, mb/s, float64(r.rss)/1024)
	}
	x, err := best(*rounds, xmllintCmds)
	if err != nil {
		fail(err)
	}
	line("xmllint --noout --nonet --schema (1 proces per type)", x)
	j, err := best(*rounds, [][]string{append([]string{*jeugdhulp, "ijw", "validate", "--xsd-only"}, all...)})
	if err != nil {
		fail(err)
	}
	line("jeugdhulp ijw validate --xsd-only (1 proces)", j)
	if *ijwOnly != "" {
		o, err := best(*rounds, [][]string{append([]string{*ijwOnly, "validate", "--xsd-only"}, all...)})
		if err != nil {
			fail(err)
		}
		line("ijw.Command alleen (zonder opstart van de app)", o)
	}
	fmt.Printf("\nverhouding doorvoer jeugdhulp/xmllint: %.1fx\n", x.wall.Seconds()/j.wall.Seconds())

	if *big == "" {
		return
	}
	st, err := os.Stat(*big)
	if err != nil {
		fail(err)
	}
	fmt.Printf("\ngrote JW323: %s, %.1f MB\n", filepath.Base(*big), float64(st.Size())/1e6)
	fmt.Printf("%-52s %9s %9s\n", "", "tijd", "piek RSS")
	bigLine := func(name string, argv []string) result {
		r, err := best(*rounds, [][]string{argv})
		if err != nil {
			fail(err)
		}
		fmt.Printf("%-52s %8.3fs %7.1fMB\n", name, r.wall.Seconds(), float64(r.rss)/1024)
		return r
	}
	xb := bigLine("xmllint --noout --nonet --schema", []string{*xmllint, "--noout", "--nonet", "--schema", filepath.Join(*xsd, "JW323.xsd"), *big})
	bigLine("jeugdhulp ijw validate --xsd-only", []string{*jeugdhulp, "ijw", "validate", "--xsd-only", *big})
	jf := bigLine("jeugdhulp ijw validate (XSD + regels, streaming)", []string{*jeugdhulp, "ijw", "validate", *big})
	if *ijwOnly != "" {
		bigLine("ijw.Command alleen, XSD + regels", []string{*ijwOnly, "validate", *big})
	}
	fmt.Printf("\nvolledige verwerking / xmllint: %.2fx tijd; piek RSS %.2fx bestandsgrootte\n",
		jf.wall.Seconds()/xb.wall.Seconds(), float64(jf.rss)*1024/float64(st.Size()))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchijw:", err)
	os.Exit(1)
}
