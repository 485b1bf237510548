package criteria

import (
	"sort"
	"strings"
	"sync"
	"time"

	"parkos/internal/errs"
)

// builtinSets builds the rule sets parkos ships. Each call returns fresh values, so a caller may change its
// copy (for example to drop the typical 瞪羚 set before adding the city's own).
func builtinSets() []*RuleSet {
	return []*RuleSet{
		NewGaoqi2016(),
		NewKexiao2017(),
		NewChuangxin2022(),
		NewZhuanjingtexin2022(RegionNational, nil),
		NewXiaojuren2022(),
		NewZhuanjingtexin2026Unverified(),
		NewXiaojuren2026Unverified(),
		NewDengling(TypicalDengling()),
	}
}

// BuiltinSets returns fresh copies of the shipped rule sets, for building a registry with local sets added.
func BuiltinSets() []*RuleSet { return builtinSets() }

// Registry holds rule sets and picks the one that applies.
type Registry struct {
	sets []*RuleSet
	byID map[string]*RuleSet
}

// NewRegistry checks the sets and builds a registry. It refuses duplicate IDs, malformed sets, and two sets
// of the same scheme and region whose periods overlap, so that Applicable never has to guess.
func NewRegistry(sets ...*RuleSet) (*Registry, error) {
	r := &Registry{byID: map[string]*RuleSet{}}
	for _, s := range sets {
		if err := s.validate(); err != nil {
			return nil, errs.Invalidf("rule_set", "认定标准 %s 定义有误：%v", s.ID, err)
		}
		if _, dup := r.byID[s.ID]; dup {
			return nil, errs.Conflictf("认定标准编号 %s 重复", s.ID)
		}
		for _, o := range r.sets {
			if o.Scheme == s.Scheme && o.Region == s.Region && overlaps(o, s) {
				return nil, errs.Conflictf("认定标准 %s 与 %s 的适用期重叠（同一类别、同一地区）", s.ID, o.ID)
			}
		}
		r.byID[s.ID] = s
		r.sets = append(r.sets, s)
	}
	sort.SliceStable(r.sets, func(i, j int) bool {
		a, b := r.sets[i], r.sets[j]
		if a.Scheme != b.Scheme {
			return a.Scheme < b.Scheme
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return a.EffectiveFrom.Before(b.EffectiveFrom)
	})
	return r, nil
}

func overlaps(a, b *RuleSet) bool {
	// [aFrom, aTo) and [bFrom, bTo) overlap unless one ends before the other starts.
	aEndsFirst := !a.EffectiveTo.IsZero() && !a.EffectiveTo.After(b.EffectiveFrom)
	bEndsFirst := !b.EffectiveTo.IsZero() && !b.EffectiveTo.After(a.EffectiveFrom)
	return !aEndsFirst && !bEndsFirst
}

// Sets returns every set, ordered by scheme, region and start date.
func (r *Registry) Sets() []*RuleSet { return append([]*RuleSet(nil), r.sets...) }

// ByID returns the set with the given ID, whatever its period (the 2026 小巨人 复核 uses "xiaojuren-2022").
func (r *Registry) ByID(id string) (*RuleSet, error) {
	if s, ok := r.byID[id]; ok {
		return s, nil
	}
	return nil, errs.NotFoundf("没有编号为 %s 的认定标准", id)
}

// Applicable returns the set of a scheme that applies to an enterprise in region for an application on date:
// among the sets in force on that date whose region covers the enterprise's, the most specific region wins
// (a city's 瞪羚 rule over a province's). region "" means national.
func (r *Registry) Applicable(scheme, region string, date time.Time) (*RuleSet, error) {
	var best *RuleSet
	for _, s := range r.sets {
		if s.Scheme != scheme || !s.Covers(region) || !s.InForce(date) {
			continue
		}
		if best == nil || len(s.Region) > len(best.Region) {
			best = s
		}
	}
	if best == nil {
		return nil, errs.NotFoundf("%s 没有适用于地区 %s、日期 %s 的认定标准", scheme, orNational(region),
			date.Format(time.DateOnly))
	}
	return best, nil
}

// Schemes lists the schemes the registry holds a set for.
func (r *Registry) Schemes() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range r.sets {
		if !seen[s.Scheme] {
			seen[s.Scheme] = true
			out = append(out, s.Scheme)
		}
	}
	return out
}

func orNational(region string) string {
	if strings.TrimSpace(region) == "" {
		return RegionNational
	}
	return region
}

var builtin = sync.OnceValue(func() *Registry {
	r, err := NewRegistry(builtinSets()...)
	if err != nil {
		// The shipped sets are fixed in code and tested: an error here is a build defect.
		panic(err)
	}
	return r
})

// Builtin returns the registry of the shipped sets. It is shared and must not be changed.
func Builtin() *Registry { return builtin() }

// Sets returns the shipped sets.
func Sets() []*RuleSet { return Builtin().Sets() }

// Applicable picks a shipped set; see Registry.Applicable.
func Applicable(scheme, region string, date time.Time) (*RuleSet, error) {
	return Builtin().Applicable(scheme, region, date)
}

// ByID returns a shipped set by ID.
func ByID(id string) (*RuleSet, error) { return Builtin().ByID(id) }
