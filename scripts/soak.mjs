#!/usr/bin/env node
// Soak test: mixed operations on a store of 100k records for a fixed time, checking the
// engine's invariants every second and the records against a model, and reporting
// throughput, RSS, GC pauses and latency percentiles over time.
//
//   node scripts/soak.mjs                     10 minutes, 100k records
//   node scripts/soak.mjs --seconds 60 --records 20000 --report 5
//   options: --seconds N (600) --records N (100000) --report N (seconds between lines, 30)
//            --check N (ms of workload between invariant checks, 1000) --seed N --immutable
//            --versioning --json (summary only)
// Time spent in checks is left out of ops/s (a full check at 100k records takes a while);
// the wall-clock rate is reported too.
//
// Each check: native check() of the engine (every index equals one rebuilt from the
// records; reached through lib/binding.js's create(), wrapped here to keep the handle),
// size and 200 random records against the model. At the end every record is compared.
// Exits 1 on any mismatch or invariant violation.
import '../__test__/helpers/testing-addon.mjs'; // check(): first, before the addon loads
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {PerformanceObserver} from 'node:perf_hooks';
import {parseArgs} from 'node:util';

const require = createRequire(import.meta.url);
const native = require('../lib/binding.js');

// Test-only: keep the engine handle of every store created from here on.
const handles = [];
const create = native.create;
native.create = (...args) => {
	const h = create(...args);
	handles.push(h);

	return h;
};
const {Haro} = require('../index.js');

const {values: opt} = parseArgs({options: {
	seconds: {type: 'string', default: '600'},
	records: {type: 'string', default: '100000'},
	report: {type: 'string', default: '30'},
	check: {type: 'string', default: '1000'},
	seed: {type: 'string', default: '1'},
	immutable: {type: 'boolean', default: false},
	versioning: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false}
}});
const SECONDS = Number(opt.seconds);
const N = Number(opt.records);
const REPORT = Number(opt.report) * 1000;
const CHECK = Number(opt.check);
const log = (...a) => {
	if (!opt.json) console.log(...a);
};

