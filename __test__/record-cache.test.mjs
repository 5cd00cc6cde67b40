// Differential tests on a few thousand seeded records: bulk load, queries, updates and
// deletes, with haro-rs's record cache at its default size and at tiny sizes (the
// `recordCacheSize` option is haro-rs's own; haro@16 ignores unknown config keys).
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Haro, haro} from '../index.mjs';
import {Pair} from './helpers/compare.mjs';
import {prng} from './helpers/prng.mjs';

const VARIANTS = [
	{name: 'mutable, default cache', immutable: false, versioning: false},
	{name: 'immutable+versioning, default cache', immutable: true, versioning: true},
	{name: 'mutable+versioning, recordCacheSize 0', immutable: false, versioning: true, recordCacheSize: 0},
	{name: 'immutable, recordCacheSize 3', immutable: true, versioning: false, recordCacheSize: 3}
];


const DEPTS = ['eng', 'ops', 'sales', 'hr', 'legal', 'Ünïcode', 'eng2'];
const CITIES = ['Paris', 'Oslo', 'Rome', 'Lima', 'Kyiv'];
const TAGS = ['a', 'b', 'c', 'd', 'e'];

function dataset (n, seed = 42) {
	const r = prng(seed);
	const pick = arr => arr[Math.floor(r() * arr.length)];
	const out = [];
	for (let i = 0; i < n; i++) {
		const rec = {id: i % 7 === 0 ? i : `r${i}`, name: `n${Math.floor(r() * 50)}`, dept: pick(DEPTS), age: 18 + Math.floor(r() * 50)};
		if (r() < 0.8) rec.city = pick(CITIES);
		rec.tags = TAGS.filter(() => r() < 0.3);
		rec.active = r() < 0.5;
		rec.score = r() < 0.05 ? -0 : Math.round(r() * 1000) / 10;
		rec.meta = {rank: Math.floor(r() * 5), nested: {deep: [i % 3]}};
		out.push(rec);
	}

	return out;
}

const N = 700;

for (const mode of VARIANTS) {
	{
		const cache = mode;
		const title = `bulk, ${mode.name}`;
		const cfg = () => ({id: 'bulk', immutable: mode.immutable, versioning: mode.versioning,
			index: ['name', 'dept', 'age', 'tags', 'city', 'age|dept', 'active'], ...(cache.recordCacheSize !== undefined ? {recordCacheSize: cache.recordCacheSize} : {})});

		describe(`differential: ${title}`, () => {
			it('load, query, update, delete', () => {
				const p = new Pair(M => M.haro(dataset(N), cfg()), {title});
				p.state('after load');
				for (const d of DEPTS) p.run(`find dept ${d}`, s => s.find({dept: d}));
				p.run('find composite', s => s.find({dept: 'eng', age: 30}));
				p.run('find tags', s => s.find({tags: ['a', 'e']}, true));
				p.run('find city undefined', s => s.find({city: undefined}).length);
				p.run('where dept list', s => s.where({dept: ['ops', 'hr']}));
				p.run('where tags &&', s => s.where({tags: ['a', 'b']}, '&&'));
				p.run('where dept + active', s => s.where({dept: 'eng', active: true}));
				p.run('search regexp', s => s.search(/^n1/, 'name'));
				p.run('search function', s => s.search((v, i) => i === 'age' && v > 60));
				p.run('sortBy age', s => s.sortBy('age'));
				p.run('sortBy dept raw', s => s.sortBy('dept', true));
				p.run('sortBy score (adds index)', s => s.sortBy('score'));
				p.run('limit pages', s => [s.limit(0, 10), s.limit(350, 25), s.limit(N - 5, 10)]);
				p.run('filter', s => s.filter(r => r.age > 50 && r.active));
				p.run('map', s => s.map(r => ({id: r.id, n: r.name})).slice(0, 50));
				p.run('reduce', s => s.reduce((a, r) => a + r.age, 0));
				p.run('toArray', s => s.toArray());
				p.run('update every 3rd', s => {
					const out = [];
					for (let i = 0; i < N; i += 3) {
						const k = i % 7 === 0 ? i : `r${i}`;
						out.push(s.set(k, {age: i % 90, tags: ['z'], meta: {rank: 9}}));
					}

					return out;
				});
				p.run('batch replace every 5th', s => s.batch(dataset(N, 7).filter((_, i) => i % 5 === 0)).length);
				p.run('delete every 4th', s => {
					for (let i = 0; i < N; i += 4) s.delete(i % 7 === 0 ? i : `r${i}`);

					return s.size;
				});
				p.run('batch del', s => s.batch(['r1', 'r2', 'r3', 'r5', 'r6'], 'del'));
				p.state('after updates');
				p.run('find after updates', s => [s.find({tags: 'z'}), s.find({dept: 'ops', age: 27})]);
				p.run('where after updates', s => s.where({tags: ['z', 'a']}));
				p.run('sortBy after updates', s => s.sortBy('age'));
				p.run('dump round trip', s => {
					const d = s.dump('records').map(([k, v]) => [k, {...v}]);
					s.override(d, 'records');

					return s.reindex().size;
				});
				p.state('after override + reindex');
				p.run('clear', s => s.clear().size);
				p.state('after clear');
			});
		});
	}
}

