// override(dump, 'records') of a dump another store handed out, unchanged since: the records are
// taken from that store's engine (lib/records.js `dumpedBy`, lib/engine.js `deferCopy`), neither
// checked nor encoded again. Compared with haro@16 throughout: in every mode, from sources and
// into targets of every kind, with the source written, the dump edited or the source collected
// between the override and the landing, and with the target's own calls landing it.
import './helpers/testing-addon.mjs'; // the test build packs every record (crates/haro-core/src/shape.rs): first, before the addon loads
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {runInNewContext} from 'node:vm';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setFlagsFromString} from 'node:v8';
import {Haro as Ref} from 'haro';
import {Pair, IMPL} from './helpers/compare.mjs';
import {NAMED_MODES as MODES, people} from './helpers/suite.mjs';

const SOURCES = {
	'indexed': (M, mode) => M.haro(people(12), {...mode, index: ['name', 'tags']}),
	'without index (its load not landed)': (M, mode) => M.haro(people(12), mode),
	'past its record cache': (M, mode) => M.haro(people(12), {...mode, index: ['name'], recordCacheSize: 4}),
	'with no record cache': (M, mode) => M.haro(people(12), {...mode, recordCacheSize: 0})
};
const TARGETS = {
	'empty': (M, mode) => new M.Haro(mode),
	'holding other records, indexed': (M, mode) => M.haro(people(3, 7).map(r => ({...r, name: 'other'})), {...mode, index: ['age', 'name|age']}),
	'smaller than the dump (copied at once)': (M, mode) => new M.Haro({...mode, recordCacheSize: 4}),
	'with no record cache': (M, mode) => new M.Haro({...mode, recordCacheSize: 0})
};
// What the target does next: reads the cache answers, and calls that land the copy.
const NEXT = {
	'get, has, size': s => [s.get('u3'), s.has('u11'), s.has('u12'), s.size],
	'reindex, find': s => [s.reindex('name').find({name: 'n2'}), s.find({name: 'other'})],
	'where (a scan)': s => s.where({name: 'n1'}),
	'set a new key': s => [s.set(null, {id: 'new', name: 'n1'}), s.size],
	// (with versioning, haro throws on a key override brought in: README, difference 6)
	'set a key it holds (a merge)': s => s.versioning ? null : s.set('u2', {age: 99, tags: ['x']}),
	'delete': s => [s.delete('u4'), s.has('u4'), s.size],
	'batch': s => s.batch(s.versioning ? [{id: 'b1'}] : [{id: 'u5', name: 'again'}, {id: 'b1'}]),
	'override again with its own dump': s => s.override(s.dump('records'), 'records'),
	'versions': s => [...s.versions.entries()].map(([k, v]) => [k, v.size]),
	'dump indexes': s => s.dump('indexes'),
	'clear': s => s.clear().size
};

/** A source and a target, each a Pair (haro@16 beside haro-rs); `dump(side)` dumps the source of that side. */
function twin (source, target, mode) {
	const src = new Pair(M => SOURCES[source](M, mode));
	const dst = new Pair(M => TARGETS[target](M, mode));

	return {src, dst, store: side => side === 'ref' ? src.ref : src.impl};
}

for (const mode of MODES) {
	describe(`override with another store's dump, ${mode.name}`, () => {
		for (const source of Object.keys(SOURCES)) {
			for (const target of Object.keys(TARGETS)) {
				it(`from a source ${source}, into a target ${target}, then each call`, () => {
					for (const [name, next] of Object.entries(NEXT)) {
						const {src, dst, store} = twin(source, target, mode);
						dst.run('override', (t, M, side) => t.override(store(side).dump('records'), 'records'));
						dst.run(name, next);
						dst.state();
						dst.run('reindex, find after', s => s.reindex().find({name: 'n3'}));
						src.state();
					}
				});
			}
			it(`from a source ${source} written, reindexed or cleared before the target lands`, () => {
				const changes = {
					'set of a key it holds': s => s.set('u1', {name: 'changed'}),
					'set of a new key': s => s.set(null, {id: 'z', name: 'n1'}),
					'delete': s => s.delete('u2'),
					'reindex': s => s.reindex('age'),
					'clear': s => s.clear(),
					'override': s => s.override([['q', {id: 'q'}]], 'records')
				};
				for (const [name, change] of Object.entries(changes)) {
					const {src, dst, store} = twin(source, 'empty', mode);
					dst.run('override', (t, M, side) => t.override(store(side).dump('records'), 'records'));
					src.run(name, change);
					dst.run('reindex, find', s => s.reindex('name').find({name: 'n1'}));
					dst.state();
					src.state();
				}
			});
		}

		it('a dump edited before the override: a pair, a record or the length changed', () => {
			const edits = {
				'a pair replaced': d => {
					d[2] = ['x', {id: 'x', name: 'n1'}];
				},
				'a pair\'s record replaced': d => {
					d[3][1] = {id: 'u3', name: 'edited'};
				},
				'a pair\'s key replaced': d => {
					d[4][0] = 'k4';
				},
				'a pair added': d => {
					d.push(['y', {id: 'y'}]);
				},
				'a pair taken out': d => {
					d.pop();
				},
				'a key given twice': d => {
					d[5] = [d[1][0], {id: d[1][0], name: 'twice'}];
				}
			};
			for (const [name, edit] of Object.entries(edits)) {
				for (const source of Object.keys(SOURCES)) {
					const {src, dst, store} = twin(source, 'empty', mode);
					dst.run(`override, ${name}`, (t, M, side) => {
						const d = store(side).dump('records');
						edit(d);

						return t.override(d, 'records');
					});
					dst.run('reindex, find', s => s.reindex('name').find({name: 'n1'}));
					dst.state();
					src.state();
				}
			}
		});

		it('a store overridden with its own dump', () => {
			for (const source of Object.keys(SOURCES)) {
				const p = new Pair(M => SOURCES[source](M, mode));
				p.run('override', s => s.override(s.dump('records'), 'records'));
				p.run('get', s => [s.get('u1'), s.size]);
				p.run('reindex, find', s => s.reindex('name').find({name: 'n4'}));
				p.state();
			}
		});

		it('a dump overridden into several stores, and again after each is written', () => {
			const src = new Pair(M => SOURCES.indexed(M, mode));
			const dsts = [0, 1, 2].map(() => new Pair(M => new M.Haro(mode)));
			const store = side => side === 'ref' ? src.ref : src.impl;
			const saved = {ref: null, impl: null};
			src.run('dump', (s, M, side) => {
				saved[side] = s.dump('records');

				return saved[side];
			});
			for (const dst of dsts) dst.run('override', (t, M, side) => t.override(saved[side], 'records'));
			dsts[0].run('set', s => s.set(null, {id: 'n9', name: 'first'}));
			dsts[1].run('override again', (t, M, side) => t.override(saved[side], 'records'));
			src.run('delete', s => s.delete('u0'));
			dsts[2].run('override again', (t, M, side) => t.override(saved[side], 'records'));
			for (const dst of dsts) {
				dst.run('reindex, find', s => s.reindex('name').find({name: 'n0'}));
				dst.state();
			}
			assert.equal(store('impl').size, 11);
		});
	});
}

