#!/usr/bin/env python3
"""Renders the text fixtures (reports as copied out of Word) into the other formats
reports come in, for tests/formats.rs: the same report must give the same tables and
findings in every format.

For each tests/fixtures/NNN-*.txt it writes, under tests/fixtures/formats/:

  NNN.page.html     a saved government web page (UTF-8): menus, breadcrumb, title block,
                    "发布时间 / 来源 / 字号" bar, the article, print/close buttons,
                    related links, footer; tables with colspan/rowspan as the template has
                    them, &nbsp; padding, nested inline markup
  NNN.gbk.html      the same page in GBK with <meta charset="gbk">
  NNN.word.htm      Word's "save as web page" in GBK declared as gb2312: mso styles,
                    conditional comments, <o:p>, Word's zero-height width row
  NNN.clip.html     clipboard HTML as a browser hands it to a paste handler
  NNN.bare.html     a bare rendering: no merges (every cell as in the text), cells' lines
                    split by raw line breaks, paragraphs run together with <br>
  NNN.layout.html   an old-style page in GBK declared as gb2312: the page laid out by an
                    outer table, header cells as <th>, rows left unclosed
  NNN.docx          WordprocessingML with gridSpan/vMerge, Word's _GoBack bookmark
  NNN.doc           that .docx converted to Word 97–2003 by LibreOffice
                    (`soffice --headless --convert-to doc`, Debian package
                    libreoffice-writer-nogui); skipped, keeping the committed files, when
                    soffice is not installed
  NNN.utf16.txt     the text in UTF-16LE with a BOM (Windows Notepad "Unicode")
  NNN.gbk.txt       the text in GB18030 (Windows "ANSI" in Chinese)
  NNN.lo.pdf        the .docx with its tables ruled, printed to PDF by LibreOffice
                    (`soffice --headless --convert-to pdf`; installed when missing)
  NNN.chrome.pdf    a CMS page's article printed to PDF by Chromium, with the browser's
                    running header and footer
  NNN.lo-rows.pdf   tables not fully ruled (issue 10), for the fixtures in UNRULED: the
  NNN.lo-none.pdf   .docx printed by LibreOffice with its tables ruled only between rows
  NNN.chrome-rows.pdf  (no vertical rule) or with no border at all; the CMS page printed
  NNN.chrome-none.pdf  by Chromium with a rule under each cell only, or `border: none`,
  NNN.chrome-left.pdf  or `border: none` with the cells' text aligned left and top

and a few hand-written edge cases (edge-*), and through scripts/make_doc_fixtures.py the
hand-made .doc/.wps files (edge-doc-*). Python 3 standard library only; the output is
deterministic (but for what LibreOffice stamps into a .doc and the PDFs' creation dates)
and committed, so tests never need this script.

The text has lost the tables' merges; they are put back from the layout Word gives a
merged cell when copying (written once, an empty cell in each later row it covers):
an empty cell under a label in the row above continues that label's cell downwards,
and a row with fewer cells than the table is wide widens its label (or, in a row of
one value, that value) to fill it, with the template's known wide headers
(申请人情况, 行政复议 …) taking their widths.
"""

import html
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
OUT = os.path.join(FIXTURES, "formats")

PADDING = " \t\r\n\u00a0\u2002\u2003\u2009\u3000\ufeff\u200b"
BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
HEADING = re.compile(r"^[一二三四五六七八九十]+、|^\d+、")
KNOWN_WIDTH = {
    "申请人情况": 7,
    "法人或其他组织": 5,
    "行政复议": 5,
    "行政诉讼": 10,
    "未经复议直接起诉": 5,
    "复议后起诉": 5,
}
FIXED_TIME = (2023, 1, 16, 9, 0, 0)


def trim(s):
    return s.strip(PADDING)


def numeric(s):
    t = trim(s)
    return t != "" and all(c in "0123456789.-" for c in t)


# ---- Reading the text as the text reader does --------------------------------------


