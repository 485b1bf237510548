package db

import "database/sql"

// Scanner is a row to scan: a *sql.Row or the current row of *sql.Rows.
type Scanner interface {
	Scan(dest ...any) error
}

// ScanAll scans every row of rows with scan, closes rows and returns the values in order.
func ScanAll[T any](rows *sql.Rows, scan func(Scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
