// What one crossing into the engine costs, per call, for the calls made once per record or
// per read (src/binding/hot.rs): `size`, `has` of a string and of a number key, `get` of a
// string key that is missing, on a store of 1,000 records (medians of 9 runs of 1,000,000
// calls); and for a query that finds nothing: `search` of a value on the index `dept`,
// `find` on the composite `city|dept` (medians of 9 runs of 200,000). `node bench/crossing.mjs [path/to/haro-rs.node]`: another build (an older commit's,
// whose calls are napi-rs #[napi] functions, not yet `hot()`) is compared the same way.
import {createRequire} from 'node:module';
import {resolve} from 'node:path';
import {generate} from './data.mjs';

const require = createRequire(import.meta.url);
const path = process.argv[2];
const native = path ? require(resolve(path)) : require('../lib/binding.js');
const calls = typeof native.hot === 'function' ? native.hot() : native;

// (the handle is kept: once collected, its store is freed)
const number = new Uint32Array(1);
const handle = native.create('|', false, number);
const h = native.slot(handle);
for (const r of generate(1000)) calls.set(h, r.id, JSON.stringify(r), true);
native.setSpecs(h, JSON.stringify([['dept', null], ['city|dept', ['city', 'dept']]]));
native.reindex(h, null);
const key = generate(1)[0].id;
const queries = typeof calls.search === 'function' ? calls : native; // per-query calls joined hot() later

function time (name, fn) {
	const runs = [];
	for (let r = 0; r < 9; r++) {
		const t0 = process.hrtime.bigint();
		const n = fn();
		runs.push(Number(process.hrtime.bigint() - t0) / n);
	}
	runs.sort((a, b) => a - b);
	console.log(`${name.padEnd(22)} ${runs[4].toFixed(0)} ns`);
}

const N = 1_000_000;
let sink = 0;
console.log(`${process.version}, ${path ?? 'this checkout'}${calls === native ? ' (#[napi] calls)' : ' (hot() calls)'}`);
time('size', () => {
	for (let i = 0; i < N; i++) sink += calls.size(h);

	return N;
});
time('has, a string key', () => {
	for (let i = 0; i < N; i++) sink += calls.has(h, key) ? 1 : 0;

	return N;
});
time('has, a number key', () => {
	for (let i = 0; i < N; i++) sink += calls.hasN(h, i) ? 1 : 0;

	return N;
});
time('get, a missing key', () => {
	for (let i = 0; i < N; i++) sink += calls.get(h, 'nope') === null ? 1 : 0;

	return N;
});
const M = 200_000;
const searchMiss = JSON.stringify([['dept'], 'none']);
const findMiss = JSON.stringify(['city|dept', ['city', 'dept'], {city: 'x', dept: 'y'}]);
time('search, nothing found', () => {
	for (let i = 0; i < M; i++) sink += queries.search(h, searchMiss).length;

	return M;
});
time('find, nothing found', () => {
	for (let i = 0; i < M; i++) sink += queries.find(h, findMiss).length;

	return M;
});
if (sink < 0) console.log(sink);
