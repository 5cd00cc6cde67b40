#!/usr/bin/env node
// haro-rs vs haro@16.0.0, side by side. Each (workload, size, mode) cell is measured in fresh
// child processes (bench/worker.mjs), implementations alternating, `--reps` times; medians,
// ratios and their geometric mean are printed and written to bench/results/.
//
//   npm run bench                          10k and 100k, mutable and immutable, every workload,
//                                          plus the 1M memory workload; 5 repetitions
//   npm run bench -- --quick               about a minute: 10k, a subset covering every family
//   npm run bench -- --only=get,find --sizes=10k,1M --modes=mutable --reps=7
//   npm run bench -- --cache=5000          recordCacheSize for haro-rs (the recordCacheSize 0 column stays)
//   npm run bench -- --impl-b=haro         haro against itself (harness self-test, ratios ≈ 1)
//   npm run bench -- --write-readme        also put the table into README.md (full runs only)
//   npm run bench -- --help
// README.md is left alone unless --write-readme is given, and never by a --quick run.

import {spawn} from "node:child_process";
import {mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, unlinkSync} from "node:fs";
import {cpus, loadavg, totalmem, release, platform, arch} from "node:os";
import {dirname, resolve} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {execFileSync} from "node:child_process";
import {WORKLOADS, QUICK, BY_NAME} from "./workloads.mjs";
import {consoleTable, markdown, svgChart, fmtSize, fmtTime, fmtRatio, rowLabel} from "./report.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const WORKER = resolve(here, "worker.mjs");

const HELP = `usage: npm run bench -- [options]

  --quick                 10k only, ${QUICK.length} workloads covering every family, 3 reps (about a minute)
  --only=a,b              workloads by name, name prefix (find → find, find-composite) or family
                          (write, read, query, callback, sort, export, index, haro17, snapshot, memory)
  --skip=a,b              the same, excluded
  --sizes=10k,100k        record counts for the timed workloads (default 10000,100000)
  --modes=mutable,immutable
  --mem-size=1M           record count of the memory workload (default 1M; quick: 10k)
  --mem-modes=mutable     modes of the memory workload (default mutable)
  --reps=N                repetitions per cell (default 5, quick 3; at least 5 for publishable runs)
  --budget=MS             timing budget of a loop workload inside one worker (default 250, quick 40)
  --cache=N               recordCacheSize passed to haro-rs (default: not passed, haro-rs's own default)
  --no-cache0             do not add the haro-rs recordCacheSize 0 column
  --peers=lokijs          add a LokiJS 1.5.12 column (bench/peers/lokijs.mjs), run only on the
                          workloads that declare it (sortBy-raw, range, range-top)
  --impl-b=haro|haro-rs|path   candidate implementation (default haro-rs). haro = self-test
  --out=DIR               where latest.json, table.md, chart.svg go (default bench/results;
                          a --quick run: bench/results/quick, not kept in git)
  --write-readme          also replace the benchmark table in README.md (refused with --quick,
                          with --out, and for a --render of a quick run)
  --progress / --no-progress   a line per finished workload (default: on, except --quick)
  --max-contention=C      retry a run during which other processes used more than C cores
                          (default 0.5; the machine may be shared)
  --retries=N             retries of a contended run (default 1, quick 0), after waiting up to
  --idle-wait=S           S seconds for the machine to go quiet (default 3)
  --timeout=S             per-worker timeout in seconds (default 120 + 0.5 per 1k records)
  --render=FILE           re-render table.md, chart.svg (and the console table) from a
                          latest.json (or latest.json.tmp of an interrupted run), no measuring
  --list                  list workloads and exit
  --dry-run               print the plan and exit
  --verbose               one line per worker
`;

