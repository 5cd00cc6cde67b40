#!/usr/bin/env node
// What a first pass over a store past the record cache pays to build its records in JS, by
// read format: 1M benchmark records (bench/data.mjs) decoded 256 a crossing, as
// `Engine#records` reads them, each chunk kept (a first pass keeps what it decoded weakly, and a
// WeakRef holds its target until the task ends) or dropped after it is read. The engine is not
// involved: the inputs are made here, outside the timing, so this is the JS half alone.
//
//   node bench/read-decode.mjs [--count=1000000] [--reps=3] [--nodes=<node20>,<node22>,<node24>] [--markdown]
//
// Candidates:
//   json         JSON.parse of `[id, key, record, …]`, one text a chunk: a small store's read
//   forms        a big store's read (its records packed): JSON.parse of `[id, key, form,
//                value, …]`, each record built by the function lib/forms.js compiles for its
//                form (its keys and its objects' keys, held once; crates/haro-core/src/shape/
//                forms.rs)
//   msgpackr     msgpackr's Packr with shared structures (lmdb-js's record format), one buffer a
//                chunk, unpacked with its native string extractor (msgpackr-extract), which
//                reads a buffer's strings in one native call and hands them out as slices of
//                what it made
//   msgpackr-js  the same buffers unpacked by msgpackr's JavaScript alone (no extractor): what
//                a decoder written in JS makes of the bytes
//   haro16       haro@16's own pass: a `forEach` over its records (no decoding at all; the
//                floor), in the kept row
// Each cell is one fresh process per candidate and repetition, alternating; ms for the whole
// pass, the median of --reps.

import {execFileSync} from "node:child_process";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {generate} from "./data.mjs";

const self = fileURLToPath(import.meta.url);
const require = createRequire(import.meta.url);
const CHUNK = 256;
const CANDIDATES = ["json", "forms", "msgpackr", "msgpackr-js", "haro16"];
const MODES = ["kept", "dropped"];

const args = Object.fromEntries(process.argv.slice(2).map(a => {
	const i = a.indexOf("=");

	return i < 0 ? [a.slice(2), true] : [a.slice(2, i), a.slice(i + 1)];
}));

async function child (candidate, mode, count) {
	const records = generate(count);
	let decode;
	let inputs;
	if (candidate === "haro16") {
		const {haro} = await import("haro");
		const store = haro(records, {index: ["name", "dept"]});
		inputs = [store];
		// (its records are alive already: a pass hands them out, nothing to keep)
		decode = s => {
			let n = 0;
			s.forEach(r => {
				n += r.age > 0 ? 1 : 0;
			});

			return {length: n};
		};
	} else if (candidate === "json") {
		inputs = chunks(records, c => JSON.stringify(c));
		decode = JSON.parse;
	} else if (candidate === "forms") {
		({inputs, decode} = forms(records));
	} else {
		// Packing uses the default entry either way; only the unpacking side differs.
		const {Packr} = require("msgpackr");
		const structures = [];
		const packr = new Packr({structures, useRecords: true});
		inputs = chunks(records, c => Uint8Array.prototype.slice.call(packr.pack(c)));
		// The browser entry never loads msgpackr-extract: every string is read in JS.
		const {Unpackr} = candidate === "msgpackr" ? require("msgpackr") : await import(pathToFileURL(join(dirname(require.resolve("msgpackr")), "..", "index.js")).href);
		const unpackr = new Unpackr({structures, useRecords: true});
		decode = b => unpackr.unpack(b);
	}
	records.length = 0;
	globalThis.gc();
	const kept = [];
	let sink = 0;
	const t0 = process.hrtime.bigint();
	for (let i = 0; i < inputs.length; i++) {
		const flat = decode(inputs[i]);
		sink += flat.length;
		if (mode === "kept") kept.push(flat);
	}
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	if (sink === 0) throw new Error("nothing decoded");
	process.stdout.write(JSON.stringify({ms}));
}

/**
 * The inputs and decoder of `forms`: each record written as the engine writes a packed one
 * (its values, each object met directly as a value spelled out, up to three levels down),
 * and read back as lib/forms.js does, with its `compile`.
 */