describe('override with another store\'s dump: what only haro-rs refuses', () => {
	it('a dump edited to hold what a store cannot keep is checked, and refused', () => {
		const src = IMPL.haro(people(6), {index: ['name']});
		const dst = IMPL.haro(people(2, 20));
		const d = src.dump('records');
		d[3][1] = {id: 'u3', f () {}};
		assert.throws(() => dst.override(d, 'records'), {name: 'TypeError', message: /override\(\): cannot store a function at records\[3\]\[1\]\.f/});
		assert.deepEqual(dst.toArray(), people(2, 20));
		d[3][1] = src.get('u3')[1];
		dst.override(d, 'records');
		assert.deepEqual(dst.toArray(), src.toArray());
	});
});

describe('override with another store\'s dump, the source collected before the target lands', () => {
	for (const immutable of [false, true]) {
		it(`lands the records given, immutable: ${immutable}`, async () => {
			setFlagsFromString('--expose-gc');
			const gc = runInNewContext('gc');
			let src = IMPL.haro(people(40), {index: ['name'], immutable});
			const dst = new IMPL.Haro({immutable});
			const ref = new Ref({immutable});
			const dump = src.dump('records');
			dst.override(dump, 'records');
			ref.override(src.dump('records').map(([k, r]) => [k, Object.freeze(structuredClone(r))]), 'records');
			let collected = false;
			const sourceGone = new FinalizationRegistry(() => {
				collected = true;
			});
			sourceGone.register(src, null);
			src = null;
			// Other stores' queues push the target's out of those landing when the event loop turns.
			const others = Array.from({length: 6}, () => IMPL.haro(people(2)));
			for (let i = 0; i < 20 && !collected; i++) {
				await new Promise(resolve => setImmediate(resolve));
				gc();
			}
			assert.equal(others.length, 6);
			assert.ok(collected, 'the source store was collected');
			assert.equal(dst.stats().records, 40, 'the target lands now');
			assert.deepEqual(dst.reindex('name').find({name: 'n3'}), ref.reindex('name').find({name: 'n3'}));
			const fresh = new IMPL.Haro({recordCacheSize: 0});
			fresh.override(dst.dump('records'), 'records');
			assert.deepEqual(fresh.toArray(), ref.toArray(), 'the engine holds what was given');
		});
	}
});

describe('override given back a mutable store\'s dump: its records are checked when they land', () => {
	it('a record changed in place since the dump goes with it; one changed into what a store cannot keep is written as JSON writes it', () => {
		const src = IMPL.haro(people(4), {index: ['name']});
		const d = src.dump('records');
		d[1][1].name = 'edited';
		d[2][1].f = () => 1; // (given fresh, this would be refused: README, difference 4)
		const dst = new IMPL.Haro();
		dst.override(d, 'records');
		assert.equal(typeof dst.get('u2')[1].f, 'function', 'the cache holds the object given, as haro');
		assert.deepEqual(dst.reindex('name').find({name: 'edited'}).map(([k]) => k), ['u1']);
		// what the engine holds, read back through a snapshot
		const dir = mkdtempSync(join(tmpdir(), 'haro-rs-dump-'));
		try {
			dst.save(join(dir, 's.snap'));
			const back = IMPL.Haro.load(join(dir, 's.snap'));
			assert.equal('f' in back.get('u2')[1], false, 'the engine holds what JSON writes');
			assert.equal(back.get('u1')[1].name, 'edited');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});
