package web

import (
	"encoding/json"
	"html/template"

	"github.com/jeugdhulp/jeugdhulp/internal/rapport"
)

// grafiekJSON is what grafiek.js reads from the data-grafiek attribute.
func grafiekJSON(g rapport.Grafiek) (string, error) {
	type reeks struct {
		Naam    string     `json:"naam"`
		Waarden []*float64 `json:"waarden"`
		Doel    bool       `json:"doel"`
	}
	out := struct {
		Eenheid string   `json:"eenheid"`
		Labels  []string `json:"labels"`
		Reeksen []reeks  `json:"reeksen"`
	}{Eenheid: g.Eenheid, Labels: g.Labels}
	for _, r := range g.Reeksen {
		out.Reeksen = append(out.Reeksen, reeks{r.Naam, r.Waarden, r.Doel})
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// grafiekScripts are the chart library and its starter, included once by
// a page that shows charts.
var grafiekScripts = template.HTML(`<link rel="stylesheet" href="` + StaticURL("vendor/uplot/uPlot.min.css") + `">
<script src="` + StaticURL("vendor/uplot/uPlot.iife.min.js") + `" defer></script>
<script src="` + StaticURL("grafiek.js") + `" defer></script>`)

func init() {
	funcs["grafiekScripts"] = func() template.HTML { return grafiekScripts }
	funcs["grafiekJSON"] = grafiekJSON
	funcs["cijfer"] = rapport.Cijfer
	funcs["punt"] = func(r rapport.Reeks, i int) *float64 {
		if i < len(r.Waarden) {
			return r.Waarden[i]
		}
		return nil
	}
}
