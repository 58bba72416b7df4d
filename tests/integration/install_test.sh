#!/usr/bin/env bash
# Installs the docpipe build under test into a temporary prefix and uses it the way a plugin author
# would: bundled plugins found from the prefix (also after moving it; the claims plugin shows no
# path of the build machine and still works), a scaffolded analyzer and the
# example hedges plugin built out of tree with find_package and run in pipelines, and a plugin built
# against another SDK API version refused with the documented message.
#
# usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build=$(cd "${1:?usage: install_test.sh BUILD_DIR SOURCE_DIR}" && pwd)
src=$(cd "${2:?usage: install_test.sh BUILD_DIR SOURCE_DIR}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/docpipe-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
step=""
trap 'echo "install_test: FAILED at step: $step (line $LINENO)" >&2' ERR
fail() { echo "install_test: FAILED at step: $step: $*" >&2; exit 1; }
begin() { step="$*"; echo "== [${SECONDS}s] $step"; }
# Only the prefix may supply plugins: no environment path, no build tree next to the binary.
unset DOCPIPE_PLUGIN_PATH
# A prefix in a path with a space proves nothing is split on whitespace.
prefix="$tmp/first prefix"

begin "install the build tree into a temporary prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log"
[[ -x "$prefix/bin/docpipe" ]] || fail "no bin/docpipe in the prefix"
[[ -f "$prefix/include/docpipe/testing.hpp" ]] || fail "SDK headers not installed"
[[ -f "$prefix/lib/cmake/docpipe/docpipeConfig.cmake" ]] || fail "CMake package not installed"
ls "$prefix"/lib/docpipe/plugins/docpipe-*.so >/dev/null || fail "no bundled plugins in lib/docpipe/plugins"

check_bundled() {  # $1 = prefix
  local out
  out=$(cd "$tmp" && "$1/bin/docpipe" plugins) || fail "docpipe plugins exited non-zero"
  for name in text stats json; do
    grep -Eq "^$name[[:space:]]" <<<"$out" || fail "bundled plugin '$name' not listed from $1:"$'\n'"$out"
  done
  # Shown as <prefix>/bin/../lib/docpipe/plugins/...: found relative to the binary.
  grep -F "/lib/docpipe/plugins/docpipe-stats.so" <<<"$out" | grep -qF "$1/" || fail "stats not loaded from the prefix:"$'\n'"$out"
}
begin "the installed host finds its bundled plugins"
check_bundled "$prefix"

begin "the prefix still works after it is moved"
mkdir "$tmp/elsewhere"
mv "$prefix" "$tmp/elsewhere/moved prefix"
prefix="$tmp/elsewhere/moved prefix"
check_bundled "$prefix"
docpipe="$prefix/bin/docpipe"
# Everything below uses the moved prefix: its CMake package must be relocatable too.

build_out_of_tree() {  # $1 = project dir
  # No build type: unoptimized is the quickest to compile, and the host must accept a plugin whose
  # build type differs from its own (NDEBUG changes no layout).
  cmake -S "$1" -B "$1/build" -DCMAKE_PREFIX_PATH="$prefix" >"$1/configure.log" ||
    { cat "$1/configure.log" >&2; fail "configure of $1"; }
  cmake --build "$1/build" -j2 >"$1/build.log" || { cat "$1/build.log" >&2; fail "build of $1"; }
  ctest --test-dir "$1/build" --output-on-failure -j2 >"$1/ctest.log" || { cat "$1/ctest.log" >&2; fail "ctest of $1"; }
  grep -q "100% tests passed" "$1/ctest.log" || { cat "$1/ctest.log" >&2; fail "ctest of $1 ran no tests"; }
}
json_value() {  # $1 = file, $2 = python expression over the parsed JSON `d`
  /usr/bin/python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

begin "the moved claims plugin carries no path of the build machine and still finds claims"
(cd "$tmp" && "$docpipe" plugins info claims >"$tmp/claims-info.txt") || fail "plugins info claims"
grep -q "lexicon_dir" "$tmp/claims-info.txt" || fail "plugins info claims lacks lexicon_dir:"$'\n'"$(cat "$tmp/claims-info.txt")"
for path in "$src" "$build" "$tmp/first prefix"; do
  if grep -F "$path" "$tmp/claims-info.txt"; then fail "plugins info claims shows the path $path"; fi
done
grep -q 'lexicon_dir (string, default "")' "$tmp/claims-info.txt" ||
  fail "lexicon_dir default is not empty:"$'\n'"$(grep lexicon_dir "$tmp/claims-info.txt")"
mkdir "$tmp/claims-run"
printf 'Sales rose 40%% in 2023, the company said.\n\nEveryone knows this always works.\n' >"$tmp/claims-run/doc.txt"
cat >"$tmp/claims-run/claims.toml" <<'TOML'
inputs = ["doc.txt"]
output = "out"
[[analyzers]]
plugin = "segment"
[[analyzers]]
plugin = "claims"
[[exporters]]
plugin = "json"
TOML
(cd "$tmp/claims-run" && "$docpipe" run claims.toml >"$tmp/claims-run/run.log" 2>&1) ||
  { cat "$tmp/claims-run/run.log" >&2; fail "docpipe run claims.toml from the moved prefix"; }
claims=$(json_value "$tmp/claims-run/out/docpipe.json" 'sum(f["stage"] == "claims" for x in d["documents"] for f in x["findings"])')
[[ "$claims" -ge 1 ]] || fail "the moved claims plugin found $claims claims, expected at least 1"

begin "docpipe new analyzer: scaffold, build against the prefix, test"
"$docpipe" new analyzer word-watch --dir "$tmp/word-watch" >/dev/null
build_out_of_tree "$tmp/word-watch"
[[ -f "$tmp/word-watch/build/plugins/docpipe-word-watch.so" ]] || fail "no docpipe-word-watch.so"

begin "the scaffolded analyzer runs in its sample pipeline"
(cd "$tmp/word-watch" && "$docpipe" run word-watch.toml >"$tmp/word-watch/run.log" 2>&1) ||
  { cat "$tmp/word-watch/run.log" >&2; fail "docpipe run word-watch.toml"; }
# The sample says "very" and "really" once each.
count=$(json_value "$tmp/word-watch/out/docpipe.json" 'd["documents"][0]["metrics"]["word-watch"]["count"]')
[[ "$count" == 2 ]] || fail "word-watch count is '$count', expected 2"

begin "the example hedges plugin builds only through the installed package"
cp -r "$src/examples/plugins/hedges" "$tmp/hedges"
rm -rf "$tmp/hedges/build" "$tmp/hedges/out"
build_out_of_tree "$tmp/hedges"

begin "the hedges plugin runs in its sample pipeline"
(cd "$tmp/hedges" && "$docpipe" run hedges.toml >"$tmp/hedges/run.log" 2>&1) ||
  { cat "$tmp/hedges/run.log" >&2; fail "docpipe run hedges.toml"; }
out="$tmp/hedges/out/hedges.json"
memo=$(json_value "$out" '[x for x in d["documents"] if x["id"].endswith("pricing-memo.txt")][0]["metrics"]["hedges"]["hedges"]')
[[ "$memo" == 9 ]] || fail "pricing-memo.txt: $memo hedges, expected 9"
density=$(json_value "$out" 'sum(f["category"] == "hedge-density" for x in d["documents"] for f in x["findings"])')
[[ "$density" == 1 ]] || fail "$density hedge-density findings, expected 1 (the memo only)"

begin "an installed plugin is found from the prefix without --plugin-path"
cmake --install "$tmp/hedges/build" --prefix "$prefix" >/dev/null
[[ -f "$prefix/lib/docpipe/plugins/docpipe-hedges.so" ]] || fail "hedges not installed into the plugin directory"
(cd "$tmp" && "$docpipe" plugins info hedges >"$tmp/info.txt") || fail "plugins info hedges after install"
grep -q "max_per_1000_words" "$tmp/info.txt" || fail "plugins info hedges lacks its options"

begin "a plugin built against another SDK API version is refused, not loaded"
mkdir "$tmp/bad"
cat >"$tmp/bad/other_api.cpp" <<'CPP'
// Pretends to come from an SDK whose API version is DOCPIPE_TEST_API.
#include "docpipe/plugin.hpp"
#undef DOCPIPE_SDK_API_VERSION
#define DOCPIPE_SDK_API_VERSION DOCPIPE_TEST_API
namespace {
void register_components(docpipe::Registrar&) {}
}  // namespace
DOCPIPE_PLUGIN("other-api", register_components)
CPP
c++ -std=c++20 -O1 -shared -fPIC -fvisibility=hidden -DDOCPIPE_TEST_API=1 -I"$prefix/include" \
  "$tmp/bad/other_api.cpp" -o "$tmp/bad/docpipe-other-api.so"
set +e
listing=$(cd "$tmp" && "$docpipe" --plugin-path "$tmp/bad" plugins --all 2>&1)
rc=$?
set -e
[[ $rc == 0 ]] || fail "plugins --all exited $rc with a refused plugin on the path:"$'\n'"$listing"
version=$("$docpipe" --version | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -1)
expected="built against SDK API version 1 (SDK $version), but this docpipe $version speaks SDK API version 2 (SDK $version); rebuild the plugin against this docpipe's SDK"
grep -qF "docpipe-other-api.so" <<<"$listing" || fail "the refused plugin is not named:"$'\n'"$listing"
grep -qF "$expected" <<<"$listing" || fail "refusal message missing; expected: $expected"$'\n'"got:"$'\n'"$listing"
grep -Eq "^stats[[:space:]]" <<<"$listing" || fail "the other plugins were not listed after the refusal"

echo "install_test: all steps passed in ${SECONDS}s"
