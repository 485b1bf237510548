// Package pii protects personal information (个人信息保护法): it seals values with AES-256-GCM under a key
// kept outside the database, and masks them for display, export and audit records.
package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Keyring holds the master key and derives a separate key for each purpose, so that a key used to sign
// forms is never the one that encrypts phone numbers.
type Keyring struct {
	master []byte
}

// KeyFile is where the master key lives inside the data directory.
const KeyFile = "keys/master.key"

// ErrNoKey means the key file is missing and may not be created (the database already holds sealed data).
var ErrNoKey = errors.New("master key missing")

// LoadKeyring reads the master key from envKey (hex, 64 characters) when it is set, else from the data
// directory. A missing key file is created with a new random key only when create is true: for a database
// that holds nothing sealed yet. Otherwise ErrNoKey, for a new key would make the existing data unreadable.
func LoadKeyring(dataDir, envKey string, create bool) (*Keyring, error) {
	if envKey != "" {
		k, err := hex.DecodeString(strings.TrimSpace(envKey))
		if err != nil || len(k) != 32 {
			return nil, errors.New("PARKOS_MASTER_KEY must be 64 hexadecimal characters (32 bytes)")
		}
		return &Keyring{master: k}, nil
	}
	path := filepath.Join(dataDir, KeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !create {
		return nil, fmt.Errorf("%w: %s does not exist and PARKOS_MASTER_KEY is not set", ErrNoKey, path)
	}
	if errors.Is(err, os.ErrNotExist) {
		k := make([]byte, 32)
		if _, err := rand.Read(k); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) { // another process created it meanwhile
			return LoadKeyring(dataDir, "", false)
		}
		if err != nil {
			return nil, err
		}
		if _, err := f.WriteString(hex.EncodeToString(k) + "\n"); err != nil {
			f.Close()
			return nil, err
		}
		return &Keyring{master: k}, f.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("read master key: %w", err)
	}
	k, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(k) != 32 {
		return nil, fmt.Errorf("master key %s is damaged", path)
	}
	return &Keyring{master: k}, nil
}

// NewKeyring wraps a 32-byte key; for tests.
func NewKeyring(master []byte) *Keyring { return &Keyring{master: append([]byte(nil), master...)} }

// Derive returns a 32-byte key for the named purpose (HKDF-SHA256, RFC 5869).
func (k *Keyring) Derive(purpose string) []byte {
	out, err := hkdf.Key(sha256.New, k.master, nil, "parkos/"+purpose, 32)
	if err != nil {
		panic(err) // only for lengths HKDF cannot produce
	}
	return out
}

// Fingerprint identifies the key without revealing it, so that parkos can tell a database sealed under
// another key before it writes anything.
func (k *Keyring) Fingerprint() string {
	return hex.EncodeToString(k.Derive("fingerprint")[:12])
}

// Sealer encrypts and decrypts personal data fields.
type Sealer struct {
	aead cipher.AEAD
}

// Sealer returns the sealer for personal data.
func (k *Keyring) Sealer() *Sealer {
	block, err := aes.NewCipher(k.Derive("pii"))
	if err != nil {
		panic(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return &Sealer{aead: aead}
}

// Seal encrypts s; the empty string stays empty so that "not given" needs no decryption.
func (s *Sealer) Seal(plain string) string {
	if plain == "" {
		return ""
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	return "v1:" + base64.RawStdEncoding.EncodeToString(s.aead.Seal(nonce, nonce, []byte(plain), nil))
}

// Open decrypts a value made by Seal.
func (s *Sealer) Open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	raw, ok := strings.CutPrefix(sealed, "v1:")
	if !ok {
		return "", errors.New("pii: unknown sealed format")
	}
	b, err := base64.RawStdEncoding.DecodeString(raw)
	if err != nil || len(b) < s.aead.NonceSize() {
		return "", errors.New("pii: damaged sealed value")
	}
	n := s.aead.NonceSize()
	p, err := s.aead.Open(nil, b[:n], b[n:], nil)
	if err != nil {
		return "", errors.New("pii: cannot decrypt (wrong key or changed value)")
	}
	return string(p), nil
}

// MaskPhone shows the first three and last four digits of a mobile number (138****5678), the usual form on
// Chinese government sites; shorter numbers keep only their last two characters.
func MaskPhone(p string) string {
	r := []rune(p)
	switch {
	case len(r) == 0:
		return ""
	case len(r) >= 11:
		return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
	case len(r) > 4:
		return strings.Repeat("*", len(r)-2) + string(r[len(r)-2:])
	default:
		return strings.Repeat("*", len(r))
	}
}

// MaskID shows the first and last four characters of a resident identity number (GB 11643-1999).
func MaskID(id string) string {
	r := []rune(id)
	if len(r) <= 8 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:4]) + strings.Repeat("*", len(r)-8) + string(r[len(r)-4:])
}

// MaskName keeps the family name (the first character) of a Chinese name: 张** .
func MaskName(n string) string {
	if utf8.RuneCountInString(n) <= 1 {
		return n
	}
	r := []rune(n)
	return string(r[0]) + strings.Repeat("*", len(r)-1)
}