def parse(text):
    """Blocks: ("p", line) and ("t", rows), rows of cells, cells lists of lines."""
    blocks, table, row, prev = [], None, None, "blank"

    def close_row():
        nonlocal row, table
        if row is not None:
            if table is None:
                table = []
            table.append(row)
            row = None

    def close_table():
        nonlocal table
        close_row()
        if table:
            blocks.append(("t", table))
        table = None

    for raw in text.split("\n"):
        line = raw[:-1] if raw.endswith("\r") else raw
        if "\t" in line:
            leading = line.startswith("\t")
            if not leading:
                close_row()
            fields = line.split("\t")
            if leading:
                fields = fields[1:]
            for f in fields:
                if row is None:
                    row = []
                row.append([f])
            if not leading:
                close_row()
            prev = "cell"
            continue
        if trim(line) == "":
            close_row()
            prev = "blank"
            continue
        if prev == "cell" and row is not None and not HEADING.match(trim(line)):
            row[-1].append(line)
            continue
        close_table()
        blocks.append(("p", line))
        prev = "para"
    close_table()
    return blocks


# ---- Putting the merges back ----------------------------------------------------------


class Cell:
    def __init__(self, lines):
        self.lines = lines
        self.colspan = 1
        self.rowspan = 1
        self.cont = None  # the origin cell this one continues downwards
        self.col = 0

    @property
    def text(self):
        return trim("".join(self.lines))


def merges(rows):
    """Cells with colspan/rowspan; continuation cells point to their origin."""
    width = max(len(r) for r in rows)
    out = []
    above = {}  # start column -> origin cell, in the row above
    for raw in rows:
        cells = [Cell(lines) for lines in raw]
        has_numbers = any(numeric(c.text) for c in cells)
        last_label = max(
            (i for i, c in enumerate(cells) if c.text and not numeric(c.text)), default=-1
        )
        col = 0
        for i, c in enumerate(cells):
            origin = above.get(col)
            can_continue = (not has_numbers) or i < last_label
            if (
                c.text == ""
                and origin is not None
                and origin.text
                and not numeric(origin.text)
                and can_continue
            ):
                c.cont = origin
                c.colspan = origin.colspan
                origin.rowspan += 1
            elif c.text in KNOWN_WIDTH:
                c.colspan = KNOWN_WIDTH[c.text]
            elif "勾稽" in c.text:
                c.colspan = 3
            col += c.colspan
        deficit = width - sum(c.colspan for c in cells)
        if deficit > 0:
            trailing = 0
            for c in reversed(cells):
                if numeric(c.text) or c.text == "":
                    trailing += 1
                else:
                    break
            if trailing >= 2 and last_label >= 0:
                absorber = cells[last_label]
            else:
                absorber = cells[-1]
            if absorber.cont is None and absorber.text not in KNOWN_WIDTH:
                absorber.colspan += deficit
        col = 0
        above = {}
        for c in cells:
            c.col = col
            above[col] = c.cont or c
            col += c.colspan
        out.append(cells)
    ok = all(sum(c.colspan for c in r) == width for r in out)
    if not ok:
        # Could not make sense of the layout: no merges, the last cell fills the row.
        out = []
        for raw in rows:
            cells = [Cell(lines) for lines in raw]
            cells[-1].colspan += width - len(cells)
            out.append(cells)
    return width, out


# ---- HTML ----------------------------------------------------------------------------


def esc(s):
    """Escapes text; padding Word writes as entities stays visible as entities."""
    s = html.escape(s, quote=False)
    return s.replace("\u00a0", "&nbsp;").replace("\u2002", "&ensp;").replace("\u2003", "&emsp;")


