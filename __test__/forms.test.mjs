// Records read back through their forms: a packed record crosses as its form's number and its
// values, and lib/forms.js builds it (crates/haro-core/src/shape/forms.rs). The testing build
// packs every record, so each read here past the record cache (`recordCacheSize: 0`) goes
// through a form wherever the record has one, and every read is compared with haro@16.
import './helpers/testing-addon.mjs';
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {IMPL, Pair} from './helpers/compare.mjs';
import {prng} from './helpers/prng.mjs';

const require = createRequire(import.meta.url);
const {compile, builder} = require('../lib/forms.js');

// Keys a form must spell as JSON.parse makes them: integer-like ones (which objects order
// first), `__proto__` (an own property, not the prototype), one that needs an escape (such
// an object is not packed), names of Object.prototype.
const KEYS = ['id', 'kind', '__proto__', '0', '7', '10', 'constructor', 'toString', 'é', 'a"b', '', 'x y', 'ключ', 'n'];

function value (r, depth) {
	const p = r();
	if (depth < 6 && p < 0.22) return object(r, depth + 1);
	if (depth < 6 && p < 0.3) return Array.from({length: Math.floor(r() * 3)}, () => value(r, depth + 1));
	const scalars = [undefined, null, NaN, -0, 0, Infinity, -Infinity, true, false, 1.5, -3, '', 'text', '\u0000x', 'ü€𝄞', new Date(86400000), new Date(NaN), {}, []];
	if (p < 0.6) return scalars[Math.floor(r() * scalars.length)];

	return r() < 0.5 ? `s${Math.floor(r() * 100)}` : Math.floor(r() * 1e6) / 100;
}

function object (r, depth) {
	const o = {};
	const n = Math.floor(r() * 5);
	for (let i = 0; i < n; i++) {
		const k = KEYS[2 + Math.floor(r() * (KEYS.length - 2))];
		Object.defineProperty(o, k, {value: value(r, depth), writable: true, enumerable: true, configurable: true});
	}

	return o;
}

/** `n` records of a few shapes (most share one, as a store's records do), with odd keys and values. */
function records (n, seed) {
	const r = prng(seed);
	const shapes = Array.from({length: 6}, () => object(r, 1));
	const out = [];
	for (let i = 0; i < n; i++) {
		const rec = {id: `r${i}`, kind: i % 5};
		const shape = r() < 0.7 ? shapes[0] : r() < 0.8 ? shapes[1 + Math.floor(r() * 5)] : object(r, 1);
		for (const k of Object.keys(shape)) {
			Object.defineProperty(rec, k, {value: r() < 0.8 ? shape[k] : value(r, 1), writable: true, enumerable: true, configurable: true});
		}
		out.push(rec);
	}

	return out;
}

const reads = (pair, keys) => {
	for (const k of keys) pair.run(`get ${k}`, s => s.get(k));
	pair.run('find', s => s.find({kind: 3}));
	pair.run('filter', s => s.filter(() => true));
	pair.run('toArray', s => s.toArray());
	pair.run('dump', s => s.dump('records'));
};