// ---- deterministic randomness ---------------------------------------------------------------
let seed = Number(opt.seed) >>> 0;
function rand () {
	seed = (seed + 0x6D2B79F5) >>> 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = n => Math.floor(rand() * n);
const DEPTS = Array.from({length: 20}, (_, i) => `dept${i}`);
const CITIES = Array.from({length: 50}, (_, i) => `city${i}`);
const TAGS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

function makeRecord (i) {
	return {
		id: `u${i}`,
		name: `user ${i}`,
		email: `user${i}@example.com`,
		age: 18 + int(60),
		dept: DEPTS[int(DEPTS.length)],
		city: CITIES[int(CITIES.length)],
		active: rand() < 0.5,
		tags: [TAGS[int(8)], TAGS[int(8)]],
		score: Math.round(rand() * 10000) / 100
	};
}

// ---- latency histograms (1/8-octave buckets of nanoseconds) ------------------------------------
const BUCKETS = 8 * 40;
const bucketOf = ns => Math.min(BUCKETS - 1, Math.max(0, Math.floor(Math.log2(Math.max(ns, 1)) * 8)));
const nsOf = b => 2 ** ((b + 1) / 8);
class Hist {
	constructor () {
		this.counts = new Float64Array(BUCKETS);
		this.n = 0;
		this.max = 0;
	}

	add (ns) {
		this.counts[bucketOf(ns)]++;
		this.n++;
		if (ns > this.max) this.max = ns;
	}

	merge (h) {
		for (let i = 0; i < BUCKETS; i++) this.counts[i] += h.counts[i];
		this.n += h.n;
		this.max = Math.max(this.max, h.max);
	}

	pct (p) {
		let want = this.n * p;
		for (let i = 0; i < BUCKETS; i++) {
			want -= this.counts[i];
			if (want <= 0) return nsOf(i);
		}

		return this.max;
	}
}
const us = ns => ns >= 1e6 ? `${(ns / 1e6).toFixed(1)}ms` : `${(ns / 1000).toFixed(ns < 1e4 ? 2 : 0)}µs`;

// ---- the store and its model -----------------------------------------------------------------
const INDEX = ['email', 'dept', 'city', 'age', 'tags', 'city|dept'];
const store = new Haro({index: INDEX, immutable: opt.immutable, versioning: opt.versioning});
const handle = handles.at(-1);
if (handle === undefined) throw new Error('no engine handle captured: index.js no longer calls native.create() through lib/binding.js');
const model = new Map();
let next = 0;
const loadT0 = performance.now();
{
	const batch = [];
	for (; next < N; next++) {
		const r = makeRecord(next);
		batch.push(r);
		model.set(r.id, r);
	}
	store.batch(batch);
}
const loadMs = performance.now() - loadT0;
const keys = Array.from(model.keys()); // live keys, for picking; swap-removal keeps it dense
const keyPos = new Map(keys.map((k, i) => [k, i]));
const removeKey = k => {
	const i = keyPos.get(k);
	const last = keys.pop();
	if (last !== k) {
		keys[i] = last;
		keyPos.set(last, i);
	}
	keyPos.delete(k);
};
const addKey = k => {
	keyPos.set(k, keys.length);
	keys.push(k);
};
const pickKey = () => keys[int(keys.length)];

// ---- operations ---------------------------------------------------------------------------------
const OPS = {
	get: [30, () => {
		const k = pickKey();
		const r = store.get(k, true);
		if (r === null || r.email !== model.get(k).email) throw new Error(`get ${k}: ${JSON.stringify(r)}`);
	}],
	has: [5, () => store.has(pickKey())],
	'set merge': [12, () => {
		const k = pickKey();
		const upd = {age: 18 + int(60), score: int(10000) / 100, tags: [TAGS[int(8)]]};
		const old = model.get(k);
		store.set(k, upd);
		const tags = old.tags.length < 6 ? old.tags.concat(upd.tags) : upd.tags;
		if (tags === upd.tags) store.set(k, {...old, ...upd, tags}, false, true); // keep arrays short
		model.set(k, {...old, ...upd, tags});
	}],
	'set replace': [8, () => {
		const k = pickKey();
		const r = {...makeRecord(Number(k.slice(1))), id: k};
		store.set(k, r, false, true);
		model.set(k, r);
	}],
	'delete+insert': [8, () => {
		const k = pickKey();
		store.delete(k);
		model.delete(k);
		removeKey(k);
		const r = makeRecord(next++);
		store.set(null, r);
		model.set(r.id, r);
		addKey(r.id);
	}],
	'find unique': [6, () => {
		const k = pickKey();
		const r = store.find({email: model.get(k).email});
		if (r.length !== 1 || r[0][0] !== k) throw new Error(`find ${k}: ${JSON.stringify(r)}`);
	}],
	'find composite': [4, () => store.find({city: CITIES[int(50)], dept: DEPTS[int(20)]})], // ~100 records
	where: [3, () => store.where({city: [CITIES[int(50)], CITIES[int(50)]], dept: DEPTS[int(20)]}, '&&')], // ~200
	search: [2, () => store.search(`user${int(next)}@example.com`, 'email')],
	'find 1/20': [0.2, () => store.find({dept: DEPTS[int(20)]})], // ~5000 records
	limit: [6, () => store.limit(int(N), 20)],
	batch: [1, () => {
		const items = [];
		for (let i = 0; i < 100; i++) {
			const k = pickKey();
			const r = {...makeRecord(Number(k.slice(1))), id: k};
			items.push(r);
		}
		store.batch(items);
		for (const r of items) model.set(r.id, r);
	}],
	sortBy: [0.05, () => store.sortBy('age')],
	filter: [0.05, () => store.filter(r => r.score > 99.5)]
};
const names = Object.keys(OPS);
const weights = names.map(n => OPS[n][0]);
const total = weights.reduce((a, b) => a + b, 0);
const fns = names.map(n => OPS[n][1]);
// A precomputed schedule keeps the choice out of the measured time.
const SCHEDULE = new Uint8Array(1 << 16);
for (let i = 0; i < SCHEDULE.length; i++) {
	let x = rand() * total;
	let j = 0;
	while ((x -= weights[j]) >= 0) j++;
	SCHEDULE[i] = j;
}

// ---- checks -------------------------------------------------------------------------------
let checks = 0;
let checkMs = 0;
function check (full = false) {
	const t = performance.now();
	const bad = native.check(native.slot(handle));
	if (bad !== null) throw new Error(`invariant violated: ${bad}`);
	assert.equal(store.size, model.size, 'size');
	const sample = full ? keys : Array.from({length: 200}, pickKey);
	for (const k of sample) assert.deepStrictEqual({...store.get(k, true)}, model.get(k), `record ${k}`);
	if (full) {
		const reg = store.registry;
		assert.equal(reg.length, model.size);
		for (const k of reg) assert.ok(model.has(k), `unexpected key ${k}`);
	}
	checks++;
	checkMs += performance.now() - t;
}

// ---- GC pauses ---------------------------------------------------------------------------------
let gcMax = 0;
let gcTotal = 0;
let gcCount = 0;
const obs = new PerformanceObserver(list => {
	for (const e of list.getEntries()) {
		gcMax = Math.max(gcMax, e.duration);
		gcTotal += e.duration;
		gcCount++;
	}
});
obs.observe({entryTypes: ['gc']});

// ---- run ---------------------------------------------------------------------------------------
const MB = 1024 * 1024;
log(`soak: ${N} records (loaded in ${(loadMs / 1000).toFixed(1)} s), ${SECONDS} s, indexes ${INDEX.join(', ')}` +
	`${opt.immutable ? ', immutable' : ''}${opt.versioning ? ', versioning' : ''}, invariants every ${CHECK} ms`);
check();
log('   time     ops/s   rss MB  heap MB   p50      p99      p99.9    max      gc max   p99 by op');
const t0 = performance.now();
const end = t0 + SECONDS * 1000;
let opTime = 0; // ms spent in operations (not in checks and reports)
let nextCheck = CHECK;
let nextReport = t0 + REPORT;
let win = names.map(() => new Hist());
let winOps = 0;
let winOpTime = 0;
const all = new Hist();
const allByOp = names.map(() => new Hist());
const series = [];
let ops = 0;
let s = 0;
let failure = null;

function report (now) {
	const h = new Hist();
	for (const x of win) h.merge(x);
	all.merge(h);
	win.forEach((x, i) => allByOp[i].merge(x));
	const mem = process.memoryUsage();
	const row = {
		t: Math.round((now - t0) / 1000),
		opsPerSec: Math.round(winOps / (winOpTime / 1000)),
		rssMB: Math.round(mem.rss / MB),
		heapMB: Math.round(mem.heapUsed / MB),
		p50us: h.pct(0.5) / 1000,
		p99us: h.pct(0.99) / 1000,
		p999us: h.pct(0.999) / 1000,
		maxUs: h.max / 1000,
		gcMaxMs: gcMax,
		checks
	};
	series.push(row);
	const byOp = names.map((n, i) => win[i].n ? `${n} ${us(win[i].pct(0.99))}` : null).filter(Boolean).slice(0, 6).join(', ');
	log(`${String(row.t).padStart(6)}s ${String(row.opsPerSec).padStart(9)} ${String(row.rssMB).padStart(8)} ${String(row.heapMB).padStart(8)}   ${us(h.pct(0.5)).padEnd(8)} ${us(h.pct(0.99)).padEnd(8)} ${us(h.pct(0.999)).padEnd(8)} ${us(h.max).padEnd(8)} ${(gcMax.toFixed(1) + 'ms').padEnd(8)} ${byOp}`);
	win = names.map(() => new Hist());
	winOps = 0;
	winOpTime = 0;
	gcMax = 0;
}

try {
	for (;;) {
		// a slice of operations, then the clocks
		const sliceStart = performance.now();
		for (let i = 0; i < 256; i++) {
			const j = SCHEDULE[s++ & 0xffff];
			const a = performance.now();
			fns[j]();
			win[j].add((performance.now() - a) * 1e6);
		}
		ops += 256;
		winOps += 256;
		const now = performance.now();
		opTime += now - sliceStart;
		winOpTime += now - sliceStart;
		if (opTime >= nextCheck) {
			check();
			nextCheck = opTime + CHECK;
		}
		if (now >= nextReport || now >= end) {
			report(now);
			nextReport = now + REPORT;
			if (now >= end) break;
			await new Promise(resolve => setImmediate(resolve)); // let GC observers report
		}
	}
	check(true);
} catch (e) {
	failure = e;
}
obs.disconnect();
const secs = (performance.now() - t0) / 1000;
const rssSeries = series.map(r => r.rssMB);
const summary = {
	ok: failure === null,
	failure: failure && String(failure.stack ?? failure),
	records: N,
	seconds: Math.round(secs),
	operations: ops,
	opsPerSec: Math.round(ops / (opTime / 1000)),
	wallOpsPerSec: Math.round(ops / secs),
	loadSeconds: loadMs / 1000,
	checks,
	avgCheckMs: checkMs / Math.max(checks, 1),
	p50us: all.pct(0.5) / 1000,
	p99us: all.pct(0.99) / 1000,
	p999us: all.pct(0.999) / 1000,
	maxUs: all.max / 1000,
	p99usByOp: Object.fromEntries(names.map((n, i) => [n, allByOp[i].pct(0.99) / 1000])),
	gc: {count: gcCount, totalMs: gcTotal, maxPauseMs: Math.max(...series.map(r => r.gcMaxMs), 0)},
	rssMB: {first: rssSeries[0], min: Math.min(...rssSeries), max: Math.max(...rssSeries), last: rssSeries.at(-1)},
	series
};
log(`done: ${ops} operations in ${secs.toFixed(0)} s (${summary.opsPerSec} ops/s in operation time, ${summary.wallOpsPerSec} wall), ${checks} invariant checks (avg ${summary.avgCheckMs.toFixed(1)} ms), ` +
	`p50 ${us(all.pct(0.5))}, p99 ${us(all.pct(0.99))}, p99.9 ${us(all.pct(0.999))}, max ${us(all.max)}; ` +
	`rss ${summary.rssMB.first} → ${summary.rssMB.last} MB (max ${summary.rssMB.max}); gc ${gcCount} pauses, max ${summary.gc.maxPauseMs.toFixed(1)} ms`);
log('p99 by operation: ' + names.map((n, i) => `${n} ${us(allByOp[i].pct(0.99))}`).join(', '));
if (failure) console.error(`FAILED: ${failure.stack ?? failure}`);
console.log(JSON.stringify({...summary, series: opt.json ? series : undefined}));
process.exitCode = failure ? 1 : 0;
