// `range` (haro-rs's own): differential against haro@16, whose `sortBy(field)` filtered to
// the bounds is the reference (the same order, ties in insertion order), over random data
// and random writes between queries, so the kept orders are exercised as they change.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const {Haro} = require('../index.js');
const {Haro: Haro16} = require('haro');

const SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
console.log(`# range.test.mjs: FC_SEED=${SEED}`);

const sortKeys = Haro16.prototype.sortKeys;

/** The reference: haro@16's sortBy, kept to the bounds, then desc / offset / limit. */
function model (ref, field, bounds, opts) {
	const lo = bounds.gt ?? bounds.gte;
	const hi = bounds.lt ?? bounds.lte;
	const type = lo !== undefined ? typeof lo : hi !== undefined ? typeof hi : undefined;
	// (a value equal to its bound is at it: sortKeys's `a - b` is NaN for two equal infinities)
	const cmp = (v, b) => v === b ? 0 : sortKeys(v, b);
	const inRange = v => {
		if (type === undefined) return true;
		if (typeof v !== type || Number.isNaN(v)) return false;
		if (bounds.gt !== undefined && !(cmp(v, bounds.gt) > 0)) return false;
		if (bounds.gte !== undefined && !(cmp(v, bounds.gte) >= 0)) return false;
		if (bounds.lt !== undefined && !(cmp(v, bounds.lt) < 0)) return false;
		if (bounds.lte !== undefined && !(cmp(v, bounds.lte) <= 0)) return false;

		return true;
	};
	let list = ref.sortBy(field, true).filter(r => inRange(r[field]));
	if (opts.desc) list = list.slice().reverse();
	const offset = opts.offset ?? 0;

	return list.slice(offset, opts.limit === undefined ? undefined : offset + opts.limit);
}

const NUMS = [-3, -1, 0, 1, 1.5, 2, 7, 10, 100, Infinity, -Infinity];
const STRS = ['a', 'B', 'b', 'ä', 'apple', 'Zed', 'z', '10', '9', ''];
const domains = {
	num: fc.constantFrom(...NUMS),
	str: fc.constantFrom(...STRS),
	mixed: fc.constantFrom(...NUMS.slice(0, 4), Infinity, -Infinity, ...STRS.slice(0, 4), undefined, null, true, NaN)
};
const field = kind => fc.option(domains[kind], {nil: undefined, freq: 8});
const bound = kind => kind === 'str' ? fc.constantFrom(...STRS, 'c', 'ab') : fc.constantFrom(...NUMS, 0.5, 5, -10, 1000);
const boundsArb = kind => fc.record({
	lower: fc.option(fc.tuple(fc.constantFrom('gt', 'gte'), bound(kind)), {nil: undefined}),
	upper: fc.option(fc.tuple(fc.constantFrom('lt', 'lte'), bound(kind)), {nil: undefined})
}).map(({lower, upper}) => ({...(lower ? {[lower[0]]: lower[1]} : {}), ...(upper ? {[upper[0]]: upper[1]} : {})}));
const optsArb = fc.record({
	desc: fc.boolean(),
	offset: fc.option(fc.nat(6), {nil: undefined}),
	limit: fc.option(fc.nat(8), {nil: undefined})
}, {requiredKeys: []});
const opArb = kind => fc.oneof(
	{weight: 5, arbitrary: fc.record({op: fc.constant('set'), key: fc.nat(15), v: field(kind)})},
	{weight: 2, arbitrary: fc.record({op: fc.constant('del'), key: fc.nat(15)})},
	{weight: 4, arbitrary: fc.record({op: fc.constant('range'), bounds: boundsArb(kind === 'mixed' ? (Math.random() < 0.5 ? 'num' : 'str') : kind), opts: optsArb})}
);

function run (kind, immutable, ops) {
	const cfg = {index: ['v'], immutable};
	const ours = new Haro(cfg);
	const ref = new Haro16(cfg);
	for (const o of ops) {
		if (o.op === 'set') {
			const rec = o.v === undefined ? {w: o.key} : {v: o.v, w: o.key};
			ours.set(`k${o.key}`, rec);
			ref.set(`k${o.key}`, rec);
		} else if (o.op === 'del') {
			if (ref.has(`k${o.key}`)) {
				ours.delete(`k${o.key}`);
				ref.delete(`k${o.key}`);
			}
		} else {
			const want = model(ref, 'v', o.bounds, o.opts);
			const got = ours.range('v', o.bounds, {...o.opts, raw: true});
			assert.deepEqual(got, want, `range(${JSON.stringify(o.bounds)}, ${JSON.stringify(o.opts)})`);
			const pairs = ours.range('v', o.bounds, o.opts);
			assert.deepEqual(pairs.map(p => p[1]), want);
			assert.deepEqual(pairs.map(p => p[0]), want.map(r => ours.get(`k${r.w}`)[0]));
			assert.equal(Object.isFrozen(pairs), immutable);
		}
	}
}

