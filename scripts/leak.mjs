#!/usr/bin/env node
// Memory leak checks for haro-rs. Run with --expose-gc:
//
//   node --expose-gc scripts/leak.mjs            full size (1M set/delete cycles, 10k stores,
//                                               6 rounds of 200 stores x 10k records)
//   node --expose-gc scripts/leak.mjs --ci       CI size (about 10 s)
//   options: --cycles N --stores N --big N --records N --rounds N --trim --json
//
// Phases, each with a bound on RSS growth (MB) after a warm-up:
//   1. set/delete: N cycles of set(new key) + delete(key) on one indexed, versioned store
//      (unique keys, array-valued index fields). RSS after warm-up vs end.
//   2. create/drop: N stores created, filled with 10 records, dropped; gc every 1000.
//      RSS after warm-up vs end.
//   2b. clear: one store filled with 5,000+ records and cleared, N/50 times (a large clear
//      frees off the calling thread). RSS after warm-up vs end.
//   3. release: rounds of (B stores x R records each with recordCacheSize 0, so the records live only
//      in the engine; drop them all; gc). A store's native memory is released when its JS
//      object is collected: RSS falls back after every drop, and later rounds do not grow.
//      A FinalizationRegistry counts the collected stores. glibc keeps freed heap pages, so
//      RSS falls back only partly; --trim asks it to give them back (malloc_trim(0), called
//      through gdb when gdb is installed) to show that the memory was freed.
//   4. (report only) the same stores created and dropped with no explicit gc: how many stay
//      alive, and how far RSS climbs, when only V8's own scheduling collects the wrappers.
//      (The engine does not report its memory to V8, see napi_adjust_external_memory.)
// Prints one line per measurement and, last, a JSON summary; exits 1 if a bound is exceeded.
import {execFileSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {parseArgs} from 'node:util';
import {setImmediate as tick} from 'node:timers/promises';

const require = createRequire(import.meta.url);
const {Haro} = require('../index.js');

if (typeof globalThis.gc !== 'function') {
	console.error('run with: node --expose-gc scripts/leak.mjs');
	process.exit(2);
}

const {values: opt} = parseArgs({options: {
	ci: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
	trim: {type: 'boolean', default: false},
	cycles: {type: 'string'},
	stores: {type: 'string'},
	big: {type: 'string'},
	records: {type: 'string'},
	rounds: {type: 'string'}
}});
const CI = opt.ci;
const CYCLES = Number(opt.cycles ?? (CI ? 150_000 : 1_000_000));
const STORES = Number(opt.stores ?? (CI ? 2_000 : 10_000));
const BIG = Number(opt.big ?? (CI ? 50 : 200));
const RECORDS = Number(opt.records ?? (CI ? 5_000 : 10_000));
// Six rounds at least: the bound looks at the last two steps (round to round), since the
// first round's stores may still be finalizing while the second allocates, and on Node 24
// later rounds can take fresh memory (a step of ~65 MB, in round 2 or 3, on 5 of 10 runs;
// or two steps of ~32 MB, rounds 3 and 4, since the changes of 2026-12-03), with every store
// collected and the rounds after flat (8 rounds: 262.4 MB from round 4 to 8): a leak adds
// `grown` on every step, allocator slack on one or two.
const ROUNDS = Math.max(6, Number(opt.rounds ?? 6));
// Bounds in MB. Growth past warm-up should be noise (allocator and V8 heap slack).
const BOUND_SETDEL = 32;
const BOUND_SETDEL_TAIL = 16; // over the last 60% of the cycles: a leak grows linearly
const BOUND_CREATE = 24;

const MB = 1024 * 1024;
const rss = () => process.memoryUsage().rss / MB;
const log = (...a) => {
	if (!opt.json) console.log(...a);
};

async function settle () {
	// napi finalizers may run after the collection that found the object: collect, let
	// queued finalizers run, collect again.
	for (let i = 0; i < 4; i++) {
		globalThis.gc();
		await tick();
	}
}

const results = {};
let failed = false;
function bound (name, value, limit) {
	const ok = value <= limit;
	if (!ok) failed = true;
	log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}: ${value.toFixed(1)} MB (bound ${limit} MB)`);

	return ok;
}

function record (i) {
	return {id: `k${i}`, name: `name${i % 97}`, age: i % 50, tags: [`t${i % 7}`, `u${i % 11}`], meta: {i, s: 'x'.repeat(i % 40)}};
}

// ---- 1. set/delete cycles --------------------------------------------------------------------
async function setDelete () {
	log(`1. set/delete: ${CYCLES} cycles (unique keys, 4 indexes, versioning)`);
	const s = new Haro({index: ['name', 'age', 'tags', 'age|name'], versioning: true});
	for (let i = 0; i < 1000; i++) s.set(`keep${i}`, record(i)); // a resident population
	const warm = Math.floor(CYCLES / 10);
	const t0 = performance.now();
	let after = 0;
	const samples = [];
	for (let i = 0; i < CYCLES; i++) {
		const k = `c${i}`;
		s.set(k, record(i));
		if (i % 3 === 0) s.set(k, {age: i % 5, tags: ['merged']}); // a merge and a version
		s.delete(k);
		if (i + 1 === warm) {
			await settle();
			after = rss();
			log(`  after warm-up (${warm} cycles): rss ${after.toFixed(1)} MB`);
		}
		if ((i + 1) % Math.floor(CYCLES / 5) === 0) {
			await settle();
			samples.push(Math.round(rss()));
		}
	}
	await settle();
	const end = rss();
	const secs = (performance.now() - t0) / 1000;
	log(`  end: rss ${end.toFixed(1)} MB; samples ${samples.join(', ')} MB; ${(CYCLES / secs / 1000).toFixed(0)}k cycles/s`);
	if (s.size !== 1000) throw new Error(`size ${s.size}`);
	results.setDelete = {cycles: CYCLES, warmRssMB: after, endRssMB: end, growthMB: end - after, samplesMB: samples, seconds: secs};
	bound('growth after warm-up', end - after, BOUND_SETDEL);
	bound('growth over the last 60% of the cycles', end - samples[1], BOUND_SETDEL_TAIL);
}

// ---- 2. store create/drop --------------------------------------------------------------------
async function createDrop () {
	log(`2. create/drop: ${STORES} stores of 10 records`);
	const warm = Math.floor(STORES / 10);
	let after = 0;
	const samples = [];
	const t0 = performance.now();
	for (let i = 0; i < STORES; i++) {
		const s = new Haro({index: ['name', 'tags', 'age|name'], versioning: i % 2 === 0});
		s.batch(Array.from({length: 10}, (_, j) => record(i * 10 + j)));
		s.find({name: 'name1'});
		if ((i + 1) % 1000 === 0) await settle();
		if (i + 1 === warm) {
			await settle();
			after = rss();
			log(`  after warm-up (${warm} stores): rss ${after.toFixed(1)} MB`);
		}
		if ((i + 1) % Math.floor(STORES / 5) === 0) {
			await settle();
			samples.push(Math.round(rss()));
		}
	}
	await settle();
	const end = rss();
	log(`  end: rss ${end.toFixed(1)} MB; samples ${samples.join(', ')} MB; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	results.createDrop = {stores: STORES, warmRssMB: after, endRssMB: end, growthMB: end - after, samplesMB: samples};
	bound('growth after warm-up', end - after, BOUND_CREATE);
}

