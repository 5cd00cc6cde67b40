// Frozenness of every record handed out, side by side with haro@16, after what changes it:
// `override` of frozen and unfrozen input (straight from `dump`, and through JSON) and
// `sort(fn, true)`, in mutable and immutable mode, with and without the record cache.
// Mutable mode: exactly haro's. Immutable mode: every record frozen (haro@16 leaves records
// `override` brought in unfrozen until read: README "Differences from haro").
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {Pair, IMPL, REF, SELF_CHECK} from './helpers/compare.mjs';

const READS = {
	'get': s => s.get('a'),
	'get raw': s => s.get('b', true),
	'find': s => s.find({name: 'ann'}),
	'find raw': s => s.find({name: 'bob'}, true),
	'search': s => s.search('ann', 'name'),
	'search raw': s => s.search(/o/, 'name', true),
	'sortBy': s => s.sortBy('age'),
	'sortBy raw': s => s.sortBy('age', true),
	'limit': s => s.limit(0, 3),
	'limit raw': s => s.limit(1, 2, true),
	'where': s => s.where({name: ['ann', 'bob']}),
	'filter': s => s.filter(r => r.age > 0),
	'filter raw': s => s.filter(r => r.age > 0, true),
	'map': s => s.map(r => r),
	'values': s => Array.from(s.values()),
	'entries': s => Array.from(s.entries()),
	'data.get': s => s.data.get('c'),
	'dump': s => s.dump('records'),
	'toArray': s => s.toArray()
};

const records = () => [['a', {id: 'a', name: 'ann', age: 3}], ['b', {id: 'b', name: 'bob', age: 5}], ['c', {id: 'c', name: 'cy', age: 1}]];

const INPUTS = {
	'unfrozen records': () => records(),
	'frozen records': () => records().map(([k, r]) => [k, Object.freeze(r)]),
	'half frozen': () => records().map(([k, r], i) => [k, i % 2 ? Object.freeze(r) : r]),
	'a dump through JSON': s => JSON.parse(JSON.stringify(s.dump('records'))),
	'a dump': s => s.dump('records')
};

/**
 * Whether each record a read hands out is frozen, in order. Arrays (results, pairs) are
 * looked into, not judged: haro's own pairs and result arrays are compared by the Pair.
 */
function frozenness (v) {
	if (v === null || typeof v !== 'object') return v;

	return Array.isArray(v) ? v.map(frozenness) : Object.isFrozen(v);
}

for (const immutable of [false, true]) {
	for (const recordCacheSize of [undefined, 0, 1]) {
		const mode = `${immutable ? 'immutable' : 'mutable'}, recordCacheSize ${recordCacheSize ?? 'default'}`;
		describe(`frozen records (${mode})`, () => {
			const make = () => new Pair(M => {
				const s = new M.Haro({index: ['name', 'age'], immutable, ...(recordCacheSize === undefined || M !== IMPL ? {} : {recordCacheSize})});
				s.override(records(), 'records');
				s.reindex();

				return s;
			}, {title: mode, uuids: true});

			for (const [input, data] of Object.entries(INPUTS)) {
				it(`after override of ${input}, every read method`, () => {
					const p = make();
					p.run('set d', s => s.set('d', {name: 'dee', age: 9}));
					p.run(`override ${input}`, s => s.override(data(s), 'records'));
					p.run('reindex', s => s.reindex());
					for (const [name, read] of Object.entries(READS)) {
						const {impl} = p.run(name, read);
						if (immutable && !SELF_CHECK && !impl.threw && name !== 'filter raw' && name !== 'map') {
							// every record (and pair) an immutable haro-rs store hands out is frozen
							const v = impl.value;
							const flat = [frozenness(v)].flat(Infinity).filter(x => typeof x === 'boolean');
							assert.ok(flat.every(Boolean), `${name}: ${JSON.stringify(frozenness(impl.value))}`);
						}
					}
					p.state('end');
				});
			}

			it('after sort(fn, true), every read method, until a write replaces a record', () => {
				const p = make();
				p.run('sort frozen', s => s.sort((x, y) => x.age - y.age, true));
				for (const [name, read] of Object.entries(READS)) p.run(name, read);
				p.run('merge into a', s => s.set('a', {age: 4}));
				p.run('replace b', s => s.set('b', {name: 'bob', age: 6}, false, true));
				for (const [name, read] of Object.entries(READS)) p.run(`${name} after writes`, read);
				p.run('batch', s => s.batch([{id: 'c', name: 'cy', age: 2}]));
				for (const [name, read] of Object.entries(READS)) p.run(`${name} after batch`, read);
				p.state('end');
			});

			it('after store.key names another field, every read method: pairs hold that field', () => {
				// haro makes each pair from `record[this.key]` as it hands it out; an immutable
				// store's pair, made once, is made again.
				const p = make();
				for (const [name, read] of Object.entries(READS)) p.run(name, read);
				p.run('key = name', s => {
					s.key = 'name';

					return s.key;
				});
				for (const [name, read] of Object.entries(READS)) p.run(`${name} after`, read);
				p.state('end');
			});
		});
	}
}

