// Reliability: inputs that try to break the store, hooks that throw half-way, and a Rust
// panic. Every refused input must leave the store exactly as it was: dump('records'),
// dump('indexes') and the versions deep-equal before and after, and every index equal to
// one rebuilt from the records (a fresh store, override(records) + reindex()).
//
// Tests named "BUG: …" failed when written and document a defect still open (see the
// report); the other regression tests here failed once too, until the defect was fixed.
//
//   node --test __test__/reliability.test.mjs
import './helpers/testing-addon.mjs'; // check() and panicForTest(): first, before the addon loads
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {inspect} from 'node:util';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {Haro, haro} from '../index.mjs';
import * as ref from 'haro';

const require = createRequire(import.meta.url);
const native = require('../lib/binding.js');

// Test-only access to the engine handle (a private field of Haro): every store made through
// seeded() records the handle native.create() just returned, for native.check().
let lastHandle = null;
const handles = new WeakMap();
const nativeCreate = native.create;
native.create = (...args) => (lastHandle = nativeCreate(...args));

// ---- helpers ------------------------------------------------------------------------------

const INDEX = ['name', 'tags', 'age|name', 'meta'];
const CONFIGS = {
	mutable: {index: INDEX, versioning: true},
	immutable: {index: INDEX, versioning: true, immutable: true},
	'no cache': {index: INDEX, versioning: true, recordCacheSize: 0}
};

function seeded (cfg = CONFIGS.mutable, H = Haro) {
	lastHandle = null;
	const s = new H(cfg);
	if (s instanceof Haro && lastHandle !== null) handles.set(s, lastHandle);
	s.batch([
		{id: 'a', name: 'ann', age: 30, tags: ['x', 'y'], meta: {deep: [1, {two: 2}]}},
		{id: 'b', name: 'bob', age: 30, tags: ['y'], when: new Date(0), nan: NaN, negz: -0, undef: undefined},
		{id: 1, name: 'one', age: 1, tags: []},
		{id: '1', name: 'string one', age: '1'}
	]);
	s.set('a', {tags: ['z'], age: 31}); // a merge: a version, moved index entries
	s.set('c', {name: 'cid', tags: ['x']});
	s.delete('c');

	return s;
}

const versionsOf = s => Array.from(s.versions, ([k, set]) => [k, Array.from(set)]);

function state (s) {
	return structuredClone({
		records: s.dump('records'),
		indexes: s.dump('indexes'),
		versions: versionsOf(s),
		registry: s.registry,
		size: s.size
	});
}

const keyRepr = k => `${typeof k}:${inspect(k, {depth: Infinity})}`;

/** Indexes as sorted [name, [[key, sorted record keys]…]], so that order does not matter. */
function normIndexes (dump) {
	return dump.map(([name, entries]) => [
		String(name),
		entries.map(([k, keys]) => [keyRepr(k), [...keys].map(keyRepr).sort()]).sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
	]).sort((a, b) => a[0] < b[0] ? -1 : 1);
}

/** Every index of `s` equals one rebuilt from its records (by the facade, and by the engine's own check). */
function assertRebuilds (s, cfg) {
	if (handles.has(s)) assert.equal(native.check(native.slot(handles.get(s))), null, 'engine invariant check');
	const fresh = new Haro({...cfg, index: [...s.index]});
	fresh.override(s.dump('records'), 'records');
	fresh.reindex();
	assert.deepStrictEqual(normIndexes(s.dump('indexes')), normIndexes(fresh.dump('indexes')), 'indexes differ from a rebuild');
}

/** The store still answers and writes after whatever happened. */
function assertUsable (s) {
	const probe = s.set('__probe__', {name: 'probe', tags: ['p']});
	assert.equal(probe[0], '__probe__');
	assert.equal(s.find({name: 'probe'}).length, 1);
	s.delete('__probe__');
	assert.equal(s.get('__probe__'), null);
}

/**
 * Runs `fn` against a seeded store in every config; it must throw `expected`, and the store
 * must be exactly as before.
 */
function refuses (fn, expected, configs = Object.keys(CONFIGS)) {
	for (const name of configs) {
		const cfg = CONFIGS[name];
		const s = seeded(cfg);
		const before = state(s);
		assert.throws(() => fn(s), expected, `${name}: should throw`);
		assert.deepStrictEqual(state(s), before, `${name}: the store changed`);
		assertRebuilds(s, cfg);
		assertUsable(s);
	}
}

/** A TypeError whose message matches `re`; a path written `at record…` may name the record by `root`. */
const typeError = re => (err, root = 'record') => {
	assert.ok(err instanceof TypeError, `expected a TypeError, got ${err && err.constructor.name}: ${err && err.message}`);
	if (re) assert.match(err.message, root === 'record' ? re : new RegExp(re.source.replace('at record', `at ${root.replace(/[[\]]/g, '\\$&')}`), re.flags));

	return true;
};

/** The record-taking entry points, each with one bad record in second place. */
const WRITERS = {
	'set(key, bad)': (s, bad) => s.set('k', bad),
	'set(null, bad) where bad has an id': (s, bad) => s.set(null, bad),
	'set over an existing key (merge)': (s, bad) => s.set('a', bad),
	'set over an existing key (override)': (s, bad) => s.set('a', bad, false, true),
	'batch([ok, bad, ok])': (s, bad) => s.batch([{id: 'ok1', name: 'n'}, bad, {id: 'ok2'}]),
	'override(records)': (s, bad) => s.override([['ok1', {id: 'ok1'}], ['k', bad]], 'records')
};

/**
 * `bad` refused by every writer, in every config, the store unchanged (a batch or override
 * is all or nothing). The path in the message names the record: `record` for `set`,
 * `records[1]` for the batch, `records[1][1]` for override.
 */
function refusedEverywhere (bad, expected) {
	for (const [how, write] of Object.entries(WRITERS)) {
		const root = how.startsWith('batch') ? 'records[1]' : how.startsWith('override') ? 'records[1][1]' : 'record';
		refuses(s => write(s, bad), typeof expected === 'function' ? err => expected(err, root) : expected);
	}
}

function deepObject (levels) {
	const root = {};
	let o = root;
	for (let i = 0; i < levels; i++) {
		o.c = {};
		o = o.c;
	}

	return root;
}

function deepArray (levels) {
	const root = [];
	let a = root;
	for (let i = 0; i < levels; i++) {
		const next = [];
		a.push(next);
		a = next;
	}

	return root;
}

// ---- 1. bad input --------------------------------------------------------------------------

it('test plumbing: seeded stores carry their engine handle, so native.check() runs', () => {
	const s = seeded();
	assert.ok(handles.has(s), 'lib/engine.js no longer creates stores through lib/binding.js create()');
	assert.equal(native.check(native.slot(handles.get(s))), null);
});

