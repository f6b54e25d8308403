#!/usr/bin/env bash
# Fails when the committed generated files differ from what `npm run codegen` just wrote, or when
# codegen wrote a file that git does not track. Run after `npm run codegen`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

dir=scripts/sdk/generated
stale() {
  printf 'generated files are stale: run npm run codegen and commit (%s)\n' "$1" >&2
  exit 1
}

git rev-parse --is-inside-work-tree >/dev/null 2>&1 || stale "not a git checkout, cannot compare"
untracked=$(git ls-files --others --exclude-standard -- "$dir")
[[ -z "$untracked" ]] || stale "untracked: $(printf '%s' "$untracked" | paste -sd' ' -)"
git --no-pager diff --exit-code --stat -- "$dir" || stale "differs from git, see above: git diff -- $dir"
echo "generated files are fresh ($dir)"
