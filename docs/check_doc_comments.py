#!/usr/bin/env python3
"""Lists public / open declarations in Sources/ that have no `///` (or `/** */`) doc comment right above them
(attributes such as @inlinable and blank-free attribute lines are skipped when looking upward).

    python3 docs/check_doc_comments.py [Sources]      # exit status 1 when something is missing
"""
import os
import re
import sys

DECL = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public|open)\s+(?:(?:final|static|class|override|mutating|nonmutating|"
                  r"convenience|required|indirect|nonisolated|lazy|private\(set\)|internal\(set\)|fileprivate\(set\)|"
                  r"@\w+)\s+)*(struct|enum|class|protocol|actor|func|init|var|let|case|typealias|subscript|extension|"
                  r"associatedtype|deinit)\b")


def missing(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    for i, line in enumerate(lines):
        m = DECL.match(line)
        if not m or m.group(1) == "extension":
            continue  # extensions carry no documentation of their own in DocC
        j = i - 1
        while j >= 0 and re.match(r"^\s*@\w+", lines[j]):  # attributes on their own line
            j -= 1
        prev = lines[j].strip() if j >= 0 else ""
        if prev.startswith("///") or prev.endswith("*/"):
            continue
        out.append((i + 1, line.strip()))
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "Sources"
    total = 0
    for dirpath, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if f.endswith(".swift"):
                p = os.path.join(dirpath, f)
                for ln, text in missing(p):
                    print("%s:%d: %s" % (p, ln, text))
                    total += 1
    print("%d public declarations without a doc comment" % total, file=sys.stderr)
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
