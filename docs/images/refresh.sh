#!/usr/bin/env bash
# Make the report pictures in docs/images/ again from plans/2017.yaml (and the
# delårsrapport of plans/2016-delar.yaml), as a reader sees
# them: the HTML page in headless Chromium at 1200 and 420 px, the Word report as
# LibreOffice prints it and the PDF report, both as page images by pdftoppm.
# Needs: malstyrning with the report extra, chromium, libreoffice, pdftoppm, pdftotext.
# Run from the repository root: bash docs/images/refresh.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/images
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

malstyrning report plans/2017.yaml -o "$work/r.html"
malstyrning report plans/2017.yaml -o "$work/r.docx"
malstyrning report plans/2017.yaml -o "$work/r.pdf"
# The delårsrapport of the example plan (its default: the delår, 2016-T2).
malstyrning report plans/2016-delar.yaml -o "$work/d.html"
# The last report back (återrapportering) of the action plan.
malstyrning report plans/2020-handlingsplan.yaml --återrapportering 2022-03 -o "$work/b.html"

shot() {  # shot WIDTH HEIGHT FILE [PAGE]
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-background-networking --disable-component-update \
    --user-data-dir="$work/chromium" --window-size="$1,$2" --screenshot="$3" \
    "file://$work/${4:-r.html}" 2>/dev/null
}
shot 1200 3000 "$out/report-2017.png"
shot 420 1800 "$out/report-2017-phone.png"
shot 1200 2600 "$out/report-2016-delar.png" d.html
shot 1200 2500 "$out/report-2022-aterrapportering.png" b.html
# The first focus area at phone width: the page in a frame 420 px wide, scrolled to it
# (a screenshot shows the top of a page; a frame goes to the #fragment of its address).
cat >"$work/area.html" <<EOF
<!doctype html><body style="margin:0"><iframe src="r.html#area-naringsliv"
style="border:0;width:420px;height:2400px;display:block"></iframe></body>
EOF
shot 420 2400 "$out/report-2017-phone-area.png" area.html

libreoffice --headless -env:UserInstallation="file://$work/lo" \
  --convert-to pdf --outdir "$work/word" "$work/r.docx" >/dev/null 2>&1

page_with() {  # page_with PDF TEXT: the first page after the first (the contents) that holds TEXT
  local pages
  pages=$(pdfinfo "$1" | awk '/^Pages:/ {print $2}')
  for ((p = 2; p <= pages; p++)); do
    if pdftotext -f "$p" -l "$p" "$1" - | grep -qF "$2"; then echo "$p"; return; fi
  done
  echo "no page of $1 holds: $2" >&2
  exit 1
}
page() {  # page PDF NUMBER DPI FILE
  pdftoppm -png -r "$3" -f "$2" -l "$2" -singlefile "$1" "${4%.png}"
}

word="$work/word/r.pdf"
page "$word" 1 90 "$out/report-2017-docx-1.png"
page "$word" "$(page_with "$word" "Arbetscentrum - Antal som fick sommarjobb")" 90 "$out/report-2017-docx-2.png"
page "$word" "$(page_with "$word" "Driftsredovisning per verksamhet")" 90 "$out/report-2017-docx-3.png"
page "$word" "$(page_with "$word" "Risk- och kontrollplan")" 90 "$out/report-2017-docx-4.png"

pdf="$work/r.pdf"
page "$pdf" 1 80 "$out/report-2017-pdf-1.png"
page "$pdf" "$(page_with "$pdf" "Arbetscentrum - Antal som fick sommarjobb")" 80 "$out/report-2017-pdf-2.png"
page "$pdf" "$(page_with "$pdf" "Kvalitetsgarantier")" 80 "$out/report-2017-pdf-3.png"
ls -l "$out"/*.png
