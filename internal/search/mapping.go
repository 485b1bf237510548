package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// schemaVersion names the shape of the index: field names, analyzers, stored fields. Bump it whenever
// buildMapping changes; Open then starts an empty index and reports NeedsRebuild, because bleve cannot
// re-analyse documents already indexed.
const schemaVersion = "1"

// Analyzer and field names. They are persisted in the index metadata, so renaming one is a schema change.
const (
	// analyzerIndex is applied to titles and bodies when they are indexed: Unicode word segmentation
	// (Latin words and numbers stay whole), full-width to half-width folding, lower case, then CJK bigrams
	// plus every single character (filterCJK), so that one-character queries (园, 税) match as well as
	// two-character ones (人才, 园区). This is Bleve's "cjk" analyzer with our own bigram filter; see ngram.go.
	analyzerIndex = "zh_index"
	// analyzerQuery is applied to query words: the same chain without the single characters, so that a
	// query of two or more characters becomes a phrase of bigrams (人才政策 -> 人才 才政 政策) and not a
	// loose set of characters. A lone character still comes out as itself and meets the indexed unigram.
	analyzerQuery = "zh_query"

	filterNgramIndex = "zh_ngram_index" // filterCJK with unigrams
	filterNgramQuery = "zh_ngram_query" // filterCJK without unigrams

	fieldKind          = "kind"
	fieldCategory      = "category"
	fieldCategoryFacet = "category_facet" // slug + facetSep + name, for facet counts that carry the name
	fieldCategoryName  = "category_name"
	fieldTitle         = "title"
	fieldBody          = "body"
	fieldDate          = "date"
	fieldDateText      = "date_text" // the original time with its zone; bleve's datetime field keeps only the instant
	fieldURL           = "url"

	facetSep = "\x1f"

	internalSchemaKey = "parkos.schema"
)

// buildMapping returns the index mapping: one explicit document mapping, no dynamic fields, no _all field.
func buildMapping() (mapping.IndexMapping, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomTokenFilter(filterNgramIndex, map[string]any{"type": filterCJK, "unigrams": true}); err != nil {
		return nil, err
	}
	if err := im.AddCustomTokenFilter(filterNgramQuery, map[string]any{"type": filterCJK, "unigrams": false}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(analyzerIndex, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{cjk.WidthName, lowercase.Name, filterNgramIndex},
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(analyzerQuery, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{cjk.WidthName, lowercase.Name, filterNgramQuery},
	}); err != nil {
		return nil, err
	}

	keywordField := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.DocValues = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	textField := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerIndex
		f.Store = true              // the snippet is cut from the stored text
		f.IncludeTermVectors = true // positions for phrases, byte offsets for <mark>
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	dateField := bleve.NewDateTimeFieldMapping()
	dateField.Store = false
	dateField.DocValues = true // sort by date
	dateField.IncludeInAll = false

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldKind, keywordField(true))
	dm.AddFieldMappingsAt(fieldCategory, keywordField(true))
	dm.AddFieldMappingsAt(fieldCategoryFacet, keywordField(false))
	dm.AddFieldMappingsAt(fieldCategoryName, storedOnly())
	dm.AddFieldMappingsAt(fieldTitle, textField())
	dm.AddFieldMappingsAt(fieldBody, textField())
	dm.AddFieldMappingsAt(fieldDate, dateField)
	dm.AddFieldMappingsAt(fieldDateText, storedOnly())
	dm.AddFieldMappingsAt(fieldURL, storedOnly())

	im.DefaultMapping = dm
	im.DefaultAnalyzer = analyzerIndex
	im.DefaultField = fieldBody
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im, nil
}
