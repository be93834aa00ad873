package access

import (
	"context"
	"fmt"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// ClientRead is Client for a page that only reads one youth's data: the
// need-to-know check (a role that reads client data, and the principal's
// organisation linked to the youth) and fn run in one read-only transaction
// on the read pool, concurrently with other readers and with the writer.
// The access-log entry for the youth then goes through the group commit of
// list reads, and ClientRead returns only once that entry is durable: the
// caller may show what fn read only when ClientRead returns nil.
//
// A refusal is logged and returns ErrRefused; when fn fails, the attempt is
// logged as failed and fn's error is returned, as with Client. op must be a
// read (Lezen, Lijst, Exporteren); a change goes through Client.
func (g *Gate) ClientRead(ctx context.Context, p Principal, clientID int64, op Op, fn func(q database.Querier, v View) error) error {
	return g.readOne(ctx, p, clientID, op, func(tx *database.Tx) (bool, error) {
		return linkedClient(ctx, tx, p.OrgID, clientID)
	}, func(tx *database.Tx, v View) error { return fn(tx, v) })
}

// TrajectoryRead is Trajectory for a page that only reads: the check that
// p's organisation is linked to this trajectory and fn run in a read-only
// transaction on the read pool; the entry, naming the youth and the
// trajectory, goes through the group commit, and TrajectoryRead returns only
// once it is durable. Refusals and failures are logged as with ClientRead.
func (g *Gate) TrajectoryRead(ctx context.Context, p Principal, c Case, op Op, fn func(tx *database.Tx, v View) error) error {
	op.Trajectory = c.TrajectoryID
	return g.readOne(ctx, p, c.ClientID, op, func(tx *database.Tx) (bool, error) {
		return Linked(ctx, tx, p.OrgID, c.TrajectoryID)
	}, fn)
}

// readOne is the body of ClientRead and TrajectoryRead.
func (g *Gate) readOne(ctx context.Context, p Principal, clientID int64, op Op, linked func(tx *database.Tx) (bool, error), fn func(tx *database.Tx, v View) error) error {
	if !readOnly(op.Action) {
		return fmt.Errorf("access: read of client %d for %q, which is not a read", clientID, op.Action)
	}
	if err := g.checkPurpose(ctx, p, &clientID, op); err != nil {
		return err
	}
	refused, ran := false, false
	err := g.DB.Read(ctx, func(tx *database.Tx) error {
		ok := p.CanReadClient()
		if ok {
			var err error
			if ok, err = linked(tx); err != nil {
				return err
			}
		}
		if !ok {
			refused = true
			return nil
		}
		ran = true
		return fn(tx, p.View())
	})
	switch {
	case err != nil && ran:
		g.logFailure(ctx, p, &clientID, op)
		return err
	case err != nil:
		return err
	case refused:
		return g.refuse(ctx, p, &clientID, op)
	}
	return g.lists.write(p, []int64{clientID}, op)
}
