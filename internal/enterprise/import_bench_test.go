package enterprise

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/dbtest"
)

// benchEnterprises makes n enterprises with every field filled, as a park's ledger would have them.
func benchEnterprises(n int) []*Enterprise {
	kinds := []Kind{KindEnterprise, KindEnterprise, KindEnterprise, KindRnDInstitute, KindAgency}
	statuses := []Status{Resident, Incubating, Resident, Graduated}
	codes := []string{"C3963", "C39", "M7320", "I65", "C30", "M75"}
	out := make([]*Enterprise, n)
	for i := range out {
		founded := time.Date(2000+i%20, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, cst)
		entered := founded.AddDate(1, 0, 0)
		e := &Enterprise{Name: fmt.Sprintf("洛阳第%05d号科技有限公司", i), USCC: testCode(fmt.Sprintf("91410300%08d", i)), LegalRep: "张三",
			FoundedOn: &founded, RegisteredCapital: int64(100+i) * 1_000_000, Kind: kinds[i%len(kinds)], IndustryCode: codes[i%len(codes)],
			EmergingIndustry: "新材料", HitechField: "先进制造与自动化", Location: fmt.Sprintf("创新大厦 %d 层", 1+i%20), Status: statuses[i%len(statuses)],
			EnteredOn: &entered, Tags: []string{"新材料", "智能装备"}, Description: "从事新材料与智能装备的研发、生产和销售。",
			Website: "https://www.example.cn", Public: i%2 == 0}
		if e.Status == Graduated {
			g := entered.AddDate(3, 0, 0)
			e.GraduatedOn = &g
		}
		out[i] = e
	}
	return out
}

// BenchmarkImportEnterprises10k reads a 10,000-row workbook and imports it into an empty registry: reading,
// checking every row, and writing in one transaction. Each iteration gets a new database (not timed).
//
//	go test ./internal/enterprise/ -run x -bench ImportEnterprises10k -benchtime 3x
func BenchmarkImportEnterprises10k(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteEnterprises(&buf, benchEnterprises(10_000)); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		d := dbtest.Open(b)
		s := NewService(d, audit.New(d, []byte("k")), Options{})
		b.StartTimer()
		sh, err := ReadEnterprises(bytes.NewReader(data), nil)
		if err != nil {
			b.Fatal(err)
		}
		res, err := s.ImportEnterprises(ctx, auth.System("bench"), sh, ImportOptions{}, nil)
		if err != nil || res.Created != 10_000 {
			b.Fatalf("%+v %v", res, err)
		}
	}
	b.ReportMetric(float64(10_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
