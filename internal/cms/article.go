// Package cms is the content back office of the portal: categories, articles and policy documents, their
// revisions, the review workflow in configurable levels (初审, 终审 by default), scheduled publishing and
// withdrawal, uploaded images and attachments. internal/portal shows what it publishes.
package cms

import (
	"strings"
	"time"
	"unicode/utf8"

	"parkos/internal/auth"
	"parkos/internal/errs"
)

// Permissions of the news center.
const (
	PermEdit   auth.Permission = "cms.edit"   // write drafts, submit them, upload images and attachments
	PermReview auth.Permission = "cms.review" // approve or return at a review level, publish, withdraw
	PermManage auth.Permission = "cms.manage" // categories and the portal's settings
)

// Grants of the cms module.
func Grants() []auth.Grant {
	return []auth.Grant{
		{Role: auth.RoleEditor, Perms: []auth.Permission{PermEdit}},
		{Role: auth.RoleReviewer, Perms: []auth.Permission{PermReview}},
		{Role: auth.RoleParkAdmin, Perms: []auth.Permission{PermManage, PermEdit, PermReview}},
	}
}

// ActionLabels are the Chinese names of this module's audited actions, for the audit viewer.
var ActionLabels = map[string]string{
	"article.create": "新建稿件", "article.update": "修改稿件", "article.submit": "提交审核", "article.approve": "审核通过",
	"article.return": "退回修改", "article.publish": "发布", "article.withdraw": "撤稿", "article.restore": "恢复历史版本",
	"article.import": "导入旧站页面", "article.files": "修改附件", "article.read": "查看稿件", "article.list": "查看稿件列表",
	"category.create": "新建栏目", "policy.link": "关联政策解读", "media.upload": "上传文件", "search.rebuild": "重建搜索索引",
}

// Status is the state of an article's working copy. Whether the public sees the article is a separate fact:
// it has a live revision (Article.Live), which stays in place while an edit of it is reviewed.
type Status string

// The states of the working copy.
const (
	Draft     Status = "draft"
	InReview  Status = "in_review"
	Approved  Status = "approved" // passed every level; waiting for its scheduled time
	Published Status = "published"
	Withdrawn Status = "withdrawn"
)

// StatusNames are the Chinese names of the states.
var StatusNames = map[Status]string{Draft: "草稿", InReview: "审核中", Approved: "待定时发布", Published: "已发布", Withdrawn: "已撤稿"}

// Kind distinguishes news articles from policy documents.
type Kind string

// Kinds of article.
const (
	KindArticle Kind = "article"
	KindPolicy  Kind = "policy"
)

// Validity of a policy document.
type Validity string

// Validities, with their Chinese names in ValidityNames.
const (
	Valid    Validity = "valid"
	Expired  Validity = "expired"
	Repealed Validity = "repealed"
)

// ValidityNames are the Chinese names of the validities.
var ValidityNames = map[Validity]string{Valid: "有效", Expired: "失效", Repealed: "废止"}

// Category is a section of the news center or the policy library, nested by Parent.
type Category struct {
	ID       int64
	ParentID int64
	Slug     string
	Name     string
	Kind     string // "news" or "policy"
	Sort     int
	Path     []*Category // from the top category down to this one, filled by the category tree
}

// Article is a news article or a policy document, as its working copy stands.
type Article struct {
	ID          int64
	CategoryID  int64
	Category    *Category
	Kind        Kind
	Title       string
	Summary     string
	BodyHTML    string
	Source      string
	Author      string
	Status      Status
	ReviewLevel int // levels passed in the current round
	Version     int
	PublishAt   *time.Time // scheduled publication
	PublishedAt *time.Time // 发布时间, kept across later edits; the original date for imported pages
	Live        int64      // id of the revision the public sees, 0 when not public
	Withdrawn   string     // the reason of a withdrawal
	LegacyKey   string
	Attention   string // what an editor must check, e.g. characters lost in an imported page
	CreatedBy   int64
	UpdatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Policy      *PolicyDetails
	Files       []*File
}

// PolicyDetails are the document fields of a policy.
type PolicyDetails struct {
	DocNumber   string // 文号, e.g. 洛政〔2022〕12号
	Issuer      string // 发文机关
	IssuedOn    *time.Time
	EffectiveOn *time.Time
	Validity    Validity
	Topics      []string
}

// File is an attachment of an article.
type File struct {
	ID   int64
	Hash string
	Name string
	Mime string
	Size int64
}

// Revision is a saved version of an article.
type Revision struct {
	ID            int64
	ArticleID     int64
	Version       int
	CategoryID    int64
	Title         string
	Summary       string
	BodyHTML      string
	Source        string
	Author        string
	Note          string
	CreatedByName string
	CreatedAt     time.Time
}

// Review is one step of the workflow: a submission, an approval or return at a level, a publication or a
// withdrawal, with its comment.
type Review struct {
	ID           int64
	Version      int
	Level        int
	ReviewerName string
	Decision     string
	Comment      string
	CreatedAt    time.Time
}

// Draft is the editable content of an article.
type DraftInput struct {
	CategoryID int64
	Kind       Kind
	Title      string
	Summary    string
	BodyHTML   string
	Source     string
	Author     string
	PublishAt  *time.Time
	Policy     *PolicyDetails
	Note       string // what this revision changed
	// PublishedAt sets the original publication date (imports of the old site); nil keeps the date of the
	// first publication.
	PublishedAt *time.Time
}

// validate checks the input and cleans it; the body is sanitized by the caller first.
func (d *DraftInput) validate() error {
	var f errs.Fields
	d.Title = strings.TrimSpace(d.Title)
	d.Summary = strings.TrimSpace(d.Summary)
	d.Source = strings.TrimSpace(d.Source)
	d.Author = strings.TrimSpace(d.Author)
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0:
		f.Add("title", "请填写标题")
	case n > 200:
		f.Add("title", "标题最多 200 个字")
	}
	if utf8.RuneCountInString(d.Summary) > 500 {
		f.Add("summary", "摘要最多 500 个字")
	}
	if utf8.RuneCountInString(d.Source) > 100 {
		f.Add("source", "来源最多 100 个字")
	}
	if utf8.RuneCountInString(d.Author) > 100 {
		f.Add("author", "作者最多 100 个字")
	}
	if d.CategoryID <= 0 {
		f.Add("category_id", "请选择栏目")
	}
	if d.Kind == "" {
		d.Kind = KindArticle
	}
	if d.Kind != KindArticle && d.Kind != KindPolicy {
		f.Add("kind", "类型只能是文章或政策文件")
	}
	if d.Kind == KindPolicy {
		if d.Policy == nil {
			d.Policy = &PolicyDetails{Validity: Valid}
		}
		p := d.Policy
		p.DocNumber, p.Issuer = strings.TrimSpace(p.DocNumber), strings.TrimSpace(p.Issuer)
		if p.Issuer == "" {
			f.Add("issuer", "请填写发文机关")
		}
		if _, ok := ValidityNames[p.Validity]; !ok {
			f.Add("validity", "效力只能是有效、失效或废止")
		}
		if p.IssuedOn != nil && p.EffectiveOn != nil && p.EffectiveOn.Before(*p.IssuedOn) {
			f.Add("effective_on", "施行日期不能早于成文日期")
		}
	}
	if msg := missingAlt(d.BodyHTML); msg != "" {
		f.Add("body", msg)
	}
	return f.Err()
}