// An immutable store keeps a record given frozen to `override` as it is (haro keeps every
// record given), and a frozen copy of one given unfrozen, whose original stays unfrozen.
describe('override in immutable mode: what is kept', {skip: SELF_CHECK && 'haro-rs only'}, () => {
	for (const recordCacheSize of [undefined, 0]) {
		it(`recordCacheSize ${recordCacheSize ?? 'default'}`, () => {
			const src = new IMPL.Haro({immutable: true, index: ['name']});
			src.batch(records().map(([, r]) => r));
			const dump = src.dump('records');
			const loose = {id: 'x', name: 'xi', age: 7, tags: ['t']};
			const s = new IMPL.Haro({immutable: true, index: ['name'], ...(recordCacheSize === undefined ? {} : {recordCacheSize})});
			s.override([...dump, ['x', loose]], 'records');
			s.reindex();
			for (const [k, r] of dump) {
				assert.ok(Object.isFrozen(r));
				const got = s.get(k)[1];
				assert.deepEqual(got, r);
				// while the store fits the cache, the very record given
				if (recordCacheSize === undefined) assert.equal(got, r);
			}
			const x = s.get('x')[1];
			assert.ok(Object.isFrozen(x) && !Object.isFrozen(loose));
			assert.notEqual(x, loose);
			assert.deepEqual(x, loose);
			assert.deepEqual(s.find({name: 'bob'}).map(([k]) => k), ['b']);
		});
	}
});

// The same without an index: the override is deferred, and lands with the kept records.
describe('override in immutable mode, deferred: what is kept and what lands', {skip: SELF_CHECK && 'haro-rs only'}, () => {
	it('records given frozen are kept, and the engine gets them when the override lands', () => {
		const src = new IMPL.Haro({immutable: true});
		src.batch(records().map(([, r]) => r));
		const dump = src.dump('records');
		const s = new IMPL.Haro({immutable: true});
		s.override(dump, 'records');
		for (const [k, r] of dump) assert.equal(s.get(k)[1], r);
		// a query lands the override; its records come back as given
		assert.deepEqual(s.search('bob', 'name'), []); // no index: haro finds nothing either
		assert.equal(s.stats().records, dump.length);
		s.reindex('name');
		assert.equal(s.find({name: 'bob'})[0][1], dump[1][1]);
		const fresh = IMPL.haro(null, {immutable: true, recordCacheSize: 0});
		fresh.override(dump, 'records');
		assert.deepEqual(fresh.get('c')[1], dump[2][1]);
		assert.ok(Object.isFrozen(fresh.get('c')[1]));
	});
});

describe('immutable set on a mutable store', () => {
	it('records handed out before stay the store\'s own, with what was changed in them, frozen by the next read (as haro@16)', () => {
		const run = ({Haro}) => {
			const s = new Haro({index: ['name']});
			s.set('a', {name: 'x'});
			s.set('b', {name: 'y'});
			const before = s.get('a')[1];
			s.get('b')[1].extra = 1; // changed in place while mutable
			s.immutable = true;
			const after = s.get('a')[1];
			let write = 'allowed';
			try {
				before.name = 'changed';
			} catch (e) {
				write = e.constructor.name;
			}

			return {same: before === after, frozen: Object.isFrozen(before), write, extra: s.get('b')[1].extra, found: s.find({name: 'y'}).map(p => p[1].extra)};
		};
		assert.deepEqual(run(IMPL), run(REF));
	});
});
