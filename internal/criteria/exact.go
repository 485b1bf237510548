package criteria

import (
	"fmt"
	"math"
	"math/big"
	"strings"
)

// Exact arithmetic and Chinese display of figures (criteria.md §7.1). Ratios are big.Rat and are compared with
// Cmp; floats never decide anything.

const (
	fenPerWan = int64(1_000_000)   // 1万元 = 10,000元 = 1,000,000分
	fenPerYi  = 10_000 * fenPerWan // 1亿元
)

// pct is n%.
func pct(n int64) *big.Rat { return big.NewRat(n, 100) }

// ratio is num/den; ok is false when den is 0.
func ratio(num, den int64) (r *big.Rat, ok bool) {
	if den == 0 {
		return nil, false
	}
	return big.NewRat(num, den), true
}

// fracRatio is a/b for two headcounts; ok is false when b is 0.
func fracRatio(a, b Frac) (*big.Rat, bool) {
	if b.Num == 0 {
		return nil, false
	}
	return new(big.Rat).Quo(a.rat(), b.rat()), true
}

func geq(a, b *big.Rat) bool { return a.Cmp(b) >= 0 }
func leq(a, b *big.Rat) bool { return a.Cmp(b) <= 0 }
func gt(a, b *big.Rat) bool  { return a.Cmp(b) > 0 }

// one is the rational 1.
func one() *big.Rat { return big.NewRat(1, 1) }

// op is how a band's edge is compared with the value.
type op int

const (
	opGeq op = iota // x ≥ edge ("不低于", "(含)以上", "b%以上")
	opGt            // x > edge ("> 0")
	opLeq           // x ≤ edge (资产负债率 bands, lower is better)
	opAny           // the catch-all last band
)

// band is one scoring band: when x op edge holds, the band applies. Bands are tried in order, so a scale lists
// its best band first and ends with a catch-all. Because the first holding band wins, a value on an edge shared
// by two bands gets the higher-scoring one (criteria.md §7.2).
type band struct {
	op    op
	edge  *big.Rat
	pts   Points
	label string
}

func (b band) holds(x *big.Rat) bool {
	switch b.op {
	case opGeq:
		return x.Cmp(b.edge) >= 0
	case opGt:
		return x.Cmp(b.edge) > 0
	case opLeq:
		return x.Cmp(b.edge) <= 0
	}
	return true
}

type scale []band

func (s scale) pick(x *big.Rat) band {
	for _, b := range s {
		if b.holds(x) {
			return b
		}
	}
	return s[len(s)-1]
}

// span is the range of points the scale can give: what an unknown input leaves open.
func (s scale) span() Points {
	p := Points{Lo: s[0].pts.Lo, Hi: s[0].pts.Hi}
	for _, b := range s[1:] {
		p.Lo = min(p.Lo, b.pts.Lo)
		p.Hi = max(p.Hi, b.pts.Hi)
	}
	return p
}

// Band constructors. atLeast(pct(5), pts(20), "A") is "≥ 5% → 20".
func atLeast(edge *big.Rat, p Points, label string) band { return band{opGeq, edge, p, label} }
func above(edge *big.Rat, p Points, label string) band   { return band{opGt, edge, p, label} }
func atMost(edge *big.Rat, p Points, label string) band  { return band{opLeq, edge, p, label} }
func otherwise(p Points, label string) band              { return band{opAny, nil, p, label} }

// Display.

// fmtWan shows fen as 万元, exactly: "5,000万元", "123.45万元", "0.0001万元".
func fmtWan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	whole, rest := fen/fenPerWan, fen%fenPerWan
	s := groupThousands(whole)
	if rest != 0 {
		frac := strings.TrimRight(fmt.Sprintf("%06d", rest), "0")
		s += "." + frac
	}
	if neg {
		s = "-" + s
	}
	return s + "万元"
}

