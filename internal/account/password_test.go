package account

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"parkos/internal/config"
)

func policies() (standard, dengbaoP Policy) {
	c := config.Default()
	standard = PolicyFor(&c)
	c.PasswordProfile = config.ProfileDengbao
	dengbaoP = PolicyFor(&c)
	return standard, dengbaoP
}

func TestPolicyFor(t *testing.T) {
	t.Parallel()
	std, db := policies()
	if std.Profile != config.ProfileStandard || std.MinLen != 8 || std.MaxLen != 128 || std.Classes != 0 || std.Expiry != 0 || std.AdminMFA {
		t.Errorf("standard %+v", std)
	}
	if db.Profile != config.ProfileDengbao || db.MinLen != 8 || db.MaxLen != 128 || db.Classes != 3 || db.Expiry != 90*24*time.Hour || !db.AdminMFA {
		t.Errorf("dengbao %+v", db)
	}
	c := config.Default()
	c.PasswordProfile, c.PasswordExpiry = config.ProfileDengbao, 45*24*time.Hour
	if p := PolicyFor(&c); p.Expiry != 45*24*time.Hour {
		t.Errorf("configured expiry: %s", p.Expiry)
	}
	if got := std.Describe(); got != "长度 8 至 128 个字符，不能是常见密码" {
		t.Errorf("standard describes itself as %q", got)
	}
	if got := db.Describe(); got != "长度 8 至 128 个字符，不能是常见密码，须包含大写字母、小写字母、数字、符号中的至少 3 类，每 90 天须更换" {
		t.Errorf("dengbao describes itself as %q", got)
	}
}

func TestPolicyCheck(t *testing.T) {
	t.Parallel()
	std, db := policies()
	const (
		ok       = ""
		tooShort = "密码至少 8 个字符"
		tooLong  = "密码最多 128 个字符"
		common   = "这是常见密码，容易被猜中，请换一个"
		hasName  = "密码不能包含用户名"
	)
	classes := func(n int) string {
		return fmt.Sprintf("密码须包含大写字母、小写字母、数字、符号中的至少 3 类（现有 %d 类）", n)
	}
	long128 := strings.Repeat("qmzR7!", 21) + "xy" // 128 characters
	cases := []struct {
		name, pw, user string
		std, db        string
	}{
		{"empty", "", "", tooShort, tooShort},
		{"seven characters", "Qm7!zrk", "", tooShort, tooShort},
		{"eight characters, one class", "qmzrtkvp", "", ok, classes(1)},
		{"two classes", "qmzrtkvp42", "", ok, classes(2)},
		{"three classes", "Qmzrtkvp42", "", ok, ok},
		{"lower, digit, symbol", "qmzrtkvp-42", "", ok, ok},
		{"four classes", testPassword, "", ok, ok},
		{"128 characters", long128, "", ok, ok},
		{"129 characters", long128 + "z", "", tooLong, tooLong},
		{"length counts characters, not bytes: 7 Chinese", "园区科技创新券", "", tooShort, tooShort},
		{"8 Chinese characters are symbols", "国家大学科技园区", "", ok, classes(1)},
		{"Chinese with letters and digits", "科技园Park2024", "", ok, ok},
		{"common: password123", "password123", "", common, common},
		{"common: 12345678", "12345678", "", common, common},
		{"common regardless of case", "PassWord123", "", common, common},
		{"common: iloveyou", "iloveyou", "", common, common},
		{"common before classes", "admin123", "", common, common},
		{"username inside", "Zhangsan@2024", "zhangsan", hasName, hasName},
		{"username inside, other case", "my-ZHANGSAN-pw!", "zhangsan", hasName, hasName},
		{"no username given", "Zhangsan@2024", "", ok, ok},
		{"other username", "Zhangsan@2024", "lisi", ok, ok},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := std.Check(c.pw, c.user); got != c.std {
				t.Errorf("standard: %q, want %q", got, c.std)
			}
			if got := db.Check(c.pw, c.user); got != c.db {
				t.Errorf("dengbao: %q, want %q", got, c.db)
			}
		})
	}
}

func TestCommonPasswordList(t *testing.T) {
	t.Parallel()
	set := commonSet()
	if len(set) < 17000 {
		t.Fatalf("%d common passwords, want the bundled 17,950", len(set))
	}
	for pw := range set {
		if len([]rune(pw)) < 8 || pw != strings.ToLower(pw) {
			t.Fatalf("entry %q: the list holds lower-cased passwords of 8 or more characters", pw)
		}
	}
	for _, pw := range []string{"password123", "12345678", "qwertyui", "iloveyou", "admin123"} {
		if !isCommon(pw) || !isCommon(strings.ToUpper(pw)) {
			t.Errorf("%q is not recognised as common", pw)
		}
	}
	if isCommon(testPassword) {
		t.Error("the test password is on the list")
	}
}

