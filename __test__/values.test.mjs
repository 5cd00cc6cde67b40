// Differential tests of the values a record can hold: undefined properties, -0, NaN,
// ±Infinity, Dates, nested arrays/objects, property order (integer-like keys), unicode.
import './helpers/testing-addon.mjs'; // the test build packs every record (crates/haro-core/src/shape.rs): first, before the addon loads
import {describe, it} from 'node:test';
import {Pair} from './helpers/compare.mjs';

const MODES = [
	{name: 'mutable', immutable: false, versioning: false},
	{name: 'mutable+versioning', immutable: false, versioning: true},
	{name: 'immutable', immutable: true, versioning: false},
	{name: 'immutable+versioning', immutable: true, versioning: true}
];

const INDEX = ['s', 'nz', 'nan', 'inf', 'ninf', 'f', 'nul', 'zero', 'empty', 'arr', 'inf|s', 'nan|nz', 'u'];

const special = () => ({
	id: 'v1',
	u: undefined,
	nz: -0,
	nan: NaN,
	inf: Infinity,
	ninf: -Infinity,
	d: new Date(Date.UTC(2020, 1, 29, 12, 0, 0, 5)),
	dInvalid: new Date(NaN),
	nested: {a: [1, [2, [3, {deep: -0, n: NaN}]]], o: {u: undefined, z: null, i: -Infinity}},
	arr: [undefined, null, -0, NaN, 'x', Infinity],
	s: 'héllo wörld ✓ 🎉 日本語',
	empty: '',
	zero: 0,
	f: false,
	nul: null,
	big: Number.MAX_SAFE_INTEGER,
	huge: 1.7976931348623157e308,
	tiny: 5e-324,
	frac: 0.1 + 0.2,
	exp: 1e21
});

const second = () => ({
	id: 'v2',
	s: 'e\u0301 combining, 𝒳 astral, \u0000 nul char, "quotes" \\ backslash\n\ttabs',
	nz: 0,
	nan: 'NaN',
	inf: 'Infinity',
	ninf: -Infinity,
	f: 0,
	nul: undefined,
	zero: -0,
	empty: ' ',
	arr: [[1, 2], {k: 'v'}, -0],
	u: null
});

const ordered = () => ({b: 'bee', 2: 'two', a: 'ay', 1: 'one', '-1': 'neg', '01': 'zero-one', 4294967295: 'big', 4294967294: 'max-index', 'id': 'o1', z: undefined, 'ключ': 'unicode key', '': 'empty key'});