def para_html(line, style):
    bookmark = ""
    if BOOKMARK.search(line):
        line = BOOKMARK.sub("", line)
        bookmark = '<a name="_GoBack"></a>'
    if style == "word":
        return (
            '<p class=MsoNormal style=\'text-indent:32.0pt;line-height:28.0pt\'>'
            f"{bookmark}<span style='font-family:仿宋_GB2312'>{esc(line)}</span><o:p></o:p></p>"
        )
    if style == "cms":
        # Nested inline markup as CMS editors leave it.
        return (
            f'<p style="text-indent:2em;">{bookmark}<span style="font-size:16px;">'
            f'<font face="仿宋">{esc(line)}</font></span></p>'
        )
    return f"<p>{bookmark}{esc(line)}</p>"


def cell_html(cell, style):
    attrs = ""
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"' if style != "word" else f" colspan={cell.colspan}"
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"' if style != "word" else f" rowspan={cell.rowspan}"
    lines = [line for line in cell.lines]
    if style == "word":
        body = "".join(
            f"<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US>{esc(line)}</span></p>"
            for line in lines
        ) or "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
        return f"<td width=64 valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'{attrs}>{body}</td>"
    if style == "cms":
        body = "<br>".join(esc(line) for line in lines)
        return f'<td{attrs} style="border:1px solid #000;"><span>{body}</span></td>'
    body = "".join(f"<p>{esc(line)}</p>" for line in lines)
    return f"<td{attrs}>{body}</td>"


def table_html(rows, style):
    width, cells = merges(rows)
    out = []
    if style == "word":
        out.append(
            "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
            "style='border-collapse:collapse;border:none'>"
        )
    elif style == "cms":
        out.append('<table border="1" cellspacing="0" cellpadding="0" style="width:100%;"><tbody>')
    else:
        out.append("<table>")
    for r in cells:
        out.append(" <tr>" + "".join(cell_html(c, style) for c in r if c.cont is None) + "</tr>")
    if style == "word":
        out.append(
            " <![if !supportMisc]><tr height=0>"
            + "<td width=64 style='border:none'></td>" * width
            + "</tr><![endif]>"
        )
    out.append("</tbody></table>" if style == "cms" else "</table>")
    return "\n".join(out)


def split_title(blocks):
    """The title lines (short paragraphs at the top) and the rest."""
    title = []
    i = 0
    while i < len(blocks) and blocks[i][0] == "p":
        line = trim(BOOKMARK.sub("", blocks[i][1]))
        if len(line) > 40 or "。" in line or HEADING.match(line) or len(title) == 2:
            break
        title.append(blocks[i][1])
        i += 1
        if "报告" in line:
            break
    return title, blocks[i:]


def body_html(blocks, style):
    parts = []
    for kind, value in blocks:
        if kind == "p":
            parts.append(para_html(value, style))
        else:
            parts.append(table_html(value, style))
    return "\n".join(parts)


def page_html(blocks, charset):
    title, rest = split_title(blocks)
    name = trim(" ".join(trim(t) for t in title)) or "年度报告"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(name)}_政务公开</title>
