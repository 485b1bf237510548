package enterprise

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/web"
)

// MaxEvidence is the largest evidence file accepted.
const MaxEvidence = 20 << 20

// EvidenceFile is a scanned certificate or approval notice kept with a qualification. Evidence is not
// public: it is served only to those who may see the enterprise, and every download is audited.
type EvidenceFile struct {
	ID              int64
	QualificationID int64
	Name            string
	Hash            string
	Size            int64
	Mime            string
	CreatedAt       time.Time
}

func (s *Service) evidencePath(hash string) string { return filepath.Join(s.files, hash[:2], hash) }

// AddEvidence stores a file (PDF, image, Word or Excel; type sniffed from the content) as evidence of a
// qualification of the enterprise.
func (s *Service) AddEvidence(ctx context.Context, a *auth.Actor, entID, qualID int64, name string, r io.Reader) (*EvidenceFile, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "qualification.evidence", entID, "没有上传资质证明材料的权限")
	}
	if s.files == "" {
		return nil, errors.New("evidence storage is not configured")
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxEvidence+1))
	if err != nil {
		return nil, err
	}
	switch {
	case len(data) == 0:
		return nil, errs.Invalidf("file", "没有收到文件")
	case len(data) > MaxEvidence:
		return nil, errs.Invalidf("file", "证明材料不能超过 %d MB", MaxEvidence>>20)
	}
	mime, _, _, ok := web.SniffUpload(name, data[:min(len(data), 512)])
	if !ok {
		return nil, errs.Invalidf("file", "证明材料只收 PDF、JPG、PNG、Word 或 Excel 文件")
	}
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
	if utf8.RuneCountInString(name) > 120 || name == "" || name == "." {
		name = "证明材料" + filepath.Ext(name)
	}
	sum := sha256.Sum256(data)
	ev := &EvidenceFile{QualificationID: qualID, Name: name, Hash: hex.EncodeToString(sum[:]), Size: int64(len(data)), Mime: mime, CreatedAt: s.now()}
	if err := os.MkdirAll(filepath.Dir(s.evidencePath(ev.Hash)), 0o700); err != nil {
		return nil, err
	}
	if err := web.WriteOnce(s.evidencePath(ev.Hash), data); err != nil {
		return nil, err
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := qualificationOf(ctx, tx, entID, qualID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO qualification_files (qualification_id, name, hash, size, mime, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, qualID, ev.Name, ev.Hash, ev.Size, ev.Mime, ev.CreatedAt).Scan(&ev.ID); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "qualification.evidence", ObjectType: "enterprise", ObjectID: id(entID),
			Note: fmt.Sprintf("资质 %d 上传证明材料 %s（%s）", qualID, ev.Name, ev.Hash[:12])})
	})
	return ev, err
}

// OpenEvidence returns an evidence file of a qualification for download, within the actor's scope; the
// download is audited.
func (s *Service) OpenEvidence(ctx context.Context, a *auth.Actor, entID, qualID, fileID int64) (*EvidenceFile, io.ReadSeeker, error) {
	if !canSee(a, entID) {
		return nil, nil, s.deny(ctx, a, "qualification.evidence.read", entID, "没有查看该企业资质材料的权限")
	}
	var ev EvidenceFile
	err := s.db.R.QueryRowContext(ctx, `SELECT f.id, f.qualification_id, f.name, f.hash, f.size, f.mime, f.created_at
		FROM qualification_files f JOIN qualifications q ON q.id = f.qualification_id
		WHERE f.id = $1 AND f.qualification_id = $2 AND q.enterprise_id = $3`, fileID, qualID, entID).
		Scan(&ev.ID, &ev.QualificationID, &ev.Name, &ev.Hash, &ev.Size, &ev.Mime, &ev.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errs.NotFoundf("证明材料")
	}
	if err != nil {
		return nil, nil, err
	}
	data, err := os.ReadFile(s.evidencePath(ev.Hash))
	if err != nil {
		return nil, nil, fmt.Errorf("evidence file %s: %w", ev.Hash, err)
	}
	if err := s.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: "qualification.evidence.read", ObjectType: "enterprise",
		ObjectID: id(entID), Note: "下载证明材料 " + ev.Name}); err != nil {
		return nil, nil, err
	}
	return &ev, bytes.NewReader(data), nil
}

// RemoveEvidence removes an evidence file from a qualification; the stored content stays while another
// record refers to it.
func (s *Service) RemoveEvidence(ctx context.Context, a *auth.Actor, entID, qualID, fileID int64) error {
	if !a.Can(PermManage) {
		return s.deny(ctx, a, "qualification.evidence.remove", entID, "没有删除资质证明材料的权限")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := qualificationOf(ctx, tx, entID, qualID); err != nil {
			return err
		}
		var name string
		err := tx.QueryRowContext(ctx, `DELETE FROM qualification_files WHERE id = $1 AND qualification_id = $2 RETURNING name`, fileID, qualID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("证明材料")
		}
		if err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "qualification.evidence.remove", ObjectType: "enterprise",
			ObjectID: id(entID), Note: fmt.Sprintf("资质 %d 删除证明材料 %s", qualID, name)})
	})
}
