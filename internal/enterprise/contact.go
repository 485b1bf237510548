package enterprise

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"parkos/internal/account"
	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
	"parkos/internal/pii"
)

// Contact is a person to reach at an enterprise. The phone number is sealed at rest; Phone holds it as the
// reader may see it: masked (138****5678) unless the reader holds pii.view or is the enterprise itself.
type Contact struct {
	ID           int64
	EnterpriseID int64
	Name         string
	Title        string
	Phone        string
	Masked       bool // Phone is masked
	Email        string
	Primary      bool
}

// ContactInput is what a contact form gives.
type ContactInput struct {
	Name, Title, Phone, Email string
	Primary                   bool
}

// Mobile numbers (11 digits from 13x to 19x) and fixed lines with their area code (0379-65123456, extension
// allowed), the forms published in 《电信网编号计划》; digits only once the separators are removed.
var (
	mobileRE   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	landlineRE = regexp.MustCompile(`^0\d{2,3}-?\d{7,8}(-\d{1,6})?$`)
)

func (in *ContactInput) validate() error {
	var f errs.Fields
	in.Name, in.Title, in.Email = strings.TrimSpace(in.Name), strings.TrimSpace(in.Title), strings.TrimSpace(in.Email)
	in.Phone = strings.NewReplacer(" ", "", "（", "", "）", "-", "(", "", ")", "-", "－", "-").Replace(strings.TrimSpace(in.Phone))
	in.Phone = strings.TrimPrefix(strings.TrimPrefix(in.Phone, "+86"), "86-")
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		f.Add("name", "请填写联系人姓名")
	case n > 30:
		f.Add("name", "姓名最多 30 个字")
	}
	if utf8.RuneCountInString(in.Title) > 30 {
		f.Add("title", "职务最多 30 个字")
	}
	if in.Phone != "" && !mobileRE.MatchString(in.Phone) && !landlineRE.MatchString(in.Phone) {
		f.Add("phone", "电话应为 11 位手机号，或带区号的座机号，如 0379-65123456")
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			f.Add("email", "邮箱格式不对，如 name@example.cn")
		}
	}
	if in.Phone == "" && in.Email == "" {
		f.Add("phone", "电话和邮箱至少填一项")
	}
	return f.Err()
}

// canKeepUp: park staff, or the enterprise's own user, for what the enterprise keeps current itself (contacts,
// products, supply links).
func canKeepUp(a *auth.Actor, entID int64) bool {
	return a.Can(PermManage) || (a.Can(PermSelf) && a.EnterpriseID == entID && entID != 0)
}

func (s *Service) readablePhone(a *auth.Actor, entID int64, sealed string) (string, bool, error) {
	phone, err := s.sealer.Open(sealed)
	if err != nil {
		return "", false, err
	}
	if a.Can(account.PermPersonalData) || (a.Can(PermSelf) && a.EnterpriseID == entID) {
		return phone, false, nil
	}
	return pii.MaskPhone(phone), phone != "", nil
}

