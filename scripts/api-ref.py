#!/usr/bin/env python3
"""Writes docs/api.md, the API reference, from the comments of the public headers.

    scripts/api-ref.py [--out docs/api.md]   write the reference
    scripts/api-ref.py --check               exit 1 when docs/api.md differs from what this
                                             script writes now, or a public function has no
                                             comment
    scripts/api-ref.py --list                the public functions found, one per line

The headers are read as text (python3's standard library only, no compiler), with the rules
moldau's headers follow:
  - a function's comment is the /* ... */ block that ends on the line just above its
    declaration, or a /* ... */ on the declaration's own last line (`f(void); /* why */`);
  - declarations on consecutive lines (no blank line between) form a group that shares the
    comment above its first one (`moldau_conf_new` / `moldau_conf_destroy`);
  - a header's first comment describes the header.
moldau.h and moldau/*.h are described in full (header comment, then types and functions in
the header's order, under its section rules as headings);
moldau/protocol/*.h, the large codec, as one line per function. scripts/check-docs.sh also
compares the functions found here with the declarations the compiler sees, so a declaration
this parser misses fails the check instead of dropping out of the reference.
"""
import argparse
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
INCLUDE = os.path.join(ROOT, "include")
FUNC_NAME = re.compile(r"\b(moldau_[a-z][A-Za-z0-9_]*)\s*\(")
# A message codec documented by the conventions of moldau/protocol.h (its header says what
# moldau_<api>_request_encode(w, version, req) and _response_decode(r, version, arena, out)
# do); these need no comment of their own.
CODEC_CONVENTION = re.compile(
    r"moldau_err_t\s+moldau_[a-z0-9_]+_(request_encode\s*\(\s*moldau_buf_t\s*\*\s*w\s*,"
    r"\s*int16_t\s+version|response_decode\s*\(\s*moldau_reader_t\s*\*\s*r\s*,"
    r"\s*int16_t\s+version\s*,\s*moldau_arena_t)")
CONVENTION_TEXT = {
    "request_encode": "Encodes the %s request of the given version into w (the conventions of "
                      "moldau/protocol.h).",
    "response_decode": "Decodes the %s response of the given version from r into *out, in the "
                       "arena (the conventions of moldau/protocol.h).",
}


def headers():
    """(relative path, detailed?) for every public header, in a fixed order."""
    out = [("moldau.h", True)]
    for sub, detailed in (("moldau", True), ("moldau/protocol", False)):
        d = os.path.join(INCLUDE, sub)
        for name in sorted(os.listdir(d)):
            if name.endswith(".h"):
                out.append((sub + "/" + name, detailed))
    return out


def strip_comment(text):
    """The prose of a /* ... */ block: delimiters and leading ' * ' removed, indentation of
    lists and code kept."""
    text = text.strip()
    if text.startswith("/*"):
        text = text[2:]
    if text.endswith("*/"):
        text = text[:-2]
    lines = []
    for line in text.split("\n"):
        s = line.rstrip()
        m = re.match(r"^\s*\*(?!/)( ?)(.*)$", s)
        if m:
            s = m.group(2)
        else:
            s = s.strip() if not lines else s.lstrip()
        lines.append(s)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    # A section rule ("---- metadata ----") keeps its words only.
    if lines:
        lines[0] = re.sub(r"^-{2,}\s*(.*?)\s*-*$", r"\1", lines[0])
    return "\n".join(lines)


class Item:
    def __init__(self, kind, name, decl, line):
        self.kind = kind      # "function", "type", "section"
        self.name = name
        self.decl = decl      # the declaration's text as written
        self.line = line      # first line, 1-based
        self.comment = None   # its own or its group's comment, None if none
        self.own = False      # the comment is its own (not inherited from the group)
        self.convention = False  # a codec function described by moldau/protocol.h's rules
        self.section = None   # the title of the section rule above it
        self.group = None     # the first declaration of its group, when not its own comment


