#!/usr/bin/env python3
"""Hand-made Word 97–2003 (.doc) and WPS (.wps) files for the legacy Word reader's tests
(crates/doc/tests/handmade.rs, tests/formats.rs): small files built byte by byte after
MS-CFB and MS-DOC, each showing one thing real writers do that LibreOffice's conversion of
the fixtures does not:

  edge-doc-merged.doc      a table with a cell two grid columns wide (Word 2000's way),
                           two cells joined by the old merge flags, a cell merged down
                           over three rows (TC vertMerge) and one merged by sprmTVertMerge
  edge-doc-fastsave.doc    a fast-saved file: fComplex, six pieces stored out of order,
                           8-bit (cp1252) and UTF-16 pieces, a paragraph split over
                           pieces, a field (code left out, result kept), hidden text, a
                           paragraph property given by the piece's Prm, small streams
                           in the mini stream
  edge-doc-unpadded.wps    as WPS writes it: the file's last sector not padded to 512
                           bytes; its summary information names WPS Office
  edge-doc-lists.doc       automatic list numbers (一、 （一） 1.) from the list tables, in
                           the paragraphs' own properties and through a heading style
  edge-doc-encrypted.doc   the FIB's fEncrypted flag set (a password-protected file)
  edge-doc-cycle.doc       a FAT whose chain loops back on itself
  edge-doc-word95.doc      a Word 6/95 file (nFib 104), whose FIB is laid out otherwise
  edge-doc-nested.doc      a table inside a table cell (read as the cell's lines)
  edge-doc-sheet.xls       a compound file without a Word stream (an Excel workbook's
                           stream name)

Run by scripts/make_format_fixtures.py (or alone: python3 scripts/make_doc_fixtures.py).
Python 3 standard library only; deterministic.
"""

import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "formats")

SECTOR = 512
END = 0xFFFFFFFE
FREE = 0xFFFFFFFF
FATSECT = 0xFFFFFFFD


# ---- Compound file --------------------------------------------------------------------


def dir_entry(name, kind, start, size, child=FREE, right=FREE):
    """A 128-byte directory entry (no left sibling: the tree is a chain to the right)."""
    units = name.encode("utf-16-le") + b"\0\0" if name else b""
    e = units.ljust(64, b"\0") + struct.pack("<HBB", len(units), kind, 1)
    e += struct.pack("<III", FREE, right, child) + b"\0" * 36
    return e + struct.pack("<IQ", start, size)


def header(nfat, fat_sectors, dir_start, minifat_start, minifat_count):
    h = bytearray(SECTOR)
    h[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", h, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", h, 0x2C, nfat)
    struct.pack_into("<I", h, 0x30, dir_start)
    struct.pack_into("<I", h, 0x38, 4096)
    struct.pack_into("<II", h, 0x3C, minifat_start, minifat_count)
    struct.pack_into("<II", h, 0x44, END, 0)
    struct.pack_into("<109I", h, 0x4C, *(list(fat_sectors) + [FREE] * (109 - len(fat_sectors))))
    return bytes(h)


