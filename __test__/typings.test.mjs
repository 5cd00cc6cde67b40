// Typings: index.d.ts covers haro@16's public API, correct usage compiles under
// `tsc --strict`, and wrong usage does not.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const typesDir = join(root, '__test__', 'types');
const require = createRequire(import.meta.url);
const tscPath = require.resolve('typescript/bin/tsc');

function tsc (project) {
	try {
		const out = execFileSync(process.execPath, [tscPath, '-p', project, '--pretty', 'false'], {cwd: root, encoding: 'utf8'});

		return {code: 0, out};
	} catch (e) {
		return {code: e.status, out: `${e.stdout ?? ''}${e.stderr ?? ''}`};
	}
}

test('index.d.ts types the CommonJS entry, index.d.mts (its named exports) the ESM one', () => {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	assert.equal(pkg.types, 'index.d.ts');
	assert.deepEqual(pkg.exports['.'], {import: {types: './index.d.mts', default: './index.mjs'}, require: {types: './index.d.ts', default: './index.js'}});
	assert.ok(pkg.files.includes('index.d.ts') && pkg.files.includes('index.d.mts'), 'both are published');
	assert.match(readFileSync(join(root, 'index.d.mts'), 'utf8'), /^export \* from '\.\/index\.js';$/m);
});

test('index.d.ts declares every public member of haro@16', () => {
	const ts = require('typescript');
	const file = ts.createSourceFile('index.d.ts', readFileSync(join(root, 'index.d.ts'), 'utf8'), ts.ScriptTarget.Latest, true);
	const cls = file.statements.find(s => ts.isClassDeclaration(s) && s.name?.text === 'Haro');
	assert.ok(cls, 'class Haro is declared');
	const params = node => (node.typeParameters ?? []).map(p => `${p.name.text} = ${p.default?.getText(file)}`);
	// the record type (default any, as haro@16 types every record), then the key field's name
	// (default 'id'), both defaulted: `Haro` and `Haro<User>` keep meaning what they meant; then
	// the key type they make, which no member reads the key field's name but through, so that
	// stores without a record type are one type whatever their key field (a `new Haro(config)`
	// is a `Haro`)
	assert.deepEqual(params(cls), ['T = any', 'K = \'id\'', 'KK = KeyOf<T, K>'], 'Haro is generic over the record type and the key field');
	const declared = new Set(cls.members.filter(m => m.name).map(m => m.name.getText(file)));
	const fn = file.statements.find(s => ts.isFunctionDeclaration(s) && s.name?.text === 'haro');
	assert.ok(fn, 'function haro is declared');
	assert.deepEqual(params(fn), ['T = any', 'K = \'id\''], 'haro is generic over the record type and the key field');

	const {Haro} = require('haro');
	const instance = new Haro();
	const expected = new Set([
		...Object.keys(instance),
		...Object.getOwnPropertyNames(Haro.prototype).filter(n => n !== 'constructor')
	]);
	const missing = [...expected].filter(n => !declared.has(n));
	assert.deepEqual(missing, [], `members of haro@16 missing from index.d.ts: ${missing.join(', ')}`);
	// Capabilities haro-rs adds under names haro@16 does not use (haro 17's, with 16's shapes,
	// and haro-rs's own: stats(), ranges, expiry, snapshots).
	const added = new Set(['isBatching', 'warnOnFullScan', 'setMany', 'deleteMany', 'getCacheStats', 'clearCache', 'getCacheSize', 'stats', 'onexpire', 'purgeExpired', 'range', 'save', 'saveAsync', 'load', 'loadAsync']);
	for (const n of added) assert.ok(!expected.has(n) && declared.has(n), `${n}: an addition, declared, not in haro@16`);
	const extra = [...declared].filter(n => !expected.has(n) && !added.has(n));
	assert.deepEqual(extra, [], `index.d.ts declares members haro@16 does not have: ${extra.join(', ')}`);

	// haro-rs's own class has the same public surface (when the native engine is built).
	let own;
	try {
		own = require(join(root, 'index.js'));
	} catch {
		// no native build here: the other suites report that
	}
	if (own) {
		const ownMembers = new Set([
			...Object.keys(new own.Haro()),
			...Object.getOwnPropertyNames(own.Haro.prototype).filter(n => n !== 'constructor' && !n.startsWith('_'))
		]);
		const undeclared = [...ownMembers].filter(n => !declared.has(n));
		assert.deepEqual(undeclared, [], `public members of haro-rs missing from index.d.ts: ${undeclared.join(', ')}`);
	}

	const config = file.statements.find(s => ts.isInterfaceDeclaration(s) && s.name.text === 'HaroConfig');
	const options = config.members.map(m => m.name.getText(file)).sort();
	assert.deepEqual(options, ['cache', 'cacheSize', 'delimiter', 'expireAt', 'id', 'immutable', 'index', 'key', 'now', 'recordCacheSize', 'ttl', 'versionLimit', 'versionTtl', 'versioning', 'warnOnFullScan']);
});

