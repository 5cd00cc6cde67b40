'use strict';
// Loads the native engine. The search itself is ../native.js, the loader napi-rs generates
// (`napi build --platform --js native.js`, committed): it names every platform package in a
// literal require('haro-rs-<platform>'), so bundlers and file tracers (esbuild, webpack,
// @vercel/nft, Next.js output tracing) can see the binary, and it honours napi-rs's
// NAPI_RS_NATIVE_LIBRARY_PATH and NAPI_RS_FORCE_WASI. It tries a local build next to
// package.json (`haro-rs.<platform>.node`, from `npm run build`) before the package.
// This wrapper adds what haro-rs promises on top:
//   1. HARO_RS_NATIVE_PATH, if set: an explicit path to a .node file, tried first;
//   2. a version check: a platform package must be haro-rs's own version;
//   3. one clear error, code HARO_RS_NATIVE_NOT_FOUND, naming the platform, the package,
//      every path tried and the likely fix (addons disabled, a NAPI_RS_NATIVE_LIBRARY_PATH
//      that failed, a lockfile from another platform, no prebuilt binary), with the generated
//      loader's error as `cause`;
//   4. process.report.excludeNetwork as it was (the generated loader's musl check sets it).
const {basename, dirname, join, resolve, sep} = require('node:path');
const {readFileSync} = require('node:fs');
const {platformTag, packageName, supportedTags} = require('./platform.js');

const ROOT = join(__dirname, '..');

function brief (e) {
	return String(e?.message ?? e).split('\nRequire stack:')[0].replace(/'\.\/(haro-rs\.[^']+\.node)'/, (_, f) => `'${join(ROOT, f)}'`);
}

// The generated loader chains its errors through `cause`, the last attempt outermost.
function attempts (e) {
	const out = [];
	for (let c = e?.cause; c && out.length < 64; c = c.cause) out.unshift(brief(c));

	return out;
}

function ownVersion () {
	try {
		return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
	} catch {
		return undefined;
	}
}

// A binary from a platform package (node_modules/haro-rs-<platform>/…) must match haro-rs's
// version: the engine and this facade change together.
const VERSION = 'HARO_RS_NATIVE_VERSION';

function checkVersion (binding) {
	const file = Object.keys(require.cache).find(f => f.endsWith('.node') && require.cache[f].exports === binding);
	if (file === undefined || !file.includes(`${sep}node_modules${sep}haro-rs-`)) return;
	const dir = dirname(file);
	let have;
	try {
		have = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
	} catch {
		return; // a package without a readable package.json: accept the binary as it is
	}
	const want = ownVersion();
	if (want && have !== want) {
		const e = new Error(`${basename(dir)} is version ${have} but haro-rs is ${want}; reinstall haro-rs so that npm installs ${basename(dir)}@${want}`);
		e.code = VERSION;
		throw e;
	}
}

// Whether loading failed because Node refuses every addon (its error may be anywhere in the chain).
function disabled (e) {
	for (let c = e, n = 0; c && n < 64; c = c.cause, n++) {
		if (c.code === 'ERR_DLOPEN_DISABLED' || /loading addons is disabled/.test(String(c.message))) return true;
	}

	return false;
}

// The file HARO_RS_NATIVE_PATH named, when it is what loaded.
let explicitLoaded = null;

function load () {
	const tried = [];
	// (a relative path is the working directory's, as a shell user means it)
	const explicit = process.env.HARO_RS_NATIVE_PATH ? resolve(process.env.HARO_RS_NATIVE_PATH) : null;
	if (explicit !== null) {
		try {
			const b = require(explicit);
			explicitLoaded = explicit;

			return b;
		} catch (e) {
			tried.push(`HARO_RS_NATIVE_PATH=${explicit}: ${brief(e)}`);
			// The packaged engine is tried next; say why the one named was not used.
			process.emitWarning(`haro-rs: HARO_RS_NATIVE_PATH=${explicit} did not load (${brief(e)}); trying the packaged engine`, {code: 'HARO_RS_NATIVE_PATH'});
		}
	}
	let cause;
	// (the generated loader's musl check sets this process-wide setting and leaves it set)
	const excludeNetwork = process.report?.excludeNetwork;
	try {
		const binding = require('../native.js');
		checkVersion(binding);

		return binding;
	} catch (e) {
		cause = e;
		const chain = attempts(e);
		tried.push(...(chain.length ? chain : [brief(e)]));
	} finally {
		if (excludeNetwork !== undefined) process.report.excludeNetwork = excludeNetwork;
	}

	const tag = platformTag();
	const pkg = packageName(tag);
	const supported = supportedTags();
	const napiPath = process.env.NAPI_RS_NATIVE_LIBRARY_PATH;
	const fix = cause?.code === VERSION ? `${cause.message}.` :
		disabled(cause) ?
		'Node runs with native addons disabled (--no-addons, or --permission / --experimental-permission without --allow-addons), ' +
			'and haro-rs is a native addon: start Node without --no-addons, or with --allow-addons.' :
		napiPath ?
			`NAPI_RS_NATIVE_LIBRARY_PATH=${napiPath} was not used (below); unset it to load the packaged engine.` :
		supported.includes(tag) ?
		'The usual cause: the lockfile (package-lock.json) was made on another platform, and npm left out ' +
			`this platform's optional package ${pkg} (https://github.com/npm/cli/issues/4828). ` +
			'Delete node_modules and package-lock.json, then run `npm install` again.\n' +
			'Also make sure optional dependencies are not omitted (no --omit=optional / --no-optional), ' +
			'or build from source with a Rust toolchain: `npm run build` in a checkout of haro-rs, ' +
			'then set HARO_RS_NATIVE_PATH to the built .node file.' :
		`No prebuilt binary is published for ${tag} (prebuilt: ${supported.join(', ')}). ` +
			'Build from source with a Rust toolchain: `npm run build` in a checkout of haro-rs, then set HARO_RS_NATIVE_PATH to the built .node file.';
	const err = new Error(`haro-rs: cannot load the native engine for ${tag} (package ${pkg}).\n${fix}\n` +
		`Tried:\n  ${tried.join('\n  ')}`);
	err.code = 'HARO_RS_NATIVE_NOT_FOUND';
	err.cause = cause;
	throw err;
}

const binding = load();
// A binary built before `hot()` (one named by HARO_RS_NATIVE_PATH, or an old local build, skips
// the version check): say so here rather than fail on the first call.
if (typeof binding.hot !== 'function') {
	const named = explicitLoaded !== null ? ` (HARO_RS_NATIVE_PATH=${explicitLoaded})` :
		process.env.NAPI_RS_NATIVE_LIBRARY_PATH ? ` (NAPI_RS_NATIVE_LIBRARY_PATH=${process.env.NAPI_RS_NATIVE_LIBRARY_PATH})` : ' (the packaged engine)';
	const err = new Error(`haro-rs: the native addon loaded${named} is not haro-rs's engine, or is older than this package (it has no hot()); rebuild it (npm run build) or install the matching haro-rs version`);
	err.code = 'HARO_RS_NATIVE_MISMATCH';
	throw err;
}

module.exports = binding;
