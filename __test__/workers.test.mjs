// The native addon in worker_threads: four workers load it at once, each runs a mixed
// workload on its own stores and compares every result with haro@16 running the same
// operations in the same worker; the main thread's stores, busy meanwhile, are unaffected.
// Also: workers terminated in mid-work, a second wave loading the addon again, a panic in
// a worker.
//
//   node --test __test__/workers.test.mjs      (WORKER_OPS=20000 for a longer run)
import './helpers/testing-addon.mjs'; // check() and panicForTest(): first, before the addon loads
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {isDeepStrictEqual} from 'node:util';
import {Worker} from 'node:worker_threads';
import {describe, it} from 'node:test';
import {Haro} from '../index.mjs';
import * as ref from 'haro';

const require = createRequire(import.meta.url);
const OPS = Number(process.env.WORKER_OPS ?? 3000);
const IMPL = require.resolve('../index.js');
const REF = require.resolve('haro');
const BINDING = require.resolve('../lib/binding.js');

// The workload, as source shared by the workers and the main thread: a seeded generator
// of operations applied to a haro@16 store and a haro-rs store side by side.
const WORKLOAD = String.raw`
function rng (seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6D2B79F5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function workload ({Impl, Ref, seed, ops, config, onStep}) {
	const r = rng(seed);
	const pick = a => a[Math.floor(r() * a.length)];
	const NAMES = ['ann', 'bob', 'cy', 'dee', 'é'];
	const TAGS = ['x', 'y', 'z', 'w'];
	const key = () => pick([0, 1, 2, 3]) === 0 ? Math.floor(r() * 50) : 'k' + Math.floor(r() * 150);
	const rec = () => {
		const o = {name: pick(NAMES), age: Math.floor(r() * 5)};
		if (r() < 0.7) o.tags = Array.from({length: Math.floor(r() * 3)}, () => pick(TAGS));
		if (r() < 0.2) o.n = pick([NaN, -0, Infinity, null, undefined, 1.5]);
		if (r() < 0.1) o.when = new Date(Math.floor(r() * 1e12));
		return o;
	};
	const impl = new Impl(config);
	const refs = new Ref(config);
	const mismatches = [];
	const norm = v => {
		if (v === impl || v === refs) return '<store>';
		if (v && typeof v.next === 'function' && typeof v[Symbol.iterator] === 'function') return Array.from(v);
		return v;
	};
	const run = (store, op) => {
		try {
			return {ok: norm(op(store))};
		} catch (e) {
			return {err: e.constructor.name + ': ' + e.message};
		}
	};
	const OPS = [
		[20, () => { const k = key(); const d = rec(); return s => s.set(k, d); }],
		[8, () => { const k = key(); const d = rec(); return s => s.set(k, d, false, true); }],
		[4, () => { const items = Array.from({length: 1 + Math.floor(r() * 20)}, () => Object.assign(rec(), {id: key()})); return s => s.batch(items); }],
		// (more than a chunk of records JSON holds as they are: set off the JS thread, where
		// each worker has an ingest thread of its own)
		[0.5, () => { const items = Array.from({length: 257 + Math.floor(r() * 1000)}, () => ({id: key(), name: pick(NAMES), age: Math.floor(r() * 5), tags: [pick(TAGS)]})); return s => s.batch(items); }],
		[8, () => { const k = key(); return s => s.delete(k); }],
		[10, () => { const k = key(); return s => s.get(k); }],
		[8, () => { const w = r() < 0.5 ? {name: pick(NAMES)} : {age: Math.floor(r() * 5), name: pick(NAMES)}; return s => s.find(w); }],
		[6, () => { const w = {tags: [pick(TAGS), pick(TAGS)]}; const op = pick(['||', '&&']); return s => s.where(w, op); }],
		[4, () => { const v = pick([...NAMES, ...TAGS, 1, 2]); return s => s.search(v); }],
		[3, () => { const f = pick(['age', 'name']); return s => s.sortBy(f); }],
		[4, () => { const a = Math.floor(r() * 20); const b = Math.floor(r() * 20); return s => s.limit(a, b); }],
		[2, () => s => s.toArray()],
		[2, () => s => [s.size, s.registry]],
		[1, () => s => s.filter(x => x.age > 2)],
		[1, () => s => s.map(x => ({id: x.id, a: x.age}))],
		[1, () => s => s.dump('indexes').length],
		[0.3, () => s => s.clear()],
		[0.3, () => { const d = s => s.dump('records'); return s => { s.override(d(s).slice(0, 10), 'records'); return s.reindex(); }; }]
	];
	const total = OPS.reduce((a, o) => a + o[0], 0);
	for (let i = 0; i < ops; i++) {
		let x = r() * total;
		let make = OPS[0][1];
		for (const [w, m] of OPS) {
			if ((x -= w) < 0) {
				make = m;
				break;
			}
		}
		const op = make();
		const a = run(refs, op);
		const b = run(impl, op);
		if (!isDeepStrictEqual(a, b) && mismatches.length < 5) mismatches.push({step: i, op: op.toString(), ref: a, impl: b});
		if (onStep) onStep(i);
	}
	const finalEqual = isDeepStrictEqual(impl.dump('records'), refs.dump('records')) &&
		isDeepStrictEqual(impl.registry, refs.registry);
	return {mismatches, finalEqual, size: impl.size};
}
`;

