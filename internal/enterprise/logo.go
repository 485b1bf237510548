package enterprise

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/errs"
)

// MaxLogo is the largest logo accepted.
const MaxLogo = 2 << 20

// ImageStore keeps public images: the logo is shown in the portal's directory, so it goes where the portal
// serves images from. internal/app hands over the news center's media store.
type ImageStore interface {
	StoreImage(ctx context.Context, a *auth.Actor, name string, data []byte) (url string, err error)
}

// SetLogo stores an image as the enterprise's logo: park staff, or the enterprise itself (the logo is
// descriptive, like the website).
func (s *Service) SetLogo(ctx context.Context, a *auth.Actor, entID int64, name string, r io.Reader) error {
	if !canKeepUp(a, entID) {
		return s.deny(ctx, a, "enterprise.logo", entID, "没有修改该企业标志的权限")
	}
	if s.images == nil {
		return errors.New("no image store configured")
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxLogo+1))
	if err != nil {
		return err
	}
	if len(data) > MaxLogo {
		return errs.Invalidf("logo", "标志图片不能超过 %d MB", MaxLogo>>20)
	}
	if _, err := byID(ctx, s.db.R, entID); err != nil {
		return err
	}
	url, err := s.images.StoreImage(ctx, a, name, data)
	if err != nil {
		if e := errs.As(err); e != nil && e.Fields["file"] != "" {
			return errs.Invalidf("logo", "%s", e.Fields["file"])
		}
		return err
	}
	return s.writeLogo(ctx, a, entID, url)
}

// RemoveLogo clears the enterprise's logo.
func (s *Service) RemoveLogo(ctx context.Context, a *auth.Actor, entID int64) error {
	if !canKeepUp(a, entID) {
		return s.deny(ctx, a, "enterprise.logo", entID, "没有修改该企业标志的权限")
	}
	return s.writeLogo(ctx, a, entID, "")
}

func (s *Service) writeLogo(ctx context.Context, a *auth.Actor, entID int64, url string) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, entID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET logo = $1, updated_at = $2 WHERE id = $3`, url, s.now(), entID); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "enterprise.logo", ObjectType: "enterprise", ObjectID: id(entID),
			Before: map[string]any{"logo": before.Logo}, After: map[string]any{"logo": url}})
	})
}
