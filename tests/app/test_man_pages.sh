#!/usr/bin/env bash
# test_man_pages PROGRAM...: each program's manual page (--man-page) lists exactly the options its
# --help prints, renders without a groff warning, and names every ORRERY_* variable --help names.
set -euo pipefail
export QT_QPA_PLATFORM=offscreen
status=0
for prog in "$@"; do
  name=$(basename "$prog")
  help=$("$prog" --help)
  page=$("$prog" --man-page)
  # In roff the option names are \-\-name; --help also mentions options inside descriptions,
  # so compare the option terms of both (first word of each entry).
  terms_help=$(grep -oE '^ +(-[a-zA-Z], )?--[a-z][a-z-]+' <<<"$help" | grep -oE -- '--[a-z][a-z-]+' | sort -u)
  terms_page=$(grep -A1 '^\.TP$' <<<"$page" | grep '^\\fB\\-' | grep -oE '\\-\\-[a-z]([a-z]|\\-)+' | sed 's/\\-/-/g' | sort -u)
  if [ "$terms_help" != "$terms_page" ]; then
    echo "FAIL $name: --help and the manual page list different options:"
    diff <(echo "$terms_help") <(echo "$terms_page") || true
    status=1
  fi
  environment=$(sed -n '/^\.SH ENVIRONMENT/,/^\.SH [^E]/p' <<<"$page")
  for var in $(grep -oE 'ORRERY_[A-Z_]+' <<<"$help" | sort -u); do
    grep -qF "\\fB$var\\fR" <<<"$environment" || { echo "FAIL $name: $var is not in ENVIRONMENT"; status=1; }
  done
  if command -v man >/dev/null; then
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z <(echo "$page") 2>&1 >/dev/null || true)
    [ -z "$warnings" ] || { echo "FAIL $name: groff warnings:"; echo "$warnings"; status=1; }
  fi
  [ "$status" = 0 ] && echo "ok $name: $(wc -l <<<"$terms_page") options, same as --help"
done
exit $status
