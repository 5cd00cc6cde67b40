// The differential suites' shared set-up: every topic file (crud, queries, indexing,
// utilities) runs its cases in each mode (mutable/immutable, with and without versioning)
// and record shape (key field, delimiter), against haro@16 (REF) and haro-rs (IMPL).
import {Pair} from './compare.mjs';

export const MODES = [
	{name: 'mutable', immutable: false, versioning: false},
	{name: 'mutable+versioning', immutable: false, versioning: true},
	{name: 'immutable', immutable: true, versioning: false},
	{name: 'immutable+versioning', immutable: true, versioning: true}
];
/** MODES with a fixed store id (haro makes a random one): stores compared whole, registry too. */
export const NAMED_MODES = MODES.map(m => ({...m, id: 'store'}));
/** `n` people records from number `from`: a few names and tags, a nested Date each. */
export const people = (n, from = 0) => Array.from({length: n}, (_, i) => ({id: `u${i + from}`, name: `n${(i + from) % 5}`, age: 20 + (i % 7), tags: [`t${i % 3}`], meta: {i, at: new Date(Date.UTC(2020, 0, 1 + i))}}));
export const SHAPES = [
	{name: 'key=id delimiter=|'},
	{name: 'key=uid', key: 'uid'},
	{name: 'delimiter=::', delimiter: '::'}
];

/** Calls `define(context)` once per mode and shape: the data and store makers of that suite. */
export function eachSuite (define) {
	for (const mode of MODES) {
		for (const shape of SHAPES) {
			define(context(mode, shape));
		}
	}
}

function context (mode, shape) {
	const K = shape.key ?? 'id';
	const D = shape.delimiter ?? '|';
	const title = `${mode.name}, ${shape.name}`;
	const INDEX = ['name', 'age', 'tags', `age${D}name`, `name${D}age`, `name${D}tags`];
	const cfg = (extra = {}) => ({
		id: 'store-1',
		immutable: mode.immutable,
		versioning: mode.versioning,
		...(shape.key ? {key: shape.key} : {}),
		...(shape.delimiter ? {delimiter: shape.delimiter} : {}),
		index: [...INDEX],
		...extra
	});
	const R = (k, o) => ({[K]: k, ...o});
	const people = () => [
		R('u1', {name: 'Alice', age: 30, tags: ['admin', 'dev'], city: 'Paris'}),
		R('u2', {name: 'Bob', age: 25, tags: ['dev'], city: 'Oslo'}),
		R('u3', {name: 'Carol', age: 30, tags: [], city: 'Paris'}),
		R('u4', {name: 'Alice', age: 41, tags: ['ops', 'admin'], city: 'Rome'}),
		R('u5', {name: 'Dave', age: '30', tags: ['dev', 'dev'], city: 'Oslo'}),
		R('u6', {name: 'Eve', city: 'Paris'})
	];
	const fresh = (extra, opts = {}) => new Pair(M => new M.Haro(cfg(extra)), {title, ...opts});
	const loaded = (extra, opts) => {
		const p = fresh(extra, opts);
		p.run('batch(people)', s => s.batch(people(), 'set'));

		return p;
	};

	return {mode, shape, K, D, title, INDEX, cfg, R, people, fresh, loaded};
}
