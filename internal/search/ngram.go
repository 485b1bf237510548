package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// filterCJK is the name under which cjkFilter is registered with Bleve. The name is stored in the index
// metadata; the package registers it in init, so any program that opens the index links this package.
const filterCJK = "parkos_cjk"

// cjkFilter turns runs of CJK characters into overlapping bigrams, like Bleve's cjk_bigram filter, and can
// also emit each character as a unigram.
//
// Bleve's cjk_bigram with output_unigram gives the last character of a run a position of its own, so in
// 年度ICP the token icp sits one position further in the index than in a query analysed without unigrams,
// and phrase queries across a CJK run and a Latin word or number fail. Here every unigram shares the
// position of a bigram (the last character that of the last bigram), so the positions of bigrams and of
// other tokens are the same with and without unigrams:
//
//	人才政策 with unigrams:    人@1 人才@1 才@2 才政@2 政@3 政策@3 策@3
//	人才政策 without unigrams: 人才@1 才政@2 政策@3
//
// A run of one character is always emitted as that character.
type cjkFilter struct {
	unigrams bool
}

func (f cjkFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)*2)
	pos := 1
	var run []*analysis.Token // single characters of the current CJK run

	flush := func() {
		switch n := len(run); {
		case n == 1:
			out = append(out, charToken(run[0], pos, analysis.Single))
			pos++
		case n > 1:
			for i := 0; i < n-1; i++ {
				a, b := run[i], run[i+1]
				if f.unigrams {
					out = append(out, charToken(a, pos, analysis.Single))
				}
				term := make([]byte, 0, len(a.Term)+len(b.Term))
				term = append(append(term, a.Term...), b.Term...)
				out = append(out, &analysis.Token{
					Term: term, Start: a.Start, End: b.End, Position: pos, Type: analysis.Double,
				})
				if i < n-2 {
					pos++
				}
			}
			if f.unigrams {
				out = append(out, charToken(run[n-1], pos, analysis.Single))
			}
			pos++
		}
		run = run[:0]
	}

	for _, tok := range input {
		if tok.Type != analysis.Ideographic {
			flush()
			tok.Position = pos
			pos++
			out = append(out, tok)
			continue
		}
		// A token may hold several characters; split it. A gap (punctuation, space) ends the run.
		for i := 0; i < len(tok.Term); {
			_, size := utf8.DecodeRune(tok.Term[i:])
			c := &analysis.Token{
				Term: tok.Term[i : i+size], Start: tok.Start + i, End: tok.Start + i + size, Type: tok.Type,
			}
			// cjk_width may have changed the term's length; then offsets are approximate per character but
			// the token as a whole keeps its original range.
			if i+size == len(tok.Term) {
				c.End = tok.End
			}
			if len(run) > 0 && run[len(run)-1].End != c.Start {
				flush()
			}
			run = append(run, c)
			i += size
		}
	}
	flush()
	return out
}

func charToken(t *analysis.Token, pos int, typ analysis.TokenType) *analysis.Token {
	return &analysis.Token{Term: t.Term, Start: t.Start, End: t.End, Position: pos, Type: typ}
}

func init() {
	err := registry.RegisterTokenFilter(filterCJK, func(config map[string]any, _ *registry.Cache) (analysis.TokenFilter, error) {
		unigrams, _ := config["unigrams"].(bool)
		return cjkFilter{unigrams: unigrams}, nil
	})
	if err != nil {
		panic(err)
	}
}
