package api_test

import (
	"encoding"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/api"
)

// openAPIDoc is the part of the OpenAPI document the tests read.
type openAPIDoc struct {
	OpenAPI    string                           `json:"openapi"`
	Paths      map[string]map[string]*operation `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

type operation struct {
	RequestBody *struct {
		Content map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

// schema is the subset of JSON Schema the document uses.
type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	Items                *schema            `json:"items"`
	AnyOf                []*schema          `json:"anyOf"`
	AdditionalProperties json.RawMessage    `json:"additionalProperties"`
	MaxProperties        *int               `json:"maxProperties"`
}

// loadOpenAPI reads the document as the API serves it.
func loadOpenAPI(t *testing.T) *openAPIDoc {
	t.Helper()
	mux := http.NewServeMux()
	(&api.API{}).Register(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/openapi.json", nil))
	var doc openAPIDoc
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return &doc
}

// resolve follows $ref to components/schemas.
func (d *openAPIDoc) resolve(s *schema) (*schema, error) {
	for s != nil && s.Ref != "" {
		name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/")
		next := d.Components.Schemas[name]
		if !ok || next == nil {
			return nil, fmt.Errorf("$ref %s names no schema", s.Ref)
		}
		s = next
	}
	return s, nil
}

func typed(s *schema) bool { return s != nil && (s.Ref != "" || s.Type != "" || len(s.AnyOf) > 0) }

// untyped lists the places in s, without following $ref, where an object
// names no properties or an array no items: a schema only in name.
func untyped(s *schema, at string) []string {
	if s == nil || s.Ref != "" {
		return nil
	}
	var errs []string
	if !typed(s) {
		errs = append(errs, at+": no $ref, type or anyOf")
	}
	switch s.Type {
	case "object":
		if s.Properties == nil && len(s.AdditionalProperties) == 0 && (s.MaxProperties == nil || *s.MaxProperties != 0) {
			errs = append(errs, at+": an object without properties")
		}
	case "array":
		if s.Items == nil {
			errs = append(errs, at+": an array without items")
		}
	}
	for name, p := range s.Properties {
		errs = append(errs, untyped(p, at+"."+name)...)
	}
	for i, alt := range s.AnyOf {
		errs = append(errs, untyped(alt, fmt.Sprintf("%s.anyOf[%d]", at, i))...)
	}
	return append(errs, untyped(s.Items, at+"[]")...)
}

// TestOpenAPIMatchesRoutes fails when a route is added without documenting
// it, or the document names a route that does not exist.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi version %q, want 3.1.x", doc.OpenAPI)
	}
	var documented, registered []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	for _, r := range api.Routes() {
		registered = append(registered, r.Method+" "+r.Path)
	}
	sort.Strings(documented)
	sort.Strings(registered)
	if strings.Join(documented, "\n") != strings.Join(registered, "\n") {
		t.Fatalf("OpenAPI and routes differ:\ndocumented:\n%s\nregistered:\n%s", strings.Join(documented, "\n"), strings.Join(registered, "\n"))
	}
}

// TestOpenAPIPathsAreDutch holds the paths to the NL GOV API Design Rules
// as this API applies them: lower-case kebab-case segments, no trailing
// slash (API-48), and none of the English names the API once had.
func TestOpenAPIPathsAreDutch(t *testing.T) {
	english := []string{"me", "organisations", "clients", "address", "trajectories", "gaps", "signatures", "consents", "provider",
		"finish", "response", "my-work", "arrangements"}
	for _, r := range api.Routes() {
		if strings.HasSuffix(r.Path, "/") {
			t.Errorf("%s %s ends in a slash", r.Method, r.Path)
		}
		for _, seg := range strings.Split(strings.TrimPrefix(r.Path, "/api/v1/"), "/") {
			if strings.HasPrefix(seg, "{") {
				continue
			}
			if seg != strings.ToLower(seg) || strings.Contains(seg, "_") || slices.Contains(english, seg) {
				t.Errorf("%s %s: segment %q is not a Dutch kebab-case name", r.Method, r.Path, seg)
			}
		}
	}
}

// TestOpenAPIBodiesHaveSchemas fails when an operation's JSON request body
// or 2xx JSON response has no typed schema (an object must name its
// properties, an array its items), when the document and a route disagree
// on whether there is a body, and when a schema and the Go type the handler
// decodes or encodes name different keys or types.
func TestOpenAPIBodiesHaveSchemas(t *testing.T) {
	doc := loadOpenAPI(t)
	for _, r := range api.Routes() {
		name := r.Method + " " + r.Path
		op := doc.Paths[r.Path][strings.ToLower(r.Method)]
		if op == nil {
			continue // TestOpenAPIMatchesRoutes reports it
		}
		switch {
		case op.RequestBody != nil:
			for _, e := range untyped(op.RequestBody.Content["application/json"].Schema, "request") {
				t.Errorf("%s: %s", name, e)
			}
			if !typed(op.RequestBody.Content["application/json"].Schema) {
				t.Errorf("%s: request body without a JSON schema ($ref or type)", name)
			} else if r.In == nil {
				t.Errorf("%s: the document has a request body the handler does not read", name)
			} else {
				s := op.RequestBody.Content["application/json"].Schema
				for _, e := range doc.compareType(reflect.TypeOf(r.In), s, "request") {
					t.Errorf("%s: %s", name, e)
				}
			}
		case r.In != nil:
			t.Errorf("%s: the handler reads a %T the document does not describe", name, r.In)
		}
		var out *schema
		for status, resp := range op.Responses {
			if !strings.HasPrefix(status, "2") {
				continue
			}
			if len(resp.Content) == 0 && status != "204" {
				t.Errorf("%s: response %s has no content; only 204 may be empty", name, status)
			}
			for ctype, c := range resp.Content {
				if !typed(c.Schema) {
					t.Errorf("%s: response %s %s without a schema ($ref or type)", name, status, ctype)
				}
				for _, e := range untyped(c.Schema, "response "+status) {
					t.Errorf("%s: %s", name, e)
				}
				if ctype == "application/json" {
					out = c.Schema
				}
			}
		}
		switch {
		case out != nil && r.Out == nil:
			t.Errorf("%s: the document has a JSON response the route does not declare", name)
		case out == nil && r.Out != nil:
			t.Errorf("%s: the handler writes a %T the document does not describe", name, r.Out)
		case out != nil:
			for _, e := range doc.compareType(reflect.TypeOf(r.Out), out, "response") {
				t.Errorf("%s: %s", name, e)
			}
		}
	}
	for name, s := range doc.Components.Schemas {
		for _, e := range untyped(s, name) {
			t.Errorf("components/schemas/%s", e)
		}
	}
}

var (
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	timeType       = reflect.TypeFor[time.Time]()
	marshalerType  = reflect.TypeFor[json.Marshaler]()
	textType       = reflect.TypeFor[encoding.TextMarshaler]()
)

// jsonField is a key as encoding/json writes a struct.
type jsonField struct {
	name string
	typ  reflect.Type
	omit bool // omitempty or omitzero
}

// jsonFields lists a struct's keys by encoding/json's rules: tags, embedded
// structs inlined, the shallower of two equal names wins.
func jsonFields(t reflect.Type) []jsonField {
	type found struct {
		jsonField
		depth int
	}
	byName := map[string]found{}
	var order []string
	var walk func(t reflect.Type, depth int)
	walk = func(t reflect.Type, depth int) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := f.Type
			if f.Anonymous && name == "" {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft, depth+1)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if prev, ok := byName[name]; ok && prev.depth <= depth {
				continue
			} else if !ok {
				order = append(order, name)
			}
			omit := strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
			byName[name] = found{jsonField{name, ft, omit}, depth}
		}
	}
	walk(t, 0)
	out := make([]jsonField, 0, len(order))
	for _, n := range order {
		out = append(out, byName[n].jsonField)
	}
	return out
}

// leafType is the JSON type a Go type that is not an object or array
// encodes to; "" when the test cannot tell (json.RawMessage, a Marshaler).
func leafType(t reflect.Type) (string, bool) {
	switch {
	case t == timeType:
		return "string", true
	case t == rawMessageType, t.Implements(marshalerType), reflect.PointerTo(t).Implements(marshalerType):
		return "", true
	case t.Implements(textType):
		return "string", true
	}
	switch t.Kind() {
	case reflect.String:
		return "string", true
	case reflect.Bool:
		return "boolean", true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer", true
	case reflect.Float32, reflect.Float64:
		return "number", true
	case reflect.Interface, reflect.Map:
		return "", true
	}
	return "", false
}

// compareType checks that schema s describes Go type t: the same keys,
// recursively, the same JSON types, and required keys that are always sent.
func (d *openAPIDoc) compareType(t reflect.Type, s *schema, at string) []string {
	s, err := d.resolve(s)
	if err != nil {
		return []string{at + ": " + err.Error()}
	}
	if len(s.AnyOf) > 0 {
		// A nullable value or a documented alternative: the first
		// alternative that is not null describes the type.
		for _, alt := range s.AnyOf {
			if alt.Type != "null" {
				return d.compareType(t, alt, at)
			}
		}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if lt, ok := leafType(t); ok {
		if lt != "" && s.Type != lt {
			return []string{fmt.Sprintf("%s: schema type %q, Go %s encodes as %s", at, s.Type, t, lt)}
		}
		return nil
	}
	var errs []string
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		if s.Type != "array" || s.Items == nil {
			return []string{fmt.Sprintf("%s: Go %s is a JSON array, the schema is %q with items %v", at, t, s.Type, s.Items != nil)}
		}
		return d.compareType(t.Elem(), s.Items, at+"[]")
	case reflect.Struct:
		if s.Type != "object" {
			return []string{fmt.Sprintf("%s: Go %s is a JSON object, the schema is %q", at, t, s.Type)}
		}
		fields := jsonFields(t)
		sent := map[string]bool{}
		for _, f := range fields {
			p, ok := s.Properties[f.name]
			if !ok {
				errs = append(errs, fmt.Sprintf("%s: key %q is not in the schema", at, f.name))
				continue
			}
			sent[f.name] = !f.omit
			errs = append(errs, d.compareType(f.typ, p, at+"."+f.name)...)
		}
		for name := range s.Properties {
			if _, ok := sent[name]; !ok {
				errs = append(errs, fmt.Sprintf("%s: the schema names %q, which Go %s does not have", at, name, t))
			}
		}
		for _, name := range s.Required {
			if !sent[name] {
				errs = append(errs, fmt.Sprintf("%s: %q is required but Go %s may leave it out", at, name, t))
			}
		}
		return errs
	}
	return []string{fmt.Sprintf("%s: the test cannot compare Go %s", at, t)}
}

// checkValue checks decoded JSON against schema s: every key of an object
// is a property the schema names, required keys are present, and types
// match, recursively.
func (d *openAPIDoc) checkValue(v any, s *schema, at string) []string {
	s, err := d.resolve(s)
	if err != nil {
		return []string{at + ": " + err.Error()}
	}
	if len(s.AnyOf) > 0 {
		var first []string
		for i, alt := range s.AnyOf {
			errs := d.checkValue(v, alt, at)
			if len(errs) == 0 {
				return nil
			}
			if i == 0 {
				first = errs
			}
		}
		return first
	}
	switch v := v.(type) {
	case nil:
		if s.Type != "null" {
			return []string{fmt.Sprintf("%s: null, the schema wants %q", at, s.Type)}
		}
	case string:
		if s.Type != "string" {
			return []string{fmt.Sprintf("%s: a string, the schema wants %q", at, s.Type)}
		}
	case bool:
		if s.Type != "boolean" {
			return []string{fmt.Sprintf("%s: a boolean, the schema wants %q", at, s.Type)}
		}
	case float64:
		if s.Type != "number" && (s.Type != "integer" || v != float64(int64(v))) {
			return []string{fmt.Sprintf("%s: the number %v, the schema wants %q", at, v, s.Type)}
		}
	case []any:
		if s.Type != "array" || s.Items == nil {
			return []string{fmt.Sprintf("%s: an array, the schema wants %q", at, s.Type)}
		}
		var errs []string
		for i, e := range v {
			errs = append(errs, d.checkValue(e, s.Items, fmt.Sprintf("%s[%d]", at, i))...)
		}
		return errs
	case map[string]any:
		if s.Type != "object" {
			return []string{fmt.Sprintf("%s: an object, the schema wants %q", at, s.Type)}
		}
		if s.MaxProperties != nil && len(v) > *s.MaxProperties {
			return []string{fmt.Sprintf("%s: %d keys, the schema allows %d", at, len(v), *s.MaxProperties)}
		}
		var errs []string
		for _, name := range s.Required {
			if _, ok := v[name]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required key %q is missing", at, name))
			}
		}
		var extra *schema
		if len(s.AdditionalProperties) > 0 && s.AdditionalProperties[0] == '{' {
			extra = new(schema)
			json.Unmarshal(s.AdditionalProperties, extra)
		}
		for k, e := range v {
			p, ok := s.Properties[k]
			if !ok {
				p = extra
			}
			if p == nil {
				errs = append(errs, fmt.Sprintf("%s: key %q is not in the schema", at, k))
				continue
			}
			errs = append(errs, d.checkValue(e, p, at+"."+k)...)
		}
		return errs
	}
	return nil
}

// TestSchemaCheckers makes sure the two checks above fail where they must,
// so a green run of the other tests means something.
func TestSchemaCheckers(t *testing.T) {
	doc := loadOpenAPI(t)
	ref := func(name string) *schema { return &schema{Ref: "#/components/schemas/" + name} }
	type versie struct {
		Versie int `json:"versie"`
	}
	type extra struct {
		versie
		Other string `json:"other"`
	}
	type wrongType struct {
		Versie string `json:"versie"`
	}
	type optional struct {
		Versie int `json:"versie,omitempty"`
	}
	for _, tc := range []struct {
		typ  any
		want string
	}{
		{versie{}, ""},
		{extra{}, `key "other" is not in the schema`},
		{wrongType{}, `schema type "integer"`},
		{optional{}, `"versie" is required`},
		{struct{}{}, `the schema names "versie"`},
	} {
		errs := strings.Join(doc.compareType(reflect.TypeOf(tc.typ), ref("Versie"), "x"), "\n")
		if tc.want == "" && errs != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("compareType(%T): %q, want %q", tc.typ, errs, tc.want)
		}
	}
	for _, tc := range []struct {
		body, schema, want string
	}{
		{`{"versie": 3}`, "Versie", ""},
		{`{"versie": 3, "version": 3}`, "Versie", `key "version"`},
		{`{}`, "Versie", `required key "versie"`},
		{`{"versie": "3"}`, "Versie", "a string"},
		{`{"type": "about:blank", "title": "x", "status": 422, "fouten": {"bsn": "fout"}}`, "Probleem", ""},
		{`{"type": "about:blank", "title": "x", "status": 422, "errors": {"bsn": "fout"}}`, "Probleem", `key "errors"`},
		{`{"leefgebied": "gezin", "afspraken": null}`, "Resultaat", ""},
		{`{"leefgebied": "gezin", "afspraken": [{"wie": "gezin", "who": 1}]}`, "Resultaat", `key "who"`},
	} {
		var v any
		if err := json.Unmarshal([]byte(tc.body), &v); err != nil {
			t.Fatal(err)
		}
		errs := strings.Join(doc.checkValue(v, ref(tc.schema), "x"), "\n")
		if tc.want == "" && errs != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("checkValue(%s): %q, want %q", tc.body, errs, tc.want)
		}
	}
}

// responseSchema is the 2xx JSON schema of route METHOD PATH.
func (d *openAPIDoc) responseSchema(t *testing.T, method, path string) *schema {
	t.Helper()
	op := d.Paths[path][strings.ToLower(method)]
	if op == nil {
		t.Fatalf("%s %s is not documented", method, path)
	}
	for status, resp := range op.Responses {
		if strings.HasPrefix(status, "2") {
			if c, ok := resp.Content["application/json"]; ok {
				return c.Schema
			}
		}
	}
	t.Fatalf("%s %s has no JSON response", method, path)
	return nil
}

// readJSON decodes a response body.
func readJSON(t *testing.T, r io.Reader) any {
	t.Helper()
	var v any
	if err := json.NewDecoder(r).Decode(&v); err != nil {
		t.Fatalf("response is no JSON: %v", err)
	}
	return v
}
