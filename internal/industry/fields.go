package industry

// EmergingIndustries are the nine first-level categories of 《战略性新兴产业分类（2018）》 (国家统计局令第23号,
// 2018-11-07), in the order of the classification.
var EmergingIndustries = []string{"新一代信息技术产业", "高端装备制造产业", "新材料产业", "生物产业", "新能源汽车产业", "新能源产业",
	"节能环保产业", "数字创意产业", "相关服务业"}

// HitechFields are the eight fields of 《国家重点支持的高新技术领域》, the annex of 《高新技术企业认定管理办法》
// (国科发火〔2016〕32号), in the order of the annex.
var HitechFields = []string{"电子信息", "生物与新医药", "航空航天", "新材料", "高技术服务", "新能源与节能", "资源与环境", "先进制造与自动化"}
