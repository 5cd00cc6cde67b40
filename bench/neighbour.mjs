#!/usr/bin/env node
// Work that does not touch a store keeps its speed beside one (issue 10: in haro's
// `comparison` module, native Map/Object/Array lookups once ran 8-17x slower in the process
// that held haro-rs stores). One fresh process per implementation and round, alternating:
// each fills a store of --size records (indexes name, dept), drops it, then times lookups of
// every key of the program's own Map, Object and Array of the same records, while the
// dropped stores are collected (finalizers, the engine's freeing thread, the external
// memory V8 was told of). Prints ns a lookup, medians over rounds, and the ratio.
//
//   node bench/neighbour.mjs [--size=50000] [--rounds=3] [--cycles=20]
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).map(a => {
	const [k, v] = a.replace(/^--/, '').split('=');

	return [k, v ?? true];
}));
const SIZE = Number(args.size ?? 50000);
const ROUNDS = Number(args.rounds ?? 3);
const CYCLES = Number(args.cycles ?? 20);
const median = xs => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function child (impl) {
	const {generate} = await import('./data.mjs');
	const mod = impl === 'haro' ? await import('haro') : await import('../index.mjs');
	const records = generate(SIZE);
	const map = new Map(records.map(r => [r.id, r]));
	const obj = Object.fromEntries(records.map(r => [r.id, r]));
	const arr = records.slice();
	const keys = records.map(r => r.id);
	const idx = keys.map((_, i) => (i * 7919) % SIZE);
	const out = {map: [], object: [], array: []};
	let sink = 0;
	for (let c = 0; c < CYCLES; c++) {
		mod.haro(records, {index: ['name', 'dept']}); // filled, then dropped
		let t0 = performance.now();
		for (let i = 0; i < SIZE; i++) sink += map.get(keys[idx[i]]).age;
		out.map.push((performance.now() - t0) / SIZE * 1e6);
		t0 = performance.now();
		for (let i = 0; i < SIZE; i++) sink += obj[keys[idx[i]]].age;
		out.object.push((performance.now() - t0) / SIZE * 1e6);
		t0 = performance.now();
		for (let i = 0; i < SIZE; i++) sink += arr[idx[i]].age;
		out.array.push((performance.now() - t0) / SIZE * 1e6);
	}
	process.stdout.write(JSON.stringify({map: median(out.map), object: median(out.object), array: median(out.array), sink}));
}

if (process.argv[2] === '--child') {
	await child(process.argv[3]);
} else {
	const self = fileURLToPath(import.meta.url);
	const runs = {haro: [], 'haro-rs': []};
	for (let r = 0; r < ROUNDS; r++) {
		for (const impl of r % 2 === 0 ? ['haro', 'haro-rs'] : ['haro-rs', 'haro']) {
			const argv = [self, '--child', impl, `--size=${SIZE}`, `--cycles=${CYCLES}`];
			runs[impl].push(JSON.parse(execFileSync(process.execPath, argv, {encoding: 'utf8', maxBuffer: 1 << 20})));
		}
	}
	console.log(`Lookups beside a store filled and dropped ${CYCLES} times (${SIZE} records), ns a lookup, median of ${ROUNDS} processes each, ${process.version}:`);
	console.log('| structure | haro@16 | haro-rs | ratio |');
	console.log('| --- | ---: | ---: | ---: |');
	for (const k of ['map', 'object', 'array']) {
		const a = median(runs.haro.map(x => x[k]));
		const b = median(runs['haro-rs'].map(x => x[k]));
		console.log(`| ${k} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(2)}× |`);
	}
}
