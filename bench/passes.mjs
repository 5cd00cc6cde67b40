// The first and the second full pass over a loaded store, as a script or a request that walks a
// store once or twice sees them (bench/index.mjs times warm passes: a median over many). One
// fresh process per implementation, pass and sample, the two implementations alternating:
// `haro(records, {index: [name, dept, age, dept|city]})`, a forced collection, then the pass
// twice on the same store, each timed; ms, and the median over `--runs` processes (default 6).
//
//   node bench/passes.mjs [--runs=6] [--sizes=10k,100k] [--passes=forEach,values] [--markdown]
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {setTimeout as sleep} from 'node:timers/promises';
import {generate} from './data.mjs';

const PASSES = {
	forEach: s => {
		let t = 0;
		s.forEach(r => {
			t += r.age;
		});

		return t;
	},
	reduce: s => s.reduce((a, r) => a + r.score, 0),
	filter: s => s.filter(r => r.age >= 30 && r.age < 33).length,
	map: s => s.map(r => ({id: r.id, score: r.score})).length,
	values: s => {
		let t = 0;
		for (const r of s.values()) t += r.age;

		return t;
	},
	entries: s => {
		let t = 0;
		for (const [, r] of s.entries()) t += r.age;

		return t;
	},
	keys: s => {
		let t = 0;
		for (const k of s.keys()) t += k.length;

		return t;
	},
	toArray: s => {
		const a = s.toArray();
		let t = 0;
		for (let i = 0; i < a.length; i++) t += a[i].age;

		return t;
	}
};

async function child (impl, pass, size) {
	const mod = impl === 'haro' ? await import('haro') : await import('../index.mjs');
	const store = mod.haro(generate(size), {index: ['name', 'dept', 'age', 'dept|city']});
	globalThis.gc();
	await sleep(10);
	globalThis.gc();
	const times = [];
	for (let i = 0; i < 2; i++) {
		const a = performance.now();
		PASSES[pass](store);
		times.push(performance.now() - a);
	}
	process.stdout.write(JSON.stringify(times));
}

const parseSize = s => Math.round(parseFloat(s) * (/k$/i.test(s) ? 1e3 : /m$/i.test(s) ? 1e6 : 1));
const sizeLabel = n => n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);

if (process.argv[2] === '--child') {
	await child(process.argv[3], process.argv[4], Number(process.argv[5]));
} else {
	const arg = (name, dflt) => process.argv.find(a => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
	const runs = Number(arg('runs', 6));
	const sizes = arg('sizes', '10k,100k').split(',').map(parseSize);
	const passes = arg('passes', Object.keys(PASSES).join(',')).split(',');
	const unknown = passes.filter(p => !(p in PASSES));
	if (unknown.length > 0) throw new Error(`unknown pass ${unknown.join(', ')}: one of ${Object.keys(PASSES).join(', ')}`);
	const markdown = process.argv.includes('--markdown');
	const self = fileURLToPath(import.meta.url);
	const median = xs => {
		const s = xs.slice().sort((a, b) => a - b);
		const m = s.length >> 1;

		return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
	};
	const ms = x => x >= 10 ? x.toFixed(1) : x.toFixed(2);
	const head = ['pass', 'size', 'first: haro@16', 'haro-rs', 'ratio', 'second: haro@16', 'haro-rs', 'ratio'];
	console.log(`${process.version}: ms a pass, first and second over one store, median of ${runs} processes each; ratio haro-rs / haro@16\n`);
	console.log(markdown ? `| ${head.join(' | ')} |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |` : head.join('\t'));
	for (const size of sizes) {
		for (const pass of passes) {
			const got = {haro: [], 'haro-rs': []};
			for (let r = 0; r < runs; r++) {
				for (const impl of r % 2 === 0 ? ['haro', 'haro-rs'] : ['haro-rs', 'haro']) {
					got[impl].push(JSON.parse(execFileSync(process.execPath, ['--expose-gc', self, '--child', impl, pass, String(size)], {encoding: 'utf8'})));
				}
			}
			const [h1, h2] = [0, 1].map(i => median(got.haro.map(t => t[i])));
			const [r1, r2] = [0, 1].map(i => median(got['haro-rs'].map(t => t[i])));
			const cells = [pass, sizeLabel(size), ms(h1), ms(r1), `${(r1 / h1).toFixed(2)}×`, ms(h2), ms(r2), `${(r2 / h2).toFixed(2)}×`];
			console.log(markdown ? `| ${cells.join(' | ')} |` : cells.join('\t'));
		}
	}
}