<link rel="stylesheet" href="/css/main.css">
<style>.article p {{ text-indent: 2em; }} td {{ border: 1px solid #333; }}</style>
<script>var pageTip = "<p>一、不是正文</p>"; if (a < b) {{ document.write('<table><tr><td>1</td></tr></table>'); }}</script>
</head>
<body>
<div class="top"><a href="/">网站首页</a> | <a href="/wza">无障碍</a> | <a href="/en">English</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/zwgk/ndbg">政府信息公开年度报告</a></div>
<div class="main">
 <div class="article">
  <div class="title"><h1>{"<br>".join(esc(trim(t)) for t in title)}</h1></div>
  <div class="info">发布时间：2023-01-16 09:30 &nbsp;&nbsp; 来源：政务公开办 &nbsp;&nbsp; 浏览次数：<span id="hits">128</span> &nbsp;&nbsp; 字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</div>
  <div class="TRS_Editor" id="zoom">
{body_html(rest, "cms")}
  </div>
  <div class="tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
 </div>
 <div class="related"><h3>相关链接</h3><ul><li><a href="/a">2021年政府信息公开工作年度报告</a></li><li><a href="/b">政府信息公开指南</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：县人民政府办公室 &nbsp; 网站标识码：1305000000</p><p>冀ICP备00000000号 &nbsp; 冀公网安备 13050000000000号</p></div>
<noscript>您的浏览器不支持JavaScript</noscript>
</body>
</html>
"""


def word_htm(blocks):
    return f"""<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml>
 <w:WordDocument><w:View>Print</w:View></w:WordDocument>
</xml><![endif]-->
<style>
<!--
p.MsoNormal {{mso-style-parent:""; margin:0cm; text-align:justify; font-size:10.5pt;}}
-->
</style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<div class=WordSection1 style='layout-grid:15.6pt'>
{body_html(blocks, "word")}
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
</div>
</body>
</html>
"""


def clip_html(blocks):
    # What navigator.clipboard / the paste event's text/html holds after copying the
    # report from a browser: the selection wrapped in html/body with fragment markers.
    return (
        "<html><body>\r\n<!--StartFragment-->"
        + body_html(blocks, "plain")
        + "<!--EndFragment-->\r\n</body>\r\n</html>"
    )


def bare_html(blocks):
    out = ['<html><head><meta charset="utf-8"></head><body><div class="content">']
    paras = []

    def flush():
        if paras:
            out.append("<div>" + "<br>\n".join(esc(p) for p in paras) + "</div>")
            paras.clear()

    for kind, value in blocks:
        if kind == "p":
            paras.append(value)
            continue
        flush()
        out.append('<table border="1">')
        for row in value:
            out.append("<tr>" + "".join("<td>" + esc("\n".join(c)) + "</td>" for c in row) + "</tr>")
        out.append("</table>")
    flush()
    out.append("</div></body></html>")
    return "\n".join(out)


def layout_html(blocks):
    out = [
        '<!DOCTYPE html><html><head><meta charset="gb2312"></head><body>',
        '<table width="100%"><tr><td>导航：<a href="/">首页</a> <a href="/zwgk">政务公开</a></td></tr><tr><td>',
    ]
    for kind, value in blocks:
        if kind == "p":
            out.append("<p>" + esc(value) + "</p>")
            continue
        _, cells = merges(value)
        out.append("<table><tbody>")
        for r in cells:
            tds = []
            for c in r:
                if c.cont is not None:
                    continue
                tag = "td" if c.text == "" or any(ch.isdigit() for ch in c.text) else "th"
                a = (f" colspan={c.colspan}" if c.colspan > 1 else "") + (
                    f" rowspan={c.rowspan}" if c.rowspan > 1 else ""
                )
                tds.append(f"<{tag}{a}>" + "".join(f"<p>{esc(line)}</p>" for line in c.lines))
            out.append("<tr>" + "".join(tds))
        out.append("</tbody></table>")
    out.append("</td></tr><tr><td>版权所有 &copy; 2023</td></tr></table></body></html>")
    return "\n".join(out)


# ---- .docx ---------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def xesc(s):
    return html.escape(s, quote=True)


def run(text):
    return f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{xesc(text)}</w:t></w:r>'


def para_xml(line, bookmark_id):
    bookmark = ""
    if BOOKMARK.search(line):
        line = BOOKMARK.sub("", line)
        bookmark = f'<w:bookmarkStart w:id="{bookmark_id}" w:name="_GoBack"/><w:bookmarkEnd w:id="{bookmark_id}"/>'
    body = run(line) if line else ""
    return f'<w:p><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr>{bookmark}{body}</w:p>'


def borders_xml(sides):
    """Table borders: the sides named single lines, the others explicitly none (Word's
    "no border"), so no default style draws them."""
    return "".join(
        f'<w:{side} w:val="{"single" if side in sides else "nil"}" w:sz="4"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )


# Every rule, as published reports have them; only the rows' rules (no vertical rule:
# columns show only by alignment); none at all (a table whose borders were removed).
BORDERS = {
    "all": ("top", "left", "bottom", "right", "insideH", "insideV"),
    "rows": ("top", "bottom", "insideH"),
    "none": (),
}


def table_xml(rows, ruled=False):
    """`ruled`: False (the .docx fixture: a top and a bottom border) or a key of BORDERS
    (True is "all"); a table drawn for print fits the page's text width."""
    width, cells = merges(rows)
    if ruled is True:
        ruled = "all"
    borders = borders_xml(BORDERS[ruled]) if ruled else '<w:top w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>'
    out = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>'
           f'{borders}</w:tblBorders></w:tblPr>']
    # A ruled table is printed: it fits the page's text width (9000 twips of A4's), as
    # a published report's does.
    col = min(850, 9000 // width) if ruled else 850
    out.append("<w:tblGrid>" + f'<w:gridCol w:w="{col}"/>' * width + "</w:tblGrid>")
    for r in cells:
        out.append("<w:tr>")
        for c in r:
            props = f'<w:tcW w:w="{col * (c.colspan if ruled else 1)}" w:type="dxa"/>'
            if c.colspan > 1:
                props += f'<w:gridSpan w:val="{c.colspan}"/>'
            if c.cont is not None:
                props += "<w:vMerge/>"
                paras = "<w:p/>"
            else:
                if c.rowspan > 1:
                    props += '<w:vMerge w:val="restart"/>'
                paras = "".join(
                    f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{run(line) if line else ""}</w:p>'
                    for line in c.lines
                ) or "<w:p/>"
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{paras}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document_xml(blocks, ruled=False):
    parts = []
    for i, (kind, value) in enumerate(blocks):
        if kind == "p":
            parts.append(para_xml(value, i))
        else:
            parts.append(table_xml(value, ruled))
            # Word keeps a paragraph after a table; an empty one copies as a blank line.
            parts.append("<w:p/>")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        f'<w:document xmlns:w="{W_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        "<w:body>" + "".join(parts) +
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""


def zip_bytes(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def docx(blocks, ruled=False):
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", document_xml(blocks, ruled)),
        ]
    )


# ---- PDF by a real producer -------------------------------------------------------------


def soffice():
    """LibreOffice's command, installing the Debian package when it is missing."""
    for name in ("soffice", "libreoffice"):
        if shutil.which(name):
            return shutil.which(name)
    print("LibreOffice is missing: apt-get install -y libreoffice-writer-nogui", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "libreoffice-writer-nogui"], check=False)
    return shutil.which("soffice")


