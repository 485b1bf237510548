package enterprise

import (
	"net/url"
	"testing"

	"parkos/internal/web"
)

// Amounts typed in 万元 reach the database exactly in fen, and come back exactly as typed.
func TestWanExact(t *testing.T) {
	for in, fen := range map[string]int64{
		"1234.5678": 1_234_567_800, "0.000001": 1, "12.345678": 12_345_678, "-35.5": -35_500_000, "0": 0,
		"１２３．４": 123_400_000, "1,000": 1_000_000_000, "999999999999.999999": 999_999_999_999_999_999,
	} {
		got, err := ParseWan(in)
		if err != nil || got != fen {
			t.Errorf("ParseWan(%q) = %d %v, want %d", in, got, err, fen)
		}
	}
	for fen, want := range map[int64]string{1_234_567_800: "1234.5678", 1: "0.000001", -35_500_000: "-35.5", 500_000_000: "500", 0: "0"} {
		if got := Wan(fen); got != want {
			t.Errorf("Wan(%d) = %q, want %q", fen, got, want)
		}
	}
	for _, bad := range []string{"12.3456789", "1e5", "五百", "1.-5", "-0.-1", "+5", "1234567890123", "", "-", "--1", ".5", "5."} {
		if fen, err := ParseWan(bad); err == nil {
			t.Errorf("ParseWan(%q) = %d, want refused", bad, fen)
		}
	}
}

// Tables round half away from zero to the unit: 元 to the fen, 万元 to two decimals, 千元 to whole numbers.
func TestFormatMoney(t *testing.T) {
	yuan, wan, qian := unitOf("yuan"), unitOf("wan"), unitOf("qian")
	for _, c := range []struct {
		fen  int64
		u    moneyUnit
		want string
	}{
		{1_234_567_800, yuan, "12,345,678.00"}, {1_234_567_800, wan, "1,234.57"}, {1_234_567_800, qian, "12,346"},
		{123_456_789, yuan, "1,234,567.89"}, {123_456_789, wan, "123.46"}, {123_456_789, qian, "1,235"},
		{-35_500_000, wan, "-35.50"}, {-35_500_000, qian, "-355"}, {-4_999, wan, "0.00"}, {-5_000, wan, "-0.01"},
		{49_999, qian, "0"}, {50_000, qian, "1"}, {1, yuan, "0.01"}, {0, wan, "0.00"},
	} {
		if got := formatMoney(c.fen, c.u); got != c.want {
			t.Errorf("formatMoney(%d, %s) = %q, want %q", c.fen, c.u.Name, got, c.want)
		}
	}
	if unitOf("").Key != "wan" || unitOf("dollar").Key != "wan" {
		t.Error("the default unit is not 万元")
	}
}

// The year form has every figure exactly once, in one of its fieldsets.
func TestFigureGroupsCoverFields(t *testing.T) {
	seen := map[string]int{}
	for _, g := range figureGroups {
		for _, c := range g.Cols {
			seen[c]++
		}
	}
	var f Figures
	for _, x := range f.fields() {
		if seen[x.col] != 1 {
			t.Errorf("field %s (%s) is in %d fieldsets, want 1", x.col, x.label, seen[x.col])
		}
		delete(seen, x.col)
	}
	for c := range seen {
		t.Errorf("fieldset column %s is not a figure", c)
	}
}

// An empty field is not reported (nil), which is not zero; a wrong value names its field.
func TestFiguresOf(t *testing.T) {
	f := &web.Form{Values: url.Values{"revenue": {"1234.5678"}, "staff_total": {"0"}, "net_profit": {""}, "tech_staff": {"3.5"},
		"total_assets": {"12万"}}, Errors: map[string]string{}}
	_, err := figuresOf(f)
	f.Fail(err)
	if f.Errors["tech_staff"] != "科技人员请填写整数，如 25" || f.Errors["total_assets"] == "" || len(f.Errors) != 2 {
		t.Fatalf("errors: %v", f.Errors)
	}
	f.Values.Set("tech_staff", "3")
	f.Values.Del("total_assets")
	got, err := figuresOf(f)
	if err != nil || *got.Revenue != 1_234_567_800 || *got.StaffTotal != 0 || got.NetProfit != nil || *got.TechStaff != 3 {
		t.Fatalf("figures: %+v %v", got, err)
	}
}