describe('range matches haro@16 sortBy filtered to the bounds', () => {
	for (const kind of ['num', 'str', 'mixed']) {
		for (const immutable of [false, true]) {
			it(`${kind} values, ${immutable ? 'immutable' : 'mutable'}`, () => {
				fc.assert(fc.property(fc.array(opArb(kind), {maxLength: 60}), ops => run(kind, immutable, ops)), {seed: SEED, numRuns: 60});
			});
		}
	}
});

describe('range', () => {
	it('reads a large numeric index in order and pages it', () => {
		const s = new Haro({index: ['n']});
		const ref = [];
		for (let i = 0; i < 5000; i++) {
			const n = (i * 7919) % 1000;
			s.set(i, {n});
			ref.push({n, id: i});
		}
		const want = ref.filter(r => r.n >= 250 && r.n < 260).sort((a, b) => a.n - b.n);
		assert.deepEqual(s.range('n', {gte: 250, lt: 260}, {raw: true}), want);
		assert.deepEqual(s.range('n', {gte: 250, lt: 260}, {raw: true, offset: 10, limit: 5}), want.slice(10, 15));
		assert.deepEqual(s.range('n', {gte: 250, lt: 260}, {raw: true, desc: true, limit: 3}), want.slice().reverse().slice(0, 3));
		s.delete(want[0].id);
		s.set(9999, {n: 255});
		const after = s.range('n', {gte: 250, lt: 260}, {raw: true});
		assert.equal(after.length, want.length);
		assert.ok(!after.some(r => r.id === want[0].id));
		assert.deepEqual(after.filter(r => r.n === 255).at(-1), {n: 255, id: 9999});
	});

	it('a string index follows writes without sorting its keys again', () => {
		const native = require('../lib/binding.js');
		const sorts = {n: 0};
		const textOrder = native.textOrder;
		native.textOrder = (...args) => {
			sorts.n++;

			return textOrder(...args);
		};
		try {
			const cfg = {index: ['name']};
			const ours = new Haro(cfg);
			const ref = new Haro16(cfg);
			const words = ['pear', 'Apple', 'apple', 'äpfel', 'banana', 'Zebra', 'zebra', 'éclair', 'eclair', '10', '9', 'b', 'B'];
			let seed = 7;
			const rnd = n => {
				seed = (seed * 1103515245 + 12345) % 2147483648;

				return seed % n;
			};
			for (let i = 0; i < 40; i++) {
				const rec = {name: `${words[rnd(words.length)]}${rnd(3) === 0 ? '' : rnd(50)}`};
				ours.set(i, rec);
				ref.set(i, rec);
			}
			const check = () => {
				const bounds = {gte: 'a', lt: 'p'};
				assert.deepEqual(ours.range('name', bounds, {raw: true}), model(ref, 'name', bounds, {}));
				assert.deepEqual(ours.range('name', {}, {raw: true}), model(ref, 'name', {}, {}));
			};
			check();
			for (let i = 0; i < 200; i++) {
				const k = rnd(60);
				if (rnd(4) === 0) {
					if (ref.has(k)) {
						ours.delete(k);
						ref.delete(k);
					}
				} else {
					const rec = rnd(10) === 0 ? {other: 1} : {name: `${words[rnd(words.length)]}${rnd(3) === 0 ? '' : rnd(50)}`};
					ours.set(k, rec);
					ref.set(k, rec);
				}
				if (rnd(3) === 0) check();
			}
			check();
			assert.equal(sorts.n, 1, 'the keys were sorted once');
		} finally {
			native.textOrder = textOrder;
		}
	});

	it('sortBy on a string index reads the kept order, following writes, as haro@16 sorts', () => {
		const native = require('../lib/binding.js');
		const calls = {sort: 0, order: 0};
		const {textOrder, sortByOrdinals} = native;
		native.textOrder = (...args) => {
			if (args[1] === 'name') calls.order++;

			return textOrder(...args);
		};
		native.sortByOrdinals = (...args) => {
			calls.sort++;

			return sortByOrdinals(...args);
		};
		try {
			for (const immutable of [false, true]) {
				const cfg = {index: ['name', 'mix'], immutable};
				const ours = new Haro(cfg);
				const ref = new Haro16(cfg);
				const names = ['b', 'A', 'a', 'ä', 'c', 'B', '', 'é', 'e'];
				const mixes = [1, '1', 'x', 2, true, null];
				for (let i = 0; i < 120; i++) {
					const k = (i * 37) % 50;
					if (i % 9 === 8 && ref.has(k)) {
						ours.delete(k);
						ref.delete(k);
					} else {
						const rec = i % 11 === 0 ? {n: i} : {name: names[i % names.length] + (i % 4), mix: mixes[i % mixes.length]};
						ours.set(k, rec);
						ref.set(k, rec);
					}
					if (i % 5 === 0) {
						assert.deepEqual(ours.sortBy('name'), ref.sortBy('name'));
						assert.deepEqual(ours.sortBy('mix', true), ref.sortBy('mix', true));
					}
				}
			}
			assert.equal(calls.sort, 0, 'sortByOrdinals is not used while sortKeys is haro\'s');
			assert.equal(calls.order, 2, 'the keys of name were sorted once per store');
		} finally {
			native.textOrder = textOrder;
			native.sortByOrdinals = sortByOrdinals;
		}
	});

	it('works on a deep (dot path) index', () => {
		const s = new Haro({index: ['meta.visits']});
		s.set('x', {meta: {visits: 5}});
		s.set('y', {meta: {visits: 2}});
		s.set('z', {meta: {}});
		assert.deepEqual(s.range('meta.visits', {gte: 2, lt: 5}, {raw: true}).map(r => r.id), ['y']);
		assert.deepEqual(s.range('meta.visits', {}, {desc: true, raw: true}).map(r => r.id), ['z', 'x', 'y']);
	});

	it('works on a composite index, by its string keys', () => {
		const s = new Haro({index: ['a|b']});
		s.set('x', {a: 'p', b: 1});
		s.set('y', {a: 'q', b: 2});
		s.set('z', {a: 'p', b: 3});
		assert.deepEqual(s.range('a|b', {gte: 'p|2', lt: 'q'}, {raw: true}).map(r => r.id), ['z']);
	});

	it('records with an array value come once per element, as in sortBy', () => {
		const s = new Haro({index: ['tags']});
		s.set('x', {tags: [3, 1]});
		s.set('y', {tags: [2]});
		assert.deepEqual(s.range('tags', {gte: 1, lte: 3}, {raw: true}).map(r => r.id), ['x', 'y', 'x']);
	});

	it('a bound at an infinity takes that value, in an index of numbers and in a mixed one', () => {
		const s = new Haro({index: ['v']});
		s.set('inf', {v: Infinity});
		s.set('one', {v: 1});
		s.set('minf', {v: -Infinity});
		const keys = () => [
			s.range('v', {lte: Infinity}).map(p => p[0]),
			s.range('v', {gte: Infinity}).map(p => p[0]),
			s.range('v', {gte: -Infinity, lt: 1}).map(p => p[0])
		];
		const numbers = keys();
		assert.deepEqual(numbers, [['minf', 'one', 'inf'], ['inf'], ['minf']]);
		s.set('s', {v: 'x'});
		assert.deepEqual(keys(), numbers);
	});

	it('honours a subclass sortKeys', () => {
		class Rev extends Haro {
			sortKeys (a, b) {
				return -super.sortKeys(a, b);
			}
		}
		const s = new Rev({index: ['n']});
		for (const n of [1, 5, 3]) s.set(`k${n}`, {n});
		assert.deepEqual(s.range('n', {}, {raw: true}).map(r => r.n), s.sortBy('n', true).map(r => r.n));
	});

	it('refuses bad arguments and fields without an index', () => {
		const s = new Haro({index: ['n']});
		s.set('a', {n: 1, m: 2});
		assert.throws(() => s.range('m', {gt: 0}), /range needs an index on "m"/);
		assert.throws(() => s.range('n', {gt: 0, gte: 1}), TypeError);
		assert.throws(() => s.range('n', {gt: 0, lt: 'x'}), TypeError);
		assert.throws(() => s.range('n', {gt: NaN}), TypeError);
		assert.throws(() => s.range('n', {gt: {}}), TypeError);
		assert.throws(() => s.range('n', {between: 1}), TypeError);
		assert.throws(() => s.range('n', {}, {limit: -1}), TypeError);
		assert.throws(() => s.range('n', {}, {offset: 1.5}), TypeError);
		assert.throws(() => s.range('n', null), TypeError);
		assert.deepEqual(s.range('n', {gt: 0}, {raw: true}), [{n: 1, m: 2, id: 'a'}]);
		assert.deepEqual(s.range('n', {}, {raw: true, limit: null, offset: null}), [{n: 1, m: 2, id: 'a'}], 'null: no limit, no offset');
		s.reindex('m');
		assert.deepEqual(s.range('m', {gt: 0}, {raw: true}), [{n: 1, m: 2, id: 'a'}]);
	});

	it('sortBy on an index of numbers keeps its order across writes', () => {
		const s = new Haro({index: ['n']});
		const ref = new Haro16({index: ['n']});
		const ops = [[1, 5], [2, 3], [3, 5], [4, undefined], [2, 9], [5, -1], [1, 3]];
		for (const [k, n] of ops) {
			const rec = n === undefined ? {x: k} : {n, x: k};
			s.set(k, rec);
			ref.set(k, rec);
			assert.deepEqual(s.sortBy('n'), ref.sortBy('n'));
		}
		s.delete(3);
		ref.delete(3);
		assert.deepEqual(s.sortBy('n', true), ref.sortBy('n', true));
	});
});
