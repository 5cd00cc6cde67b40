// Every bulk read and write at a size the machine can hold (default 10M records): each
// must work (no string past V8's limit, no stack overflow) and agree on counts.
//   node --max-old-space-size=8192 scripts/scale.mjs [count]
// CI runs it at 10,000,000 (npm run test:scale); small records keep it to minutes.
import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Haro} from '../index.mjs';

const n = Number(process.argv[2] ?? 10_000_000);
const started = performance.now();
const step = (label, fn) => {
	const t0 = performance.now();
	const out = fn();
	console.log(`${label.padEnd(34)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s`);

	return out;
};

const store = new Haro({index: ['g'], recordCacheSize: 1000, cacheSize: 1000});
step(`batch of ${n.toLocaleString('en')}`, () => {
	const chunk = 100_000;
	for (let i = 0; i < n; i += chunk) {
		const recs = [];
		for (let j = i; j < Math.min(n, i + chunk); j++) recs.push({id: j, g: j % 10});
		store.batch(recs);
	}
});
assert.equal(store.size, n);
step('has / get', () => {
	assert.equal(store.has(n - 1), true);
	assert.equal(store.get(n >> 1, true).g, (n >> 1) % 10);
});
step('find (a tenth)', () => assert.equal(store.find({g: 3}, true).length, Math.floor(n / 10) + (n % 10 > 3 ? 1 : 0)));
step('filter (every record)', () => assert.equal(store.filter(r => r.id % 1000 === 0, true).length, Math.ceil(n / 1000)));
step('reduce', () => assert.equal(store.reduce((a, r) => a + (r.g === 0 ? 1 : 0), 0), Math.ceil(n / 10)));
step('forEach', () => {
	let c = 0;
	store.forEach(() => c++);
	assert.equal(c, n);
});
step('keys', () => {
	let c = 0;
	for (const k of store.keys()) if (k >= 0) c++;
	assert.equal(c, n);
});
step('registry', () => assert.equal(store.registry.length, n));
step('limit (last 10)', () => assert.equal(store.limit(n - 10, 10).length, 10));
step('toArray', () => assert.equal(store.toArray().length, n));
step('sortBy g (raw)', () => assert.equal(store.sortBy('g', true).length, n));
step('where g in [1, 2]', () => assert.equal(store.where({g: [1, 2]}).length, Math.floor(n / 10) * 2 + Math.min(2, Math.max(0, n % 10 - 1))));
const dump = step('dump', () => store.dump('records'));
assert.equal(dump.length, n);
step('override (dump into a new store)', () => {
	const other = new Haro({recordCacheSize: 1000, cacheSize: 1000});
	other.override(dump, 'records');
	assert.equal(other.size, n);
});
step('map (raw)', () => assert.equal(store.map(r => r.g, true).length, n));
step('values / entries', () => {
	let c = 0;
	for (const r of store.values()) if (r.g >= 0) c++;
	for (const [k, r] of store.entries()) if (k === r.id) c++;
	assert.equal(c, 2 * n);
});
const tenth = g => Math.floor(n / 10) + (n % 10 > g ? 1 : 0);
step('search (RegExp, function)', () => {
	assert.equal(store.search(/^[12]$/, 'g', true).length, tenth(1) + tenth(2));
	assert.equal(store.search(v => v === 4, 'g', true).length, tenth(4));
});
step('range g in [2, 4)', () => {
	assert.equal(store.range('g', {gte: 2, lt: 4}, {raw: true}).length, tenth(2) + tenth(3));
	assert.deepEqual(store.range('g', {gte: 9}, {raw: true, offset: tenth(9) - 1}), [store.get(n - 1 - ((n - 1 - 9) % 10), true)]);
});
step('sort (a function)', () => assert.equal(store.sort((a, b) => b.id - a.id)[0].id, n - 1));
step('reindex id', () => {
	store.reindex('id');
	assert.equal(store.indexes.get('id').size, n);
	assert.deepEqual(store.find({id: n - 7}, true), [{id: n - 7, g: (n - 7) % 10}]);
});
step('save + load (a snapshot)', () => {
	const file = join(tmpdir(), `haro-rs-scale-${process.pid}.snap`);
	try {
		store.save(file);
		const loaded = Haro.load(file, {recordCacheSize: 1000});
		assert.equal(loaded.size, n);
		assert.deepEqual(loaded.find({id: 99}, true), [{id: 99, g: 9}]);
	} finally {
		rmSync(file, {force: true});
	}
});
step('deleteMany (every other key)', () => {
	const keys = [];
	for (let j = 0; j < n; j += 2) keys.push(j);
	store.deleteMany(keys);
	assert.equal(store.size, n - keys.length);
	assert.equal(store.has(0), false);
});
step('clear', () => store.clear());
assert.equal(store.size, 0);