describe('records read through their forms', () => {
	for (const immutable of [false, true]) {
		it(`read back as haro@16 holds them (${immutable ? 'immutable' : 'mutable'}, three seeds)`, () => {
			for (const seed of [1, 2, 3]) {
				const recs = records(400, seed);
				const pair = new Pair(side => side.haro(recs, {index: ['kind'], immutable, recordCacheSize: 0}), {title: `seed ${seed}`});
				reads(pair, recs.slice(0, 60).map(r => r.id));
			}
		});
	}

	it('a key list gone, its id taken by other keys, does not bring back the old form', () => {
		const pair = new Pair(side => side.haro(null, {recordCacheSize: 0}));
		for (let i = 0; i < 50; i++) pair.run(`set a${i}`, s => s.set(`a${i}`, {id: `a${i}`, a: i, b: {c: i}}));
		pair.run('get a3', s => s.get('a3')); // its forms numbered and compiled
		for (let i = 0; i < 50; i++) pair.run(`delete a${i}`, s => s.delete(`a${i}`));
		for (let i = 0; i < 50; i++) pair.run(`set x${i}`, s => s.set(`x${i}`, {id: `x${i}`, x: i, y: {z: i}}));
		pair.run('get x3', s => s.get('x3'));
		pair.run('toArray', s => s.toArray());
	});

	it('records past what forms hold go as their text: more forms than a store numbers, more values than a form holds', () => {
		// 70 key lists at the top, 70 inside: 4,900 forms of 140 lists (a store numbers 4,096)
		const many = Array.from({length: 4900}, (_, i) => ({id: `m${i}`, [`t${i % 70}`]: i, n: {[`u${Math.floor(i / 70)}`]: i}}));
		const wide = Array.from({length: 20}, (_, i) => {
			const rec = {id: `w${i}`};
			for (let o = 0; o < 5; o++) rec[`o${o}`] = Object.fromEntries(Array.from({length: 60}, (_, k) => [`f${k}`, k * i]));

			return rec;
		});
		const pair = new Pair(side => side.haro([...many, ...wide], {recordCacheSize: 0}));
		pair.run('toArray', s => s.toArray());
		for (const k of ['m0', 'm4100', 'm4899', 'w0', 'w19']) pair.run(`get ${k}`, s => s.get(k));
	});

	it('a record stored as no object (an override landing what a toJSON wrote) reads back as itself, not as a form', () => {
		// The engine sends it as form 0; a bare number was once taken for a form's number.
		const store = new IMPL.Haro({recordCacheSize: 2});
		const recs = [{id: 'k0', v: 0}, {id: 'k1', v: 1}];
		store.override(recs.map(r => [r.id, r]), 'records'); // deferred: it fits the cache
		recs[0].toJSON = () => 5;
		recs[1].toJSON = () => -7;
		for (const k of ['a', 'b', 'c']) store.set(k, {v: k}); // past the cache: read from the engine
		assert.deepStrictEqual([store.get('k0')[1], store.get('k1')[1]], [5, -7]);
		assert.deepStrictEqual(store.limit(0, 3).map(p => p[1]), [5, -7, {v: 'a', id: 'a'}]);
	});

	it('the compiled builder and the one without code generation build the same objects', () => {
		const r = prng(9);
		for (let t = 0; t < 200; t++) {
			const desc = (function form (depth) {
				const keys = [...new Set(Array.from({length: 1 + Math.floor(r() * 6)}, () => KEYS[Math.floor(r() * KEYS.length)]))];
				const inner = [];
				keys.forEach((_, j) => {
					if (depth < 3 && r() < 0.3) inner.push([j, form(depth + 1)]);
				});

				return [keys, inner];
			})(0);
			const compiled = compile(desc);
			const values = Array.from({length: compiled.width + 2}, (_, i) => (i === 0 ? 'before' : {v: i}));
			const a = compiled.make(values, 1);
			const b = builder(desc)(values, 1);
			assert.deepStrictEqual(a, b);
			assert.deepStrictEqual(Reflect.ownKeys(a), Reflect.ownKeys(b));
			assert.equal(Object.getPrototypeOf(a), Object.prototype);
		}
	});

	it('a record built by its form is an Object to a debugger, as a parsed one is (not its constructor\'s name)', async () => {
		const {Session} = await import('node:inspector');
		const store = IMPL.haro([{id: 'a', m: {x: 1}}, {id: 'b', m: {x: 2}}], {recordCacheSize: 0});
		globalThis.formsTestRecord = store.get('a')[1];
		const session = new Session();
		session.connect();
		try {
			for (const expression of ['formsTestRecord', 'formsTestRecord.m']) {
				const {result} = await new Promise((resolve, reject) => session.post('Runtime.evaluate', {expression}, (e, r) => (e ? reject(e) : resolve(r))));
				assert.equal(result.className, 'Object', expression);
			}
		} finally {
			session.disconnect();
			delete globalThis.formsTestRecord;
		}
	});

	it('reads through forms where code generation from strings is refused', () => {
		const src = `
			const {haro} = require(${JSON.stringify(fileURLToPath(new URL('../index.js', import.meta.url)))});
			const recs = Array.from({length: 300}, (_, i) => ({id: 'r' + i, n: i, ['__proto__']: {deep: i}, '1': [i]}));
			const store = haro(recs, {recordCacheSize: 0});
			const back = store.toArray();
			const ok = back.length === 300 && back.every((r, i) => JSON.stringify(r) === JSON.stringify(recs[i]) && Object.getPrototypeOf(r) === Object.prototype && Object.hasOwn(r, '__proto__'));
			process.stdout.write(String(ok));
		`;
		const out = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', src], {encoding: 'utf8'});
		assert.equal(out.stderr, '');
		assert.equal(out.stdout, 'true');
	});
});
