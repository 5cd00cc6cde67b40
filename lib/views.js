'use strict';
// Read-only, Map-compatible views of the engine's state, for code that reads haro's
// `data`, `indexes` and `versions` maps directly. Built on demand: nothing is copied
// until a method asks for it. They extend Map so `instanceof Map` holds; every Map
// method is answered from the engine, the base map serving only the index views' `forEach`
// (below).

const {inspect} = require('node:util');
const {tooLong} = require('./errors.js');
const own = require('./hooks.js');

// The views' walk of their own slots, and their letting go of what they decoded: symbols,
// so no name is added to what a Map offers.
const WALK = Symbol('walk');
const RELEASE = Symbol('release');
const FIRST = Symbol('first'); // its first `max` entries, read without decoding the rest (`shown`)

/** Records due by now leave the store first (`ttl`, `expireAt`), as every read of it sees. */
function fresh (io) {
	const time = io.time;
	if (time.next !== Infinity) time.fresh();
}

function readOnly () {
	throw new TypeError('haro-rs: this view is read-only; change the store through its methods');
}

class View extends Map {
	#io;
	#walking = 0; // `[WALK]` calls under way

	constructor (io) {
		super();
		this.#io = io;
	}

	get io () {
		return this.#io;
	}

	/**
	 * Walks the view's own slots with Map's `forEach`, `refill()` first; false (nothing done)
	 * while a walk is under way, whose slots must stay as they are.
	 */
	[WALK] (fn, thisArg, refill) {
		if (this.#walking > 0) return false;
		refill();
		this.#walking++;
		try {
			mapForEach.call(this, fn, thisArg);
		} finally {
			this.#walking--;
		}

		return true;
	}

	/** Lets go of what the view decoded (its slots too, unless a walk of them is under way). */
	[RELEASE] () {
		if (this.#walking === 0) mapClear.call(this);
	}

	has (key) {
		return this.get(key) !== undefined;
	}

	forEach (fn, thisArg) {
		callable(fn);
		for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
	}

	[Symbol.iterator] () {
		return this.entries();
	}

	// `console.log` and `util.inspect` show what the view holds, as they show haro's Map (they
	// read a Map's own slots, which a view leaves empty or stale).
	[inspect.custom] (depth, options, show) {
		return shown(this, depth, options, show);
	}

	/** Its first `max` entries, as `[key, value]` pairs. */
	[FIRST] (max) {
		return pairsOf(this.keys(), max, k => this.get(k));
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

/**
 * What `util.inspect` writes for `view`: a `Map` of its entries, formatted where it stands (as
 * haro's Map would be). Past `maxArrayLength` entries no more are read: the text of a Map of
 * those, headed by the view's size and followed by what it left out, as Node writes a Map that
 * long (its lines broken as if it stood alone).
 */
function shown (view, depth, options, show) {
	const size = view.size;
	if (depth < 0) return size === 0 ? new Map() : options.stylize('[Map]', 'special');
	const given = options.maxArrayLength;
	const max = given === null || given !== given ? Infinity : Math.max(0, given ?? 100); // eslint-disable-line no-self-compare
	const first = new Map(max > 0 ? view[FIRST](max) : []);
	const rest = size - first.size;
	if (rest <= 0) return first;
	const more = `... ${rest} more item${rest > 1 ? 's' : ''}`;
	const text = show(first, {...options, depth}).replace(`Map(${first.size})`, `Map(${size})`);
	if (first.size === 0) return text.replace(/\{\}$/, `{ ${more} }`);
	if (text.endsWith('\n}')) return `${text.slice(0, -2)},\n  ${more}\n}`;

	return `${text.slice(0, -2)},${text.includes('\n') ? '\n ' : ''} ${more} }`; // (one line, or `compact: true`'s lines)
}

/** Up to `max` `[key, get(key)]` pairs of the keys `keys` lists. */
function pairsOf (keys, max, get) {
	const out = [];
	for (const k of keys) {
		if (out.length >= max) break;
		out.push([k, get(k)]);
	}

	return out;
}

/** `store.data`: key → stored record. */
class RecordsView extends View {
	get size () {
		return this.io.store.size;
	}

	// (haro-rs's own reads, not a subclass's: haro's `data` is the Map itself)
	get (key) {
		return own.original.get.call(this.io.store, key, true) ?? undefined;
	}

	has (key) {
		return own.original.has.call(this.io.store, key);
	}

	keys () {
		return own.original.keys.call(this.io.store);
	}

	values () {
		return own.original.values.call(this.io.store);
	}

	entries () {
		return own.original.entries.call(this.io.store);
	}

	// (the first records alone: a pass would read them all)
	[FIRST] (max) {
		return own.original.limit.call(this.io.store, 0, max);
	}
}

// A view's own Map slots, written past its read-only `set`/`clear`: the index views copy
// what they decoded there for `forEach`, so Map's own `forEach` walks it and hands the view
// itself to the callback, as haro's Map does, with no closure a key between. The slots are
// refilled only between walks: one under way (whose callback may write and read the view
// again) goes on over what it started with, as a walk of the replaced Map did.
const mapSet = Map.prototype.set;
const mapClear = Map.prototype.clear;
const mapForEach = Map.prototype.forEach;
const EMPTY = new Map();

/** Throws what a Map's `forEach` throws for a callback that is no function, before any walk. */
function callable (fn) {
	if (typeof fn !== 'function') mapForEach.call(EMPTY, fn);
}

/** Fills `view`'s slots with `entries` (`[key, value]` pairs, or a Map). */
function fill (view, entries) {
	mapClear.call(view);
	for (const [k, v] of entries) mapSet.call(view, k, v);
}

/**
 * One index: index key → Set of record keys. Decoded whole on first use and kept until the
 * engine's generation moves (any write) or a full `reindex()` (`Engine#viewGeneration`), so
 * iterating it again costs what haro's Map does. Until then each index key's Set is the
 * same one, whether `get` found it alone or a walk decoded it with the rest, as haro's Map
 * hands out the same Set (README, difference 21).
 */
class IndexView extends View {
	#name;
	#built = null; // {gen, map}: the decoded index, as of engine generation `gen`
	#slotted = null; // the decoded Map the slots hold a copy of
	#found = null; // {gen, sets}: what `get` found before the index was decoded whole, by index key

	constructor (io, name) {
		super(io);
		this.#name = name;
	}

	/** The generation a read answers at, what fell due gone first. */
	#gen () {
		fresh(this.io);

		return this.io.engine.viewGeneration();
	}

	/** The decoded index if it is current at generation `gen`, else null (without building it). */
	#current (gen = this.#gen()) {
		const b = this.#built;

		return b !== null && b.gen === gen ? b.map : null;
	}

	#map (gen = this.#gen()) {
		const current = this.#current(gen);
		if (current !== null) return current;
		const {engine, records} = this.io;
		// From a dump of it still held (`Engine#keptIndexDump`): its lists, each a Set V8 builds
		// in one call, where `indexByIds` runs a loop still cold (haro's suite walks
		// `store.indexes` 100 times beside a dump it holds, 7 indexes, the first walk building
		// every Set: 10k records 7.7 -> 3.8 ms on Node 24, 3.9 -> 3.5 on Node 22; 50k 35 -> 28
		// and 25 -> 26). Else from the index's ids where the cache names every record: the ids
		// cross as one typed array, not as the JSON of every record key the dump writes (which
		// serves otherwise).
		const kept = engine.keptIndexDump(this.#name);
		const keyById = kept === null ? records.keysById() : null;
		const list = keyById === null ? null : engine.indexByIds(this.#name, keyById, true);
		const map = new Map(list);
		if (list === null) {
			const lists = kept ?? engine.dumpIndexesShared(this.#name)[0]?.[1] ?? [];
			for (const [k, keys] of lists) map.set(k, new Set(keys));
		}
		// (the Sets `get` handed out stay the ones handed out; a key keeps its place)
		const found = this.#found;
		if (found !== null && found.gen === gen) for (const [k, set] of found.sets) map.set(k, set);
		this.#found = null;
		this.#built = {gen, map};

		return map;
	}

	[RELEASE] () {
		super[RELEASE]();
		this.#built = this.#found = this.#slotted = null;
	}

	get size () {
		const map = this.#current();

		return map !== null ? map.size : this.io.engine.indexSize(this.#name) ?? 0;
	}

	get (value) {
		const gen = this.#gen();
		const map = this.#current(gen);
		if (map !== null) return map.get(value);
		// Objects (Dates, arrays) are index keys by identity, as in a Map: only those this
		// view handed out can be found, so look them up in the decoded index.
		if ((typeof value === 'object' && value !== null) || typeof value === 'function') return this.#map(gen).get(value);
		// Found once a generation: a loop that asks for one key again crosses once, not once
		// a call with a Set of all its records made each time.
		let found = this.#found;
		if (found === null || found.gen !== gen) found = this.#found = {gen, sets: new Map()};
		let set = found.sets.get(value);
		if (set !== undefined) return set;
		let keys = this.#byIds(value);
		if (keys === undefined) {
			try {
				keys = this.io.engine.indexLookup(this.#name, value);
			} catch (e) {
				// (record keys past V8's longest string: the whole index, read from its ids)
				if (!tooLong(e)) throw e;

				return this.#map(gen).get(value);
			}
		}
		if (keys === null) return undefined; // (not kept: a loop of misses would keep them all)
		set = new Set(keys);
		found.sets.set(value, set);

		return set;
	}

	/**
	 * The record keys under index key `value` (one key: lib/engine.js `isOneKey`), by the
	 * ids `find` crosses and the keys the record cache holds by id; null for none (a key with
	 * no record is no index key: README, difference 5); undefined where that cannot answer
	 * (another value, a cache that does not name every record). `indexLookup` writes them as
	 * JSON for the engine to read and the keys back as JSON: ~3.5 µs a call, where a `find`
	 * of such a key takes ~3 with its records.
	 */
	#byIds (value) {
		const keyById = this.io.records.keysById();
		const ids = keyById === null ? undefined : this.io.engine.keyIds(this.#name, value);
		if (ids === undefined) return undefined;
		if (ids.length === 0) return null;
		const keys = new Array(ids.length);
		for (let i = 0; i < ids.length; i++) {
			const key = keyById[ids[i]];
			if (key === undefined) return undefined;
			keys[i] = key;
		}

		return keys;
	}

	forEach (fn, thisArg) {
		callable(fn);
		const map = this.#map();
		const refill = () => {
			if (this.#slotted !== map) {
				fill(this, map);
				this.#slotted = map;
			}
		};
		// (from the callback of a walk under way: the decoded Map, the slots left as they are)
		if (!this[WALK](fn, thisArg, refill)) map.forEach((v, k) => fn.call(thisArg, v, k, this));
	}

	keys () {
		return this.#map().keys();
	}

	values () {
		return this.#map().values();
	}

	entries () {
		return this.#map().entries();
	}

	// (the index's keys alone, then a `get` each: not every Set of a big index, which `#map`
	// would decode and keep; an object key is found by identity in the decoded index alone)
	[FIRST] (max) {
		const gen = this.#gen();
		const map = this.#current(gen);
		const keys = map === null ? this.io.engine.indexKeysFirst(this.#name, max) : null;
		if (keys !== null && !keys.some(k => typeof k === 'object' && k !== null)) return pairsOf(keys, max, k => this.get(k));
		const decoded = map ?? this.#map(gen);

		return pairsOf(decoded.keys(), max, k => decoded.get(k));
	}
}

/** `store.indexes`: index name → IndexView (one per name, kept with what it decoded). */
class IndexesView extends View {
	#views = new Map();
	#names = null; // {gen, names, entries}: `#current`
	#slotted = null; // the `index` entries the slots hold, in order

	#list () {
		return this.#current().names;
	}

	/** `{gen, names, entries}`: the engine's index names now, and the `index` entries they stand for. */
	#current () {
		this.io.sync();
		const gen = this.io.engine.generation();
		if (this.#names === null || this.#names.gen !== gen) {
			const names = this.io.engine.indexNames();
			this.#names = {gen, names, entries: names.map(n => this.io.engine.name(n))};
		}

		return this.#names;
	}

	[RELEASE] () {
		for (const v of this.#views.values()) v[RELEASE]();
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
		callable(fn);
		const {names, entries} = this.#current();
		const refill = () => {
			const slotted = this.#slotted;
			if (slotted !== entries && (slotted === null || slotted.length !== entries.length || entries.some((e, i) => e !== slotted[i]))) {
				fill(this, names.map((n, i) => [entries[i], this.#view(n)]));
				this.#slotted = entries;
			}
		};
		if (this[WALK](fn, thisArg, refill)) return;
		// (from the callback of a walk under way: the slots left as they are)
		for (let i = 0; i < names.length; i++) fn.call(thisArg, this.#view(names[i]), entries[i], this);
	}

	keys () {
		return this.#current().entries.values();
	}

	values () {
		return this.#list().map(n => this.#view(n)).values();
	}

	entries () {
		return this.#list().map(n => [this.io.engine.name(n), this.#view(n)]).values();
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

/**
 * `store.versions`: key → Set of frozen earlier records. The records are kept until the
 * engine's generation moves; each read hands out a Set of its own (README, difference 21).
 */
class VersionsView extends View {
	#built = null; // {gen, keys, recs: Map(key → frozen records)}

	[RELEASE] () {
		this.#built = null;
	}

	#state () {
		fresh(this.io);
		const gen = this.io.engine.generation();
		if (this.#built === null || this.#built.gen !== gen) this.#built = {gen, keys: null, recs: new Map()};

		return this.#built;
	}

	#keys (st = this.#state()) {
		return st.keys ??= this.io.engine.versionedKeys();
	}

	get size () {
		return this.#keys().length;
	}

	get (key) {
		if (typeof key !== 'string' && typeof key !== 'number') return undefined;
		if (typeof key === 'string' && !key.isWellFormed()) return undefined;

		return this.#versions(this.#state(), key);
	}

	/** A new Set of record `key`'s versions as of state `st`, or undefined. */
	#versions (st, key) {
		let recs = st.recs.get(key);
		if (recs === undefined) {
			recs = this.io.engine.versions(key);
			if (recs === null) return undefined;
			for (const r of recs) Object.freeze(r);
			st.recs.set(key, recs);
		}

		return new Set(recs);
	}

	keys () {
		return this.#keys().values();
	}

	// (one state for the whole list: a `get` each would read the clock again, and a record
	// falling due meanwhile would leave its key listed with no Set)
	values () {
		const st = this.#state();

		return this.#keys(st).map(k => this.#versions(st, k)).values();
	}

	entries () {
		const st = this.#state();

		return this.#keys(st).map(k => [k, this.#versions(st, k)]).values();
	}

	[FIRST] (max) {
		const st = this.#state();

		return pairsOf(this.#keys(st), max, k => this.#versions(st, k));
	}
}

/**
 * A store's views (`{data, indexes, versions}`) let go of what they decoded, which no read can
 * hand out again: `clear` and `override` replace everything (a walk of a million records'
 * indexes keeps their Sets on the V8 heap, until the view's next read otherwise).
 */
function release (views) {
	views.indexes[RELEASE]();
	views.versions[RELEASE]();
}

module.exports = {RecordsView, IndexesView, VersionsView, release};