// A store past its record cache is read a chunk of records at a time by forEach, reduce,
// filter and map (lib/records.js `each`), none of them cached: across several chunks (700
// records, 256 a chunk), what haro hands out, in order.
describe('full passes over a store past its record cache', () => {
	for (const mode of [{immutable: false}, {immutable: true}, {immutable: false, versioning: true}]) {
		const cfg = () => ({id: 'bulk', ...mode, index: ['dept'], recordCacheSize: 100});
		const label = JSON.stringify(mode);
		it(`${label}: forEach, reduce, filter, map`, () => {
			const p = new Pair(M => M.haro(dataset(N), cfg()), {title: label});
			p.run('forEach', s => {
				const out = [];
				s.forEach((v, k) => out.push([k, v.age, Object.isFrozen(v)]));

				return out;
			});
			p.run('reduce', s => s.reduce((a, v, k) => a + (typeof k === 'number' ? k : 0) + v.age, 0));
			p.run('filter', s => s.filter(r => r.age > 50 && r.active));
			p.run('filter raw', s => s.filter(r => r.dept === 'eng', true));
			p.run('map', s => s.map(r => r.meta.nested.deep[0]));
			p.run('a record deleted in a later chunk is not handed out', s => {
				const seen = [];
				s.forEach((v, k) => {
					if (seen.length === 0) s.delete('r650');
					seen.push(k);
				});

				return [seen.length, seen.includes('r650')];
			});
			p.state('after passes');
		});
	}

	it('a cached record is handed out as cached; frozen keys stay frozen (mutable)', () => {
		const p = new Pair(M => M.haro(dataset(N), cfg2()), {title: 'mutable'});
		function cfg2 () {
			return {id: 'bulk', index: ['dept'], recordCacheSize: 100};
		}
		p.run('same object as get', s => {
			const r = s.get('r600', true);
			let same = null;
			s.forEach((v, k) => {
				if (k === 'r600') same = v === r;
			});

			return same;
		});
		p.run('changes made to a cached record show in the pass', s => {
			s.get('r601', true).age = -1;

			return s.reduce((a, v) => a + (v.age === -1 ? 1 : 0), 0);
		});
		p.run('sort(fn, true) freezes; a pass hands out frozen records', s => {
			s.sort((a, b) => a.age - b.age, true);
			let frozen = 0;
			s.forEach(v => {
				frozen += Object.isFrozen(v) ? 1 : 0;
			});

			return frozen;
		});
	});

	for (const mode of [{immutable: false}, {immutable: true}, {immutable: false, versioning: true}]) {
		it(`after writes, a pass hands out again the objects of the records not written, as haro does: ${JSON.stringify(mode)}`, () => {
			const p = new Pair(M => M.haro(dataset(N), {id: 'bulk', ...mode, index: ['dept'], recordCacheSize: 100}), {title: JSON.stringify(mode)});
			// Each record of a pass: its key, whether it is the object the pass before (on the
			// same side) handed out for that key, and what it holds.
			const before = {ref: new Map(), impl: new Map()};
			const pass = (list, side) => {
				const out = list.map(([k, v]) => [k, before[side].get(k) === v, v.age, v.dept]);
				before[side] = new Map(list);

				return out;
			};
			const passes = {
				toArray: (s, M, side) => pass(s.toArray().map(v => [v.id, v]), side),
				entries: (s, M, side) => pass([...s.entries()], side),
				forEach: (s, M, side) => {
					const list = [];
					s.forEach((v, k) => list.push([k, v]));

					return pass(list, side);
				},
				filter: (s, M, side) => pass(s.filter(() => true, true).map(v => [v.id, v]), side)
			};
			const writes = [
				['a merge', s => s.set('r400', {age: 1234})],
				['a replacement', s => s.set('r401', {id: 'r401', age: 1, dept: 'ops'}, false, true)],
				['a delete', s => s.delete('r402')],
				['a new record', s => s.set(null, {id: 'new1', age: 7, dept: 'eng'})],
				['a delete, then a new record (the deleted record\'s engine slot)', s => [s.delete('r403'), s.set(null, {id: 'new2', age: 8, dept: 'hr'})]],
				['a batch', s => s.batch([{id: 'r404', age: 9}, {id: 'new3', age: 10}])],
				['a delete of a record a pass has not read yet, set again', s => [s.delete('r405'), s.set(null, {id: 'r405', age: 11})]],
				['nothing', () => null],
				// (past its cache, a store overridden or emptied hands out new objects: compared by value)
				['override of a dump', s => s.override(s.dump('records'), 'records'), false],
				['clear and a batch', s => [s.clear(), s.batch(dataset(300))], false]
			];
			for (const [via, read] of Object.entries(passes)) {
				p.run(`${via}: a first pass`, read);
				for (const [what, write, same = true] of writes) {
					p.run(`${via}: ${what}`, write);
					p.run(`${via}: the pass after ${what}`, same ? read : (...a) => read(...a).map(([k, , ...v]) => [k, ...v]));
				}
				p.run(`${via}: back to a full store`, s => [s.clear(), s.batch(dataset(N))]); // (not override: haro's versioning then fails a merge)
			}
			p.state('after the passes');
		});
	}

	it('passes hand out the same objects while nothing is written, as haro does (mutable)', () => {
		const p = new Pair(M => M.haro(dataset(N), {id: 'bulk', index: ['dept'], recordCacheSize: 100}), {title: 'mutable'});
		p.run('two passes, the same objects', s => {
			const a = [];
			const b = [];
			s.forEach(v => a.push(v));
			s.forEach(v => b.push(v));

			return [a.length, a.every((v, i) => v === b[i])];
		});
		// (what a pass decoded is kept weakly; within one task the GC cannot take it)
		// (a change made to a record outside a write is lost when the record leaves the heap:
		// the README's differences; this one is undone before the state is compared)
		p.run('a change made to a record in a pass shows in the next', s => {
			let age;
			s.forEach(v => {
				if (v.id === 'r500') [age, v.age] = [v.age, -5];
			});
			const seen = s.filter(r => r.age === -5, true).map(r => r.id);
			s.forEach(v => {
				if (v.id === 'r500') v.age = age;
			});

			return seen;
		});
		p.run('writes between passes show in the next', s => {
			s.forEach(() => {});
			s.set('r400', {age: 1234});
			s.delete('r401');
			s.set('new', {id: 'new', age: 1234});

			return [s.filter(r => r.age === 1234 || r.id === 'r401', true).map(r => r.id), s.reduce((a, v) => a + 1, 0)];
		});
		p.run('a write made by the callback: the pass goes on as it began', s => {
			const seen = [];
			s.forEach((v, k) => {
				if (k === 'r100') s.set('r550', {age: 99});
				if (k === 'r550') seen.push(v.age);
			});

			return [seen, s.filter(r => r.age === 99, true).length];
		});
		p.state('after passes');
	});

	// values, entries, toArray, keys and dump past the cache reuse what the previous call
	// built while nothing was written (lib/records.js `all`, kept weakly), as haro's Map does.
	for (const mode of [{immutable: false, recordCacheSize: 0}, {immutable: false, recordCacheSize: 100}, {immutable: true, recordCacheSize: 0}]) {
		it(`${JSON.stringify(mode)}: values, entries, toArray, keys and dump hand out the same records while nothing is written`, () => {
			const p = new Pair(M => M.haro(dataset(N), {id: 'bulk', index: ['dept'], ...mode}), {title: JSON.stringify(mode)});
			const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
			p.run('two calls of each, the same objects', s => [
				same([...s.values()], [...s.values()]),
				same([...s.entries()].map(e => e[1]), [...s.values()]),
				same(s.toArray(), [...s.values()]),
				same(s.dump().map(e => e[1]), s.toArray()),
				same([...s.keys()], [...s.keys()]),
				same([...s.keys()], [...s.entries()].map(e => e[0]))
			]);
			// (lookups of many ids past the cache read the snapshot: `entries(ids)`)
			p.run('sortBy, limit and find hand out the records values does', s => {
				const values = new Set(s.values());
				const sorted = s.sortBy('dept', true);

				return [
					same(sorted, s.sortBy('dept', true)),
					sorted.every(r => values.has(r)),
					same(s.limit(0, N, true), [...s.values()]),
					same(s.limit(10, 20, true), [...s.values()].slice(10, 30)),
					s.find({dept: 'eng'}, true).every(r => values.has(r))
				];
			});
			p.run('sortBy after writes is current', s => {
				s.sortBy('dept', true);
				s.set('r300', {dept: 'zz-last', age: 1});
				s.delete('r301');
				const sorted = s.sortBy('dept', true);

				return [sorted.length, sorted.at(-1).id, sorted.some(r => r.id === 'r301'), same(sorted, s.sortBy('dept', true))];
			});
			p.run('writes between calls show in the next', s => {
				const before = [...s.values()];
				s.set('r400', {age: 4321});
				s.delete('r401');
				s.set('new', {id: 'new', age: 4321});
				const after = [...s.values()];

				return [same(before, after), after.length, after.filter(r => r.age === 4321).map(r => r.id), [...s.keys()].includes('r401'), s.toArray().length];
			});
			p.run('each call after a write is current', s => {
				const out = [];
				for (let i = 0; i < 3; i++) {
					s.set(`w${i}`, {id: `w${i}`, age: i});
					out.push([...s.keys()].length, s.toArray().at(-1).id, [...s.entries()].at(-1)[0]);
				}

				return out;
			});
			p.state('after calls');
		});
	}

	// keys, values and entries hand out iterators that step as haro's Map iterators do: pairs
	// made per step, done and staying done, iterable themselves, with the iterator helpers
	// where Node has them (22 and later); -0 as a key comes back 0, as from a Map.
	for (const mode of [{immutable: false}, {immutable: true}, {immutable: false, recordCacheSize: 5}]) {
		it(`${JSON.stringify(mode)}: keys, values and entries step as haro's Map iterators`, () => {
			const recs = dataset(40);
			recs[3].id = -0;
			const p = new Pair(M => M.haro(recs, {index: ['dept'], ...mode}), {title: JSON.stringify(mode)});
			for (const kind of ['keys', 'values', 'entries']) {
				p.run(`${kind}: next() to the end and past it`, s => {
					const it = s[kind]();
					const steps = [];
					for (let i = 0; i < 43; i++) steps.push(it.next());

					return [it[Symbol.iterator]() === it, steps, Object.is(kind === 'values' ? 0 : [...s.keys()][3], 0)];
				});
				p.run(`${kind}: two iterators at once, and spread after a write`, s => {
					const a = s[kind]();
					const b = s[kind]();
					const firsts = [a.next().value, b.next().value, a.next().value];
					s.set('new', {id: 'new', dept: 'eng', age: 1});

					return [firsts, [...s[kind]()].length];
				});
				if (typeof Iterator === 'function' && typeof Iterator.prototype.toArray === 'function') {
					p.run(`${kind}: iterator helpers`, s => s[kind]().drop(2).take(5).map(x => JSON.stringify(x)).toArray());
				}
			}
		});
	}

	// `has` past the cache answers from a key set (weakly held) once it has crossed a quarter
	// of the store's size in calls: it must follow every write after that.
	for (const mode of [{immutable: false, recordCacheSize: 0}, {immutable: true, recordCacheSize: 0}, {immutable: false, recordCacheSize: 100}]) {
		it(`${JSON.stringify(mode)}: has and get misses follow writes once the key set is built`, async () => {
			const nextTask = () => new Promise(resolve => setImmediate(resolve)); // past the cache, the set is then held only weakly
			const p = new Pair(M => M.haro(dataset(N), {id: 'bulk', index: ['dept'], ...mode}), {title: JSON.stringify(mode)});
			const probe = ['r1', 'r2', 7, 'r400', 'r401', 'new', 'x', 'y', 'z', 700, 'b0', 'b1'];
			const ask = s => {
				let n = 0;
				for (let i = 0; i < N; i++) n += s.has(i % 7 === 0 ? i : `r${i}`) ? 1 : 0;

				return [n, probe.map(k => s.has(k)), probe.map(k => s.get(k) === null)];
			};
			p.run('has of every key, twice', s => [ask(s), ask(s)]);
			await nextTask();
			p.run('set, delete, batch', s => {
				s.set('new', {id: 'new', age: 1});
				s.delete('r401');
				s.delete(7);
				s.batch([{id: 'b0', age: 2}, {id: 'b1', age: 3}], 'set');

				return ask(s);
			});
			await nextTask();
			p.run('batch delete, override', s => {
				s.batch(['b0', 'r2'], 'del');
				const before = ask(s);
				s.override([['x', {id: 'x', age: 4}], ['r1', {id: 'r1', age: 5}]], 'records');

				return [before, ask(s), s.size];
			});
			p.run('clear, then writes', s => {
				s.clear();
				const before = ask(s);
				s.set('y', {id: 'y'});

				return [before, ask(s)];
			});
			p.state('after writes');
		});
	}
});

