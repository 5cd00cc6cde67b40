// Deletes after a restore: a store of `count` records (indexes name, dept, age, dept|city) gives
// its two dumps to a new store, with that index list or without one (its indexes then unlisted),
// which then deletes 1,000 of the records and updates 1,000 others. An index override may put a
// record under keys its values do not give, so haro-rs takes each deleted record out of every key
// of those indexes (ARCHITECTURE.md, "A delete after an index override"). One fresh process per
// implementation and sample, alternating; ms for the 1,000 deletes, median of `--runs`.
//
//   node bench/restore-deletes.mjs [count=100000] [--runs=3]
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {generate} from './data.mjs';

const INDEX = ['name', 'dept', 'age', 'dept|city'];

async function child (impl, count, listed) {
	const {haro} = impl === 'haro' ? await import('haro') : await import('../index.mjs');
	const recs = generate(count);
	const src = haro(recs, {index: INDEX});
	const t = haro(null, listed ? {index: INDEX} : {});
	t.override(src.dump('records'), 'records');
	t.override(src.dump('indexes'), 'indexes');
	t.find({dept: 'Sales'}); // (haro-rs: the restored records land here, not in the deletes)
	let at = performance.now();
	for (let i = 0; i < 1000; i++) t.delete(recs[i * 7].id);
	const deletes = performance.now() - at;
	at = performance.now();
	for (let i = 0; i < 1000; i++) t.set(recs[i * 7 + 1].id, {age: 99});
	process.stdout.write(JSON.stringify([deletes, performance.now() - at, t.size]));
}

if (process.argv[2] === '--child') {
	await child(process.argv[3], Number(process.argv[4]), process.argv[5] === 'listed');
} else {
	const count = Number(process.argv.slice(2).find(a => !a.startsWith('--')) ?? 100_000);
	const runs = Number(process.argv.find(a => a.startsWith('--runs='))?.slice(7) ?? 3);
	const self = fileURLToPath(import.meta.url);
	const median = xs => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
	console.log(`${process.version}, ${count} records restored, then 1,000 deletes and 1,000 updates: ms, median of ${runs} processes each`);
	for (const listed of [false, true]) {
		const got = {haro: [], 'haro-rs': []};
		for (let r = 0; r < runs; r++) {
			for (const impl of Object.keys(got)) {
				got[impl].push(JSON.parse(execFileSync(process.execPath, [self, '--child', impl, String(count), listed ? 'listed' : 'unlisted'], {encoding: 'utf8'})));
			}
		}
		const [h, rs] = ['haro', 'haro-rs'].map(impl => [0, 1].map(i => median(got[impl].map(x => x[i]))));
		if (got.haro[0][2] !== got['haro-rs'][0][2]) throw new Error(`sizes differ: ${got.haro[0][2]} and ${got['haro-rs'][0][2]}`);
		console.log(`${listed ? 'with the index list   ' : 'without an index list '} deletes: haro ${h[0].toFixed(1)}, haro-rs ${rs[0].toFixed(1)} (${(rs[0] / h[0]).toFixed(1)}×); updates: haro ${h[1].toFixed(1)}, haro-rs ${rs[1].toFixed(1)} (${(rs[1] / h[1]).toFixed(2)}×)`);
	}
}