func groupThousands(n int64) string {
	s := fmt.Sprintf("%d", n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// fmtPct shows a ratio as a percentage with two decimals: "4.82%". A value that two decimals do not hold
// exactly is shown rounded with "约" so the reader knows the comparison used the exact value.
func fmtPct(r *big.Rat) string {
	h := new(big.Rat).Mul(r, big.NewRat(100, 1))
	s := h.FloatString(2) + "%"
	if !new(big.Rat).Mul(h, big.NewRat(100, 1)).IsInt() {
		return "约" + s
	}
	return s
}

// fmtNum shows a rational count: "12", "12.5", or "约12.33".
func fmtNum(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := strings.TrimRight(strings.TrimRight(r.FloatString(2), "0"), ".")
	if !new(big.Rat).Mul(r, big.NewRat(100, 1)).IsInt() {
		return "约" + r.FloatString(2)
	}
	return s
}

const unknownText = "未填报"

func figMoney(name string, v *int64) Figure {
	if v == nil {
		return Figure{Name: name, Value: unknownText}
	}
	return Figure{Name: name, Value: fmtWan(*v), Exact: fmt.Sprintf("%d", *v), Known: true}
}

func figPct(name string, r *big.Rat) Figure {
	if r == nil {
		return Figure{Name: name, Value: "无法计算"}
	}
	return Figure{Name: name, Value: fmtPct(r), Exact: r.RatString(), Known: true}
}

func figCount(name string, v *int64, unit string) Figure {
	if v == nil {
		return Figure{Name: name, Value: unknownText}
	}
	return Figure{Name: name, Value: fmt.Sprintf("%d%s", *v, unit), Exact: fmt.Sprintf("%d", *v), Known: true}
}

func figRatNum(name string, r *big.Rat, unit string) Figure {
	if r == nil {
		return Figure{Name: name, Value: "无法计算"}
	}
	return Figure{Name: name, Value: fmtNum(r) + unit, Exact: r.RatString(), Known: true}
}

func figPeople(name string, f *Frac) Figure {
	if f == nil || !f.valid() {
		return Figure{Name: name, Value: unknownText}
	}
	return figRatNum(name, f.rat(), "人")
}

func figShare(name string, f *Frac) Figure {
	if f == nil || !f.valid() {
		return Figure{Name: name, Value: unknownText}
	}
	return figPct(name, f.rat())
}

func figBool(name string, b *bool, yes, no string) Figure {
	if b == nil {
		return Figure{Name: name, Value: "未判定"}
	}
	if *b {
		return Figure{Name: name, Value: yes, Exact: "true", Known: true}
	}
	return Figure{Name: name, Value: no, Exact: "false", Known: true}
}

func figText(name, value string) Figure { return Figure{Name: name, Value: value, Known: true} }

func figUnknown(name, why string) Figure { return Figure{Name: name, Value: why} }

func ratInt(n int64) *big.Rat { return big.NewRat(n, 1) }

func joinList(xs []string) string { return strings.Join(xs, "；") }

// powRat is r^n for n ≥ 0.
func powRat(r *big.Rat, n int) *big.Rat {
	out := big.NewRat(1, 1)
	for range n {
		out.Mul(out, r)
	}
	return out
}

// cagrHolds reports whether the compound growth rate over n periods with growth factor f = end/start passes
// the band's edge: (f^(1/n) − 1) ≥ edge ⟺ f ≥ (1 + edge)^n, exact because 1 + edge ≥ 0 for every edge used.
func cagrHolds(b band, f *big.Rat, n int) bool {
	if b.op == opAny {
		return true
	}
	base := new(big.Rat).Add(one(), b.edge)
	if base.Sign() < 0 {
		return true
	}
	lim := powRat(base, n)
	switch b.op {
	case opGeq:
		return f.Cmp(lim) >= 0
	case opGt:
		return f.Cmp(lim) > 0
	case opLeq:
		return f.Cmp(lim) <= 0
	}
	return false
}

func (s scale) pickCAGR(f *big.Rat, n int) band {
	for _, b := range s {
		if cagrHolds(b, f, n) {
			return b
		}
	}
	return s[len(s)-1]
}

// fmtCAGR shows f^(1/n) − 1 as a percentage for display only; it is marked "约" unless the two-decimal value is
// exact.
func fmtCAGR(f *big.Rat, n int) string {
	x, _ := f.Float64()
	if x < 0 {
		return "无法计算"
	}
	g := math.Pow(x, 1/float64(n)) - 1
	q := new(big.Rat).SetFrac64(int64(math.Round(g*10000)), 10000)
	pctText := new(big.Rat).Mul(q, big.NewRat(100, 1)).FloatString(2) + "%"
	if powRat(new(big.Rat).Add(one(), q), n).Cmp(f) == 0 {
		return pctText
	}
	return "约" + pctText
}

// meanGrowth is the mean of two yearly growth rates, ½ × (x₂/x₁ + x₃/x₂) − 1 (195号's formula, also one reading
// of MIIT's "近2年平均增长率"). x₁ and x₂ must be positive.
func meanGrowth(x1, x2, x3 int64) *big.Rat {
	r := new(big.Rat).Add(big.NewRat(x2, x1), big.NewRat(x3, x2))
	r.Mul(r, big.NewRat(1, 2))
	return r.Sub(r, one())
}
