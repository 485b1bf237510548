package search

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// The index directory holds a pointer file and one or more Bleve indexes:
//
//	search/CURRENT               the name of the live index, e.g. "index-1767225600000000000"
//	search/index-1767225600000…  the live Bleve index
//	search/index-1767312000000…  an index being rebuilt (removed again if the rebuild fails)
//
// Rebuild fills a new index and then replaces CURRENT atomically (write a temporary file, rename), so a crash
// at any moment leaves CURRENT pointing at a complete index.
const (
	currentFile = "CURRENT"
	indexPrefix = "index-"
)

// boltTimeout bounds the wait for Bleve's file lock. Without it a second process opening the same directory
// blocks forever inside bbolt.
const boltTimeout = "2s"

func runtimeConfig() map[string]any {
	return map[string]any{"bolt_timeout": boltTimeout}
}

func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("search: %w", err)
	}
	name := strings.TrimSpace(string(b))
	if !strings.HasPrefix(name, indexPrefix) || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("search: %s: unexpected content %q", filepath.Join(dir, currentFile), name)
	}
	return name, nil
}

func writeCurrent(dir, name string) error {
	tmp, err := os.CreateTemp(dir, currentFile+".tmp*")
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	_, werr := tmp.WriteString(name + "\n")
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), filepath.Join(dir, currentFile))
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("search: write %s: %w", currentFile, werr)
	}
	return nil
}

func openBleve(path string) (bleve.Index, error) {
	return bleve.OpenUsing(path, runtimeConfig())
}

// createBleve creates an empty index in a new subdirectory of dir and returns its name.
func createBleve(dir string) (string, bleve.Index, error) {
	m, err := buildMapping()
	if err != nil {
		return "", nil, fmt.Errorf("search: mapping: %w", err)
	}
	name := indexPrefix + strconv.FormatInt(time.Now().UnixNano(), 10)
	path := filepath.Join(dir, name)
	idx, err := bleve.NewUsing(path, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, runtimeConfig())
	if err != nil {
		return "", nil, fmt.Errorf("search: create %s: %w", path, err)
	}
	if err := idx.SetInternal([]byte(internalSchemaKey), []byte(schemaVersion)); err != nil {
		_ = idx.Close()
		_ = os.RemoveAll(path)
		return "", nil, fmt.Errorf("search: create %s: %w", path, err)
	}
	return name, idx, nil
}

func schemaOf(idx bleve.Index) string {
	v, err := idx.GetInternal([]byte(internalSchemaKey))
	if err != nil {
		return ""
	}
	return string(v)
}

// removeStale deletes index directories and temporary files other than keep. Errors are ignored: what
// remains is retried at the next Open.
func removeStale(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if n == keep || n == currentFile {
			continue
		}
		if strings.HasPrefix(n, indexPrefix) || strings.HasPrefix(n, currentFile+".tmp") {
			_ = os.RemoveAll(filepath.Join(dir, n))
		}
	}
}
