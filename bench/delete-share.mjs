// `deleteMany` of a share of a loaded store, haro@16 (a `delete` loop: it has no deleteMany)
// against haro-rs: `haro(records, {index: [name, dept, age, dept|city]})` of bench/data.mjs's
// records, a `gc()`, then one call deleting `--share` of the keys in a shuffled order; ns a
// key, the median over `--runs` fresh processes of each, alternating. `--impl=<path>` adds
// another build's index.mjs (an A/B of two checkouts). The main table's `deleteMany` row
// deletes every key, which empties the store: none of the per-record work this one shows.
//
//   node bench/delete-share.mjs [--runs=5] [--sizes=10k,100k] [--shares=0.1,0.5] [--impl=<path>]
import {execFileSync} from 'node:child_process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {resolve} from 'node:path';

const INDEX = ['name', 'dept', 'age', 'dept|city'];

async function child (impl, size, share) {
	const {generate, shuffled} = await import('./data.mjs');
	const mod = await import(impl === 'haro' ? 'haro' : impl === 'haro-rs' ? '../index.mjs' : pathToFileURL(resolve(impl)).href);
	const recs = generate(size);
	const keys = shuffled(recs.map(r => r.id), 7);
	const store = mod.haro(recs, {index: INDEX});
	store.size; // eslint-disable-line no-unused-expressions
	globalThis.gc();
	const gone = keys.slice(0, Math.floor(size * share));
	const t0 = performance.now();
	if (typeof store.deleteMany === 'function') store.deleteMany(gone);
	else for (const k of gone) store.delete(k);
	const ns = (performance.now() - t0) * 1e6 / gone.length;
	if (store.size !== size - gone.length) throw new Error(`${impl}: ${store.size} records left`);
	process.stdout.write(String(ns));
}

if (process.argv[2] === '--child') {
	await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
} else {
	const arg = (name, dflt) => process.argv.find(a => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
	const parseSize = s => Math.round(parseFloat(s) * (/k$/i.test(s) ? 1e3 : /m$/i.test(s) ? 1e6 : 1));
	const runs = Number(arg('runs', 5));
	if (!(runs >= 1)) throw new Error(`--runs: a count of processes, not ${arg('runs')}`);
	const impls = [...new Set(['haro', 'haro-rs', ...process.argv.filter(a => a.startsWith('--impl=')).map(a => a.slice(7))])];
	const self = fileURLToPath(import.meta.url);
	const median = xs => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
	console.log(`${process.version}: ns a deleted key, median of ${runs} processes each; ratio to haro@16`);
	for (const size of arg('sizes', '10k,100k').split(',').map(parseSize)) {
		for (const share of arg('shares', '0.1,0.5').split(',').map(Number)) {
			const got = Object.fromEntries(impls.map(i => [i, []]));
			for (let r = 0; r < runs; r++) {
				for (const impl of r % 2 === 0 ? impls : impls.slice().reverse()) {
					got[impl].push(Number(execFileSync(process.execPath, ['--expose-gc', self, '--child', impl, String(size), String(share)], {encoding: 'utf8'})));
				}
			}
			const h = median(got.haro);
			console.log(`${size} records, ${Math.round(share * 1000) / 10}% deleted: ${impls.map(i => `${i} ${median(got[i]).toFixed(0)}${i === 'haro' ? '' : ` (${(median(got[i]) / h).toFixed(2)}×)`}`).join(', ')}`);
		}
	}
}
