'use strict';
// haro-rs: haro@16's API over a Rust engine. This file is the facade: haro's methods, their
// signatures, return shapes, frozenness and hooks, and everything that calls user code.
// Below it (ARCHITECTURE.md): lib/records.js (materialized records), lib/engine.js (the one
// object that talks to the native engine), lib/bulk.js (bulk writes), lib/errors.js.

const {randomUUID} = require('node:crypto');
const {inspect} = require('node:util');
const {Engine, NOT_FOUND, checkName} = require('./lib/engine.js');
const {Records} = require('./lib/records.js');
const {Bulk} = require('./lib/bulk.js');
const {Expiry} = require('./lib/expiry.js');
const {HARO, isKey, what, argError, checkKey, checkRecord, checkKeyField, delimiterText, checkCacheSize, bound, textOf, numberOf, primitiveOf, readOnly} = require('./lib/errors.js');
const {RecordsView, IndexesView, VersionsView, release} = require('./lib/views.js');
const {Queries} = require('./lib/query-cache.js');
const {readField} = require('./lib/path.js');
const {localeOrder} = require('./lib/collation.js');
const LOAD = Symbol('load'); // the factory's load (lib/bulk.js `load`)
const {query: rangeQuery, rangeIds, sortedBy} = require('./lib/range.js');
const WHOLE = rangeQuery({}, {}); // range with no bound: every record in sortBy order
const snapshot = require('./lib/snapshot.js');
const own = require('./lib/hooks.js');

/**
 * `reduce` over the records the cache holds: what forEach would hand out, without a closure
 * call per record (apart from `reduce`, whose closure would put `a` in a context).
 */
function reduceHeld (store, records, fn, a) {
	const all = records.all();
	const {keys, recs} = all;
	const {writes, overrides} = records;
	for (let i = 0; i < keys.length; i++) {
		a = fn(a, recs[i], keys[i], store);
		if (records.writes !== writes) return reduceRest(store, records, all, i + 1, overrides, fn, a);
	}

	return a;
}

/** The rest of `reduceHeld` once `fn` wrote (lib/records.js `rest`); apart, as its closure puts `a` in a context. */
function reduceRest (store, records, all, from, overrides, fn, a) {
	records.rest(all, from, overrides, (v, k) => {
		a = fn(a, v, k, store);
	});

	return a;
}