# Cell borders of a CMS page's tables by BORDERS key: every rule; a rule under each
# row only; none (a table styled `border: none`); none, the text aligned left and top
# (as many portals' stylesheets have it).
CMS_BORDERS = {
    "all": None,
    "rows": "border:none;border-bottom:1px solid #000;",
    "none": "border:none;",
    "left": "border:none;text-align:left;vertical-align:top;",
}


def chromium_pdf(blocks, borders="all"):
    """The report as a browser prints it to PDF (Chromium's print to PDF, as
    playwright's page.pdf() does): a CMS page's article (indented paragraphs, tables
    ruled as `borders` says) with the browser's running header (date, title) and footer
    (address, page "1/6"). Skipped when Chromium is not installed."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe:
        print("Chromium is missing: no .chrome.pdf written", file=sys.stderr)
        return None
    body = body_html(blocks, "cms")
    if CMS_BORDERS[borders]:
        body = body.replace('style="border:1px solid #000;"', f'style="{CMS_BORDERS[borders]}"')
        body = body.replace('<table border="1"', '<table border="0" style="border-collapse:collapse"')
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开工作年度报告</title>'
        "<style>body{font-family:'WenQuanYi Micro Hei',sans-serif;font-size:16px}"
        "td{padding:2px 4px;text-align:center}</style></head><body>\n"
        + body
        + "\n</body></html>"
    )
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "report.html")
        out = os.path.join(tmp, "report.pdf")
        with open(src, "w", encoding="utf-8") as f:
            f.write(page)
        subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp}/profile",
             f"--print-to-pdf={out}", "file://" + src],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
        )
        with open(out, "rb") as f:
            return f.read()


def libreoffice_pdf(blocks, borders="all"):
    """The report as LibreOffice prints it to PDF (`soffice --convert-to pdf`), from the
    .docx rendering with its tables' borders as `borders` (a key of BORDERS) says: every
    table ruled, as published reports have them (the .docx fixture's tables have only a
    top and a bottom border), or only their rows, or no border. Not byte-for-byte
    reproducible: the PDF carries its creation date."""
    exe = soffice()
    if not exe:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "report.docx")
        with open(src, "wb") as f:
            f.write(docx(blocks, ruled=borders))
        subprocess.run(
            [exe, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
             "--convert-to", "pdf", "--outdir", tmp, src],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        with open(os.path.join(tmp, "report.pdf"), "rb") as f:
            return f.read()


# Tables not fully ruled, printed to PDF (tests/formats.rs): only rules between the
# rows, or none; a few fixtures each, as the PDFs are large.
UNRULED = {
    "000": ("lo-rows", "lo-none"),
    "001": ("lo-none", "chrome-rows", "chrome-none"),
    "002": ("lo-rows",),
    "003": ("lo-none",),
    "004": ("lo-rows", "chrome-rows", "chrome-none", "chrome-left"),
}


# ---- Edge cases -----------------------------------------------------------------------


def lists_docx():
    """Headings numbered by a list (一、 （一） 1.), as Word's numbering button makes them."""
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
        '<w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )

    def p(text, level=None):
        props = ""
        if level is not None:
            props = f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        return f"<w:p>{props}{run(text)}</w:p>"

    body = "".join([
        p("某某县2022年政府信息公开工作年度报告"), p("总体情况", 0), p("本年度……"),
        p("主动公开政府信息情况", 0), p("规章", 1), p("制发", 2), p("废止", 2),
        p("收到和处理政府信息公开申请情况", 0),
    ])
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    types = CONTENT_TYPES.replace(
        "</Types>",
        '<Override PartName="/word/numbering.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>',
    )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'numbering" Target="numbering.xml"/></Relationships>'
    )
    return zip_bytes([
        ("[Content_Types].xml", types), ("_rels/.rels", RELS), ("word/document.xml", document),
        ("word/_rels/document.xml.rels", document_rels), ("word/numbering.xml", numbering),
    ])


