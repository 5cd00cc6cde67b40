// The first big load of a process, as the bench's "once" rows time it: `set` of 1,000 records
// twice on throwaway stores (the warm-up), a forced collection, then `set` of 10,000 records
// into a new store, timed per 1,000. One fresh process per implementation and sample; µs per
// record for each thousand, the median over `--runs` processes (default 5).
//
//   node --expose-gc bench/first-load.mjs [--runs=5] [--index] [--flat]
//   --index: the write rows' four indexes; --flat: the records' strings flattened first (as
//   JSON.parse makes them; the benchmark's emails and dates are built by concatenation)
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {setTimeout as sleep} from 'node:timers/promises';
import {generate} from './data.mjs';

const COUNT = 10_000;
const STEP = 1_000;

async function child (impl, indexed, flat) {
	const mod = impl === 'haro' ? await import('haro') : await import('../index.mjs');
	const index = indexed ? ['name', 'dept', 'age', 'dept|city'] : [];
	const recs = generate(COUNT);
	if (flat) JSON.stringify(recs); // reading a concatenated string flattens it
	const load = (records, marks) => {
		const s = new mod.Haro({index});
		for (let i = 0; i < records.length; i++) {
			s.set(null, records[i]);
			if (marks !== null && i % STEP === STEP - 1) marks.push(performance.now());
		}

		return s.size;
	};
	for (let i = 0; i < 2; i++) load(recs.slice(0, STEP), null);
	globalThis.gc();
	await sleep(10);
	globalThis.gc();
	const marks = [performance.now()];
	load(recs, marks);
	process.stdout.write(JSON.stringify(marks.slice(1).map((m, i) => (m - marks[i]) * 1000 / STEP)));
}

if (process.argv[2] === '--child') {
	await child(process.argv[3], process.argv[4] === 'index', process.argv[5] === 'flat');
} else {
	const runs = Number(process.argv.find(a => a.startsWith('--runs='))?.slice(7) ?? 5);
	const indexed = process.argv.includes('--index');
	const flat = process.argv.includes('--flat');
	const self = fileURLToPath(import.meta.url);
	const median = xs => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
	console.log(`${process.version}, ${indexed ? 'index [name, dept, age, dept|city]' : 'no index'}${flat ? ', strings flattened first' : ''}: µs per record, each 1,000 of the first 10,000 sets after a warm-up and a collection (median of ${runs} processes)`);
	for (const impl of ['haro', 'haro-rs']) {
		const samples = [];
		for (let r = 0; r < runs; r++) {
			samples.push(JSON.parse(execFileSync(process.execPath, ['--expose-gc', self, '--child', impl, indexed ? 'index' : 'none', flat ? 'flat' : 'as-made'], {encoding: 'utf8'})));
		}
		const per = samples[0].map((_, i) => median(samples.map(s => s[i])));
		console.log(`${impl.padEnd(8)} ${per.map(x => x.toFixed(2)).join(' ')}`);
	}
}
