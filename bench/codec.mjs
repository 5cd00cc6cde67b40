#!/usr/bin/env node
// Codec micro-benchmark: what a record costs to encode for the engine and to decode back,
// per candidate format, on the benchmark's own records (bench/data.mjs, ten fields).
//
//   node bench/codec.mjs                      this Node, 100k records
//   node bench/codec.mjs --count=20000 --reps=9
//   node bench/codec.mjs --nodes=/path/node22,/path/node24   one column set per Node binary
//   node bench/codec.mjs --markdown           the table as Markdown (for the README)
//   node bench/codec.mjs --dates              each record also holds a Date, and one nested
//                                             (`createdAt`, `meta.seenAt`): the copies `dated` makes
//
// Candidates:
//   json        haro-rs today (lib/codec.js): a scan for values JSON cannot hold, then
//               JSON.stringify per record; JSON.parse per record text
//   json-batch  one JSON.stringify / JSON.parse of the whole array (what a bulk call crosses)
//   json-chunks haro-rs's bulk write (lib/codec.js textMany): 256 checked records a stringify
//   msgpackr    msgpackr's Packr with shared structures (lmdb-js's record format), per record
//   msgpackr-batch  the same, one pack / unpack of the whole array
//   stringify   JSON.stringify per record alone: what encoding a record checked earlier costs
//   check       lib/codec.js's check alone (what the store must refuse): the part of `json`'s
//               encode that a format which does not check (msgpackr) would still need
//   pack-js     bench/pack-candidate.cjs: one walk that checks and writes bytes in JS (the
//               engine would turn them into its text); encode only
//   haro16      haro@16's own write: a spread copy and Map.set (no encoding at all; the floor)
// Every figure is ns per record, the median of --reps runs; bytes are per record.

import {execFileSync} from "node:child_process";
import {createRequire} from "node:module";
import {fileURLToPath} from "node:url";
import {generate} from "./data.mjs";

const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);

const args = Object.fromEntries(process.argv.slice(2).map(a => {
	const i = a.indexOf("=");

	return i < 0 ? [a.slice(2), true] : [a.slice(2, i), a.slice(i + 1)];
}));
const COUNT = Number(args.count ?? 100000);
const REPS = Number(args.reps ?? 7);

function median (xs) {
	const s = [...xs].sort((a, b) => a - b);

	return s[s.length >> 1];
}

/** ns per record of `fn(records)`, median of REPS runs after one warm-up. */
function time (fn) {
	fn();
	const out = [];
	for (let i = 0; i < REPS; i++) {
		const t0 = process.hrtime.bigint();
		fn();
		out.push(Number(process.hrtime.bigint() - t0) / COUNT);
	}

	return median(out);
}

