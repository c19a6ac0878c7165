#!/usr/bin/env bash
# The house style is mechanical: every C++ source and header of the project is left unchanged
# by clang-format with the repository's .clang-format (STYLE.md rule 12). Run by ctest as
# `format.clang_format`; fix a failure with the command it prints.
#
#   check_format.sh CLANG_FORMAT SOURCE_DIR
set -euo pipefail

clang_format=$1
src=$2
cd "$src"

# Fixtures, fuzz corpora and crash reproducers are data, not code.
mapfile -t files < <(find app bench core server tests ui widgets \
    \( -path tests/fixtures -o -name corpus -o -name crashers \) -prune -o \
    \( -name '*.cpp' -o -name '*.h' \) -print | sort)

if [ ${#files[@]} -lt 100 ]; then
    echo "check_format: found only ${#files[@]} sources under $src; wrong directory?" >&2
    exit 1
fi

bad=()
for f in "${files[@]}"; do
    if ! "$clang_format" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
        bad+=("$f")
    fi
done

if [ ${#bad[@]} -gt 0 ]; then
    echo "check_format: ${#bad[@]} of ${#files[@]} files differ from .clang-format:" >&2
    printf '  %s\n' "${bad[@]}" >&2
    echo "fix with: (cd $src && $clang_format --style=file -i ${bad[*]})" >&2
    exit 1
fi
echo "check_format: ${#files[@]} files follow .clang-format"