def scan(path):
    """The header's leading comment and its items (functions and typedefs) in
    order. A small tokenizer: it tracks comments, preprocessor lines, braces and parentheses so
    that only top-level declarations are taken."""
    src = open(path, encoding="utf-8").read()
    lines = src.split("\n")
    n = len(src)
    i = 0
    comments = []           # (start line, end line, text, trailing-on-code?)
    stmts = []              # (start line, end line, text)
    cur = []                # chars of the statement being read
    cur_start = None
    depth = 0               # braces
    line_no = 1
    last_code_line = 0      # the last line holding code (for trailing comments)

    def flush(end_line):
        nonlocal cur, cur_start
        text = "".join(cur).strip()
        if text:
            stmts.append((cur_start, end_line, text))
        cur = []
        cur_start = None

    while i < n:
        c = src[i]
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            text = src[i:j]
            start = line_no
            line_no += text.count("\n")
            comments.append((start, line_no, text, last_code_line == start))
            if cur:
                cur.append(" ")
            i = j
            continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "#" and (i == 0 or src[i - 1] == "\n") and depth == 0 and not cur:
            # Preprocessor line (with continuations, and comments that may run on past its
            # end): not a declaration.
            while i < n and src[i] != "\n":
                if src.startswith("/*", i):
                    j = src.find("*/", i + 2)
                    j = n if j < 0 else j + 2
                    line_no += src.count("\n", i, j)
                    i = j
                elif src[i] == "\\" and src.startswith("\n", i + 1):
                    line_no += 1
                    i += 2
                else:
                    i += 1
            continue
        if c == "\n":
            line_no += 1
            if cur:
                cur.append(" ")
            i += 1
            continue
        if c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            cur.append(src[i:j + 1])
            i = j + 1
            continue
        if not c.isspace():
            if cur_start is None:
                cur_start = line_no
            last_code_line = line_no
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and not re.match(r"\s*(typedef|struct|union|enum)\b",
                                           "".join(cur)) and \
                    not re.match(r'\s*extern\s*"C"', "".join(cur)):
                cur.append(c)
                flush(line_no)   # a function body (static inline) ends the statement
                i += 1
                continue
        if depth == 0 and c == ";":
            cur.append(c)
            flush(line_no)
            i += 1
            continue
        if depth == 1 and c == "{" and re.match(r'\s*extern\s*"C"\s*$', "".join(cur)):
            cur = []         # extern "C" { ... }: its inside is top level
            cur_start = None
            depth = 0
            i += 1
            continue
        if c == "}" and depth < 0:
            depth = 0        # the end of extern "C"
            cur = []
            cur_start = None
            i += 1
            continue
        cur.append(c)
        i += 1

    head = strip_comment(comments[0][2]) if comments and comments[0][0] == 1 else ""
    items = []
    for start, end, text in stmts:
        text = re.sub(r"\s+", " ", text).strip()
        if text.startswith("typedef"):
            m = re.search(r"(moldau_[A-Za-z0-9_]*)\s*\)?\s*(\(|;|\[)", text)
            name = m.group(1) if m else text
            # The declaration as written, from its lines (struct bodies keep their layout).
            decl = "\n".join(l.rstrip() for l in lines[start - 1:end])
            items.append(Item("type", name, decl, start))
        else:
            m = FUNC_NAME.search(text)
            if not m or "(" not in text:
                continue
            # The declaration as written; a static inline function's up to its body.
            end_decl = end
            if "{" in text:
                end_decl = start
                while "{" not in lines[end_decl - 1]:
                    end_decl += 1
            decl = "\n".join(l.rstrip() for l in lines[start - 1:end_decl])
            items.append(Item("function", m.group(1), decl, start))
        items[-1].end = end
        items[-1].end = end

    # Comments: the block ending just above an item, or one trailing on its last line.
    by_end = {}
    for start, end, text, trailing in comments:
        if not trailing and not text[2:].lstrip().startswith("----"):
            by_end[end] = (start, text)   # (a section rule is nobody's comment)
    trailing_at = {}
    for start, end, text, trailing in comments:
        if trailing:
            trailing_at.setdefault(start, text)
    # Section rules ("/* ---- CreateTopics (key 19) ---- */"): the title of what follows.
    rules = sorted((start, strip_comment(text).split("\n")[0])
                   for start, end, text, trailing in comments
                   if not trailing and text[2:].lstrip().startswith("----"))
    used = set()
    prev = None
    for it in items:
        it.section = None
        for start, title in rules:
            if start < it.line:
                it.section = title
        above = it.line - 1
        while above > 0 and lines[above - 1].startswith("#"):
            above -= 1   # #defines between a comment and its declaration
        c = by_end.get(above)
        t = None
        for ln in range(it.line, it.end + 1):
            if ln in trailing_at and it.kind == "function":
                t = trailing_at[ln]
        if c is not None and not (it == items[0] and c[0] == 1 and head):
            it.comment = strip_comment(c[1])
            used.add(c[0])
            it.own = True
        elif t is not None:
            it.comment = strip_comment(t)
            it.own = True
        elif it.kind == "function" and CODEC_CONVENTION.search(it.decl) and \
                "/protocol/" in path:
            m = re.match(r"moldau_(.*)_(request_encode|response_decode)$", it.name)
            it.comment = CONVENTION_TEXT[m.group(2)] % (it.section or m.group(1))
            it.convention = True
        elif prev is not None and prev.end == it.line - 1:
            it.comment = prev.comment   # grouped with the declaration above
            it.group = prev.group or prev.name
        prev = it

    # Comments of their own between declarations (section rules, notes such as consumer.h's
    # on offsets) are kept as prose where they stand; those inside a declaration are its.
    notes = []
    for start, end, text, trailing in comments:
        if trailing or start in used or (start == 1 and head) or \
                any(it.line <= start <= it.end for it in items):
            continue
        body = strip_comment(text)
        note = Item("note", None, None, start)
        if text[2:].lstrip().startswith("----"):
            title, _, rest = body.partition("\n")
            note.name = title.strip()
            body = rest.strip()
        note.comment = body
        # The macros right below a note are what it describes (MOLDAU_OFFSET_*): shown too.
        j, macro = end, []
        while j < len(lines) and (lines[j].startswith("#define") or
                                  (macro and (macro[-1].endswith("\\") or
                                              lines[j].lstrip().startswith("*")))):
            macro.append(lines[j].rstrip())
            j += 1
        note.decl = "\n".join(macro) or None
        notes.append(note)
    return head, sorted(items + notes, key=lambda it: it.line)