function forms (records) {
	const {compile} = require("../lib/forms.js");
	const plain = v => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) && Object.keys(v).length > 0;
	const byDesc = new Map();
	const made = [];
	const flatten = (o, depth, values) => {
		const keys = Object.keys(o);
		const inner = [];
		keys.forEach((k, j) => {
			if (depth < 3 && plain(o[k])) inner.push([j, flatten(o[k], depth + 1, values)]);
			else values.push(o[k]);
		});

		return [keys, inner];
	};
	const inputs = chunks(records, flat => {
		const out = [];
		for (let i = 0; i < flat.length; i += 3) {
			const values = [];
			const desc = JSON.stringify(flatten(flat[i + 2], 0, values));
			if (!byDesc.has(desc)) {
				byDesc.set(desc, made.length);
				made.push(compile(JSON.parse(desc)));
			}
			out.push(flat[i], flat[i + 1], byDesc.get(desc), ...values);
		}

		return JSON.stringify(out);
	});
	const decode = text => {
		const a = JSON.parse(text);
		const out = [];
		for (let i = 0; i < a.length;) {
			const form = made[a[i + 2]];
			out.push(a[i], a[i + 1], form.make(a, i + 3));
			i += 3 + form.width;
		}

		return out;
	};

	return {inputs, decode};
}

/** `records` as flat `[id, key, record, …]` chunks of CHUNK, each made into an input by `make`. */
function chunks (records, make) {
	const out = [];
	for (let at = 0; at < records.length; at += CHUNK) {
		const flat = [];
		for (let i = at; i < Math.min(records.length, at + CHUNK); i++) flat.push(i, records[i].id, records[i]);
		out.push(make(flat));
	}

	return out;
}

function median (xs) {
	const s = [...xs].sort((a, b) => a - b);

	return s[s.length >> 1];
}

function run (node, count, reps) {
	const times = new Map();
	for (let r = 0; r < reps; r++) {
		for (const mode of MODES) {
			for (const candidate of CANDIDATES) {
				if (candidate === "haro16" && mode === "dropped") continue;
				const out = execFileSync(node, ["--expose-gc", "--max-old-space-size=8192", self, "--child", candidate, mode, String(count)], {encoding: "utf8"});
				const key = `${candidate}/${mode}`;
				if (!times.has(key)) times.set(key, []);
				times.get(key).push(JSON.parse(out).ms);
			}
		}
	}
	const version = execFileSync(node, ["-p", "process.version"], {encoding: "utf8"}).trim();

	return {version, cells: new Map([...times].map(([k, v]) => [k, median(v)]))};
}

if (args.child) {
	const [candidate, mode, count] = process.argv.slice(3);
	await child(candidate, mode, Number(count));
} else {
	const count = Number(args.count ?? 1000000);
	const reps = Number(args.reps ?? 3);
	const nodes = args.nodes ? String(args.nodes).split(",") : [process.execPath];
	const results = nodes.map(n => run(n, count, reps));
	const rows = [];
	for (const candidate of CANDIDATES) {
		for (const mode of MODES) {
			if (candidate === "haro16" && mode === "dropped") continue;
			const cells = results.map(r => {
				const ms = r.cells.get(`${candidate}/${mode}`);
				const base = r.cells.get(`json/${mode}`);

				return `${ms.toFixed(0)} ms (${(ms / base).toFixed(2)})`;
			});
			rows.push([candidate === "haro16" ? "haro16 (a forEach)" : `${candidate}, ${mode}`, ...cells]);
		}
	}
	const head = ["candidate", ...results.map(r => `Node ${r.version}, × json`)];
	console.log(`${count.toLocaleString("en-US")} records, ${CHUNK} a chunk, median of ${reps} processes each`);
	if (args.markdown) {
		console.log(`| ${head.join(" | ")} |`);
		console.log(`| --- |${results.map(() => " ---: |").join("")}`);
		for (const r of rows) console.log(`| ${r.join(" | ")} |`);
	} else {
		for (const r of [head, ...rows]) console.log(r.map((c, i) => i === 0 ? c.padEnd(24) : c.padStart(26)).join(""));
	}
}
