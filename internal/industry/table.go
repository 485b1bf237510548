// Package industry is the national industrial classification GB/T 4754-2017 《国民经济行业分类》 (2017-06-30
// 发布, 2017-10-01 实施; 第1号修改单 of 2019 changes only the 小类 level): its 20 sections (门类) and 97 divisions
// (大类), from the standard's 国民经济行业分类和代码表 (clause 5), built in. Groups (中类) and classes (小类) are
// recognised by their digits and named once the full table is loaded.
package industry

// Section is a 门类: a letter and the divisions it spans.
type Section struct {
	Code      string // A to T
	Name      string
	Divisions []Division
}

// Division is a 大类: two digits within a section.
type Division struct {
	Code    string // 01 to 97
	Name    string
	Section string
}

// sections is clause 5's table at the 门类 and 大类 levels.
var sections = []Section{
	{Code: "A", Name: "农、林、牧、渔业", Divisions: []Division{
		{Code: "01", Name: "农业", Section: "A"},
		{Code: "02", Name: "林业", Section: "A"},
		{Code: "03", Name: "畜牧业", Section: "A"},
		{Code: "04", Name: "渔业", Section: "A"},
		{Code: "05", Name: "农、林、牧、渔专业及辅助性活动", Section: "A"},
	}},
	{Code: "B", Name: "采矿业", Divisions: []Division{
		{Code: "06", Name: "煤炭开采和洗选业", Section: "B"},
		{Code: "07", Name: "石油和天然气开采业", Section: "B"},
		{Code: "08", Name: "黑色金属矿采选业", Section: "B"},
		{Code: "09", Name: "有色金属矿采选业", Section: "B"},
		{Code: "10", Name: "非金属矿采选业", Section: "B"},
		{Code: "11", Name: "开采专业及辅助性活动", Section: "B"},
		{Code: "12", Name: "其他采矿业", Section: "B"},
	}},
	{Code: "C", Name: "制造业", Divisions: []Division{
		{Code: "13", Name: "农副食品加工业", Section: "C"},
		{Code: "14", Name: "食品制造业", Section: "C"},
		{Code: "15", Name: "酒、饮料和精制茶制造业", Section: "C"},
		{Code: "16", Name: "烟草制品业", Section: "C"},
		{Code: "17", Name: "纺织业", Section: "C"},
		{Code: "18", Name: "纺织服装、服饰业", Section: "C"},
		{Code: "19", Name: "皮革、毛皮、羽毛及其制品和制鞋业", Section: "C"},
		{Code: "20", Name: "木材加工和木、竹、藤、棕、草制品业", Section: "C"},
		{Code: "21", Name: "家具制造业", Section: "C"},
		{Code: "22", Name: "造纸和纸制品业", Section: "C"},
		{Code: "23", Name: "印刷和记录媒介复制业", Section: "C"},
		{Code: "24", Name: "文教、工美、体育和娱乐用品制造业", Section: "C"},
		{Code: "25", Name: "石油、煤炭及其他燃料加工业", Section: "C"},
		{Code: "26", Name: "化学原料和化学制品制造业", Section: "C"},
		{Code: "27", Name: "医药制造业", Section: "C"},
		{Code: "28", Name: "化学纤维制造业", Section: "C"},
		{Code: "29", Name: "橡胶和塑料制品业", Section: "C"},
		{Code: "30", Name: "非金属矿物制品业", Section: "C"},
		{Code: "31", Name: "黑色金属冶炼和压延加工业", Section: "C"},
		{Code: "32", Name: "有色金属冶炼和压延加工业", Section: "C"},
		{Code: "33", Name: "金属制品业", Section: "C"},
		{Code: "34", Name: "通用设备制造业", Section: "C"},
		{Code: "35", Name: "专用设备制造业", Section: "C"},
		{Code: "36", Name: "汽车制造业", Section: "C"},
		{Code: "37", Name: "铁路、船舶、航空航天和其他运输设备制造业", Section: "C"},
		{Code: "38", Name: "电气机械和器材制造业", Section: "C"},
		{Code: "39", Name: "计算机、通信和其他电子设备制造业", Section: "C"},
		{Code: "40", Name: "仪器仪表制造业", Section: "C"},
		{Code: "41", Name: "其他制造业", Section: "C"},
		{Code: "42", Name: "废弃资源综合利用业", Section: "C"},
		{Code: "43", Name: "金属制品、机械和设备修理业", Section: "C"},
	}},
	{Code: "D", Name: "电力、热力、燃气及水生产和供应业", Divisions: []Division{
		{Code: "44", Name: "电力、热力生产和供应业", Section: "D"},
		{Code: "45", Name: "燃气生产和供应业", Section: "D"},
		{Code: "46", Name: "水的生产和供应业", Section: "D"},
	}},
	{Code: "E", Name: "建筑业", Divisions: []Division{
		{Code: "47", Name: "房屋建筑业", Section: "E"},
		{Code: "48", Name: "土木工程建筑业", Section: "E"},
		{Code: "49", Name: "建筑安装业", Section: "E"},
		{Code: "50", Name: "建筑装饰、装修和其他建筑业", Section: "E"},
	}},
	{Code: "F", Name: "批发和零售业", Divisions: []Division{
		{Code: "51", Name: "批发业", Section: "F"},
		{Code: "52", Name: "零售业", Section: "F"},
	}},
	{Code: "G", Name: "交通运输、仓储和邮政业", Divisions: []Division{
		{Code: "53", Name: "铁路运输业", Section: "G"},
		{Code: "54", Name: "道路运输业", Section: "G"},
		{Code: "55", Name: "水上运输业", Section: "G"},
		{Code: "56", Name: "航空运输业", Section: "G"},
		{Code: "57", Name: "管道运输业", Section: "G"},
		{Code: "58", Name: "多式联运和运输代理业", Section: "G"},
		{Code: "59", Name: "装卸搬运和仓储业", Section: "G"},
		{Code: "60", Name: "邮政业", Section: "G"},
	}},
	{Code: "H", Name: "住宿和餐饮业", Divisions: []Division{
		{Code: "61", Name: "住宿业", Section: "H"},
		{Code: "62", Name: "餐饮业", Section: "H"},
	}},
	{Code: "I", Name: "信息传输、软件和信息技术服务业", Divisions: []Division{
		{Code: "63", Name: "电信、广播电视和卫星传输服务", Section: "I"},
		{Code: "64", Name: "互联网和相关服务", Section: "I"},
		{Code: "65", Name: "软件和信息技术服务业", Section: "I"},
	}},
	{Code: "J", Name: "金融业", Divisions: []Division{
		{Code: "66", Name: "货币金融服务", Section: "J"},
		{Code: "67", Name: "资本市场服务", Section: "J"},
		{Code: "68", Name: "保险业", Section: "J"},
		{Code: "69", Name: "其他金融业", Section: "J"},
	}},
	{Code: "K", Name: "房地产业", Divisions: []Division{
		{Code: "70", Name: "房地产业", Section: "K"},
	}},
	{Code: "L", Name: "租赁和商务服务业", Divisions: []Division{
		{Code: "71", Name: "租赁业", Section: "L"},
		{Code: "72", Name: "商务服务业", Section: "L"},
	}},
	{Code: "M", Name: "科学研究和技术服务业", Divisions: []Division{
		{Code: "73", Name: "研究和试验发展", Section: "M"},
		{Code: "74", Name: "专业技术服务业", Section: "M"},
		{Code: "75", Name: "科技推广和应用服务业", Section: "M"},
	}},
	{Code: "N", Name: "水利、环境和公共设施管理业", Divisions: []Division{
		{Code: "76", Name: "水利管理业", Section: "N"},
		{Code: "77", Name: "生态保护和环境治理业", Section: "N"},
		{Code: "78", Name: "公共设施管理业", Section: "N"},
		{Code: "79", Name: "土地管理业", Section: "N"},
	}},
	{Code: "O", Name: "居民服务、修理和其他服务业", Divisions: []Division{
		{Code: "80", Name: "居民服务业", Section: "O"},
		{Code: "81", Name: "机动车、电子产品和日用产品修理业", Section: "O"},
		{Code: "82", Name: "其他服务业", Section: "O"},
	}},
	{Code: "P", Name: "教育", Divisions: []Division{
		{Code: "83", Name: "教育", Section: "P"},
	}},
	{Code: "Q", Name: "卫生和社会工作", Divisions: []Division{
		{Code: "84", Name: "卫生", Section: "Q"},
		{Code: "85", Name: "社会工作", Section: "Q"},
	}},
	{Code: "R", Name: "文化、体育和娱乐业", Divisions: []Division{
		{Code: "86", Name: "新闻和出版业", Section: "R"},
		{Code: "87", Name: "广播、电视、电影和录音制作业", Section: "R"},
		{Code: "88", Name: "文化艺术业", Section: "R"},
		{Code: "89", Name: "体育", Section: "R"},
		{Code: "90", Name: "娱乐业", Section: "R"},
	}},
	{Code: "S", Name: "公共管理、社会保障和社会组织", Divisions: []Division{
		{Code: "91", Name: "中国共产党机关", Section: "S"},
		{Code: "92", Name: "国家机构", Section: "S"},
		{Code: "93", Name: "人民政协、民主党派", Section: "S"},
		{Code: "94", Name: "社会保障", Section: "S"},
		{Code: "95", Name: "群众团体、社会团体和其他成员组织", Section: "S"},
		{Code: "96", Name: "基层群众自治组织及其他组织", Section: "S"},
	}},
	{Code: "T", Name: "国际组织", Divisions: []Division{
		{Code: "97", Name: "国际组织", Section: "T"},
	}},
}