def strip_body(decl):
    """A static inline function's declaration without its body."""
    i = decl.find("{")
    return decl if i < 0 else decl[:i].rstrip() + ";"


def render():
    out = []
    w = out.append
    w("# moldau API reference")
    w("")
    w("Generated by `scripts/api-ref.py` from the comments in `include/` (`make api-ref`); do "
      "not edit by hand: change the header comment and regenerate. `make check-docs` fails "
      "when this file is out of date or a public function has no comment.")
    w("")
    w("`#include <moldau.h>` gives every header below but the codec (`moldau/protocol.h` "
      "and `moldau/protocol/*.h`), which is public for conformance tools but not ABI-stable; "
      "its functions are only listed here, their comments are in the headers.")
    w("")
    hs = headers()
    w("## Headers")
    w("")
    for rel, detailed in hs:
        if detailed:
            w("- [`%s`](#%s)" % (rel, anchor(rel)))
    w("- [`moldau/protocol/*.h`](#the-codec-moldauprotocolh) (listed briefly)")
    w("")
    undocumented = []
    found = []
    codec = []
    for rel, detailed in hs:
        head, items = scan(os.path.join(INCLUDE, rel))
        for it in items:
            if it.kind == "function":
                found.append(it.name)
                if not it.comment:
                    undocumented.append("include/%s:%d: %s" % (rel, it.line, it.name))
        if not detailed:
            codec.append((rel, head, items))
            continue
        w("## %s" % rel)
        w("")
        w("<a id=\"%s\"></a>" % anchor(rel))
        w("")
        if head:
            w(quote_prose(head))
            w("")
        # In the header's order: its section rules as headings, its notes as prose.
        for it in items:
            if it.kind == "note":
                if it.name:
                    w("### %s" % (it.name[:1].upper() + it.name[1:]))
                    w("")
                if it.comment:
                    w(quote_prose(it.comment))
                    w("")
                if it.decl:
                    w("```c")
                    w(it.decl)
                    w("```")
                    w("")
                continue
            if it.kind == "type":
                w("#### `%s`" % it.name)
                w("")
                if it.comment and it.own:
                    w(quote_prose(it.comment))
                    w("")
                w("```c")
                w(it.decl)
                w("```")
                w("")
                continue
            w("#### `%s()`" % it.name)
            w("")
            w("```c")
            w(strip_body(it.decl))
            w("```")
            w("")
            if it.comment:
                if not it.own:
                    w("(Declared with `%s` just above, under the same comment:)" % it.group)
                    w("")
                w(quote_prose(it.comment))
                w("")
    w("## The codec: moldau/protocol.h")
    w("")
    w("The functions of `moldau/protocol/*.h`, by header, with the first line of their comment; "
      "the conventions they share are in `include/moldau/protocol.h`.")
    w("")
    for rel, head, items in codec:
        w("### %s" % rel)
        w("")
        if head:
            w(first_sentence(head))
            w("")
        for it in items:
            if it.kind != "function":
                continue
            line = "- `%s()`" % it.name
            if it.comment:
                line += ": " + first_sentence(it.comment)
            w(line)
        w("")
    text = "\n".join(out).rstrip() + "\n"
    return text, undocumented, found


