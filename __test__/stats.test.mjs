// store.stats(): counts checked against haro@16's own maps for the same operations, byte
// figures by what they must satisfy (sum, return to a prior figure, V8's figure in step).
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {Haro, haro} from '../index.js';
import * as ref from 'haro';

const INDEX = ['name', 'tags', 'age|name'];
const rows = n => Array.from({length: n}, (_, i) => ({id: `k${i}`, name: `n${i % 7}`, age: i % 50, tags: [`t${i % 3}`, `u${i % 5}`]}));

// What haro@16 says of the same store: index key and entry counts, history counts.
function refCounts (r) {
	const indexes = {};
	for (const [name, map] of r.indexes) {
		let entries = 0;
		for (const set of map.values()) entries += set.size;
		indexes[name] = {keys: map.size, entries};
	}
	let count = 0;
	for (const set of r.versions.values()) count += set.size;

	return {records: r.size, indexes, versions: {keys: r.versions.size, count}};
}

function counts (st) {
	const indexes = {};
	for (const [name, {keys, entries}] of Object.entries(st.indexes)) indexes[name] = {keys, entries};

	return {records: st.records, indexes, versions: st.versions};
}

function sumHolds (st) {
	assert.equal(st.bytes.total, st.bytes.records + st.bytes.indexes + st.bytes.versions);
	let ix = 0;
	for (const v of Object.values(st.indexes)) ix += v.bytes;
	assert.equal(st.bytes.indexes, ix);
}

