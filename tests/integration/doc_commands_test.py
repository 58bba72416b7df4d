#!/usr/bin/python3
"""Runs every ```sh block of a Markdown guide, in order, in one `bash -e` shell with a fresh HOME.

usage: doc_commands_test.py BUILD_DIR SOURCE_DIR [GUIDE.md]   (default: docs/plugin-guide.md)

A block right after the comment `<!-- doc-test: replaced by installing the build under test -->`
is not run: the build tree under test is installed into $HOME/.local instead, which is what that
block of the guide does from a source checkout. Any other doc-test directive is an error, so a
block cannot be skipped by accident. The guide's commands must pass as written: a failing command
fails the test, naming the block and its line in the guide.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

MARKER = "<!-- doc-test: replaced by installing the build under test -->"


def extract(path):
    """Yields (line_number, code, marked) for each ```sh block of path."""
    lines = open(path, encoding="utf-8").read().split("\n")
    previous = ""  # last non-blank line outside a block
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith("```"):
            fence = line.strip()
            start = i + 1
            i += 1
            body = []
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i])
                i += 1
            if i == len(lines):
                sys.exit(f"{path}:{start}: unterminated code block")
            if fence == "```sh":
                marked = previous.strip() == MARKER
                if "doc-test:" in previous and not marked:
                    sys.exit(f"{path}:{start - 1}: unknown doc-test directive: {previous.strip()}")
                yield start + 1, "\n".join(body), marked
            previous = ""
        elif line.strip():
            previous = line
        i += 1


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    build, source = (os.path.abspath(a) for a in sys.argv[1:3])
    guide = os.path.abspath(sys.argv[3] if len(sys.argv) == 4 else os.path.join(source, "docs/plugin-guide.md"))
    blocks = list(extract(guide))
    marked = [b for b in blocks if b[2]]
    if len(blocks) < 10 or len(marked) != 1:
        sys.exit(f"{guide}: expected at least 10 sh blocks and exactly one marked install block; "
                 f"found {len(blocks)} blocks, {len(marked)} marked")

    rel = os.path.relpath(guide, source)
    script = ["set -e", "trap 'echo \"doc_commands_test: FAILED: block at $DOC_BLOCK, line $LINENO of the block script\" >&2' ERR"]
    for line, code, is_marked in blocks:
        where = f"{rel}:{line}"
        script.append(f"DOC_BLOCK={shlex.quote(where)}")
        script.append(f"echo {shlex.quote('--- ' + where)} >&2")
        if is_marked:
            script.append(f'cmake --install {shlex.quote(build)} --prefix "$HOME/.local" >/dev/null')
        else:
            script.append(code)
    script.append("echo 'doc_commands_test: every block passed' >&2")

    home = tempfile.mkdtemp(prefix="docpipe-doc-test.")
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOCPIPE_")}
        env["HOME"] = home
        # A user's CMake package registry or caches must not leak in; the guide sets what it needs.
        env.pop("CMAKE_PREFIX_PATH", None)
        with open(os.path.join(home, "guide.sh"), "w", encoding="utf-8") as f:
            f.write("\n".join(script) + "\n")
        rc = subprocess.call(["bash", "-e", os.path.join(home, "guide.sh")], cwd=home, env=env)
        if rc != 0:
            print(f"doc_commands_test: the commands of {rel} failed (exit {rc}); HOME was {home}", file=sys.stderr)
        return rc
    finally:
        if os.environ.get("DOCPIPE_DOC_TEST_KEEP"):
            print(f"doc_commands_test: kept {home}", file=sys.stderr)
        else:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