def cfb(streams, cycle=None):
    """A version 3 compound file holding `streams` [(name, bytes)] in its root storage.
    Streams under 4096 bytes go to the mini stream. `cycle` names a stream whose chain
    is made to loop (its second sector pointing back to its first)."""
    mini, minifat, mini_start = b"", [], {}
    for name, data in streams:
        if len(data) >= 4096:
            continue
        n = -(-len(data) // 64)
        mini_start[name] = len(minifat) if n else END
        for i in range(n):
            minifat.append(len(minifat) + 1 if i < n - 1 else END)
        mini += data.ljust(n * 64, b"\0")
    directory = b"".join(
        [dir_entry("Root Entry", 5, 0, len(mini), child=1)]
        + [dir_entry(n, 2, 0, len(d), right=i + 2 if i + 1 < len(streams) else FREE)
           for i, (n, d) in enumerate(streams)]
    )
    directory = directory.ljust(-(-len(directory) // SECTOR) * SECTOR, b"\0")
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat) if minifat else b""
    # Sectors in order: directory, MiniFAT, mini stream, the big streams, the FAT.
    blobs = [("<dir>", directory), ("<minifat>", minifat_bytes), ("<mini>", mini)]
    blobs += [(n, d) for n, d in streams if len(d) >= 4096]
    fat, starts, body = [], {}, bytearray()
    for name, data in blobs:
        n = -(-len(data) // SECTOR)
        starts[name] = len(fat) if n else END
        for i in range(n):
            fat.append(len(fat) + 1 if i < n - 1 else END)
        body += data.ljust(n * SECTOR, b"\0")
    if cycle is not None:
        fat[starts[cycle] + 1] = starts[cycle]
    nfat = 1
    while len(fat) + nfat > nfat * (SECTOR // 4):
        nfat += 1
    fat_start = len(fat)
    fat += [FATSECT] * nfat
    fat += [FREE] * (nfat * (SECTOR // 4) - len(fat))
    body += struct.pack(f"<{len(fat)}I", *fat)
    # The directory's start sectors, now known.
    d = bytearray(body[0:len(directory)])
    struct.pack_into("<I", d, 0x74, starts["<mini>"])
    for i, (name, data) in enumerate(streams):
        start = starts[name] if len(data) >= 4096 else mini_start[name]
        struct.pack_into("<I", d, (i + 1) * 128 + 0x74, start)
    body[0:len(directory)] = d
    head = header(nfat, range(fat_start, fat_start + nfat), starts["<dir>"],
                  starts["<minifat>"], -(-len(minifat_bytes) // SECTOR))
    return head + bytes(body)


def cfb_unpadded(streams):
    """As cfb(), but with the FAT sectors before the streams and the file ending in the
    middle of its last sector, as WPS writes it."""
    # Build normally, then move: simpler to lay out by hand with the FAT first.
    big = [(n, d) for n, d in streams if len(d) >= 4096]
    assert len(big) == len(streams), "every stream of the unpadded file is a big one"
    n_sectors = [-(-len(d) // SECTOR) for _, d in big]
    dir_sectors = -(-(len(big) + 1) // 4)
    total = 1 + dir_sectors + sum(n_sectors)
    fat = [FATSECT]
    at = 1
    starts = {}
    for i in range(dir_sectors):
        fat.append(at + 1 if i < dir_sectors - 1 else END)
        at += 1
    for (name, _), n in zip(big, n_sectors):
        starts[name] = at
        for i in range(n):
            fat.append(at + 1 if i < n - 1 else END)
            at += 1
    assert at == total and len(fat) <= SECTOR // 4
    fat += [FREE] * (SECTOR // 4 - len(fat))

    d = dir_entry("Root Entry", 5, END, 0, child=1)
    for i, (name, data) in enumerate(big):
        right = i + 2 if i + 1 < len(big) else FREE
        d += dir_entry(name, 2, starts[name], len(data), right=right)
    d = d.ljust(dir_sectors * SECTOR, b"\0")
    out = header(1, [0], 1, END, 0)
    out += struct.pack(f"<{len(fat)}I", *fat) + d
    for (name, data), n in zip(big, n_sectors):
        out += data.ljust(n * SECTOR, b"\0")
    # The last stream's padding is not written.
    pad = n_sectors[-1] * SECTOR - len(big[-1][1])
    return out[: len(out) - pad]


# ---- Word binary --------------------------------------------------------------------

FC_STSHF, FC_PAPX, FC_CHPX, FC_CLX, FC_LST, FC_LFO = 1, 13, 12, 33, 73, 74


def stylesheet(styles):
    """An STSH of paragraph styles [(name, istdBase, paragraph sprms)]."""
    stshi = struct.pack("<9H", len(styles), 10, 1, 0x5B, 15, 0, 0, 0, 0) + b"\0\0"
    out = struct.pack("<H", len(stshi)) + stshi
    for name, base, sprms in styles:
        stdf = struct.pack("<5H", 0, 1 | (base << 4), 2, 0, 0)
        xstz = struct.pack("<H", len(name)) + name.encode("utf-16-le") + b"\0\0"
        upx = b"\0\0" + sprms
        body = stdf + xstz + struct.pack("<H", len(upx)) + upx + b"\0" * (len(upx) % 2)
        body += struct.pack("<H", 0)  # no character properties
        out += struct.pack("<H", len(body)) + body
    return out


def sprm(op, operand):
    return struct.pack("<H", op) + operand


def in_table():
    return sprm(0x2416, b"\x01")


def tdef(edges, flags):
    n = len(edges) - 1
    body = bytes([n]) + struct.pack(f"<{n + 1}h", *edges)
    for f in flags:
        body += struct.pack("<HH", f, 0) + b"\0" * 16
    return struct.pack("<HH", 0xD608, len(body) + 1) + body


def row_end(edges, flags, extra=b""):
    return in_table() + sprm(0x2417, b"\x01") + tdef(edges, flags) + extra


def papx_in_fkp(props):
    """A paragraph's properties: sprms, or (istd, sprms) for a paragraph of style istd."""
    istd, sprms = props if isinstance(props, tuple) else (0, props)
    g = struct.pack("<H", istd) + sprms
    if len(g) % 2 == 1:
        return bytes([(len(g) + 1) // 2]) + g
    return b"\0" + bytes([len(g) // 2]) + g


def fkps(runs, papx):
    """Formatted disk pages for `runs` [(fc_from, fc_to, props or None)], contiguous in
    FC. Returns a list of (first_fc, page bytes)."""
    pages = []
    i = 0
    width = 13 if papx else 1
    while i < len(runs):
        chosen = []
        blobs = {}
        top = 511
        while i < len(runs):
            fr, to, props = runs[i]
            blob = None if props is None else (papx_in_fkp(props) if papx else bytes([len(props)]) + props)
            need_blob = blob is not None and blob not in blobs
            size_blob = (len(blob) + (len(blob) % 2)) if need_blob else 0
            head = (len(chosen) + 2) * 4 + (len(chosen) + 1) * width
            if head + 2 > top - size_blob and chosen:
                break
            if need_blob:
                top -= size_blob
                top -= top % 2
                blobs[blob] = top
            chosen.append((fr, to, blobs.get(blob, 0) if blob is not None else 0))
            i += 1
        page = bytearray(512)
        crun = len(chosen)
        for k, (fr, _, _) in enumerate(chosen):
            struct.pack_into("<I", page, 4 * k, fr)
        struct.pack_into("<I", page, 4 * crun, chosen[-1][1])
        for k, (_, _, off) in enumerate(chosen):
            page[4 * (crun + 1) + width * k] = off // 2
        for blob, off in blobs.items():
            page[off:off + len(blob)] = blob
        page[511] = crun
        pages.append((chosen[0][0], chosen[-1][1], bytes(page)))
    return pages


def word_file(paras, *, pieces_order=None, encrypted=False, extra_streams=(), lists=None,
              prcs=(), chpx_hidden=(), split=None, compressed_pieces=(), nfib=0x00C1,
              styles=None):
    """A .doc from `paras`: [(text ending in \\r or \\x07, sprms)]. The main text is cut
    into pieces at the CPs in `split` (each piece 8-bit when its index is in
    `compressed_pieces` and its text is Latin-1), stored in `pieces_order`.
    `chpx_hidden`: CP ranges of hidden text. `prcs`: property lists the pieces' Prm can
    name ((piece index, grpprl)). Returns the streams."""
    text = "".join(t for t, _ in paras)
    cps = [0] + sorted(split or []) + [len(text)]
    pieces = [(cps[k], cps[k + 1]) for k in range(len(cps) - 1)]
    order = pieces_order or list(range(len(pieces)))
    # The WordDocument stream: FIB, then the pieces' text in storage order, then FKPs.
    fib_len = 32 + 2 + 28 + 2 + 88 + 2 + 93 * 8 + 2
    w = bytearray(1024)
    fcs = {}
    for k in order:
        a, b = pieces[k]
        t = text[a:b]
        if k in compressed_pieces:
            data = t.encode("cp1252")
        else:
            data = t.encode("utf-16-le")
        fcs[k] = len(w)
        w += data
    # Paragraph marks: their FC.
    def fc_of(cp):
        for k, (a, b) in enumerate(pieces):
            if a <= cp < b:
                width = 1 if k in compressed_pieces else 2
                return fcs[k] + (cp - a) * width, width
        raise ValueError(cp)

    runs = []
    cp = 0
    for t, sprms in paras:
        cp += len(t)
        fc, width = fc_of(cp - 1)
        runs.append((fc, fc + width, sprms))
    runs.sort()
    # Fill the gaps so the runs are contiguous.
    full = []
    for fr, to, props in runs:
        if full and full[-1][1] < fr:
            full.append((full[-1][1], fr, None))
        full.append((fr, to, props))
    while len(w) % 512:
        w.append(0)
    papx_pages = fkps(full, True)
    bte_papx = b""
    pns = []
    for _, _, page in papx_pages:
        pns.append(len(w) // 512)
        w += page
    bte_papx = struct.pack(f"<{len(papx_pages) + 1}I", *([p[0] for p in papx_pages] + [papx_pages[-1][1]]))
    bte_papx += struct.pack(f"<{len(pns)}I", *pns)
    # Hidden text: character runs.
    bte_chpx = b""
    if chpx_hidden:
        cruns = []
        for a, b in chpx_hidden:
            fa, width = fc_of(a)
            cruns.append((fa, fa + (b - a) * width, sprm(0x083C, b"\x01")))
        cruns.sort()
        full = []
        for fr, to, props in cruns:
            if full and full[-1][1] < fr:
                full.append((full[-1][1], fr, None))
            full.append((fr, to, props))
        pages = fkps(full, False)
        pns = []
        for _, _, page in pages:
            pns.append(len(w) // 512)
            w += page
        bte_chpx = struct.pack(f"<{len(pages) + 1}I", *([p[0] for p in pages] + [pages[-1][1]]))
        bte_chpx += struct.pack(f"<{len(pns)}I", *pns)
    # The table stream: CLX, bin tables, lists.
    t = bytearray()
    parts = {}

    def put(index, data):
        parts[index] = (len(t), len(data))
        t.extend(data)

    prc_blob = b""
    prms = {}
    for n, (k, grpprl) in enumerate(prcs):
        prc_blob += b"\x01" + struct.pack("<H", len(grpprl)) + grpprl
        prms[k] = (n << 1) | 1
    plc = struct.pack(f"<{len(pieces) + 1}I", *cps)
    for k, (a, b) in enumerate(pieces):
        if k in compressed_pieces:
            fc = (fcs[k] * 2) | 0x40000000
        else:
            fc = fcs[k]
        plc += struct.pack("<HIH", 0, fc, prms.get(k, 0))
    put(FC_CLX, prc_blob + b"\x02" + struct.pack("<I", len(plc)) + plc)
    put(FC_PAPX, bte_papx)
    if styles:
        put(FC_STSHF, stylesheet(styles))
    if bte_chpx:
        put(FC_CHPX, bte_chpx)
    if lists:
        lst, levels, lfo = lists
        parts[FC_LST] = (len(t), len(lst))
        t.extend(lst + levels)
        put(FC_LFO, lfo)
    # The FIB.
    flags = 0x0200 | (0x0004 if len(pieces) > 1 else 0) | (0x0100 if encrypted else 0)
    fib = struct.pack("<HHHHHHH", 0xA5EC, nfib, 0, 0x0804, 0, flags, 0x00BF)
    fib = fib.ljust(32, b"\0")
    fib += struct.pack("<H", 14) + b"\0" * 28
    lw = [0] * 22
    lw[0] = len(w)
    lw[3] = len(text)
    fib += struct.pack("<H", 22) + struct.pack("<22i", *lw)
    pairs = [(0, 0)] * 93
    for k, v in parts.items():
        pairs[k] = v
    fib += struct.pack("<H", 93) + b"".join(struct.pack("<II", a, b) for a, b in pairs)
    fib += struct.pack("<H", 0)
    assert len(fib) == fib_len
    w[0:fib_len] = fib
    return [("WordDocument", bytes(w)), ("1Table", bytes(t))] + list(extra_streams)


def summary_information(app):
    """A property set stream naming the application (PIDSI_APPNAME)."""
    value = app.encode("ascii") + b"\0"
    prop = struct.pack("<II", 0x1E, len(value)) + value
    prop = prop.ljust(-(-len(prop) // 4) * 4, b"\0")
    codepage = struct.pack("<IHH", 2, 1252, 0)
    props = [(1, codepage), (0x12, prop)]
    head = 8 + 8 * len(props)
    body, table, at = b"", b"", head
    for pid, data in props:
        table += struct.pack("<II", pid, at)
        body += data
        at += len(data)
    section = struct.pack("<II", head + len(body), len(props)) + table + body
    fmtid = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")
    stream = struct.pack("<HHI", 0xFFFE, 0, 0x00020006) + b"\0" * 16 + struct.pack("<I", 1)
    stream += fmtid + struct.pack("<I", 48) + section
    return stream


# ---- The files ------------------------------------------------------------------------


def merged():
    e4 = [0, 1000, 1500, 2000, 3000]
    paras = [
        ("合并单元格\r", b""),
        # Row 0: a cell as wide as two grid columns (its edges), then one cell.
        ("宽\x07", in_table()), ("右\x07", in_table()), ("\x07", row_end([0, 2000, 3000], [0, 0])),
        # Row 1: four cells; the middle two joined by the old merge flags; the last one
        # starts a vertical merge.
        ("甲\x07", in_table()), ("乙\x07", in_table()), ("\x07", in_table()), ("丙\x07", in_table()),
        ("\x07", row_end(e4, [0, 1, 2, 0x60])),
        # Rows 2 and 3: the last cell continues the merge (TC flags; then sprmTVertMerge).
        ("1\x07", in_table()), ("2\x07", in_table()), ("3\x07", in_table()), ("\x07", in_table()),
        ("\x07", row_end(e4, [0, 0, 0, 0x20])),
        ("4\x07", in_table()), ("5\x07", in_table()), ("6\x07", in_table()), ("\x07", in_table()),
        ("\x07", row_end(e4, [0, 0, 0, 0]) + sprm(0xD62B, b"\x02\x03\x01")),
        ("表后\r", b""),
    ]
    return cfb(word_file(paras))


def fastsave():
    # Text pieces: 8-bit English with curly quotes, UTF-16 Chinese, a field, hidden text.
    p0 = "Fast \u201csaved\u201d \u2013 caf\u00e9\r"          # cp1252 piece
    p1 = "一、总体情况\r本年度共"                                  # UTF-16
    p2 = "\x13 PAGE \x14" + "12" + "\x15"                          # field (8-bit)
    p3 = "件。隐藏文字\r"                                          # UTF-16, four chars hidden
    p4 = "表格\x07"                                                 # UTF-16; the cell's in-table
    p5 = "\x07"                                                     # via the piece's Prm
    text = p0 + p1 + p2 + p3 + p4 + p5 + "结束\r"
    paras = []
    start = 0
    for i, c in enumerate(text):
        if c in "\r\x07":
            paras.append(text[start:i + 1])
            start = i + 1
    sprms = []
    for p in paras:
        if p == "表格\x07":
            sprms.append(b"")  # in-table given by the piece's Prm instead
        elif p == "\x07":
            sprms.append(row_end([0, 3000], [0]))
        else:
            sprms.append(b"")
    split = []
    at = 0
    for piece in (p0, p1, p2, p3, p4, p5):
        at += len(piece)
        split.append(at)
    hidden_from = len(p0 + p1 + p2) + 2
    streams = word_file(
        list(zip(paras, sprms)),
        split=split,
        pieces_order=[3, 0, 6, 1, 5, 2, 4],
        compressed_pieces={0, 2},
        chpx_hidden=[(hidden_from, hidden_from + 4)],
        prcs=[(4, in_table())],
    )
    # Small streams (the table stream) go to the mini stream.
    return cfb(streams)


def unpadded():
    paras = [("一、总体情况\r", b""), ("WPS 文字保存的文件，最后一个扇区没有补齐。\r", b"")]
    word, table = word_file(paras)
    # The stream's size is not a whole number of sectors: the file ends inside one.
    word = (word[0], word[1].ljust(4096, b"\0") + b"WPS" * 100)
    # Every stream big enough for regular sectors (WPS writes no mini stream here).
    table = (table[0], table[1].ljust(4096, b"\0"))
    info = ("\x05SummaryInformation", summary_information("WPS Office").ljust(4096, b"\0"))
    return cfb_unpadded([info, table, word])


def lists():
    # One list (lsid 0x1234) of nine levels: "一、", "（一）", "1."; one instance.
    def lvl(start, nfc, xst):
        head = struct.pack("<iBB", start, nfc, 0) + bytes(9) + bytes([2]) + struct.pack("<ii", 0, 0)
        head += bytes([0, 0, 0, 0])
        units = [ord(c) if c not in "012345678" else int(c) for c in xst]
        return head + struct.pack(f"<H{len(units)}H", len(units), *units)

    lstf = struct.pack("<ii", 0x1234, 0) + b"\xff\x0f" * 9 + bytes([0, 0])
    lst = struct.pack("<h", 1) + lstf
    levels = lvl(1, 0x27, "0、") + lvl(1, 0x27, "（1）") + b"".join(lvl(1, 0, "2.") for _ in range(7))
    lfo = struct.pack("<I", 1) + struct.pack("<iiiBBBB", 0x1234, 0, 0, 0, 0, 0, 0) + struct.pack("<I", 0)

    def num(ilvl):
        return sprm(0x460B, struct.pack("<H", 1)) + sprm(0x260A, bytes([ilvl]))

    # Style 1 ("heading 1", based on Normal) is in the list at level 0.
    styles = [("Normal", 0x0FFF, b""), ("heading 1", 0, num(0))]
    paras = [
        ("总体情况\r", (1, b"")),
        ("（一）这一行的编号是手写的，不是自动编号。\r", b""),
        ("主动公开\r", num(0)),
        ("规章\r", num(1)),
        ("规范性文件\r", num(1)),
        ("依申请公开\r", (1, b"")),
        ("这一段的样式有编号，段落自己取消了。\r", (1, sprm(0x460B, b"\0\0"))),
        ("收到申请\r", num(1)),
    ]
    return cfb(word_file(paras, lists=(lst, levels, lfo), styles=styles))


def encrypted():
    return cfb(word_file([("机密\r", b"")], encrypted=True))


def word95():
    return cfb(word_file([("Word 95\r", b"")], nfib=0x0068))


def cycle():
    paras = [("一、总体情况\r", b"")] * 200
    return cfb(word_file(paras), cycle="WordDocument")


def nested():
    inner = sprm(0x2416, b"\x01") + sprm(0x6649, struct.pack("<i", 2))
    inner_cell = inner + sprm(0x244B, b"\x01")
    inner_ttp = inner + sprm(0x244B, b"\x01") + sprm(0x244C, b"\x01") + tdef([0, 500, 1000], [0, 0])
    outer = sprm(0x2416, b"\x01") + sprm(0x6649, struct.pack("<i", 1))
    paras = [
        ("外表\r", b""),
        ("左\x07", outer),
        ("内1\r", inner_cell), ("内2\r", inner_cell), ("\r", inner_ttp),
        ("\x07", outer),
        ("\x07", outer + sprm(0x2417, b"\x01") + tdef([0, 1000, 2000], [0, 0])),
        ("完\r", b""),
    ]
    return cfb(word_file(paras))


def sheet():
    return cfb([("Workbook", b"\x09\x08" + b"\0" * 5000)])


FILES = {
    "edge-doc-merged.doc": merged,
    "edge-doc-fastsave.doc": fastsave,
    "edge-doc-unpadded.wps": unpadded,
    "edge-doc-lists.doc": lists,
    "edge-doc-encrypted.doc": encrypted,
    "edge-doc-cycle.doc": cycle,
    "edge-doc-word95.doc": word95,
    "edge-doc-nested.doc": nested,
    "edge-doc-sheet.xls": sheet,
}


def write_all(out):
    for name, make in FILES.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(make())
    return len(FILES)


if __name__ == "__main__":
    n = write_all(OUT)
    print(f"wrote {n} files to {os.path.relpath(OUT, ROOT)}", file=sys.stderr)