describe('stats()', () => {
	it('an empty store', () => {
		const s = new Haro({index: ['name']});
		assert.deepEqual(s.stats(), {
			records: 0,
			bytes: {records: 0, indexes: 0, versions: 0, total: 0},
			reportedToV8: 0,
			indexes: {name: {keys: 0, entries: 0, bytes: 0}},
			versions: {keys: 0, count: 0},
			recordCache: {size: 0, capacity: 100000, hits: 0, misses: 0},
			queryCache: null
		});
	});

	it('counts match haro@16 through sets, merges, deletes, versions and reindex', () => {
		const cfg = {index: INDEX, versioning: true};
		const s = haro(rows(200), cfg);
		const r = ref.haro(rows(200), cfg);
		const same = () => {
			const st = s.stats();
			assert.deepEqual(counts(st), refCounts(r));
			sumHolds(st);
		};
		same();
		for (const x of [s, r]) {
			x.set('k1', {name: 'changed', tags: ['new']});
			x.set('k2', {age: 99});
			x.delete('k3');
			x.set(null, {id: 'fresh', name: 'n1', age: 1, tags: []});
		}
		same();
		for (const x of [s, r]) x.reindex('age');
		same();
		for (const x of [s, r]) x.clear();
		same();
	});

	it('counts match haro@16 after bulk deletes (deleteMany sweeps the indexes in one pass)', () => {
		const cfg = {index: INDEX, versioning: true};
		const s = haro(rows(300), cfg);
		const r = ref.haro(rows(300), cfg);
		const half = rows(300).filter((_, i) => i % 2 === 0).map(x => x.id);
		s.deleteMany(half);
		r.batch(half, 'del');
		assert.deepEqual(counts(s.stats()), refCounts(r));
		sumHolds(s.stats());
		const rest = rows(300).filter((_, i) => i % 2 === 1).map(x => x.id);
		s.deleteMany(rest);
		r.batch(rest, 'del');
		assert.deepEqual(counts(s.stats()), refCounts(r));
		assert.deepEqual(s.stats().bytes, {records: 0, indexes: 0, versions: 0, total: 0});
	});

	it('bytes: a record set then deleted gives back exactly what it took; bigger records weigh more', () => {
		const s = haro(rows(50), {index: INDEX});
		const before = s.stats().bytes;
		s.set('extra', {name: 'zz', age: 3, tags: ['a', 'b'], blob: 'x'.repeat(1000)});
		const mid = s.stats().bytes;
		assert.ok(mid.records >= before.records + 1000, `${mid.records} vs ${before.records}`);
		assert.ok(mid.indexes > before.indexes);
		s.delete('extra');
		assert.deepEqual(s.stats().bytes, before);
	});

	it('bytes: versions count what they keep, and go with delete', () => {
		const s = new Haro({versioning: true});
		s.set('a', {v: 'x'.repeat(500)});
		const one = s.stats();
		assert.deepEqual(one.versions, {keys: 1, count: 0});
		s.set('a', {v: 'y'});
		const two = s.stats();
		assert.deepEqual(two.versions, {keys: 1, count: 1});
		assert.ok(two.bytes.versions >= one.bytes.versions + 500);
		s.delete('a');
		assert.deepEqual(s.stats().bytes, {records: 0, indexes: 0, versions: 0, total: 0});
	});

	it('what V8 is told stays within 1 MiB of bytes.total, through loads, reindex and clear', () => {
		const s = haro(rows(20000), {index: INDEX, versioning: true});
		const step = 1 << 20;
		const near = () => {
			const st = s.stats();
			assert.ok(Math.abs(st.reportedToV8 - st.bytes.total) < step, `reported ${st.reportedToV8}, total ${st.bytes.total}`);

			return st;
		};
		assert.ok(near().bytes.total > 2 * step, 'the store is big enough for the check to mean something');
		assert.ok(s.stats().reportedToV8 > 0);
		s.index.push('id');
		s.reindex();
		near();
		s.clear();
		assert.equal(near().bytes.total, 0);
	});

	it('record cache: hits and misses of reads', () => {
		// a store that fits its cache keeps what was written: reads hit, an absent key misses
		const s = haro(rows(10), {index: ['name']});
		assert.deepEqual(s.stats().recordCache, {size: 10, capacity: 100000, hits: 0, misses: 0});
		s.get('k1');
		s.get('k1');
		s.get('absent');
		assert.deepEqual(s.stats().recordCache, {size: 10, capacity: 100000, hits: 2, misses: 1});
		s.find({name: 'n1'}); // k1 and k8
		assert.deepEqual(s.stats().recordCache, {size: 10, capacity: 100000, hits: 4, misses: 1});
		// one that outgrew it reads from the engine, then from the cache
		const big = haro(rows(10), {index: ['name'], recordCacheSize: 5});
		assert.deepEqual(big.stats().recordCache, {size: 0, capacity: 5, hits: 0, misses: 0});
		big.get('k1');
		big.get('k1');
		assert.deepEqual(big.stats().recordCache, {size: 1, capacity: 5, hits: 1, misses: 1});
		big.find({name: 'n1'}); // k1 cached, k8 not: a record a query reads goes in at its second read
		assert.deepEqual(big.stats().recordCache, {size: 1, capacity: 5, hits: 2, misses: 2});
		big.find({name: 'n1'});
		assert.deepEqual(big.stats().recordCache, {size: 2, capacity: 5, hits: 3, misses: 3});
		big.find({name: 'n1'});
		assert.deepEqual(big.stats().recordCache, {size: 2, capacity: 5, hits: 5, misses: 3});
		const none = haro(rows(3), {recordCacheSize: 0});
		none.get('k1');
		none.get('k1');
		assert.deepEqual(none.stats().recordCache, {size: 0, capacity: 0, hits: 0, misses: 2});
	});

	it('query cache: null while off; with cache: true, getCacheStats() and its size', () => {
		assert.equal(haro(rows(5), {index: ['name']}).stats().queryCache, null);
		const s = haro(rows(20), {index: ['name'], cache: true});
		s.find({name: 'n1'});
		s.find({name: 'n1'});
		s.find({name: 'n2'});
		const q = s.stats().queryCache;
		assert.deepEqual(q, {...s.getCacheStats(), size: s.getCacheSize()});
		assert.deepEqual([q.hits, q.misses, q.size], [1, 2, 2]);
		s.set('k0', {name: 'x'}); // a write empties it
		assert.equal(s.stats().queryCache.size, 0);
	});

	it('index names come back as given, composite and odd ones too', () => {
		const s = haro([{id: 1, a: 1, b: 2, '__proto__x': 3}], {index: ['a|b', '__proto__']});
		assert.deepEqual(Object.keys(s.stats().indexes), ['a|b', '__proto__']);
		assert.equal(Object.getPrototypeOf(s.stats().indexes), Object.prototype);
	});
});
