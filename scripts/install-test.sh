#!/usr/bin/env bash
# Install test: packs haro-rs and the host's platform package (scripts/pack.mjs, which needs
# `npm run build` first), installs the tarballs into fresh scratch projects under a mktemp dir
# that holds nothing from this checkout but the tarballs and the check scripts, and there checks:
#   1. by name:  require('haro-rs') and import {Haro, haro} from 'haro-rs' work, and the native
#                binary comes from node_modules/haro-rs-<platform>;
#   2. alias:    "haro": "file:haro-rs-<v>.tgz", so unmodified `import {haro} from 'haro'` runs;
#   3. hooks:    a subclass with lifecycle hooks gets haro@16's hook calls;
#   4. types:    index.d.ts resolves and type-checks from both names (if typescript is present);
#   5. no binary: with optional dependencies omitted, require('haro-rs') throws the loader's
#                 clear error (code HARO_RS_NATIVE_NOT_FOUND) naming the package, the lockfile
#                 fix (npm/cli#4828) and the paths tried, with the generated loader's error as cause;
#   6. tracing:  @vercel/nft (a devDependency of the checkout) traces require('haro-rs') and
#                import 'haro-rs' to the platform package's .node file (the literal requires of
#                the generated loader, native.js), from both names;
# every project also checks store.stats() (scripts/install-test/common.mjs);
# and prints the installed size. Exits non-zero on any failure. KEEP_TMP=1 keeps the scratch dir.
#
# Why the installs do not fail although haro-rs-<platform>@<version> is not on the registry:
# haro-rs lists its platform packages as optionalDependencies, and npm tolerates an optional
# dependency it cannot fetch (404 online, ENOTCACHED offline): it skips it and installs the
# rest. So we hand npm the platform tarball ourselves, in one of two ways, both exercised:
#   - project "byname": `npm install haro-rs-<v>.tgz haro-rs-<platform>-<v>.tgz` in one command;
#     the platform package lands at the top of node_modules and already satisfies haro-rs's
#     optionalDependency (same name, same version), so npm does not look for it elsewhere;
#   - project "alias": package.json has only "haro": "file:haro-rs-<v>.tgz", plus
#     "overrides": {"haro-rs-<platform>": "file:haro-rs-<platform>-<v>.tgz"}, so npm resolves
#     haro-rs's own optionalDependency to the tarball: the tree is exactly what a registry
#     install gives (`npm ls` shows it under haro@npm:haro-rs).
# The other platforms' optional dependencies are skipped (wrong os/cpu/libc, and not fetchable).
# Every install runs with --offline and an empty private cache: no registry is contacted.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/haro-rs-install-test.XXXXXX")"
cleanup () {
	if [[ "${KEEP_TMP:-}" == 1 ]]; then echo "[install-test] kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
step () { echo; echo "[install-test] == $*"; }
PASSED=0
die () { echo "[install-test] FAIL: $*" >&2; echo "install-test: $PASSED passed, 1 failed"; exit 1; }
pass () { PASSED=$((PASSED + 1)); [[ -z "${1:-}" ]] || echo "ok - $1"; }
check () { # run a check in a project dir: check DIR CMD...
	local dir="$1"; shift
	(cd "$dir" && "$@") || die "in $dir: $*"
	pass
}

# Nothing from the environment may point back into the checkout.
unset HARO_RS_NATIVE_PATH NODE_PATH NODE_OPTIONS
case "$WORK" in "$ROOT"/*) die "scratch dir $WORK is inside the checkout $ROOT";; esac

NPM_FLAGS=(--offline --cache "$WORK/npm-cache" --no-audit --no-fund --no-update-notifier --loglevel=warn)

step "pack"
mkdir -p "$WORK/tarballs"
node "$ROOT/scripts/pack.mjs" --out "$WORK/tarballs" > "$WORK/packed.txt"
MAIN_TGZ="$(awk '$1 == "haro-rs" {print $2}' "$WORK/packed.txt")"
TAG="$(node "$ROOT/lib/platform.js")" # the platform detection lib/binding.js uses
PLATFORM_PKG="haro-rs-$TAG"
PLATFORM_TGZ="$(awk -v p="$PLATFORM_PKG" '$1 == p {print $2}' "$WORK/packed.txt")"
[[ -f "$MAIN_TGZ" ]] || die "no main tarball in $(cat "$WORK/packed.txt")"
[[ -f "$PLATFORM_TGZ" ]] || die "no $PLATFORM_PKG tarball in $(cat "$WORK/packed.txt")"
VERSION="$(tar -xzOf "$MAIN_TGZ" package/package.json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).version))')"
echo "haro-rs $VERSION, platform $TAG"
echo "main tarball:     $(tar -tzf "$MAIN_TGZ" | sed 's#^package/##' | sort | tr '\n' ' ')"
echo "platform tarball: $(tar -tzf "$PLATFORM_TGZ" | sed 's#^package/##' | sort | tr '\n' ' ')"
if tar -tzf "$MAIN_TGZ" | grep -E '\.node$|^package/(src|target|npm|__test__|scripts|bench)/' ; then
	die "the main tarball holds files users do not need (above)"
fi
pass "tarballs hold what users need and nothing else"

new_project () { # dir: a scratch project holding copies of the tarballs and the check scripts only
	mkdir -p "$1"
	cp "$MAIN_TGZ" "$PLATFORM_TGZ" "$1/"
	cp "$ROOT"/scripts/install-test/*.mjs "$ROOT"/scripts/install-test/*.cjs "$ROOT"/scripts/install-test/*.ts "$1/"
}
MAIN_BASE="$(basename "$MAIN_TGZ")"
PLATFORM_BASE="$(basename "$PLATFORM_TGZ")"

step "project byname: npm install $MAIN_BASE $PLATFORM_BASE"
P1="$WORK/byname"
new_project "$P1"
cat > "$P1/package.json" <<'EOF'
{"name": "scratch-byname", "version": "1.0.0", "private": true}
EOF
(cd "$P1" && npm install "${NPM_FLAGS[@]}" "./$MAIN_BASE" "./$PLATFORM_BASE") || die "npm install of the two tarballs failed"
pass "npm install of both tarballs (offline)"
check "$P1" node check-cjs.cjs haro-rs "$PLATFORM_PKG"
check "$P1" node check-esm.mjs haro-rs "$PLATFORM_PKG"
check "$P1" node check-hooks.mjs haro-rs
NFT="$ROOT/node_modules/@vercel/nft"
if [[ -d "$NFT" ]]; then
	check "$P1" node check-trace.cjs "$NFT" "$PLATFORM_PKG" haro-rs
else
	die "@vercel/nft is not installed in the checkout (a devDependency): npm ci first"
fi

step "project alias: \"haro\": \"file:$MAIN_BASE\" + overrides for $PLATFORM_PKG"
P2="$WORK/alias"
new_project "$P2"
cat > "$P2/package.json" <<EOF
{
  "name": "scratch-alias",
  "version": "1.0.0",
  "private": true,
  "type": "module",
  "dependencies": {"haro": "file:$MAIN_BASE"},
  "overrides": {"$PLATFORM_PKG": "file:$PLATFORM_BASE"}
}
EOF
(cd "$P2" && npm install "${NPM_FLAGS[@]}") || die "npm install of the alias project failed"
pass "npm install of the alias project (offline)"
(cd "$P2" && npm ls --all "${NPM_FLAGS[@]}" 2>/dev/null | grep -E "haro@npm:haro-rs|$PLATFORM_PKG@" || true)
(cd "$P2" && { npm ls --all --json "${NPM_FLAGS[@]}" 2>/dev/null || true; } | node -e '
	let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
		const [pkg, version] = process.argv.slice(1);
		const haro = JSON.parse(s).dependencies?.haro;
		const plat = haro?.dependencies?.[pkg];
		if (haro?.version !== version || plat?.version !== version) {
			console.error(`npm ls: expected haro@${version} (haro-rs) with ${pkg}@${version} as its dependency, got`, JSON.stringify(haro));
			process.exit(1);
		}
	});
' "$PLATFORM_PKG" "$VERSION") || die "the alias install's tree is not haro -> $PLATFORM_PKG"
pass "alias install: npm resolved haro (haro-rs)'s optional dependency $PLATFORM_PKG to the tarball"
[[ ! -e "$P2/node_modules/haro-rs" ]] || die "alias project has a node_modules/haro-rs: it should only have haro"
check "$P2" node check-alias.mjs "$PLATFORM_PKG"
check "$P2" node check-hooks.mjs haro
check "$P2" node check-trace.cjs "$NFT" "$PLATFORM_PKG" haro

TSC="$ROOT/node_modules/typescript/bin/tsc"
if [[ -f "$TSC" ]]; then
	step "types: index.d.ts from 'haro-rs' and from the alias 'haro' (tsc --strict, module node16)"
	# tsc is the checkout's; every type it reads comes from the scratch projects' node_modules.
	for P in "$P1" "$P2"; do
		if [[ "$P" == "$P1" ]]; then spec=haro-rs; else spec=haro; fi
		sed "s/from 'haro-rs'/from '$spec'/" "$P/types.ts" > "$P/types-check.mts"
		sed "s/from 'haro-rs'/from '$spec'/" "$P/types.ts" > "$P/types-check.cts"
		cat > "$P/tsconfig.json" <<'EOF'
{"compilerOptions": {"strict": true, "noEmit": true, "module": "node16", "moduleResolution": "node16",
 "target": "es2022", "types": [], "skipLibCheck": false}, "files": ["types-check.mts", "types-check.cts"]}
EOF
		(cd "$P" && node "$TSC" -p tsconfig.json) || die "tsc failed on the installed typings via '$spec'"
		pass "typings of the installed package type-check via '$spec' (ESM and CommonJS)"
	done
else
	echo "[install-test] typescript not installed in the checkout: skipping the typings check"
fi

step "project nobinary: npm install --omit=optional $MAIN_BASE (the loader's error)"
P3="$WORK/nobinary"
new_project "$P3"
cat > "$P3/package.json" <<'EOF'
{"name": "scratch-nobinary", "version": "1.0.0", "private": true}
EOF
(cd "$P3" && npm install "${NPM_FLAGS[@]}" --omit=optional "./$MAIN_BASE") || die "npm install --omit=optional failed"
(cd "$P3" && node -e '
	const pkg = process.argv[1];
	try {
		require("haro-rs");
	} catch (e) {
		if (e.code !== "HARO_RS_NATIVE_NOT_FOUND" || !e.message.includes(pkg) || !e.message.includes("npm run build")) throw e;
		// the most common cause (npm/cli#4828) and its fix are named; the generated loader error is the cause
		if (!e.message.includes("npm/cli/issues/4828") || !e.message.includes("Delete node_modules and package-lock.json")) throw e;
		if (!(e.cause instanceof Error) || !/Cannot find native binding/.test(e.cause.message)) throw e;
		if (!e.message.includes(`Cannot find module '"'"'${pkg}'"'"'`)) throw e;
		console.log("ok - without its platform package, require(\"haro-rs\") throws:\n  " + e.message.split("\n").join("\n  "));
		process.exit(0);
	}
	console.error("require(\"haro-rs\") loaded without its platform package");
	process.exit(1);
' "$PLATFORM_PKG") || die "the loader's error without a platform package is not the expected one"
pass

step "installed size"
size_of () { du -sb "$1" | cut -f1; }
MAIN_SIZE="$(size_of "$P1/node_modules/haro-rs")"
PLAT_SIZE="$(size_of "$P1/node_modules/$PLATFORM_PKG")"
printf '%-34s %10s bytes (%s KiB)\n' "node_modules/haro-rs" "$MAIN_SIZE" "$((MAIN_SIZE / 1024))"
printf '%-34s %10s bytes (%s KiB)\n' "node_modules/$PLATFORM_PKG" "$PLAT_SIZE" "$((PLAT_SIZE / 1024))"
printf '%-34s %10s bytes (%s KiB)\n' "installed total" "$((MAIN_SIZE + PLAT_SIZE))" "$(((MAIN_SIZE + PLAT_SIZE) / 1024))"
printf '%-34s %10s bytes\n' "download: $MAIN_BASE" "$(stat -c %s "$MAIN_TGZ")"
printf '%-34s %10s bytes\n' "download: $PLATFORM_BASE" "$(stat -c %s "$PLATFORM_TGZ")"

echo
echo "[install-test] all install checks passed"
echo "install-test: $PASSED passed, 0 failed"