// A pass over a store the cache holds follows the callback's writes as haro's Map does
// (lib/records.js `rest`), also when they make the store outgrow the cache mid-pass.
describe('writes during a pass that outgrow the record cache', () => {
	for (const immutable of [false, true]) {
		it(`${immutable ? 'immutable' : 'mutable'}: the records added are handed out, the deleted ones not`, () => {
			const p = new Pair(M => M.haro(Array.from({length: 6}, (_, i) => ({id: `k${i}`, n: i})), {id: 'grow', immutable, recordCacheSize: 8}), {title: 'recordCacheSize 8'});
			p.run('forEach adding 5 at the first record, deleting one of them at the next', s => {
				const seen = [];
				s.forEach((v, k) => {
					seen.push(`${k}:${v.n}`);
					if (k === 'k0') for (let i = 0; i < 5; i++) s.set(`a${i}`, {id: `a${i}`, n: 10 + i});
					if (k === 'k1') s.delete('a3');
					if (k === 'a4') s.set('b0', {id: 'b0', n: 20});
				});

				return seen;
			});
		});
		it(`${immutable ? 'immutable' : 'mutable'}: records added by records added during the pass, past the cache`, () => {
			const p = new Pair(M => M.haro(Array.from({length: 6}, (_, i) => ({id: `k${i}`, n: i})), {id: 'grow', immutable, recordCacheSize: 8}), {title: 'recordCacheSize 8'});
			p.run('forEach: one added (the store fits), which adds four (it no longer does)', s => {
				const seen = [];
				s.forEach((v, k) => {
					seen.push(`${k}:${v.n}`);
					if (k === 'k0') s.set('a0', {id: 'a0', n: 10});
					if (k === 'k1') s.delete('k3');
					if (k === 'a0') for (let i = 0; i < 4; i++) s.set(`b${i}`, {id: `b${i}`, n: 20 + i});
					if (k === 'b1') s.set('c0', {id: 'c0', n: 30});
				});

				return seen;
			});
			// (the store is past the cache now: a later pass goes a slice at a time, README difference 15)
			p.state('after the pass');
		});
	}
});

