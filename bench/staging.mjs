// What a bulk write of pre-encoded records costs in the engine by each way in: one `set`
// call per record, `setChunk` of 256 records a call (what `batch`, `setMany` and landed sets
// use, lib/engine.js `commit`), or the staging area (`stage` of 512-record JSON arrays, then
// `commitStaged`, what `override` uses). 10,000 records of the benchmark's data, JSON text made beforehand;
// medians of 9 runs, each into a fresh store. `node bench/staging.mjs [count]`.
import {createRequire} from 'node:module';
import {generate} from './data.mjs';

const require = createRequire(import.meta.url);
const {Engine} = require('../lib/engine.js');
const native = require('../lib/binding.js');

const count = Number(process.argv[2] ?? 10000);
const recs = generate(count);
const texts = recs.map(r => JSON.stringify(r));

function time (name, fn) {
	const runs = [];
	for (let r = 0; r < 9; r++) {
		const h = new Engine('|', false).h;
		const t0 = process.hrtime.bigint();
		fn(h);
		runs.push(Number(process.hrtime.bigint() - t0) / count);
	}
	runs.sort((a, b) => a - b);
	console.log(`${name.padEnd(28)} ${runs[4].toFixed(0)} ns per record`);
}

time('set, one call per record', h => {
	const {set} = native.hot();
	for (let i = 0; i < count; i++) set(h, recs[i].id, texts[i], true);
});
time('setChunk, 256 a call', h => {
	for (let start = 0; start < count; start += 256) {
		const end = Math.min(count, start + 256);
		const parts = [];
		const lens = new Uint32Array(2 * (end - start));
		for (let i = start; i < end; i++) {
			parts.push(recs[i].id, texts[i]);
			lens[2 * (i - start)] = recs[i].id.length;
			lens[2 * (i - start) + 1] = texts[i].length;
		}
		native.setChunk(h, parts.join(''), lens);
	}
});
time('stage 512 at a time, commit', h => {
	let parts = [];
	for (let i = 0; i < count; i++) {
		parts.push(JSON.stringify(recs[i].id), texts[i]);
		if (parts.length >= 1024) {
			native.stage(h, `[${parts.join(',')}]`);
			parts = [];
		}
	}
	if (parts.length > 0) native.stage(h, `[${parts.join(',')}]`);
	native.commitStaged(h, false);
});