test('correct usage compiles with tsc --strict (lines marked @ts-expect-error must fail)', () => {
	const {code, out} = tsc(join(typesDir, 'tsconfig.json'));
	assert.equal(code, 0, `tsc failed on __test__/types/usage.ts:\n${out}`);
});

test('code typed against haro@16, without a record type, compiles against haro@16\'s typings and against haro-rs\'s', () => {
	for (const config of ['tsconfig.haro16.json', 'tsconfig.haro16-rs.json']) {
		const {code, out} = tsc(join(typesDir, config));
		assert.equal(code, 0, `tsc -p ${config} failed on __test__/types/haro16-usage.mts:\n${out}`);
	}
});

test('a project with neither lib.dom nor @types/node compiles against index.d.ts', () => {
	const {code, out} = tsc(join(typesDir, 'tsconfig.bare.json'));
	assert.equal(code, 0, `tsc -p tsconfig.bare.json failed on __test__/types/bare.mts:\n${out}`);
});

test('wrong usage fails to compile, on exactly the lines marked // ERROR', () => {
	const {code, out} = tsc(join(typesDir, 'tsconfig.wrong.json'));
	assert.notEqual(code, 0, 'tsc accepted __test__/types/wrong.ts');
	const source = readFileSync(join(typesDir, 'wrong.ts'), 'utf8').split('\n');
	const marked = source.flatMap((line, i) => /\S.*\/\/ ERROR\b/.test(line) && !/^\s*\/\//.test(line) ? [i + 1] : []);
	assert.ok(marked.length >= 15, 'wrong.ts marks its errors');
	const reported = [...new Set([...out.matchAll(/wrong\.ts\((\d+),\d+\): error TS\d+/g)].map(m => Number(m[1])))].sort((a, b) => a - b);
	assert.deepEqual(reported, marked, `errors reported on lines ${reported}, expected on ${marked}:\n${out}`);
});

// What the typings claim about run-time behaviour, checked against haro@16 and haro-rs alike.
test('typing claims hold at run time, in haro@16 and in haro-rs', async t => {
	const impls = {haro: await import('haro')};
	try {
		impls['haro-rs'] = require(join(root, 'index.js'));
	} catch {
		// no native build here: the other suites report that; haro alone still checks the claims
	}
	for (const [name, {haro}] of Object.entries(impls)) {
		await t.test(name, () => {
			// keys are the key field's values (KeyOf<T, K> = T[K]), for any key field
			const byUid = haro([{uid: 'a', id: 1}, {uid: 'b', id: 2}], {key: 'uid'});
			assert.deepEqual(byUid.registry, ['a', 'b']);
			assert.deepEqual(byUid.set(null, {uid: 'c', id: 3})[0], 'c');
			const byId = haro([{id: 1}, {id: 2}]);
			assert.deepEqual([...byId.keys()], [1, 2]);
			// a record without its key (or with a null one) gets a UUID: optional/nullable key fields add string
			assert.equal(typeof byId.set(null, {})[0], 'string');
			assert.equal(typeof byId.set(null, {id: null})[0], 'string');
			// sort() without a comparator is Array.prototype.sort's default order; null throws
			const s = haro([{id: 2, n: 'b'}, {id: 1, n: 'a'}]);
			assert.deepEqual(s.sort(), [{id: 2, n: 'b'}, {id: 1, n: 'a'}]);
			assert.throws(() => s.sort(null), TypeError);
			// sortBy() without a field always throws, so the typings require the field
			assert.throws(() => s.sortBy(), {message: 'Invalid field'});
		});
	}
});
