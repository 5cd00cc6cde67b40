// Scale: an indexed `find` of one record and a full `filter` pass, haro@16 against haro-rs,
// from 1K to 1M records (issue 10's scale targets). One fresh process per implementation and
// size, haro first; indexes name, email, dept, city, dept|city. `find`: the median of 2,000
// calls `find({email})`, each for another record spread over the store (past the record
// cache, at 1M, most of them are read from the engine). `fresh`: then the same for 2,000
// records picked at another offset (other records from 10k on; at 1k, records the first
// column read already), each asked by a copy of its email, all parsed before the timed loop:
// strings the records do not share, as the queries a service receives. haro hashes such a
// string and compares its characters, where a record's own string keeps the hash haro's load
// computed and its Map finds it by identity. `filter`: three passes of `r => r.age > 70`,
// the median; `first`: the first of them (past the record cache, haro-rs builds every record
// there; later passes reuse what it kept while nothing was written).
//
//   node --max-old-space-size=8000 bench/scale.mjs [--sizes=1k,10k,100k,1M]
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const SIZES = {'1k': 1e3, '10k': 1e4, '100k': 1e5, '1M': 1e6};
const INDEX = ['name', 'email', 'dept', 'city', 'dept|city'];

async function child (impl, size) {
	const {generate} = await import('./data.mjs');
	const mod = impl === 'haro' ? await import('haro') : await import('../index.mjs');
	let recs = generate(size);
	const emails = Array.from({length: 2000}, (_, i) => recs[(i * 7919) % size].email);
	const others = Array.from({length: 2000}, (_, i) => JSON.stringify(recs[(i * 7919 + 3) % size].email));
	const store = mod.haro(recs, {index: INDEX});
	recs = null;
	const timedFinds = list => list.map(email => {
		const t0 = performance.now();
		const found = store.find({email});
		const t = performance.now() - t0;
		if (found.length !== 1) throw new Error(`${found.length} records for ${email}`);

		return t;
	});
	const finds = timedFinds(emails);
	const fresh = timedFinds(others.map(t => JSON.parse(t)));
	const passes = [];
	for (let k = 0; k < 3; k++) {
		const t0 = performance.now();
		store.filter(r => r.age > 70);
		passes.push(performance.now() - t0);
	}
	const median = a => a.sort((x, y) => x - y)[a.length >> 1];
	const first = passes[0];
	process.stdout.write(JSON.stringify({find: median(finds) * 1000, fresh: median(fresh) * 1000, filter: median(passes), first}));
}

if (process.argv[2] === '--child') {
	await child(process.argv[3], Number(process.argv[4]));
} else {
	const arg = process.argv.find(a => a.startsWith('--sizes='));
	const sizes = arg ? arg.slice(8).split(',') : Object.keys(SIZES);
	const run = (impl, n) => JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=8000', fileURLToPath(import.meta.url), '--child', impl, String(n)], {encoding: 'utf8'}));
	const fmt = x => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
	console.log(`Node ${process.version}`);
	console.log('| size | find of one record, µs: haro@16 | haro-rs | ratio | by a fresh string: haro@16 | haro-rs | ratio | filter pass, ms: haro@16 | haro-rs | ratio | first pass, ms: haro@16 | haro-rs | ratio |');
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const s of sizes) {
		const n = SIZES[s];
		if (n === undefined) throw new Error(`unknown size ${s} (${Object.keys(SIZES).join(', ')})`);
		const a = run('haro', n);
		const b = run('haro-rs', n);
		console.log(`| ${s} | ${fmt(a.find)} | ${fmt(b.find)} | ${(b.find / a.find).toFixed(2)}× | ${fmt(a.fresh)} | ${fmt(b.fresh)} | ${(b.fresh / a.fresh).toFixed(2)}× | ${fmt(a.filter)} | ${fmt(b.filter)} | ${(b.filter / a.filter).toFixed(1)}× | ${fmt(a.first)} | ${fmt(b.first)} | ${(b.first / a.first).toFixed(1)}× |`);
	}
}
