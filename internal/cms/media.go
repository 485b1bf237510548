package cms

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // decode WebP uploads

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
	"parkos/internal/web"
)

// MaxUpload is the largest file accepted.
const MaxUpload = 20 << 20

// Widths of the resized image variants: a page-wide one and a thumbnail for lists and sharing.
var variantWidths = []int{1200, 480}

// Media stores uploaded images and attachments in the data directory by the SHA-256 of their content, so the
// same file uploaded twice is stored once and its URL never changes.
type Media struct {
	db  *db.DB
	log *audit.Log
	dir string // DATA/uploads
}

// NewMedia returns the media store in dataDir/uploads.
func NewMedia(d *db.DB, log *audit.Log, dataDir string) *Media {
	return &Media{db: d, log: log, dir: filepath.Join(dataDir, "uploads")}
}

// Medium is a stored file; a File of an article refers to one by hash.
type Medium struct {
	Hash          string
	Kind          string // "image" or "file"
	Name          string
	Mime          string
	Ext           string
	Size          int64
	Width, Height int
}

// URL is where the portal serves the file.
func (m *Medium) URL() string { return "/media/" + m.Hash + m.Ext }

// URL is where the portal serves an attachment.
func (f *File) URL() string { return "/media/" + f.Hash + web.UploadExt(f.Mime) }

// Save stores an upload and records it.
func (m *Media) Save(ctx context.Context, a *auth.Actor, name string, r io.Reader) (*Medium, error) {
	if !a.Can(PermEdit) {
		return nil, errs.Forbiddenf("没有上传文件的权限")
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxUpload+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxUpload {
		return nil, errs.Invalidf("file", "文件超过 %d MB", MaxUpload>>20)
	}
	return m.store(ctx, a, name, data, false)
}

// StoreImage stores an image for another module that has checked the actor's right itself (an enterprise's
// logo) and returns the address the portal serves it at. Only images are taken.
func (m *Media) StoreImage(ctx context.Context, a *auth.Actor, name string, data []byte) (string, error) {
	med, err := m.store(ctx, a, name, data, true)
	if err != nil {
		return "", err
	}
	return med.URL(), nil
}

func (m *Media) store(ctx context.Context, a *auth.Actor, name string, data []byte, imageOnly bool) (*Medium, error) {
	if len(data) == 0 {
		return nil, errs.Invalidf("file", "文件是空的")
	}
	mime, ext, kind, ok := web.SniffUpload(name, data[:min(len(data), 512)])
	switch {
	case imageOnly && (!ok || kind != "image"):
		return nil, errs.Invalidf("file", "只能上传 JPG、PNG、GIF 或 WebP 图片")
	case !ok:
		return nil, errs.Invalidf("file", "只能上传图片（JPG、PNG、GIF、WebP）或 PDF、Word、Excel、PowerPoint 文件")
	}
	sum := sha256.Sum256(data)
	med := &Medium{Hash: hex.EncodeToString(sum[:]), Kind: kind, Name: filepath.Base(name), Mime: mime, Ext: ext, Size: int64(len(data))}
	var img image.Image
	if kind == "image" {
		var err error
		img, _, err = image.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, errs.Invalidf("file", "图片已损坏，无法读取")
		}
		med.Width, med.Height = img.Bounds().Dx(), img.Bounds().Dy()
	}
	if err := m.write(med, data, img); err != nil {
		return nil, err
	}
	_, err := m.db.W.ExecContext(ctx, `INSERT INTO media (hash, kind, name, mime, size, width, height, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (hash) DO NOTHING`,
		med.Hash, med.Kind, med.Name, med.Mime, med.Size, med.Width, med.Height, nullID(a.UserID), db.Now())
	if err != nil {
		return nil, err
	}
	_ = m.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: "media.upload", ObjectType: "media", ObjectID: med.Hash[:16],
		After: map[string]any{"name": med.Name, "mime": med.Mime, "size": med.Size}})
	return med, nil
}

// File returns the path of a stored file name as served ("<hash>.jpg" or "<hash>-w480.jpg").
func (m *Media) File(name string) (string, bool) {
	base := strings.TrimSuffix(name, path.Ext(name))
	hash, _, _ := strings.Cut(base, "-")
	if len(hash) != 64 || strings.ContainsAny(name, "/\\") {
		return "", false
	}
	return filepath.Join(m.dir, hash[:2], name), true
}

func (m *Media) write(med *Medium, data []byte, img image.Image) error {
	dir := filepath.Join(m.dir, med.Hash[:2])
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := web.WriteOnce(filepath.Join(dir, med.Hash+med.Ext), data); err != nil {
		return err
	}
	if img == nil || med.Ext == ".gif" {
		return nil
	}
	for _, w := range variantWidths {
		if med.Width <= w {
			continue
		}
		h := med.Height * w / med.Width
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Over, nil)
		var buf bytes.Buffer
		var err error
		if med.Ext == ".png" {
			err = png.Encode(&buf, dst)
		} else {
			err = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 85})
		}
		if err != nil {
			return err
		}
		ext := med.Ext
		if ext == ".webp" {
			ext = ".jpg"
		}
		if err := web.WriteOnce(filepath.Join(dir, fmt.Sprintf("%s-w%d%s", med.Hash, w, ext)), buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}
