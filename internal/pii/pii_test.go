package pii

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	k := NewKeyring([]byte("0123456789abcdef0123456789abcdef"))
	s := k.Sealer()
	a, b := s.Seal("13812345678"), s.Seal("13812345678")
	if a == b || strings.Contains(a, "1381") {
		t.Fatalf("sealing is deterministic or leaks: %s %s", a, b)
	}
	if got, err := s.Open(a); err != nil || got != "13812345678" {
		t.Fatalf("Open = %q %v", got, err)
	}
	if s.Seal("") != "" {
		t.Fatal("the empty string was sealed")
	}
	other := NewKeyring([]byte("another key, 32 bytes long......")).Sealer()
	if _, err := other.Open(a); err == nil {
		t.Fatal("opened with the wrong key")
	}
	if _, err := s.Open(a[:len(a)-2] + "AA"); err == nil {
		t.Fatal("a changed value opened")
	}
	if k.Fingerprint() == NewKeyring([]byte("another key, 32 bytes long......")).Fingerprint() {
		t.Fatal("two keys share a fingerprint")
	}
	if string(k.Derive("csrf")) == string(k.Derive("audit")) {
		t.Fatal("purposes share a key")
	}
}

func TestLoadKeyring(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadKeyring(dir, "", false); !errors.Is(err, ErrNoKey) {
		t.Fatalf("a missing key without create: %v", err)
	}
	k1, err := LoadKeyring(dir, "", true)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	k2, err := LoadKeyring(dir, "", false)
	if err != nil || k2.Fingerprint() != k1.Fingerprint() {
		t.Fatalf("reloaded key differs: %v", err)
	}
	if _, err := LoadKeyring(dir, "not hex", false); err == nil {
		t.Fatal("a bad PARKOS_MASTER_KEY was accepted")
	}
	env, err := LoadKeyring(t.TempDir(), strings.Repeat("ab", 32), false)
	if err != nil || env.Fingerprint() == k1.Fingerprint() {
		t.Fatalf("key from the environment: %v", err)
	}
}

func TestMasks(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "138****5678", "0379-1234567": "037*****4567", "12": "**", "": ""} {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
	if got := MaskID("410305199001011234"); got != "4103**********1234" {
		t.Errorf("MaskID = %s", got)
	}
	if got := MaskName("张三丰"); got != "张**" {
		t.Errorf("MaskName = %s", got)
	}
}
