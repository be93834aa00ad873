package arrangement

import (
	"reflect"
	"testing"
)

func TestStep5a(t *testing.T) {
	tests := []struct {
		name string
		s    Step5a
		want bool
	}{
		{"alles nee", Step5a{}, false},
		{"intramuraal", Step5a{Intramuraal: true}, true},
		{"hoog intensief ambulant", Step5a{HoogIntensiefAmbulant: true}, true},
		{"behandeling > 75 uur", Step5a{BehandelingMeerDan75Uur: true}, true},
		{"begeleiding > 110", Step5a{BegeleidingMeerDan110: true}, true},
		{"tarief past niet in segment 2", Step5a{TariefBuitenSegment2: true}, true},
		{"alles ja", Step5a{true, true, true, true, true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.HoogSpecialistisch(); got != tt.want {
				t.Fatalf("HoogSpecialistisch() = %v, want %v", got, tt.want)
			}
		})
	}
	v := Vragen()
	if len(v) != 5 || len(Step5a{}.Antwoorden()) != 5 {
		t.Fatalf("%d questions", len(v))
	}
	// Each question's key is the JSON name of the field at the same place.
	typ := reflect.TypeOf(Step5a{})
	for i, q := range v {
		if tag := typ.Field(i).Tag.Get("json"); tag != q.Key || q.Tekst == "" {
			t.Errorf("question %d: key %q, field tag %q", i, q.Key, tag)
		}
		// Answering only question i yes: Antwoorden has yes at i.
		var s Step5a
		reflect.ValueOf(&s).Elem().Field(i).SetBool(true)
		for j, a := range s.Antwoorden() {
			if a != (i == j) {
				t.Errorf("Antwoorden order: question %d set, answer %d = %v", i, j, a)
			}
		}
	}
}

func TestDefaultCatalogus(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range DefaultCatalogus() {
		if err := p.Validate(); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
		if len(p.Code) != 5 || seen[p.Code] {
			t.Errorf("code %q not 5 characters or repeated", p.Code)
		}
		seen[p.Code] = true
	}
}

func TestProductValidate(t *testing.T) {
	ok := Product{Categorie: "45", Code: "45A01", Omschrijving: "Ambulant", Eenheid: "04"}
	tests := []struct {
		name string
		edit func(*Product)
		msg  string
	}{
		{"geldig", func(*Product) {}, ""},
		{"categorie onbekend", func(p *Product) { p.Categorie = "39" }, `Productcategorie "39" bestaat niet in codelijst JZ020.`},
		{"categorie 50", func(p *Product) { p.Categorie = "50" }, "Productcategorie 50 is voor arrangementscodes; kies voor een product een andere categorie."},
		{"code leeg", func(p *Product) { p.Code = "" }, `Productcode "" is ongeldig: een productcode heeft 1 tot en met 5 tekens, zonder spaties.`},
		{"code te lang", func(p *Product) { p.Code = "45A011" }, `Productcode "45A011" is ongeldig: een productcode heeft 1 tot en met 5 tekens, zonder spaties.`},
		{"code met spatie", func(p *Product) { p.Code = "45 01" }, `Productcode "45 01" is ongeldig: een productcode heeft 1 tot en met 5 tekens, zonder spaties.`},
		{"geen omschrijving", func(p *Product) { p.Omschrijving = " " }, "Product 45A01 heeft geen omschrijving."},
		{"eenheid onbekend", func(p *Product) { p.Eenheid = "05" }, `Eenheid "05" bestaat niet in codelijst WJ756.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.edit(&p)
			err := p.Validate()
			if (err == nil) != (tt.msg == "") || (err != nil && err.Error() != tt.msg) {
				t.Fatalf("Validate() = %v, want %q", err, tt.msg)
			}
		})
	}
	if s, ok := ProductcategorieOmschrijving("50"); !ok || s != "Maatwerkarrangementen jeugd" {
		t.Errorf("category 50: %q", s)
	}
	if s, ok := EenheidOmschrijving("14"); !ok || s != "Etmaal" {
		t.Errorf("unit 14: %q", s)
	}
}

func TestIJwProducten(t *testing.T) {
	prod := DefaultCatalogus()[:2]
	ja := &Step5a{Intramuraal: true}
	nee := &Step5a{}
	tests := []struct {
		name      string
		a, i      int
		s         *Step5a
		producten []Product
		want      []IJwProduct
		msg       string
	}{
		{"licht", 4, 1, nil, nil, []IJwProduct{{"50", "50H41"}}, ""},
		{"midden", 4, 2, nil, nil, []IJwProduct{{"50", "50H42"}}, ""},
		{"doorlopend", 2, 4, nil, nil, []IJwProduct{{"50", "50H24"}}, ""},
		{"midden met producten", 4, 2, nil, prod, nil, "Bij arrangementscode 50H42 worden geen productcodes gebruikt; productcodes horen alleen bij hoog-specialistische jeugdhulp (stap 5a)."},
		{"zwaar zonder stap 5a", 6, 3, nil, nil, nil, "Arrangementscode 50H63 vraagt om stap 5a: beantwoord eerst de vragen over hoog-specialistische jeugdhulp (segment 3)."},
		{"chronisch zonder stap 5a", 6, 5, nil, nil, nil, "Arrangementscode 50H65 vraagt om stap 5a: beantwoord eerst de vragen over hoog-specialistische jeugdhulp (segment 3)."},
		{"zwaar, geen segment 3", 6, 3, nee, nil, []IJwProduct{{"50", "50H63"}}, ""},
		{"zwaar, geen segment 3, toch producten", 6, 3, nee, prod, nil, "Volgens stap 5a is dit geen hoog-specialistische jeugdhulp; gebruik de arrangementscode en geen productcodes."},
		{"zwaar, segment 3, geen producten", 6, 3, ja, nil, nil, "Volgens stap 5a is dit hoog-specialistische jeugdhulp (segment 3); kies een of meer productcodes in plaats van de arrangementscode."},
		{"zwaar, segment 3", 6, 3, ja, prod, []IJwProduct{{"43", "43A01"}, {"44", "44A01"}}, ""},
		{"chronisch, segment 3, ongeldig product", 9, 5, ja, []Product{{Categorie: "50", Code: "50H95", Omschrijving: "x", Eenheid: "82"}}, nil, "Productcategorie 50 is voor arrangementscodes; kies voor een product een andere categorie."},
		{"ongeldig arrangement", 10, 1, nil, nil, nil, "Arrangement 10 bestaat niet; kies een arrangement van 1 tot en met 9."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IJwProducten(tt.a, tt.i, tt.s, tt.producten)
			if tt.msg != "" {
				if err == nil || err.Error() != tt.msg || got != nil {
					t.Fatalf("got %v, %v; want error %q", got, err, tt.msg)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}
