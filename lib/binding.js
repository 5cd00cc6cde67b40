'use strict';
// Loads the native engine. Looks, in this order, for:
//   1. HARO_RS_NATIVE_PATH, if set (an explicit path to a .node file);
//   2. a local build next to package.json (`haro-rs.<platform>.node`, written by `npm run build`);
//      a published tarball never contains one, so installed copies go straight to 3;
//   3. the per-platform package `haro-rs-<platform>` (an optionalDependency of haro-rs).
// Throws an Error naming the platform, the package, and how to build from source.
const {join} = require('node:path');
const {existsSync, readFileSync} = require('node:fs');

const ROOT = join(__dirname, '..');
const SUPPORTED = [
	'linux-x64-gnu', 'linux-x64-musl', 'linux-arm64-gnu', 'linux-arm64-musl',
	'darwin-x64', 'darwin-arm64', 'win32-x64-msvc'
];

function isMusl () {
	// 1. The ldd script names its libc (cheap, no subprocess).
	try {
		return readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
	} catch {
		// no ldd (e.g. a minimal Alpine image): fall through
	}
	// 2. Node's own diagnostic report knows which glibc it runs on, if any.
	if (typeof process.report?.getReport === 'function') {
		const excludeNetwork = process.report.excludeNetwork;
		try {
			process.report.excludeNetwork = true; // no slow DNS look-ups while building the report
			let report = process.report.getReport();
			if (typeof report === 'string') report = JSON.parse(report);
			// a glibc build of Node always reports the glibc it runs on; a musl build never does
			return !report.header?.glibcVersionRuntime;
		} catch {
			// fall through
		} finally {
			process.report.excludeNetwork = excludeNetwork;
		}
	}
	// 3. Ask ldd.
	try {
		return require('node:child_process').execSync('ldd --version 2>&1', {encoding: 'utf8'}).includes('musl');
	} catch (e) {
		return String(e.stdout ?? '').includes('musl');
	}
}

function platformTag () {
	const {platform, arch} = process;
	if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
	if (platform === 'win32') return `win32-${arch}-msvc`;
	return `${platform}-${arch}`;
}

function ownVersion () {
	try {
		return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
	} catch {
		return undefined;
	}
}

function brief (e) {
	return String(e?.message ?? e).split('\nRequire stack:')[0];
}

function load () {
	const tag = platformTag();
	const pkg = `haro-rs-${tag}`;
	const local = join(ROOT, `haro-rs.${tag}.node`);
	const errors = [];

	const explicit = process.env.HARO_RS_NATIVE_PATH;
	if (explicit) {
		try {
			return require(explicit);
		} catch (e) {
			errors.push(`HARO_RS_NATIVE_PATH=${explicit}: ${brief(e)}`);
		}
	}

	if (existsSync(local)) {
		try {
			return require(local);
		} catch (e) {
			errors.push(`${local}: ${brief(e)}`);
		}
	} else {
		errors.push(`${local}: not found`);
	}

	try {
		const binding = require(pkg);
		const want = ownVersion();
		let have;
		try {
			have = require(`${pkg}/package.json`).version;
		} catch {
			// a package without a readable package.json: accept the binary as it is
		}
		if (want && have && want !== have) {
			throw new Error(`version ${have} does not match haro-rs ${want}; reinstall haro-rs so that npm installs ${pkg}@${want}`);
		}
		return binding;
	} catch (e) {
		errors.push(`${pkg}: ${e.code === 'MODULE_NOT_FOUND' && !e.message.includes('.node') ? 'not installed' : brief(e)}`);
	}

	const support = SUPPORTED.includes(tag) ?
		`Reinstall haro-rs (npm installs ${pkg} as an optional dependency; make sure optional dependencies are not omitted, e.g. no --omit=optional / --no-optional), ` +
			'or build from source with a Rust toolchain: `npm run build` in a checkout of haro-rs.' :
		`No prebuilt binary is published for ${tag} (prebuilt: ${SUPPORTED.join(', ')}). ` +
			'Build from source with a Rust toolchain: `npm run build` in a checkout of haro-rs, then set HARO_RS_NATIVE_PATH to the built .node file.';
	const err = new Error(`haro-rs: cannot load the native engine for ${tag} (package ${pkg}).\n${support}\n` +
		`Tried:\n  ${errors.join('\n  ')}`);
	err.code = 'HARO_RS_NATIVE_NOT_FOUND';
	throw err;
}

module.exports = load();
