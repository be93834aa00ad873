// Package arrangement holds the region's resultaatgerichte arrangementen
// (DOMAIN.md §5, R-ARR-1 and R-ARR-2) as pure Go rules, with no database or
// HTTP: the nine arrangements with their descriptions, the five
// intensities with the guideline texts for judging the distance to the
// result, the arrangement code 50Hxy that follows from the two, the step-5a
// check whether care is hoog-specialistisch (segment 3) and then takes
// product codes instead of the arrangement code, and how an arrangement
// travels in iJw messages (product category 50 with the code as product
// code).
//
// All Dutch texts (arrangements, intensities, step-5a questions) are copied
// from the 7-step plan for providers (seeds/002, version December 2017),
// with the line breaks and word splits of the PDF extraction removed and
// nothing else changed. The short "Behoefte aan ..." descriptions come from
// step 3 of the 12-step plan (seeds/001). Error messages are in Dutch
// because they are shown to users as they are.
package arrangement