def edge_cases(first_docx):
    edges = {}
    # Merged cells in every direction, nested markup and entities.
    edges["edge-merged.html"] = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<table border=1>
<tr><td colspan=3 rowspan=3><b>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</b></td><td colspan=7>申请人情况</td></tr>
<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>
<tr><td>商业<br>企业</td><td>科研<br>机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>&nbsp;1</td><td>0&nbsp;</td><td>&#12288;0</td><td><span><font>0</font></span></td><td></td><td>0</td><td>1</td></tr>
<tr><td rowspan=2>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td colspan=2>（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table></body></html>
"""
    # Chrome pasted into the article itself: kept as page-chrome artifacts.
    edges["edge-chrome-inside.html"] = """<html><head><meta charset="utf-8"></head><body>
<div id="content">
<p>某某县2022年政府信息公开工作年度报告</p>
<p>【字体：大 中 小】【打印本页】</p>
<p>一、总体情况</p><p>本年度……</p>
<p>二、主动公开政府信息情况</p>
<p>三、收到和处理政府信息公开申请情况</p>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<p>五、存在的主要问题及改进情况</p><p>问题……</p>
<p>六、其他需要报告的事项</p><p>无。</p>
<p>【打印本页】【关闭窗口】</p>
</div>
<div class="footer">版权所有：某某县人民政府</div>
</body></html>
"""
    # A photo renamed to .docx; a .doc (OLE) and an encrypted Office file; a PDF.
    edges["edge-photo.docx"] = (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 8
    )
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    edges["edge-old.doc"] = ole + "Root Entry".encode("utf-16-le") + b"\x00" * 60 + "WordDocument".encode("utf-16-le") + b"\x00" * 400
    edges["edge-password.docx"] = ole + "Root Entry".encode("utf-16-le") + b"\x00" * 60 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 400
    edges["edge-report.pdf"] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    # A .docx cut short (a download that stopped).
    edges["edge-truncated.docx"] = first_docx[: len(first_docx) * 6 // 10]
    # A zip bomb: 64 MB of spaces in word/document.xml, about 64 KB compressed.
    edges["edge-bomb.docx"] = zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", b"<w:document>" + b" " * (64 * 1024 * 1024) + b"</w:document>"),
        ]
    )
    # An encrypted zip (the encryption flag set, as a password-protected zip has it).
    plain = bytearray(
        zip_bytes([("_rels/.rels", RELS), ("word/document.xml", "<w:document/>")])
    )
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = plain.find(sig)
        while i >= 0:
            plain[i + flag_at] |= 1
            i = plain.find(sig, i + 4)
    edges["edge-encrypted.docx"] = bytes(plain)
    # A zip that is not a Word document.
    edges["edge-archive.zip"] = zip_bytes([("报告/说明.txt", "见附件")])
    # Automatic list numbers (numbering.xml), converted to .doc with the rest: the .doc
    # reader must number them as the .docx reader does.
    edges["edge-lists.docx"] = lists_docx()
    # UTF-16LE without a BOM (some exporters write it so).
    edges["edge-nobom-utf16.txt"] = "一、总体情况\n本年度，我县……\n\t规章\n\t0\n\n".encode("utf-16-le")
    return edges


def convert_to_doc(paths):
    """Each .docx in `paths` to a .doc beside it, by LibreOffice (one run for all)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: .doc fixtures left as committed "
              "(apt-get install libreoffice-writer-nogui)", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "doc", "--outdir", OUT, *paths],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600,
        )
    return len(paths)


