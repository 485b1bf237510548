package web

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path"
	"strings"
	"time"
)

// allowed types, by sniffed content: images for the body, documents for attachments.
var allowed = map[string]struct {
	ext, kind string
}{
	"image/jpeg":      {".jpg", "image"},
	"image/png":       {".png", "image"},
	"image/gif":       {".gif", "image"},
	"image/webp":      {".webp", "image"},
	"application/pdf": {".pdf", "file"},
}

// UploadExt is the file extension stored for a type that SniffUpload accepts.
func UploadExt(mime string) string {
	if a, ok := allowed[mime]; ok {
		return a.ext
	}
	return map[string]string{
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   ".docx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         ".xlsx",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
		"application/msword":            ".doc",
		"application/vnd.ms-excel":      ".xls",
		"application/vnd.ms-powerpoint": ".ppt",
	}[mime]
}

// SniffUpload decides an upload's type from the content, never from the name alone: Office files are zip (docx, xlsx,
// pptx) or OLE (doc, xls) containers, told apart by the extension only once the container is confirmed.
func SniffUpload(name string, head []byte) (mime, ext, kind string, ok bool) {
	ct := http.DetectContentType(head)
	if a, ok := allowed[ct]; ok {
		return ct, a.ext, a.kind, true
	}
	e := strings.ToLower(path.Ext(name))
	switch {
	case ct == "application/zip" || bytes.HasPrefix(head, []byte("PK\x03\x04")):
		switch e {
		case ".docx":
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", e, "file", true
		case ".xlsx":
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", e, "file", true
		case ".pptx":
			return "application/vnd.openxmlformats-officedocument.presentationml.presentation", e, "file", true
		}
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		switch e {
		case ".doc":
			return "application/msword", e, "file", true
		case ".xls":
			return "application/vnd.ms-excel", e, "file", true
		case ".ppt":
			return "application/vnd.ms-powerpoint", e, "file", true
		}
	}
	return "", "", "", false
}

// WriteOnce writes a content-addressed file unless it exists, through a temporary file so that a reader
// never sees half of it.
func WriteOnce(p string, data []byte) error {
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	tmp := p + ".tmp" + fmt.Sprint(time.Now().UnixNano())
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}
