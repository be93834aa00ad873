package ipva

import (
	"testing"
	"time"
)

func TestCanShareWithProvider(t *testing.T) {
	consent := Toestemming{Aanbieder: "42", Vorm: Schriftelijk, GegevenDoor: "Vader", Datum: d(2026, time.March, 1)}
	withdrawn := consent
	withdrawn.IngetrokkenOp = d(2026, time.March, 10)
	other := consent
	other.Aanbieder = "7"
	general := consent
	general.Aanbieder = ""
	const (
		geen        = "Er is geen toestemming van de jeugdige of het gezin vastgelegd om het IPVA te delen met deze jeugdhulpaanbieder."
		ingetrokken = "De jeugdige of het gezin heeft de toestemming om het IPVA te delen met deze jeugdhulpaanbieder ingetrokken op 10 maart 2026."
	)
	tests := []struct {
		name      string
		route     Route
		consents  []Toestemming
		aanbieder string
		on        time.Time
		code, msg string
	}{
		{"toestemming", RouteToegang, []Toestemming{consent}, "42", d(2026, time.March, 5), "", ""},
		{"toestemming op de dag zelf", RouteToegang, []Toestemming{consent}, "42", d(2026, time.March, 1), "", ""},
		{"toestemming pas later gegeven", RouteToegang, []Toestemming{consent}, "42", d(2026, time.February, 28), CodeGeenToestemming, geen},
		{"geen toestemming", RouteToegang, nil, "42", d(2026, time.March, 5), CodeGeenToestemming, geen},
		{"toestemming voor een andere aanbieder", RouteToegang, []Toestemming{other}, "42", d(2026, time.March, 5), CodeGeenToestemming, geen},
		{"algemene toestemming zonder aanbieder", RouteToegang, []Toestemming{general}, "42", d(2026, time.March, 5), CodeGeenToestemming, geen},
		{"ingetrokken", RouteToegang, []Toestemming{withdrawn}, "42", d(2026, time.March, 10), CodeToestemmingIngetrokken, ingetrokken},
		{"voor de intrekking", RouteToegang, []Toestemming{withdrawn}, "42", d(2026, time.March, 9), "", ""},
		{"ingetrokken en opnieuw gegeven", RouteToegang, []Toestemming{withdrawn, {Aanbieder: "42", Vorm: Mondeling, GegevenDoor: "Vader", Datum: d(2026, time.March, 12)}}, "42", d(2026, time.March, 12), "", ""},
		{"medisch domein: ook toestemming nodig", RouteMedisch, nil, "42", d(2026, time.March, 5), CodeGeenToestemming, geen},
		{"GI: geen toestemming nodig", RouteGI, nil, "42", d(2026, time.March, 5), "", ""},
		{"geen aanbieder", RouteToegang, []Toestemming{consent}, "", d(2026, time.March, 5), CodeGeenAanbieder, "Kies eerst de jeugdhulpaanbieder waarmee het IPVA wordt gedeeld."},
		{"GI: geen aanbieder", RouteGI, nil, " ", d(2026, time.March, 5), CodeGeenAanbieder, "Kies eerst de jeugdhulpaanbieder waarmee het IPVA wordt gedeeld."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkReason(t, CanShareWithProvider(tt.route, tt.consents, tt.aanbieder, tt.on), tt.code, tt.msg)
			checkReason(t, CanStartCare(tt.route, tt.consents, tt.aanbieder, tt.on), tt.code, tt.msg)
		})
	}
}

func TestCanSubmitIPVA(t *testing.T) {
	tests := []struct {
		name  string
		route Route
		edit  func(*IPVA)
		code  string
		msg   string
		gaps  int
	}{
		{"compleet", RouteToegang, func(*IPVA) {}, "", "", 0},
		{"aanleiding ontbreekt", RouteToegang, func(p *IPVA) { p.Aanleiding = "" }, CodeIPVAOnvolledig,
			"Het IPVA is nog niet compleet: 1 onderdeel ontbreekt. Vul de aanleiding in.", 1},
		{"twee onderdelen", RouteToegang, func(p *IPVA) { p.Aanleiding = ""; p.Regisseur = "" }, CodeIPVAOnvolledig,
			"Het IPVA is nog niet compleet: 2 onderdelen ontbreken. Vul de aanleiding in. Vul in wie coördineert (de regisseur).", 2},
		{"onvolledig gaat voor handtekening", RouteToegang, func(p *IPVA) { p.Aanleiding = ""; p.Handtekeningen = nil }, CodeIPVAOnvolledig,
			"Het IPVA is nog niet compleet: 1 onderdeel ontbreekt. Vul de aanleiding in.", 1},
		{"13-jarige tekende niet", RouteToegang, func(p *IPVA) { p.Handtekeningen = []Handtekening{p.Handtekeningen[0], p.Handtekeningen[2]} }, CodeNietOndertekend,
			"Het IPVA is nog niet volledig ondertekend. Het IPVA moet nog worden ondertekend door de jeugdige.", 1},
		{"geen toestemming, medisch", RouteMedisch, func(p *IPVA) { p.Toestemmingen = nil }, CodeGeenToestemming,
			"Er is geen geldige toestemming vastgelegd om het IPVA te delen. Leg vast dat de jeugdige of het gezin toestemming geeft om het IPVA te delen met de jeugdhulpaanbieder (mondeling of schriftelijk, door wie, wanneer).", 1},
		{"GI zonder toestemming en zonder gezin", RouteGI, func(p *IPVA) { p.Toestemmingen = nil; p.Handtekeningen = p.Handtekeningen[:1] }, "", "", 0},
		// On the Toegang route consent comes with the choice of provider.
		{"Toegang zonder toestemming", RouteToegang, func(p *IPVA) { p.Toestemmingen = nil }, "", "", 0},
		{"GI zonder opsteller", RouteGI, func(p *IPVA) { p.Handtekeningen = p.Handtekeningen[1:] }, CodeNietOndertekend,
			"Het IPVA is nog niet volledig ondertekend. Het IPVA moet nog worden ondertekend door de opsteller.", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := complete()
			tt.edit(&p)
			err := CanSubmitIPVA(p, tt.route)
			checkReason(t, err, tt.code, tt.msg)
			if err != nil && len(err.(*Reason).Gaps) != tt.gaps {
				t.Fatalf("gaps: %v", err.(*Reason).Gaps)
			}
		})
	}
}
