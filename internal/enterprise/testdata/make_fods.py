#!/usr/bin/env python3
"""Writes the LibreOffice flat-ODS sources of the import tests' workbooks (see README.md).

Each cell is typed as a person typing into LibreOffice Calc would leave it: text as text, dates as dates,
amounts as numbers, and, in the broken file, a credit code and an industry code typed into number cells.
"""
from xml.sax.saxutils import escape

HEAD = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="D1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
 <style:style style:name="ce1" style:family="table-cell" style:data-style-name="D1"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
'''
TAIL = '</office:spreadsheet></office:body></office:document>\n'


def cell(v):
    if v is None or v == '':
        return '<table:table-cell/>'
    if isinstance(v, tuple):  # ("date", "2019-06-01") or ("num", 914403001922038216)
        kind, x = v
        if kind == 'date':
            return f'<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="{x}"><text:p>{x}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="float" office:value="{x}"><text:p>{x}</text:p></table:table-cell>'
    if isinstance(v, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'


def table(name, rows):
    out = [f'<table:table table:name="{name}">']
    for r in rows:
        out.append('<table:table-row>' + ''.join(cell(c) for c in r) + '</table:table-row>')
    out.append('</table:table>')
    return '\n'.join(out)


def D(s):
    return ('date', s)


# The park's own ledger: a title row, the columns in its own order, two columns the registry does not know.
good_ent = [
    ['洛阳国家大学科技园 入驻企业台账'],
    ['序号', '统一社会信用代码', '企业名称', '状态', '入驻日期', '注册资本（万元）', '行业代码', '类型', '法定代表人', '成立日期',
     '园区位置', '标签', '门户公开', '网址', '简介', '毕业日期', '迁出日期', '战略性新兴产业', '高新技术领域', '备忘'],
    [1, '914103001700000035', '中科慧远视觉技术（洛阳）有限公司', '入驻', D('2019-06-01'), 1200.5, 'C3963', '企业', '张三', D('2018-03-15'),
     '创新大厦 A 座 501', '机器视觉、智能装备', '是', 'https://www.example.cn', '手机盖板玻璃智能检测装备', None, None, '高端装备制造', '先进制造与自动化', '重点企业'],
    [2, '914103002000000058', '洛阳尖端技术研究院', '在孵', D('2020-01-10'), 5000, 'M7320', '新型研发机构', '李四', D('2019-11-20'),
     '创新大厦 B 座', '超材料', '是', '', '超材料研发', None, None, '新材料', '新材料', ''],
    [3, '91410300310000006Q', '洛阳新材料科技有限公司', '毕业', D('2015-05-01'), 300.123456, 'C30', '企业', '王五', D('2014-12-01'),
     '孵化楼 3 层', '新材料', '否', '', '', D('2020-12-31'), None, '', '', ''],
    [4, '914103004200000079', '洛阳科创知识产权代理有限公司', '迁出', D('2018-03-01'), 50, 'L72', '中介机构', '赵六', None,
     '', '知识产权', '否', '', '', None, D('2023-07-01'), '', '', '已迁至高新区'],
    [5, '91410300530000008R', '河南某大学技术转移中心', '入驻', D('2021-09-01'), None, 'M75', '高校院所', '', None,
     '综合楼 201', '', '是', 'http://tt.example.edu.cn', '', None, None, '', '', ''],
]

# Figures of two of them, some columns only.
good_fig = [
    ['统一社会信用代码', '企业名称', '年度', '营业收入（万元）', '主营业务收入（万元）', '研究开发费用（万元）', '从业人员', '科技人员', '其中：博士', '备注'],
    ['914103001700000035', '中科慧远视觉技术（洛阳）有限公司', 2024, 8000.5, 7800, 900.25, 120, 60, 5, ''],
    ['914103001700000035', '中科慧远视觉技术（洛阳）有限公司', 2025, 12000, 11800.75, 1500.123456, 150, 80, 8, '快报数'],
    ['914103002000000058', '洛阳尖端技术研究院', 2025, 300, 300, 800, 45, 40, 12, ''],
]

TEMPLATE_HEAD = ['企业名称', '统一社会信用代码', '法定代表人', '成立日期', '注册资本（万元）', '类型', '行业代码', '战略性新兴产业',
                 '高新技术领域', '园区位置', '状态', '入驻日期', '毕业日期', '迁出日期', '标签', '简介', '网址', '门户公开']


def row(**kw):
    keys = ['name', 'uscc', 'legal', 'founded', 'capital', 'kind', 'industry', 'emerging', 'hitech', 'loc', 'status', 'entered',
            'graduated', 'moved', 'tags', 'desc', 'web', 'public']
    return [kw.get(k) for k in keys]


# A broken file: every row but the first has one or more bad cells (README.md lists them).
broken_ent = [
    TEMPLATE_HEAD,
    row(name='甲公司', uscc='914103006400000 09A'.replace(' ', ''), status='入驻', entered=D('2020-01-01'), capital=100, industry='C39'),
    row(name='乙公司', uscc='914403001922038217', status='入驻'),
    row(name='丙公司', uscc='9141030075000000XM', founded='2019-02-30'),
    row(name='丁公司', uscc='914103008600000009', status='休眠'),
    row(name='戊公司', uscc='91410300970000001R', capital=-100, industry='A39'),
    row(name='', uscc='9141030108000000XT', status='在孵'),
    row(name='甲公司重复', uscc='91410300640000009A'),
    row(name='庚公司', uscc=('num', '914103011900000000')),
    row(name='辛公司', uscc='91410301200000005N', web='www.example.cn'),
    row(name='壬公司', uscc='914403001922038216', status='毕业', entered=D('2016-01-01')),
    row(name='癸公司', uscc='91330100716105852F', industry=('num', '111')),
    row(name='子公司', uscc='91110108551385082Q', capital=12.3456789),
]

broken_fig = [
    ['统一社会信用代码', '企业名称', '年度', '营业收入（万元）', '主营业务收入（万元）', '从业人员', '科技人员'],
    ['914103001700000035', '中科慧远', 2025, 100, 50, 10, 5],
    ['914103006400000 09A'.replace(' ', ''), '未登记', 2025, 100, 50, 10, 5],
    ['914103001700000035', '中科慧远', 1999, 100, 50, 10, 5],
    ['914103002000000058', '尖端院', 2025, 100, 150, 10, 5],
    ['914103002000000058', '尖端院', 2024, 100, 50, 12.5, 5],
]

for name, tables in [('libreoffice-good.fods', [('企业台账', good_ent), ('年度数据', good_fig)]),
                     ('libreoffice-broken.fods', [('企业', broken_ent), ('年度数据', broken_fig)])]:
    with open(name, 'w', encoding='utf-8') as f:
        f.write(HEAD + '\n'.join(table(n, r) for n, r in tables) + TAIL)
