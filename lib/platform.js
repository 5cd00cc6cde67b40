'use strict';
// The host's platform tag (`linux-x64-gnu`, `win32-arm64-msvc`, …) and its package name, as
// the loader napi-rs generates (native.js) picks them. The one copy haro-rs's own code uses:
// the loader's error message (lib/binding.js), scripts/pack.mjs and scripts/install-test.sh.
// musl is detected as native.js detects it, in the same order (ldd script, then Node's
// report, then `ldd --version`), so the two cannot disagree; __test__/loader.test.mjs
// checks both against musl and glibc `ldd` stubs.
const {readFileSync} = require('node:fs');

const PREFIX = 'haro-rs-';

// Each source answers true/false, or null when it cannot tell. Injectable for the tests.
function isMusl ({ldd = '/usr/bin/ldd', report = defaultReport, exec = defaultExec} = {}) {
	let text = null;
	try {
		text = readFileSync(ldd, 'utf8');
	} catch {
		// no ldd script (a minimal image): ask the next source
	}
	if (text !== null) return text.includes('musl');
	const r = report();
	if (r) {
		if (r.header?.glibcVersionRuntime) return false;
		if (Array.isArray(r.sharedObjects) && r.sharedObjects.some(f => f.includes('libc.musl-') || f.includes('ld-musl-'))) return true;

		return false;
	}
	const out = exec();

	return out === null ? false : out.includes('musl');
}

function defaultReport () {
	if (typeof process.report?.getReport !== 'function') return null;
	const excludeNetwork = process.report.excludeNetwork;
	try {
		process.report.excludeNetwork = true; // no slow DNS look-ups while building the report
		const r = process.report.getReport();

		return typeof r === 'string' ? JSON.parse(r) : r;
	} catch {
		return null;
	} finally {
		process.report.excludeNetwork = excludeNetwork;
	}
}

function defaultExec () {
	try {
		return require('node:child_process').execSync('ldd --version 2>&1', {encoding: 'utf8'});
	} catch (e) {
		return String(e.stdout ?? '') || null;
	}
}

function platformTag ({platform = process.platform, arch = process.arch, musl} = {}) {
	if (platform === 'linux') return `linux-${arch}-${(musl ?? isMusl()) ? 'musl' : 'gnu'}`;
	if (platform === 'win32') return `win32-${arch}-msvc`;

	return `${platform}-${arch}`;
}

const packageName = tag => `${PREFIX}${tag}`;

// The tags a binary is published for: haro-rs's optional dependencies.
function supportedTags () {
	try {
		return Object.keys(require('../package.json').optionalDependencies ?? {})
			.filter(n => n.startsWith(PREFIX)).map(n => n.slice(PREFIX.length));
	} catch {
		return [];
	}
}

module.exports = {isMusl, platformTag, packageName, supportedTags};

if (require.main === module) console.log(platformTag()); // `node lib/platform.js` prints the tag
