// A restore: `override(dump, 'records')` (or a load) then `override(dump, 'indexes')`. In a
// store that never had an index, the index override lands the queued records' keys alone and
// the records later (lib/engine.js `#landKeys`). Compared with haro@16 in every mode, for every
// call after the restore, with records changed in place before they land; then what the
// engine holds, read back apart from the record cache, must be what the store hands out.
import './helpers/testing-addon.mjs'; // (first: the suite and the facade load the test build)
import {after, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {Haro} from '../index.mjs';
import {Pair} from './helpers/compare.mjs';
import {NAMED_MODES as MODES, people} from './helpers/suite.mjs';

const INDEX = ['name', 'tags', 'age|name'];
const source = (M, mode) => M.haro(people(12), {...mode, index: INDEX});
// How the target is restored (`src`: the source store of the same side).
const RESTORES = {
	'records then indexes, into an empty store': (M, mode, src) => {
		const t = new M.Haro(mode);
		t.override(src.dump('records'), 'records');
		t.override(src.dump('indexes'), 'indexes');

		return t;
	},
	'records through JSON (not a dump given back), then indexes': (M, mode, src) => {
		const t = new M.Haro(mode);
		t.override(JSON.parse(JSON.stringify(src.dump('records'))), 'records');
		t.override(src.dump('indexes'), 'indexes');

		return t;
	},
	'a load (haro(records)), then indexes': (M, mode, src) => {
		const t = M.haro(people(12), mode);
		t.override(src.dump('indexes'), 'indexes');

		return t;
	},
	'sets one by one, then indexes twice': (M, mode, src) => {
		const t = new M.Haro(mode);
		for (const r of people(12)) t.set(null, r);
		t.override(src.dump('indexes'), 'indexes');
		t.override(src.dump('indexes').slice(1), 'indexes');

		return t;
	},
	'records holding a Date as a record, then indexes': (M, mode, src) => {
		const t = new M.Haro(mode);
		t.override([...src.dump('records'), ['when', new Date(5)]], 'records');
		t.override(src.dump('indexes'), 'indexes');

		return t;
	},
	'records naming a key twice, then indexes and one more': (M, mode, src) => {
		const t = new M.Haro(mode);
		const recs = src.dump('records');
		t.override([...recs, [recs[0][0], {...recs[0][1], name: 'twice'}]], 'records');
		t.override([...src.dump('indexes'), ['extra', [['x', ['u5', 'u0']], [7, ['u1']]]]], 'indexes');

		return t;
	},
	'with a record cache smaller than the records': (M, mode, src) => {
		const t = new M.Haro({...mode, recordCacheSize: 4});
		t.override(src.dump('records'), 'records');
		t.override(src.dump('indexes'), 'indexes');

		return t;
	},
	'with an index list of its own': (M, mode, src) => {
		const t = new M.Haro({...mode, index: ['age']});
		t.override(src.dump('records'), 'records');
		t.override(src.dump('indexes'), 'indexes');

		return t;
	}
};
// Restores whose records still wait to land after the index override (a store without an index
// list or histories, whose record cache holds them all, given every key once).
const QUEUED = new Set(Object.keys(RESTORES).slice(0, 4));
// What may happen to the restored records before they land: haro keeps the objects given, so a
// change in place shows in its reads; here it goes with the records when they land. (Once they
// have landed, the engine keeps them as they were: README, difference 4; an immutable store hands
// out frozen records, difference 11. So only where they wait, in mutable stores without histories.)
const EDITS = {
	'nothing': () => {},
	'a record changed in place': t => {
		const r = t.get('u6', true);
		if (!Object.isFrozen(r)) {
			r.age = 99;
			r.meta.i = -1;
		}
	}
};
// What the target does next.
const NEXT = {
	'get, has, size': s => [s.get('u3'), s.has('u11'), s.has('ghost'), s.size],
	'find by an index the override gave': s => [s.find({name: 'n2'}), s.find({tags: 't1'}), s.find({age: 26, name: 'n1'})],
	'search, where': s => [s.search('n3', 'name'), s.where({name: ['n1', 'n4']}, '||'), s.where({age: 99})],
	'indexes view': s => [...s.indexes].map(([n, m]) => [n, [...m].map(([k, set]) => [k, [...set]])]),
	'dump indexes, dump records': s => [s.dump('indexes'), s.dump('records')],
	'set a new key': s => [s.set(null, {id: 'new', name: 'n1', tags: ['t1']}), s.find({name: 'n1'}), s.size],
	// (with versioning, haro throws on a key override brought in: README, difference 6)
	'set a key it holds (a merge)': s => s.versioning ? null : [s.set('u2', {age: 99, tags: ['x']}), s.find({tags: 't2'})],
	// (haro's indexes keep the key a delete leaves behind, README difference 5: no find after
	// it, and the state is compared but for the indexes)
	'delete': s => [s.delete('u4'), s.has('u4'), s.size],
	'batch': s => s.batch(s.versioning ? [{id: 'b1'}] : [{id: 'u5', name: 'again'}, {id: 'b1'}]),
	'reindex, then find': s => [s.reindex().find({name: 'n3'}), s.reindex('age').find({age: 21})],
	'override records again': s => [s.override(people(2, 40).map(r => [r.id, r]), 'records'), s.find({name: 'n0'})],
	'filter, map': s => [s.filter(r => r.age > 22), s.map(r => r.meta.i)],
	'clear': s => [s.clear().size, s.find({name: 'n1'})]
};

const dir = mkdtempSync(join(tmpdir(), 'haro-rs-restore-'));
after(() => rmSync(dir, {recursive: true, force: true}));
let saved = 0;

/** The records the engine holds, read back through a snapshot (apart from the record cache). */
function held (s) {
	const file = join(dir, `r${saved++}.snap`);
	s.save(file);

	return Haro.load(file).dump('records');
}

for (const mode of MODES) {
	describe(`a restore, ${mode.name}`, () => {
		for (const [restore, make] of Object.entries(RESTORES)) {
			for (const [edit, change] of Object.entries(EDITS)) {
				if (edit !== 'nothing' && (mode.immutable || mode.versioning || !QUEUED.has(restore))) continue;
				it(`${restore}; ${edit}: each call after it, then the engine's records`, () => {
					for (const [name, next] of Object.entries(NEXT)) {
						const src = new Pair(M => source(M, mode));
						const sides = {ref: src.ref, impl: src.impl};
						const p = new Pair((M, side) => make(M, mode, sides[side]));
						p.run(edit, change);
						p.run(name, next);
						if (name === 'delete') p.run('state but the indexes', t => [...t.entries()]);
						else p.state();
						// The records landed: the engine holds what the store hands out (its
						// indexes, read from the engine, were compared with haro's above).
						const s = p.impl;
						assert.deepStrictEqual(held(s), s.dump('records'), `${name}: the engine's records`);
						assert.equal(s.stats().records, s.size);
					}
				});
			}
		}
	});
}

describe('a restore lands its records', () => {
	it('when the event loop turns, with the indexes the override gave', async () => {
		const src = new Haro({index: INDEX});
		src.batch(people(12));
		const t = new Haro();
		t.override(src.dump('records'), 'records');
		t.override(src.dump('indexes'), 'indexes');
		const before = t.dump('indexes');
		await new Promise(resolve => setImmediate(resolve));
		// (stats reads the engine without landing anything: it already holds them)
		assert.equal(t.stats().records, 12);
		assert.deepStrictEqual(held(t), src.dump('records'));
		assert.deepStrictEqual(t.dump('indexes'), before);
	});

	it('a record changed in place after the index override lands as it is then', () => {
		const src = new Haro({index: INDEX});
		src.batch(people(12));
		const t = new Haro();
		t.override(src.dump('records'), 'records');
		t.override(src.dump('indexes'), 'indexes');
		t.get('u1', true).name = 'renamed';
		assert.equal(held(t).find(([k]) => k === 'u1')[1].name, 'renamed');
		// the index the override gave is kept (haro's too: its indexes are not read from records)
		assert.deepStrictEqual(t.find({name: 'n1'}).map(([k]) => k), ['u1', 'u6', 'u11']);
		assert.deepStrictEqual(t.reindex('name').find({name: 'renamed'}).map(([k]) => k), ['u1']);
	});
});

// While an index may disagree with its records (after the index override), the engine takes a
// deleted record out of every key that holds it, by the keys it noted for each record at the
// first such delete (`Index::owners`), and checks the listed indexes against their records once,
// at the 128th delete (crates/haro-core/src/store.rs `STALE_CHECK`): past it, deletes take records
// out by their values. Both before and after the check, what haro finds.
describe('a restore with the index list, then more deletes than the check waits for', () => {
	for (const mode of MODES) {
		it(mode.name, () => {
			const src = new Pair(M => M.haro(people(300), {...mode, index: INDEX}));
			const sides = {ref: src.ref, impl: src.impl};
			const p = new Pair((M, side) => {
				const t = new M.Haro({...mode, index: INDEX});
				t.override(sides[side].dump('records'), 'records');
				t.override(sides[side].dump('indexes'), 'indexes');

				return t;
			});
			for (let round = 0; round < 4; round++) {
				p.run(`50 deletes, round ${round}`, t => {
					for (let i = 0; i < 50; i++) t.delete(`u${(round * 50 + i) * 7 % 300}`);

					return t.size;
				});
				p.run(`indexes and finds, round ${round}`, t => [t.dump('indexes'), t.find({name: 'n1'}).length, t.find({age: 22, name: 'n3'}).map(r => r[0]), t.search('t2', 'tags').length]);
				p.run(`an update, round ${round}`, t => t.set(`u${round * 7 + 1}`, {name: 'n9', tags: ['t9']})[1]);
			}
		});
	}
});

// An override that puts a record under a key its values do not give keeps the store stale: the
// engine's check at the 128th delete must not take a record whose array repeats a value (in its
// set once) for cover (found by a review: the deleted record's id, reused, then named a new
// record under the stray key).
it('a stray entry of an index override never names a record set after its own was deleted', () => {
	const recs = [{id: 'r0', tags: ['u', 'u']}, {id: 'r1', tags: []}];
	for (let i = 0; i < 140; i++) recs.push({id: `x${i}`, tags: ['v']});
	const s = new Haro({index: ['tags']});
	s.batch(recs);
	const dump = s.dump('indexes');
	dump[0][1].push(['zz', ['r1']]);
	s.override(dump, 'indexes');
	for (let i = 0; i < 130; i++) s.delete(`x${i}`);
	s.delete('r1');
	s.set('new1', {id: 'new1', tags: ['w']});
	s.set('new2', {id: 'new2', tags: ['w']});
	assert.deepEqual(s.find({tags: 'zz'}), []);
	assert.equal(s.indexes.get('tags').get('zz'), undefined);
});

// A store without an index list keeps the indexes an override gave unlisted: a delete takes its
// record out of every key there (its id is reused; haro leaves the key in, README difference 5),
// by the keys the engine noted for each record once (`Index::owners`), kept through every change
// after; so does a delete from a listed index, until the check at the 128th delete. Against
// haro@16's indexes with the deleted keys taken out, through deletes, sets that reuse their ids
// (deleted a round later), updates and a second index override.
describe('deletes after a restore leave no id behind in the indexes the override gave', () => {
	for (const [target, cfg] of [['without an index list', {}], ['with the index list', {index: INDEX}]]) {
		it(target, () => {
			const src = new Pair(M => M.haro(people(300), {index: INDEX}));
			const sides = {ref: src.ref, impl: src.impl};
			const gone = new Set();
			const p = new Pair((M, side) => {
				const t = new M.Haro(cfg);
				t.override(sides[side].dump('records'), 'records');
				t.override(sides[side].dump('indexes'), 'indexes');

				return t;
			});
			const pruned = t => [...t.indexes].map(([n, m]) => [n, [...m].map(([k, set]) => [k, [...set].filter(key => !gone.has(key))]).filter(([, keys]) => keys.length > 0)]);
			for (let round = 0; round < 4; round++) {
				const keys = Array.from({length: 20}, (_, i) => `u${(round * 20 + i) * 7 % 300}`);
				if (round > 0) keys.push(...Array.from({length: 10}, (_, i) => `n${round - 1}-${i * 2}`));
				for (const key of keys) {
					gone.add(key);
					p.run(`delete ${key}`, t => t.delete(key));
				}
				p.run(`new records, round ${round}`, t => {
					for (let i = 0; i < 20; i++) t.set(`n${round}-${i}`, {id: `n${round}-${i}`, name: 'n1', tags: ['t1', `t${round}`]});

					return t.size;
				});
				p.run(`an update, round ${round}`, t => t.set(`u${round * 7 + 2}`, {name: 'n9', tags: ['t9']})[1]);
				if (round === 2) {
					p.run('a second index override', (t, M, side) => t.override(sides[side].dump('indexes').slice(0, 2), 'indexes').size);
					gone.clear();
					for (const [k] of sides.ref.dump('records')) if (!p.ref.has(k)) gone.add(k);
				}
				assert.deepEqual(pruned(p.impl), pruned(p.ref), `round ${round}`);
				// (haro's find hands out null for a key its indexes kept past a delete)
				p.run(`finds, round ${round}`, t => [{tags: 't1'}, {name: 'n1'}, {tags: 't9'}].map(w => t.find(w).filter(r => r !== null)));
			}
		});
	}
});

// An in-process restore: both dumps of one store, given back unchanged, into a store that took
// that store's records from its engine (its keys alone, or a frozen dump's records whole): the
// indexes are copied engine to engine (lib/engine.js `#copyIndexes`). Whatever moved in between
// (the dump's arrays, the source, the target) sends it the long way. `copies`: whether the copy
// must be taken, checked through the binding (a spy on `copyIndexes`), and every call after it
// compared with haro@16.
const native = createRequire(import.meta.url)('../lib/binding.js');
const copyIndexes = native.copyIndexes;
let copied = [];
native.copyIndexes = (...args) => {
	const r = copyIndexes(...args);
	copied.push(r);

	return r;
};

const dumpEdits = {
	'a record key added to a list': d => d[0][1][0][1].push('u9'),
	'a record key replaced': d => { d[1][1][0][1][0] = 'u11'; },
	'a record key taken out of a list': d => d[1][1][0][1].shift(),
	'an index key changed': d => { d[0][1][0][0] = 'renamed'; },
	'an index renamed': d => { d[2][0] = 'other'; },
	'an index taken out': d => d.pop(),
	'a key pair replaced by a copy of itself, then changed': d => { d[1][1][0] = [d[1][1][0][0], [...d[1][1][0][1], 'u0']]; }
};
const COPY_CASES = {
	'both dumps unchanged': {copies: true, run: (M, src, t) => {
		t.override(src.dump('records'), 'records');
		t.override(src.dump('indexes'), 'indexes');
	}},
	'one index dump given to two stores': {copies: true, run: (M, src, t, mode) => {
		const d = src.dump('indexes');
		const u = new M.Haro(mode);
		u.override(src.dump('records'), 'records');
		u.override(d, 'indexes');
		t.override(src.dump('records'), 'records');
		t.override(d, 'indexes');
		u.delete('u1');
	}},
	...Object.fromEntries(Object.entries(dumpEdits).map(([what, edit]) => [`the index dump's arrays changed: ${what}`, {copies: false, run: (M, src, t) => {
		t.override(src.dump('records'), 'records');
		const d = src.dump('indexes');
		edit(d);
		t.override(d, 'indexes');
	}}])),
	'the source written between the dumps': {copies: false, run: (M, src, t) => {
		t.override(src.dump('records'), 'records');
		src.set('u3', {name: 'n9'});
		t.override(src.dump('indexes'), 'indexes');
	}},
	'the source written after both dumps': {copies: false, run: (M, src, t) => {
		t.override(src.dump('records'), 'records');
		const d = src.dump('indexes');
		src.delete('u3');
		t.override(d, 'indexes');
	}},
	'the source reindexed after both dumps': {copies: false, run: (M, src, t) => {
		t.override(src.dump('records'), 'records');
		const d = src.dump('indexes');
		src.reindex('age');
		t.override(d, 'indexes');
	}},
	'the target written between the overrides': {copies: false, run: (M, src, t) => {
		t.override(src.dump('records'), 'records');
		t.set(null, {id: 'extra', name: 'n1'});
		t.override(src.dump('indexes'), 'indexes');
	}},
	'the records of another store with the same records': {copies: false, run: (M, src, t, mode) => {
		const twin = source(M, mode);
		t.override(twin.dump('records'), 'records');
		t.override(src.dump('indexes'), 'indexes');
	}},
	"a store's own index dump given back": {copies: false, own: true, run: (M, src, t) => {
		t.override(t.dump('indexes'), 'indexes');
	}},
	// An index keyed by objects (each record's own `meta`): a dump hands out those very objects,
	// so one changed in place cannot be told from the original; such a dump goes the long way.
	'a dump of object-valued index keys, unchanged': {copies: false, run: (M, src, t, mode) => {
		const s = M.haro(people(6), {...mode, index: ['meta', 'name']});
		t.override(s.dump('records'), 'records');
		t.override(s.dump('indexes'), 'indexes');
	}},
	// (a mutable store with an index list sends its records whole, encoded: no copy to take them
	// from; an immutable one takes them from the source's engine)
	'into a store with an index list of its own': {copies: mode => mode.immutable, run: (M, src, t, mode) => {
		const u = new M.Haro({...mode, index: ['age']});
		u.override(src.dump('records'), 'records');
		u.override(src.dump('indexes'), 'indexes');
		t.override(u.dump('records'), 'records');
		u.delete('u2');
		t.set(null, {id: 'from-u', ages: u.find({age: 21}).map(([k]) => k), names: u.find({name: 'n1'}).map(([k]) => k)});
	}}
};

describe('an in-process restore copies the indexes engine to engine', () => {
	// An index key changed in place in the dump is the record's own object in haro (so its
	// record changes too: README, difference 19): the indexes alone are compared.
	it('an object-valued index key changed in place in the dump goes with the override', () => {
		for (const mode of MODES.filter(m => !m.immutable)) {
			copied = [];
			const p = new Pair(M => {
				const s = M.haro(people(6), {...mode, index: ['meta', 'name']});
				const t = new M.Haro(mode);
				t.override(s.dump('records'), 'records');
				const d = s.dump('indexes');
				d.find(([n]) => n === 'meta')[1][0][0].i = 99;
				t.override(d, 'indexes');

				return t;
			});
			assert.equal(copied.includes(true), false, `${mode.name}: the indexes copied`);
			p.run('the indexes', t => JSON.stringify(t.dump('indexes')));
			p.run('a find by name', t => t.find({name: 'n1'}).map(([k]) => k));
		}
	});

	for (const mode of MODES) {
		for (const [name, {copies, own, run}] of Object.entries(COPY_CASES)) {
			it(`${mode.name}: ${name}`, () => {
				for (const [next, call] of Object.entries(NEXT)) {
					const src = new Pair(M => source(M, mode));
					const sides = {ref: src.ref, impl: src.impl};
					copied = [];
					const p = new Pair((M, side) => {
						const t = own ? source(M, mode) : new M.Haro(mode);
						run(M, sides[side], t, mode);

						return t;
					});
					// (a mutable versioned store's records land whole, encoded: no copy to take them from)
					const want = typeof copies === 'function' ? copies(mode) : copies && (mode.immutable || !mode.versioning);
					assert.equal(copied.includes(true), want, `${next}: the indexes copied: ${copied}`);
					p.run(next, call);
					if (next === 'delete') p.run('state but the indexes', t => [...t.entries()]);
					else p.state();
					// (the source as it was; as JSON: haro@16 freezes an immutable store's records as it hands them out)
					src.run('the source after', s => JSON.stringify([s.dump('indexes'), s.dump('records')]));
					assert.deepStrictEqual(held(p.impl), p.impl.dump('records'), `${next}: the engine's records`);
				}
			});
		}
	}
});

// A restore from dumps that went through JSON (a file, a message): the index dump's record keys
// cross as the engine ids the record cache knows (`overrideIndexesIds`), once the records
// queued by the override of the records have landed their keys, and not as JSON.
describe('a restore of dumps that went through JSON names the record keys by their ids', () => {
	const idsCalls = [];
	const overrideIndexesIds = native.overrideIndexesIds;
	native.overrideIndexesIds = (...args) => {
		idsCalls.push(args.length);

		return overrideIndexesIds(...args);
	};
	after(() => {
		native.overrideIndexesIds = overrideIndexesIds;
	});
	// A `delete` or a `deleteMany` (haro@16 has none: a `delete` there) frees the record's
	// slot in the cache (the engine answers its id), so the ids stay trusted and cross.
	const deletes = {
		none: null,
		delete: t => t.delete('u3'),
		deleteMany: t => (t.deleteMany === undefined ? t.delete('u3') : t.deleteMany(['u3']))
	};
	for (const mode of MODES) {
		for (const [how, del] of Object.entries(deletes)) {
			const deleted = del !== null;
			it(`${mode.name}${deleted ? `, a record deleted (${how}) and set again before` : ''}`, () => {
				idsCalls.length = 0;
				const p = new Pair(M => {
					const src = new M.Haro({...mode, index: ['name', 'age', 'name|age']});
					src.batch(people(12));

					return src;
				}, {title: `restore through JSON ${mode.name}`});
				p.run('restore', (src, M) => {
					const t = new M.Haro(mode);
					t.override(JSON.parse(JSON.stringify(src.dump('records'))), 'records');
					if (deleted) {
						const r = t.get('u3', true);
						del(t);
						t.set('u3', {...r});
					}
					t.override(JSON.parse(JSON.stringify(src.dump('indexes'))), 'indexes');

					return [t.dump('indexes'), t.find({name: 'n2'}), t.size];
				});
				assert.equal(idsCalls.length, 1);
			});
		}
	}

	// The removed record's slot must go, whatever its key: a slot left behind (a NaN key, which
	// no comparison of keys matches) named a gone id once the key came back under another one,
	// and the override of the indexes was refused. Here the key comes back under the lower of
	// the two ids freed, so the slot of its old id would still name it.
	for (const [name, key] of [['a string key', 'x'], ['a NaN key', NaN]]) {
		for (const how of ['delete', 'deleteMany']) {
			it(`${name} removed by ${how} and set again, then indexes overridden`, () => {
				const p = new Pair(M => {
					const t = new M.Haro({index: ['n']});
					t.set('a', {n: 1});
					t.set(key, {n: 2});
					t.set('b', {n: 3});

					return t;
				}, {title: `${name}, ${how}`, uuids: true});
				p.run('remove, set again, override the indexes', t => {
					if (how === 'deleteMany' && t.deleteMany !== undefined) t.deleteMany([key, 'a']);
					else for (const k of [key, 'a']) t.delete(k);
					t.set(key, {n: 2});
					t.override([['n', [[2, [key]], [3, ['b']]]]], 'indexes');

					return [t.find({n: 2}), t.find({n: 3}), t.size];
				});
				p.state();
			});
		}
	}
});
