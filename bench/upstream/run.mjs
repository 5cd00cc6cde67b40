#!/usr/bin/env node
// haro@16's own benchmark suite (benchmarks/*.js of avoidwork/haro, the 16.0.0-era modules with
// their `benchmark(name, fn, iterations)` helper, copied unchanged into ./benchmarks with haro's
// LICENSE), run against haro@16.0.0 (the pinned dev dependency) and haro-rs (this checkout), each
// module in a fresh `nice -n 5 node` process, rounds alternating the order.
//
//   node bench/upstream/run.mjs [--rounds=3] [--modules=persistence,basic-operations]
//   node bench/upstream/run.mjs --analyze-only      results from the raw files of earlier rounds
//
// Writes bench/upstream/.work/{raw/*.json,results.json,table.md} (git-ignored): ratio =
// haro-rs / haro@16 total time of a row (same iterations), median over rounds; > 1: slower.
import {execFileSync} from "node:child_process";
import {readFileSync, writeFileSync, mkdirSync, readdirSync, copyFileSync} from "node:fs";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const WORK = path.join(here, ".work");
const OUT = WORK;
const RUN = {
	"basic-operations": "runBasicOperationsBenchmarks",
	"search-filter": "runSearchFilterBenchmarks",
	"index-operations": "runIndexOperationsBenchmarks",
	"memory-usage": "runMemoryBenchmarks",
	"comparison": "runComparisonBenchmarks",
	"utility-operations": "runUtilityOperationsBenchmarks",
	"pagination": "runPaginationBenchmarks",
	"persistence": "runPersistenceBenchmarks",
	"immutable-comparison": "runImmutableComparisonBenchmarks"
};

// Child: one module against one implementation; its rows as JSON.
if (process.argv[2] === "--child") {
	const [, , , implDir, mod, out] = process.argv;
	const file = path.resolve(WORK, implDir, "benchmarks", `${mod}.js`);
	const m = await import(pathToFileURL(file).href);
	const t0 = performance.now();
	let res = m[RUN[mod]]();
	const wall = performance.now() - t0;
	if (!Array.isArray(res)) res = res.allResults ?? res.results;
	const seen = new Map();
	const rows = [];
	for (const r of res) {
		const name = r.name ?? r.description;
		const time = r.totalTime ?? r.executionTime;
		if (r.name !== undefined && r.opsPerSecond === 0 && !time) continue; // analysis-only rows (no timing)
		if (typeof time !== "number" || !(time > 0)) continue;
		const k = (seen.get(name) ?? 0) + 1; seen.set(name, k);
		rows.push({ name: k > 1 ? `${name} #${k}` : name, totalTime: time, iterations: r.iterations ?? 1 });
	}
	writeFileSync(out, JSON.stringify({ impl: implDir, module: mod, wallMs: wall, node: process.version, rows }, null, 1));
	process.exit(0);
}

const args = Object.fromEntries(process.argv.slice(2).map(a => { const [k, v] = a.replace(/^--/, "").split("="); return [k, v ?? true]; }));
// Three rounds by default: the median of three drops a garbage collection that lands in one
// round's row, as the independent run of issue 10 takes its medians; two would average it in.
const ROUNDS = Number(args.rounds ?? 3);
const ALL = Object.keys(RUN);
const MODULES = args.modules ? String(args.modules).split(",") : ALL;
const RAW = path.join(WORK, "raw");
const FROM = Number(args.from ?? 1);
mkdirSync(RAW, {recursive: true});

// Each implementation gets its own copy of the modules, whose `../dist/haro.js` names it.
const IMPLS = {
	"haro-js": pathToFileURL(path.join(root, "node_modules/haro/dist/haro.js")).href,
	"haro-rs": pathToFileURL(path.join(root, "index.mjs")).href
};
for (const [impl, url] of Object.entries(IMPLS)) {
	mkdirSync(path.join(WORK, impl, "benchmarks"), {recursive: true});
	mkdirSync(path.join(WORK, impl, "dist"), {recursive: true});
	writeFileSync(path.join(WORK, impl, "dist/haro.js"), `export * from ${JSON.stringify(url)};\n`);
	for (const f of readdirSync(path.join(here, "benchmarks")).filter(f => f.endsWith(".js"))) {
		copyFileSync(path.join(here, "benchmarks", f), path.join(WORK, impl, "benchmarks", f));
	}
}

if (!args["analyze-only"]) {
	for (let r = FROM; r <= ROUNDS; r++) {
		for (const mod of MODULES) {
			const order = r % 2 === 1 ? ["haro-js", "haro-rs"] : ["haro-rs", "haro-js"];
			for (const impl of order) {
				const out = path.join(RAW, `${impl}.${mod}.r${r}.json`);
				const t = Date.now();
				execFileSync("nice", ["-n", "5", process.execPath, fileURLToPath(import.meta.url), "--child", impl, mod, out], {stdio: ["ignore", "ignore", "inherit"]});
				console.log(`round ${r} ${mod.padEnd(22)} ${impl}  ${((Date.now() - t) / 1000).toFixed(1)}s`);
			}
		}
	}
}

