#!/usr/bin/env python3
"""Writes small hand-made PDFs for the PDF reader's tests (tests/pdf.rs) under
tests/fixtures/pdf/: one per font, encoding, file-structure, filter and security case
the reader must handle, each as a real producer would write it.

  winansi.pdf        simple Type1 font, WinAnsiEncoding with a Differences array
                     (uniXXXX names), digits of one number drawn out of order
  table.pdf          a table ruled by thin filled rectangles (as Word draws borders)
  outlines.pdf       a bold heading whose glyph outlines are stroked paths (as cairo writes
                     fill-and-stroke text): no table
                     and stroked lines, with a cell merged across and one merged down
  objstm.pdf         Type0/Identity-H with a ToUnicode map (bfchar and bfrange), every
                     object in a compressed object stream, a cross-reference stream
                     with the PNG Up predictor, and an incremental update
  no-tounicode.pdf   Type0/Identity-H without a ToUnicode map: cannot be decoded
  gbk.pdf            Type0 with the predefined CMap GBK-EUC-H, no ToUnicode map
  ucs2.pdf           Type0 with UniGB-UCS2-H, no ToUnicode map
  gb-euc.pdf, utf16.pdf, gbk-v.pdf, utf16-v.pdf
                     the same with GB-EUC-H, UniGB-UTF16-H (a character outside the BMP),
                     and the vertical GBK-EUC-V and UniGB-UTF16-V
  damaged.pdf        winansi.pdf with a broken cross-reference table and startxref
  brotli.pdf         a content stream in a filter the reader does not read
  scanned.pdf        two pages that are only pictures (and a page number typed on)
  rc4-40.pdf, rc4-128.pdf, aes-128.pdf, aes-256.pdf
                     objstm.pdf's text encrypted by the standard security handler with
                     an owner password only (the empty user password opens it)
  user-password.pdf  encrypted with a user password

The encrypted files are written by pypdf (pip install pypdf; AES needs the
cryptography package), so the reader is tested against another implementation.
"""

import os
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "pdf")


def pdf(objects, trailer=b"", xref=True):
    """A PDF of `objects` (bodies of objects 1..n; object 1 is the catalog)."""
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        start,
    )
    return out


def stream(data, extra=b"", compress=True):
    if compress:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pages(contents, resources):
    """Catalog, page tree and pages (objects 1, 2, 3.. then contents)."""
    n = len(contents)
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n)]
    for i in range(n):
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
            % (resources, 3 + n + i)
        )
    for c in contents:
        objs.append(stream(c))
    return objs


HELV_WIDTHS = b"[" + b" ".join(b"500" for _ in range(32, 256)) + b"]"


def winansi():
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 255 /Widths "
        + HELV_WIDTHS
        + b" /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding"
        b" /Differences [128 /uni4E00 /uni3001 /uni603B /uni4F53 /uni60C5 /uni51B5 136 /bullet] >> >>"
    )
    content = (
        b"BT /F1 12 Tf 72 760 Td (Annual report \x93open\x94) Tj ET\n"
        b"BT /F1 12 Tf 72 740 Td <808182838485> Tj ET\n"
        # "2024": the 4 first, at its place; then 202 before it.
        b"BT /F1 12 Tf 1 0 0 1 90 720 Tm (4) Tj 1 0 0 1 72 720 Tm (202) Tj ET\n"
        b"BT /F1 12 Tf 72 700 Td [(Caf) -0 (\xe9)] TJ ET\n"
    )
    objs = pages([content], b"<< /Font << /F1 %d 0 R >> >>" % 5)
    objs.append(font)
    return objs


def table():
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 255 /Widths " + HELV_WIDTHS + b" /Encoding /WinAnsiEncoding >>"
    # Columns at x = 72, 172, 272, 372; rows at y = 700, 680, 660, 640 (top down).
    # Row 1: "Head" over columns 2-3 (no rule between them); row 2-3: "Label" merged
    # down in column 1 (no rule between its rows).
    bars = []
    for y in (700, 680, 640):
        bars.append(b"72 %d 300 0.5 re f" % y)
    bars.append(b"172 660 200 0.5 re f")  # the rule under row 2 stops at the label
    for x in (72, 172, 372):
        bars.append(b"%d 640 0.5 60 re f" % x)
    bars.append(b"272 640 0 40 re S")  # stroked: between columns 2 and 3 below the head
    text = [
        b"BT /F1 10 Tf 80 686 Td (Item) Tj ET",
        b"BT /F1 10 Tf 180 686 Td (Head) Tj ET",
        b"BT /F1 10 Tf 80 666 Td (Label) Tj ET",
        b"BT /F1 10 Tf 80 654 Td (wrapped) Tj ET",
        # "12" drawn as 2 then 1.
        b"BT /F1 10 Tf 185 666 Td (2) Tj -5 0 Td (1) Tj ET",
        b"BT /F1 10 Tf 280 666 Td (0) Tj ET",
        b"BT /F1 10 Tf 180 646 Td (3) Tj ET",
        b"BT /F1 10 Tf 280 646 Td (4) Tj ET",
        b"BT /F1 10 Tf 72 600 Td (After the table.) Tj ET",
    ]
    content = b"\n".join(bars + text) + b"\n"
    objs = pages([content], b"<< /Font << /F1 5 0 R >> >>")
    objs.append(font)
    return objs