for (const mode of MODES) {
	const cfg = (extra = {}) => ({id: 'vals', immutable: mode.immutable, versioning: mode.versioning, index: [...INDEX], ...extra});
	const title = `values, ${mode.name}`;
	const loaded = () => {
		const p = new Pair(M => new M.Haro(cfg()), {title});
		p.run('set special', s => s.set(null, special()));
		p.run('set second', s => s.set(null, second()));

		return p;
	};

	describe(`differential: ${title}`, () => {
		it('round trip of special values', () => {
			const p = loaded();
			p.run('get v1', s => s.get('v1'));
			p.run('get v1 raw', s => s.get('v1', true));
			p.run('get v2', s => s.get('v2'));
			p.run('toArray', s => s.toArray());
			p.run('limit raw', s => s.limit(0, 5, true));
			p.run('dump records', s => s.dump('records'));
			p.state();
		});
		it('queries on special values', () => {
			const p = loaded();
			for (const [f, v] of [['nz', 0], ['nz', -0], ['nan', NaN], ['inf', Infinity], ['ninf', -Infinity], ['f', false],
				['nul', null], ['zero', 0], ['empty', ''], ['u', undefined], ['arr', null], ['arr', undefined], ['arr', NaN],
				['arr', 'x'], ['nan', 'NaN'], ['inf', 'Infinity'], ['s', 'héllo wörld ✓ 🎉 日本語']]) {
				p.run(`find {${f}: ${String(v)}}`, s => s.find({[f]: v}));
				p.run(`where {${f}: ${String(v)}}`, s => s.where({[f]: v}));
			}
			p.run('find composite inf|s', s => s.find({inf: Infinity, s: 'héllo wörld ✓ 🎉 日本語'}));
			p.run('find composite nan|nz', s => s.find({nan: NaN, nz: -0}));
			p.run('find composite nan|nz strings', s => s.find({nan: 'NaN', nz: 0}));
			p.run('search Infinity', s => s.search(Infinity));
			p.run('search -Infinity', s => s.search(-Infinity));
			p.run('search "NaN"', s => s.search('NaN'));
			p.run('search regexp unicode', s => s.search(/🎉/u));
			p.run('search regexp /^0$/', s => s.search(/^0$/));
			p.run('search regexp null', s => s.search(/null/));
			p.run('search function types', s => s.search((v, i) => typeof v === 'number' && i !== 'arr'));
			p.run('where arr list', s => s.where({arr: [null, 'x']}, '&&'));
		});
		it('sortBy over special values', () => {
			const p = loaded();
			p.run('add v3', s => s.set('v3', {nz: 5, nan: 1, inf: -Infinity, s: 'Zebra', f: true, zero: 'a'}));
			p.run('add v4', s => s.set('v4', {nz: -5, nan: NaN, inf: 1e308, s: 'apple', f: null, zero: 10}));
			for (const f of ['s', 'nz', 'nan', 'inf', 'ninf', 'f', 'zero', 'empty', 'arr', 'u']) {
				p.run(`sortBy ${f}`, s => s.sortBy(f));
			}
		});
		it('merge-update with special values', () => {
			const p = loaded();
			p.run('update v1', s => s.set('v1', {nz: 0, nan: NaN, nested: {a: [-0], o: {u: 1, added: undefined}}, arr: [-Infinity], u: -0}));
			p.run('get v1', s => s.get('v1'));
			p.run('update v2 with undefined', s => s.set('v2', {s: undefined, arr: undefined}));
			p.run('get v2', s => s.get('v2'));
			p.run('find s undefined', s => s.find({s: undefined}));
			p.state();
		});
		it('update of a Date field keeps the old Date (merge of two Dates)', () => {
			const p = loaded();
			p.run('update d', s => s.set('v1', {d: new Date(0), dInvalid: new Date(1)}));
			p.run('get v1', s => s.get('v1'));
			p.run('override d', s => s.set('v1', {d: new Date(0)}, false, true));
			p.run('get v1 after override', s => s.get('v1'));
			p.run('new Date onto a string field', s => s.set('v2', {s: new Date(7)}));
			// not compared: an object merged onto a Date (haro adds own properties to the Date;
			// haro-rs refuses it as unrepresentable, an intended difference)
			p.state();
		});
		for (const recordCacheSize of [undefined, 0]) it(`a Date as a whole record (override) and records with Dates nested in arrays, recordCacheSize ${recordCacheSize}`, () => {
			// With no record cache every read comes from the engine's text (haro@16 ignores the option).
			const p = new Pair(M => new M.Haro(cfg({index: ['s'], recordCacheSize})), {title});
			p.run('override with a Date record', s => s.override([['k', new Date(5)], ['n', {s: 'x', at: [{when: new Date(6)}, new Date(7)]}]], 'records'));
			p.run('get k', s => s.get('k'));
			p.run('get n', s => s.get('n'));
			p.run('set nested Dates', s => s.set('m', {s: 'y', deep: {list: [[new Date(8)], {d: new Date(NaN)}]}}));
			p.run('get m', s => s.get('m'));
			p.run('dump', s => s.dump('records'));
		});
		it('merge of mismatched shapes (object onto array, array onto object, null)', () => {
			const p = loaded();
			p.run('array onto object', s => s.set('v1', {nested: [1, 2]}));
			// an object with index-like keys onto an array (a non-index key such as {k: 1} would give
			// the array an own named property; haro-rs refuses that as unrepresentable)
			p.run('object onto array', s => s.set('v1', {arr: {0: 'zero', 6: 'six'}}));
			p.run('null onto object', s => s.set('v2', {arr: null}));
			p.run('object onto null', s => s.set('v1', {nul: {k: 2}}));
			p.run('get', s => [s.get('v1'), s.get('v2')]);
			p.state();
		});
		it('merge of a sparse array: onto an object its holes are no keys, onto an array they stay holes', () => {
			// haro walks Object.keys(b) onto an object, which a hole is not
			const p = new Pair(M => new M.Haro(cfg()), {title});
			p.run('set', s => [
				s.set('o', {b: {x: 1}, c: {x: {y: 1}}, d: {0: 'a', 1: 'b'}, e: {}, f: [1, , 2]}), // eslint-disable-line no-sparse-arrays
				s.set('o2', {b: 's'})
			]);
			p.run('merge holes', s => s.set('o', {b: [, 5], c: {x: [, , 7]}, d: [, 'z'], e: [, 1], f: [, 3]})); // eslint-disable-line no-sparse-arrays
			p.run('merge onto a string', s => s.set('o2', {b: [, 1]})); // eslint-disable-line no-sparse-arrays
			p.run('merge again', s => s.set('o', {g: 1}));
			p.run('get', s => [s.get('o'), s.get('o2'), structuredClone(s.get('o', true))]);
			p.state();
		});
		it('property order, integer-like keys, key field position', () => {
			const p = new Pair(M => new M.Haro(cfg({index: ['a', '1']})), {title});
			p.run('set ordered (key field present)', s => s.set(null, ordered()));
			p.run('set ordered without key field', s => {
				const o = ordered();
				delete o.id;

				return s.set('o2', o);
			});
			p.run('update order', s => s.set('o1', {new1: 1, 3: 'three', a: 'AY', b: 'BEE'}));
			p.run('find by integer-like field', s => s.find({1: 'one'}));
			p.run('keys of stored', s => Object.keys(s.get('o1', true)));
			p.run('dump', s => s.dump());
			p.state();
		});
		it('key field in the middle and key field set to another value', () => {
			const p = new Pair(M => new M.Haro(cfg({index: ['x']})), {title});
			p.run('key in the middle', s => s.set(null, {x: 1, id: 'm', y: 2}));
			p.run('explicit key overrides the field in place', s => s.set('m2', {x: 1, id: 'ignored', y: 2}));
			p.run('update keeps place', s => s.set('m', {id: 'm', y: 3, z: 4}));
			p.state();
		});
		it('unicode strings: sortBy with localeCompare, search, composite', () => {
			const words = ['é', 'e', 'z', 'É', 'ß', 'ss', '日本', '🎉', 'a', 'A', 'Ä', 'ä', 'ﬁ', 'fi', '', ' '];
			const p = new Pair(M => new M.Haro(cfg({index: ['w', 'w|n']})), {title});
			p.run('batch', s => s.batch(words.map((w, i) => ({id: `w${i}`, w, n: i % 3}))));
			p.run('sortBy w', s => s.sortBy('w'));
			p.run('sortBy w|n', s => s.sortBy('w|n'));
			p.run('search é', s => s.search('é'));
			p.run('search regexp i', s => s.search(/^ä$/i, 'w'));
			p.run('find composite', s => s.find({w: '日本', n: 1}));
			p.state();
		});
		it('nested arrays and objects: merge depth, sharing', () => {
			const p = new Pair(M => new M.Haro(cfg({index: ['tags']})), {title});
			p.run('set', s => s.set('n', {tags: ['a', ['b', 'c']], m: {x: {y: {z: [1]}}}, list: [{a: 1}, {b: 2}]}));
			p.run('update', s => s.set('n', {tags: [['d']], m: {x: {y: {z: [2], w: 1}}}, list: [{c: 3}]}));
			p.run('find nested array element (reference, no match)', s => s.find({tags: ['b', 'c']}));
			p.run('find a', s => s.find({tags: 'a'}));
			p.run('get', s => s.get('n'));
			p.run('frozen levels', s => {
				const r = s.get('n');

				return [Object.isFrozen(r), Object.isFrozen(r[1]), Object.isFrozen(r[1].tags), Object.isFrozen(r[1].m), Object.isFrozen(r[1].m.x)];
			});
			p.run('forEach clone frozen levels', s => {
				const out = [];
				s.forEach(v => out.push(Object.isFrozen(v), Object.isFrozen(v.m)));

				return out;
			});
		});
		it('key -0 and numeric key field values', () => {
			const p = new Pair(M => new M.Haro(cfg({index: ['name']})), {title});
			p.run('set(-0)', s => s.set(-0, {name: 'negzero'}));
			p.run('get(0)', s => s.get(0));
			p.run('has(-0)', s => s.has(-0));
			p.run('registry', s => s.registry);
			p.run('set(null, {id: 1.5})', s => s.set(null, {id: 1.5, name: 'float'}));
			p.run('set(null, {id: NaN})', s => s.set(null, {id: NaN, name: 'nan'}));
			p.run('get(NaN)', s => s.get(NaN));
			p.run('find negzero', s => s.find({name: 'negzero'}));
			p.run('delete(0)', s => s.delete(0));
			p.state();
		});
		it('record parsed from JSON with an own __proto__ key (new record only)', () => {
			const p = new Pair(M => new M.Haro(cfg({index: ['name']})), {title});
			p.run('set', s => s.set('p', JSON.parse('{"name": "x", "__proto__": {"polluted": true}, "after": 1}')));
			p.run('get raw', s => {
				const r = s.get('p', true);

				return [Object.keys(r), Object.getPrototypeOf(r) === Object.prototype, r.polluted];
			});
		});
		it('sparse arrays', () => {
			const p = new Pair(M => new M.Haro(cfg({index: ['name']})), {title});
			// eslint-disable-next-line no-sparse-arrays
			p.run('set', s => s.set('sp', {name: 'x', holes: [1, , 3]}));
			p.run('get', s => s.get('sp'));
			p.run('hole kept', s => [1 in s.get('sp', true).holes, s.get('sp', true).holes.length]);
		});
		it('lone surrogates in strings', () => {
			const p = new Pair(M => new M.Haro(cfg({index: ['s']})), {title});
			p.run('set', s => s.set('ls', {s: 'a\ud800b', t: '\udfff'}));
			p.run('get', s => s.get('ls'));
			p.run('find', s => s.find({s: 'a\ud800b'}));
		});
		it('lone surrogates that a composite key joins into one character (an empty delimiter)', () => {
			const p = new Pair(M => new M.Haro(cfg({index: ['ab', 'a|b'], delimiter: ''})), {title});
			p.run('set', s => s.set('k', {a: '\ud83d', b: '\ude00'}));
			p.run('set a pair split across an escape and a value', s => s.set('j', {a: 'x\\\ud83d', b: ['\ude00', 'q\ude00', '\udfff\ud800']}));
			p.run('dump indexes', s => s.dump('indexes'));
			p.run('find by the halves', s => s.find({a: '\ud83d', b: '\ude00'}));
			p.run('search the character', s => s.search('😀', 'ab'));
			p.run('search the escaped backslash case', s => s.search('x\\😀', 'ab'));
		});
		it('composite index over a Date field uses the Date string form', () => {
			const p = new Pair(M => new M.Haro(cfg({index: ['d|name']})), {title});
			p.run('set', s => s.set('dd', {d: new Date(Date.UTC(2021, 0, 2)), name: 'x'}));
			p.run('dump indexes', s => s.dump('indexes'));
			p.run('find', s => s.find({d: new Date(Date.UTC(2021, 0, 2)), name: 'x'}));
		});
	});
}
