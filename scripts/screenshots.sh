#!/usr/bin/env bash
# Rewrites docs/screenshots/*.md from the CLI's real output (the test that keeps them current), then
# renders each at 880 px, the Checks tab's width, with GitHub's renderer and stylesheet.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_SCREENSHOTS=1 npm test -- __tests__/docs/screenshots.test.ts
for md in docs/screenshots/*.md; do
  ../shared/tools/look-markdown "$md" "${md%.md}.png" 880
done