// A find or search by one key that answers one record past the cache brings the record
// along in the same crossing (lib/engine.js `Found`): the record handed out must be the
// cached one when the cache has it, and become the cached one when it had not.
describe('a lookup of one record past the record cache', () => {
	const people = n => Array.from({length: n}, (_, i) => ({id: `p${i}`, email: `p${i}@x.io`, n: i, tags: [i % 3]}));
	for (const immutable of [false, true]) {
		for (const recordCacheSize of [0, 3]) {
			const title = `${immutable ? 'immutable' : 'mutable'}, recordCacheSize ${recordCacheSize}`;
			// (A cache of 0 keeps no record: each read makes its own object, so identity is not asked.)
			it(`${title}: what haro finds${recordCacheSize > 0 ? ', the same object on each read' : ''}`, () => {
				const cfg = () => ({id: 'lookups', immutable, index: ['email', 'n'], recordCacheSize});
				const p = new Pair(M => M.haro(people(40), cfg()), {title});
				for (let i = 0; i < 39; i += 3) {
					p.run(`find email ${i}`, s => s.find({email: `p${i}@x.io`}));
					p.run(`find n ${i} raw`, s => s.find({n: i}, true));
					p.run(`search email ${i}`, s => s.search(`p${i}@x.io`, 'email'));
					if (recordCacheSize === 0) continue;
					p.run(`find then get ${i}`, s => {
						const [[, rec]] = s.find({email: `p${i}@x.io`});

						return [rec === s.get(`p${i}`), rec === s.find({n: i}, true)[0]];
					});
					p.run(`get then find ${i + 1}`, s => {
						const rec = s.get(`p${i + 1}`);

						return [rec === s.find({email: `p${i + 1}@x.io`})[0][1], Object.isFrozen(rec)];
					});
				}
				p.run('find of a missing key', s => s.find({email: 'none'}));
				p.state('after lookups');
			});
		}
	}
});

