package enterprise

import (
	"slices"

	"parkos/internal/auth"
)

// Routes of the registry, each with the permission the guard checks first. Most pages of one enterprise
// only need a signed-in user: the service applies the data scope, so park staff reach every enterprise and
// an enterprise user its own. Each group is declared next to its handlers.
func (h *Handler) Routes() []auth.Route {
	return slices.Concat(h.recordRoutes(), h.figureRoutes(), h.qualificationRoutes(), h.contactRoutes(),
		h.productRoutes(), h.changeRoutes(), h.importRoutes(), h.criteriaRoutes(), h.apiWriteRoutes(), h.assessmentRoutes())
}

func (h *Handler) recordRoutes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin/enterprises", Perm: PermRead, Handler: h.list},
		{Method: "GET", Path: "/admin/enterprises/new", Perm: PermManage, Handler: h.newForm},
		{Method: "POST", Path: "/admin/enterprises", Perm: PermManage, Handler: h.create},
		{Method: "GET", Path: "/admin/enterprises/{id}", Perm: auth.SignedIn, Handler: h.detail},
		{Method: "POST", Path: "/admin/enterprises/{id}", Perm: auth.SignedIn, Handler: h.update},
		{Method: "POST", Path: "/admin/enterprises/{id}/logo", Perm: auth.SignedIn, Handler: h.setLogo},
		{Method: "POST", Path: "/admin/enterprises/{id}/logo/delete", Perm: auth.SignedIn, Handler: h.removeLogo},
		{Method: "GET", Path: "/admin/my-enterprise", Perm: PermSelf, Handler: h.mine},
		{Method: "GET", Path: "/api/v1/enterprises", Perm: auth.SignedIn, Handler: h.apiList},
		{Method: "GET", Path: "/api/v1/enterprises/{id}", Perm: auth.SignedIn, Handler: h.apiGet},
	}
}

// Nav of the registry.
func Nav() []auth.NavLink {
	return []auth.NavLink{
		{Group: "园区运营", Title: "入驻企业库", Path: "/admin/enterprises", Perm: PermRead, Note: "企业档案、资质与年度经营数据"},
		{Group: "园区运营", Title: "认定评估", Path: "/admin/enterprises/criteria", Perm: PermRead, Note: "谁可以申报高企、科小、专精特新，差一项的差在哪里"},
		{Group: "园区运营", Title: "年度数据审核", Path: "/admin/enterprises/reports", Perm: PermManage, Note: "企业提交、等待审核的年度经营数据"},
		{Group: "园区运营", Title: "变更审核", Path: "/admin/enterprise-changes", Perm: PermManage, Note: "企业申请变更的登记信息"},
		{Group: "园区运营", Title: "资质到期", Path: "/admin/qualifications/expiring", Perm: PermRead, Note: "即将到期、需要复审的资质"},
		{Group: "本企业", Title: "企业资料", Path: "/admin/my-enterprise", Perm: PermSelf, Note: "本企业的资料与年度数据"},
	}
}