// Array#sort's order without a comparator (haro's `keys.sort(this.sortKeys)` where that is
// undefined): the keys' strings, by UTF-16 code units.
function byText (a, b) {
	const x = String(a);
	const y = String(b);

	return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Whether haro can read `data` under each index name of `list` (`setIndex`, `deleteIndex`):
 * a field name reads a property of it, which null and undefined have not; a composite name
 * reads it through `indexKeys`, whose default takes undefined for `{}`.
 */
function readable (data, list, delimiter) {
	return data !== null && data !== undefined || list.every(name => data === undefined && typeof name === 'string' && name.includes(delimiter));
}

/** The index names an `index` list holds: none where it is no array (README, difference 13). */
function names (index) {
	return Array.isArray(index) ? index : [];
}

/**
 * `override` of a frozen store: what haro's throws, its Maps made of `data` first (their
 * errors first), then its assignment of them (V8's strict-mode error); nothing changed.
 */
function frozenOverride (store, data, type) {
	if (type === 'indexes') data.map(i => [i[0], new Map(i[1].map(ii => [ii[0], new Set(ii[1])]))]);
	else new Map(data); // eslint-disable-line no-new

	throw readOnly(store, type === 'indexes' ? 'indexes' : 'data');
}

/** Whether `predicate` is a plain object holding each of `fields` as its own (enumerable: its JSON has them). */
function ownFields (predicate, fields) {
	const proto = Object.getPrototypeOf(predicate);
	if (proto !== Object.prototype && proto !== null) return false;
	for (let i = 0; i < fields.length; i++) if (!Object.prototype.propertyIsEnumerable.call(predicate, fields[i])) return false;

	return true;
}

/**
 * What `where` looks up for field `k` of `predicate`. One the predicate inherits from
 * `Object.prototype` (`toString`, an index named so) is what haro's records inherit too, and
 * its lookup finds those without a field of their own so named: haro-rs indexes them under
 * `undefined` (README, difference 22).
 */
function lookupValue (predicate, k) {
	const v = predicate[k];

	return !Object.hasOwn(predicate, k) && v !== undefined && v === Object.prototype[k] ? undefined : v;
}

/** Whether a `where` value can match no index key (haro's lookup of it finds nothing). */
function noIndexKey (p) {
	if (p instanceof RegExp) return true;
	if (!Array.isArray(p)) return false;
	// (read as haro's for-of reads the list: a hole is `undefined`, an index key)
	for (let i = 0; i < p.length; i++) if (!(p[i] instanceof RegExp)) return false;

	return true;
}

/**
 * Whether a `where` predicate is matched in JS, as haro matches it: one holding a RegExp, or a
 * list with holes (haro's `some` and `every` skip them, where the engine would match `undefined`).
 */
function matchedInJs (predicate) {
	for (const k of Object.keys(predicate)) {
		const p = predicate[k];
		if (p instanceof RegExp) return true;
		if (Array.isArray(p)) {
			for (let i = 0; i < p.length; i++) {
				if (!(i in p) || p[i] instanceof RegExp) return true;
			}
		}
	}

	return false;
}

/**
 * A list with holes as haro's lookups read it (for-of: `undefined` at each hole), each value
 * once, in the order they come: the elements before the first hole, `undefined`, the elements
 * after it (found by `Object.keys`: a list of length 2^32-1 is not walked hole by hole).
 */
function dense (p) {
	if (!Array.isArray(p)) return p;
	let hole = 0;
	while (hole < p.length && hole in p) hole++;
	if (hole === p.length) return p;
	const out = p.slice(0, hole);
	out.push(undefined);
	for (const k of Object.keys(p)) {
		const i = Number(k);
		if (i > hole && String(i >>> 0) === k && i < p.length) out.push(p[i]);
	}

	return out;
}

// The store's own properties haro defines as data and haro-rs as accessors (`#own`).
const FIELDS = new Set(['data', 'delimiter', 'immutable', 'index', 'indexes', 'versions', 'versioning']);
// What `util.inspect` is shown of each store (`[inspect.custom]`).
const standIns = new WeakMap();
const DEFAULT_RECORD_CACHE_SIZE = 100000;
const DEFAULT_QUERY_CACHE_SIZE = 1000;

class Haro {
	#engine; // lib/engine.js: the store in the engine
	#records; // lib/records.js: materialized records, write count, frozen state
	#many; // lib/bulk.js
	#time; // lib/expiry.js: `next` is Infinity unless a record can expire
	#delimiter;
	#index;
	#versioning;
	#given; // {immutable, versioning} as given: haro's properties hold what was set
	#views = null;
	#orders = null; // range: each index's keys in sortBy order (lib/range.js), a Map once one is asked for
	#sortFn = null; // the `sortKeys` those orders (and the engine's kept sortBy answers) were made with
	#q; // lib/query-cache.js: the query cache (`cache: true`), full-scan warnings
	#fielded = true; // whether the store has looked for class fields over its accessors (`#fields`)

	constructor ({delimiter = '|', id = this.uuid(), immutable = false, index = [], key = 'id', versioning = false, recordCacheSize = DEFAULT_RECORD_CACHE_SIZE, cache = false, cacheSize = DEFAULT_QUERY_CACHE_SIZE, warnOnFullScan = false, ttl, expireAt, now, versionLimit, versionTtl} = {}) {
		checkKeyField(key);
		const d = delimiterText(delimiter);
		const time = this.#time = new Expiry({ttl, expireAt, now, versionLimit, versionTtl}, this);
		this.#versioning = Boolean(versioning);
		this.#given = {immutable, versioning};
		const engine = this.#engine = time.engine = new Engine(d, this.#versioning);
		const capacity = Number.isFinite(recordCacheSize) ? Math.max(0, Math.trunc(recordCacheSize)) : recordCacheSize === Infinity ? Infinity : DEFAULT_RECORD_CACHE_SIZE;
		const records = this.#records = time.records = new Records(engine, this, capacity, Boolean(immutable), time);
		this.#many = new Bulk(this, engine, records, time, () => this.#sync());
		checkCacheSize(cacheSize);
		this.#q = new Queries(cache, cacheSize, warnOnFullScan, records);
		this.#delimiter = delimiter;
		this.#index = Array.isArray(index) ? [...index] : [];
		if (time.versionLimit !== null || time.versionTtl !== null) engine.retain(time.versionLimit ?? NaN, time.versionTtl ?? NaN);
		Haro.#own(this, id, key);
		const r = this.reindex(); // (haro returns what it returns: a subclass's may answer another object)
		this.#fielded = false; // (a subclass's fields come next: `#fields`)

		return r;
	}

	// haro's own enumerable properties, in its order: accessors, and `id` and `key` assigned as
	// haro assigns them. The accessors are shared by every store (not closures made per store),
	// so stores share their hidden classes: creating one cost ~5 µs more with a closure pair per
	// property. Each is defined by one `defineProperty` of a frozen descriptor every store shares:
	// `new Haro()` took 44.3k, 48.8k and 63.2k instructions under callgrind (Node 20, 22, 24;
	// 20,000 stores, less the import) against 48.8k, 50.6k and 66.1k with a `__defineGetter__`
	// and a `__defineSetter__` each (which read no descriptor, but define each half apart), and
	// ~2.2 µs a store against ~0.8 for `Object.defineProperties` of a descriptor map (Node 24).
	static #own = (() => {
		const data = function () { return this.#viewsOf().data; };
		const delimiter = function () { return this.#delimiter; };
		const setDelimiter = function (v) {
			const d = delimiterText(v); // (throws before anything changed)
			this.#engine.configure(d, this.#versioning);
			this.#delimiter = v;
		};
		const immutable = function () { return this.#given.immutable; };
		const setImmutable = function (v) {
			this.#records.setImmutable(v);
			this.#given.immutable = v;
		};
		const index = function () { return this.#index; };
		const setIndex = function (v) { this.#index = v; };
		const indexes = function () { return this.#viewsOf().indexes; };
		const versions = function () { return this.#viewsOf().versions; };
		const versioning = function () { return this.#given.versioning; };
		const setVersioning = function (v) {
			this.#versioning = Boolean(v);
			this.#given.versioning = v;
			this.#engine.configure(String(this.#delimiter), this.#versioning);
		};
		const configuring = [['delimiter', delimiter, setDelimiter], ['index', index, setIndex], ['immutable', immutable, setImmutable], ['versioning', versioning, setVersioning]];
		// The setters installed: on a frozen store (`Object.freeze(store)`) an assignment throws
		// and changes nothing, as it does to haro's data properties in strict code. (`#fields`
		// calls the setters themselves: a class field's value was given before any freeze.)
		const guarded = Object.fromEntries(configuring.map(([name, , set]) => [name, function (v) {
			if (Object.isFrozen(this)) throw readOnly(this, name);
			set.call(this, v);
		}]));
		// `data`, `indexes` and `versions` take no assignment (README, "Differences from haro", 10):
		// a setter says so in sloppy code too, where a getter alone let it pass unseen (haro's
		// store would have taken the new Map, a reset idiom that must not silently do nothing).
		const view = name => function () {
			throw new TypeError(`haro-rs: store.${name} is a read-only view; write through set, delete, batch, override or clear`);
		};
		const setData = view('data');
		const setIndexes = view('indexes');
		const setVersions = view('versions');
		const registry = function () { return this.#records.registry(); };
		const size = function () { return this.#records.size(); };
		// (as haro defines them: neither configurable nor writable)
		const defineProperty = Object.defineProperty;
		const REGISTRY = Object.freeze({enumerable: true, get: registry});
		const SIZE = Object.freeze({enumerable: true, get: size});
		const accessor = (get, set) => Object.freeze({enumerable: true, configurable: true, get, set});
		const configured = Object.fromEntries(configuring.map(([name, get]) => [name, accessor(get, guarded[name])]));
		const {delimiter: DELIMITER, immutable: IMMUTABLE, index: INDEX, versioning: VERSIONING} = configured;
		const DATA = accessor(data, setData);
		const INDEXES = accessor(indexes, setIndexes);
		const VERSIONS = accessor(versions, setVersions);

		// (written out, in haro's order: a loop over a table of them took 55-57k instructions a
		// store under callgrind, against 52.7k)
		const install = (store, id, key) => {
			defineProperty(store, 'data', DATA);
			defineProperty(store, 'delimiter', DELIMITER);
			store.id = id;
			defineProperty(store, 'immutable', IMMUTABLE);
			defineProperty(store, 'index', INDEX);
			defineProperty(store, 'indexes', INDEXES);
			store.key = key;
			defineProperty(store, 'versions', VERSIONS);
			defineProperty(store, 'versioning', VERSIONING);
			defineProperty(store, 'registry', REGISTRY);
			defineProperty(store, 'size', SIZE);
		};
		// (`#fields`: the configuring properties' setters, and their accessors put back over data
		// properties that can be redefined, each in its place, as redefining one keeps its order)
		install.setters = Object.fromEntries(configuring.map(([name, , set]) => [name, set]));
		install.accessors = store => {
			for (const [name] of configuring) {
				const d = Object.getOwnPropertyDescriptor(store, name);
				if (d === undefined || !d.configurable || !('value' in d)) continue;
				defineProperty(store, name, configured[name]);
			}
		};

		return install;
	})();

	/**
	 * `console.log(store)` and `util.inspect` show the store as they show haro's: its fields
	 * with their values, where haro-rs's are accessors (`data`, `indexes`, `versions`,
	 * `delimiter`, `immutable`, `index`, `versioning`), which they would show as
	 * `[Getter/Setter]`; its other own properties as they are (`registry` and `size` getters,
	 * as haro defines them, read from the store). One stand-in a store, refreshed at each call,
	 * so a store that holds itself is shown `[Circular]`, as Node finds its own objects again.
	 */
	[inspect.custom] (depth, options) {
		let name = 'Object';
		for (let p = Object.getPrototypeOf(this); p !== null; p = Object.getPrototypeOf(p)) {
			const c = Object.getOwnPropertyDescriptor(p, 'constructor')?.value;
			if (typeof c === 'function' && c.name !== '') {
				name = c.name;
				break;
			}
		}
		if (depth < 0) return options.stylize(`[${name}]`, 'special');
		let shown = standIns.get(this);
		if (shown === undefined || Object.getPrototypeOf(shown).constructor.name !== name) {
			const Shown = function () {};
			Object.defineProperty(Shown, 'name', {value: name});
			shown = Object.create(Shown.prototype);
			standIns.set(this, shown);
		}
		const proto = Object.getPrototypeOf(shown);
		const tag = this[Symbol.toStringTag];
		if (typeof tag === 'string') Object.defineProperty(proto, Symbol.toStringTag, {value: tag, configurable: true});
		else delete proto[Symbol.toStringTag];
		for (const k of Reflect.ownKeys(shown)) delete shown[k];
		for (const k of Reflect.ownKeys(this)) {
			const d = Object.getOwnPropertyDescriptor(this, k);
			// (each configurable, so that the next call can take it off)
			if (d.get !== undefined && FIELDS.has(k)) Object.defineProperty(shown, k, {value: this[k], enumerable: d.enumerable, writable: true, configurable: true});
			else if (d.get !== undefined) Object.defineProperty(shown, k, {...d, configurable: true, get: () => d.get.call(this)}); // (`getters: true` reads it)
			else Object.defineProperty(shown, k, {...d, configurable: true});
		}

		return shown;
	}

	#viewsOf () {
		if (this.#time.next !== Infinity) this.#time.fresh();
		if (this.#views === null) {
			const io = {engine: this.#engine, records: this.#records, store: this, time: this.#time, sync: () => this.#sync(), changed: () => this.#q.gen++};
			this.#views = {data: new RecordsView(io), indexes: new IndexesView(io), versions: new VersionsView(io)};
		}

		return this.#views;
	}

	/**
	 * Sends the `index` list to the engine when it, or the delimiter, changed; with `reindex`
	 * (true), every index is built in the same crossing (`reindex()`).
	 */
	#sync (reindex) {
		this.#fields();
		if (this.#engine.sync(this.#index, this.#delimiter, this.sortKeys, reindex === true)) this.#q.gen++;
	}

	/**
	 * A subclass's class fields (`index = ['email']`, `immutable = true`, …) define data
	 * properties over the store's accessors once its constructor has returned, where haro,
	 * which reads such a property at each call, is configured by them. The first write,
	 * `reindex` or `search` after the constructor takes their values through the setters,
	 * the delimiter first (one the store cannot use is refused, nothing changed, until it is
	 * mended), then puts the accessors back where the store lets it (a frozen store keeps its
	 * fields, which hold those values). Once, not at every call: four getter calls a write,
	 * where a store's first load runs its `set` unoptimized.
	 */
	#fields () {
		if (this.#fielded) return;
		const fields = {delimiter: this.delimiter, index: this.index, immutable: this.immutable, versioning: this.versioning};
		const held = {delimiter: this.#delimiter, index: this.#index, immutable: this.#given.immutable, versioning: this.#given.versioning};
		let adopted = false;
		for (const name in fields) { // (the delimiter first)
			if (Object.is(fields[name], held[name])) continue;
			Haro.#own.setters[name].call(this, fields[name]);
			adopted = true;
		}
		if (adopted) Haro.#own.accessors(this);
		this.#fielded = true;
	}

	/** The factory's `batch(data, 'set')`, whose result it drops (lib/bulk.js `load`). */
	[LOAD] (data) {
		this.#many.load(data);
	}

	/** Sets or deletes many records (`type` 'set' or 'del'), calling the hooks as haro does. */
	batch (args, type = 'set') {
		return this.#many.batch(args, type);
	}

	/** Hook: receives the batch before it runs; returns what is processed. */
	beforeBatch (arg, type = '') { // eslint-disable-line no-unused-vars
		return arg;
	}

	/** Hook: before `clear`. */
	beforeClear () {}

	/** Hook: before a record is deleted. */
	beforeDelete (key = '', batch = false) {} // eslint-disable-line no-unused-vars

	/** Hook: before a record is set. */
	beforeSet (key = '', data = {}, batch = false, override = false) {} // eslint-disable-line no-unused-vars

	/** Removes every record and index entry. */
	clear () {
		this.beforeClear();
		// (what is due goes first, with `onexpire`, as before any other write)
		if (this.#time.clock !== null) this.#time.beforeWrite();
		// haro's clear ends with reindex(): while that is haro's own and the index list is the
		// one last sent, the engine builds the empty indexes in the same call.
		const reindexed = own.reindex(this) && this.#engine.synced(this.#index, this.#delimiter, this.sortKeys);
		this.#engine.clear(reindexed);
		this.#time.next = Infinity;
		if (this.#orders !== null) this.#orders.clear();
		this.#records.writes++;
		this.#records.emptied(false);
		if (this.#views !== null) release(this.#views);
		if (reindexed) this.#q.gen++;
		else this.reindex();
		this.onclear();

		return this;
	}

	/** A deep copy of `arg`. */
	clone (arg) {
		try {
			return structuredClone(arg);
		} catch (e) {
			throw new TypeError(`haro-rs: clone() cannot copy ${what(arg)}: ${e.message}`, {cause: e});
		}
	}

	/** Deletes the record `key` (and its versions). */
	delete (key = '', batch = false) {
		this.#sync();
		const time = this.#time;
		if (time.clock !== null) time.beforeWrite();
		const records = this.#records;
		if (own.deletes(this)) {
			const id = isKey(key) ? this.#engine.delete(key, this.#versioning) : NOT_FOUND;
			if (id === NOT_FOUND) throw new Error(HARO.notFound);
			records.writes++;
			records.removed(key, id);

			return;
		}
		// haro's order: beforeDelete, the record goes, ondelete, then its history (haro asks
		// its Map, not `has`, which a subclass may answer otherwise).
		if (!own.original.has.call(this, key)) throw new Error(HARO.notFound);
		this.beforeDelete(key, batch);
		const id = this.#engine.delete(key, false);
		records.writes++;
		records.removed(key, id);
		this.ondelete(key, batch);
		if (this.#versioning) this.#engine.dropVersions(key);
	}

	/** Removes `data` (record `key`) from the indexes. */
	deleteIndex (key, data) {
		// (haro reads `data` under each of its indexes: without a record, it crashes)
		// (the engine asked of each name only where there is no record to read: a crossing a name)
		if ((data === null || data === undefined) && !readable(data, names(this.index).filter(name => this.#engine.hasIndex(String(name))), this.delimiter)) throw argError('deleteIndex', 'a record', data);
		try {
			this.#sync();
			if (isKey(key)) this.#engine.unindexRecord(key, data);

			return this;
		} finally {
			this.#q.gen++;
		}
	}

	/** The records (`[key, record]` pairs) or the indexes, as arrays. */
	dump (type = 'records') {
		if (this.#time.next !== Infinity) this.#time.fresh();

		return type === 'records' ? this.#records.dump() : this.#engine.dumpIndexes(null, this.#records.keysById());
	}

	/** Calls `fn(item, i)` for each item of `arr`; returns `arr`. */
	each (arr = [], fn) {
		if (arr === null) throw argError('each', 'an array', arr);
		const len = arr.length;
		if (len > 0 && typeof fn !== 'function') throw argError('each', 'a function', fn);
		for (let i = 0; i < len; i++) {
			fn(arr[i], i);
		}

		return arr;
	}

	/** An iterator of `[key, record]` pairs. */
	entries () {
		return this.#records.pairs();
	}

	/** Records whose indexed fields equal `where`'s values, by the index on those fields. */
	find (where = {}, raw = false) {
		const q = this.#q;
		if (q.cache === null && !q.warn && this.#time.next === Infinity) return this.#find(where, raw); // (`#direct`, inline: a find is hot)

		return this.#query('find', this.#find, arguments);
	}

	#find (where = {}, raw = false) {
		if (where === null) throw argError('find', 'an object of field values', where);
		// (due records went first: `#direct` found none, `#query` took them out; `#sync` with
		// its check inline: in a find's first thousand calls, before V8 inlines, each call
		// saved is a few percent of its time)
		const cmp = this.sortKeys;
		if (!this.#engine.synced(this.#index, this.#delimiter, cmp) && this.#engine.sync(this.#index, this.#delimiter, cmp)) this.#q.gen++;
		const d = typeof this.#delimiter === 'string' ? this.#delimiter : String(this.#delimiter); // (as the engine has it)
		let fields = Object.keys(where);
		let name = fields[0];
		// One field (not itself holding the delimiter) is its own plan: nothing to sort.
		if (fields.length !== 1 || name.includes(d)) {
			const plan = this.#engine.findPlan(fields, d, this.sortKeys, own.sortKeys(this));
			name = plan[0];
			fields = plan[1];
		}
		// (the cache read here, not through `Records#empty` and `#partial`: two getter calls
		// were a tenth of a find's time in its first thousand calls, before V8 inlines them)
		const cache = this.#records.cache;
		const ids = cache.complete && cache.byKey.size === 0 ? [] : this.#engine.find(name, fields, where, d, !cache.complete);
		let result = ids.length === 0 ? [] : this.#records.resolve(ids, raw);
		if (!raw && this.#records.immutable) result = Object.freeze(result);

		return result;
	}

	/** Records for which `fn(record)` is truthy. */
	filter (fn, raw = false) {
		if (typeof fn !== 'function') throw new Error(HARO.invalidFunction);
		let result = this.reduce((a, v) => {
			if (fn(v)) a.push(v);

			return a;
		}, []);
		if (!raw) {
			result = result.map(i => this.list(i));
			if (this.#records.immutable) result = Object.freeze(result);
		}

		return result;
	}

	/** Calls `fn(record, key)` for every record. */
	forEach (fn, ctx = this) {
		if (typeof fn !== 'function' && this.size > 0) throw argError('forEach', 'a function', fn);
		this.#records.each(fn, ctx);

		return this;
	}

	/** Freezes its arguments and the array of them. */
	freeze (...args) {
		return Object.freeze(args.map(i => Object.freeze(i)));
	}

	/** The record `key` as `[key, record]` (the record alone when `raw`), or null. */
	get (key, raw = false) {
		if (this.#time.next !== Infinity) this.#time.fresh();
		const rec = this.#records.record(key);
		if (rec === undefined) return null;

		return raw ? rec : this.#records.readPair(rec);
	}

	/** Whether a record `key` exists. */
	has (key) {
		if (this.#time.next !== Infinity) this.#time.fresh();

		return this.#records.has(key);
	}

	/** The index keys `data` has for the index `arg` (fields joined by `delimiter`). */
	indexKeys (arg = '', delimiter = '|', data = {}) {
		if (typeof arg?.split !== 'function') throw argError('indexKeys', 'a field name', arg);
		if (typeof delimiter === 'symbol') throw argError('indexKeys', 'a delimiter string', delimiter);
		// (one with its own Symbol.split is used by split as it is, and by a join only)
		if (typeof delimiter?.[Symbol.split] !== 'function') textOf(delimiter, 'indexKeys', 'a delimiter string');
		if (data === null) throw argError('indexKeys', 'a record', data);
		const fields = arg.split(delimiter).sort(this.sortKeys);
		let result = [''];
		for (let i = 0; i < fields.length; i++) {
			const v = readField(data, fields[i]);
			const values = Array.isArray(v) ? v : [v];
			const next = [];
			for (let j = 0; j < result.length; j++) {
				for (let k = 0; k < values.length; k++) next.push(i === 0 ? values[k] : `${result[j]}${delimiter}${values[k]}`);
			}
			result = next;
		}

		return result;
	}

	/** An iterator of every key. */
	keys () {
		if (this.#time.next !== Infinity) this.#time.fresh();

		return this.#records.keyIterator();
	}

	/** At most `max` records from position `offset`. */
	limit (offset = 0, max = 0, raw = false) {
		// haro's `registry.slice(offset, offset + max)`: the sum first, then each bound as slice
		// converts it (ToNumber: a BigInt throws), in that order. The sum's operands are
		// converted one by one, so that the one that fails is named.
		const a = primitiveOf(offset, 'limit');
		const b = primitiveOf(max, 'limit');
		let sum;
		try {
			sum = a + b;
		} catch (e) {
			// (a symbol, or a BigInt beside a number: the symbol is named, `offset`'s first, else the BigInt)
			const first = typeof a === 'symbol' || (typeof b !== 'symbol' && typeof a === 'bigint');
			throw argError('limit', 'a number', first ? offset : max, e);
		}
		const from = numberOf(offset, 'limit');
		const to = numberOf(sum, 'limit');
		if (this.#time.next !== Infinity) this.#time.fresh();
		const records = this.#records;
		// While writes wait to land (lib/engine.js), the cache holds every record, in order.
		const cached = this.#engine.pending && records.cache.complete;
		const len = cached ? records.cache.byKey.size : this.#engine.size();
		const start = bound(from, len);
		const end = bound(to, len);
		let result;
		if (cached) {
			result = records.page(start, end, raw);
		} else {
			const ids = end > start ? this.#engine.ids(start, end) : [];
			result = ids.length === 0 ? [] : records.resolve(ids, raw);
		}
		if (!raw && this.#records.immutable) result = Object.freeze(result);

		return result;
	}

	/** `[key, record]` for a record (frozen when immutable). */
	list (arg) {
		if (arg === null || arg === undefined) throw argError('list', 'a record', arg);
		const result = [arg[this.key], arg];

		return this.#records.immutable ? this.freeze(...result) : result;
	}

	/** `fn(record, key)` for every record. */
	map (fn, raw = false) {
		if (typeof fn !== 'function') throw new Error(HARO.invalidFunction);
		let result = [];
		this.forEach((value, key) => result.push(fn(value, key)));
		if (!raw) {
			// (a callback's answer that is no record: `map`'s error, where haro's list crashes on it)
			const named = own.list(this);
			result = result.map(i => {
				if (named && (i === null || i === undefined)) throw argError('map', 'a callback that answers records', i);

				return this.list(i);
			});
			if (this.#records.immutable) result = Object.freeze(result);
		}

		return result;
	}

	/** Whether `record` matches `predicate` (every field; `op` '&&': every value of a list). */
	matchesPredicate (record, predicate, op) {
		if (predicate === null || predicate === undefined) throw argError('matchesPredicate', 'an object of field values', predicate);
		const keys = Object.keys(predicate);
		if ((record === null || record === undefined) && keys.length > 0) throw argError('matchesPredicate', 'a record', record);

		return keys.every(key => {
			const pred = predicate[key];
			const val = readField(record, key);
			if (Array.isArray(pred)) {
				if (Array.isArray(val)) return op === '&&' ? pred.every(p => val.includes(p)) : pred.some(p => val.includes(p));

				return op === '&&' ? pred.every(p => val === p) : pred.some(p => val === p);
			} else if (pred instanceof RegExp) {
				if (Array.isArray(val)) return op === '&&' ? val.every(v => pred.test(v)) : val.some(v => pred.test(v));

				return pred.test(val);
			} else if (Array.isArray(val)) {
				return val.includes(pred);
			}

			return val === pred;
		});
	}

	/** `b` merged into `a` (arrays concatenated, or replaced with `override`). */
	merge (a, b, override = false) {
		if (Array.isArray(a) && Array.isArray(b)) {
			a = override ? b : a.concat(b);
		} else if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
			this.each(Object.keys(b), i => {
				if (i === '__proto__') return; // never write through to a prototype
				a[i] = this.merge(a[i], b[i], override);
			});
		} else {
			a = b;
		}

		return a;
	}

	/** Hook: after a batch; returns the batch's result. */
	onbatch (arg, type = '') { // eslint-disable-line no-unused-vars
		return arg;
	}

	/** Hook: after `clear`. */
	onclear () {}

	/** Hook: after a record is deleted. */
	ondelete (key = '', batch = false) {} // eslint-disable-line no-unused-vars

	/** Hook: after `override`. */
	onoverride (type = '') {} // eslint-disable-line no-unused-vars

	/** Hook: after a record is set. */
	onset (arg = {}, batch = false) {} // eslint-disable-line no-unused-vars

	/** Replaces every record (`type` 'records': `[key, record]` pairs) or every index. */
	override (data, type = 'records') {
		try {
			this.#fields();
			if (type === 'indexes') {
				if (!Array.isArray(data)) throw argError('override', 'an array of [name, [[value, keys]…]] entries', data);
				if (Object.isFrozen(this)) frozenOverride(this, data, type);
				this.#engine.overrideIndexes(data, () => this.#records.idsByKey());
			} else if (type === 'records') {
				if (Object.isFrozen(this)) frozenOverride(this, data, type);
				this.#many.override(data ?? []);
			} else {
				throw new Error(HARO.invalidType);
			}
			if (this.#views !== null) release(this.#views);
			this.onoverride(type);

			return true;
		} finally {
			this.#q.gen++;
		}
	}

	/** `fn(accumulator, record, key, store)` over every record. */
	reduce (fn, accumulator = []) {
		if (typeof fn !== 'function' && this.size > 0) throw argError('reduce', 'a function', fn);
		let a = accumulator;
		const records = this.#records;
		if (own.forEach(this) && records.held()) return reduceHeld(this, records, fn, a);
		this.forEach((v, k) => {
			a = fn(a, v, k, this);
		}, this);

		return a;
	}

	/** Rebuilds every index, or adds and builds `index`. */
	reindex (index) {
		let joined = false;
		try {
			if (index) checkName(index, 'reindex'); // (before it joins the list)
			this.#fields(); // (before the list is read)
			if (index && this.#index.includes(index) === false) {
				this.#index.push(index);
				joined = true;
			}
			this.#sync(!index); // (a list sent now has every index built with it: `reindex` finds it done)
			this.#engine.reindex(index, this.#delimiter, this.sortKeys);

			return this;
		} catch (e) {
			// A name that fails on its way (its string form throws the second time it is asked)
			// leaves the list as it was: the next call sends it again without the name.
			if (joined && this.#index.at(-1) === index) this.#index.pop();
			throw e;
		} finally {
			this.#q.gen++;
		}
	}

	/** Records whose index keys equal `value` (or pass it: a function or RegExp), in `index`. */
	search (value, index, raw = false) {
		if (this.#direct()) return this.#search(value, index, raw);

		return this.#query('search', this.#search, arguments);
	}

	#search (value, index, raw = false) {
		const fn = typeof value === 'function';
		const rgex = value && typeof value.test === 'function';
		if (!value) return this.#records.immutable ? this.freeze() : [];
		if (this.#time.next !== Infinity) this.#time.fresh();
		this.#sync();
		const indices = index ? Array.isArray(index) ? index : [index] : this.#index;
		let ids;
		// An empty store (a cleared one) finds nothing: no crossing, whose first calls after a
		// while cost microseconds each (bench `clear`: four searches after the clear).
		if (this.#records.empty) {
			ids = [];
		} else if (fn || rgex) {
			// (what the query cache reads to know nothing changed: record writes, and index changes)
			const writes = this.#records.writes;
			const gen = this.#q.gen;
			const walked = []; // [name, the positions of the keys matched, the keys walked]
			for (const i of indices) {
				const name = this.#engine.lookupName(i);
				const lkeys = name === null ? null : this.#engine.indexKeysKept(name);
				if (lkeys === null) continue;
				const matched = [];
				for (let j = 0; j < lkeys.length; j++) {
					const lkey = lkeys[j];
					if (fn ? value(lkey, i) : value.test(Array.isArray(lkey) ? lkey.join(',') : lkey)) matched.push(j);
				}
				if (matched.length !== 0) walked.push([name, matched, lkeys]);
			}
			// A callback that wrote the store (or reindexed it) moved the keys the positions
			// name: each key matched is looked up by its value, as the store holds it now.
			if (this.#records.writes !== writes || this.#q.gen !== gen) return this.#searchMoved(walked, raw);
			ids = [];
			let found = null; // the ids of a second index's keys too, each once, in haro's order
			for (const [name, matched] of walked) {
				const got = this.#engine.indexIds(name, matched, true); // (each once)
				if (ids.length === 0) {
					ids = got;
				} else {
					found ??= new Set(ids);
					for (const id of got) found.add(id);
				}
			}
			if (found !== null) ids = Array.from(found);
		} else {
			// (haro looks each name up in its indexes Map: `1` is not the index `'1'`)
			const names = [];
			for (const i of indices) {
				const name = this.#engine.lookupName(i);
				if (name !== null) names.push(name);
			}
			ids = names.length === 0 ? [] : this.#engine.search(names, value, this.#records.partial);
		}
		let records = ids.length === 0 ? [] : this.#records.resolve(ids, raw);
		if (!raw && this.#records.immutable) records = Object.freeze(records);

		return records;
	}

	/**
	 * `search` by a function or RegExp whose calls wrote the store: the records now under each
	 * index key matched (`walked`), each once, as `get` reads them (haro reads each key's
	 * records as it meets the key, then gets them: a record deleted after its key matched is a
	 * `null` there, and is left out here).
	 */
	#searchMoved (walked, raw) {
		const keys = new Set();
		for (const [name, matched, lkeys] of walked) {
			for (const j of matched) {
				for (const k of this.#engine.indexLookup(name, lkeys[j]) ?? []) keys.add(k);
			}
		}
		const records = Array.from(keys, k => this.get(k, raw)).filter(r => r !== null); // (one due meanwhile is gone)

		return !raw && this.#records.immutable ? Object.freeze(records) : records;
	}

	/** Sets record `key` (made from `data`'s key field, or a uuid, when null); returns `[key, record]`. */
	set (key = null, data = {}, batch = false, override = false) {
		checkRecord(data);
		const field = this.key; // (read once: checked, then used)
		checkKeyField(field, 'set');
		if (key === null) key = data[field] ?? this.uuid();
		checkKey(key);
		let x = {...data, [field]: key};
		this.beforeSet(key, x, batch, override);
		this.#sync();
		const time = this.#time;
		const now = time.clock === null ? 0 : time.beforeWrite();
		let replace = Boolean(override);
		if (!override && !own.merge(this) && own.original.has.call(this, key)) {
			x = this.merge(this.clone(this.get(key, true)), x);
			replace = true;
		}
		const records = this.#records;
		const fresh = records.deferrable() && !records.cache.byKey.has(key);
		if (fresh || records.waits(key)) {
			// A new record of a store without indexes, or one whose record waits to land (merged
			// where it waits: lib/merge.js): checked now, sent with the next call that needs the
			// engine (lib/engine.js, deferred writes). A getter the check runs may write the
			// store, this key too: then the record goes to the engine, after it.
			const writes = records.writes;
			this.#engine.check(x);
			const pair = records.writes !== writes ? null : fresh ? records.deferred(key, x) : records.requeue(key, x, replace);
			if (pair !== null) {
				records.writes++;
				this.onset(pair, batch);

				return pair;
			}
		}
		const r = this.#engine.set(key, x, replace);
		records.writes++;
		let result;
		if (typeof r === 'number') {
			result = records.written(r, key, x);
			if (time.clock !== null) time.stamp(r, x, now);
		} else {
			result = records.written(r[0], key, r[1]); // the engine merged: r = [id, merged record]
			if (time.clock !== null) time.stamp(r[0], r[1], now);
		}
		this.onset(result, batch);

		return result;
	}

	/** Adds `data` (record `key`) to the indexes (`indice`: one index only). */
	setIndex (key, data, indice) {
		// haro indexes under every index name for `null` only, and reads `data` under each name
		// it indexes: an omitted name, or no record where one is read, crashes it (README,
		// difference 13), after it added an empty index by that name
		if (indice === undefined) throw argError('setIndex', 'an index name, or null for every index', indice);
		if (indice !== null) textOf(indice, 'setIndex', 'an index name');
		if (!readable(data, indice === null ? names(this.index) : [indice], this.delimiter)) throw argError('setIndex', 'a record', data);
		try {
			this.#sync();
			if (isKey(key)) this.#engine.indexRecord(key, data, indice, this.#delimiter, this.sortKeys);

			return this;
		} finally {
			this.#q.gen++;
		}
	}

	/** Every record, sorted by `fn` (and frozen, with `frozen`). */
	sort (fn, frozen = false) {
		if (fn !== undefined && typeof fn !== 'function') throw argError('sort', 'a comparison function', fn);
		let result = this.limit(0, this.size, true).sort(fn);
		if (frozen) {
			result = this.freeze(...result);
			// haro freezes its stored objects: they stay frozen until a write replaces them.
			if (!this.#records.immutable) this.#records.freezeAll();
		}

		return result;
	}

	/** haro's comparison of index keys. */
	sortKeys (a, b) {
		if (typeof a === 'string' && typeof b === 'string') return localeOrder(a, b);
		if (typeof a === 'number' && typeof b === 'number') return a - b;

		return localeOrder(textOf(a, 'sortKeys', 'values with a string form'), textOf(b, 'sortKeys', 'values with a string form'));
	}

	/** Every record, ordered by the index on `index`. */
	sortBy (index = '', raw = false) {
		if (index === '') throw new Error(HARO.invalidField);
		if (this.#time.next !== Infinity) this.#time.fresh();
		const name = textOf(index, 'sortBy', 'an index name');
		this.#sync();
		if (!this.#engine.hasIndex(name)) this.reindex(index);
		const order = this.#keyOrder();
		const ownSort = own.sortKeys(this);
		let ids = ownSort ? this.#engine.sortedIds(name) : null;
		// Keys that are not all numbers: the order `range` keeps, which follows writes
		// without sorting again (lib/range.js).
		if (ids === null && ownSort) ids = rangeIds(this.#engine, name, WHOLE, this.sortKeys, true, this.#orders ??= new Map());
		if (ids === null) ids = sortedBy(this.#engine, name, order); // a custom sortKeys
		let result = ids.length === 0 ? [] : this.#records.resolve(ids, raw);
		if (this.#records.immutable) result = Object.freeze(result);

		return result;
	}

	/**
	 * How index keys are compared: with `sortKeys`, or, where the instance holds `undefined`
	 * there, in `Array#sort`'s own order (haro sorts with `keys.sort(this.sortKeys)`); anything
	 * else throws the TypeError that sort throws. What was sorted before with another
	 * `sortKeys` (one given to the instance, or taken from it, since) is forgotten first:
	 * haro sorts with the comparator of the call.
	 */
	#keyOrder () {
		const fn = this.sortKeys;
		if (fn !== this.#sortFn) {
			if (this.#sortFn !== null) {
				this.#orders?.clear();
				this.#engine.forgetSortOrders();
			}
			this.#sortFn = fn;
		}
		if (fn === undefined) return byText;
		[].sort(fn); // (not a function: sort's own TypeError)

		return (a, b) => fn.call(this, a, b);
	}

	/** Every record, as an array. */
	toArray () {
		const result = this.#records.array();
		if (this.#records.immutable) {
			this.each(result, i => Object.freeze(i));
			Object.freeze(result);
		}

		return result;
	}

	/** A new random key. */
	uuid () {
		return randomUUID();
	}

	/** An iterator of every record. */
	values () {
		return this.#records.valueIterator();
	}

	/** Records matching `predicate` on indexed fields (`op` '||' or '&&' for lists). */
	where (predicate = {}, op = '||') {
		if (this.#direct()) return this.#where(predicate, op);

		return this.#query('where', this.#where, arguments);
	}

	#where (predicate = {}, op = '||') {
		// (the list as haro reads it, through `index`: one that is no array fails on its `filter`, as haro's)
		if ((predicate === null || (typeof predicate !== 'object' && typeof predicate !== 'function')) && Array.isArray(this.index) && this.index.length > 0) {
			throw argError('where', 'an object of field values', predicate);
		}
		const keys = this.index.filter(i => i in predicate); // (written so: V8's error names \`this.index.filter\`, as haro's)
		if (keys.length === 0) return [];
		if (this.#time.next !== Infinity) this.#time.fresh();
		this.#sync();
		const records = this.#records;
		// haro looks each indexed field's value up in its index and keeps what every lookup
		// found: a RegExp (or a list of nothing else) is no index key, so nothing is found.
		for (let i = 0; i < keys.length; i++) {
			if (noIndexKey(predicate[keys[i]]) && this.#engine.hasIndex(String(keys[i]))) return records.immutable ? Object.freeze([]) : [];
		}
		// haro looks up the fields `in` the predicate and matches on its own keys: a field it
		// inherits, or a function's, crosses as an own one and the match is made here.
		const plain = ownFields(predicate, keys);
		const inJs = !plain || !own.matchesPredicate(this) || matchedInJs(predicate);
		// (a list with holes is looked up as haro looks it up, and matched here: its some and every skip them)
		const lookup = plain && !inJs ? predicate : Object.fromEntries(keys.map(k => [k, dense(lookupValue(predicate, k))]));
		const ids = this.#engine.whereIds(keys.map(String), lookup, op === '&&', !inJs);
		if (ids === null) {
			if (inJs || !own.scan(this)) return this.filter(a => this.matchesPredicate(a, predicate, op));
			const found = this.#engine.scanWhere(predicate, op === '&&');
			if (!records.immutable) return found.length === 0 ? [] : records.resolve(found, false);

			// haro's scan goes through filter, which hands out frozen copies and leaves the
			// stored records as they are.
			return Object.freeze(found.length === 0 ? [] : records.copiesOf(found).map(r => this.list(r)));
		}
		let recs = ids.length === 0 ? [] : records.records(ids);
		if (inJs) recs = recs.filter(r => this.matchesPredicate(r, predicate, op));
		return records.immutable ? Object.freeze(records.handOut(recs, false)) : recs;
	}

	// ---- haro 17's capabilities, under names haro 16 does not use ----------------------
	// setMany/deleteMany, isBatching, the query cache and full-scan warnings. haro 17 broke
	// haro 16's API; these keep 16's return shapes and hooks (README, "From haro 17").

	/** True inside `batch`, `setMany` and `deleteMany` (hooks called from them see it too). */
	get isBatching () {
		return #many in this && this.#many.batching; // read on the prototype too, by reflection
	}

	/** Whether `find` and `where` warn when no index serves them. */
	get warnOnFullScan () {
		return #q in this && this.#q.warn;
	}

	set warnOnFullScan (v) {
		this.#q.warn = Boolean(v);
	}

	/** `batch(records, 'set')` in one engine call, all or nothing. */
	setMany (records) {
		return this.#many.setMany(records);
	}

	/** `batch(keys, 'del')` in one engine call, all or nothing (histories go with the records). */
	deleteMany (keys) {
		return this.#many.deleteMany(keys);
	}

	/** The query cache's counters, or null without `cache: true`. */
	getCacheStats () {
		const c = this.#queries();

		return c === null ? null : {...c.stats};
	}

	/** Empties the query cache; returns the store. */
	clearCache () {
		this.#queries()?.clear();

		return this;
	}

	/** How many query results are cached (0 without `cache: true`). */
	getCacheSize () {
		return this.#queries()?.map.size ?? 0;
	}

	#queries () {
		if (this.#q.cache !== null) this.#sync(); // an `index` list changed in place shows here

		return this.#q.current();
	}

	/** Whether a query runs as it is: no query cache, no full-scan warning, nothing due. */
	#direct () {
		const q = this.#q;

		return q.cache === null && !q.warn && this.#time.next === Infinity;
	}

	/** `run` (haro's find, where or search) through the query cache and the full-scan check. */
	#query (name, run, args) {
		// Expired records go first: a cached result must not outlive them (a tick counts a write).
		if (this.#time.next !== Infinity) this.#time.fresh();
		const q = this.#q;
		if (q.cache === null && !q.warn) return run.apply(this, args);

		return q.run(this, this.#engine, name, run, args, () => this.#sync());
	}

	// ---- haro-rs additions (names haro does not use) ------------------------------------

	/** haro-rs: called with the keys of records that expired, when they are taken out. */
	onexpire (keys = []) {} // eslint-disable-line no-unused-vars

	/** haro-rs: takes out every expired record now; returns their keys. */
	purgeExpired () {
		return this.#time.clock === null ? [] : this.#time.tick(this.#time.clock());
	}

	/** haro-rs: records of an indexed field within bounds, in `sortBy` order (lib/range.js). */
	range (field, bounds = {}, options = {}) {
		const q = rangeQuery(bounds, options);
		if (this.#time.next !== Infinity) this.#time.fresh();
		this.#sync();
		const name = String(field);
		if (!this.#engine.hasIndex(name)) {
			throw new Error(`haro-rs: range needs an index on ${JSON.stringify(name)} (list it in \`index\`, or call reindex(${JSON.stringify(name)}))`);
		}
		const ids = rangeIds(this.#engine, name, q, this.#keyOrder(), own.sortKeys(this), this.#orders ??= new Map());
		let result = ids.length === 0 ? [] : this.#records.resolve(ids, q.raw);
		if (!q.raw && this.#records.immutable) result = Object.freeze(result);

		return result;
	}

	/** haro-rs: writes the store to `path` atomically (lib/snapshot.js). */
	save (path) {
		snapshot.save(this.#engine, path, this, this.#time);

		return this;
	}

	/** haro-rs: the same off the main thread; captures the store as it is at the call. */
	async saveAsync (path) {
		await snapshot.saveAsync(this.#engine, path, this, this.#time);

		return this;
	}

	/** haro-rs: an instance of this class holding the snapshot at `path`. */
	static load (path, config) {
		return snapshot.load(this, path, config, (s, pending) => s.#loaded(s.#engine.snapshotLoad(pending)), s => s.#time);
	}

	static loadAsync (path, config) {
		return snapshot.loadAsync(this, path, config, async (s, pending) => s.#loaded(await s.#engine.snapshotLoadAsync(pending)), s => s.#time);
	}

	/** After the engine replaced this (new, empty) store's contents. */
	#loaded () {
		this.#records.loaded();
		this.#q.gen++;
		// Due times came with the records: what fell due while the file lay on disk goes now
		// (with onexpire, as on any read), and `time.next` learns the earliest of the rest.
		if (this.#time.clock !== null) this.#time.tick(this.#time.clock());
	}

	/** haro-rs: what the store holds and how its caches fare: see HaroStats in index.d.ts. */
	stats () {
		if (this.#time.next !== Infinity) this.#time.fresh(); // (due records go first, as for every read)
		const held = this.#engine.stats();
		const c = this.#records.cache;
		const q = this.#queries();

		return {
			...held,
			recordCache: {size: c.byKey.size, capacity: c.capacity, hits: c.hits, misses: c.misses},
			queryCache: q === null ? null : {...q.stats, size: q.map.size}
		};
	}
}

own.base(Haro.prototype);

/** A new store, filled with `data` (an array of records). */
function haro (data = null, config = {}) {
	const obj = new Haro(config);
	if (Array.isArray(data)) obj[LOAD](data);

	return obj;
}

module.exports = {Haro, haro};

require('./lib/warm.js').warm(Haro);
