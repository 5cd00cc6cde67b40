// sortKeys compares lowercase ASCII words without ICU while the default locale orders them by
// code point (lib/collation.js): the locales it trusts, and the same answers as localeCompare
// under locales it must and must not trust, each in a fresh process (ICU reads the locale at
// its first use, and the fast path ends at the first comparison it cannot make).
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const require = createRequire(import.meta.url);
const {plainLocale} = require('../lib/collation.js');
const root = fileURLToPath(new URL('..', import.meta.url));

describe('collation: which default locales order [a-z0-9] by code point', () => {
	it('C, POSIX, English, unset or empty: trusted', () => {
		for (const env of [{}, {LANG: 'C'}, {LANG: 'C.UTF-8'}, {LC_ALL: 'POSIX'}, {LANG: 'en_US.UTF-8'}, {LANG: 'en_GB.utf8', LC_ALL: ''}, {LC_MESSAGES: 'en', LANG: 'C.UTF-8'}]) {
			assert.equal(plainLocale(env, 'linux'), true, JSON.stringify(env));
		}
	});
	it('any other locale in any of the variables, or Windows: not trusted', () => {
		for (const env of [{LANG: 'lt_LT.UTF-8'}, {LANG: 'C.UTF-8', LC_MESSAGES: 'lt_LT.UTF-8'}, {LC_ALL: 'da_DK'}, {LANG: 'en_US.UTF-8', LC_COLLATE: 'sk_SK.UTF-8'}, {LC_CTYPE: 'de_DE.UTF-8'}, {LANG: 'en_US@collation=phonebook'}, {LANGUAGE: 'x', LANG: 'en_US:en'}]) {
			assert.equal(plainLocale(env, 'linux'), false, JSON.stringify(env));
		}
		// (what C maps to, but not a name the check needs: not trusted, the slow path is exact)
		assert.equal(plainLocale({LANG: 'en_US_POSIX'}, 'linux'), false);
		assert.equal(plainLocale({}, 'win32'), false);
		assert.equal(plainLocale({}, 'linux', false), false, 'a worker: its process.env is not what ICU read');
	});
});

// A child: the signs of sortKeys over word pairs made first (no ICU loaded yet), then of
// localeCompare, and the order of a composite index's fields as haro@16 and haro-rs name them.
// \`calls\`: how many localeCompare calls sortKeys made (none where the fast path serves).
const CHILD = `
let calls = 0;
const localeCompare = String.prototype.localeCompare;
String.prototype.localeCompare = function (...args) {
	calls++;
	return localeCompare.apply(this, args);
};
const {Haro} = require('./index.js');
const {haro} = require('haro');
let s = 7;
const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
const word = () => { let n = Math.floor(r() * 5); let x = ''; while (n-- > 0) x += chars[Math.floor(r() * chars.length)]; return x; };
const pairs = Array.from({length: 20000}, () => [word(), word()]).concat([['y', 'j'], ['aa', 'z'], ['ch', 'h'], ['v', 'w'], ['', 'a']]);
const store = new Haro({index: ['y|j', 'aa|z']});
store.set(null, {id: 'k', y: 1, j: 2, aa: 3, z: 4});
const mine = pairs.map(([a, b]) => Math.sign(store.sortKeys(a, b)));
const keys = [...store.indexes.keys()].map(n => [n, [...store.indexes.get(n).keys()]]);
const mineCalls = calls;
const theirs = pairs.map(([a, b]) => Math.sign(a.localeCompare(b)));
const h = haro(null, {index: ['y|j', 'aa|z']});
h.set(null, {id: 'k', y: 1, j: 2, aa: 3, z: 4});
const haroKeys = [...h.indexes.keys()].map(n => [n, [...h.indexes.get(n).keys()]]);
const out = JSON.stringify({mine, theirs, keys, haroKeys, calls: mineCalls, locale: new Intl.Collator().resolvedOptions().locale});
const {isMainThread, parentPort} = require('node:worker_threads');
if (isMainThread) process.stdout.write(out);
else parentPort.postMessage(out);
`;

describe('collation: sortKeys agrees with localeCompare under the default locale', () => {
	const base = {...process.env};
	for (const name of ['LC_ALL', 'LC_MESSAGES', 'LC_CTYPE', 'LC_COLLATE', 'LANG']) delete base[name];
	delete base.NODE_OPTIONS;
	const fast = process.platform !== 'win32';
	for (const [env, plain] of [[{}, fast], [{LANG: 'C.UTF-8'}, fast], [{LANG: 'en_US.UTF-8'}, fast], [{LANG: 'lt_LT.UTF-8'}, false], [{LC_ALL: 'da_DK.UTF-8'}, false], [{LANG: 'C.UTF-8', LC_MESSAGES: 'lt_LT.UTF-8'}, false]]) {
		it(JSON.stringify(env), () => {
			const out = JSON.parse(execFileSync(process.execPath, ['-e', CHILD], {cwd: root, env: {...base, ...env, HARO_RS_WARMUP: '0'}, encoding: 'utf8'}));
			assert.deepEqual(out.mine, out.theirs, `locale ${out.locale}`);
			assert.deepEqual(out.keys, out.haroKeys, `locale ${out.locale}`);
			// the fast path serves every comparison of words, or none
			if (plain) assert.equal(out.calls, 0);
			else assert.ok(out.calls > 0);
		});
	}
	it('a worker with an environment of its own follows the process\'s locale, not its process.env', () => {
		const main = `
			const {Worker} = require('node:worker_threads');
			const w = new Worker(${JSON.stringify(CHILD)}, {eval: true, env: {}});
			w.on('message', m => process.stdout.write(m));
		`;
		const out = JSON.parse(execFileSync(process.execPath, ['-e', main], {cwd: root, env: {...base, LANG: 'lt_LT.UTF-8', HARO_RS_WARMUP: '0'}, encoding: 'utf8'}));
		assert.deepEqual(out.mine, out.theirs, `locale ${out.locale}`);
		assert.deepEqual(out.keys, out.haroKeys, `locale ${out.locale}`);
	});
	it('the locales that order these words apart are in the list (else the test above proves little)', () => {
		const signs = env => JSON.parse(execFileSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(["y".localeCompare("j"), "aa".localeCompare("z")]))'], {env: {...base, ...env}, encoding: 'utf8'}));
		const icu = process.versions.icu !== undefined && new Intl.Collator('lt').resolvedOptions().locale === 'lt';
		// A Node without full ICU orders every locale alike; Windows takes its locale from the system.
		if (!icu || process.platform === 'win32') return;
		assert.deepEqual(signs({LANG: 'lt_LT.UTF-8'}), [-1, -1]);
		assert.deepEqual(signs({LC_ALL: 'da_DK.UTF-8'}), [1, 1]);
		assert.deepEqual(signs({LANG: 'C.UTF-8'}), [1, -1]);
	});
});