def anchor(rel):
    return re.sub(r"[^a-z0-9-]", "", rel.lower().replace("/", "").replace(" ", "-"))


def quote_prose(text):
    """Header prose as Markdown: indented lines (lists, code) kept in a code block when they
    look like code, else as written."""
    out = []
    code = []
    for line in text.split("\n"):
        if line.startswith("  ") and not re.match(r"^\s*- ", line) and \
                re.search(r"[;{}()=]|//", line) and not out_list_context(out):
            code.append(line)
            continue
        if code:
            out.append("```c")
            out.extend(dedent(code))
            out.append("```")
            code = []
        out.append(line)
    if code:
        out.append("```c")
        out.extend(dedent(code))
        out.append("```")
    # Markdown would read a leading '#', '>' or '|', a '*' pair or a <name> as syntax (code
    # blocks are left as they are).
    res, in_code = [], False
    for l in out:
        if l.startswith("```"):
            in_code = not in_code
        elif not in_code:
            l = re.sub(r"^([#>|])", r"\\\1", l.replace("<", "&lt;").replace("*", "\\*"))
        res.append(l)
    return "\n".join(res)


def out_list_context(out):
    """True when the previous prose line is a list item still going on (its continuation lines
    are indented too)."""
    for line in reversed(out):
        if not line.strip():
            return False
        if re.match(r"^\s*- ", line):
            return True
        if not line.startswith(" "):
            return False
    return False


def dedent(code):
    k = min(len(l) - len(l.lstrip()) for l in code if l.strip())
    return [l[k:] for l in code]


def first_sentence(text):
    text = " ".join(l.strip() for l in text.split("\n") if l.strip())
    m = re.match(r"^(.*?\.)(\s|$)", text)
    s = m.group(1) if m else text
    if len(s) > 200:
        s = s[:200].rsplit(" ", 1)[0] + " ..."
    return s.replace("|", "\\|").replace("<", "&lt;").replace("*", "\\*")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "api.md"))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    text, undocumented, found = render()
    if a.list:
        print("\n".join(sorted(set(found))))
        return 0
    if a.check:
        rc = 0
        if undocumented:
            print("api-ref: FAIL: public functions without a comment (add one above the "
                  "declaration):", file=sys.stderr)
            for u in undocumented:
                print("    " + u, file=sys.stderr)
            rc = 1
        try:
            have = open(a.out, encoding="utf-8").read()
        except OSError:
            have = None
        if have != text:
            print("api-ref: FAIL: %s is not what scripts/api-ref.py writes now: run `make "
                  "api-ref` and commit it" % os.path.relpath(a.out, ROOT), file=sys.stderr)
            rc = 1
        if rc == 0:
            print("api-ref: OK (%d public functions, each with a comment; %s up to date)" %
                  (len(set(found)), os.path.relpath(a.out, ROOT)))
        return rc
    if undocumented:
        print("api-ref: warning: public functions without a comment:", file=sys.stderr)
        for u in undocumented:
            print("    " + u, file=sys.stderr)
    with open(a.out + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(a.out + ".tmp", a.out)
    print("api-ref: wrote %s (%d public functions)" % (os.path.relpath(a.out, ROOT),
                                                        len(set(found))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