function parseArgs (argv) {
	const o = {};
	for (const a of argv) {
		if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}\n\n${HELP}`);
		const i = a.indexOf("=");
		const k = i < 0 ? a.slice(2) : a.slice(2, i);
		o[k] = i < 0 ? true : a.slice(i + 1);
	}

	return o;
}

function parseSize (s) {
	const m = /^(\d+(?:\.\d+)?)\s*([kKmM]?)$/.exec(String(s).trim());
	if (!m) throw new Error(`bad size: ${s}`);

	return Math.round(Number(m[1]) * (m[2] === "" ? 1 : m[2].toLowerCase() === "k" ? 1e3 : 1e6));
}

const list = v => String(v).split(",").map(s => s.trim()).filter(Boolean);

function matches (w, pats) {
	return pats.some(p => w.name === p || w.family === p || w.name.startsWith(`${p}-`));
}

const median = xs => {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;

	return s.length === 0 ? null : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function machine () {
	const c = cpus();
	let model = c[0]?.model?.trim() || "unknown cpu";
	try {
		const txt = readFileSync("/proc/cpuinfo", "utf8");
		const mm = /model name\s*:\s*(.+)/.exec(txt);
		if (mm) model = mm[1].trim();
	} catch {}

	return {
		cpu: model,
		cores: c.length,
		memGB: Math.round(totalmem() / 2 ** 30),
		os: `${platform()} ${arch()} ${release()}`,
		node: process.version,
		v8: process.versions.v8,
		loadavgStart: loadavg()
	};
}

function gitInfo () {
	try {
		const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], {cwd: root, stdio: ["ignore", "pipe", "ignore"]}).toString().trim();
		const dirty = execFileSync("git", ["status", "--porcelain"], {cwd: root, stdio: ["ignore", "pipe", "ignore"]}).toString().trim() !== "";

		return `${head}${dirty ? "-dirty" : ""}`;
	} catch {
		return "no commit";
	}
}

function runWorker (impl, workload, size, mode, opts) {
	return new Promise(done => {
		const args = ["--expose-gc", WORKER, impl, workload, String(size), mode, `--budget=${opts.budget}`];
		const child = spawn(process.execPath, args, {cwd: root, stdio: ["ignore", "pipe", "pipe"]});
		let out = "";
		let err = "";
		const timeoutMs = opts.timeout ? opts.timeout * 1000 : (120 + size / 2000) * 1000;
		const timer = setTimeout(() => {
			err += `\ntimeout after ${timeoutMs / 1000} s`;
			child.kill("SIGKILL");
		}, timeoutMs);
		child.stdout.on("data", d => {
			out += d;
		});
		child.stderr.on("data", d => {
			err += d;
		});
		child.on("close", (code, signal) => {
			clearTimeout(timer);
			const line = out.split("\n").find(l => l.startsWith("@@RESULT "));
			let res = null;
			if (line) {
				try {
					res = JSON.parse(line.slice(9));
				} catch {}
			}
			if (!res) res = {impl, workload, size, mode, error: `worker exited (${signal ?? code}) without a result: ${err.trim().split("\n").slice(-3).join(" / ") || out.trim().slice(-200)}`};
			done(res);
		});
	});
}

function systemBusy () {
	try {
		const f = readFileSync("/proc/stat", "utf8");
		const v = f.slice(0, f.indexOf("\n")).trim().split(/\s+/).slice(1).map(Number);

		return (v.slice(0, 8).reduce((a, b) => a + b, 0) - v[3] - v[4]) / 100;
	} catch {
		return null;
	}
}

/** Wait until other processes use at most `threshold` cores (measured over 300 ms), or maxS. */
async function waitIdle (maxS, threshold) {
	const t0 = Date.now();
	for (;;) {
		const b0 = systemBusy();
		if (b0 === null) return null;
		const c0 = process.cpuUsage();
		await new Promise(r => setTimeout(r, 300));
		const c = process.cpuUsage(c0);
		const others = Math.max(0, systemBusy() - b0 - (c.user + c.system) / 1e6) / 0.3;
		if (others <= threshold || Date.now() - t0 > maxS * 1000) return others;
	}
}

async function checkLoads (spec) {
	const name = spec.split(":")[0];
	const url = name === "haro" ? "haro" : name === "haro-rs" ? pathToFileURL(resolve(root, "index.mjs")).href : pathToFileURL(resolve(name)).href;
	const code = `import(${JSON.stringify(url)}).then(m => { if (typeof m.Haro !== "function" || typeof m.haro !== "function") { console.error("no {Haro, haro} exports: " + Object.keys(m)); process.exit(1); } }, e => { console.error(String(e && e.stack || e)); process.exit(1); })`;

	return new Promise(done => {
		const child = spawn(process.execPath, ["-e", code], {cwd: root, stdio: ["ignore", "ignore", "pipe"]});
		let err = "";
		child.stderr.on("data", d => {
			err += d;
		});
		child.on("close", c => done(c === 0 ? null : err.trim() || `exit ${c}`));
	});
}

function summarize (plan, raw, variants, meta) {
	const byCell = new Map();
	for (const r of raw) {
		const k = `${r.workload}|${r.size}|${r.mode}`;
		if (!byCell.has(k)) byCell.set(k, new Map());
		const m = byCell.get(k);
		if (!m.has(r.variant)) m.set(r.variant, []);
		m.get(r.variant).push(r);
	}
	const rows = [];
	for (const cell of plan) {
		const w = BY_NAME.get(cell.workload);
		const m = byCell.get(`${cell.workload}|${cell.size}|${cell.mode}`) ?? new Map();
		const metrics = w.kind === "memory" ? [["rss", x => x.metrics.rssMB], ["heap", x => x.metrics.heapMB], ["gc", x => x.metrics.gcMs * 1e6], ["loadtime", x => x.metrics.loadMs * 1e6]]
			: [["time", x => w.unit === "load" ? x.perRun : x.value]];
		for (const [metric, get] of metrics) {
			const row = {workload: w.name, family: w.family, size: cell.size, mode: cell.mode, unit: w.unit, metric, values: {}, ratios: {}, mismatch: {}, spread: null};
			let spread = null;
			for (const v of variants) {
				const rs = m.get(v.id) ?? [];
				const ok = rs.filter(x => !x.error);
				const vals = ok.map(get).filter(Number.isFinite);
				const med = median(vals);
				const checks = [...new Set(ok.map(x => x.check))];
				row.values[v.id] = {
					metric,
					median: med,
					min: vals.length ? Math.min(...vals) : null,
					max: vals.length ? Math.max(...vals) : null,
					n: vals.length,
					samples: vals,
					check: checks.length === 1 ? checks[0] : checks.length ? checks : null,
					error: rs.find(x => x.error)?.error ?? null
				};
				if (vals.length > 1 && med > 0) spread = Math.max(spread ?? 0, (Math.max(...vals) - Math.min(...vals)) / (2 * med));
			}
			row.spread = spread;
			const base = row.values[variants[0].id];
			for (const v of variants.slice(1)) {
				const cur = row.values[v.id];
				row.ratios[v.id] = base.median > 0 && Number.isFinite(cur.median) ? cur.median / base.median : null;
				row.mismatch[v.id] = metric !== "rss" && metric !== "heap" && metric !== "gc" && base.check !== null && cur.check !== null && JSON.stringify(base.check) !== JSON.stringify(cur.check);
			}
			rows.push(row);
		}
	}
	const geomean = {};
	for (const v of variants.slice(1)) {
		const t = rows.filter(r => r.metric === "time").map(r => r.ratios[v.id]).filter(x => Number.isFinite(x) && x > 0);
		const mm = rows.filter(r => r.metric !== "time").map(r => r.ratios[v.id]).filter(x => Number.isFinite(x) && x > 0);
		const g = xs => xs.length ? Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length) : null;
		geomean[v.id] = {time: g(t), n: t.length, memory: g(mm), nMemory: mm.length};
	}
	const geomeanByMode = {};
	for (const mode of ["mutable", "immutable"]) {
		geomeanByMode[mode] = {};
		for (const v of variants.slice(1)) {
			const t = rows.filter(r => r.metric === "time" && r.mode === mode).map(r => r.ratios[v.id]).filter(x => Number.isFinite(x) && x > 0);
			geomeanByMode[mode][v.id] = t.length ? Math.exp(t.reduce((a, x) => a + Math.log(x), 0) / t.length) : null;
		}
	}
	const descriptions = {};
	for (const cell of plan) descriptions[cell.workload] = BY_NAME.get(cell.workload).desc;

	return {meta, variants, rows, geomean, geomeanByMode, descriptions};
}

function variantsOf ({implB, recordCacheSize: cache, cache0 = true, peers = []}) {
	const bLabel = implB === "haro" ? "haro@16 (as B)" : implB === "haro-rs" ? "haro-rs" : implB;
	const variants = [
		{id: "A", label: "haro@16", impl: "haro"},
		{id: "B", label: cache === null ? bLabel : `${bLabel} (recordCacheSize ${cache})`, impl: cache === null ? implB : `${implB}:cache=${cache}`}
	];
	if (cache0 && cache !== 0) variants.push({id: "B0", label: `${bLabel} (recordCacheSize 0)`, impl: `${implB}:cache=0`});
	if (peers.includes("lokijs")) variants.push({id: "L", label: "LokiJS 1.5.12", impl: resolve(here, "peers", "lokijs.mjs"), peer: "lokijs"});

	return variants;
}

function writeAtomic (file, text) {
	writeFileSync(`${file}.tmp`, text);
	renameSync(`${file}.tmp`, file);
}

async function main () {
	const o = parseArgs(process.argv.slice(2));
	if (o.help || o.h) {
		process.stdout.write(HELP);

		return;
	}
	if (typeof o.render === "string") {
		const file = resolve(o.render);
		const data = JSON.parse(readFileSync(file, "utf8"));
		const raw = data.raw;
		const variants = data.variants ?? variantsOf(data.meta);
		const plan = [];
		const seen = new Set();
		for (const r of raw) {
			const k = `${r.workload}|${r.size}|${r.mode}`;
			if (!seen.has(k) && BY_NAME.has(r.workload)) {
				seen.add(k);
				plan.push({workload: r.workload, size: r.size, mode: r.mode});
			}
		}
		const summary = summarize(plan, raw, variants, data.meta);
		console.log(consoleTable(summary));
		const outDir = resolve(o.out ? String(o.out) : dirname(file));
		writeAtomic(resolve(outDir, "table.md"), markdown(summary));
		writeAtomic(resolve(outDir, "chart.svg"), svgChart(summary));
		if (o["write-readme"]) spliceReadme(outDir, markdown(summary), data.meta);
		if (data.partial) writeAtomic(resolve(outDir, "latest.json"), `${JSON.stringify({...summary, raw}, null, 1)}\n`);
		printWritten(outDir, ["table.md", "chart.svg"]);

		return;
	}
	if (o.list) {
		for (const w of WORKLOADS) console.log(`${w.name.padEnd(16)} ${w.family.padEnd(9)} ${w.desc}`);

		return;
	}
	const quick = Boolean(o.quick);
	const reps = o.reps ? Number(o.reps) : quick ? 3 : 5;
	const sizes = o.sizes ? list(o.sizes).map(parseSize) : quick ? [10000] : [10000, 100000];
	const modes = o.modes ? list(o.modes) : ["mutable", "immutable"];
	const memSize = o["mem-size"] ? parseSize(o["mem-size"]) : quick ? 10000 : 1000000;
	const memModes = o["mem-modes"] ? list(o["mem-modes"]) : ["mutable"];
	const budget = o.budget ? Number(o.budget) : quick ? 40 : 250;
	const implB = typeof o["impl-b"] === "string" ? o["impl-b"] : "haro-rs";
	const cache = o.cache !== undefined ? Number(o.cache) : null;
	const cache0 = !o["no-cache0"] && cache !== 0;
	const maxContention = o["max-contention"] !== undefined ? Number(o["max-contention"]) : 0.5;
	const retries = o.retries !== undefined ? Number(o.retries) : quick ? 0 : 1;
	const idleWait = o["idle-wait"] !== undefined ? Number(o["idle-wait"]) : 3;
	// (a quick run writes apart: bench/results holds the full run the README's table comes from)
	const outDir = resolve(o.out ? String(o.out) : resolve(here, quick ? "results/quick" : "results"));
	if (o["write-readme"] && (quick || o.out)) {
		throw new Error("--write-readme: the README's table comes from full runs written to bench/results only (drop --quick / --out)");
	}
	const progress = o["no-progress"] ? false : o.progress ? true : !quick;
	for (const m of [...modes, ...memModes]) if (m !== "mutable" && m !== "immutable") throw new Error(`bad mode ${m}`);

	let selected = quick && !o.only ? WORKLOADS.filter(w => QUICK.includes(w.name) || w.kind === "memory") : WORKLOADS;
	if (o.only) selected = selected.filter(w => matches(w, list(o.only)));
	if (o.skip) selected = selected.filter(w => !matches(w, list(o.skip)));
	if (selected.length === 0) throw new Error("no workload selected (see --list)");

	const peers = typeof o.peers === "string" ? list(o.peers) : [];
	for (const p of peers) if (p !== "lokijs") throw new Error(`unknown peer ${p} (lokijs)`);
	const variants = variantsOf({implB, recordCacheSize: cache, cache0, peers});

	const plan = [];
	for (const size of sizes) {
		for (const mode of modes) {
			for (const w of selected) if (w.kind !== "memory") plan.push({workload: w.name, size, mode});
		}
	}
	for (const w of selected) if (w.kind === "memory") for (const mode of memModes) plan.push({workload: w.name, size: memSize, mode});

	const meta = {
		date: new Date().toISOString(),
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
		quick,
		reps,
		budgetMs: budget,
		sizes,
		modes,
		memSize,
		memModes,
		implB,
		recordCacheSize: cache,
		cache0,
		peers,
		machine: machine(),
		git: gitInfo(),
		haroVersion: JSON.parse(readFileSync(resolve(root, "node_modules/haro/package.json"), "utf8")).version,
		haroRsVersion: JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")).version
	};

	// A peer runs only the workloads written for it.
	const runs = (v, workload) => !v.peer || (BY_NAME.get(workload).peers ?? []).includes(v.peer);
	const total = plan.reduce((n, cell) => n + variants.filter(v => runs(v, cell.workload)).length, 0) * reps;
	console.log(`bench: ${variants.map(v => v.label).join(" vs ")}; ${plan.length} cells × ${variants.length} implementations × ${reps} reps = ${total} worker processes`);
	console.log(`       sizes ${sizes.map(fmtSize).join(", ")}; modes ${modes.join(", ")}; workloads ${[...new Set(plan.map(p => p.workload))].join(", ")}`);
	if (o["dry-run"]) {
		for (const p of plan) console.log(`  ${p.workload} ${fmtSize(p.size)} ${p.mode}`);

		return;
	}
	for (const v of variants) {
		const err = await checkLoads(v.impl);
		if (err) {
			console.error(`\n${v.label} (${v.impl}) does not load:\n${err}\n`);
			if (v.impl.startsWith("haro-rs")) console.error("Build haro-rs first (npm run build), or self-test the harness with --impl-b=haro.");
			process.exit(1);
		}
	}

	mkdirSync(outDir, {recursive: true});
	const partial = resolve(outDir, "latest.json.tmp");
	const raw = [];
	const t0 = Date.now();
	let done = 0;
	let cellsDone = 0;
	let retried = 0;
	let contended = 0;
	const tty = process.stderr.isTTY;
	for (let rep = 0; rep < reps; rep++) {
		// alternate the order of the implementations from one repetition to the next
		const order = rep % 2 === 0 ? variants : [...variants].reverse();
		for (const cell of plan) {
			for (const v of order) {
				if (!runs(v, cell.workload)) continue;
				let res = null;
				for (let attempt = 0; attempt <= retries; attempt++) {
					if (attempt > 0) await waitIdle(idleWait, maxContention);
					const r = await runWorker(v.impl, cell.workload, cell.size, cell.mode, {budget, timeout: o.timeout ? Number(o.timeout) : null});
					r.attempts = attempt + 1;
					if (!res || (res.error && !r.error) || (!r.error && (r.contention ?? 0) < (res.contention ?? 0))) res = {...r};
					res.attempts = attempt + 1;
					if (r.error || r.contention === null || r.contention === undefined || r.contention <= maxContention) break;
				}
				if (res.attempts > 1) retried++;
				if ((res.contention ?? 0) > maxContention) contended++;
				res.variant = v.id;
				res.rep = rep;
				raw.push(res);
				done++;
				if (o.verbose) {
					console.error(`  [${done}/${total}] ${v.label.padEnd(24)} ${cell.workload} ${fmtSize(cell.size)} ${cell.mode}: ${res.error ? `ERROR ${res.error.split("\n")[0]}` : `${fmtTime(res.unit === "load" ? res.perRun : res.value)} ${res.unit === "load" ? "total" : `per ${res.unit}`}`}`);
				} else if (tty) {
					const el = (Date.now() - t0) / 1000;
					process.stderr.write(`\r  rep ${rep + 1}/${reps}  ${done}/${total} runs  ${el.toFixed(0)} s elapsed, ~${(el / done * (total - done)).toFixed(0)} s left   `);
				}
			}
			cellsDone++;
			if (progress && !o.verbose) {
				// one line per workload cell, so a long run shows where it is in any log
				const el = (Date.now() - t0) / 1000;
				const got = raw.filter(r => r.rep === rep && r.workload === cell.workload && r.size === cell.size && r.mode === cell.mode);
				const figs = variants.map(v => {
					const r = got.find(x => x.variant === v.id);
					const val = !r ? "?" : r.error ? "error" : r.metrics ? `${r.metrics.rssMB?.toFixed?.(0) ?? "?"} MB RSS` : `${fmtTime(r.unit === "load" ? r.perRun : r.value)}`;

					return `${v.label} ${val}`;
				}).join(", ");
				process.stderr.write(`${tty ? "\r" : ""}  [${cellsDone}/${plan.length * reps}] rep ${rep + 1}/${reps} ${cell.workload} ${fmtSize(cell.size)} ${cell.mode}: ${figs}; ${el.toFixed(0)} s elapsed, ~${(el / done * (total - done)).toFixed(0)} s left${tty ? "\x1b[K" : ""}\n`);
			}
		}
		if (!o.verbose && !tty) console.error(`  rep ${rep + 1}/${reps} done, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		writeFileSync(partial, JSON.stringify({meta, partial: true, raw}, null, 1));
	}
	if (tty && !o.verbose) process.stderr.write("\n");
	meta.durationS = Math.round((Date.now() - t0) / 1000);
	meta.contention = {maxContention, retries, idleWait, retriedRuns: retried, contendedRuns: contended, runs: raw.length};
	meta.machine.loadavgEnd = loadavg();

	const summary = summarize(plan, raw, variants, meta);
	console.log("");
	console.log(consoleTable(summary));
	const errors = raw.filter(r => r.error);
	if (errors.length) {
		console.log(`\n${errors.length} worker run(s) failed, e.g.:`);
		for (const e of errors.slice(0, 5)) console.log(`  ${e.impl} ${e.workload} ${fmtSize(e.size)} ${e.mode}: ${e.error.split("\n")[0]}`);
	}
	if (retried || contended) console.log(`\n${retried} of ${raw.length} runs were repeated because other processes used more than ${maxContention} cores during them; ${contended} stayed contended after ${retries} retr${retries === 1 ? "y" : "ies"} (kept, flagged in latest.json)`);
	const mism = summary.rows.filter(r => Object.values(r.mismatch).some(Boolean));
	if (mism.length) console.log(`\nresult checks differ from haro@16 in ${mism.length} row(s): ${mism.slice(0, 8).map(rowLabel).join("; ")}${mism.length > 8 ? " …" : ""}`);

	writeAtomic(resolve(outDir, "latest.json"), `${JSON.stringify({...summary, raw}, null, 1)}\n`);
	writeAtomic(resolve(outDir, "table.md"), markdown(summary));
	writeAtomic(resolve(outDir, "chart.svg"), svgChart(summary));
	if (o["write-readme"]) spliceReadme(outDir, markdown(summary), meta);
	if (existsSync(partial)) unlinkSync(partial);
	console.log(`\nfinished in ${meta.durationS} s`);
	printWritten(outDir, ["latest.json", "table.md", "chart.svg"]);
	if (!o["write-readme"]) console.log(`README.md left as it was${quick ? " (a quick run never touches it)" : "; add --write-readme to a full run to update its table"}`);
}

function printWritten (outDir, files) {
	console.log("wrote:");
	for (const f of files) console.log(`  ${resolve(outDir, f)}`);
}

// The README shows the table of the last run written to the default folder, between markers,
// so that one command regenerates both.
function spliceReadme (outDir, table, meta) {
	const readme = resolve(here, "..", "README.md");
	if (meta?.quick) throw new Error("--write-readme: this is a quick run; the README's table comes from full runs only");
	if (outDir !== resolve(here, "results")) throw new Error("--write-readme: only for results written to bench/results");
	if (!existsSync(readme)) return;
	const text = readFileSync(readme, "utf8");
	const start = "<!-- bench:table:start -->";
	const end = "<!-- bench:table:end -->";
	const a = text.indexOf(start);
	const b = text.indexOf(end);
	if (a === -1 || b < a) return;
	writeFileSync(readme, `${text.slice(0, a + start.length)}\n${table.trim()}\n${text.slice(b)}`);
	console.log(`updated the benchmark table in ${readme}`);
}

main().catch(e => {
	console.error(e && e.message || e);
	process.exit(1);
});
