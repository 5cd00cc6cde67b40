// A stream of finds past the record cache, haro@16 against haro-rs: a store of 1M records
// (bench/data.mjs, indexes as bench/scale.mjs's), a `gc()`, then `--finds` finds by `email`,
// each for another record: the mean time a find, the collections they cause included. Then
// the last 2,000 of those finds made three times over: the median a find in each round (the
// first round is each record's second read: past its cache, haro-rs keeps a record a find
// reads at its second read). One fresh process per implementation and repetition, alternating.
//
//   node bench/find-stream.mjs [--reps=3] [--finds=100000] [--size=1000000]
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const INDEX = ['name', 'email', 'dept', 'city', 'dept|city'];

async function child (impl, size, n) {
	const {generate} = await import('./data.mjs');
	const mod = impl === 'haro' ? await import('haro') : await import('../index.mjs');
	let recs = generate(size);
	const emails = Array.from({length: n}, (_, i) => recs[(i * 7919) % size].email);
	const store = mod.haro(recs, {index: INDEX});
	recs = null;
	globalThis.gc();
	let t0 = performance.now();
	for (const email of emails) if (store.find({email}).length !== 1) throw new Error(`no record for ${email}`);
	const stream = (performance.now() - t0) * 1000 / n;
	const median = a => a.sort((x, y) => x - y)[a.length >> 1];
	const again = emails.slice(n - 2000);
	const rounds = [];
	for (let r = 0; r < 3; r++) {
		const times = [];
		for (const email of again) {
			t0 = performance.now();
			store.find({email});
			times.push(performance.now() - t0);
		}
		rounds.push(median(times) * 1000);
	}
	process.stdout.write(JSON.stringify({stream, rounds}));
}

if (process.argv[2] === '--child') {
	await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
} else {
	const opt = (name, d) => Number(process.argv.find(a => a.startsWith(`--${name}=`))?.split('=')[1] ?? d);
	const reps = opt('reps', 3);
	const n = opt('finds', 100000);
	const size = opt('size', 1e6);
	if (!(n >= 2000 && n <= size)) throw new Error('--finds: from 2,000 to --size');
	if (size % 7919 === 0) throw new Error('--size: not a multiple of 7,919 (the finds step through the records by it)');
	const run = impl => JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8000', fileURLToPath(import.meta.url), '--child', impl, String(size), String(n)], {encoding: 'utf8'}));
	const out = {haro: [], 'haro-rs': []};
	for (let r = 0; r < reps; r++) for (const impl of r % 2 === 0 ? ['haro', 'haro-rs'] : ['haro-rs', 'haro']) out[impl].push(run(impl));
	const f = x => x.toFixed(2);
	const med = a => a.slice().sort((x, y) => x - y)[a.length >> 1];
	console.log(`Node ${process.version}, ${size} records, ${n} finds, ${reps} processes of each (µs a find)`);
	console.log('| | stream (mean) | again: round 1 (median) | round 2 | round 3 |');
	console.log('| --- | ---: | ---: | ---: | ---: |');
	for (const [impl, rs] of Object.entries(out)) {
		const cell = get => `${f(med(rs.map(get)))} (${rs.map(get).map(f).join(', ')})`;
		console.log(`| ${impl} | ${cell(x => x.stream)} | ${cell(x => x.rounds[0])} | ${cell(x => x.rounds[1])} | ${cell(x => x.rounds[2])} |`);
	}
	console.log(`stream ratio ${(med(out['haro-rs'].map(x => x.stream)) / med(out.haro.map(x => x.stream))).toFixed(2)}×`);
}
