package industry

import (
	"strings"
	"testing"
)

// Counts and entries as GB/T 4754-2017 clause 5 gives them.
func TestTable(t *testing.T) {
	if len(Sections()) != 20 {
		t.Fatalf("%d sections, want 20", len(Sections()))
	}
	n := 0
	seen := map[string]bool{}
	for _, s := range Sections() {
		for _, d := range s.Divisions {
			n++
			if seen[d.Code] || d.Section != s.Code || len(d.Code) != 2 {
				t.Errorf("division %+v", d)
			}
			seen[d.Code] = true
		}
	}
	if n != 97 {
		t.Fatalf("%d divisions, want 97", n)
	}
	for code, want := range map[string]string{"39": "计算机、通信和其他电子设备制造业", "73": "研究和试验发展", "01": "农业", "97": "国际组织"} {
		if d, err := DivisionOf(code); err != nil || d.Name != want {
			t.Errorf("%s: %+v %v", code, d, err)
		}
	}
}

func TestDivisionOf(t *testing.T) {
	for code, section := range map[string]string{"C3963": "C", "c39": "C", "3963": "C", "M7320": "M", "731": "M"} {
		if d, err := DivisionOf(code); err != nil || d.Section != section {
			t.Errorf("%s: %+v %v", code, d, err)
		}
	}
	for code, msg := range map[string]string{"A39": "门类应为 C", "C3X": "格式不对", "C99": "大类 99 不存在", "": "格式不对", "C39631": "格式不对"} {
		if _, err := DivisionOf(code); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: %v, want %q", code, err, msg)
		}
	}
}