describe('frozenness past the record cache (mutable mode), as haro holds it', () => {
	const frozenness = s => [s.toArray().map(r => Object.isFrozen(r)), ['a', 'b', 'c', 'd'].map(k => Object.isFrozen(s.get(k)?.[1] ?? null))];
	for (const recordCacheSize of [undefined, 0, 2]) {
		it(`sort(fn, true) freezes every record the store may hand out again, recordCacheSize ${recordCacheSize}`, () => {
			// The data view's pass kept a snapshot, and the gets after it cached other objects
			// for the same records: sort froze the snapshot's, the cache's were handed out unfrozen.
			const p = new Pair(M => M.haro([{id: 'a'}, {id: 'b'}, {id: 'c'}, {id: 'd'}], {recordCacheSize, id: 'store'}));
			p.run('read through the data view', s => [Array.from(s.data.values()), ['a', 'b', 'c', 'd'].map(k => s.data.get(k))]);
			p.run('sort, frozen', s => s.sort(() => 0, true));
			p.run('frozenness', frozenness);
			p.run('set a new key', s => s.set(null, {id: 'z'}));
			p.run('frozenness after', frozenness);
			p.state();
		});
		it(`override naming a key twice: the later record decides whether it is frozen, recordCacheSize ${recordCacheSize}`, () => {
			const p = new Pair(M => new M.Haro({recordCacheSize, id: 'store'}));
			p.run('override', s => s.override([['a', Object.freeze({id: 'a', n: 1})], ['b', {id: 'b'}], ['a', {id: 'a', n: 2}], ['c', {id: 'c'}], ['c', Object.freeze({id: 'c', n: 3})], ['d', {id: 'd'}]], 'records'));
			p.run('frozenness', frozenness);
			p.state();
		});
	}
});

