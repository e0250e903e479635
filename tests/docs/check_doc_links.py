#!/usr/bin/env python3
"""Every citation in the repository stays inside it. Standard library only.

  check_doc_links.py ROOT

Walks the repository's text files (documents, code, build files, tests; not build trees, node_modules
or .git) and fails on:
  1. a path outside the repository: `../shared/...`, `shared/spec/...`, `/work/...` (the machine the
     project was written on), or a Markdown link `[..](target)` whose target resolves outside ROOT;
  2. a Markdown link in a .md file to a relative target that does not exist;
  3. a spec citation `<spec>.md §N[.M...]` (lez, payment-streams, waku-store, libp2p, x402, mcp,
     logos-core) for which docs/spec-notes.md has no heading `### <spec>.md §N[.M...]` (the cited
     section or, for a list item such as §9.3.3, one of its parents).
Prints each problem as `path:line: what` and exits 1; exits 0 when there is none.
"""
import os
import re
import sys

SPECS = ("lez", "payment-streams", "waku-store", "libp2p", "x402", "mcp", "logos-core")
SKIP_DIRS = {".git", "node_modules", ".scaffold", "__pycache__"}
TEXT_EXT = {".md", ".h", ".hpp", ".cpp", ".c", ".py", ".mjs", ".js", ".json", ".cmake", ".txt", ".sh", ".nix",
            ".proto", ".service", ".html", ".css", ".yml", ".yaml", ".toml"}
OUTSIDE = re.compile(r"\.\./shared/|(?<![\w.-])shared/spec/|(?<![\w.-])/work/")
MD_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
# `x402.md §4`, `mcp.md §9.3.1`, `payment-streams.md §1, §2, §6`, `logos-core.md` §7 (backquoted name).
CITE = re.compile(r"\b(" + "|".join(re.escape(s) for s in SPECS) + r")\.md`?((?:[ ,]*(?:and |or )?§ ?[0-9]+(?:\.[0-9]+)*)+)")
SECTION = re.compile(r"§ ?([0-9]+(?:\.[0-9]+)*)")
HEADING = re.compile(r"^###\s+(" + "|".join(re.escape(s) for s in SPECS) + r")\.md\s+§([0-9]+(?:\.[0-9]+)*)\b")


def skip_dir(name):
    return name in SKIP_DIRS or name.startswith("build") or name.startswith("lzp-")


def text_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not skip_dir(d))
        for f in sorted(filenames):
            path = os.path.join(dirpath, f)
            ext = os.path.splitext(f)[1]
            if ext in TEXT_EXT or f in ("CMakeLists.txt", "README", "LICENSE") or f.endswith(".service"):
                yield path


def known_sections(root):
    out = set()
    with open(os.path.join(root, "docs", "spec-notes.md"), encoding="utf-8") as f:
        for line in f:
            m = HEADING.match(line)
            if m:
                out.add((m.group(1), m.group(2)))
    return out


def section_known(known, spec, number):
    parts = number.split(".")
    return any((spec, ".".join(parts[:n])) in known for n in range(len(parts), 0, -1))


def check(root):
    root = os.path.realpath(root)
    known = known_sections(root)
    problems = []
    for path in text_files(root):
        rel = os.path.relpath(path, root)
        if rel == os.path.join("tests", "docs", "check_doc_links.py"):
            continue  # this file names the patterns it looks for
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        except (UnicodeDecodeError, OSError):
            continue
        for n, line in enumerate(lines, 1):
            m = OUTSIDE.search(line)
            if m:
                problems.append(f"{rel}:{n}: cites '{m.group(0)}...', a path outside the repository; "
                                "cite docs/spec-notes.md (or another file of the repository) instead")
            if path.endswith(".md"):
                for target in MD_LINK.findall(line):
                    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                        continue  # URLs and anchors
                    target_path = target.split("#", 1)[0]
                    resolved = os.path.realpath(os.path.join(os.path.dirname(path), target_path))
                    if not (resolved == root or resolved.startswith(root + os.sep)):
                        problems.append(f"{rel}:{n}: links to '{target}', outside the repository")
                    elif not os.path.exists(resolved):
                        problems.append(f"{rel}:{n}: links to '{target}', which does not exist")
            for spec, sections in CITE.findall(line):
                for number in SECTION.findall(sections):
                    if not section_known(known, spec, number):
                        problems.append(f"{rel}:{n}: cites {spec}.md §{number}, which docs/spec-notes.md does not cover "
                                        f"(add a '### {spec}.md §{number.split('.')[0]} ...' section)")
    return problems


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    if problems:
        print(f"check_doc_links: {len(problems)} citation(s) leave the repository or name no section of docs/spec-notes.md")
        return 1
    print("check_doc_links: every citation stays inside the repository")
    return 0


if __name__ == "__main__":
    sys.exit(main())
