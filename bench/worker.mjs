// One measurement in a fresh process:
//
//   node --expose-gc bench/worker.mjs <impl> <workload> <size> <mode> [--budget=ms] [--seed=n]
//
//   impl      haro            haro@16.0.0 from node_modules
//             haro-rs         this package (../index.mjs)
//             <either>:cache=N   the same, with config.recordCacheSize = N
//   workload  a name from workloads.mjs (or "memory")
//   size      record count (10000, 100k, 1M, ...)
//   mode      mutable | immutable
//
// Prints one line `@@RESULT {json}` on stdout. Setup (data generation, store build) is not timed
// unless the workload is the load itself.

import {fileURLToPath, pathToFileURL} from "node:url";
import {dirname, resolve} from "node:path";
import {setFlagsFromString} from "node:v8";
import {openSync, readFileSync, readSync} from "node:fs";
import {runInNewContext} from "node:vm";
import {generate, keyOf} from "./data.mjs";
import {BY_NAME, MEMORY_INDEX} from "./workloads.mjs";

const here = dirname(fileURLToPath(import.meta.url));

export function parseSize (s) {
	const m = /^(\d+(?:\.\d+)?)\s*([kKmM]?)$/.exec(String(s).trim());
	if (!m) throw new Error(`bad size: ${s}`);
	const mult = m[2] === "" ? 1 : m[2].toLowerCase() === "k" ? 1e3 : 1e6;

	return Math.round(Number(m[1]) * mult);
}

/** "haro-rs:cache=0" → {module, label, extraConfig} */
export function parseImpl (spec) {
	const [name, ...opts] = spec.split(":");
	const extra = {};
	for (const o of opts) {
		const [k, v] = o.split("=");
		if (k === "cache") extra.recordCacheSize = Number(v);
		else throw new Error(`unknown impl option ${o} in ${spec}`);
	}
	let url;
	if (name === "haro") url = "haro";
	else if (name === "haro-rs") url = pathToFileURL(resolve(here, "..", "index.mjs")).href;
	else url = pathToFileURL(resolve(name)).href;

	return {name, url, extra};
}

function getGc () {
	if (typeof globalThis.gc === "function") return globalThis.gc;
	setFlagsFromString("--expose-gc");

	return runInNewContext("gc");
}