function measure () {
	const {check, encode, decode} = require("../lib/codec.js");
	const candidate = require("./pack-candidate.cjs");
	const {Packr} = require("msgpackr");
	const records = generate(COUNT);
	if (args.dates) {
		for (let i = 0; i < COUNT; i++) {
			records[i].createdAt = new Date(1.6e12 + i * 1000);
			records[i].meta.seenAt = new Date(1.7e12 + i * 1000);
		}
	}
	let sink = 0;
	const rows = [];

	// json: haro-rs's codec
	const texts = records.map(r => encode(r));
	rows.push({
		name: "json",
		encode: time(() => {
			for (const r of records) sink += encode(r).length;
		}),
		decode: time(() => {
			for (const t of texts) sink += decode(t).age;
		}),
		bytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / COUNT
	});

	const {textMany} = require("../lib/codec.js");
	const states = records.map(r => check(r));
	rows.push({
		name: "json-chunks",
		encode: time(() => {
			for (let at = 0; at < COUNT; at += 256) sink += textMany(records, states, at, Math.min(COUNT, at + 256)).length;
		}),
		decode: NaN,
		bytes: NaN
	});

	const all = JSON.stringify(records);
	rows.push({
		name: "json-batch",
		encode: time(() => {
			sink += JSON.stringify(records).length;
		}),
		decode: time(() => {
			sink += JSON.parse(all).length;
		}),
		bytes: Buffer.byteLength(all) / COUNT
	});

	// Shared structures: the first record of a shape defines it, later ones refer to it.
	const packr = new Packr({structures: [], useRecords: true});
	const packed = records.map(r => Uint8Array.prototype.slice.call(packr.pack(r)));
	rows.push({
		name: "msgpackr",
		encode: time(() => {
			for (const r of records) sink += packr.pack(r).length;
		}),
		decode: time(() => {
			for (const b of packed) sink += packr.unpack(b).age;
		}),
		bytes: packed.reduce((n, b) => n + b.length, 0) / COUNT
	});

	const batchPackr = new Packr({structures: [], useRecords: true});
	const whole = Uint8Array.prototype.slice.call(batchPackr.pack(records));
	rows.push({
		name: "msgpackr-batch",
		encode: time(() => {
			sink += batchPackr.pack(records).length;
		}),
		decode: time(() => {
			sink += batchPackr.unpack(whole).length;
		}),
		bytes: whole.length / COUNT
	});

	rows.push({
		name: "stringify",
		encode: time(() => {
			for (const r of records) sink += JSON.stringify(r).length;
		}),
		decode: NaN,
		bytes: NaN
	});

	rows.push({
		name: "check",
		encode: time(() => {
			for (const r of records) sink += check(r) + 1;
		}),
		decode: NaN,
		bytes: NaN
	});

	let packedBytes = 0;
	rows.push({
		name: "pack-js",
		encode: time(() => {
			candidate.reset();
			packedBytes = 0;
			for (let i = 0; i < records.length; i++) {
				// 256 records a message, as a bulk write crosses
				if ((i & 255) === 0) candidate.reset();
				packedBytes += candidate.pack(records[i]);
			}
			sink += packedBytes;
		}),
		decode: NaN,
		bytes: packedBytes / COUNT
	});

	rows.push({
		name: "haro16",
		encode: time(() => {
			const m = new Map();
			for (const r of records) m.set(r.id, {...r});
			sink += m.size;
		}),
		decode: NaN,
		bytes: NaN
	});
	if (sink === 0) throw new Error("nothing measured");

	return {node: process.version, count: COUNT, rows};
}

function fmt (n) {
	return n === null || Number.isNaN(n) ? "—" : n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

function render (results, markdown) {
	const names = results[0].rows.map(r => r.name);
	const head = ["candidate", ...results.flatMap(r => [`encode ns ${r.node}`, `decode ns ${r.node}`]), "bytes"];
	const body = names.map(name => {
		const cells = results.flatMap(r => {
			const row = r.rows.find(x => x.name === name);

			return [fmt(row.encode), fmt(row.decode)];
		});

		return [name, ...cells, fmt(results[0].rows.find(x => x.name === name).bytes)];
	});
	if (markdown) {
		return [
			`| ${head.join(" | ")} |`,
			`| --- | ${head.slice(1).map(() => "---:").join(" | ")} |`,
			...body.map(r => `| ${r.join(" | ")} |`)
		].join("\n");
	}
	const widths = head.map((h, i) => Math.max(h.length, ...body.map(r => r[i].length)));

	return [head, ...body].map(r => r.map((c, i) => i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])).join("  ")).join("\n");
}

if (args.child) {
	process.stdout.write(JSON.stringify(measure()));
} else {
	const nodes = args.nodes ? String(args.nodes).split(",") : [process.execPath];
	const results = nodes.map(node => JSON.parse(execFileSync(node, [self, "--child", `--count=${COUNT}`, `--reps=${REPS}`, ...(args.dates ? ["--dates"] : [])], {encoding: "utf8", maxBuffer: 1 << 26})));
	console.log(render(results, Boolean(args.markdown)));
	console.log(`\n${COUNT} records of bench/data.mjs; ns per record, median of ${REPS} runs.`);
}
