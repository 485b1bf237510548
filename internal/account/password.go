package account

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"parkos/internal/config"
)

// argon2id parameters. OWASP's Password Storage Cheat Sheet gives m=19 MiB, t=2, p=1 as the floor and RFC 9106
// section 4 recommends m=64 MiB for memory-constrained servers; parkos takes m=64 MiB, t=2, p=2, which costs
// tens of milliseconds on a 2-core machine (see BenchmarkHashPassword): quick for a login, dear for a guesser.
const (
	argonTime    = 2
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashPassword returns the PHC-format argon2id hash of pw.
func HashPassword(pw string) string {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// CheckPassword reports whether pw matches hash, in time independent of where they differ.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	// An empty key would compare equal to any password's empty derivation, and t or p of 0 makes argon2
	// panic: a damaged or hand-edited hash matches nothing.
	if err1 != nil || err2 != nil || len(salt) == 0 || len(want) < 16 || t < 1 || p < 1 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when a username does not exist, so that a missing user costs the same time
// as a wrong password and usernames cannot be probed by timing.
var dummyHash = sync.OnceValue(func() string { return HashPassword("parkos-dummy-password") })

// Policy is a password policy profile.
type Policy struct {
	Profile string
	MinLen  int
	MaxLen  int
	// Classes is how many of the four character classes (upper, lower, digit, symbol) are needed; 0 for none.
	Classes int
	// Expiry is how long a password lasts; 0 for ever.
	Expiry time.Duration
	// AdminMFA asks the administrator roles for a second factor.
	AdminMFA bool
}

// PolicyFor returns the policy of the configured profile.
//
// standard: NIST SP 800-63B 5.1.1.2 and OWASP ASVS 4.0.3 V2.1: at least 8 characters (ASVS V2.1.1 prefers 12
// and the minimum is therefore a profile setting), up to 128 allowed (V2.1.2), checked against a list of
// common passwords (V2.1.7), no composition rules (V2.1.9) and no periodic rotation (V2.1.10).
// dengbao: GB/T 22239-2019 8.1.4.1 a) 身份鉴别信息具有复杂度要求并定期更换, read in assessment practice as three
// of four classes and a change at least every 90 days, with 8.1.4.1 d) two factors for administrators.
func PolicyFor(c *config.Config) Policy {
	p := Policy{Profile: c.PasswordProfile, MinLen: 8, MaxLen: 128}
	if c.PasswordProfile == config.ProfileDengbao {
		p.Classes, p.Expiry, p.AdminMFA = 3, c.PasswordExpiry, true
	}
	return p
}

// Describe says the rules in one Chinese sentence for the password forms.
func (p Policy) Describe() string {
	s := fmt.Sprintf("长度 %d 至 %d 个字符，不能是常见密码", p.MinLen, p.MaxLen)
	if p.Classes > 0 {
		s += fmt.Sprintf("，须包含大写字母、小写字母、数字、符号中的至少 %d 类", p.Classes)
	}
	if p.Expiry > 0 {
		s += fmt.Sprintf("，每 %d 天须更换", int(p.Expiry.Hours()/24))
	}
	return s
}

// Check returns the Chinese reason pw is refused, or "" when it is acceptable. username may not be part of it.
func (p Policy) Check(pw, username string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < p.MinLen:
		return fmt.Sprintf("密码至少 %d 个字符", p.MinLen)
	case n > p.MaxLen:
		return fmt.Sprintf("密码最多 %d 个字符", p.MaxLen)
	case isCommon(pw):
		return "这是常见密码，容易被猜中，请换一个"
	case username != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(username)):
		return "密码不能包含用户名"
	}
	if p.Classes > 0 {
		if c := classes(pw); c < p.Classes {
			return fmt.Sprintf("密码须包含大写字母、小写字母、数字、符号中的至少 %d 类（现有 %d 类）", p.Classes, c)
		}
	}
	return ""
}

func classes(pw string) int {
	var up, low, dig, sym bool
	for _, r := range pw {
		switch {
		case unicode.IsUpper(r):
			up = true
		case unicode.IsLower(r):
			low = true
		case unicode.IsDigit(r):
			dig = true
		default:
			sym = true
		}
	}
	n := 0
	for _, b := range []bool{up, low, dig, sym} {
		if b {
			n++
		}
	}
	return n
}

// common-passwords.txt.gz: the 17,950 passwords of 8 or more characters from the password list of
// @zxcvbn-ts/language-common 4.1.3 (MIT, see common-passwords.LICENSE), lower-cased.
//
//go:embed common-passwords.txt.gz
var commonGz []byte

var commonSet = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(commonGz))
	if err != nil {
		panic(err)
	}
	set := make(map[string]struct{}, 18000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		set[sc.Text()] = struct{}{}
	}
	if err := sc.Err(); err != nil {
		panic(err)
	}
	return set
})

func isCommon(pw string) bool {
	_, ok := commonSet()[strings.ToLower(pw)]
	return ok
}

// GeneratePassword returns a random temporary password that satisfies both profiles: 16 characters from
// upper, lower, digits and symbols, without look-alikes (0/O, 1/l/I).
func GeneratePassword() string {
	sets := []string{"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "#%+=@!?"}
	all := strings.Join(sets, "")
	out := make([]byte, 16)
	for i := range out {
		set := all
		if i < len(sets) {
			set = sets[i] // one of each class first
		}
		out[i] = set[randInt(len(set))]
	}
	for i := len(out) - 1; i > 0; i-- { // shuffle so the classes are not in a fixed place
		j := randInt(i + 1)
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

func randInt(n int) int {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic(err)
	}
	return int(v.Int64())
}
