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

# One clang-format process for all files (one per file took minutes on a loaded 2-core machine);
# each file that differs is named in its "error: code should be clang-formatted" lines.
report=$("$clang_format" --style=file --dry-run --Werror "${files[@]}" 2>&1 >/dev/null) && status=0 || status=$?
mapfile -t bad < <(printf '%s\n' "$report" | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: .*clang-format.*/\1/p' | sort -u)
if [ "$status" -ne 0 ] && [ ${#bad[@]} -eq 0 ]; then
    echo "check_format: $clang_format failed (exit $status):" >&2
    printf '%s\n' "$report" | head -20 >&2
    exit 1
fi

if [ ${#bad[@]} -gt 0 ]; then
    echo "check_format: ${#bad[@]} of ${#files[@]} files differ from .clang-format:" >&2
    printf '  %s\n' "${bad[@]}" >&2
    echo "fix with: (cd $src && $clang_format --style=file -i ${bad[*]})" >&2
    exit 1
fi
echo "check_format: ${#files[@]} files follow .clang-format"
