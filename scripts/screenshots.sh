#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png): they are taken by the story
# test (tests/it/story/), on the demo data, in headless Chromium — desktop pages at 1280×900,
# the volunteer's pages at phone size (390×844). Needs scripts/install-test-tools.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
mkdir -p "$out"
rm -f "$out"/*.png
# CI=true: a missing tool (Chromium, chromedriver, axe-core, aiosmtpd) is an error, not a skip.
CI=true BINOME_SCREENSHOTS="$out" cargo test --test it \
  story::an_isolated_person_and_a_volunteer_from_sign_up_to_the_end_of_their_binome::sqlite -- --exact
count=$(find "$out" -name '*.png' | wc -l)
if [ "$count" -eq 0 ]; then
  echo "no screenshot was taken" >&2
  exit 1
fi
echo "$count screenshots in $out"