var phcRE = regexp.MustCompile(`^\$argon2id\$v=19\$m=65536,t=2,p=2\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$`)

func TestHashPassword(t *testing.T) {
	t.Parallel()
	for _, pw := range []string{testPassword, "", "密码：园区科技创新", strings.Repeat("x", 128), "a\x00b"} {
		h := HashPassword(pw)
		m := phcRE.FindStringSubmatch(h)
		if m == nil {
			t.Fatalf("hash %q is not PHC argon2id with the configured parameters", h)
		}
		salt, _ := base64.RawStdEncoding.DecodeString(m[1])
		if len(salt) != 16 {
			t.Errorf("salt of %d bytes", len(salt))
		}
		if !CheckPassword(h, pw) {
			t.Errorf("%q does not check against its own hash", pw)
		}
		for _, wrong := range []string{pw + "x", strings.ToUpper(pw) + "!", "a"} {
			if wrong != pw && CheckPassword(h, wrong) {
				t.Errorf("%q checks against the hash of %q", wrong, pw)
			}
		}
		if strings.Contains(h, pw) && pw != "" {
			t.Errorf("hash %q contains the password", h)
		}
	}
	if HashPassword(testPassword) == HashPassword(testPassword) {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	// The last byte: a prefix match is not a match.
	if CheckPassword(HashPassword("abcdefgh"), "abcdefg") {
		t.Error("prefix accepted")
	}
}

// Hashes made with other parameters (older settings) still verify: the parameters are read from the hash.
func TestCheckPasswordReadsParameters(t *testing.T) {
	t.Parallel()
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte("old-password"), salt, 1, 8*1024, 1, 32)
	h := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", 8*1024, 1, 1,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
	if !CheckPassword(h, "old-password") {
		t.Error("hash with m=8192,t=1,p=1 does not verify")
	}
	if CheckPassword(h, "old-passwore") {
		t.Error("wrong password accepted")
	}
}

func TestCheckPasswordRejectsMalformedHashes(t *testing.T) {
	t.Parallel()
	good := HashPassword("right-password")
	parts := strings.Split(good, "$")
	for name, h := range map[string]string{
		"empty":          "",
		"bcrypt":         "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":        strings.Replace(good, "$argon2id$", "$argon2i$", 1),
		"missing part":   strings.Join(parts[:5], "$"),
		"extra part":     good + "$x",
		"bad parameters": strings.Replace(good, "m=65536,t=2,p=2", "m=x,t=2,p=2", 1),
		"bad salt":       strings.Join([]string{"", parts[1], parts[2], parts[3], "!!!", parts[5]}, "$"),
		"bad key":        strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "@@@"}, "$"),
		"other salt":     strings.Join([]string{"", parts[1], parts[2], parts[3], base64.RawStdEncoding.EncodeToString([]byte("fedcba9876543210")), parts[5]}, "$"),
		"plain text":     "right-password",
		"empty key":      strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], ""}, "$"),
		"empty salt":     strings.Join([]string{"", parts[1], parts[2], parts[3], "", parts[5]}, "$"),
		"t=0":            strings.Replace(good, "t=2", "t=0", 1),
		"p=0":            strings.Replace(good, "p=2", "p=0", 1),
	} {
		if CheckPassword(h, "right-password") {
			t.Errorf("%s: %q accepted", name, h)
		}
	}
}

func TestGeneratePassword(t *testing.T) {
	t.Parallel()
	std, db := policies()
	seen := map[string]bool{}
	for range 200 {
		pw := GeneratePassword()
		if len(pw) != 16 {
			t.Fatalf("%q: want 16 characters", pw)
		}
		if strings.ContainsAny(pw, "0O1lI") {
			t.Errorf("%q holds a look-alike character", pw)
		}
		if classes(pw) != 4 {
			t.Errorf("%q has %d classes, want 4", pw, classes(pw))
		}
		if msg := std.Check(pw, "someone"); msg != "" {
			t.Errorf("standard refuses %q: %s", pw, msg)
		}
		if msg := db.Check(pw, "someone"); msg != "" {
			t.Errorf("dengbao refuses %q: %s", pw, msg)
		}
		if seen[pw] {
			t.Errorf("%q generated twice", pw)
		}
		seen[pw] = true
	}
}