// Indexes whose dump passes V8's longest string as one text (~660 MB here): 2M records with
// 110-character keys, one index of a key each. The dump is read in slices and given back in
// parts (lib/engine.js `#dumpText`, `indexParts`).
const m = Math.min(n, 2_000_000);
const pad = 'x'.repeat(100);
const wide = new Haro({index: ['g', 'u'], recordCacheSize: 1000, cacheSize: 1000});
step(`batch of ${m.toLocaleString('en')}, long keys`, () => {
	for (let i = 0; i < m; i += 100_000) {
		const recs = [];
		for (let j = i; j < Math.min(m, i + 100_000); j++) recs.push({id: pad + j, g: j % 10, u: `u${pad}${j}`});
		wide.batch(recs);
	}
});
const idx = step('dump indexes', () => wide.dump('indexes'));
assert.deepEqual(idx.map(([name, keys]) => [name, keys.length]), [['g', 10], ['u', m]]);
assert.deepEqual(idx[1][1][m - 1], [`u${pad}${m - 1}`, [pad + (m - 1)]]);
step('override indexes (the dump)', () => {
	wide.override(idx, 'indexes');
	assert.deepEqual(wide.find({u: `u${pad}7`}, true), [{id: pad + 7, g: 7, u: `u${pad}7`}]);
	assert.equal(wide.find({g: 3}, true).length, Math.floor(m / 10) + (m % 10 > 3 ? 1 : 0));
});

// An immutable store hands out frozen records and frozen lists at any size; a versioned one
// keeps a history per key (2M keys, each set twice).
const frozen = new Haro({immutable: true, index: ['g'], recordCacheSize: 1000, cacheSize: 1000});
step(`immutable: batch of ${n.toLocaleString('en')}`, () => {
	for (let i = 0; i < n; i += 100_000) {
		const recs = [];
		for (let j = i; j < Math.min(n, i + 100_000); j++) recs.push({id: j, g: j % 10});
		frozen.batch(recs);
	}
});
step('immutable: toArray, filter, limit', () => {
	const all = frozen.toArray();
	assert.equal(all.length, n);
	assert.ok(Object.isFrozen(all) && Object.isFrozen(all[n - 1]));
	assert.equal(frozen.filter(r => r.g === 1).length, tenth(1));
	assert.ok(Object.isFrozen(frozen.limit(n - 3, 3)[2][1]));
});
frozen.clear();
const versioned = new Haro({versioning: true, recordCacheSize: 1000, cacheSize: 1000});
step(`versioning: ${m.toLocaleString('en')} keys set twice`, () => {
	for (let round = 0; round < 2; round++) {
		for (let i = 0; i < m; i += 100_000) {
			const recs = [];
			for (let j = i; j < Math.min(m, i + 100_000); j++) recs.push({id: j, round});
			versioned.batch(recs);
		}
	}
	let held = 0;
	for (const [, history] of versioned.versions) held += history.size;
	assert.equal(held, m);
	assert.deepEqual([...versioned.versions.get(m - 1)], [{id: m - 1, round: 0}]);
	assert.equal(versioned.dump('records').length, m);
});
versioned.clear();
console.log(`scale ${n.toLocaleString('en')}: every step passed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log('1 passed, 0 failed');
