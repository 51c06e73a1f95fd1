#!/usr/bin/env python3
"""docs/tool.md -> docs/moldau.1 (man(7) roff), so that the man page says what the markdown
says. Knows what tool.md uses: '#'/'##' headings, paragraphs, ``` blocks, '|' tables, '-' lists,
`code`, **bold**, [text](link).

  md2man.py IN.md OUT.1          write OUT.1
  md2man.py --check IN.md OUT.1  exit 1 (saying so) when OUT.1 is not what IN.md makes
"""
import re
import sys


def esc(s):
    s = s.replace("\\", "\\e")
    s = re.sub(r"^([.'])", r"\\&\1", s)
    return s


def inline(s):
    s = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", s)
    s = esc(s)
    s = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", s)
    s = re.sub(r"`([^`]+)`", r"\\fB\1\\fR", s)
    return s


def convert(md):
    out = ['.\\" Generated from docs/tool.md by scripts/md2man.py; edit that file.',
           '.TH MOLDAU 1 "" "moldau" "User Commands"',
           ".SH NAME", "moldau \\- produce, consume and manage Kafka topics from a shell"]
    lines = md.splitlines()
    i = 0
    para = []

    def flush():
        if para:
            out.append(".PP")
            out.append(inline(" ".join(para)))
            para.clear()

    while i < len(lines):
        ln = lines[i]
        if ln.startswith("```"):
            flush()
            out += [".PP", ".nf", ".RS 4"]
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                out.append(esc(lines[i]))
                i += 1
            out += [".RE", ".fi"]
        elif ln.startswith("# "):
            flush()
            out += [".SH DESCRIPTION"]
        elif ln.startswith("## "):
            flush()
            out.append(".SH " + inline(ln[3:]).upper())
        elif ln.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.fullmatch(r"-+", c.replace(" ", "")) for c in cells):
                    rows.append(cells)
                i += 1
            for cells in rows[1:]:  # the first row is the header
                out += [".TP", inline(cells[0]), inline(" ".join(cells[1:]))]
            continue
        elif ln.startswith("- "):
            flush()
            item = [ln[2:]]
            while i + 1 < len(lines) and lines[i + 1].startswith("  ") and lines[i + 1].strip():
                i += 1
                item.append(lines[i].strip())
            out += [".IP \\(bu 2", inline(" ".join(item))]
        elif not ln.strip():
            flush()
        else:
            para.append(ln.strip())
        i += 1
    flush()
    out += [".SH SEE ALSO", "The moldau library's documentation in docs/ (configuration.md)."]
    return "\n".join(out) + "\n"


def main(argv):
    check = argv[1:2] == ["--check"]
    src, dst = argv[-2], argv[-1]
    text = convert(open(src).read())
    if check:
        try:
            have = open(dst).read()
        except FileNotFoundError:
            have = None
        if have != text:
            print("%s is not what %s makes: run `make man`" % (dst, src), file=sys.stderr)
            return 1
        return 0
    open(dst, "w").write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
