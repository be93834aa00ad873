package xsdgen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const basis = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
  targetNamespace="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" elementFormDefault="qualified">
  <xs:simpleType name="LDT_Code"><xs:restriction base="xs:string"><xs:length value="2"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="LDT_Getal"><xs:restriction base="xs:integer"><xs:totalDigits value="3"/><xs:minInclusive value="-5"/></xs:restriction></xs:simpleType>
  <xs:complexType name="CDT_Paar"><xs:sequence>
    <xs:element name="Code" type="ijw:LDT_Code"/>
    <xs:element name="Getal" type="ijw:LDT_Getal" minOccurs="0" maxOccurs="3"/>
  </xs:sequence></xs:complexType>
</xs:schema>`

func message(body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
  xmlns:jw999="http://www.istandaarden.nl/ijw/3_2/jw999/schema" targetNamespace="http://www.istandaarden.nl/ijw/3_2/jw999/schema" elementFormDefault="qualified">
  <xs:import namespace="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" schemaLocation="basisschema.xsd"/>
  <xs:element name="Bericht" type="jw999:Root"/>
  <xs:complexType name="Root"><xs:sequence>
    <xs:element name="Header" type="jw999:Header"/>
    <xs:element name="Paar" type="ijw:CDT_Paar" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType>
  <xs:complexType name="Header"><xs:sequence>
    <xs:element name="BerichtCode"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="999"/></xs:restriction></xs:simpleType></xs:element>
    ` + body + `
  </xs:sequence></xs:complexType>
</xs:schema>`
}

func writeSchemas(t *testing.T, msg string) string {
	dir := t.TempDir()
	for name, content := range map[string]string{"basisschema.xsd": basis, "JW999.xsd": msg} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadProfile(t *testing.T) {
	s, err := Load(writeSchemas(t, message(`<xs:element name="Datum" type="xs:date" minOccurs="0"/>`)))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Messages) != 1 || s.Messages[0].Code != "JW999" || s.Messages[0].BerichtCode != "999" {
		t.Fatalf("%+v", s.Messages)
	}
	var getal, code *SimpleType
	for _, st := range s.Simple {
		switch st.Name {
		case "LDT_Getal":
			getal = st
		case "LDT_Code":
			code = st
		}
	}
	if getal == nil || getal.TotalDig != 3 || getal.MinIncl != "-5" || getal.Builtin != "integer" {
		t.Errorf("LDT_Getal: %+v", getal)
	}
	if code == nil || code.Length != 2 {
		t.Errorf("LDT_Code: %+v", code)
	}
	files, err := Generate(writeSchemas(t, message(``)))
	if err != nil {
		t.Fatal(err)
	}
	types := string(files[TypesFile])
	for _, want := range []string{"type JW999 struct", "Paar []Paar", "Getal []int64", "TypeJW999 MessageType"} {
		if !strings.Contains(types, want) {
			t.Errorf("gegenereerde typen missen %q", want)
		}
	}
}

// TestLoadRejectsUnsupported: constructs outside the profile are errors,
// not silently ignored.
func TestLoadRejectsUnsupported(t *testing.T) {
	tests := map[string]string{
		"xs:choice":     `<xs:choice><xs:element name="A" type="xs:string"/></xs:choice>`,
		"attribute":     `<xs:element name="A" type="xs:string" nillable="true"/>`,
		"xs:decimal":    `<xs:element name="A" type="xs:decimal"/>`,
		"ref":           `<xs:element ref="jw999:Bericht"/>`,
		"xs:whiteSpace": `<xs:element name="A"><xs:simpleType><xs:restriction base="xs:string"><xs:whiteSpace value="collapse"/></xs:restriction></xs:simpleType></xs:element>`,
		"pattern":       `<xs:element name="A"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="\w+"/></xs:restriction></xs:simpleType></xs:element>`,
	}
	for name, body := range tests {
		if _, err := Load(writeSchemas(t, message(body))); err == nil {
			t.Errorf("%s: geen fout", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}
