// The factory's load (lib/bulk.js `load`): `haro(records)` whose records outnumber the record
// cache sends plain records that have their key without copying them, since the cache keeps
// none of them and the factory drops the batch's result. Whatever a caller can observe must
// be what haro@16 gives, and what the copying path gives: these tests load more records than
// the cache holds, of every kind the copying path treats differently.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {Pair, IMPL, SELF_CHECK} from './helpers/compare.mjs';

const MODES = [
	{name: 'mutable', immutable: false, versioning: false},
	{name: 'mutable+versioning', immutable: false, versioning: true},
	{name: 'immutable', immutable: true, versioning: false},
	{name: 'immutable+versioning', immutable: true, versioning: true}
];

class Point {
	constructor (id) {
		this.id = id;
		this.x = 1;
	}
}

/** Records of every kind: plain ones with their key, and those the load copies as `set` does. */
function mixed () {
	const out = Array.from({length: 24}, (_, i) => ({id: `u${i}`, n: i, tags: [`t${i % 3}`], meta: {i, when: new Date(1e12 + i)}}));
	out.push({n: 'no key'}); // a uuid
	out.push({id: null, n: 'null key'}); // a uuid too
	out.push(new Point('p1')); // stored as a plain copy
	out.push(Object.assign(Object.create(null), {id: 'bare', n: 1}));
	out.push(JSON.parse('{"id":"proto","__proto__":{"a":1},"z":2}')); // an own __proto__
	out.push(Object.defineProperty({id: 'getter'}, 'g', {get: () => 7, enumerable: true}));
	out.push({id: 'u3', n: 'again'}); // a repeated key: the later record wins
	out.push({id: 5, n: 'number key'});
	out.push({id: 'undef', u: undefined, nan: NaN, neg: -0});
	out.push(Object.defineProperty({n: 'hidden key'}, 'id', {value: 'hidden', enumerable: false})); // written out by the copy
	out.push(Object.defineProperty({n: 'accessor key'}, 'id', {get: () => 'acc', enumerable: true}));
	out.push({n: 'key last', z: 1, id: 'last'});

	return out;
}

for (const mode of MODES) {
	describe(`haro(records) past the record cache, ${mode.name}`, () => {
		for (const recordCacheSize of [0, 1, 8, Infinity]) {
			it(`recordCacheSize ${recordCacheSize}: the store haro@16 builds, reads and writes after`, () => {
				const p = new Pair(M => M.haro(mixed(), {...mode, recordCacheSize, index: ['n']}), {uuids: true});
				p.state('loaded');
				p.run('get', s => ['u0', 'u3', 'p1', 'bare', 'proto', 'getter', 5, 'undef', 'hidden', 'acc', 'last'].map(k => s.get(k)));
				p.run('find', s => s.find({n: 'again'}));
				p.run('set', s => s.set('u1', {n: 'changed'}));
				p.run('delete', s => s.delete('u2'));
				p.state('after writes');
			});
		}

		it('the records given stay the caller\'s: not frozen, not aliased by the store', () => {
			const given = mixed();
			const snapshot = JSON.stringify(given);
			const p = new Pair(M => M.haro(given, {...mode, recordCacheSize: 4}), {uuids: true});
			assert.equal(given.some(r => Object.isFrozen(r)), false);
			assert.equal(JSON.stringify(given), snapshot, 'the load changed a record given');
			// haro copies a record's top level (what it nests it shares: README, differences)
			given[0].n = 'mutated after';
			given[1].tags = [];
			delete given[2].meta;
			p.run('get', s => [s.get('u0'), s.get('u1')]);
			p.state();
		});
	});
}

