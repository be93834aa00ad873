package client

import (
	"context"
	"fmt"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Relation is a parent or custodian of a youth.
type Relation struct {
	Name     string `json:"naam"`
	Relation string `json:"relatie"` // ouder, voogd, pleegouder, …
	Gezag    bool   `json:"gezag"`
	Phone    string `json:"telefoon,omitempty"`
	Email    string `json:"email,omitempty"`
}

// AddRelations adds the parents and custodians the youth's record does not
// have yet (by name), inside a transaction the gate handed out.
func AddRelations(ctx context.Context, tx *database.Tx, clientID int64, rs []Relation) error {
	for _, r := range rs {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM client_relations WHERE client_id = ? AND name = ?", clientID, strings.TrimSpace(r.Name)).Scan(&n); err != nil {
			return fmt.Errorf("relations of client %d: %w", clientID, err)
		}
		if n > 0 {
			continue
		}
		if _, err := tx.Exec(ctx, "INSERT INTO client_relations (client_id, name, relation, gezag, phone, email) VALUES (?, ?, ?, ?, ?, ?)",
			clientID, strings.TrimSpace(r.Name), strings.TrimSpace(r.Relation), r.Gezag, r.Phone, r.Email); err != nil {
			return fmt.Errorf("add relation of client %d: %w", clientID, err)
		}
	}
	return nil
}

// Relations lists a youth's parents and custodians, inside a transaction
// the gate handed out.
func Relations(ctx context.Context, q database.Querier, clientID int64) ([]Relation, error) {
	rows, err := q.Query(ctx, "SELECT name, relation, gezag, phone, email FROM client_relations WHERE client_id = ? ORDER BY id", clientID)
	if err != nil {
		return nil, fmt.Errorf("relations of client %d: %w", clientID, err)
	}
	defer rows.Close()
	var out []Relation
	for rows.Next() {
		var r Relation
		if err := rows.Scan(&r.Name, &r.Relation, &r.Gezag, &r.Phone, &r.Email); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