const now = () => process.hrtime.bigint();
const ns = (a, b) => Number(b - a);
const median = xs => {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;

	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sleep = ms => new Promise(r => setTimeout(r, ms));

/** CPU seconds all cores spent busy since boot (/proc/stat, USER_HZ = 100); null off Linux. */
function systemBusy () {
	try {
		const f = readFileSync("/proc/stat", "utf8");
		const v = f.slice(0, f.indexOf("\n")).trim().split(/\s+/).slice(1).map(Number);
		const total = v.slice(0, 8).reduce((a, b) => a + b, 0);

		return (total - v[3] - v[4]) / 100;
	} catch {
		return null;
	}
}

// Time the main thread spent runnable but waiting for a CPU (Linux schedstat run_delay, ns).
// Subtracted from each timed interval: on a shared machine, preemption by other processes is
// not the implementation's cost. Other effects of a busy machine (caches, memory bandwidth,
// helper threads) remain; the orchestrator retries runs that were heavily contended.
let schedFd = null;
const schedBuf = Buffer.alloc(256);
try {
	schedFd = openSync(`/proc/self/task/${process.pid}/schedstat`, "r");
} catch {}
function runDelay () {
	if (schedFd === null) return 0;
	const n = readSync(schedFd, schedBuf, 0, 256, 0);
	const s = schedBuf.toString("latin1", 0, n);
	const a = s.indexOf(" ");

	return Number(s.slice(a + 1, s.indexOf(" ", a + 1)));
}

/**
 * Run fn once; wall time of the call and the part of it the main thread spent preempted.
 * run_delay is credited when the thread gets a CPU back, and both reads happen while it runs,
 * so every wait credited between them happened between them; what may lie outside the timed
 * call is bounded by the time spent outside it, and is not subtracted.
 */
function timed (fn) {
	const tb = now();
	const d0 = runDelay();
	const a = now();
	const result = fn();
	const e = now();
	const d1 = runDelay();
	const ta = now();
	const wall = ns(a, e);
	const wait = Math.min(wall, Math.max(0, d1 - d0 - ns(tb, a) - ns(e, ta)));

	return {wall, wait, result};
}

const cpuSeconds = () => {
	const u = process.cpuUsage();

	return (u.user + u.system) / 1e6;
};

async function settle (gc) {
	gc();
	await sleep(10);
	gc();
}

async function runLoop (w, state, ops, budgetMs) {
	const budget = budgetMs * 1e6;
	// warm-up: at least one run, up to a quarter of the budget
	let check;
	const t0 = now();
	let warm = 0;
	do {
		check = w.run(state);
		warm++;
	} while (ns(t0, now()) < budget / 4 && warm < 1000);
	const one = ns(t0, now()) / warm;
	// samples of `reps` runs each, aiming at >= 2 ms or one run per sample
	const reps = Math.max(1, Math.min(1000, Math.floor(2e6 / Math.max(one, 1))));
	const samples = [];
	const raws = [];
	let delayed = 0;
	const start = now();
	const minSamples = one > budget / 3 ? 3 : 5; // slow runs: 3 samples (and the warm-up run)
	while (samples.length < minSamples || ns(start, now()) < budget && samples.length < 200) {
		const {wall, wait, result} = timed(() => {
			let c;
			for (let i = 0; i < reps; i++) c = w.run(state);

			return c;
		});
		check = result;
		delayed += wait;
		raws.push(wall / reps);
		samples.push((wall - wait) / reps);
	}
	const perRun = median(samples);

	return {value: perRun / ops, perRun, perRunRaw: median(raws), preemptedMs: delayed / 1e6, ops, samples: samples.length, runsPerSample: reps, warmup: warm, check};
}

async function runOnce (w, ctx, gc) {
	// warm-up on a small throwaway store with its own records
	const wsize = Math.min(2000, Math.max(100, Math.floor(ctx.size / 10)));
	const wctx = {...ctx, size: wsize, records: ctx.records.slice(0, wsize)};
	for (let i = 0; i < 2; i++) w.run(w.setup(wctx));
	const state = w.setup(ctx);
	ctx.records = null;
	await settle(gc);
	const ops = w.ops(ctx);
	const {wall, wait, result: check} = timed(() => w.run(state));
	const t = wall - wait;

	return {value: t / ops, perRun: t, perRunRaw: wall, preemptedMs: wait / 1e6, ops, samples: 1, runsPerSample: 1, warmup: 2, check, keep: state};
}

async function runMemory (ctx, gc, mod) {
	await settle(gc);
	const base = process.memoryUsage();
	let records = generate(ctx.size, ctx.seed);
	await settle(gc);
	let store;
	const l = timed(() => {
		store = mod.haro(records, {...ctx.cfg, index: MEMORY_INDEX});

		return `${store.size}:${store.search("\u0000none", "name").length}:${store.search("\u0000none", "dept").length}`;
	});
	const check = l.result;
	const loadRaw = l.wall;
	const load = l.wall - l.wait;
	records = null;
	await settle(gc);
	await sleep(50);
	gc();
	const mem = process.memoryUsage();
	const gcs = [];
	for (let i = 0; i < 3; i++) {
		const g = timed(gc);
		gcs.push(g.wall - g.wait);
	}
	// keep the store alive until here, and check it still answers
	const tail = store.get(keyOf(ctx.size - 1));
	const ok = `${check}:${tail ? (Array.isArray(tail) ? tail[1] : tail).age : "missing"}`;
	store = null;

	return {
		value: load / ctx.size,
		perRun: load,
		perRunRaw: loadRaw,
		ops: ctx.size,
		samples: 1,
		check: ok,
		metrics: {
			rssMB: mem.rss / 2 ** 20,
			heapMB: mem.heapUsed / 2 ** 20,
			externalMB: mem.external / 2 ** 20,
			gcMs: median(gcs) / 1e6,
			loadMs: load / 1e6,
			baseRssMB: base.rss / 2 ** 20,
			baseHeapMB: base.heapUsed / 2 ** 20
		}
	};
}

export async function measure ({impl, workload, size, mode, budgetMs = 250, seed}) {
	const w = BY_NAME.get(workload);
	if (!w) throw new Error(`unknown workload ${workload}`);
	if (mode !== "mutable" && mode !== "immutable") throw new Error(`bad mode ${mode}`);
	const gc = getGc();
	const spec = parseImpl(impl);
	const busy0 = systemBusy();
	const cpu0 = cpuSeconds();
	const wall0 = performance.now();
	const t0 = performance.now();
	const mod = await import(spec.url);
	if (typeof mod.haro !== "function" || typeof mod.Haro !== "function") throw new Error(`${spec.url} does not export {Haro, haro}`);
	const importMs = performance.now() - t0;
	const cfg = {immutable: mode === "immutable", ...spec.extra};
	const ctx = {mod, cfg, size, seed, records: null};
	let res;
	if (w.kind === "memory") {
		res = await runMemory(ctx, gc, mod);
	} else {
		ctx.records = generate(size, seed);
		if (w.kind === "once") {
			res = await runOnce(w, ctx, gc);
		} else {
			const state = w.setup(ctx);
			const ops = w.ops(ctx);
			ctx.records = null;
			await settle(gc);
			res = await runLoop(w, state, ops, budgetMs);
		}
	}
	delete res.keep;
	const busy1 = systemBusy();
	const wallS = (performance.now() - wall0) / 1e3;
	// cores' worth of CPU that other processes used while this one ran (jiffy resolution)
	const others = busy0 === null ? null : Math.max(0, (busy1 - busy0) - (cpuSeconds() - cpu0)) / wallS;

	return {
		impl,
		workload,
		size,
		mode,
		unit: w.unit,
		...res,
		importMs,
		contention: others,
		wallMs: performance.now() - t0,
		node: process.version,
		pid: process.pid
	};
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
	const pos = process.argv.slice(2).filter(a => !a.startsWith("--"));
	const flags = Object.fromEntries(process.argv.slice(2).filter(a => a.startsWith("--")).map(a => {
		const [k, v = "true"] = a.slice(2).split("=");

		return [k, v];
	}));
	if (pos.length < 4) {
		console.error("usage: node --expose-gc bench/worker.mjs <impl> <workload> <size> <mode> [--budget=ms] [--seed=n]");
		process.exit(2);
	}
	const [impl, workload, size, mode] = pos;
	try {
		const out = await measure({
			impl,
			workload,
			size: parseSize(size),
			mode,
			budgetMs: flags.budget ? Number(flags.budget) : 250,
			seed: flags.seed ? Number(flags.seed) : undefined
		});
		process.stdout.write(`@@RESULT ${JSON.stringify(out)}\n`);
	} catch (e) {
		process.stdout.write(`@@RESULT ${JSON.stringify({impl, workload, size: parseSize(size), mode, error: String(e && e.stack || e)})}\n`);
		process.exitCode = 1;
	}
}