// ---- 2b. big clears -----------------------------------------------------------------------------
async function clears () {
	const n = Math.max(20, Math.floor(STORES / 50));
	log(`2b. clear: ${n} times a store of 6000 records filled and cleared`);
	const s = new Haro({index: ['name', 'tags', 'age|name'], versioning: true, recordCacheSize: 1000});
	const batch = Array.from({length: 6000}, (_, i) => record(i));
	const warm = Math.floor(n / 5);
	let after = 0;
	const t0 = performance.now();
	for (let i = 0; i < n; i++) {
		s.batch(batch);
		s.set('k1', {age: i}); // a version
		s.clear();
		if (i + 1 === warm) {
			await new Promise(resolve => setTimeout(resolve, 50)); // let the freeing threads finish
			await settle();
			after = rss();
			log(`  after warm-up (${warm} clears): rss ${after.toFixed(1)} MB`);
		}
	}
	await new Promise(resolve => setTimeout(resolve, 50));
	await settle();
	const end = rss();
	log(`  end: rss ${end.toFixed(1)} MB; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	if (s.size !== 0) throw new Error(`size ${s.size}`);
	results.clears = {clears: n, warmRssMB: after, endRssMB: end, growthMB: end - after};
	bound('growth after warm-up', end - after, BOUND_CREATE);
}

// ---- 3. native memory released when the JS object is collected --------------------------------
let created = 0;
let collected = 0;
const registry = new FinalizationRegistry(() => {
	collected++;
});

/** malloc_trim(0) in this process, through gdb; false if that cannot be done. */
function mallocTrim () {
	try {
		execFileSync('gdb', ['-p', String(process.pid), '-batch', '-nx', '-ex', 'call (int) malloc_trim(0)'], {stdio: 'ignore', timeout: 60000});

		return true;
	} catch {
		return false;
	}
}

function fill (n) {
	const stores = [];
	for (let b = 0; b < n; b++) {
		const s = new Haro({index: ['name', 'tags'], recordCacheSize: 0});
		registry.register(s, null);
		created++;
		const batch = new Array(RECORDS);
		for (let i = 0; i < RECORDS; i++) batch[i] = record(b * RECORDS + i);
		s.batch(batch);
		stores.push(s);
	}

	return stores;
}

async function release () {
	log(`3. release: ${ROUNDS} rounds of ${BIG} stores x ${RECORDS} records (recordCacheSize 0), dropped, gc`);
	await settle();
	const base = rss();
	log(`  baseline: rss ${base.toFixed(1)} MB`);
	const rounds = [];
	for (let r = 0; r < ROUNDS; r++) {
		const gone = collected;
		let stores = fill(BIG);
		await settle();
		const heapUsed = process.memoryUsage().heapUsed / MB;
		const peak = rss();
		let n = 0;
		for (const s of stores) n += s.size;
		if (n !== BIG * RECORDS) throw new Error(`stores hold ${n} records`);
		stores = null; // eslint-disable-line no-useless-assignment
		await settle();
		await new Promise(resolve => setTimeout(resolve, 50));
		await settle();
		const dropped = rss();
		const freed = collected - gone;
		const round = {peakRssMB: peak, heapUsedMB: heapUsed, afterDropRssMB: dropped, collected: freed};
		let trimmed = '';
		if (opt.trim && mallocTrim()) {
			round.afterTrimRssMB = rss();
			trimmed = `, after malloc_trim rss ${round.afterTrimRssMB.toFixed(1)} MB`;
		}
		rounds.push(round);
		log(`  round ${r + 1}: alive rss ${peak.toFixed(1)} MB (V8 heap used ${heapUsed.toFixed(1)} MB), after drop+gc rss ${dropped.toFixed(1)} MB${trimmed}; ${freed}/${BIG} stores collected`);
	}
	await settle();
	await new Promise(resolve => setTimeout(resolve, 100));
	await settle();
	// V8 may keep the very last object it allocated a little longer: allow one straggler.
	const missing = created - collected;
	log(`  ${collected} of ${created} dropped stores collected`);
	if (missing > 1) {
		failed = true;
		log(`  FAIL ${missing} dropped stores were never collected`);
	}
	const grown = rounds[0].peakRssMB - base;
	const last = rounds.at(-1);
	results.release = {baselineRssMB: base, rounds};
	// Released: every dropped store is collected, and a later round reuses the memory the
	// earlier one freed instead of taking more (a leak would add `grown` every round).
	// RSS itself falls back only as far as glibc gives pages back (all the way with --trim).
	log(`  round 1 took ${grown.toFixed(1)} MB`);
	const steps = rounds.slice(-3).map((r, i, a) => i === 0 ? null : r.peakRssMB - a[i - 1].peakRssMB).slice(1);
	bound('peak growth over the smaller of the last two round-to-round steps', Math.min(...steps), Math.max(30, 0.1 * grown));
	if (last.afterTrimRssMB !== undefined) bound('rss after drop + malloc_trim above baseline', last.afterTrimRssMB - base, Math.max(48, 0.3 * grown));
}

// ---- 4. no explicit gc (report only) ----------------------------------------------------------
async function noGc () {
	const n = BIG * ROUNDS;
	log(`4. report only: ${n} stores x ${RECORDS} records created and dropped one by one, no explicit gc`);
	await settle();
	const base = rss();
	let max = base;
	let maxLive = 0;
	const t0 = performance.now();
	for (let b = 0; b < n; b++) {
		fill(1);
		max = Math.max(max, rss());
		maxLive = Math.max(maxLive, created - collected);
		if (b % 10 === 9) await tick(); // let finalizers run, as a server between requests would
	}
	const end = rss();
	await settle();
	const afterGc = rss();
	results.noGc = {stores: n, maxLiveStores: maxLive, baselineRssMB: base, maxRssMB: max, endRssMB: end, afterGcRssMB: afterGc, seconds: (performance.now() - t0) / 1000};
	log(`  up to ${maxLive} of the ${n} dropped stores alive at once; rss baseline ${base.toFixed(1)} MB, max ${max.toFixed(1)} MB, end ${end.toFixed(1)} MB, after gc ${afterGc.toFixed(1)} MB`);
	log(`  (one store of ${RECORDS} records is about ${(((results.release?.rounds[0].peakRssMB ?? base) - (results.release?.baselineRssMB ?? base)) / BIG).toFixed(1)} MB of native memory)`);
}

await setDelete();
await createDrop();
await clears();
await release();
await noGc();
console.log(JSON.stringify({ok: !failed, ci: CI, ...results}));
process.exitCode = failed ? 1 : 0;