describe('bad input is refused and leaves the store exactly as it was', () => {
	describe('non-object records', () => {
		for (const [what, bad, re] of [
			['a string', 'abc', /record must be an object, not string/],
			['a number', 42, /record must be an object, not number/],
			['a boolean', true, /record must be an object, not boolean/],
			['null', null, /record must be an object, not null/],
			['an array', [{id: 'x'}], /record must be an object, not an array/]
		]) {
			it(`${what}: set, override and batch refuse it with a TypeError`, () => {
				refuses(s => s.set('k', bad), typeError(re));
				refuses(s => s.set('a', bad), typeError(re));
				refuses(s => s.override([['k', bad]], 'records'), typeError(re));
				refuses(s => s.batch([{id: 'ok1'}, bad, {id: 'ok2'}]), typeError(/batch\(\): records\[1\]: a record must be an object/));
			});
		}

		it('set(null, null): haro@16 crashes reading null.id, haro-rs throws a TypeError naming set()', () => {
			refuses(s => s.set(null, null), typeError(/^haro-rs: set\(\): a record must be an object, not null$/));
			assert.throws(() => new ref.Haro().set(null, null), typeError(/Cannot read properties of null/));
		});
	});

	describe('values that cannot be kept', () => {
		const cyclic = () => {
			const o = {id: 'k', name: 'loop'};
			o.self = o;

			return o;
		};
		const indirect = () => {
			const o = {id: 'k', list: [{}]};
			o.list[0].back = o;

			return o;
		};
		class User {
			constructor () {
				this.n = 1;
			}
		}
		const cases = [
			['a direct cycle', cyclic, /circular reference at record\.self/],
			['a cycle through an array', indirect, /circular reference at record\.list\[0\]\.back/],
			['a BigInt', () => ({id: 'k', n: 10n}), /cannot store a bigint at record\.n/],
			['a BigInt in an array', () => ({id: 'k', a: [1, 2n]}), /cannot store a bigint at record\.a\[1\]/],
			['a Symbol value', () => ({id: 'k', s: Symbol('s')}), /cannot store a symbol at record\.s/],
			['an enumerable symbol-keyed property', () => ({id: 'k', [Symbol('s')]: 1}), /symbol-keyed property/],
			['a function value', () => ({id: 'k', f () {}}), /cannot store a function at record\.f/],
			['a class (function) value', () => ({id: 'k', c: User}), /cannot store a function at record\.c/],
			['a Map', () => ({id: 'k', m: new Map([[1, 2]])}), /instance of Map at record\.m/],
			['a Set', () => ({id: 'k', m: new Set([1])}), /instance of Set at record\.m/],
			['a RegExp', () => ({id: 'k', m: /x/g}), /instance of RegExp at record\.m/],
			['a user class instance', () => ({id: 'k', m: new User()}), /instance of User at record\.m/],
			['a typed array', () => ({id: 'k', m: new Uint8Array(2)}), /instance of Uint8Array/],
			['a boxed number', () => ({id: 'k', m: new Number(1)}), /instance of Number/], // eslint-disable-line no-new-wrappers
			['an Error', () => ({id: 'k', m: new Error('e')}), /instance of Error/],
			['a Promise', () => ({id: 'k', m: Promise.resolve(1)}), /instance of Promise/],
			['an Array subclass', () => ({id: 'k', m: (class A extends Array {}).from([1])}), /instance of A/],
			['an object with a foreign prototype', () => ({id: 'k', m: Object.create({inherited: 1})}), /cannot store/]
		];
		for (const [what, make, re] of cases) {
			it(`${what}: TypeError naming the path, from set, merge, batch and override`, () => {
				refusedEverywhere(make(), typeError(re));
			});
		}

		it('a shared (non-cyclic) reference is not a cycle: stored as two copies', () => {
			const s = seeded();
			const shared = {v: 1};
			s.set('k', {p: shared, q: shared, r: [shared, shared]});
			const g = new Haro({recordCacheSize: 0});
			g.set('k', {p: shared, q: shared, r: [shared, shared]});
			assert.deepStrictEqual(g.get('k', true), {p: {v: 1}, q: {v: 1}, r: [{v: 1}, {v: 1}], id: 'k'});
		});

		it('a getter that throws: the error propagates, nothing is stored', () => {
			refusedEverywhere({id: 'k', get boom () {
				throw new RangeError('boom');
			}}, /boom/);
			refusedEverywhere({id: 'k', nested: {get boom () {
				throw new RangeError('nested boom');
			}}}, /nested boom/);
		});

		it('a Proxy whose ownKeys trap throws: the error propagates, nothing is stored', () => {
			refusedEverywhere({id: 'k', p: new Proxy({}, {ownKeys () {
				throw new Error('trap');
			}})}, /trap/);
		});

		it('a composite index value with no string form: set and batch throw a TypeError as haro@16 does, and change nothing', () => {
			// ({toString: …} of its own, or no prototype: a template literal throws; alone or in an array)
			const bads = [{toString: true}, Object.assign(Object.create(null), {a: 1}), ['x', [{toString: 'no'}]]];
			for (const bad of bads) {
				for (const [how, write] of [['set', s => s.set('k', {name: bad, age: 1})], ['batch', s => s.batch([{id: 'ok', name: 'n', age: 2}, {id: 'k', name: bad, age: 1}])]]) {
					const cfg = {index: ['name|age', 'age']};
					const r = new ref.Haro(cfg);
					assert.throws(() => write(r), {name: 'TypeError', message: /Cannot convert object to primitive value/}, `haro@16 ${how}`);
					const s = new Haro(cfg);
					s.set('a', {name: 'ann', age: 3});
					const before = state(s);
					assert.throws(() => write(s), err => err instanceof TypeError && /Cannot convert object to primitive value/.test(err.message) && /"name\|age"/.test(err.message) && err.message.includes(how === 'batch' ? 'records[1].name' : 'record.name'), `haro-rs ${how}`);
					assert.deepStrictEqual(state(s), before, `${how} changed the store`);
				}
			}
			// a plain object, or an array of them, joins as haro joins it; a merge joins the
			// merged values (an object without a prototype merged into a plain one is plain);
			// an override indexes nothing
			const pair = [new ref.Haro({index: ['name|age']}), new Haro({index: ['name|age']})];
			for (const s of pair) s.set('p', {name: {a: 1}, age: [null, [2, [3, {b: 1}]], 'x']});
			assert.deepStrictEqual(pair[1].dump('indexes'), pair[0].dump('indexes'));
			// One whose string form is its own (a hidden toString, a Symbol.toPrimitive, alone or
			// in an array), which the record does not carry, is refused: haro joins what it
			// answers, and the engine, keeping the data alone, could not (README, difference 9).
			const own = [
				Object.defineProperty({n: 1}, 'toString', {value: () => 'n1', enumerable: false}),
				Object.defineProperty({n: 2}, Symbol.toPrimitive, {value: () => 'n2', enumerable: false}),
				['x', Object.defineProperty({n: 3}, 'toString', {value: () => 'n3', enumerable: false})],
				// a tag names it: a hidden Symbol.toStringTag, a built-in's (haro joins `[object Foo]`)
				Object.defineProperty({n: 4}, Symbol.toStringTag, {value: 'Foo', enumerable: false}),
				(function () { return arguments; })('a', 'b'),
				Math,
				['y', JSON]
			];
			for (const value of own) {
				const r = new ref.Haro({index: ['name|age']});
				r.set('t', {name: value, age: 2});
				assert.notDeepStrictEqual(r.dump('indexes')[0][1].map(e => e[0]), ['[object Object]|2'], 'haro@16 joins the string form');
				const s = new Haro({index: ['name|age']});
				s.set('a', {name: 'ann', age: 3});
				const before = state(s);
				assert.throws(() => s.set('t', {name: value, age: 2}), err => err instanceof TypeError && /string form is its own/.test(err.message) && err.message.includes('record.name'));
				assert.throws(() => s.batch([{id: 't', name: value, age: 2}]), err => err instanceof TypeError && /string form is its own/.test(err.message) && err.message.includes('records[0].name'));
				assert.deepStrictEqual(state(s), before, 'a refused write changed the store');
			}
			// A record whose array fields multiply past an index's most keys (haro's Map holds
			// 2^24 entries) is refused before anything is built, the store unchanged: 256 x 256 x
			// 257 combinations here (two arrays of 5,000 made 25M keys, ~3.5 GB, before)
			const wide = new Haro({index: ['a|b|c']});
			wide.set('x', {a: [1, 2], b: [3], c: 4});
			const wideBefore = state(wide);
			const span = n => Array.from({length: n}, (_, i) => i);
			const record = {a: span(256), b: span(256), c: span(257)};
			const past = /makes 16842752 keys of the index "a\|b\|c" \(its array fields' lengths multiplied\), past the 16777216/;
			assert.throws(() => wide.set('y', record), err => err instanceof RangeError && past.test(err.message) && err.message.includes('the record'));
			assert.throws(() => wide.batch([{id: 'z', a: 1, b: 2, c: 3}, {id: 'y', ...record}]), err => err instanceof RangeError && past.test(err.message) && err.message.includes('records[1]'));
			assert.throws(() => wide.setMany([{id: 'y', ...record}]), RangeError);
			assert.deepStrictEqual(state(wide), wideBefore, 'a refused write changed the store');
			wide.set('y', {a: span(256), b: span(256), c: span(3)}); // (196,608 keys: stored)
			assert.equal(wide.find({a: 255, b: 255, c: 2}).length, 1);
			// a merge that makes one (its arrays concatenate: c becomes 3 + 254 = 257 long) is
			// refused by the engine before the store changes
			const merged = state(wide);
			assert.throws(() => wide.set('y', {c: span(254)}), err => err instanceof TypeError && /makes 16842752 keys of the index "a\|b\|c"/.test(err.message));
			assert.deepStrictEqual(state(wide), merged, 'a refused merge changed the store');
			// Where the facade sees no new record: a record an override of records put in (it
			// indexes nothing), then a reindex of the list, a reindex of a composite joining it,
			// or a list assigned then reindexed; and `setIndex` of such data. Each is refused by
			// the engine before an index is built, the store and its list unchanged (they built
			// every key: 25M keys, 2.8 GB and 24 s for two arrays of 5,000; a `setIndex` aborted
			// the process where memory was bounded)
			const kept = new Haro({index: ['a|b|c']});
			kept.override([['x', {a: [1, 2], b: [3], c: 4}], ['y', {id: 'y', ...record}]], 'records');
			kept.set('z', {id: 'z', a: 5, b: 6, c: 7});
			const keptBefore = {...state(kept), index: [...kept.index]};
			const refused = err => err instanceof TypeError && past.test(err.message);
			assert.throws(() => kept.reindex(), refused);
			assert.throws(() => kept.reindex('c|b|a'), err => err instanceof TypeError && /makes 16842752 keys of the index "c\|b\|a"/.test(err.message));
			assert.throws(() => kept.setIndex('z', {...record}, 'a|b|c'), refused);
			assert.throws(() => kept.setIndex('z', {...record}, null), refused);
			assert.deepStrictEqual({...state(kept), index: [...kept.index]}, keptBefore, 'a refused reindex or setIndex changed the store');
			assert.deepStrictEqual(kept.find({a: 5, b: 6, c: 7}).map(([k]) => k), ['z']);
			// saved, it loads: the index it would overflow unbuilt, as it could not be built
			// before (a load rebuilds indexes not saved, and called the file corrupt)
			const dir = mkdtempSync(join(tmpdir(), 'haro-rs-keys-'));
			try {
				const bare = new Haro({index: ['a', 'a|b|c']}); // (no index built: the load builds them)
				bare.override([['x', {id: 'x', a: [1000, 2], b: [3], c: 4}], ['y', {id: 'y', ...record}]], 'records');
				bare.save(join(dir, 'bare.snap'));
				const loaded = Haro.load(join(dir, 'bare.snap'));
				assert.deepStrictEqual(loaded.dump('records'), bare.dump('records'));
				assert.deepStrictEqual(loaded.find({a: 1000}).map(([k]) => k), ['x']);
				assert.deepStrictEqual(loaded.find({a: 2}).map(([k]) => k), ['x', 'y']);
				assert.throws(() => loaded.reindex(), refused);
			} finally {
				rmSync(dir, {recursive: true, force: true});
			}
			// a list refused by its reindex, then the one before given back: later writes index
			// under that one (the engine kept the refused list, which the facade took as not sent)
			const back = new Haro({index: ['a']});
			back.override([['y', {id: 'y', ...record}]], 'records');
			back.index = ['a|b|c'];
			assert.throws(() => back.reindex(), refused);
			back.index = ['a'];
			back.set('n', {id: 'n', a: 1, b: 1, c: 1});
			assert.deepStrictEqual(back.find({a: 1}).map(([k]) => k), ['n']);
			assert.deepStrictEqual(back.dump('indexes'), [['a', [[1, ['n']]]]]);
			back.delete('y'); // (no index holds it by its values: its keys are not walked)
			const later = new Haro();
			later.set('y', {...record});
			later.index = ['a|b|c'];
			assert.throws(() => later.reindex(), refused);
			later.index = ['a'];
			later.reindex();
			assert.equal(later.find({a: 255}).length, 1);
			// a record within the bound builds (its keys in haro's order: the last field turns fastest)
			const order = new Haro({index: ['a|b|c']});
			const ref16 = new ref.Haro({index: ['a|b|c']});
			const w = {a: [2, 1], b: ['q', 'p'], c: [0, 'z']};
			order.override([['w', w]], 'records');
			order.reindex();
			ref16.set('w', w);
			assert.deepStrictEqual(order.dump('indexes'), ref16.dump('indexes'));
			assert.equal(order.dump('indexes')[0][1].length, 8);
			for (const s of pair) s.set('p', {name: Object.assign(Object.create(null), {y: 2})});
			assert.deepStrictEqual(pair[1].get('p'), pair[0].get('p'));
			for (const s of pair) s.override([['q', {name: {toString: 1}, age: 1}]], 'records');
			assert.deepStrictEqual(pair[1].toArray(), pair[0].toArray());
		});

		it('a Date with properties of its own is refused everywhere, naming the property and the path', () => {
			// (the engine keeps a Date's time alone: such a property would be lost past the cache)
			const d = Object.assign(new Date(5), {extra: 1});
			refusedEverywhere({id: 'k', meta: {when: d}}, (err, root) => err instanceof TypeError && err.message.includes('named property "extra" of a Date') && err.message.includes(`${root}.meta.when`));
			const inArray = Object.assign(new Date(6), {note: 'x'});
			refusedEverywhere({id: 'k', list: [new Date(1), inArray]}, (err, root) => err instanceof TypeError && err.message.includes(`${root}.list[1]`));
			const sym = new Date(7);
			sym[Symbol('s')] = 1;
			refusedEverywhere({id: 'k', sym}, /symbol-keyed property/);
			// Dates of their own time alone are stored, and read back past the cache
			const s = new Haro({recordCacheSize: 0});
			s.set('k', {when: new Date(9), plain: new Date(10)});
			assert.deepStrictEqual(s.get('k', true), {when: new Date(9), plain: new Date(10), id: 'k'});
		});

		it('named properties of an array (a RegExp match) are not silently dropped', () => {
			// 'xabc'.match(/b/) is an array with index, input and groups; JSON keeps only [0].
			const m = 'xabc'.match(/b/);
			const s = new Haro({recordCacheSize: 0});
			let stored;
			try {
				s.set('k', {m});
				stored = s.get('k', true).m;
			} catch (e) {
				assert.ok(e instanceof TypeError, 'refusing it with a TypeError is fine');

				return;
			}
			assert.deepStrictEqual(Object.keys(stored), Object.keys(m), 'stored silently changed: named array properties lost');
		});

		// Known limitation (README, "Differences from haro" #3): the encoder checks a record, then
		// JSON.stringify reads it again; a nested getter that answers differently on the second
		// read is stored as it answered then. Guarding against it would cost every write a
		// replacer-driven stringify (3-5x slower).
		it('a nested getter read twice cannot make the stored value differ from the checked one', {skip: 'known limitation: getters are read twice (README, differences #3)'}, () => {
			// The encoder walks the record (to refuse what it cannot keep), then JSON.stringify
			// reads every property again: a getter answering differently the second time gets
			// a function past the check, and JSON.stringify drops it.
			let reads = 0;
			const rec = {id: 'k', inner: {get v () {
				return reads++ === 0 ? 1 : () => 1;
			}}};
			const s = new Haro({recordCacheSize: 0});
			try {
				s.set('k', rec);
			} catch (e) {
				assert.ok(e instanceof TypeError);

				return;
			}
			assert.ok('v' in s.get('k', true).inner, 'stored silently changed: property v vanished');
		});
	});

	describe('awkward but storable values and keys', () => {
		it('strings with lone surrogates, NULs and tag look-alikes in values round-trip exactly', () => {
			const rec = {a: '\ud800x', b: 'a\udc00', c: '\u0000u', d: '\u0000', e: '\u0000\u0000s', f: '\u0000d0', g: ['\u0000n', '\udfff'], h: {'\u0000i': '\u2028\u2029'}};
			for (const cfg of Object.values(CONFIGS)) {
				const s = seeded({...cfg, recordCacheSize: 0});
				s.set('odd', rec);
				assert.deepStrictEqual({...s.get('odd', true)}, {...rec, id: 'odd'});
				const t = new Haro({recordCacheSize: 0});
				t.override(s.dump('records'), 'records');
				assert.deepStrictEqual({...t.get('odd', true)}, {...rec, id: 'odd'});
			}
		});

		it('keys with quotes, backslashes, newlines, NUL, emoji and numbers like -0, NaN, 1e21 work everywhere', () => {
			const keys = ['"', '\\', '\n', '\u0000', '\u0000u', '😀', '', ' ', 'a|b', -0, NaN, 1e21, -1.5, Number.MAX_VALUE, Number.MIN_VALUE, -Infinity];
			for (const cfg of Object.values(CONFIGS)) {
				const s = new Haro({...cfg});
				for (const [i, k] of keys.entries()) s.set(k, {name: `n${i}`, tags: [String(k)]});
				assert.equal(s.size, keys.length);
				for (const [i, k] of keys.entries()) {
					assert.equal(s.get(k, true).name, `n${i}`);
					assert.deepStrictEqual(s.find({name: `n${i}`}).map(p => p[0]), [k]); // the record's id: -0 stays -0, as in haro
				}
				assert.deepStrictEqual(s.registry.map(k => Object.is(k, -0) ? 0 : k), keys.map(k => Object.is(k, -0) ? 0 : k));
				const t = new Haro({...cfg, recordCacheSize: 0});
				t.override(s.dump('records'), 'records');
				t.reindex();
				for (const [i, k] of keys.entries()) assert.equal(t.get(k, true).name, `n${i}`);
				for (const k of keys) s.delete(k);
				assert.equal(s.size, 0);
				assertRebuilds(t, cfg);
			}
		});

		it('a sparse array of length 2**32-1 is stored or refused within seconds (haro@16 stores it at once; it used to hang)', async () => {
			// Every hole used to be walked and written as a tag: length 1e7 took 10 s and 1 GB, 2**32-1 hung.
			const {spawnSync} = await import('node:child_process');
			const code = `const {Haro} = require(${JSON.stringify(require.resolve('../index.js'))});
				const a = []; a.length = 2 ** 32 - 1;
				try { new Haro().set('k', {a}); console.log('stored'); } catch (e) { console.log(e.constructor.name + ': ' + e.message); }`;
			const r = spawnSync(process.execPath, ['-e', code], {encoding: 'utf8', timeout: 10000});
			assert.equal(r.signal, null, 'did not finish within 10 s');
			assert.match(r.stdout, /stored|Error/);
		});
	});

	describe('nesting', () => {
		it('100,000 levels of objects: a TypeError (no stack overflow, native or JS) from every writer and query', () => {
			const deep = deepObject(100000);
			const t0 = performance.now();
			refusedEverywhere({id: 'k', deep}, typeError(/nested deeper than 512 levels at record\.deep\.c\.c/));
			const text = `{"deep":${'{"c":'.repeat(100000)}{}${'}'.repeat(100000)}}`;
			refuses(s => s.set('a', JSON.parse(text)), typeError(/nested deeper/)); // JSON.parse'd input, merged
			// A query by such a value finds nothing, as haro's lookup by identity (no record holds it).
			for (const name of Object.keys(CONFIGS)) {
				const s = seeded(CONFIGS[name]);
				const before = state(s);
				assert.deepStrictEqual([s.find({name: deep}), s.find({name: ['ann', deep]}).length, s.where({name: deep}), s.search(deep)], [[], s.find({name: 'ann'}).length, [], []], name);
				assert.deepStrictEqual(state(s), before, `${name}: a query changed the store`);
			}
			refuses(s => s.override([['name', [[deep, ['a']]]]], 'indexes'), typeError(/nested deeper/));
			assert.ok(performance.now() - t0 < 20000);
		});

		it('100,000 levels of arrays: a TypeError from every writer', () => {
			refusedEverywhere({id: 'k', deep: deepArray(100000)}, typeError(/nested deeper than 512 levels at record\.deep\[0\]\[0\]/));
		});

		// Every method called on the way up from the bottom of a runaway recursion (densely from
		// the first depth where it has stack enough for its JS part; a merging set sparsely all
		// the way up), with records nested 500 levels, in the main thread and in workers with the
		// default and a small stack. V8 stops JS with ~192 KB of a worker's stack left; a merging
		// set at this depth needs ~620 KB: it used to run on the thread's own stack when 256-620
		// KB were left (stacker's red zone was 256 KB for every call), and died of SIGSEGV.
		it('every method called near the JS stack limit, in the main thread and in workers, leaves the process alive', async () => {
			const {spawnSync} = await import('node:child_process');
			const script = `
				const {Haro} = require(${JSON.stringify(require.resolve('../index.js'))});
				const nest = n => { const root = {}; let d = root; for (let i = 1; i < n; i++) d = d.c = {}; return root; };
				const deep = nest(500);
				const s = new Haro({recordCacheSize: 0, index: ['name', 'deep', 'name|age'], versioning: true});
				const seed = () => s.batch([{id: 'k', name: 'a', age: 1, deep: nest(500)}, {id: 2, name: 'b', deep}]);
				seed();
				const records = s.dump('records');
				const indexes = s.dump('indexes');
				const ops = {
					set: () => s.set('k', {deep}), // merged into a record as deep
					'set (number key)': () => s.set(2, {deep}),
					'set (override)': () => s.set('k', {name: 'a', deep}, false, true),
					batch: () => s.batch([{id: 'k', name: 'a', deep}, {id: 'new', deep}]),
					delete: () => { if (s.has('new')) s.delete('new'); else s.set('new', {deep}); },
					get: () => s.get('k'),
					has: () => s.has('k'),
					find: () => s.find({deep}),
					where: () => s.where({deep, name: 'a'}),
					search: () => s.search(deep, 'deep'),
					sortBy: () => s.sortBy('deep'),
					limit: () => s.limit(0, 2),
					toArray: () => s.toArray(),
					dump: () => [s.dump('records'), s.dump('indexes')],
					override: () => s.override(records, 'records'),
					'override (indexes)': () => s.override(indexes, 'indexes'),
					reindex: () => s.reindex(),
					clear: () => { s.clear(); seed(); }
				};
				// Unwinds a runaway recursion, calling op at every \`every\`th depth from \`skip\` depths
				// above the bottom, until it ran \`want\` times (a RangeError before: too little
				// stack for its JS part). Returns the first depth at which it ran, and how often.
				function sweep (op, every, skip, want) {
					let depth = 0;
					let ran = 0;
					let first = -1;
					function down () {
						try { down(); } catch {}
						const i = depth++;
						if (ran < want && i >= skip && (i - skip) % every === 0) {
							try {
								op();
								if (ran++ === 0) first = i;
							} catch (e) {
								if (!(e instanceof RangeError)) throw e;
							}
						}
					}
					down();
					return {first, ran};
				}
				const report = [];
				for (const [name, op] of Object.entries(ops)) {
					// Coarsely for where the op starts to run, then densely from just below.
					const {first} = sweep(op, 20, 0, 1);
					const {ran} = first < 0 ? {ran: 0} : sweep(op, 3, Math.max(0, first - 40), 100);
					// A merge needs the most stack: sparsely all the way up too.
					if (name === 'set') sweep(op, 150, 0, Infinity);
					report.push(name + (ran > 0 ? '' : ' (never ran)'));
				}
				const result = report.join(', ');`;
			const main = `${script}
				console.log('main: ' + result);
				const {Worker} = require('node:worker_threads');
				const code = ${JSON.stringify(`${script}\nrequire('node:worker_threads').parentPort.postMessage(result);`)};
				(async () => {
					for (const [what, resourceLimits] of [['worker', {}], ['worker, 1 MB stack', {stackSizeMb: 1}]]) {
						const m = await new Promise((resolve, reject) => new Worker(code, {eval: true, resourceLimits}).on('message', resolve).on('error', reject));
						console.log(what + ': ' + m);
					}
				})();`;
			const r = spawnSync(process.execPath, ['-e', main], {encoding: 'utf8', timeout: 120000});
			assert.equal(r.signal, null, `the process died of ${r.signal}; it printed:\n${r.stdout}${r.stderr}`);
			assert.equal(r.status, 0, r.stderr);
			const all = 'set, set (number key), set (override), batch, delete, get, has, find, where, search, sortBy, limit, toArray, dump, override, override (indexes), reindex, clear';
			assert.deepEqual(r.stdout.trim().split('\n'), [`main: ${all}`, `worker: ${all}`, `worker, 1 MB stack: ${all}`]);
		});

		it('the bound is exact: 511 levels are stored and read back, 512 are refused', () => {
			for (const name of Object.keys(CONFIGS)) {
				const s = seeded(CONFIGS[name]);
				s.set('ok', deepObject(511));
				const g = new Haro({recordCacheSize: 0});
				g.override(s.dump('records'), 'records');
				let depth = 0;
				for (let o = g.get('ok', true); o.c; o = o.c) depth++;
				assert.equal(depth, 511);
				// merging two 511-level records stays within the bound too
				s.set('ok', deepObject(511));
				refuses(t => t.set('k', deepObject(512)), typeError(/nested deeper/), [name]);
			}
		});
	});

	describe('size', () => {
		it('a 64 MB string is stored and read back exactly (timed)', () => {
			const big = 'x'.repeat(64 * 1024 * 1024 - 3) + 'é€😀'.slice(0, 3);
			const s = new Haro({index: ['name'], recordCacheSize: 0});
			s.set('a', {name: 'small'});
			let t = performance.now();
			s.set('big', {name: 'big', big});
			const setMs = performance.now() - t;
			t = performance.now();
			const got = s.get('big', true);
			const getMs = performance.now() - t;
			assert.equal(got.big.length, big.length);
			assert.ok(got.big === big, 'read back differs');
			t = performance.now();
			assert.equal(s.find({name: 'big'}).length, 1);
			const findMs = performance.now() - t;
			s.delete('big');
			assert.equal(s.size, 1);
			console.log(`# 64 MB string: set ${setMs.toFixed(0)} ms, get ${getMs.toFixed(0)} ms, find ${findMs.toFixed(0)} ms`);
		});

		it('an object with 1,000,000 properties is stored and read back (timed)', () => {
			const big = {};
			for (let i = 0; i < 1e6; i++) big[`p${i}`] = i;
			const s = new Haro({index: ['name'], recordCacheSize: 0});
			let t = performance.now();
			s.set('m', big);
			const setMs = performance.now() - t;
			t = performance.now();
			const got = s.get('m', true);
			const getMs = performance.now() - t;
			const keys = Object.keys(got);
			assert.equal(keys.length, 1e6 + 1);
			assert.equal(got.p999999, 999999);
			assert.equal(keys[0], 'p0');
			assert.equal(keys[1e6], 'id');
			console.log(`# 1M properties: set ${setMs.toFixed(0)} ms, get ${getMs.toFixed(0)} ms`);
		});

		it('merging a record with many properties is linear, as in haro@16 (it was quadratic)', () => {
			const n = 40000;
			const big = {};
			for (let i = 0; i < n; i++) big[`p${i}`] = i;
			const time = H => {
				const s = new H({index: ['name']});
				s.set('k', {name: 'x'});
				const t = performance.now();
				s.set('k', big); // merges into the existing record

				return performance.now() - t;
			};
			time(Haro); // warm up
			const mine = time(Haro);
			const theirs = time(ref.Haro);
			assert.ok(mine < 10 * theirs + 100, `merge of ${n} properties: haro-rs ${mine.toFixed(0)} ms, haro@16 ${theirs.toFixed(0)} ms`);
		});
	});

	describe('prototype pollution', () => {
		const clean = () => {
			assert.equal(Object.prototype.polluted, undefined, 'Object.prototype polluted');
			assert.equal({}.polluted, undefined);
			assert.equal([].polluted, undefined);
			assert.equal(Object.getOwnPropertyNames(Object.prototype).includes('polluted'), false);
			assert.equal(Map.prototype.polluted, undefined);
		};
		const evil = () => JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}, "prototype": {"polluted": 3}, "name": "evil"}');

		for (const [cname, cfg] of Object.entries(CONFIGS)) {
			it(`${cname}: __proto__, constructor and prototype are plain fields of the record`, () => {
				const s = seeded({...cfg, index: [...INDEX, '__proto__', 'constructor']});
				const set = s.set('e', evil());
				for (const rec of [set[1], s.get('e', true), s.get('e')[1], s.data.get('e'), s.find({name: 'evil'})[0][1],
					s.toArray().find(r => r.id === 'e'), s.dump('records').find(([k]) => k === 'e')[1], s.limit(0, 100, true).at(-1)]) {
					assert.equal(Object.getPrototypeOf(rec), Object.prototype);
					assert.ok(Object.hasOwn(rec, '__proto__'));
					assert.deepStrictEqual(Object.keys(rec), ['__proto__', 'constructor', 'prototype', 'name', 'id']);
					assert.equal(rec.polluted, undefined);
					assert.deepStrictEqual(rec.__proto__, {polluted: 1}); // eslint-disable-line no-proto
					assert.equal(typeof rec.hasOwnProperty, 'function');
				}
				clean();
				// merge-update with JSON.parse'd __proto__ (haro@16 itself pollutes Object.prototype here)
				s.set('a', JSON.parse('{"__proto__": {"polluted": 1, "more": [1]}}'));
				s.set('e', JSON.parse('{"__proto__": {"other": true}, "constructor": {"prototype": {"x": 1}}}'));
				clean();
				const a = s.get('a', true);
				assert.equal(Object.getPrototypeOf(a), Object.prototype);
				assert.deepStrictEqual(Object.getOwnPropertyDescriptor(a, '__proto__').value, {polluted: 1, more: [1]});
				const e = new Haro({recordCacheSize: 0});
				e.override(s.dump('records'), 'records');
				const merged = e.get('e', true);
				assert.deepStrictEqual(Object.getOwnPropertyDescriptor(merged, '__proto__').value, {polluted: 1, other: true});
				assert.deepStrictEqual(merged.constructor, {prototype: {polluted: 2, x: 1}});
				// the views
				assert.ok(s.indexes.get('__proto__') instanceof Map);
				// keys: undefined (records without the field) and one per object value (a, e)
				assert.equal(s.indexes.get('__proto__').size, 3);
				assert.equal(s.indexes.get('constructor').size, 2);
				for (const [, set] of s.indexes.get('__proto__')) assert.ok(set instanceof Set);
				const hist = [...s.versions.get('e')][0];
				assert.ok(Object.hasOwn(hist, '__proto__'));
				assert.equal(hist.polluted, undefined);
				assert.equal(s.data.polluted, undefined);
				assert.equal(s.indexes.polluted, undefined);
				clean();
				assertRebuilds(s, {...cfg, index: [...INDEX, '__proto__', 'constructor']});
			});
		}

		it('record keys "__proto__", "constructor", "prototype" and "hasOwnProperty" are ordinary keys', () => {
			for (const cfg of Object.values(CONFIGS)) {
				const s = seeded(cfg);
				for (const k of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']) s.set(k, {name: k});
				for (const k of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']) {
					assert.equal(s.get(k, true).name, k);
					assert.equal(s.get(k, true).id, k);
					assert.ok(s.has(k));
					assert.equal(s.data.get(k).name, k);
					assert.ok(s.data.has(k));
				}
				assert.deepStrictEqual(s.registry.slice(-4), ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']);
				assert.deepStrictEqual(s.find({name: '__proto__'}).map(p => p[0]), ['__proto__']);
				assert.deepStrictEqual([...s.indexes.get('name').get('__proto__')], ['__proto__']);
				s.delete('__proto__');
				assert.equal(s.get('__proto__'), null);
				assert.equal(s.has('hasOwnProperty'), true);
				assert.equal(s.has('toString'), false);
				assert.equal(s.get('toString'), null);
				assertRebuilds(s, cfg);
				clean();
			}
		});

		it('haro@16 pollutes Object.prototype on the same merge; haro-rs does not (run in a worker)', async () => {
			const {Worker} = await import('node:worker_threads');
			const code = `
				const {parentPort, workerData} = require('node:worker_threads');
				const {Haro} = require(workerData);
				const h = new Haro();
				h.set('k', {name: 'x'});
				h.set('k', JSON.parse('{"__proto__": {"polluted": 1}}'));
				parentPort.postMessage(({}).polluted ?? null);`;
			const run = path => new Promise((resolve, reject) => {
				const w = new Worker(code, {eval: true, workerData: path});
				w.once('message', resolve);
				w.once('error', reject);
			});
			assert.equal(await run(require.resolve('haro')), 1);
			assert.equal(await run(require.resolve('../index.js')), null);
		});
	});

	describe('invalid arguments', () => {
		const bothSides = (fn, cfg = {index: INDEX}) => {
			const out = [];
			for (const H of [ref.Haro, Haro]) {
				const s = seeded(cfg, H);
				try {
					out.push({ok: fn(s)});
				} catch (e) {
					out.push({err: e.constructor.name, message: e.message});
				}
			}

			return out;
		};

		it('find(null), where(42), where(null): the same TypeError as haro@16, store unchanged', () => {
			// haro@16 crashes with an engine TypeError; haro-rs throws its own, naming the method
			for (const fn of [s => s.find(null), s => s.where(42), s => s.where(null)]) {
				const [r, i] = bothSides(fn);
				assert.equal(r.err, 'TypeError');
				assert.equal(i.err, 'TypeError');
				assert.match(i.message, /^haro-rs: (find|where)\(\) takes an object of field values, not (null|number)$/);
				refuses(fn, TypeError);
			}
			const fn = s => s.where(undefined, '&&').x.y;
			assert.deepStrictEqual(bothSides(fn)[1], bothSides(fn)[0]);
			refuses(fn, TypeError);
		});

		it('limit with negative, fractional, non-number, NaN, infinite and huge arguments matches haro@16', () => {
			const args = [[-1, -5], [-2, 5], [0, -1], [1.7, 2.2], ['1', '2'], ['a', 'b'], [NaN, NaN], [{}, []], [null, null],
				[undefined, 2], [0, Infinity], [-Infinity, Infinity], [Infinity, 1], [-1e20, 1e20], [2 ** 32, 1], [1, 2 ** 32 + 1], [true, true]];
			for (const a of args) {
				for (const raw of [false, true]) {
					const [r, i] = bothSides(s => s.limit(a[0], a[1], raw));
					assert.deepStrictEqual(i, r, `limit(${inspect(a)}, ${raw})`);
				}
			}
		});

		it('NaN keys: get/has/delete/set behave as a Map key, like haro@16', () => {
			const [r, i] = bothSides(s => {
				const seen = [s.get(NaN), s.has(NaN)];
				try {
					s.delete(NaN);
				} catch (e) {
					seen.push(e.message);
				}
				seen.push(s.set(NaN, {name: 'nan'})[1].name, s.get(NaN, true).name, s.has(NaN), s.size);
				s.delete(NaN);
				seen.push(s.has(NaN), s.size);

				return seen;
			});
			assert.deepStrictEqual(i, r);
			assert.deepStrictEqual(i.ok, [null, false, 'Record not found', 'nan', 'nan', true, 5, false, 4]);
		});

		it('object, symbol, undefined and boolean keys: get → null, has → false, delete → "Record not found", store unchanged', () => {
			for (const key of [{}, [], Symbol('s'), undefined, true, () => 1, 1n]) {
				refuses(s => s.delete(key), /Record not found/);
				for (const cfg of Object.values(CONFIGS)) {
					const s = seeded(cfg);
					const before = state(s);
					assert.equal(s.get(key), null);
					assert.equal(s.get(key, true), null);
					assert.equal(s.has(key), false);
					assert.equal(s.data.get(key), undefined);
					assert.equal(s.data.has(key), false);
					assert.equal(s.versions.get(key), undefined);
					assert.deepStrictEqual(state(s), before);
				}
			}
		});

		it('set with an object, symbol, BigInt or lone-surrogate key: a TypeError, store unchanged', () => {
			for (const key of [{}, [1], Symbol('s'), 1n, true, '\ud800']) {
				refuses(s => s.set(key, {name: 'k'}), typeError(/key must be a string or a number/));
				refuses(s => s.set(null, {id: key, name: 'k'}), typeError(/key must be a string or a number/));
				refuses(s => s.override([[key, {name: 'k'}]], 'records'), typeError(/key must be a string or a number/));
			}
		});

		it('override with a bad type, bad data or malformed indexes: an error, store unchanged', () => {
			refuses(s => s.override([], 'bogus'), /Invalid type/);
			refuses(s => s.override(42, 'records'), TypeError);
			refuses(s => s.override([['k']], 'records'), TypeError);
			refuses(s => s.override([1, 2], 'records'), TypeError);
			refuses(s => s.override(42, 'indexes'), TypeError);
			refuses(s => s.override([1, 2], 'indexes'), TypeError);
			refuses(s => s.override([['name', 5]], 'indexes'), TypeError);
			refuses(s => s.override([['name', [[1, 'notAnArray']]]], 'indexes'), TypeError);
		});

		it('sortBy(""), filter/map without a function, batch of a non-array: haro@16\'s errors, store unchanged', () => {
			refuses(s => s.sortBy(''), /Invalid field/);
			refuses(s => s.filter(null), /Invalid function/);
			refuses(s => s.map('x'), /Invalid function/);
			refuses(s => s.batch(null), TypeError);
			refuses(s => s.batch(42), TypeError);
			for (const fn of [s => s.sortBy(''), s => s.filter(), s => s.batch(null), s => s.batch('abc')]) {
				const [r, i] = bothSides(fn);
				assert.deepStrictEqual(i.err, r.err);
			}
		});

		it('falsy and odd search values match haro@16', () => {
			for (const v of [0, '', false, null, undefined, NaN, -0, [], {}, 'ann', 30, '30', Symbol.iterator]) {
				const [r, i] = bothSides(s => s.search(v));
				assert.deepStrictEqual(i, r, `search(${inspect(v)})`);
			}
		});
	});
});

// ---- 2. atomicity --------------------------------------------------------------------------

/** Runs `script` on haro@16 and on haro-rs with the same subclass hooks; compares the outcome and state. */
function sameAsHaro (hooks, script, {cfg = {index: INDEX, versioning: true}, rebuilds = true} = {}) {
	const outcomes = [];
	for (const Base of [ref.Haro, Haro]) {
		class Hooked extends Base {}
		// hooks act once armed, after the seed records are in
		for (const [name, hook] of Object.entries(hooks)) {
			Hooked.prototype[name] = function (...args) {
				return this.armed ? hook.apply(this, args) : Base.prototype[name].apply(this, args);
			};
		}
		const s = seeded(cfg, Hooked);
		s.armed = true;
		let outcome;
		try {
			script(s);
			outcome = 'ok';
		} catch (e) {
			outcome = `${e.constructor.name}: ${e.message}`;
		}
		s.armed = false;
		const st = state(s);
		outcomes.push({outcome, records: st.records, registry: st.registry, versions: st.versions, indexes: normIndexes(st.indexes)});
		if (Base === Haro) {
			if (rebuilds) assertRebuilds(s, cfg);
			assertUsable(s);
		}
	}
	assert.deepStrictEqual(outcomes[1], outcomes[0]);

	return outcomes[1];
}

const fail = when => function (...args) {
	if (when.call(this, ...args)) throw new Error('hook failed');
};

describe('atomicity: what a failure half-way keeps', () => {
	describe('batch with a record that fails validation', () => {
		for (const [cname, cfg] of Object.entries(CONFIGS)) {
			for (const [what, bad] of [['a cycle', (() => {
				const o = {id: 'bad'};
				o.o = o;

				return o;
			})()], ['a BigInt', {id: 'bad', n: 1n}], ['a bad key', {id: {}}], ['null', null], ['a 100,000-deep value', {id: 'bad', d: deepObject(100000)}]]) {
				it(`${cname}, ${what} third of five: nothing is set, the error names records[2]`, () => {
					const recs = [{id: 'n1', name: 'ann', tags: ['q']}, {id: 'a', name: 'new a', tags: ['w']}, bad, {id: 'n3', name: 'x'}, {id: 'b', name: 'gone'}];
					const s = seeded(cfg);
					const before = state(s);
					assert.throws(() => s.batch(recs), err => err instanceof TypeError && /records\[2\]/.test(err.message));
					assert.deepStrictEqual(state(s), before);
					assert.equal(s.get('n1'), null);
					assert.equal(s.get('a', true).name, 'ann');
					assertRebuilds(s, cfg);
					assertUsable(s);
					// the factory too: it throws, and nothing half-built escapes
					assert.throws(() => haro(recs, cfg), err => err instanceof TypeError && /records\[2\]/.test(err.message));
				});
			}
		}

		it('null third of five: haro@16 keeps the first two, haro-rs nothing', () => {
			const recs = () => [{id: 'n1'}, {id: 'a', name: 'A'}, null, {id: 'n3'}];
			const h = seeded({index: INDEX, versioning: true}, ref.Haro);
			assert.throws(() => h.batch(recs()), TypeError);
			assert.ok(h.has('n1'));
			const s = seeded({index: INDEX, versioning: true});
			const before = state(s);
			assert.throws(() => s.batch(recs()), /haro-rs: batch\(\): records\[2\]: a record must be an object, not null/);
			assert.deepStrictEqual(state(s), before);
		});

		it('with hooks (record by record), a bad record third of five: checked before the first, nothing set, beforeBatch only', () => {
			const calls = [];
			class Hooked extends Haro {
				beforeBatch (a, t) {
					calls.push('beforeBatch');

					return a;
				}

				onset () {
					calls.push('onset');
				}

				onbatch (r) {
					calls.push('onbatch');

					return r;
				}
			}
			const s = seeded(CONFIGS.mutable, Hooked);
			const before = state(s);
			calls.length = 0;
			assert.throws(() => s.batch([{id: 'n1'}, {id: 'a', name: 'A'}, {id: 'bad', f () {}}, {id: 'n3'}]), /cannot store a function at records\[2\]\.f/);
			assert.deepStrictEqual(state(s), before);
			assert.deepStrictEqual(calls, ['beforeBatch']);
		});

		it('batch del with a missing key in the middle: nothing is deleted (haro@16 deletes those before it)', () => {
			const h = seeded({index: INDEX, versioning: true}, ref.Haro);
			assert.throws(() => h.batch(['a', 1, 'missing', 'b'], 'del'), /Record not found/);
			assert.ok(!h.has('a'));
			for (const keys of [['a', 1, 'missing', 'b'], ['a', 'a']]) {
				const s = seeded({index: INDEX, versioning: true});
				const before = state(s);
				assert.throws(() => s.batch(keys, 'del'), /^Error: Record not found$/);
				assert.deepStrictEqual(state(s), before);
			}
		});

		it('a merge that JSON cannot hold (object merged into an array) is refused and changes nothing', () => {
			refuses(s => s.set('a', {tags: {named: 1}}), Error);
			refuses(s => s.set('b', {when: {named: 1}}), Error);
		});
	});

	describe('hooks that throw (compared with haro@16 running the same hooks)', () => {
		it('beforeSet throws: nothing is set', () => {
			const r = sameAsHaro({beforeSet: fail(k => k === 'a')}, s => s.set('a', {name: 'changed'}));
			assert.equal(r.outcome, 'Error: hook failed');
		});

		it('onset throws in set: the record is kept (set, merged, indexed, versioned), the error propagates', () => {
			const r = sameAsHaro({onset: fail(() => true)}, s => s.set('a', {name: 'changed', tags: ['n']}));
			assert.equal(r.outcome, 'Error: hook failed');
			assert.equal(r.records.find(([k]) => k === 'a')[1].name, 'changed');
		});

		it('onset throws in a new-key set: the record is kept with an empty history', () => {
			sameAsHaro({onset: fail(() => true)}, s => s.set('new', {name: 'n'}));
		});

		it('beforeDelete throws: nothing is deleted', () => {
			sameAsHaro({beforeDelete: fail(() => true)}, s => s.delete('a'));
		});

		it('ondelete throws: the record and its index entries are gone, its versions are kept', () => {
			const r = sameAsHaro({ondelete: fail(() => true)}, s => s.delete('a'));
			assert.ok(!r.registry.includes('a'));
			assert.ok(r.versions.some(([k]) => k === 'a'), 'haro drops the history only after ondelete');
		});

		it('beforeBatch throws: nothing is set', () => {
			sameAsHaro({beforeBatch: fail(() => true)}, s => s.batch([{id: 'n1'}, {id: 'a', name: 'A'}]));
		});

		it('onbatch throws: every record of the batch is kept', () => {
			const r = sameAsHaro({onbatch: fail(() => true)}, s => s.batch([{id: 'n1'}, {id: 'a', name: 'A'}]));
			assert.ok(r.registry.includes('n1'));
		});

		it('onset throws on the third record of a batch: the first three are kept, the rest are not', () => {
			const r = sameAsHaro({onset: fail(rec => rec[0] === 'n3')}, s => s.batch([{id: 'n1'}, {id: 'a', name: 'A'}, {id: 'n3'}, {id: 'n4'}]));
			assert.ok(r.registry.includes('n3') && !r.registry.includes('n4'));
		});

		it('beforeSet throws on the third record of a batch: the first two are kept', () => {
			const r = sameAsHaro({beforeSet: fail(k => k === 'n3')}, s => s.batch([{id: 'n1'}, {id: 'a', name: 'A'}, {id: 'n3'}, {id: 'n4'}]));
			assert.ok(r.registry.includes('n1') && !r.registry.includes('n3'));
		});

		it('ondelete throws on the second key of a batch del: the first two are gone, versions of the second kept', () => {
			sameAsHaro({ondelete: fail(k => k === 1)}, s => s.batch(['a', 1, 'b'], 'del'));
		});

		it('beforeClear throws: nothing is cleared', () => {
			sameAsHaro({beforeClear: fail(() => true)}, s => s.clear());
		});

		it('onclear throws: records, versions and indexes are cleared (indexes rebuilt empty)', () => {
			const r = sameAsHaro({onclear: fail(() => true)}, s => s.clear());
			assert.deepStrictEqual(r.registry, []);
		});

		it('onoverride throws: the records are replaced and the indexes emptied, versions kept', () => {
			sameAsHaro({onoverride: fail(() => true)}, s => s.override([['z', {id: 'z', name: 'zed'}], ['a', {id: 'a', name: 'A'}]], 'records'), {rebuilds: false});
		});

		it('onoverride throws after override(indexes): the indexes are replaced', () => {
			sameAsHaro({onoverride: fail(() => true)}, s => s.override(s.dump('indexes'), 'indexes'));
		});

		it('re-entrant hooks: onset deletes what it set, ondelete sets another record', () => {
			sameAsHaro({
				onset (rec) {
					if (rec[0] === 'n1') this.delete('n1');
				},
				ondelete (key) {
					if (key === 'n1') this.set('from-ondelete', {name: 'ann', tags: ['x']});
				}
			}, s => {
				s.set('n1', {name: 'n'});
				s.batch([{id: 'n2', name: 'ann'}]);
			});
		});

		it('beforeSet mutates the record it is handed: the mutation is stored and indexed', () => {
			sameAsHaro({
				beforeSet (key, data) {
					data.name = 'from hook';
					data.tags = ['hooked'];
				}
			}, s => {
				s.set('a', {name: 'ignored'});
				s.batch([{id: 'n1'}]);
			});
		});
	});
});

describe('index entries never outlive their records', () => {
	// haro@16 indexes keys; the engine indexes record slots, which are reused. An index entry
	// that its record's delete does not remove (haro's public setIndex with other data, or
	// an `index` list changed without reindex) then names a dead slot, or another record.
	const scenarios = {
		'setIndex(a, other value), delete(a), find(other value)': s => {
			s.set('a', {name: 'x'});
			s.setIndex('a', {name: 'zzz'}, null);
			s.delete('a');

			return s.find({name: 'zzz'});
		},
		'setIndex(a, a value b has), delete(a), find(that value)': s => {
			s.set('a', {name: 'x'});
			s.setIndex('a', {name: 'y'}, null);
			s.set('b', {name: 'y'});
			s.delete('a');

			return s.find({name: 'y'});
		},
		'setIndex(a, other value), delete(a), set(c) reusing the slot, find(other value)': s => {
			s.set('a', {name: 'x'});
			s.setIndex('a', {name: 'zzz'}, null);
			s.delete('a');
			s.set('c', {name: 'q'});

			return s.find({name: 'zzz'});
		},
		'index list emptied, delete(a), set(b), list restored, find(a\'s value)': s => {
			s.set('a', {name: 'x'});
			s.index = [];
			s.delete('a');
			s.set('b', {name: 'y'});
			s.index = ['name'];

			return s.find({name: 'x'});
		},
		'setIndex then delete, then search': s => {
			s.set('a', {name: 'x'});
			s.set('b', {name: 'y'});
			s.setIndex('a', {name: 'y'}, null);
			s.delete('a');

			return s.search('y');
		},
		'setIndex then delete, then sortBy': s => {
			s.set('a', {name: 'x'});
			s.set('b', {name: 'y'});
			s.setIndex('a', {name: 'y'}, null);
			s.delete('a');

			return s.sortBy('name');
		},
		'setIndex then delete, then the indexes view': s => {
			s.set('a', {name: 'x'});
			s.setIndex('a', {name: 'zzz'}, null);
			s.delete('a');
			s.set('c', {name: 'q'});

			return [...s.indexes.get('name').get('zzz') ?? []].map(k => [k, null]);
		}
	};
	for (const [what, run] of Object.entries(scenarios)) {
		it(`${what}: no internal error, and no record haro@16 would not return`, () => {
			const theirs = run(new ref.Haro({index: ['name']}));
			const s = new Haro({index: ['name']});
			const mine = run(s); // must not throw
			const keys = r => r.filter(p => p !== null).map(p => p[0]);
			for (const k of keys(mine)) assert.ok(keys(theirs).includes(k), `returned record ${inspect(k)}, haro@16 returns ${inspect(theirs)}`);
			assertUsable(s);
		});
	}
});

// ---- 3. panic --------------------------------------------------------------------------------

describe('a Rust panic', () => {
	it('panicForTest() throws a JS Error, and the process and its stores go on', () => {
		const s = seeded();
		const before = state(s);
		for (let i = 0; i < 200; i++) {
			assert.throws(() => native.panicForTest(), err => {
				assert.ok(err instanceof Error);
				assert.match(String(err.message), /panic/);

				return true;
			});
		}
		assert.deepStrictEqual(state(s), before);
		assertUsable(s);
		const fresh = haro([{id: 1, name: 'after'}], {index: ['name']});
		assert.equal(fresh.find({name: 'after'}).length, 1);
	});

	it('a panic inside a hook-driven batch does not poison the store', () => {
		class Panicky extends Haro {
			onset (rec) {
				if (rec[0] === 'p') native.panicForTest();
			}
		}
		const s = seeded(CONFIGS.mutable, Panicky);
		assert.throws(() => s.batch([{id: 'q', name: 'q'}, {id: 'p', name: 'p'}, {id: 'r'}]), /panic/);
		assert.ok(s.has('q') && s.has('p') && !s.has('r'));
		assertRebuilds(s, CONFIGS.mutable);
		assertUsable(s);
	});
});

const SNAP_DIR = mkdtempSync(join(tmpdir(), 'haro-rs-reliability-'));
after(() => rmSync(SNAP_DIR, {recursive: true, force: true}));

/** What the engine holds, read back through a snapshot, apart from the store's record cache. */
function engineDump (s) {
	const file = join(SNAP_DIR, `s${Math.random()}.snap`);
	s.save(file);

	return Haro.load(file).dump();
}

// A bulk write started from a hook (or a getter) of another has a staging area of its own, and
// a write that cannot send a chunk whole goes on a record at a time: what the facade holds
// (the record cache) and what the engine holds (read back through a snapshot) always agree.
describe('bulk writes inside bulk writes, and chunks that cannot cross whole', () => {
	const agree = s => {
		assert.deepStrictEqual(engineDump(s), s.dump());
		assert.equal(s.stats().records, s.size);
		if (handles.has(s)) assert.equal(native.check(native.slot(handles.get(s))), null, 'engine invariant check');
	};
	const made = (H, cfg) => {
		lastHandle = null;
		const s = new H(cfg);
		if (lastHandle !== null) handles.set(s, lastHandle);

		return s;
	};

	for (const index of [['name'], []]) {
		const cfg = {index};
		it(`setMany from a beforeSet hook of setMany: each call complete, found where it is (index ${JSON.stringify(index)})`, () => {
			class S extends Haro {
				beforeSet (key) {
					if (key === 'c') this.setMany([{id: 'n1', name: 'nested'}]);
				}
			}
			const s = made(S, cfg);
			s.set('a', {name: 'x'});
			assert.deepEqual(s.setMany([{id: 'b', name: 'b'}, {id: 'c', name: 'c'}, {id: 'd', name: 'd'}]).map(p => p[0]), ['b', 'c', 'd']);
			assert.deepEqual([...s.keys()].sort(), ['a', 'b', 'c', 'd', 'n1']);
			for (const name of ['b', 'c', 'd', 'nested']) assert.deepEqual(s.filter(r => r.name === name).length, 1, name);
			if (index.length > 0) for (const name of ['b', 'c', 'd', 'nested']) assert.deepEqual(s.find({name}).map(p => p[1].name), [name]);
			agree(s);
		});

		it(`a nested setMany refused and caught in a hook: the outer one keeps every record (index ${JSON.stringify(index)})`, () => {
			class S extends Haro {
				beforeSet (key) {
					if (key === 'c') assert.throws(() => this.setMany([{id: 'bad', v: 1n}]), TypeError);
				}
			}
			const s = made(S, cfg);
			s.setMany([{id: 'b', name: 'b'}, {id: 'c', name: 'c'}]);
			assert.equal(s.size, 2);
			if (index.length > 0) assert.equal(s.find({name: 'b'}).length, 1);
			agree(s);
		});
	}

	it('a getter that writes while its record is checked: a write of its own; while it is sent: refused', () => {
		// Read first by the check (a bulk write of its own, before anything is sent), then by
		// the encoding, while the outer write sends its records: a write then would fall between
		// the engine's part of the outer write and the record cache's, so it is refused.
		for (const fireOn of [1, 2]) {
			const s = made(Haro, {index: ['name']});
			s.set('a', {name: 'x'});
			let reads = 0;
			let refused = null;
			s.batch([
				{id: 'c', name: 'c'},
				{id: 'd', name: 'd', n: {get x () {
					if (++reads === fireOn) {
						try {
							s.batch([{id: 'b1', name: 'B'}]);
						} catch (e) {
							refused = e;
						}
					}

					return 1;
				}}},
				{id: 'e', name: 'e'}
			]);
			assert.deepEqual([...s.keys()].sort(), fireOn === 1 ? ['a', 'b1', 'c', 'd', 'e'] : ['a', 'c', 'd', 'e'], `read ${fireOn}`);
			assert.equal(refused === null, fireOn === 1);
			if (refused !== null) assert.match(refused.message, /cannot be written while it sends records/);
			assert.deepEqual(s.find({name: 'c'}).map(p => p[0]), ['c']);
			agree(s);
		}
	});

	for (const [what, write] of [
		['override', s => s.override([['inner', {id: 'inner', name: 'I'}]])],
		['clear', s => s.clear()],
		['delete', s => s.delete('a')],
		['set', s => s.set('n', {name: 'n'})],
		['a read that lands a queue', s => s.stats()]
	]) {
		for (const cfg of [{index: ['name']}, {index: ['name'], recordCacheSize: 5}, {}]) {
			it(`a getter that calls ${what} while its record is sent (${JSON.stringify(cfg)}): the outer write is whole, cache and engine agree`, () => {
				for (const outer of ['batch', 'override']) {
					const s = made(Haro, cfg);
					s.set('a', {name: 'x'});
					let reads = 0;
					const recs = Array.from({length: 600}, (_, i) => ({id: `k${i}`, name: `n${i % 5}`}));
					recs[550].g = {get x () {
						if (++reads === 2) {
							try {
								write(s);
							} catch {
								// (refused while the outer write sends its records)
							}
						}

						return 1;
					}};
					if (outer === 'batch') s.batch(recs);
					else s.override(recs.map(r => [r.id, r]));
					assert.equal(s.stats().records, s.size, outer);
					assert.ok(s.has('k0') && s.has('k599'), outer);
					agree(s);
				}
			});
		}
	}

	it('a getter that overrides the store while the last record of a write is checked: that override lands first, the write after it', () => {
		// The override (from the check's read) is deferred; the write sends its records after
		// it lands, so the store ends with the write's records, in the cache and the engine.
		for (const cfg of [{index: ['name']}, {}, {index: ['name'], recordCacheSize: 5}]) {
			for (const outer of ['batch', 'override']) {
				const s = made(Haro, cfg);
				s.set('a', {name: 'x'});
				let reads = 0;
				const recs = Array.from({length: 10}, (_, i) => ({id: `k${i}`, name: `n${i}`}));
				recs[9].g = {get x () {
					if (++reads === 1) s.override([['inner', {id: 'inner', name: 'I'}]]);

					return 1;
				}};
				if (outer === 'batch') s.batch(recs);
				else s.override(recs.map(r => [r.id, r]));
				assert.deepEqual([...s.keys()], [...(outer === 'batch' ? ['inner'] : []), ...recs.map(r => r.id)], `${JSON.stringify(cfg)} ${outer}`);
				agree(s.reindex()); // (an override leaves the indexes to rebuild, as haro's does)
			}
		}
	});

	it('a clock that throws in an override staged whole: nothing stays staged in the engine', () => {
		let bad = false;
		const s = made(Haro, {ttl: 1e9, now: () => bad ? 'oops' : Date.now()});
		s.set('a', {v: 1});
		bad = true;
		assert.throws(() => s.override([['x', {id: 'x'}], ['y', {id: 'y'}]]), /now\(\) must return/);
		bad = false;
		assert.deepEqual([...s.keys()], ['a']);
		s.override([['z', {id: 'z'}]]);
		assert.deepEqual([...s.keys()], ['z']);
		agree(s);
	});

	it('a record changed past the depth a chunk crosses with before it lands: it lands on its own, the store goes on', () => {
		const s = made(Haro, {});
		const tree = {};
		s.set('a', {name: 'x', tree});
		s.set('b', {name: 'y'});
		let o = tree;
		for (let i = 0; i < 600; i++) o = o.c = {};
		assert.equal(s.stats().records, 2); // (lands)
		s.delete('b');
		assert.equal(s.size, 1);
		agree(s);
		s.set('z', {name: 'z'});
		assert.deepEqual(s.reindex('name').find({name: 'z'}).map(p => p[0]), ['z']);
		agree(s);
	});

	it('a getter that answers differently the second time (nesting past what a chunk crosses with): the batch is whole', () => {
		const s = made(Haro, {index: ['name']});
		s.set('a', {name: 'x'});
		let reads = 0;
		const recs = Array.from({length: 600}, (_, i) => ({id: `k${i}`, name: 'n'}));
		recs[550].v = {get g () {
			return ++reads === 1 ? 1 : deepObject(600);
		}};
		s.batch(recs);
		assert.equal(s.size, 601);
		assert.equal(s.find({name: 'n'}).length, 600);
		assert.equal(s.stats().records, 601);
		const held = engineDump(s);
		assert.equal(held.length, 601);
		assert.equal(held.find(([k]) => k === 'k550')[1].name, 'n'); // (its getter's value as read at landing)
		assertUsable(s);
	});

	it('a chunk after one the engine refused is encoded once: a getter in it is read as often as where every chunk is set on the JS thread', () => {
		const s = made(Haro, {recordCacheSize: 0});
		let reads = 0;
		let counted = 0;
		const recs = Array.from({length: 900}, (_, i) => ({id: `k${i}`, name: `n${i % 5}`}));
		recs[100].v = {get g () {
			return ++reads === 1 ? 1 : deepObject(600);
		}};
		recs[300].w = {get g () {
			return ++counted;
		}};
		s.batch(recs);
		assert.equal(s.get('k300')[1].w.g, 2); // (read at the check, and once more to encode)
		assert.equal(s.stats().records, 900);
	});

	// Where the engine sets a write's chunks off the JS thread (src/ingest.rs), a chunk it
	// refuses is known at the next chunk's crossing, or at the end: the rest of it then goes a
	// record at a time before anything after it, in order, with the ids the cache keeps.
	for (const at of [100, 300, 550, 850]) {
		it(`a record the engine refuses in chunk ${1 + Math.floor(at / 256)} of 4 (a getter nesting past the chunk's depth when read again): the write is whole, in order`, () => {
			for (const cfg of [{index: ['name']}, {}, {versioning: true}, {recordCacheSize: 0}]) {
				const s = made(Haro, cfg);
				s.set('a', {name: 'x'});
				let reads = 0;
				const recs = Array.from({length: 900}, (_, i) => ({id: `k${i}`, name: `n${i % 5}`}));
				recs[at].v = {get g () {
					return ++reads === 1 ? 1 : deepObject(600);
				}};
				s.batch(recs);
				assert.equal(s.size, 901);
				assert.equal(s.stats().records, 901);
				const held = engineDump(s);
				assert.deepEqual(held.map(([k]) => k), ['a', ...recs.map(r => r.id)]);
				assert.equal(held.find(([k]) => k === `k${at}`)[1].name, `n${at % 5}`);
				const want = recs.filter(r => r.name === 'n2').map(r => r.id);
				assert.deepEqual((cfg.index ? s : s.reindex('name')).find({name: 'n2'}).map(([k]) => k), want);
				assert.equal(s.get(`k${at + 1}`)[1].name, `n${(at + 1) % 5}`);
				assertUsable(s);
			}
		});
	}

	// (`setRecordsLater`, where chunks are set off the JS thread, is refused with `setRecords`:
	// the chunk then crosses here, through `setRecords`; else `setRecords` is refused)
	for (const [what, fail] of [['setRecords', 'setRecords'], ['setChunk', 'setChunk'], ['stageRecords', 'stageRecords'], ['stageChunk', 'stageChunk']]) {
		it(`a chunk the engine cannot take whole (${what} throws once): the write goes on a record at a time`, () => {
			// (as a chunk whose text passes V8's longest string: \`RangeError: Invalid string length\`)
			const refused = fail === 'setRecords' ? ['setRecords', 'setRecordsLater'] : [fail];
			const original = Object.fromEntries(refused.map(f => [f, native[f]]));
			let thrown = 0;
			for (const f of refused) {
				native[f] = (...a) => {
					if (thrown++ === 0) throw new RangeError('Invalid string length');

					return original[f](...a);
				};
			}
			try {
				for (const cfg of [{index: ['name']}, {}, {versioning: true}]) {
					thrown = 0;
					const s = made(Haro, cfg);
					// (a NaN needs a tag: such a chunk crosses through setChunk, the rest through setRecords)
					const recs = Array.from({length: 600}, (_, i) => ({id: `k${i}`, name: `n${i % 7}`, ...(i % 3 ? {} : {d: new Date(i)}), ...(fail.endsWith('Chunk') ? {x: NaN} : {})}));
					if (fail.startsWith('stage')) s.override(recs.map(r => [r.id, r]));
					else s.batch(recs);
					assert.equal(s.stats().records, 600); // (a store without indexes lands its deferred writes here)
					assert.ok(thrown > 0, `${fail} was called`);
					assert.equal(s.size, 600);
					if (cfg.index) assert.equal(s.reindex().find({name: 'n3'}).length, recs.filter(r => r.name === 'n3').length);
					agree(s);
				}
			} finally {
				Object.assign(native, original);
			}
		});
	}
});

// A chunk of records, a key list or an index dump is read by the binding in one copy (src/binding.rs,
// `Chunk`), three bytes of room a UTF-16 unit; past 4M units, the ordinary conversion. Whatever
// the text's characters and size, the engine must hold what haro@16 holds: read back through a
// snapshot, apart from the record cache.
describe('bulk texts of every size and alphabet', () => {
	// ASCII, two-, three- and four-byte UTF-8, lone surrogates, escapes and NUL
	const ALPHABET = ['a', 'é', '€', '😀', '\ud800', '\udfff', '"', '\\', '\n', '\u0000', '\u2028'];
	const text = (i, n, alphabet = ALPHABET) => Array.from({length: n}, (_, j) => alphabet[(i + j) % alphabet.length]).join('');
	const keyText = (i, n) => text(i, n, ALPHABET.filter(c => c.isWellFormed())); // (a key with a lone surrogate is refused: README, differences)

	for (const cfg of [{index: ['name', 'name|tag']}, {}, {versioning: true}]) {
		it(`batch, factory, batch del and index override ${JSON.stringify(cfg)}: what haro@16 holds`, () => {
			const recs = Array.from({length: 700}, (_, i) => ({id: `k${keyText(i, 3)}${i}`, name: text(i, 1 + i % 9), tag: text(i * 7, 2), body: text(i, 40 + i % 300)}));
			// one chunk of 256 records past 4M units (the ordinary conversion), then small ones
			const big = Array.from({length: 256}, (_, i) => ({id: `b${i}`, name: text(i, 3), body: text(i, 17000)}));
			const sides = [[ref.haro, ref.Haro], [haro, Haro]].map(([factory]) => {
				const s = factory(recs.slice(0, 300), cfg);
				s.batch(big);
				s.batch(recs.slice(300));
				s.batch(recs.filter((_, i) => i % 5 === 0).map(r => r.id), 'del');
				s.batch(big.filter((_, i) => i % 2 === 0).map(r => r.id), 'del');

				return s;
			});
			const [r, s] = sides;
			assert.deepStrictEqual(s.toArray(), r.toArray());
			assert.deepStrictEqual(engineDump(s), r.dump());
			if (cfg.index) {
				for (const i of [1, 2, 10, 11]) assert.deepStrictEqual(s.find({name: recs[i].name}), r.find({name: recs[i].name}));
				const dumped = r.dump('indexes');
				const [r2, s2] = [new ref.Haro(cfg), new Haro(cfg)];
				r2.override(r.dump('records'), 'records');
				s2.override(s.dump('records'), 'records');
				r2.override(dumped, 'indexes');
				s2.override(s.dump('indexes'), 'indexes');
				assert.deepStrictEqual(s2.dump('indexes'), r2.dump('indexes'));
				assert.deepStrictEqual(s2.find({name: recs[3].name}), r2.find({name: recs[3].name}));
			}
		});
	}
});

// Reads of many records, or keys, cross as one string each; where the engine's text cannot be
// one (records of hundreds of MB each together pass V8's longest string), the ids are read in
// halves. The engine's refusal is simulated here: a read of more than two ids throws.
describe('reads whose text cannot cross as one string', () => {
	it('records and keys are read in halves, and every read answers as before', () => {
		const {records, keys, keysOf} = native;
		const big = (f, n) => (h, ids) => {
			if (ids === undefined || ids.length > n) throw new Error('Failed to convert rust `String` into napi `string`');

			return f(h, ids);
		};
		for (const cfg of [{index: ['name'], recordCacheSize: 0}, {index: ['name'], recordCacheSize: 5}]) {
			const s = new Haro(cfg);
			const recs = Array.from({length: 300}, (_, i) => ({id: `k${i}`, name: `n${i % 4}`, i}));
			s.batch(recs);
			const want = {
				dump: s.dump(), keys: [...s.keys()], find: s.find({name: 'n1'}), filter: s.filter(r => r.i % 7 === 0),
				limit: s.limit(10, 50), where: s.where({name: ['n2', 'n3']}), sortBy: s.sortBy('name'), values: [...s.values()]
			};
			native.records = big(records, 2);
			native.keys = big(keys, Infinity);
			native.keysOf = big(keysOf, 3);
			try {
				const s2 = new Haro(cfg);
				s2.batch(recs);
				assert.deepStrictEqual({
					dump: s2.dump(), keys: [...s2.keys()], find: s2.find({name: 'n1'}), filter: s2.filter(r => r.i % 7 === 0),
					limit: s2.limit(10, 50), where: s2.where({name: ['n2', 'n3']}), sortBy: s2.sortBy('name'), values: [...s2.values()]
				}, want);
				// a read that fails for one id too throws the engine's error
				native.records = () => {
					throw new Error('refused');
				};
				const s3 = new Haro({recordCacheSize: 0});
				s3.set('a', {v: 1});
				assert.throws(() => s3.dump(), /refused/);
			} finally {
				Object.assign(native, {records, keys, keysOf});
			}
		}
	});
});

describe('index dumps whose text cannot cross as one string', () => {
	it('dump(\'indexes\') is read from the ids, the keys in slices, and answers as haro@16 does', () => {
		const {dumpIndexes, indexKeys, indexKeysFrom, indexLookup} = native;
		const TOO_LONG = 'Failed to convert rust `String` into napi `string`';
		const recs = Array.from({length: 300}, (_, i) => ({id: i % 3 ? `k${i}` : i, name: `n${i % 7}`, tags: [`t${i % 5}`, `u${i % 11}`], d: i % 2 ? new Date(i * 1e9) : -0}));
		for (const cfg of [{index: ['name', 'tags', 'name|d'], recordCacheSize: 0}, {index: ['name', 'tags', 'd'], recordCacheSize: 5, versioning: true}]) {
			const s = new Haro(cfg);
			const r = ref.haro(null, cfg);
			for (const x of [s, r]) {
				x.batch(recs);
				for (let i = 0; i < 300; i += 13) x.delete(recs[i].id);
				x.set('k1', {name: 'moved', tags: ['t0']});
			}
			const want = r.dump('indexes');
			const counts = {dump: 0, keys: 0, slices: 0};
			native.dumpIndexes = () => {
				counts.dump++;
				throw new Error(TOO_LONG);
			};
			native.indexKeys = () => {
				counts.keys++;
				throw new Error(TOO_LONG);
			};
			// slices of a few keys each (of at most 12 bytes of text: one key at least)
			native.indexKeysFrom = (h, name, from) => {
				counts.slices++;

				return indexKeysFrom(h, name, from, 12);
			};
			native.indexLookup = () => {
				throw new Error(TOO_LONG);
			};
			try {
				// the view's lookup of one key falls back to the whole index, read from its ids
				for (const v of ['n1', 'n6', 'nope']) assert.deepStrictEqual(s.indexes.get('name').get(v), r.indexes.get('name').get(v));
				assert.deepStrictEqual(s.dump('indexes'), want);
				assert.ok(counts.dump > 0 && counts.keys > 0 && counts.slices > 20, `the refusals were met: ${JSON.stringify(counts)}`);
				// an error that is not about the text's length is thrown as it is, and changes nothing
				native.indexKeys = () => {
					throw new Error('refused');
				};
				s.set('k2', {name: 'again'});
				r.set('k2', {name: 'again'});
				assert.throws(() => s.dump('indexes'), /refused/);
			} finally {
				Object.assign(native, {dumpIndexes, indexKeys, indexKeysFrom, indexLookup});
			}
			assert.deepStrictEqual(s.dump('indexes'), r.dump('indexes'));
		}
	});
});

describe('an override of indexes whose text cannot cross as one string', () => {
	it('crosses in parts (an index, and a key\'s record keys, cut across them) and ends as haro@16\'s', () => {
		const {overrideIndexes, overrideIndexesParts} = native;
		// more keys than a part holds (65,536) in index u, more record keys than that under c's one key
		const n = 70000;
		const recs = Array.from({length: n}, (_, i) => ({id: i % 2 ? `k${i}` : i, u: `u${i}`, c: 'same', g: i % 3, d: i % 5 === 0 ? new Date(i) : i % 7}));
		const cfg = {index: ['u', 'c', 'g', 'd']};
		// (past its record cache: the record keys cross as JSON, not as ids)
		const s = new Haro({...cfg, recordCacheSize: 1000});
		const r = ref.haro(null, cfg);
		const seen = [];
		native.overrideIndexesParts = (h, parts, continues) => {
			seen.push(continues.slice());

			return overrideIndexesParts(h, parts, continues);
		};
		try {
			for (const x of [s, r]) x.batch(recs);
			const dump = r.dump('indexes');
			// reordered; g given twice, the first time with a key the second lacks (the last one
			// counts, as in haro); in d a key given again (the later record keys count, in its
			// first place, as in a Map built from entries)
			const d = dump[3][1];
			const given = [dump[2], ['g', [['only-first', [recs[0].id]]]], dump[1], dump[0], ['d', [...d.slice(0, 3), [d[1][0], [recs[9].id]], ...d.slice(3)]]];
			const before = s.dump('indexes');
			const bad = [...given, ['g', [['x', 'not a list']]]];
			assert.throws(() => s.override(bad, 'indexes'), TypeError);
			assert.deepStrictEqual(s.dump('indexes'), before, 'a malformed part changes nothing');
			seen.length = 0;
			assert.equal(s.override(given, 'indexes'), r.override(given, 'indexes'));
			const how = seen[0];
			assert.ok(how.includes(1) && how.includes(2), `an entry and a key went on across parts: ${how.join('')}`);
		} finally {
			Object.assign(native, {overrideIndexes, overrideIndexesParts});
		}
		assert.deepStrictEqual(s.dump('indexes'), r.dump('indexes'));
		for (const q of [{u: 'u69999'}, {g: 2}, {d: 3}, {c: 'same'}]) assert.deepStrictEqual(s.find(q), r.find(q));
		for (const x of [s, r]) x.set('k1', {u: 'moved', g: 9});
		assert.deepStrictEqual(s.dump('indexes'), r.dump('indexes'));
	});

	it('a small one whose text V8 refuses goes in parts too', () => {
		const {overrideIndexes} = native;
		const recs = Array.from({length: 50}, (_, i) => ({id: `k${i}`, g: i % 4}));
		const s = new Haro({index: ['g'], recordCacheSize: 10}); // (as above)
		const r = ref.haro(null, {index: ['g']});
		for (const x of [s, r]) x.batch(recs);
		const given = [['g', [[1, ['k3', 'k1']], [0, ['k0']], [1, ['k5']]]]];
		let refused = 0;
		native.overrideIndexes = () => {
			refused++;
			throw new RangeError('Invalid string length');
		};
		try {
			s.override(given, 'indexes');
		} finally {
			native.overrideIndexes = overrideIndexes;
		}
		r.override(given, 'indexes');
		assert.equal(refused, 1);
		assert.deepStrictEqual(s.dump('indexes'), r.dump('indexes'));
		// any other error is the call's own
		native.overrideIndexes = () => {
			throw new RangeError('something else');
		};
		try {
			assert.throws(() => s.override(given, 'indexes'), /something else/);
		} finally {
			native.overrideIndexes = overrideIndexes;
		}
	});
});

describe('an override of indexes in a store its record cache holds whole (record keys cross as ids)', () => {
	const recs = () => [...Array.from({length: 40}, (_, i) => ({id: i % 3 ? `k${i}` : i, g: i % 4, d: new Date(i % 5)})), {id: NaN, g: 1}, {id: -0, g: 2}];
	// keys it does not hold, numbers given as strings, NaN and -0, a key twice, a value given
	// twice, an index named twice, a Date value (an object key: by identity in haro), holes
	const given = () => {
		const r = recs();
		const dump = ref.haro(r, {index: ['g', 'd']}).dump('indexes');

		return [dump[0], ['g', [[1, ['k1', 'k1', 3, '3', 'ghost', NaN, 0]], [0, ['k4']], [1, ['k5', -0]]]], ['n', [[null, [3, 'k2']], [[1, 2], ['k2', , 'k7']]]], dump[1]]; // eslint-disable-line no-sparse-arrays
	};

	it('ends as haro@16\'s, and as the long way does', () => {
		const {overrideIndexesIds, overrideIndexes} = native;
		let ids = 0;
		let texts = 0;
		native.overrideIndexesIds = (...a) => (ids++, overrideIndexesIds(...a));
		native.overrideIndexes = (...a) => (texts++, overrideIndexes(...a));
		try {
			const s = new Haro({index: ['g', 'd']});
			const long = new Haro({index: ['g', 'd'], recordCacheSize: 5});
			const r = ref.haro(null, {index: ['g', 'd']});
			for (const x of [s, long, r]) {
				x.batch(recs());
				x.override(given(), 'indexes');
			}
			assert.deepEqual([ids, texts], [1, 1]);
			for (const x of [s, long]) {
				// (haro keeps the keys it does not hold, README difference 5: compared as haro-rs keeps them)
				assert.deepStrictEqual(x.dump('indexes'), r.dump('indexes').map(([n, kv]) => [n, kv.map(([v, ks]) => [v, ks.filter(k => r.has(k))])]));
				assert.deepStrictEqual(x.find({g: 1}).map(p => p[0]), r.find({g: 1}).map(p => p[0]));
				// a Date given back from the records' own takes their key: their update leaves nothing behind
				x.set('k2', {g: 3, d: new Date(9)});
			}
			assert.deepStrictEqual(s.dump('indexes'), long.dump('indexes'));
		} finally {
			Object.assign(native, {overrideIndexesIds, overrideIndexes});
		}
	});

	it('a malformed one throws and changes nothing; one whose text V8 refuses goes the long way', () => {
		const {overrideIndexesIds} = native;
		const s = new Haro({index: ['g']});
		s.batch(recs());
		const before = s.dump('indexes');
		for (const bad of [[['g', 'x']], [['g', [[1, 'k1']]]], [['g', [1]]], ['g']]) {
			assert.throws(() => s.override(bad, 'indexes'), TypeError, JSON.stringify(bad));
			assert.deepStrictEqual(s.dump('indexes'), before);
		}
		// holes go the long way, and end as it does
		for (const holed of [[[, [[1, ['k1']]]]], [['g', [[, ['k1']], [2, ['k2']]]]]]) { // eslint-disable-line no-sparse-arrays
			const long = new Haro({index: ['g'], recordCacheSize: 5});
			long.batch(recs());
			for (const x of [s, long]) x.override(holed, 'indexes');
			assert.deepStrictEqual(s.dump('indexes'), long.dump('indexes'));
		}
		let refused = 0;
		native.overrideIndexesIds = () => {
			refused++;
			throw new RangeError('Invalid string length');
		};
		try {
			s.override(given(), 'indexes');
		} finally {
			native.overrideIndexesIds = overrideIndexesIds;
		}
		const want = new Haro({index: ['g', 'd'], recordCacheSize: 5});
		want.batch(recs());
		want.override(given(), 'indexes');
		assert.equal(refused, 1);
		assert.deepStrictEqual(s.dump('indexes'), want.dump('indexes'));
	});
});

describe('a deleteMany whose key list cannot cross as one string', () => {
	it('crosses in parts, one call: all or nothing as before', () => {
		const {bulkDelete, bulkDeleteParts} = native;
		const n = 50000; // more keys to delete than a part holds (32,768)
		const recs = Array.from({length: n}, (_, i) => ({id: i % 2 ? `k${i}` : i, g: i % 3}));
		const gone = recs.filter((_, i) => i % 4 !== 1).map(r => r.id);
		const cfg = {index: ['g'], versioning: true};
		const want = new Haro(cfg);
		want.batch(recs);
		want.deleteMany(gone);
		const s = new Haro(cfg);
		s.batch(recs);
		let refused = 0;
		const sent = [];
		native.bulkDelete = () => {
			refused++;
			throw new RangeError('Invalid string length');
		};
		native.bulkDeleteParts = (h, parts, versions) => {
			sent.push(parts.length);

			return bulkDeleteParts(h, parts, versions);
		};
		try {
			// a key missing from the last part: nothing is deleted
			assert.throws(() => s.deleteMany([...gone, 'nope']), /not found/);
			assert.equal(s.size, n);
			s.deleteMany(gone);
			assert.equal(refused, 2);
			assert.deepStrictEqual(sent, [2, 2]);
		} finally {
			Object.assign(native, {bulkDelete, bulkDeleteParts});
		}
		assert.deepStrictEqual(s.dump(), want.dump());
		assert.deepStrictEqual(s.dump('indexes'), want.dump('indexes'));
		assert.deepStrictEqual(s.find({g: 1}), want.find({g: 1}));
	});
});

describe('a versions view whose key list cannot cross as one string', () => {
	it('reads the keys in slices and answers as haro@16 does', () => {
		const {versionedKeys, versionedKeysFrom} = native;
		const n = 40000; // more versioned keys than a slice holds (32,768)
		const cfg = {versioning: true, recordCacheSize: 10};
		const s = new Haro(cfg);
		const r = ref.haro(null, cfg);
		for (const x of [s, r]) {
			x.batch(Array.from({length: n + 5}, (_, i) => ({id: i % 2 ? `k${i}` : i, v: 0})));
			for (let i = 0; i < n; i++) x.set(i % 2 ? `k${i}` : i, {v: 1});
			x.delete('k7');
		}
		let refused = 0;
		let slices = 0;
		native.versionedKeys = () => {
			refused++;
			throw new Error('Failed to convert rust `String` into napi `string`');
		};
		// slices of at most 2,000 bytes of text
		native.versionedKeysFrom = (h, from) => {
			slices++;

			return versionedKeysFrom(h, from, 2000);
		};
		try {
			assert.deepStrictEqual([...s.versions.keys()], [...r.versions.keys()]);
			assert.ok(refused > 0 && slices > 100, `${refused} refusals, ${slices} slices`);
			for (const k of [1, 'k3', 39998, 'k39999']) assert.deepStrictEqual(s.versions.get(k), r.versions.get(k));
			assert.equal(s.versions.size, r.versions.size);
		} finally {
			Object.assign(native, {versionedKeys, versionedKeysFrom});
		}
	});
});

describe('a delimiter assigned that has no string', () => {
	it('throws, and the store keeps the one it had', () => {
		for (const bad of [Symbol('d'), [Symbol('d')], {toString: () => { throw new Error('no string'); }}]) {
			const s = seeded();
			const before = state(s);
			assert.throws(() => {
				s.delimiter = bad;
			});
			assert.equal(s.delimiter, '|');
			assert.deepStrictEqual(state(s), before);
			assert.equal(s.find({age: 30, name: 'bob'}).length, 1); // the composite index age|name
			assertUsable(s);
		}
	});
});