describe('what a store past its record cache admits', () => {
	const people = n => Array.from({length: n}, (_, i) => ({id: `p${i}`, email: `p${i}@x.io`, g: i % 5}));
	const size = s => s.stats().recordCache.size;
	for (const immutable of [false, true]) {
		it(`${immutable ? 'immutable' : 'mutable'}: a record a query or a pass reads goes in at its second read, one a get reads at its first`, () => {
			const cfg = () => ({id: 'admits', immutable, index: ['email', 'g'], recordCacheSize: 20});
			const p = new Pair(M => M.haro(people(60), cfg()), {title: 'admits'});
			const s = p.impl;
			assert.equal(size(s), 0);
			// a find of one record: read once, not kept; read again, kept, and handed out as kept
			p.run('find p1', st => st.find({email: 'p1@x.io'}));
			assert.equal(size(s), 0, 'a record read once was admitted');
			const kept = {};
			p.run('find p1 again', (st, M, side) => {
				kept[side] = st.find({email: 'p1@x.io'}, true)[0];

				return kept[side];
			});
			assert.equal(size(s), 1);
			p.run('find p1, the kept object', (st, M, side) => st.find({email: 'p1@x.io'}, true)[0] === kept[side] && st.get('p1') === kept[side]);
			// a query of many records: the same, each record on its own count
			p.run('find g 2', st => st.find({g: 2}));
			assert.equal(size(s), 1);
			p.run('find g 2 again', st => st.find({g: 2}));
			assert.equal(size(s), 13);
			// a get keeps what it read at once
			// (haro's immutable get hands out a new copy each time)
			p.run('get p3, twice', st => (immutable ? [st.get('p3'), st.get('p3')] : st.get('p3') === st.get('p3')));
			assert.equal(size(s), 14);
			// a pass over every record keeps none of the others in the cache
			p.run('values', st => Array.from(st.values()));
			p.run('toArray', st => st.toArray());
			assert.equal(size(s), 14, 'a pass admitted records');
			// a write: what the passes decoded is no longer current, so queries read the engine again
			p.run('set p0', st => st.set('p0', {id: 'p0', email: 'p0@x.io', g: 4}));
			p.run('where g 4, twice', st => [st.where({g: 4}), st.where({g: 4})]);
			assert.ok(size(s) > 14 && size(s) <= 20, `the cache holds ${size(s)} records (15 to 20 expected)`);
			p.state('after reads');
		});
	}

	it('whether a query waits for a second read follows the store\'s size across writes', () => {
		const p = new Pair(M => M.haro(people(60), {id: 'admits', index: ['email', 'g'], recordCacheSize: 20}), {title: 'admits across writes'});
		const s = p.impl;
		p.run('find p1', st => st.find({email: 'p1@x.io'}));
		assert.equal(size(s), 0, 'past the cache: a record read once was admitted');
		// 45 deletes: 15 records left, which the cache holds, so a record read once is kept
		p.run('delete 45', st => {
			for (let i = 15; i < 60; i++) st.delete(`p${i}`);
		});
		const before = size(s);
		p.run('find p2', st => st.find({email: 'p2@x.io'}));
		assert.equal(size(s), before + 1, 'the store fits its cache: a record read once was not admitted');
		// sets past the cache again: a record read once waits for its second read
		p.run('set 40', st => {
			for (let i = 100; i < 140; i++) st.set(`p${i}`, {id: `p${i}`, email: `p${i}@x.io`, g: i % 5});
		});
		const after = size(s);
		p.run('find p3', st => st.find({email: 'p3@x.io'}));
		assert.equal(size(s), after, 'past the cache again: a record read once was admitted');
		p.state('after reads');
	});

	it('records expiring past the cache: a store that then fits it keeps a record read once', () => {
		// (haro@16 has no expiry: haro-rs alone, against its own size)
		const clock = {t: 0};
		const s = new Haro({index: ['email'], recordCacheSize: 20, expireAt: 'until', now: () => clock.t});
		s.batch(people(60).map((r, i) => ({...r, until: i < 15 ? 1e9 : 1000})));
		s.find({email: 'p1@x.io'});
		assert.equal(size(s), 0, 'past the cache: a record read once was admitted');
		clock.t = 2000; // 45 records expire: the next read takes them out
		assert.equal(s.find({email: 'p2@x.io'}).length, 1);
		assert.equal(s.size, 15);
		assert.equal(size(s), 1, 'the store fits its cache after the expiry: a record read once was not admitted');
	});

	it('a read of a record bigger than the kept text buffer, then of small ones, reads each whole', () => {
		// (the engine writes a read's text into a buffer kept between calls: each read must
		// find it emptied, whatever the size of the one before)
		const big = {id: 'big', email: 'big@x.io', g: 1, blob: 'x'.repeat(3 << 19)};
		const p = new Pair(M => M.haro([...people(5), big], {id: 'kept', index: ['email', 'g'], recordCacheSize: 0}), {title: 'kept text'});
		p.run('get big, then p1', st => [st.get('big').blob.length, st.get('p1')]);
		p.run('find big, then p2', st => [st.find({email: 'big@x.io'})[0][1].blob.length, st.find({email: 'p2@x.io'})]);
		p.run('find g 1, then get p4 and a number key missing', st => [st.find({g: 1}).length, st.get('p4'), st.get(7)]);
		p.run('toArray', st => st.toArray().map(r => r.id));
		p.state('after reads');
	});

	// A cache no longer `complete` in a store that fits it (after `immutable` is set, or a
	// load): records are read from the engine, and each is kept at its first read, as before.
	const identities = (st, M, side) => {
		const a = st.find({email: 'p1@x.io'}, true)[0];
		const b = st.find({email: 'p1@x.io'}, true)[0];
		const c = st.where({g: 2}, true);

		return [a === b, a === st.get('p1', true), c.every((r, i) => r === st.where({g: 2}, true)[i])];
	};
	it('a store that fits its cache keeps each record a query reads at its first read, after `immutable` is set', () => {
		const p = new Pair(M => M.haro(people(30), {id: 'fits', index: ['email', 'g']}), {title: 'fits'});
		p.run('immutable = false', st => {
			st.immutable = false;
		});
		p.run('identities', identities);
		p.state('after reads');
	});
	it('a store loaded from a snapshot that fits its cache keeps each record a query reads at its first read', () => {
		const dir = mkdtempSync(join(tmpdir(), 'haro-admits-'));
		try {
			const file = join(dir, 'fits.snap');
			// (the snapshot API is haro-rs's own: no haro@16 side)
			haro(people(30), {index: ['email', 'g']}).save(file);
			const st = Haro.load(file);
			assert.equal(st.stats().recordCache.size, 0);
			const [same, asGet, sameWhere] = identities(st);
			assert.deepEqual([same, asGet, sameWhere], [true, true, true]);
			assert.equal(st.stats().recordCache.size, 7); // p1 and the six records of g 2
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});
