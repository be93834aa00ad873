// Package ijw implements the iJw 3.2 message standard between
// municipalities (gemeenten) and youth-care providers (aanbieders): the
// 14 messages JW301, 302, 305, 306, 307, 308, 315, 316, 317, 318, 319, 320,
// 323 and 325, their validation at the levels the standard defines, and the
// retour messages a receiver sends back.
//
// # Types, encoding and decoding
//
// The Go types (JW301, JW301Client, Product, ...) and the schema tables the
// validator walks are generated from the official XSDs by internal/xsdgen
// ("go generate ./internal/ijw", which reads ../shared/ijw/xsd). The
// generated code is committed, so the binary needs no XSD at run time; a
// test regenerates from the committed copy in testdata/xsd and from
// ../shared/ijw when present and fails if the committed code differs. The
// generator accepts exactly the XSD profile the iJw schemas use (sequences
// with minOccurs/maxOccurs, simple-type restrictions with pattern,
// enumeration, length, minLength, maxLength, minInclusive, maxInclusive and
// totalDigits, xs:import) and refuses anything else, so a future schema with
// choices or attributes fails generation instead of being validated wrongly.
// XSD patterns are translated to Go regular expressions with XSD's meaning
// of '.', '\s' and '\d' and implicit anchors.
//
// Element i of an XSD sequence is field i of the generated struct. Integers
// are int64, dates and times the string types Date and Time (xs:date and
// xs:time without zone), optional elements pointers or omitempty strings.
// Children of the base schema's complex types are in the ijw namespace, the
// rest in the message's own, exactly as the schemas qualify them.
//
// Decode reads a message and checks it against its XSD in one pass; Marshal
// and Encode write UTF-8 without BOM, CR LF line ends and the jwNNN/ijw
// prefixes, and validate their own output, so the package never writes a
// message that fails the XSD.
//
// # Validation levels
//
// The standard checks a received message at four levels (IV032); which level
// fails decides what goes back:
//
//  1. XSD (ValidateXSD, ValidateXSDBytes, Decode): structure, cardinality,
//     namespaces, facets, xs:date/xs:time/xs:integer lexical rules with
//     whitespace collapsing where the builtin demands it. A failure gives no
//     retour (a transport error for the sender). Verdicts are tested against
//     xmllint on every example, on 109 lexical edge cases and on a generated
//     corpus of 1,260 mutants (about half of them valid).
//  2. In-message rules (Validate; "XSLT level"): the condition and
//     constraint rules and the technical rules that need only the message.
//     A failure gives a header-only retour with 0001 and XsltVersie.
//  3. Cross-message rules (CheckCross): rules against earlier messages,
//     through the small Knowledge interface; Memory implements it in memory
//     and learns from messages passed to Record. Storage-backed
//     implementations come later.
//  4. External sources (CheckExternal): TR135, the Dagtekening is not in
//     the future, given today's date. Code lists and contracts: see below.
//
// Each rule is one named function (ruleTR302, crossTR019, ...) registered
// with its code, its retourcode, its level and the messages it applies to;
// Rules lists them.
//
// # Input hardening
//
// The scanner is a streaming XML tokenizer written for this package. It
// rejects rather than expands: no DTD (so no entity expansion and no
// external entities), only the five predefined entities and character
// references, UTF-8 only, no byte order mark, at most MaxFileSize (25 MiB,
// OP179) read, nesting at most 64 deep, at most 32 attributes on an
// element, no tag, comment or element text above 1 MiB. Its memory does not grow with the input, so a 25 MB JW323
// is checked in a few megabytes: ValidateReader runs the JW323 rules client
// by client while the message streams by. Truncated or hostile input gives
// an error, never a panic; fuzz targets FuzzDecode and FuzzValidate keep it
// so. Deliberate differences from xmllint: a BOM, a DTD, an encoding other
// than UTF-8 and the attributes xsi:type and xsi:nil are refused here
// (xmllint would accept some of them).
//
// # Retour messages
//
// Retour builds JW302, 306, 308, 316, 318 and 320 from their heen message:
// the header is copied unchanged (IV028) except the BerichtCode, plus the
// retour's own identification; a level-2 finding gives a header with 0001;
// a finding on the header a header with its code; findings inside the
// client give the client and all its classes with their own codes or 0200;
// no findings give the header alone. For a JW323 it builds the JW325
// (IV087/IV088): fully approved (8001), partly approved with the rejected
// prestaties and the approved total, or rejected as a whole. RetourFor
// does decode, in-message rules and building in one call; the command
// "jeugdhulp ijw retour FILE" uses it.
//
// # Implemented rules
//
// In-message (retourcode 0001): CS002 (BSN 11-proef), TR002 and CS139
// (birth date), TR101 (duplicate keys in 301, 305, 307, 317, and
// ReferentieNummer in 323), CS003 (end before start), TR302 (no
// overlapping toewijzingen), CS335 and CS336 (RedenWijziging 13 and 01),
// CD041, CD075, CD076, CD077, CD079, CD080 and CS338 (Omvang, Budget,
// Product, Einddatum, unit and frequency combinations), TR061 and TR006
// (addresses), CS058 (StatusAanlevering 1 or 3), TR018, TR383, TR386,
// CD043, CD066, CD068, TR352, TR353, TR410, CD085, TR377, CS340, CS100,
// CS325, TR358, TR315, TR316, CD060, CS337, TR319 (the in-message part),
// TR335, CD087, CS339, TR346 and TR342.
//
// Cross-message: TR056 (9056); for JW301 TR332 (9332), TR379 (9379),
// TR385 (9385); for JW305/307 TR019 (9019), TR074 (9074), TR063 (9063),
// TR326 (9326), TR071 (9071), TR382 (9069), TR413 (9413), TR414 (9414),
// TR415 (9415); for JW315/317 TR347 (9347), TR374 (9374), and for the VOW
// TR349 (9349), TR350 (9350), TR351 (9351), TR361 (9361), TR357 (9357),
// TR373 (9373), TR411 (9411), TR412 (9412), TR375 (9375); for JW319 TR355 (9355), TR359
// (9359), TR360 (9360), TR365 (9365); for JW323 TR333 (9333), TR318 (8214,
// the part that can be checked: no period before the previous one), TR338
// (9338), TR304 (8187), TR384 (9384), TR307 (9307), TR308 (9308), TR387
// (9387), TR388 (9388), TR339 (9339), TR340 (9340), TR314 (8021), TR323
// (8017), TR389 (9389), TR390 (9390); for a received JW325 TR366 (9366)
// and TR367 (9367). "Actueel" (TR349-351) is judged on the message's
// Dagtekening, so that a check does not depend on when it runs.
//
// # Rules left out, and why
//
//   - External-source rules TR378 (the material has only the CBS indeling
//     of 2026, while the rule accepts older codes for toewijzingen that
//     start before a merger), TR381 (product code list 021: not in the
//     material), TR418/0611 (contract tariff) and TR341's contract unit:
//     they need data the system's catalogue will hold and belong there.
//   - Volume and budget limits TR321, TR322 and TR369 and the unit check
//     TR341: they need the contract's unit and the ISO-week/Sunday volume
//     calendar of IV076/IV077 per execution variant, which is not in the
//     message; they belong with the contract catalogue.
//   - TR318 cannot tell whether care was delivered in a skipped month, so
//     only its ordering part is checked. TR337, TR371 and
//     TR376 (a 325 against its 323) have no retourcode:
//     the provider receiving a 325 cannot answer it; JW325s this package
//     builds meet them by construction (TestDeclaratieAntwoord).
//   - TR134 and TR137 (dates not after the Dagtekening): the rule texts in
//     the material do not say which dates; TR380 likewise names no element.
//   - The business rules (OP...) without a retourcode shape the domain model,
//     not message validation.
package ijw
