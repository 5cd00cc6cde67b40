// Every bulk read and write at a size the machine can hold (default 10M records): each
// must work (no string past V8's limit, no stack overflow) and agree on counts.
//   node --max-old-space-size=8192 scripts/scale.mjs [count]
// CI runs it at 10,000,000 (npm run test:scale); small records keep it to minutes.
import assert from 'node:assert/strict';
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
console.log(`scale ${n.toLocaleString('en')}: every step passed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log('1 passed, 0 failed');
