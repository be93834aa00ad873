package arrangement

import (
	"context"
	"fmt"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Catalogue is the region's segment-3 product catalogue in the database,
// maintained by the administrator. It is the one place with SQL on the
// products table; the rules above stay free of storage.
type Catalogue struct{ DB *database.DB }

// List returns the products, ordered by category and code.
func (c *Catalogue) List(ctx context.Context) ([]Product, error) {
	rows, err := c.DB.Query(ctx, "SELECT category, code, description, unit FROM products ORDER BY category, code")
	if err != nil {
		return nil, fmt.Errorf("list products: %w", err)
	}
	defer rows.Close()
	var out []Product
	for rows.Next() {
		var p Product
		if err := rows.Scan(&p.Categorie, &p.Code, &p.Omschrijving, &p.Eenheid); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Put adds a product, or changes the description and unit of an existing one.
func (c *Catalogue) Put(ctx context.Context, p Product) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return c.DB.Do(ctx, func(tx *database.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE products SET description = ?, unit = ? WHERE category = ? AND code = ?", p.Omschrijving, p.Eenheid, p.Categorie, p.Code)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		_, err = tx.Exec(ctx, "INSERT INTO products (category, code, description, unit) VALUES (?, ?, ?, ?)", p.Categorie, p.Code, p.Omschrijving, p.Eenheid)
		return err
	})
}

// Remove deletes a product from the catalogue; toewijzingen made with it
// keep their codes.
func (c *Catalogue) Remove(ctx context.Context, category, code string) error {
	return c.DB.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM products WHERE category = ? AND code = ?", category, code)
		return err
	})
}

// Find returns the catalogue's products with these codes, in order; unknown
// codes are left out.
func (c *Catalogue) Find(ctx context.Context, codes []string) ([]Product, error) {
	all, err := c.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []Product
	for _, code := range codes {
		for _, p := range all {
			if p.Code == code {
				out = append(out, p)
			}
		}
	}
	return out, nil
}