const WORKER = `
const {parentPort, workerData} = require('node:worker_threads');
const {isDeepStrictEqual} = require('node:util');
${WORKLOAD}
const {Haro} = require(workerData.impl);
const ref = require(workerData.ref);
const native = require(workerData.binding);
parentPort.postMessage({loaded: true});
let panic = null;
if (workerData.panic) {
	try { native.panicForTest(); } catch (e) { panic = e.constructor.name + ': ' + e.message; }
}
const out = workload({Impl: Haro, Ref: ref.Haro, seed: workerData.seed, ops: workerData.ops, config: workerData.config});
parentPort.postMessage({done: true, panic, ...out});
`;

const {workload} = new Function('isDeepStrictEqual', `${WORKLOAD}; return {workload};`)(isDeepStrictEqual);

function startWorker (data) {
	const w = new Worker(WORKER, {eval: true, workerData: {impl: IMPL, ref: REF, binding: BINDING, ...data}});
	const loaded = new Promise((resolve, reject) => {
		w.on('message', m => m.loaded && resolve());
		w.once('error', reject);
	});
	const done = new Promise((resolve, reject) => {
		w.on('message', m => m.done && resolve(m));
		w.once('error', reject);
		w.once('exit', code => code !== 0 && reject(new Error(`worker exited with ${code}`)));
	});

	return {w, loaded, done};
}

const CONFIGS = [
	{index: ['name', 'age', 'tags', 'age|name'], versioning: false},
	{index: ['name', 'age', 'tags', 'age|name'], versioning: true},
	{index: ['name', 'tags'], immutable: true},
	{index: ['age|name', 'tags', 'name'], key: 'id', delimiter: '|', versioning: true, recordCacheSize: 0}
];

/** A main-thread store with known content, and a check that it still has it. */
function mainStore () {
	const s = new Haro({index: ['name', 'tags'], versioning: true});
	for (let i = 0; i < 2000; i++) s.set(`m${i}`, {name: `n${i % 10}`, tags: [`t${i % 3}`], i});
	const expect = JSON.stringify(s.dump('records'));

	return {s, check () {
		assert.equal(s.size, 2000);
		assert.equal(JSON.stringify(s.dump('records')), expect);
		assert.equal(s.find({name: 'n3'}).length, 200);
		assert.equal(s.where({tags: ['t1']}).length, 667);
	}};
}

describe('worker_threads', () => {
	it(`four workers load the addon at once, each matches haro@16 over ${OPS} mixed operations; the main thread is unaffected`, async () => {
		const main = mainStore();
		const workers = CONFIGS.map((config, i) => startWorker({seed: 1000 + i, ops: OPS, config}));
		await Promise.all(workers.map(x => x.loaded));
		// the main thread works too, on its own pair of stores, while the workers run
		let mainSteps = 0;
		const mainRun = new Promise(resolve => setImmediate(() => {
			resolve(workload({Impl: Haro, Ref: ref.Haro, seed: 7, ops: OPS, config: CONFIGS[1], onStep: () => mainSteps++}));
		}));
		const results = await Promise.all(workers.map(x => x.done));
		const own = await mainRun;
		for (const [i, r] of results.entries()) {
			assert.deepStrictEqual(r.mismatches, [], `worker ${i} differs from haro@16`);
			assert.ok(r.finalEqual, `worker ${i}: final records differ from haro@16`);
		}
		assert.deepStrictEqual(own.mismatches, []);
		assert.ok(own.finalEqual);
		assert.equal(mainSteps, OPS);
		main.check();
	});

	it('workers terminated in mid-work, then a second wave loading the addon again', async () => {
		const main = mainStore();
		const first = CONFIGS.map((config, i) => startWorker({seed: 2000 + i, ops: 1e9, config}));
		await Promise.all(first.map(x => x.loaded));
		await new Promise(resolve => setTimeout(resolve, 200));
		await Promise.all(first.map(x => {
			x.done.catch(() => {});

			return x.w.terminate();
		}));
		main.check();
		const second = CONFIGS.map((config, i) => startWorker({seed: 3000 + i, ops: 500, config, panic: i === 0}));
		const results = await Promise.all(second.map(x => x.done));
		for (const r of results) {
			assert.deepStrictEqual(r.mismatches, []);
			assert.ok(r.finalEqual);
		}
		assert.match(results[0].panic, /Error: .*panic/, 'a panic in a worker is a JS Error there');
		main.check();
	});
});