def outlines():
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 255 /Widths " + HELV_WIDTHS + b" /Encoding /WinAnsiEncoding >>"
    # A bold heading as cairo rewrites a fill-and-stroke run: the text filled, then each
    # glyph's outline stroked as a path. The outline of the "H" (a box with bars, 16 x 16
    # points) crosses like ruling lines, but is no table.
    content = b"\n".join([
        b"BT /F1 20 Tf 72 700 Td (Heading in bold) Tj ET",
        b"0.3 w 72 698 m 88 698 l 88 714 l 72 714 l h S",
        b"72 706 m 88 706 l S 80 698 m 80 714 l S",
        b"BT /F1 10 Tf 72 680 Td (The next paragraph.) Tj ET",
    ]) + b"\n"
    objs = pages([content], b"<< /Font << /F1 5 0 R >> >>")
    objs.append(font)
    return objs


TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
3 beginbfchar
<0001> <4E00>
<0002> <3001>
<0003> <2F00>
endbfchar
2 beginbfrange
<0010> <0019> <0030>
<0020> <0023> [<603B> <4F53> <60C5> <51B5>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def cid_font(to_unicode_ref=b"", encoding=b"/Identity-H", ordering=b"Identity"):
    return (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding %s /DescendantFonts [<< /Type /Font"
        b" /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (%s) /Supplement 0 >>"
        b" /DW 1000 /W [16 [500 500 500 500 500 500 500 500 500 500]] >> ] %s>>" % (encoding, ordering, to_unicode_ref)
    )


IDENTITY_TEXT = (
    # 一、总体情况 then "⼀2024" (a Kangxi radical the map gives, and digits).
    b"BT /F1 16 Tf 72 760 Td <000100020020002100220023> Tj ET\n"
    b"BT /F1 12 Tf 72 730 Td <00030012001000120014> Tj ET\n"
)


def plain_identity():
    objs = pages([IDENTITY_TEXT], b"<< /Font << /F1 5 0 R >> >>")
    objs.append(cid_font(b"/ToUnicode 6 0 R "))
    objs.append(stream(TO_UNICODE))
    return pdf(objs)


def objstm():
    """Objects 2..6 in an object stream (7), a cross-reference stream (8), and an
    update that replaces the content (9) with a new cross-reference stream (10)."""
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    catalog = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    inner = [
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        (3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
        (5, cid_font(b"/ToUnicode 6 0 R ")),
    ]
    offsets, body = [], b""
    for num, o in inner:
        offsets.append((num, len(body)))
        body += o + b"\n"
    header = b" ".join(b"%d %d" % (n, off) for n, off in offsets) + b"\n"
    objstm_data = header + body
    out = head
    pos = {}
    pos[1] = len(out)
    out += catalog
    pos[4] = len(out)
    out += b"4 0 obj\n" + stream(b"BT /F1 16 Tf 72 760 Td <0001> Tj ET\n") + b"\nendobj\n"
    pos[6] = len(out)
    out += b"6 0 obj\n" + stream(TO_UNICODE) + b"\nendobj\n"
    pos[7] = len(out)
    out += b"7 0 obj\n" + stream(objstm_data, b" /Type /ObjStm /N %d /First %d" % (len(inner), len(header))) + b"\nendobj\n"

    def xref_stream(entries, nums, size, extra=b""):
        # /W [1 2 1], PNG Up predictor over 4 columns; a row for each of `nums`.
        rows = []
        for i in nums:
            e = entries.get(i)
            if e is None:
                rows.append(bytes([0, 0, 0, 0]))
            elif e[0] == 1:
                rows.append(bytes([1]) + e[1].to_bytes(2, "big") + bytes([0]))
            else:
                rows.append(bytes([2]) + e[1].to_bytes(2, "big") + bytes([e[2]]))
        prev = bytes(4)
        data = b""
        for r in rows:
            data += bytes([2]) + bytes((a - b) & 0xFF for a, b in zip(r, prev))
            prev = r
        return stream(
            data,
            b" /Type /XRef /Size %d /W [1 2 1] /Root 1 0 R /DecodeParms << /Predictor 12 /Columns 4 >>%s" % (size, extra),
        )

    entries = {1: (1, pos[1]), 4: (1, pos[4]), 6: (1, pos[6]), 7: (1, pos[7])}
    for k, (num, _) in enumerate(inner):
        entries[num] = (2, 7, k)
    xref1 = len(out)
    entries[8] = (1, xref1)
    out += b"8 0 obj\n" + xref_stream(entries, range(9), 9) + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref1
    # The incremental update: new content for page 3 (object 3 rewritten in place).
    pos[9] = len(out)
    out += b"9 0 obj\n" + stream(IDENTITY_TEXT) + b"\nendobj\n"
    pos[3] = len(out)
    out += b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 9 0 R >>\nendobj\n"
    xref2 = len(out)
    upd = {3: (1, pos[3]), 9: (1, pos[9]), 10: (1, xref2)}
    out += b"10 0 obj\n" + xref_stream(upd, [3, 9, 10], 11, b" /Prev %d /Index [3 1 9 2]" % xref1)
    out += b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref2
    return out


def no_tounicode():
    objs = pages([IDENTITY_TEXT], b"<< /Font << /F1 5 0 R >> >>")
    objs.append(cid_font())
    return pdf(objs)


def gbk():
    text = "一、总体情况 2024年".encode("gbk")
    hexs = text.hex().encode()
    objs = pages([b"BT /F1 16 Tf 72 760 Td <%s> Tj ET\n" % hexs], b"<< /Font << /F1 5 0 R >> >>")
    objs.append(cid_font(encoding=b"/GBK-EUC-H", ordering=b"GB1"))
    return pdf(objs)


def ucs2():
    text = "一、总体情况".encode("utf-16-be")
    objs = pages([b"BT /F1 16 Tf 72 760 Td <%s> Tj ET\n" % text.hex().encode()], b"<< /Font << /F1 5 0 R >> >>")
    objs.append(cid_font(encoding=b"/UniGB-UCS2-H", ordering=b"GB1"))
    return pdf(objs)


def predefined(cmap, codec, text, x=72, y=760):
    """A page with `text` in a Type0 font of the predefined CMap `cmap` (its codes are the
    text in `codec`), no ToUnicode map."""
    hexs = text.encode(codec).hex().encode()
    objs = pages([b"BT /F1 16 Tf %d %d Td <%s> Tj ET\n" % (x, y, hexs)], b"<< /Font << /F1 5 0 R >> >>")
    objs.append(cid_font(encoding=b"/" + cmap, ordering=b"GB1"))
    return pdf(objs)


def damaged():
    data = pdf(winansi())
    # Every offset in the table 7 bytes off, and startxref past the end.
    head, _, rest = data.partition(b"xref\n")
    lines = rest.split(b"\n")
    fixed = []
    for line in lines:
        if len(line) == 19 and line.endswith(b" n "):
            off = int(line[:10]) + 7
            line = b"%010d" % off + line[10:]
        fixed.append(line)
    data = head + b"xref\n" + b"\n".join(fixed)
    return data.replace(b"startxref\n", b"startxref\n9").rstrip(b"\n") + b"\n"


def brotli():
    objs = pages([b""], b"<< >>")
    objs[3] = b"<< /Length 8 /Filter /BrotliDecode >>\nstream\n\x0b\x02\x80text\x03\nendstream"
    return pdf(objs)


def scanned():
    image = b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
    # A page number typed onto each scanned page.
    draw = b"q 500 0 0 700 50 70 cm /Im1 Do Q\nBT /F1 9 Tf 295 40 Td (%d) Tj ET\n"
    objs = pages([draw % 1, draw % 2], b"<< /XObject << /Im1 7 0 R >> /Font << /F1 8 0 R >> >>")
    objs.append(image)
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    return pdf(objs)


def encrypted(base, algorithm, user=""):
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base)))
    writer.encrypt(user_password=user, owner_password="owner-only", algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {
        "winansi.pdf": pdf(winansi()),
        "table.pdf": pdf(table()),
        "outlines.pdf": pdf(outlines()),
        "objstm.pdf": objstm(),
        "no-tounicode.pdf": no_tounicode(),
        "gbk.pdf": gbk(),
        "ucs2.pdf": ucs2(),
        "gb-euc.pdf": predefined(b"GB-EUC-H", "gb2312", "一、总体情况 2024年"),
        # A character outside the BMP: two UTF-16 units, one code.
        "utf16.pdf": predefined(b"UniGB-UTF16-H", "utf-16-be", "二、主动公开𠀀"),
        # The vertical forms: the same codes, the text set top to bottom.
        "gbk-v.pdf": predefined(b"GBK-EUC-V", "gbk", "三、收到申请", 300, 780),
        "utf16-v.pdf": predefined(b"UniGB-UTF16-V", "utf-16-be", "四、行政复议", 300, 780),
        "damaged.pdf": damaged(),
        "brotli.pdf": brotli(),
        "scanned.pdf": scanned(),
    }
    base = plain_identity()
    for name, alg in [("rc4-40", "RC4-40"), ("rc4-128", "RC4-128"), ("aes-128", "AES-128"), ("aes-256", "AES-256")]:
        files[f"{name}.pdf"] = encrypted(base, alg)
    files["user-password.pdf"] = encrypted(base, "AES-128", user="secret")
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(f"wrote {len(files)} files to {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
