// Whole passes after a write, over a store past the record cache: one `set` of an existing
// key, then a pass (`filter`, `toArray`, `sortBy` of an indexed field, `map`), round after
// round, as a service that writes and then scans does. haro@16 and haro-rs each in a fresh
// process of their own per size, the order alternating by repetition; ms a pass, the median
// of `--rounds` rounds (the first pass, which builds every record in haro-rs, apart).
// `--tasks`: each round in a task of its own (`await` of a `setImmediate`), as requests are;
// without it every round runs in one task, where what haro-rs keeps weakly is bounded.
//
//   node bench/after-write.mjs [--sizes=200k,1M] [--rounds=9] [--reps=3] [--tasks]
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {generate, keyOf} from './data.mjs';

const PASSES = {
	filter: s => s.filter(r => r.age > 50).length,
	toArray: s => s.toArray().length,
	sortBy: s => s.sortBy('name').length,
	map: s => s.map(r => r.age).length
};

async function child (impl, size, rounds, tasks) {
	const mod = impl === 'haro' ? await import('haro') : await import('../index.mjs');
	const store = mod.haro(generate(size), {index: ['name', 'dept']});
	const out = {};
	for (const [name, pass] of Object.entries(PASSES)) {
		let t = performance.now();
		pass(store);
		out[`${name} first`] = performance.now() - t;
		const times = [];
		let answer;
		for (let r = 0; r < rounds; r++) {
			if (tasks) await new Promise(resolve => setImmediate(resolve));
			store.set(keyOf((r * 7919) % size), {age: 40 + r * 3});
			t = performance.now();
			answer = pass(store);
			times.push(performance.now() - t);
		}
		out[name] = median(times);
		out[`${name} answer`] = answer; // (compared with haro's)
	}
	process.stdout.write(JSON.stringify(out));
}

function median (xs) {
	const s = [...xs].sort((a, b) => a - b);

	return s[s.length >> 1];
}

function sizeOf (text) {
	const m = /^(\d+(?:\.\d+)?)([kM]?)$/.exec(text);
	if (m === null) throw new Error(`not a size: ${text}`);

	return Math.round(Number(m[1]) * {'': 1, k: 1e3, M: 1e6}[m[2]]);
}

async function main () {
	const arg = (name, dflt) => process.argv.find(a => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
	const sizes = arg('sizes', '200k,1M').split(',');
	const rounds = Number(arg('rounds', 9));
	const reps = Number(arg('reps', 3));
	const tasks = process.argv.includes('--tasks');
	const self = fileURLToPath(import.meta.url);
	console.log(`Node ${process.version}, ${rounds} rounds${tasks ? ', a task each' : ', one task'}, medians of ${reps} processes each, ms a pass\n`);
	console.log('| size | pass | haro@16 | haro-rs | ratio | haro-rs first pass |');
	console.log('| --- | --- | ---: | ---: | ---: | ---: |');
	for (const size of sizes) {
		const runs = {haro: [], 'haro-rs': []};
		for (let r = 0; r < reps; r++) {
			for (const impl of r % 2 === 0 ? ['haro', 'haro-rs'] : ['haro-rs', 'haro']) {
				const args = ['--max-old-space-size=8000', self, '--child', impl, String(sizeOf(size)), String(rounds), tasks ? 'tasks' : 'one'];
				runs[impl].push(JSON.parse(execFileSync(process.execPath, args, {encoding: 'utf8', maxBuffer: 1 << 20})));
			}
		}
		for (const name of Object.keys(PASSES)) {
			const answers = new Set([...runs.haro, ...runs['haro-rs']].map(o => o[`${name} answer`]));
			if (answers.size !== 1) throw new Error(`${size} ${name}: haro and haro-rs answered ${[...answers]}`);
			const h = median(runs.haro.map(o => o[name]));
			const rs = median(runs['haro-rs'].map(o => o[name]));
			const first = median(runs['haro-rs'].map(o => o[`${name} first`]));
			console.log(`| ${size} | ${name} | ${h.toFixed(1)} | ${rs.toFixed(1)} | ${(rs / h).toFixed(2)}× | ${first.toFixed(0)} |`);
		}
	}
}

if (process.argv[2] === '--child') {
	await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]), process.argv[6] === 'tasks');
} else {
	await main();
}
