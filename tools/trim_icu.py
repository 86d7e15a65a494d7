"""Write a smaller ICU data library (libicudata.so.NN) for the Linux bundle: 31 MB -> ~6 MB.

    python tools/trim_icu.py SOURCE.so TARGET.so

PySide6's Qt on Linux links ICU, whose data library carries every locale of the world, every
charset converter, the CJK/Thai/Khmer/Lao/Burmese line-break dictionaries and the transliterators.
The app shows Vietnamese and reads UTF-8 files; Qt needs ICU for collation (the file dialogs'
sorting), case mapping and time zones. Kept: every non-locale data item (time zones, plurals,
normalisation, properties, break rules), and the locale data of root, English and Vietnamese in
every category (collation, languages, regions, currencies, units, zones, number spellings).
Dropped: other locales, the ``.cnv`` charset converters, the break dictionaries, transliterators.

The library is an ELF shared object whose only content is the symbol ``icudtNN_dat`` (the "common
data" package: a header, a table of contents of named items, the items). The package is rebuilt
with the kept items and the ELF is patched in place: the data shrinks, ``.dynamic`` and the section
headers move up, sizes and offsets are fixed. No compiler needed. Linux x86-64/aarch64 (ELF64 LE).
``build.spec`` calls :func:`trim_library`; if anything looks unexpected it keeps the original.
"""
from __future__ import annotations

import re
import struct
import sys
from pathlib import Path

KEEP_LOCALES = ("root", "en", "vi")
LOCALE_RE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$")
DROP_FOLDERS = {"translit"}
DROP_SUFFIXES = (".cnv", ".dict")


def keep_item(name: str) -> bool:
    """``icudt73l/coll/vi.res`` -> True; ``icudt73l/coll/de.res`` -> False."""
    parts = name.split("/")[1:]
    if not parts or name.endswith(DROP_SUFFIXES):
        return False
    if len(parts) > 1 and parts[0] in DROP_FOLDERS:
        return parts[-1] in ("root.res", "res_index.res", "pool.res")
    stem = parts[-1].rsplit(".", 1)[0]
    if parts[-1].endswith(".res") and LOCALE_RE.match(stem) and stem not in ("root", "pool"):
        return stem.split("_")[0] in KEEP_LOCALES
    return True


def trim_package(data: bytes) -> tuple[bytes, int, int]:
    """The common data package with only the kept items; returns (package, kept, total)."""
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[2:4] != b"\xda\x27" or b"CmnD" not in data[:header_size]:
        raise ValueError("not an ICU common data package")
    toc = data[header_size:]
    count = struct.unpack_from("<I", toc, 0)[0]
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]

    def name_at(offset: int) -> str:
        return toc[offset:toc.index(b"\0", offset)].decode("ascii")

    items = []
    for i, (name_off, data_off) in enumerate(entries):
        end = entries[i + 1][1] if i + 1 < count else len(toc)
        items.append((name_at(name_off), toc[data_off:end]))
    kept = [(n, d) for n, d in items if keep_item(n)]
    names = b"".join(n.encode("ascii") + b"\0" for n, _ in kept)
    table_size = 4 + 8 * len(kept)
    first_data = (table_size + len(names) + 15) // 16 * 16
    out_names, out_items, offsets = bytearray(), bytearray(), []
    for n, d in kept:
        name_off = table_size + len(out_names)
        out_names += n.encode("ascii") + b"\0"
        data_off = first_data + len(out_items)
        out_items += d  # each item already ends on a 16-byte boundary (its padding came with it)
        offsets.append((name_off, data_off))
    table = struct.pack("<I", len(kept)) + b"".join(struct.pack("<II", a, b) for a, b in offsets)
    body = table + bytes(out_names)
    body += b"\0" * (first_data - len(body))
    return data[:header_size] + body + bytes(out_items), len(kept), count


