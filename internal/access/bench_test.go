package access_test

import (
	"context"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// BenchmarkListReadLog measures what the access log adds to a list view:
// concurrent list reads of the same client set, each returning only after
// its entry is durable (the Mijn werk pattern, without the page).
func BenchmarkListReadLog(b *testing.B) {
	f := setup(b)
	p := principal(f.linked, access.Toegangsmedewerker)
	op := access.Op{Action: access.Lijst, Object: "mijn werk", Purpose: access.Hulpverlening}
	ids := []int64{f.client}
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			err := f.gate.ListRead(context.Background(), p, op, func(database.Querier, access.Scope, access.View) ([]int64, error) {
				return ids, nil
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}
