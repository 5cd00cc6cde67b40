'use strict';
// Read-only, Map-compatible views of the engine's state, for code that reads haro's
// `data`, `indexes` and `versions` maps directly. Built on demand: nothing is copied
// until a method asks for it. They extend Map so `instanceof Map` holds; every Map
// method is answered from the engine, never from the (empty) base map.

const {tooLong} = require('./errors.js');

function readOnly () {
	throw new TypeError('haro-rs: this view is read-only; change the store through its methods');
}

class View extends Map {
	#io;

	constructor (io) {
		super();
		this.#io = io;
	}

	get io () {
		return this.#io;
	}

	has (key) {
		return this.get(key) !== undefined;
	}

	forEach (fn, thisArg) {
		for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
	}

	[Symbol.iterator] () {
		return this.entries();
	}

	set () {
		return readOnly();
	}

	delete () {
		return readOnly();
	}

	clear () {
		return readOnly();
	}
}

/** `store.data`: key → stored record. */
class DataView extends View {
	get size () {
		return this.io.store.size;
	}

	get (key) {
		return this.io.store.get(key, true) ?? undefined;
	}

	has (key) {
		return this.io.store.has(key);
	}

	keys () {
		return this.io.store.keys();
	}

	values () {
		return this.io.store.values();
	}

	entries () {
		return this.io.store.entries();
	}
}

// A view's own Map slots, written past its read-only `set`/`clear` (the index views keep
// what they decoded there, so Map's own methods read it: `forEach` hands the view itself
// to the callback, as haro's Map does, with no closure a key between).
const mapSet = Map.prototype.set;
const mapClear = Map.prototype.clear;
const mapGet = Map.prototype.get;
const mapForEach = Map.prototype.forEach;
const mapKeys = Map.prototype.keys;
const mapValues = Map.prototype.values;
const mapEntries = Map.prototype.entries;
const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size').get;

/**
 * One index: index key → Set of record keys. Decoded whole on first use into the view's own
 * Map slots and kept until the engine's generation moves (any write), so iterating it again
 * costs what haro's Map does.
 */
class IndexView extends View {
	#name;
	#gen = -1; // the engine generation what the view holds was decoded at (-1: nothing)

	constructor (io, name) {
		super(io);
		this.#name = name;
	}

	/** Whether what the view holds is current (without building it). */
	#current () {
		return this.#gen !== -1 && this.#gen === this.io.engine.generation();
	}

	/** The view, its slots filled from the engine as of now. */
	#built () {
		if (this.#current()) return this;
		const {engine, records} = this.io;
		const gen = engine.generation();
		mapClear.call(this);
		// From the index's ids where the cache names every record: the ids cross as one typed
		// array, not as the JSON of every record key the dump writes (which serves otherwise).
		const byId = records.wholeById();
		const list = byId === null ? null : engine.indexByIds(this.#name, byId, true);
		if (list !== null) {
			for (let i = 0; i < list.length; i++) mapSet.call(this, list[i][0], list[i][1]);
		} else {
			const dump = engine.dumpIndexesShared(this.#name);
			if (dump.length > 0) for (const [k, keys] of dump[0][1]) mapSet.call(this, k, new Set(keys));
		}
		this.#gen = gen;

		return this;
	}

	get size () {
		return this.#current() ? mapSize.call(this) : this.io.engine.indexSize(this.#name) ?? 0;
	}

	get (value) {
		if (this.#current()) return mapGet.call(this, value);
		// Objects (Dates, arrays) are index keys by identity, as in a Map: only those this
		// view handed out can be found, so look them up in the decoded index.
		if ((typeof value === 'object' && value !== null) || typeof value === 'function') return mapGet.call(this.#built(), value);
		let keys;
		try {
			keys = this.io.engine.indexLookup(this.#name, value);
		} catch (e) {
			// (record keys past V8's longest string: the whole index, read from its ids)
			if (!tooLong(e)) throw e;

			return mapGet.call(this.#built(), value);
		}

		return keys === null ? undefined : new Set(keys);
	}

	has (value) {
		return this.get(value) !== undefined;
	}

	forEach (fn, thisArg) {
		mapForEach.call(this.#built(), fn, thisArg);
	}

	keys () {
		return mapKeys.call(this.#built());
	}

	values () {
		return mapValues.call(this.#built());
	}

	entries () {
		return mapEntries.call(this.#built());
	}
}

/** `store.indexes`: index name → IndexView, held in its own Map slots while the list holds. */
class IndexesView extends View {
	#views = new Map(); // engine name → IndexView (one per name, kept with what it decoded)
	#names = null; // {gen, names}: the engine's index names at generation `gen`

	/** The engine's index names now; the view's slots follow them. */
	#list () {
		this.io.sync();
		const gen = this.io.engine.generation();
		if (this.#names === null || this.#names.gen !== gen) {
			const names = this.io.engine.indexNames();
			mapClear.call(this);
			for (const n of names) mapSet.call(this, this.io.engine.name(n), this.#view(n));
			this.#names = {gen, names};
		}

		return this.#names.names;
	}

	#view (name) {
		let v = this.#views.get(name);
		if (v === undefined) {
			v = new IndexView(this.io, name);
			this.#views.set(name, v);
		}

		return v;
	}

	get size () {
		return this.#list().length;
	}

	// By the rule haro's Map of index entries follows: `1` is not the index `'1'`, nor
	// `undefined` the index `'undefined'` (lib/engine.js `lookupName`).
	get (name) {
		const list = this.#list();
		const n = this.io.engine.lookupName(name);

		return n !== null && list.includes(n) ? this.#view(n) : undefined;
	}

	forEach (fn, thisArg) {
		this.#list();
		mapForEach.call(this, fn, thisArg);
	}

	keys () {
		this.#list();

		return mapKeys.call(this);
	}

	values () {
		this.#list();

		return mapValues.call(this);
	}

	entries () {
		this.#list();

		return mapEntries.call(this);
	}

	// haro code (and its tests) drop indexes through the map; the engine does the same.
	delete (name) {
		this.io.sync();
		const n = this.io.engine.lookupName(name);
		if (n === null) return false;
		this.io.changed();

		return this.io.engine.dropIndex(n);
	}

	clear () {
		this.io.changed();
		this.io.engine.clearIndexes();
	}
}

/** `store.versions`: key → Set of frozen earlier records, kept until the engine's generation moves. */
class VersionsView extends View {
	#built = null; // {gen, keys, sets: Map(key → Set)}

	#state () {
		const gen = this.io.engine.generation();
		if (this.#built === null || this.#built.gen !== gen) this.#built = {gen, keys: null, sets: new Map()};

		return this.#built;
	}

	#keys () {
		const st = this.#state();

		return st.keys ??= this.io.engine.versionedKeys();
	}

	get size () {
		return this.#keys().length;
	}

	get (key) {
		if (typeof key !== 'string' && typeof key !== 'number') return undefined;
		if (typeof key === 'string' && !key.isWellFormed()) return undefined;
		const st = this.#state();
		let set = st.sets.get(key);
		if (set === undefined) {
			const recs = this.io.engine.versions(key);
			if (recs === null) return undefined;
			set = new Set(recs.map(r => Object.freeze(r)));
			st.sets.set(key, set);
		}

		return set;
	}

	keys () {
		return this.#keys().values();
	}

	values () {
		return this.#keys().map(k => this.get(k)).values();
	}

	entries () {
		return this.#keys().map(k => [k, this.get(k)]).values();
	}
}

module.exports = {DataView, IndexesView, VersionsView};
