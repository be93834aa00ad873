// Package ijw implements the iJw 3.2 message standard between municipalities
// and youth-care providers.
package ijw
