// Store creation, haro@16 against haro-rs: `new Haro(config)` for three configurations (no
// option; an index list of three fields; three fields, a composite and versioning), `--count`
// stores each, kept alive (as stores made for a request are, while it runs), in rounds. A
// child prints the median µs a store of its last three rounds of five; the parent runs one
// child per implementation in turn, `--reps` times, and prints the medians and their ratio.
//
//   node bench/create.mjs [--count=20000] [--reps=3]
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const CONFIGS = {
	'no option': {},
	'index [name, age, dept]': {index: ['name', 'age', 'dept']},
	'index [name, age, dept|city], versioning': {index: ['name', 'age', 'dept|city'], versioning: true}
};
const median = xs => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function child (impl, count) {
	const {Haro} = impl === 'haro' ? await import('haro') : await import('../index.mjs');
	const out = {};
	for (const [name, cfg] of Object.entries(CONFIGS)) {
		const rounds = [];
		for (let r = 0; r < 5; r++) {
			const keep = new Array(count);
			const t0 = process.hrtime.bigint();
			for (let i = 0; i < count; i++) keep[i] = new Haro(cfg);
			rounds.push(Number(process.hrtime.bigint() - t0) / count / 1000);
			await new Promise(setImmediate); // (the stores of a round go when the event loop turns)
		}
		out[name] = median(rounds.slice(2));
	}
	process.stdout.write(JSON.stringify(out));
}

const arg = (k, d) => Number(process.argv.find(a => a.startsWith(`--${k}=`))?.split('=')[1] ?? d);
if (process.argv[2] === '--child') {
	await child(process.argv[3], Number(process.argv[4]));
} else {
	const count = arg('count', 20000);
	const reps = arg('reps', 3);
	const runs = {haro: [], 'haro-rs': []};
	for (let r = 0; r < reps; r++) {
		for (const impl of ['haro', 'haro-rs']) {
			runs[impl].push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', impl, String(count)], {encoding: 'utf8'})));
		}
	}
	console.log(`${process.version}: new Haro(config), ${count} stores kept a round, µs a store, median of ${reps} processes each`);
	console.log('| config | haro@16 | haro-rs | ratio |\n| --- | ---: | ---: | ---: |');
	for (const name of Object.keys(CONFIGS)) {
		const h = median(runs.haro.map(x => x[name]));
		const rs = median(runs['haro-rs'].map(x => x[name]));
		console.log(`| ${name} | ${h.toFixed(2)} | ${rs.toFixed(2)} | ${(rs / h).toFixed(2)}× |`);
	}
}
