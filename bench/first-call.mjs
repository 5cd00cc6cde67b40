// First calls: what a short-lived process, or a service's first requests, pays per method
// (V8 compiles each function the first time it runs). One fresh process per sample: the
// import, then the first call of each method on a new 100-record store with an index.
// haro@16, haro-rs, and haro-rs without its warm-up at load (HARO_RS_WARMUP=0); medians of
// `--runs` processes (default 7), µs.
//
//   node bench/first-call.mjs [--runs=7]
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const METHODS = ['has', 'get', 'set', 'find', 'where', 'forEach', 'map', 'filter', 'limit', 'toArray', 'dump'];

async function child (impl) {
	const t0 = performance.now();
	const mod = impl === 'haro' ? await import('haro') : await import('../index.mjs');
	const importMs = performance.now() - t0;
	const recs = Array.from({length: 100}, (_, i) => ({id: i, name: `User ${i}`, dept: `D${i % 5}`, tags: ['a', 'b'], at: new Date(i)}));
	const store = mod.haro(recs, {index: ['dept']});
	const calls = {
		has: s => s.has(7),
		get: s => s.get(7),
		set: s => s.set(200, {name: 'new', dept: 'D1'}),
		find: s => s.find({dept: 'D2'}),
		where: s => s.where({dept: ['D1', 'D3']}),
		forEach: s => s.forEach(() => {}),
		map: s => s.map(r => r.id),
		filter: s => s.filter(r => r.id > 50),
		limit: s => s.limit(10, 10),
		toArray: s => s.toArray(),
		dump: s => s.dump()
	};
	const out = {import: importMs * 1000};
	for (const m of METHODS) {
		const t = performance.now();
		calls[m](store);
		out[m] = (performance.now() - t) * 1000;
	}
	process.stdout.write(JSON.stringify(out));
}

if (process.argv[2] === '--child') {
	await child(process.argv[3]);
} else {
	const arg = process.argv.find(a => a.startsWith('--runs='));
	const runs = arg ? Number(arg.slice(7)) : 7;
	const self = fileURLToPath(import.meta.url);
	const variants = [['haro@16', 'haro', {}], ['haro-rs', 'haro-rs', {}], ['haro-rs, HARO_RS_WARMUP=0', 'haro-rs', {HARO_RS_WARMUP: '0'}]];
	const samples = variants.map(() => []);
	for (let r = 0; r < runs; r++) {
		variants.forEach(([, impl, env], v) => {
			samples[v].push(JSON.parse(execFileSync(process.execPath, [self, '--child', impl], {encoding: 'utf8', env: {...process.env, ...env}})));
		});
	}
	const median = a => a.sort((x, y) => x - y)[a.length >> 1];
	const cols = ['import', ...METHODS];
	console.log(`Node ${process.version}, first call of each method, µs (import: ms), median of ${runs} processes`);
	console.log(`| | ${cols.join(' | ')} |`);
	console.log(`| --- |${cols.map(() => ' ---: |').join('')}`);
	variants.forEach(([label], v) => {
		const cell = c => {
			const x = median(samples[v].map(s => s[c]));

			return c === 'import' ? (x / 1000).toFixed(1) : x.toFixed(0);
		};
		console.log(`| ${label} | ${cols.map(cell).join(' | ')} |`);
	});
}
