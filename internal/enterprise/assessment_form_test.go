package enterprise

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"parkos/internal/criteria"
	"parkos/internal/web"
)

// The form shows an assessment and reads it back unchanged: every fact has a field.
func TestAssessmentFormRoundTrip(t *testing.T) {
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
	n := func(v int64) *int64 { return &v }
	in := Assessment{
		MainlandResident: criteria.Bool(false), RestrictedProducts: criteria.Bool(false), TitlesChecked: true,
		Staff: []StaffYear{{Year: 2025, QuarterlyTotal: []int64{1, 2, 3, 4, 5}, QuarterlyTech: []int64{0, 1, 1, 1, 2},
			MonthlyTotal: []int64{1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5}, MonthlyTech: []int64{0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2}}},
		ComplianceCheckedThrough: d(2026, 5, 1),
		Incidents: []Incident{{Kind: criteria.IncidentAbnormal, Date: d(2024, 1, 2), Until: d(2024, 6, 1), Note: "年报逾期"},
			{Kind: criteria.IncidentQuality, Date: d(2023, 3, 4)}},
		IP: AssessedIP{ClassIMain: n(2), ClassIIMain: n(7), ClassIIMainUsed: n(1), OwnRD: criteria.Bool(true), ClassILeading: n(2),
			ClassILeadingOwnRD: n(1), ClassILeadingHighValue: n(0), ClassILeadingApplied: n(2), ClassIILeading: n(4)},
		Awards:            []Award{{Name: "国家技术发明奖", Level: criteria.LevelNational, Year: 2021, Rank: 3}, {Name: "市科技进步奖", Level: criteria.LevelCity, Year: 2022}},
		AwardsKnown:       true,
		Institutions:      []RDInstitution{{Name: "省企业技术中心", Kind: "企业技术中心", Level: criteria.LevelProvincial, Joint: true, ValidFrom: d(2020, 1, 1), ValidTo: d(2026, 12, 31)}},
		InstitutionsKnown: true,
		Standards:         []Standard{{Name: "GB/T 1", Level: criteria.LevelNational, Year: 2022, Rank: 1}},
		MakerChina:        []MakerChinaPlacing{{Year: 2023, Top: 50}},
		MakerChinaKnown:   true,
		NicheSince:        d(2015, 7, 1),
		Market: AssessedMarket{StrategicEmerging: criteria.Bool(true), DigitalLevel: n(2), QualityAward: criteria.Bool(false),
			QualityCertified: criteria.Bool(true), OwnBrand: criteria.Bool(true), NationalShareBP: n(1205)},
		Judgements: AssessedJudgements{CoreIPSupport: criteria.Bool(true), KeyTechField: criteria.Bool(false), ChainPosition: criteria.ChainKeyLink,
			SoundGovernance: criteria.Bool(true), LeadingProcess: criteria.Bool(true), InfoSystem: criteria.Bool(false), HighReputation: criteria.Bool(true),
			KeyChainRole: criteria.Bool(true), KeyFieldProduct: criteria.Bool(false), Points: map[string]int{"gaoqi.mgmt.talent": 3, "zjtx.s09": 0}},
		Note: "核实依据",
	}
	f := web.NewForm()
	f.Values = assessmentValues(&in, 2025)
	if got := f.Get("national_share"); got != "12.05" {
		t.Errorf("share shown as %q", got)
	}
	out, err := assessmentFromForm(f, 2025)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(in)
	b, _ := json.Marshal(out)
	if string(a) != string(b) {
		t.Fatalf("round trip:\n%s\n%s", a, b)
	}
}

// Empty rows are dropped and the rest renumbered, so that the messages keyed by position land on the rows
// shown again; a cell that is not a number is named with its row.
func TestAssessmentFormRows(t *testing.T) {
	f := web.NewForm()
	f.Values = url.Values{
		"award_name_0": {""}, "award_level_0": {""},
		"award_name_1": {"省科技进步奖"}, "award_level_1": {"provincial"}, "award_year_1": {"2024"},
		"award_name_3": {"国家奖"}, "award_level_3": {"national"}, "award_year_3": {"二〇二三"},
		"staff_year": {"2025"}, "staff_2025_q_total_0": {"10"}, "staff_2025_q_total_1": {"11"},
		"national_share": {"12.345"}, "resident": {"maybe"},
	}
	_, err := assessmentFromForm(f, 2025)
	if err == nil {
		t.Fatal("bad form accepted")
	}
	if f.Get("award_name_0") != "省科技进步奖" || f.Get("award_name_1") != "国家奖" || f.Get("award_year_1") != "二〇二三" || f.Get("award_name_3") != "" {
		t.Fatalf("rows not compacted: %v", f.Values)
	}
	f.Fail(err)
	for k, want := range map[string]string{
		"award_year_1":         "第 2 项科技奖励的获奖年度应为不小于 0 的整数",
		"staff_2025_q_total_2": "2025 年职工总数（季末）：须填全 5 个人数（或全部不填）",
		"national_share":       "最多保留两位小数",
		"resident":             "请选择",
	} {
		if got := f.Error(k); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if rows := rowsOf(f, awardFields); len(rows) != 3 {
		t.Errorf("award rows shown again: %v", rows)
	}
	probs := assessmentProblems(f, 2025)
	if len(probs) != 4 || probs[0].ID != "f-resident" || probs[1].ID != "f-staff_2025_q_total_2" || probs[2].ID != "f-award_year_1" {
		t.Errorf("problems in page order: %+v", probs)
	}
}