// Contacts lists an enterprise's contacts, primary first, with phones as the actor may see them.
func (s *Service) Contacts(ctx context.Context, a *auth.Actor, entID int64) ([]*Contact, error) {
	if !canSee(a, entID) {
		return nil, s.deny(ctx, a, "contact.list", entID, "没有查看该企业联系人的权限")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, enterprise_id, name, title, phone_enc, email, is_primary FROM enterprise_contacts
		WHERE enterprise_id = $1 ORDER BY is_primary DESC, id`, entID)
	if err != nil {
		return nil, err
	}
	return db.ScanAll(rows, func(row db.Scanner) (*Contact, error) {
		var c Contact
		var sealed string
		if err := row.Scan(&c.ID, &c.EnterpriseID, &c.Name, &c.Title, &sealed, &c.Email, &c.Primary); err != nil {
			return nil, err
		}
		var err error
		c.Phone, c.Masked, err = s.readablePhone(a, entID, sealed)
		return &c, err
	})
}

// contactSnapshot is what the audit record keeps of a contact: the phone masked, never in clear.
func contactSnapshot(in ContactInput) map[string]any {
	return map[string]any{"name": in.Name, "title": in.Title, "phone": pii.MaskPhone(in.Phone), "email": in.Email, "primary": in.Primary}
}

// SaveContact adds a contact (contactID 0) or changes one. Only one contact is primary: marking one clears
// the mark on the others.
func (s *Service) SaveContact(ctx context.Context, a *auth.Actor, entID, contactID int64, in ContactInput) (int64, error) {
	if !canKeepUp(a, entID) {
		return 0, s.deny(ctx, a, "contact.save", entID, "没有维护该企业联系人的权限")
	}
	if contactID != 0 && strings.TrimSpace(in.Phone) == "" {
		// A masked number is never put back into the form: an empty field keeps the number on record.
		var sealed string
		err := s.db.R.QueryRowContext(ctx, `SELECT phone_enc FROM enterprise_contacts WHERE id = $1 AND enterprise_id = $2`, contactID, entID).Scan(&sealed)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, errs.NotFoundf("联系人")
		}
		if err != nil {
			return 0, err
		}
		if in.Phone, err = s.sealer.Open(sealed); err != nil {
			return 0, err
		}
	}
	if err := in.validate(); err != nil {
		return 0, err
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := byID(ctx, tx, entID); err != nil {
			return err
		}
		if in.Primary {
			if _, err := tx.ExecContext(ctx, `UPDATE enterprise_contacts SET is_primary = FALSE WHERE enterprise_id = $1`, entID); err != nil {
				return err
			}
		}
		sealed := s.sealer.Seal(in.Phone)
		action := "contact.add"
		if contactID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO enterprise_contacts (enterprise_id, name, title, phone_enc, email, is_primary)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, entID, in.Name, in.Title, sealed, in.Email, in.Primary).Scan(&contactID); err != nil {
				return err
			}
		} else {
			action = "contact.update"
			res, err := tx.ExecContext(ctx, `UPDATE enterprise_contacts SET name = $1, title = $2, phone_enc = $3, email = $4, is_primary = $5
				WHERE id = $6 AND enterprise_id = $7`, in.Name, in.Title, sealed, in.Email, in.Primary, contactID, entID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.NotFoundf("联系人")
			}
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: action, ObjectType: "enterprise", ObjectID: id(entID),
			After: contactSnapshot(in), Note: fmt.Sprintf("联系人 %d", contactID)})
	})
	return contactID, err
}

// DeleteContact removes a contact.
func (s *Service) DeleteContact(ctx context.Context, a *auth.Actor, entID, contactID int64) error {
	if !canKeepUp(a, entID) {
		return s.deny(ctx, a, "contact.delete", entID, "没有维护该企业联系人的权限")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `DELETE FROM enterprise_contacts WHERE id = $1 AND enterprise_id = $2 RETURNING name`, contactID, entID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("联系人")
		}
		if err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "contact.delete", ObjectType: "enterprise", ObjectID: id(entID),
			Before: map[string]any{"name": pii.MaskName(name)}, Note: fmt.Sprintf("联系人 %d", contactID)})
	})
}

// RevealPhone returns a contact's full phone number to park staff who need to call; the reveal is audited,
// so that who looked at which number can be answered later.
func (s *Service) RevealPhone(ctx context.Context, a *auth.Actor, entID, contactID int64) (string, error) {
	if !a.Can(PermManage) && !a.Can(account.PermPersonalData) {
		return "", s.deny(ctx, a, "contact.reveal", entID, "没有查看完整电话号码的权限")
	}
	var sealed string
	err := s.db.R.QueryRowContext(ctx, `SELECT phone_enc FROM enterprise_contacts WHERE id = $1 AND enterprise_id = $2`, contactID, entID).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.NotFoundf("联系人")
	}
	if err != nil {
		return "", err
	}
	phone, err := s.sealer.Open(sealed)
	if err != nil {
		return "", err
	}
	return phone, s.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: "contact.reveal", ObjectType: "enterprise", ObjectID: id(entID),
		Note: fmt.Sprintf("查看联系人 %d 的完整电话 %s", contactID, pii.MaskPhone(phone))})
}