// ---- analysis ----
const median = a => { const s = [...a].sort((x, y) => x - y); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const geo = a => Math.exp(a.reduce((s, x) => s + Math.log(x), 0) / a.length);
const files = readdirSync(RAW).filter(f => /\.r\d+\.json$/.test(f));
const data = {}; // mod -> row -> impl -> Map(round -> time)
const nodes = new Set(); // the Node versions the rounds ran on (--analyze-only may run on another)
for (const f of files) {
	const [impl, mod, r] = f.split(".");
	const round = Number(r.slice(1));
	if (!MODULES.includes(mod) && args.modules) continue;
	// (a run reads its own rounds: an earlier run's rounds past this one's stay out)
	if (!args["analyze-only"] && round > ROUNDS) continue;
	const j = JSON.parse(readFileSync(path.join(RAW, f), "utf8"));
	nodes.add(j.node);
	for (const row of j.rows) {
		((data[mod] ??= {})[row.name] ??= { "haro-js": new Map(), "haro-rs": new Map() })[impl].set(round, row.totalTime);
	}
}
const NATIVE = /^(Map|Object|Array|Native) /;
const rows = [];
for (const mod of ALL) {
	if (!data[mod]) continue;
	for (const [name, v] of Object.entries(data[mod])) {
		// per-round ratio (haro-js rN against haro-rs rN), median over the rounds both have
		const paired = [...v["haro-js"].keys()].filter(r => v["haro-rs"].has(r)).sort((a, b) => a - b);
		if (paired.length === 0) continue;
		const js = paired.map(r => v["haro-js"].get(r));
		const rs = paired.map(r => v["haro-rs"].get(r));
		const ratios = paired.map((_, i) => rs[i] / js[i]);
		rows.push({ module: mod, row: name, native: mod === "comparison" && NATIVE.test(name),
			haroMs: median(js), rsMs: median(rs), ratio: median(ratios), ratios, rounds: paired.length });
	}
}
const summ = sel => ({ rows: sel.length, geomean: sel.length ? geo(sel.map(r => r.ratio)) : null,
	over1_25: sel.filter(r => r.ratio > 1.25).length, over10: sel.filter(r => r.ratio > 10).length });
const perModule = Object.fromEntries(ALL.filter(m => data[m]).map(m => [m, summ(rows.filter(r => r.module === m))]));
const roundsRead = rows.reduce((m, r) => Math.max(m, r.rounds), 0); // (--analyze-only: what the raw files hold)
const result = { generated: new Date().toISOString(), node: [...nodes].join(", "), rounds: roundsRead,
	note: "ratio = haro-rs totalTime / haro@16.0.0 totalTime per row (same iterations), median over rounds of the per-round ratio; >1 = haro-rs slower",
	overall: summ(rows), overallExcludingNativeRows: summ(rows.filter(r => !r.native)), perModule, rows };
writeFileSync(path.join(OUT, "results.json"), JSON.stringify(result, null, 1));
const f2 = x => x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
let md = `# haro@16.0.0 benchmarks/*.js: haro-rs vs haro@16.0.0\n\n${result.note}. Rounds: ${roundsRead}. Node ${result.node}.\n\n`;
md += `| scope | rows | geomean | >1.25 | >10x |\n|---|---|---|---|---|\n`;
md += `| **overall** | ${result.overall.rows} | ${result.overall.geomean.toFixed(2)} | ${result.overall.over1_25} | ${result.overall.over10} |\n`;
md += `| overall w/o native Map/Object/Array rows | ${result.overallExcludingNativeRows.rows} | ${result.overallExcludingNativeRows.geomean.toFixed(2)} | ${result.overallExcludingNativeRows.over1_25} | ${result.overallExcludingNativeRows.over10} |\n`;
for (const [m, s] of Object.entries(perModule)) md += `| ${m} | ${s.rows} | ${s.geomean.toFixed(2)} | ${s.over1_25} | ${s.over10} |\n`;
md += `\n## All rows, worst first\n\n| module | row | haro ms | haro-rs ms | ratio | per-round ratios |\n|---|---|---|---|---|---|\n`;
for (const r of [...rows].sort((a, b) => b.ratio - a.ratio)) md += `| ${r.module} | ${r.row} | ${r.haroMs.toFixed(3)} | ${r.rsMs.toFixed(3)} | ${f2(r.ratio)} | ${r.ratios.map(f2).join(", ")} |\n`;
writeFileSync(path.join(OUT, "table.md"), md);
console.log(JSON.stringify({ overall: result.overall, overallExcludingNativeRows: result.overallExcludingNativeRows, perModule }, null, 1));
