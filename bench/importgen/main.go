// Command importgen writes a workbook of made-up enterprises in the registry's import layout (the 企业 sheet
// of the template, every field filled), for bench/import.sh. The same arguments give the same file.
//
//	go run ./bench/importgen -rows 10000 -out enterprises.xlsx
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"parkos/internal/enterprise"
	"parkos/internal/zh"
)

func main() {
	rows := flag.Int("rows", 10_000, "number of enterprises")
	out := flag.String("out", "enterprises.xlsx", "the workbook to write")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := enterprise.WriteEnterprises(f, enterprises(*rows)); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// code completes a 16-character body into a valid unified social credit code (GB 32100-2015), taking the
// check characters CheckUSCC names.
func code(body string) string {
	c := body + "00"
	for range 3 {
		if e, ok := zh.CheckUSCC(c).(*zh.USCCError); ok && e.Want != "" {
			c = c[:e.Pos-1] + e.Want + c[e.Pos:]
		}
	}
	return c
}

func enterprises(n int) []*enterprise.Enterprise {
	cst := time.FixedZone("CST", 8*3600)
	kinds := []enterprise.Kind{enterprise.KindEnterprise, enterprise.KindEnterprise, enterprise.KindEnterprise, enterprise.KindRnDInstitute, enterprise.KindAgency}
	statuses := []enterprise.Status{enterprise.Resident, enterprise.Incubating, enterprise.Resident, enterprise.Graduated}
	industries := []string{"C3963", "C39", "M7320", "I65", "C30", "M75"}
	out := make([]*enterprise.Enterprise, n)
	for i := range out {
		founded := time.Date(2000+i%20, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, cst)
		entered := founded.AddDate(1, 0, 0)
		e := &enterprise.Enterprise{Name: fmt.Sprintf("洛阳第%05d号科技有限公司", i), USCC: code(fmt.Sprintf("91410300%08d", i)), LegalRep: "张三",
			FoundedOn: &founded, RegisteredCapital: int64(100+i)*1_000_000 + int64(i%100)*100, Kind: kinds[i%len(kinds)],
			IndustryCode: industries[i%len(industries)], EmergingIndustry: "新材料", HitechField: "先进制造与自动化",
			Location: fmt.Sprintf("创新大厦 %d 层", 1+i%20), Status: statuses[i%len(statuses)], EnteredOn: &entered,
			Tags: []string{"新材料", "智能装备"}, Description: "从事新材料与智能装备的研发、生产和销售。", Website: "https://www.example.cn", Public: i%2 == 0}
		if e.Status == enterprise.Graduated {
			g := entered.AddDate(3, 0, 0)
			e.GraduatedOn = &g
		}
		out[i] = e
	}
	return out
}
