package enterprise

import (
	"context"
	"strings"

	"parkos/internal/db"
)

// PublicEnterprise is what the portal's tenant directory shows: public fields of a published record.
type PublicEnterprise struct {
	ID           int64
	Name         string
	IndustryCode string
	Status       Status
	Tags         []string
	Description  string
	Website      string
	Logo         string
}

// PublicDirectory lists the published enterprises, public fields only; anyone may read it.
func (s *Service) PublicDirectory(ctx context.Context, industryPrefix string, limit, offset int) ([]*PublicEnterprise, int, error) {
	where := []string{"public = TRUE", "status <> 'moved_out'"}
	var args []any
	if industryPrefix != "" {
		args = append(args, db.LikePrefix(strings.ToUpper(industryPrefix)))
		where = append(where, `industry_code LIKE $1 ESCAPE '\'`)
	}
	list, total, err := s.list(ctx, where, args, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*PublicEnterprise, len(list))
	for i, e := range list {
		out[i] = &PublicEnterprise{ID: e.ID, Name: e.Name, IndustryCode: e.IndustryCode, Status: e.Status, Tags: e.Tags,
			Description: e.Description, Website: e.Website, Logo: e.Logo}
	}
	return out, total, nil
}