def main():
    os.makedirs(OUT, exist_ok=True)
    names = sorted(n for n in os.listdir(FIXTURES) if n.endswith(".txt"))
    first_docx = None
    written = 0

    def write(name, data):
        nonlocal written
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        written += 1

    for name in names:
        stem = name.split("-")[0]
        with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
            text = f.read()
        blocks = parse(text)
        write(f"{stem}.page.html", page_html(blocks, "utf-8"))
        write(f"{stem}.gbk.html", page_html(blocks, "gbk").encode("gbk", "xmlcharrefreplace"))
        write(f"{stem}.word.htm", word_htm(blocks).encode("gbk", "xmlcharrefreplace"))
        write(f"{stem}.clip.html", clip_html(blocks))
        write(f"{stem}.bare.html", bare_html(blocks))
        write(f"{stem}.layout.html", layout_html(blocks).encode("gbk", "xmlcharrefreplace"))
        d = docx(blocks)
        first_docx = first_docx or d
        write(f"{stem}.docx", d)
        write(f"{stem}.utf16.txt", b"\xff\xfe" + text.encode("utf-16-le"))
        write(f"{stem}.gbk.txt", text.encode("gb18030"))
        pdf = libreoffice_pdf(blocks)
        if pdf:
            write(f"{stem}.lo.pdf", pdf)
        pdf = chromium_pdf(blocks)
        if pdf:
            write(f"{stem}.chrome.pdf", pdf)
        for variant in UNRULED.get(stem, ()):
            producer, borders = variant.split("-")
            pdf = (libreoffice_pdf if producer == "lo" else chromium_pdf)(blocks, borders)
            if pdf:
                write(f"{stem}.{variant}.pdf", pdf)
    for name, data in edge_cases(first_docx).items():
        write(name, data)
    docx_paths = [os.path.join(OUT, f"{n.split('-')[0]}.docx") for n in names]
    docx_paths.append(os.path.join(OUT, "edge-lists.docx"))
    written += convert_to_doc(docx_paths)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import make_doc_fixtures
    written += make_doc_fixtures.write_all(OUT)
    print(f"wrote {written} files to {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