describe('haro(records) past the record cache: refused records', {skip: SELF_CHECK && 'haro-rs only'}, () => {
	it('a record that cannot be stored throws, naming it, as batch does', () => {
		const records = Array.from({length: 20}, (_, i) => ({id: `u${i}`}));
		records.push({id: 'bad', f () {}});
		assert.throws(() => IMPL.haro(records, {recordCacheSize: 4}), {name: 'TypeError', message: /batch\(\).*records\[20\]\.f/});
		const store = new IMPL.Haro({recordCacheSize: 4});
		assert.throws(() => store.batch(records), {name: 'TypeError', message: /batch\(\).*records\[20\]\.f/});
		assert.equal(store.size, 0);
	});

	it('a circular record: the error batch gives, naming the same path', () => {
		const records = Array.from({length: 20}, (_, i) => ({id: `u${i}`}));
		const loop = {id: 'loop'};
		loop.self = loop;
		records.push(loop);
		const viaBatch = (() => {
			try {
				new IMPL.Haro({recordCacheSize: 4}).batch(records);
			} catch (e) {
				return e;
			}
		})();
		assert.ok(viaBatch instanceof TypeError);
		assert.throws(() => IMPL.haro(records, {recordCacheSize: 4}), {name: 'TypeError', message: viaBatch.message});
	});

	it('the records given are sent as they are: no copy reads their getters once', () => {
		// The copy (`{...record}`) reads a getter once and stores its value; a record sent as
		// it is has it read by the check and by the encoding. This pins that the load past
		// the cache takes that path, and that a load the cache holds still copies.
		const load = (n, recordCacheSize) => {
			let reads = 0;
			const records = Array.from({length: n}, (_, i) => Object.defineProperty({id: `u${i}`}, 'g', {get: () => ++reads && 1, enumerable: true}));
			const store = IMPL.haro(records, {recordCacheSize});
			assert.equal(store.get('u0')[1].g, 1);

			return reads / n;
		};
		assert.equal(load(20, 4), 2);
		assert.equal(load(20, 100), 1);
	});

	it('a key that cannot be stored throws as batch does', () => {
		const records = Array.from({length: 20}, (_, i) => ({id: `u${i}`}));
		records.push({id: {no: 1}});
		let viaFactory;
		let viaBatch;
		try {
			IMPL.haro(records, {recordCacheSize: 4});
		} catch (e) {
			viaFactory = e;
		}
		try {
			new IMPL.Haro({recordCacheSize: 4}).batch(records);
		} catch (e) {
			viaBatch = e;
		}
		assert.ok(viaFactory instanceof TypeError);
		assert.equal(viaFactory.message, viaBatch.message);
	});

	it('with expiry, every record loaded gets its due time', () => {
		let now = 1000;
		const records = Array.from({length: 20}, (_, i) => ({id: `u${i}`, due: i < 10 ? 1500 : 5000}));
		const store = IMPL.haro(records, {recordCacheSize: 4, expireAt: 'due', now: () => now});
		assert.equal(store.size, 20);
		now = 2000;
		assert.equal(store.size, 10);
		assert.equal(store.has('u0'), false);
		assert.equal(store.get('u19')[1].due, 5000);
	});

	// haro-rs's own engine calls, not observable results: skipped when HARO_IMPL names another
	// implementation (haro itself, or a mutant), whose calls would not go through this binding.
	const OWN = {skip: Boolean(process.env.HARO_IMPL)};

	it('a load of more than one chunk tells the engine its count before the first chunk, and when it is in', OWN, () => {
		const native = createRequire(import.meta.url)('../lib/binding.js');
		const calls = [];
		const {expect, setRecords, setChunk, setRecordsLater} = native;
		native.expect = (h, n) => (calls.push(['expect', n]), expect(h, n));
		native.setRecords = (...a) => (calls.push(['chunk']), setRecords(...a));
		native.setChunk = (...a) => (calls.push(['chunk']), setChunk(...a));
		native.setRecordsLater = (...a) => (calls.push(['chunk']), setRecordsLater(...a));
		try {
			const records = Array.from({length: 600}, (_, i) => ({id: `u${i}`, n: i}));
			const store = IMPL.haro(records, {recordCacheSize: 4});
			assert.deepEqual(calls, [['expect', 600], ['chunk'], ['chunk'], ['chunk'], ['expect', 0]]);
			assert.equal(store.get('u599')[1].n, 599);
			calls.length = 0;
			store.batch(records.slice(0, 200)); // one chunk: nothing to tell
			assert.deepEqual(calls, [['chunk']]);
			// A chunk refused part way: the announcement is withdrawn all the same.
			calls.length = 0;
			native.setRecords = native.setChunk = native.setRecordsLater = () => {
				calls.push(['chunk']);
				throw new Error('refused');
			};
			// (A refused chunk goes again a record at a time, a record still refused as `{}`:
			// the first record's two tries are refused too, and the load throws. Where chunks
			// are set off the JS thread, the first try was that, then the chunk here.)
			assert.throws(() => IMPL.haro(records, {recordCacheSize: 4}), /refused/);
			const tries = native.ingestsLater() ? 4 : 3;
			assert.deepEqual(calls, [['expect', 600], ...Array.from({length: tries}, () => ['chunk']), ['expect', 0]]);
		} finally {
			Object.assign(native, {expect, setRecords, setChunk, setRecordsLater});
		}
	});

	it('a set chunk whose ids view does not fit its records is refused before anything is written, then sent a record at a time', OWN, () => {
		const native = createRequire(import.meta.url)('../lib/binding.js');
		const store = new IMPL.Haro({recordCacheSize: 0, versioning: true});
		const {setRecords, setChunk} = native;
		let tried = 0;
		let single = 0;
		native.setRecords = (hh, keys, lens, texts, ids) => {
			tried++;
			// One id short: the engine must refuse the whole chunk.
			return setRecords(hh, keys, lens, texts, ids.subarray(0, ids.length - 1));
		};
		native.setChunk = (...a) => (single++, setChunk(...a));
		const records = Array.from({length: 3}, (_, i) => ({id: `u${i}`, n: i}));
		try {
			assert.equal(store.batch(records).length, 3);
			assert.equal(tried, 1);
			assert.equal(single, 3); // none was set by the refused chunk, so none is skipped
		} finally {
			Object.assign(native, {setRecords, setChunk});
		}
		assert.equal(store.stats().records, 3);
		assert.deepEqual(store.toArray(), records);
		assert.equal(store.versions.size, 3);
		for (const v of store.versions.values()) assert.equal(v.size, 0); // each set once: no earlier version
	});
});