def trim_library(source: Path, target: Path) -> tuple[int, int]:
    """Write the trimmed library to ``target``; returns (old size, new size). Raises ValueError."""
    elf = bytearray(source.read_bytes())
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF")
    e_phoff, e_shoff = struct.unpack_from("<QQ", elf, 0x20)
    e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx = struct.unpack_from("<HHHHH", elf, 0x36)
    sections = [list(struct.unpack_from("<IIQQQQIIQQ", elf, e_shoff + i * e_shentsize)) for i in range(e_shnum)]
    shstr = sections[e_shstrndx]

    def sec_name(s: list[int]) -> str:
        off = shstr[4] + s[0]
        return elf[off:elf.index(b"\0", off)].decode()

    by_name = {sec_name(s): s for s in sections}
    dynsym, dynstr, rodata, dynamic = by_name[".dynsym"], by_name[".dynstr"], by_name[".rodata"], by_name[".dynamic"]
    symbol = None
    for i in range(dynsym[5] // 24):
        st_name, _info, _other, _shndx, st_value, st_size = struct.unpack_from("<IBBHQQ", elf, dynsym[4] + 24 * i)
        nm_off = dynstr[4] + st_name
        nm = elf[nm_off:elf.index(b"\0", nm_off)].decode()
        if re.fullmatch(r"icudt\d+_dat", nm):
            symbol = (i, st_value, st_size)
    if symbol is None:
        raise ValueError("no icudtNN_dat symbol")
    _, value, size = symbol
    # one read-only LOAD from offset 0 (vaddr == offset) holding the data; .dynamic after it
    if not (rodata[3] == value and rodata[4] == value and rodata[5] == size and dynamic[4] >= value + size):
        raise ValueError("unexpected layout")
    package, kept, total = trim_package(bytes(elf[value:value + size]))
    package += b"\0" * (-len(package) % 16)
    end0 = value + len(package)
    old_dyn_off, old_dyn_addr = dynamic[4], dynamic[3]
    shift_addr = old_dyn_addr - old_dyn_off  # vaddr - offset of the RW segment (page congruent)
    new_dyn_off = (end0 + 15) // 16 * 16
    delta = new_dyn_off - old_dyn_off
    tail = bytes(elf[old_dyn_off:])
    out = bytearray(elf[:value]) + package + b"\0" * (new_dyn_off - end0) + tail
    # program headers
    for i in range(e_phnum):
        at = e_phoff + i * e_phentsize
        fields = struct.unpack_from("<IIQQQQQQ", out, at)
        p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align = fields
        if p_type == 1 and p_offset == 0:  # the read-only LOAD with the data
            p_filesz = p_memsz = end0
        elif p_offset >= old_dyn_off:
            p_offset += delta
            p_vaddr = p_paddr = p_offset + shift_addr
        struct.pack_into("<IIQQQQQQ", out, at, p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align)
    # section headers (they sit in the tail, so they moved by delta too)
    new_shoff = e_shoff + delta
    struct.pack_into("<Q", out, 0x28, new_shoff)
    for i in range(e_shnum):
        at = new_shoff + i * e_shentsize
        s = list(struct.unpack_from("<IIQQQQIIQQ", out, at))
        if s[4] >= old_dyn_off:
            s[4] += delta
            if s[3]:
                s[3] = s[4] + shift_addr
        elif value + size <= s[4] < old_dyn_off:  # an empty section (.eh_frame) right after the data
            s[4] -= size - len(package)
            if s[3]:
                s[3] -= size - len(package)
        if s[3] == value and s[4] == value and s[5] == size:
            s[5] = len(package)
        struct.pack_into("<IIQQQQIIQQ", out, at, *s)
    # the symbol's size, in .dynsym (and .symtab if kept)
    for sec in (dynsym, by_name.get(".symtab")):
        if sec is None:
            continue
        base = sec[4] + (delta if sec[4] >= old_dyn_off else 0)
        for i in range(sec[5] // 24):
            at = base + 24 * i
            st_value, st_size = struct.unpack_from("<QQ", out, at + 8)
            if st_value == value and st_size == size:
                struct.pack_into("<Q", out, at + 16, len(package))
    # .dynamic entries holding addresses past the data (none in ICU's data library, but be safe)
    dyn_at = new_dyn_off
    for i in range(dynamic[5] // 16):
        tag, val = struct.unpack_from("<qQ", out, dyn_at + 16 * i)
        if tag in (3, 7, 17, 23, 25, 26, 32) and val >= old_dyn_addr:  # PLTGOT, RELA, REL, JMPREL, INIT/FINI_ARRAY...
            struct.pack_into("<Q", out, dyn_at + 16 * i + 8, val + delta)
    target.write_bytes(bytes(out))
    print(f"trim_icu: {source.name}: kept {kept} of {total} items, {len(elf) / 1e6:.1f} MB -> {len(out) / 1e6:.1f} MB")
    return len(elf), len(out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    trim_library(Path(sys.argv[1]), Path(sys.argv[2]))
