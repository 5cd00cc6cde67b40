'use strict';
// Everything about materialized records: the cache of records the engine handed out, the
// write generation (`writes`), the iteration snapshot, the key list and key set, and which
// records haro would hold frozen. It reads records through the Engine (lib/engine.js) and
// never through the binding; the facade (index.js) tells it about every write.
//
// The cache: materialized records, so that a read does not rebuild an object the engine already
// handed out, found by key (get, has) or by engine id (query results). Bounded by `capacity`.
//
// While the store fits (`complete`), every record written is kept too, so the cache holds
// every record and a store that fits reads as fast as haro's; `has` and `get` misses are
// answered without a crossing. When a write would pass `capacity`, the cache is emptied and
// the store lives off the V8 heap from then on: reads fill the cache (the oldest eighth is
// evicted when full; a record a query reads at its second read), writes only refresh what is in it.

/** A write waiting in the engine's queue (lib/engine.js `defer`), or a record given to `override`. */
class Entry {
	constructor (id, key, rec) {
		this.id = id; // the engine's; -1 while its write waits to land, -2 if deleted meanwhile (lib/engine.js)
		this.key = key === 0 ? 0 : key; // -0 as 0, as a Map holds it (the queue's Map of its items by key)
		this.rec = rec;
	}
}

class RecordCache {
	constructor (capacity) {
		this.capacity = capacity;
		// Each cached record by key; while `complete`, every record in the store's order (a Map
		// keeps a re-set key in place, as the engine does): haro's own Map, whose iterators
		// `values()` and `entries()` hand out, live, with nothing built first.
		this.byKey = new Map();
		// The cached records by engine id, and their keys (ids are dense slots: arrays find them
		// fastest). A record whose write waits in the engine's queue has none until it lands.
		// While `complete` (no key → id map), a removal frees its record's slot by the id the
		// engine answers (`delete`, `deleteMany`, expiry): a slot never holds a record gone.
		this.recById = [];
		this.keyById = [];
		this.complete = capacity > 0; // holds every record of the store
		// Past `complete`, each cached key's id, so that evicting or dropping it frees its slot.
		this.idOf = this.complete ? null : new Map();
		// Reads of a record the cache answered, and reads it could not answer (store.stats()).
		this.hits = 0;
		this.misses = 0;
	}

	/**
	 * Whether a record a query read from the engine in a store past the cache (engine id `id`)
	 * goes into it: one read a second time while `#seen` remembers its first read
	 * (`Records#admit`). An admitted record lives on, so each one read once (finds
	 * over a store past the cache, each for another record) was promoted to V8's old space
	 * and collected there: `bench/find-stream.mjs`, Node 24, 4.68 µs a find against 3.49
	 * admitting none (haro 2.82–2.88).
	 */
	admits (id) {
		if (this.capacity <= 0 || id < 0) return this.capacity > 0;
		// (ids are dense slots: a multiplicative hash spreads runs of them over the table)
		if (this.#seen === null) {
			const bits = Math.min(17, Math.max(10, Math.ceil(Math.log2(this.capacity))));
			this.#seen = new Uint32Array(2 ** bits);
			this.#shift = 32 - bits;
		}
		const seen = this.#seen;
		const slot = Math.imul(id, 0x9E3779B1) >>> this.#shift;
		if (seen[slot] === id + 1) {
			seen[slot] = 0;

			return true;
		}
		seen[slot] = id + 1; // (a collision forgets the other id: it is read once more before it is kept)

		return false;
	}

	// Ids read once past the cache and not admitted (`admits`), one per slot, as id + 1.
	#seen = null;
	#shift = 0;

	/** Caches record `key` (engine id `id`, known). */
	put (id, key, rec) {
		if (this.capacity <= 0) return;
		if (key === 0) key = 0; // (-0: as the Map holds it)
		const idOf = this.idOf;
		if (idOf !== null) {
			const old = idOf.get(key);
			if (old !== undefined && old !== id) this.#free(old);
			idOf.set(key, id);
		}
		this.byKey.set(key, rec);
		this.#slot(id, key, rec);
		// (a cache that holds every record never passes capacity: a write that would empties it first)
		if (idOf !== null && this.byKey.size > this.capacity) this.#evict();
	}

	#slot (id, key, rec) {
		this.recById[id] = rec;
		this.keyById[id] = key;
	}

	/** Caches record `key` whose write waits in the engine's queue: a new key, within capacity. */
	add (key, rec) {
		this.byKey.set(key, rec);
	}

	/** Record `key` landed with engine id `id`: its slot, if it is still the cached record. */
	landed (id, key, rec) {
		if (this.byKey.get(key) !== rec) return false;
		this.#slot(id, key, rec);
		if (this.idOf !== null) this.idOf.set(key, id);

		return true;
	}

	// Drops the oldest eighth in one pass. Evicting one entry per insert would restart a
	// Map iterator each time, and V8 walks every deleted slot again on each restart.
	#evict () {
		let n = this.byKey.size - Math.floor(this.capacity * 7 / 8);
		for (const [key, id] of this.idOf) {
			if (n-- <= 0) break;
			this.byKey.delete(key);
			this.idOf.delete(key);
			this.#free(id);
		}
	}

	#free (id) {
		this.#slot(id, undefined, undefined);
	}

	/**
	 * Record `key` is gone; `pairKey`: its key field, which its frozen pair is kept by (`pairs`);
	 * `id`: the engine id it had, or `DROPPED` (lib/engine.js: it never landed, so it has no slot).
	 */
	drop (key, pairKey, id) {
		if (!this.byKey.delete(key)) return;
		this.#pairs?.delete(pairKey);
		const idOf = this.idOf;
		if (idOf !== null) {
			const at = idOf.get(key);
			if (at !== undefined) {
				idOf.delete(key);
				this.#free(at);
			}
		} else if (id >= 0) {
			// (the slot of the id the engine answered holds this record or none: freed by id
			// alone, as a comparison of keys misses a NaN key, which would leave its slot behind)
			this.#free(id);
		}
	}

	/** The frozen pairs handed out, by their key (`Records#readPair`), while the cache holds every record, else null. */
	pairs () {
		return this.complete ? this.#pairs ??= new Map() : null;
	}

	#pairs = null;

	/** Whether frozen pairs are kept (`pairs`). */
	get keepsPairs () {
		return this.#pairs !== null;
	}

	/** Record `id` (a live id of the engine), or undefined: not cached. */
	record (id) {
		return this.recById[id];
	}

	/**
	 * Empties the cache; `complete` says whether the store is empty too. An iterator of the
	 * cache's Map goes on over the records it had (a new Map), as haro's over the Map its
	 * override replaced; `emptied` (the store is cleared): it ends, as over haro's cleared Map.
	 */
	clear (complete = false, emptied = false) {
		if (emptied) this.byKey.clear();
		else this.byKey = new Map();
		this.recById = [];
		this.keyById = [];
		this.complete = complete && this.capacity > 0;
		this.idOf = this.complete ? null : new Map();
		this.#pairs = null;
		this.#seen = null;
	}
}

const {copy, fits} = require('./codec.js');
const {merge, FAIL} = require('./merge.js');
const {Found, READ_CHUNK} = require('./engine.js');
const {isKey} = require('./errors.js');

// What a full pass built past the record cache is kept weakly for the next pass. A WeakRef
// holds its target until the task that made it ends (V8 clears them after the microtask
// checkpoint), so a loop of write-then-pass within one task would keep a copy per pass:
// what is made weak within one task is bounded to this many records, across all stores.
// The count starts again on the next turn of the event loop (not on a microtask: a loop of
// `await`s runs in one checkpoint, and nothing it kept is released before its end).
const TASK_KEEP = 2 ** 20;
// A pass that hands out again most of what the pass before it decoded (`shared`) adds only its
// arrays and the records it decoded; those may go on past TASK_KEEP up to this, so that a loop
// of write-then-pass over a big store reuses more than once a task.
const LENT_KEEP = TASK_KEEP * 2;
let keptInTask = 0;
const newTask = () => {
	keptInTask = 0;
};

/** Whether this task may still keep `n` records' worth weakly (`lent`: of a pass that shares). */
function mayKeep (n, lent = false) {
	return keptInTask + n <= (lent ? LENT_KEEP : TASK_KEEP);
}

/** A WeakRef to `target` (`n` records' worth), or null once this task has kept its share. */
function keepWeakly (target, n, lent = false) {
	if (!mayKeep(n, lent)) return null;
	if (keptInTask === 0) setImmediate(newTask).unref();
	keptInTask += n;

	return new WeakRef(target);
}

/** What is kept weakly, with the `writes` it is current for: a stale one is dropped unread. */
class Weak {
	constructor (writes, target, n, lent = false) {
		this.writes = writes;
		this.ref = keepWeakly(target, n, lent);
	}
}

/** `kept` (or what its `Weak` holds), if it is current for `writes` and not collected; else null. */
function current (kept, writes) {
	if (kept === null || kept.writes !== writes) return null;

	return kept instanceof Weak ? kept.ref.deref() ?? null : kept;
}

// Dumps of records this process handed out (`dump`), by array: {from: a WeakRef to the
// Records that made it, writes: its write count then, gen: its engine's generation then
// (-1: writes were queued), all: the keys and records the pairs were made of (`All`), which
// never change}. Weak both ways: a dump keeps neither its store nor anything else alive.
const dumps = new WeakMap();
const arrayValues = Array.prototype[Symbol.iterator];

// What the iterators of arrays and Maps inherit (on Node 22 and later, the iterator helpers).
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

// Whether a first pass may hand out another kind of iterator than the Map's that later passes
// get (`#passMap`). Node 20's V8 (11.3) then compiled a warm loop over `values()` to walk the
// Map 4x slower in 2 processes of 3 (10k records: 84 µs against 20; the Map on every pass: 20
// in 5 of 5); Node 22 and 24 did not (4 processes each).
const CHEAP_FIRST_PASS = Number(process.versions.v8.split('.')[0]) >= 12;

/**
 * Every record of a store in order (`keys[i]`, `recs[i]`), as one walk over it found them, and
 * their engine ids (`ids`, or null: not known). `keys` is null in a snapshot `array` made until
 * `#all` hands it out.
 */
class All {
	constructor (keys, recs, ids, stamps = null) {
		this.keys = keys;
		this.recs = recs;
		this.ids = ids;
		// Past the cache: the engine's write stamps of `ids`, then their epoch (`unwritten`).
		this.stamps = stamps;
		this.at = null; // (`positions(ids)`, once a later pass asks)
	}
}

/** The largest of engine ids `ids` (-1: none), which size arrays indexed by id. */
function maxId (ids) {
	let max = -1;
	for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];

	return max;
}

/** Each id's place in `ids` (-1: none), as an array indexed by id. */
function positions (ids) {
	const at = new Int32Array(maxId(ids) + 1).fill(-1);
	for (let i = 0; i < ids.length; i++) at[ids[i]] = i;

	return at;
}

/**
 * Where `id`, whose write stamp is now `stamp`, was in an earlier pass `before` (`{ids,
 * stamps, at}`) with the record unwritten since; else -1. A record's stamp moves whenever the
 * engine sets its text (crates/haro-core/src/store/stamps.rs): what that pass decoded of it is
 * what a decode now would give.
 */
function unwritten (before, id, stamp) {
	const at = before.at ??= positions(before.ids);
	const p = id < at.length ? at[id] : -1;

	return p !== -1 && before.stamps[p] === stamp ? p : -1;
}

/**
 * What a pass of `n` records that decoded `fresh` of them, the rest shared with the pass
 * before it, counts against `TASK_KEEP`: its new records, and its arrays (ids, stamps, keys,
 * records, and the places and records by id built from them: ~36 bytes a record, counted as
 * half a record, about what the smallest record decoded takes, `{id, n}`: ~90 bytes).
 */
function shared (fresh, n) {
	return fresh + Math.ceil(n / 2);
}

/** `before` (an earlier pass's `{stamps}`), if its stamps are of the epoch `stamps` are of; else null. */
function sameEpoch (before, stamps) {
	const b = before?.stamps;

	return b != null && b[b.length - 1] === stamps[stamps.length - 1] ? before : null;
}

/**
 * Record `p` of an earlier pass `before` (`unwritten`), and its key (`lentKey`): an `All`
 * holds them in arrays, a pass of `each` in its slices (undefined: the GC took that slice).
 */
let lentKey;
function lent (before, p) {
	if (before instanceof All) {
		lentKey = before.keys[p];

		return before.recs[p];
	}
	const flat = before.chunks[Math.floor(p / READ_CHUNK)]?.deref();
	if (flat === undefined) return undefined;
	const q = 3 * (p % READ_CHUNK);
	lentKey = flat[q + 1];

	return flat[q + 2];
}

/** `[key, record]` pairs of an `All`, each made as the iteration asks for it, as a Map's iterator makes them. */
class PairIterator {
	#all;
	#i = 0;

	constructor (all) {
		this.#all = all;
	}

	next () {
		const i = this.#i;
		const {keys, recs} = this.#all;
		if (i >= keys.length) return {value: undefined, done: true};
		this.#i = i + 1;

		return {value: [keys[i], recs[i]], done: false};
	}
}
Object.setPrototypeOf(PairIterator.prototype, IteratorPrototype);

class Records {
	// Mutable mode: keys whose stored record haro would hold frozen (given frozen to
	// `override`, frozen by `sort(fn, true)`, written while immutable), until a write
	// replaces it. Kept by key, so a record re-read after leaving the cache is frozen too.
	// Immutable mode freezes every record handed out, so it needs none.
	frozen = null;
	// Every record in order, as last materialized, kept while no write happened since
	// (`writes` counts them): repeated full iterations then cost what iterating a Map costs.
	// Held strongly while it fits the cache, else weakly (a WeakRef): the GC may take it,
	// and the next pass decodes again. The key list likewise.
	writes = 0;
	#snapshot = null;
	#keyList = null;
	// Every key, kept in step with writes, so `has` and a `get` miss answer without a
	// crossing. Built once `has` has crossed often enough to pay for it (a quarter of the
	// store's size); held strongly while the store fits the record cache, else weakly
	// (`#keyRef`; `#keySet` then holds it only until the task that used it ends, which a
	// WeakRef does anyway): once the GC takes it, `has` crosses again until it is built anew.
	#keySet = null;
	#keyRef = null;
	// The records the last full pass past the cache decoded (`each`), weakly held.
	#pass = null;
	// The last snapshot `#all` made past the cache (a WeakRef), kept after writes: the next
	// one hands out again what it decoded of records the engine has not written since.
	#passed = null;
	#misses = 0; // (what the last `#decoded` read from the engine)
	#hasCalls = 0;
	overrides = 0; // `replaced` calls: what a pass whose callback overrides the store hands out (`rest`)
	#hasNext = 64;
	// What `#fits` found past a complete cache, and the `writes` it found it at.
	#fitsThen = false;
	#sizedAt = -1;

	/** `store.key` names the key field; `time` (lib/expiry.js) takes out due records before a read. */
	constructor (engine, store, capacity, immutable, time) {
		this.engine = engine;
		this.store = store;
		this.cache = new RecordCache(capacity);
		this.immutable = immutable;
		this.time = time;
		engine.landed = (entries, ids) => this.#landed(entries, ids);
	}

	/**
	 * Whether writes of `n` new records may wait in the engine's queue (lib/engine.js
	 * `defer`): the cache holds every record and has room for them, so it answers every
	 * read meanwhile; no expiry (a due time needs the engine's id).
	 */
	deferrable (n = 1) {
		const cache = this.cache;

		return cache.complete && cache.byKey.size + n <= cache.capacity && this.time.clock === null && this.engine.deferrable();
	}

	/** The pair for a new record `key` (no such key in the store, checked) whose write is deferred. */
	deferred (key, rec) {
		if (this.frozen !== null) this.frozen.delete(key);
		this.#keys()?.add(key);
		this.engine.defer(new Entry(-1, key, rec));
		this.cache.add(key, rec); // a new key, within capacity (`deferrable`)

		return this.pair(rec);
	}

	/** Whether a write of record `key` may wait in the engine's queue in its place (`requeue`). */
	waits (key) {
		return this.cache.complete && this.time.clock === null && this.engine.waits(key);
	}

	/**
	 * `set` of record `key`, which waits in the engine's queue (`waits`), with `x` (checked):
	 * `x` merged into a copy of the queued record as the engine would merge them (lib/merge.js),
	 * or `x` itself (`replace`), waits in its place. The pair, or null (nothing changed): the
	 * engine must take the write (a merge it decides, a record the quick check cannot vouch
	 * for, or a getter that wrote the store meanwhile). The queued record is checked again
	 * first: its caller may have changed it since (README, difference 4), and the engine would
	 * merge into what its landing wrote, not into the object (a cycle, a `toJSON`, a getter
	 * that throws now).
	 */
	requeue (key, x, replace) {
		const writes = this.writes;
		const held = this.cache.byKey.get(key);
		const rec = replace ? x : fits(held) ? merge(copy(held), x) : FAIL;
		if (rec === FAIL || (rec !== x && !fits(rec)) || this.writes !== writes || !this.engine.requeue(key, rec)) return null;
		if (this.frozen !== null) this.frozen.delete(key);
		this.cache.byKey.set(key, rec);

		return this.pair(rec);
	}

	/**
	 * Deferred records landed: those still cached learn their ids. One that has its id already
	 * (a record whose key landed first, `#landKeys`: it keeps its id) is where the cache put
	 * it, or gone from it: the lookup is skipped (100k records, ~10 ms a landing).
	 */
	#landed (entries, ids) {
		const cache = this.cache;
		for (let j = 0; j < entries.length; j++) {
			const e = entries[j];
			if (e.id === ids[j]) continue;
			if (cache.landed(ids[j], e.key, e.rec)) e.id = ids[j];
		}
	}

	/**
	 * A record read from the engine, cached; one a query or a whole read (`values`, `toArray`,
	 * `dump`…) made in a store past the cache (`second`) only as `RecordCache#admits` says. A
	 * record read by its key (`get`) is always cached: it is handed out as cached next, as haro
	 * hands out the object it holds.
	 */
	admit (id, key, rec, second = false) {
		if (this.immutable || (this.frozen !== null && this.frozen.has(key))) Object.freeze(rec);
		if (!second || this.cache.admits(id)) this.cache.put(id, key, rec);

		return rec;
	}

	/**
	 * Whether records a query reads wait for their second read to be cached: the store is past
	 * the cache (not only a cache no longer `complete`: a load or `immutable` set leaves a
	 * store that fits it reading from the engine, every record kept at its first read).
	 */
	#secondRead () {
		return !this.#fits();
	}

	/** The pair for a record just written. A cached one is replaced; none is cached anew. */
	written (id, key, rec) {
		if (this.frozen !== null) this.frozen.delete(key);
		const keys = this.#keys();
		if (keys !== null && keys.add(key).size > this.cache.capacity && this.#keyRef === null) this.dropKeys();
		const cache = this.cache;
		if (cache.complete && !cache.byKey.has(key) && cache.byKey.size >= cache.capacity) {
			// The store outgrows the cache: from now on it lives off the V8 heap.
			cache.clear(false);
		}
		if (cache.complete || cache.byKey.has(key)) cache.put(id, key, rec);

		return this.pair(rec);
	}

	/**
	 * A load of `keys` (more than the cache holds) was written without pairs: the state
	 * `written` leaves after each of them, where the cache overflows and keeps none.
	 */
	overflowed (keys) {
		if (this.frozen !== null) for (const k of keys) this.frozen.delete(k);
		this.dropKeys();
		this.cache.clear(false);
	}

	/** Record `key` is gone (deleted, expired); `id`: as `RecordCache#drop` takes it. */
	removed (key, id) {
		const cache = this.cache;
		cache.drop(key, cache.keepsPairs ? cache.byKey.get(key)?.[this.store.key] : undefined, id);
		if (this.frozen !== null) this.frozen.delete(key);
		this.#keys()?.delete(key);
	}

	/** The store is empty. `keep`: the key set stays (empty) rather than being dropped. */
	emptied (keep) {
		this.cache.clear(true, true);
		this.frozen = null;
		this.#pass = this.#passed = null;
		if (keep) this.#keys()?.clear();
		else this.dropKeys();
	}

	/**
	 * An entry for a record given to `override`, not yet written: the very object given (haro
	 * keeps it), but in immutable mode a frozen copy of one given unfrozen (the caller's stays
	 * as it is). A frozen one (from an immutable store's dump) is kept: freezing a copy of it
	 * cost more than the rest of the override.
	 */
	unwritten (key, rec) {
		return new Entry(-1, key, this.immutable && !Object.isFrozen(rec) ? Object.freeze(copy(rec)) : rec);
	}

	/**
	 * `override` replaced every record: `given` (entries, as `unwritten` made them, or null
	 * where they do not fit the cache, a repeated key counted once) becomes the cache;
	 * `frozen` (a Set, or null) holds the keys whose record was given frozen. `ids` null: the override is deferred, and lands with `given`:
	 * encoded from them, or copied (`copy`: {engine, gen}, the engine of the store whose dump
	 * they are, and its generation). `dumped`: {from, writes}, the Records whose unchanged dump
	 * `given` was made of, and its write count then (its keys may come from there: `#landKeys`).
	 */
	replaced (ids, given, frozen, copy = null, dumped = null) {
		this.overrides++;
		this.dropKeys();
		this.frozen = frozen !== null && frozen.size > 0 ? frozen : null;
		const cache = this.cache;
		// (`given` comes only where its records fit: lib/bulk.js counts a repeated key once)
		cache.clear(given !== null);
		if (ids === null) {
			// The records fit the emptied cache: each goes in without `put`'s lookups (a repeated
			// key keeps its first place and takes the last record, as haro's `new Map(data)`).
			for (let j = 0; j < given.length; j++) cache.add(given[j].key, given[j].rec);
			// (`copy`: {engine, gen}, copied from that engine when they land; a dump's keys are apart)
			if (copy !== null) this.engine.deferCopy(given, copy.engine, copy.gen);
			else this.engine.deferOverride(given, cache.byKey.size === given.length, dumped === null ? null : {from: new WeakRef(dumped.from), writes: dumped.writes});
		} else if (cache.complete) {
			for (let j = 0; j < ids.length; j++) cache.put(ids[j], given[j].key, given[j].rec);
		}
	}

	/** The engine replaced the store's contents (a snapshot was loaded). */
	loaded () {
		this.cache.clear(false); // the store no longer fits an empty cache's promise
		this.#keySet = this.#keyRef = null;
		this.writes++;
	}

	/**
	 * `store.immutable = v`. Made immutable, the records the store may hand out again (the
	 * cache's, a kept pass's) stay its own, frozen now: haro freezes the objects it holds as it
	 * hands them out, so a record handed out before is the one handed out after, with what was
	 * changed in it. Made mutable, records handed out while immutable stay frozen (haro's do).
	 */
	setImmutable (v) {
		const to = Boolean(v);
		this.engine.land(); // what the cache alone holds goes to the engine first
		if (!this.immutable && to) {
			this.#freezeHeld();
		} else {
			if (this.immutable && !to) this.freezeAll();
			this.cache.clear();
		}
		this.immutable = to;
		this.writes++;
	}

	/**
	 * Records handed out so far stay frozen in mutable mode (haro froze its stored objects):
	 * by key, and every object the store may hand out again (the cache's, a kept snapshot's),
	 * which past the cache need not be those `sort` froze.
	 */
	freezeAll () {
		this.frozen = new Set(this.keys());
		this.#freezeHeld();
	}

	/** Freezes every record object the store may hand out again: the cache's, a kept pass's. */
	#freezeHeld () {
		for (const rec of this.cache.byKey.values()) Object.freeze(rec);
		const snap = this.#current();
		if (snap !== null) for (const rec of snap.all.recs) Object.freeze(rec);
	}

	/** The `[key, record]` pair a write or a lookup hands out (haro's `list`): frozen in immutable mode. */
	pair (rec) {
		const key = rec[this.store.key];
		if (this.immutable) return Object.freeze([key, Object.freeze(rec)]);

		return [key, rec];
	}

	/**
	 * `pair` of a record read (`get`, a query): in immutable mode made once while the cache
	 * holds every record, kept by the pair's key (freezing a new one took a `get` from 43 to
	 * 86 ns, a `find` of 10k records from 30 to 42 µs, Node 22).
	 */
	readPair (rec) {
		const pairs = this.immutable ? this.cache.pairs() : null;
		if (pairs === null) return this.pair(rec);
		const key = rec[this.store.key];
		let p = pairs.get(key);
		if (p === undefined || p[1] !== rec) pairs.set(key, p = this.pair(rec)); // (another record's: made again)

		return p;
	}

	/** Whether the store is known to be empty without asking the engine: a lookup then finds nothing. */
	get empty () {
		return this.cache.complete && this.cache.byKey.size === 0;
	}

	/** Whether a lookup should bring its record along (`Engine#find`): the cache may well miss it. */
	get partial () {
		return !this.cache.complete;
	}

	/** The record a lookup brought (a `Found`): the cached one, if any. */
	found (found) {
		const cache = this.cache;
		const rec = cache.record(found.id);
		if (rec !== undefined) {
			cache.hits++;

			return rec;
		}
		cache.misses++;
		const flat = found.record();

		return this.admit(flat[0], flat[1], flat[2], this.#secondRead());
	}

	/**
	 * The records of engine ids, as a new array. Past the cache, they come from the snapshot of
	 * every record when one is current, or when they are half the store or more (it is built
	 * then, and kept weakly): a repeated `sortBy`, `limit` or `range` over a store the cache
	 * cannot hold then costs a lookup a record, not a decode, and hands out the objects
	 * `values` does, as haro.
	 */
	records (ids) {
		const byId = this.cache.complete ? null : this.#snapshotById(ids.length);
		if (byId === null) return this.#decoded(ids, null);
		const out = new Array(ids.length);
		for (let i = 0; i < ids.length; i++) {
			const rec = byId[ids[i]];
			if (rec === undefined) return this.#decoded(ids, null); // (not reached: the snapshot is current)
			out[i] = rec;
		}
		this.cache.hits += out.length; // (answered without a read, as a cached record is)

		return out;
	}

	/** The snapshot's records by id (see `records`), or null: none current, and `n` ids do not pay for one. */
	#snapshotById (n) {
		let snap = this.#current();
		if (snap === null) {
			// (no crossing for a result past the cache that cannot be half of it: most queries)
			if (n * 2 <= this.cache.capacity) return null;
			const size = this.engine.size();
			// (an earlier pass to lend what it decoded: the snapshot counts what it adds, `shared`)
			const lender = this.#pass !== null || this.#passed?.deref() !== undefined;
			if (n * 2 < size || (size > this.cache.capacity && !(lender ? mayKeep(shared(0, size), true) : mayKeep(size)))) return null;
			const all = this.#all();
			// (not kept, the pass having lent less than it might: read from all the same, not again)
			snap = this.#current() ?? this.#snap(all);
		}
		if (snap.byId === null) {
			const {ids, recs} = snap.all;
			if (ids === null) return null; // (not reached: a snapshot made from the cache is read there)
			const byId = new Array(maxId(ids) + 1); // (sized first: ids come in the store's order, not theirs)
			for (let i = 0; i < ids.length; i++) byId[ids[i]] = recs[i];
			snap.byId = byId;
		}

		return snap.byId;
	}

	/**
	 * The records of engine ids, as a new array, every miss read with one call; `keys` (an
	 * array, or null) gets their keys. A miss that an earlier pass `before` (an `All`, or a pass
	 * of `each`) decoded, unwritten since (`stamps`: the ids' write stamps now), is handed out
	 * as that pass had it.
	 */
	#decoded (ids, keys, before = null, stamps = null) {
		const n = ids.length;
		const out = new Array(n);
		const {recById, keyById} = this.cache;
		const second = this.#secondRead();
		let misses = null;
		for (let i = 0; i < n; i++) {
			const rec = recById[ids[i]];
			if (rec === undefined) {
				const p = before === null ? -1 : unwritten(before, ids[i], stamps[i]);
				const old = p === -1 ? undefined : lent(before, p);
				if (old === undefined) {
					(misses ??= []).push(i);
				} else {
					out[i] = this.admit(ids[i], lentKey, old, second);
					if (keys !== null) keys[i] = lentKey;
				}
			} else {
				out[i] = rec;
				if (keys !== null) keys[i] = keyById[ids[i]];
			}
		}
		const cache = this.cache;
		this.#misses = misses === null ? 0 : misses.length;
		cache.hits += n - this.#misses;
		if (misses !== null) {
			cache.misses += misses.length;
			const want = misses.length < n ? misses.map(i => ids[i]) : ids;
			for (let start = 0; start < want.length; start += READ_CHUNK) {
				const flat = this.engine.records(want, start, Math.min(want.length, start + READ_CHUNK));
				for (let j = 0, m = flat.length / 3; j < m; j++) {
					const at = misses[start + j];
					const key = flat[3 * j + 1];
					out[at] = this.admit(flat[3 * j], key, flat[3 * j + 2], second);
					if (keys !== null) keys[at] = key === 0 ? 0 : key; // (-0 as 0, as a Map hands it out)
				}
			}
		}

		return out;
	}

	/** What a query hands out for engine ids: records (`raw`) or `[key, record]` pairs. */
	resolve (ids, raw) {
		if (ids.length === 1 && this.cache.complete && !(ids instanceof Found)) {
			// (one id from a cache that holds every record: a find of one key, the commonest)
			const rec = this.cache.record(ids[0]);
			if (rec !== undefined) {
				this.cache.hits++;

				return [raw ? rec : this.readPair(rec)];
			}
		}

		return this.handOut(ids instanceof Found ? [this.found(ids)] : this.records(ids), raw);
	}

	/** Records (a new array) as a query hands them out: as they are (`raw`) or as `[key, record]` pairs. */
	handOut (recs, raw) {
		if (raw) return recs;
		if (recs.length === 1) return [this.readPair(recs[0])]; // (no closure)

		return recs.map(r => this.readPair(r));
	}

	/** The keys of the records by engine id when the cache holds every record, else null. */
	keysById () {
		return this.cache.complete ? this.cache.keyById : null;
	}

	/**
	 * Each record's engine id by key, read from the cache's slots, when it holds every record
	 * and each has landed (the caller lands them first); else null. (Not asked of the engine:
	 * that would land records whose keys alone an index override sent, `Engine#landKeys`.)
	 */
	idsByKey () {
		const cache = this.cache;
		if (!cache.complete) return null;
		const out = new Map();
		const {byKey, recById, keyById} = cache;
		for (let id = 0; id < recById.length; id++) {
			if (recById[id] !== undefined) out.set(keyById[id], id);
		}

		return out.size === byKey.size ? out : null;
	}

	/** Every record in order, with its key (an `All`: the snapshot's, while no write happened). */
	all () {
		if (this.time.next !== Infinity) this.time.fresh();

		return this.#all();
	}

	/**
	 * Records `start…end` in the store's order as `resolve` hands them out, from a cache that
	 * holds every record (`limit` while writes wait to land): read from the snapshot when one
	 * is current, else by walking the cache as far as `end` (no copy of the store after each write).
	 */
	page (start, end, raw) {
		let out = [];
		const snap = this.#current();
		if (snap !== null) {
			out = snap.all.recs.slice(start, end);
		} else if (end > start) {
			let i = 0;
			for (const rec of this.cache.byKey.values()) {
				if (i >= start) out.push(rec);
				if (++i >= end) break;
			}
		}
		this.cache.hits += out.length; // (as `records(ids)` counts them)

		return this.handOut(out, raw);
	}

	/** `all` without taking out due records first: the ids a caller holds stay the store's. */
	#all () {
		const snap = this.#current();
		if (snap !== null) {
			this.#keysOf(snap);

			return snap.all;
		}
		// A cache holding every record holds them in the store's order: no crossing.
		let all;
		let weight;
		if (this.cache.complete) {
			const byKey = this.cache.byKey;
			all = new All(Array.from(byKey.keys()), Array.from(byKey.values()), null);
			this.cache.hits += byKey.size; // as `records(ids)` counts them
		} else {
			const ids = this.engine.ids();
			const keys = new Array(ids.length);
			const stamps = this.engine.stamps(ids);
			const before = sameEpoch(this.#passed?.deref()?.all, stamps) ?? sameEpoch(this.#pass, stamps);
			all = new All(keys, this.#decoded(ids, keys, before, stamps), ids, stamps);
			if (before !== null) weight = shared(this.#misses, ids.length);
		}
		const kept = this.#snapshot = this.#keep(this.#snap(all), all.keys.length, weight);
		if (all.stamps !== null) this.#passed = kept instanceof Weak ? kept.ref : null;

		return all;
	}

	/** The keys of the current snapshot `snap`. `array` made it of the records alone: the cache, not written since, holds their keys. */
	#keysOf (snap) {
		return snap.all.keys ??= Array.from(this.cache.byKey.keys());
	}

	/** A snapshot of `all`, current for this write count; `map` and `byId` are built from it on demand (`#passMap`, `#snapshotById`). */
	#snap (all) {
		return {writes: this.writes, all, map: null, byId: null, passes: 0};
	}

	/**
	 * `kept` (`n` records, current for `kept.writes`) as the cache holds it: strongly if it
	 * fits, else weakly, or not at all; `weight` is what it counts against what a task keeps
	 * (`TASK_KEEP`): less than `n` where it shares most of its records with a pass before it.
	 */
	#keep (kept, n, weight = n) {
		if (n <= this.cache.capacity) return kept;
		const weak = new Weak(kept.writes, kept, weight, weight < n);

		return weak.ref === null ? null : weak;
	}

	/** The snapshot, if one is kept (and not collected) and current; else null (and it is let go). */
	#current () {
		const snap = current(this.#snapshot, this.writes);
		if (snap === null) this.#snapshot = null;

		return snap;
	}

	/**
	 * The cache's Map of every record by key, when it holds every record: what `values()`,
	 * `entries()` and `toArray()` read, as haro's read its own. Else null.
	 */
	#whole () {
		if (this.time.next !== Infinity) this.time.fresh();
		const cache = this.cache;
		if (!cache.complete) return null;
		cache.hits += cache.byKey.size; // (as `records(ids)` counts them)

		return cache.byKey;
	}

	/**
	 * Every record in order, as a new array (`toArray`): a copy of the snapshot's. A cache that
	 * holds every record makes one of its records alone, kept while nothing is written (a copy
	 * of it costs half an `Array.from` of the Map: 22 µs against 45 for 10k records, Node 22).
	 */
	array () {
		if (this.#whole() === null) return this.#all().recs.slice();
		const snap = this.#current();
		if (snap !== null) return snap.all.recs.slice();
		const recs = Array.from(this.cache.byKey.values());
		this.#snapshot = this.#snap(new All(null, recs, null)); // (within capacity: kept strongly)

		return recs.slice();
	}

	/**
	 * `[key, record]` pairs in order (`entries()`): the cache's Map's own iterator, live as
	 * haro's; past the cache, walked from a snapshot, or the pass Map's.
	 */
	pairs () {
		const whole = this.#whole();
		if (whole !== null) return whole.entries();
		const all = this.#all();
		const map = this.#passMap(all);

		return map !== null ? map.entries() : new PairIterator(all);
	}

	/** Every record in order (`values()`): as `pairs`, the records alone. */
	valueIterator () {
		const whole = this.#whole();
		if (whole !== null) return whole.values();
		const all = this.#all();
		const map = this.#passMap(all);

		return map !== null ? map.values() : all.recs.values();
	}

	/**
	 * The records of a store past the cache by key (`all`, every one of them) as a Map built
	 * once a snapshot of them is walked a second time (counted here: `pairs` and
	 * `valueIterator` each make one pass), or null. V8 walks a Map's iterators faster than any
	 * other: a loop of `entries()` over 10k records, Node 24, 0.068 ms a pass against 0.117 for
	 * a PairIterator, and `Array.from` or a spread of `values()` 16 µs against 150 for an
	 * array's iterator (which has no fast path there). A first pass does not repay building it
	 * (10 ms for 100k records, where the pass costs 2-6), but on Node 20 (`CHEAP_FIRST_PASS`).
	 */
	#passMap (all) {
		const snap = this.#current();
		if (snap === null || (snap.passes++ === 0 && CHEAP_FIRST_PASS)) return null;
		if (snap.map === null) {
			const {keys, recs} = all;
			const map = new Map();
			for (let i = 0; i < keys.length; i++) map.set(keys[i], recs[i]);
			snap.map = map;
		}

		return snap.map;
	}

	/**
	 * What `dump('records')` gives: `[key, record]` pairs in order. The array is remembered
	 * (`dumps`), so that an override given it back need not check its records again (`dumpedBy`).
	 */
	dump () {
		const all = this.all();
		const {keys, recs} = all;
		const n = keys.length;
		const out = new Array(n);
		for (let i = 0; i < n; i++) out[i] = [keys[i], recs[i]];
		// (Not with expiry: a record due since is in the dump, and may be gone from the engine.)
		if (n > 0 && this.time.clock === null) {
			const engine = this.engine;
			dumps.set(out, {from: new WeakRef(this), writes: this.writes, gen: engine.pending ? -1 : engine.generation(), all});
		}

		return out;
	}

	/**
	 * What `dump('records')` gave `data`, if neither changed since: every pair still names the
	 * key and the record it did, and the store was not written. `{from, writes, all}`: the
	 * store (its Records), its write count, and the keys and records the dump was made of (an
	 * `All`; each pair of `data` read once here, against them: an accessor cannot answer
	 * otherwise later). Its engine then holds these records, in this order (once
	 * its queue lands), as it took them, which is what they still are unless one was changed
	 * in place: an override of `data` (lib/bulk.js) need not check them again, and may copy
	 * frozen ones from there. Else null.
	 */
	dumpedBy (data) {
		const d = dumps.get(data); // (undefined for anything not a dump, primitives too)
		if (d === undefined) return null;
		const from = d.from.deref();
		const {all, writes} = d;
		const {keys, recs} = all;
		const n = keys.length;
		if (from === undefined || from.writes !== writes || !Array.isArray(data) || data.length !== n || data[Symbol.iterator] !== arrayValues) return null;
		for (let i = 0; i < n; i++) {
			const pair = data[i];
			if (typeof pair !== 'object' || pair === null) return null;
			const k = pair[0];
			const key = keys[i];
			// (a NaN key is itself: SameValueZero, as a Map's)
			if ((k !== key && (k === k || key === key)) || pair[1] !== recs[i]) return null;
		}
		// Nothing written, but the indexes may have changed (which moves the engine's count too).
		if (d.gen !== -1 && from.engine.generation() !== d.gen) return null;

		return {from, writes, all};
	}

	/** Every key in order; shared with the snapshot or the key list: callers copy before handing it out. Kept without materializing the records. */
	keys () {
		if (this.time.next !== Infinity) this.time.fresh();
		const snap = this.#current();
		if (snap !== null) return this.#keysOf(snap);
		const keys = this.#currentKeys();
		if (keys !== null) return keys.keys;
		const list = this.cache.complete ? Array.from(this.cache.byKey.keys()) : this.engine.keys();
		this.#keyList = this.#keep({writes: this.writes, keys: list, set: null}, list.length);

		return list;
	}

	/** The key list, if one is kept (and not collected) and current; else null (and it is let go). */
	#currentKeys () {
		const keys = current(this.#keyList, this.writes);
		if (keys === null) this.#keyList = null;

		return keys;
	}

	/** An iterator of every key, in order: the cache's Map's own where it holds every record. */
	keyIterator () {
		// A cache that holds every record holds their keys in the store's order (a Map keeps
		// a re-set key in place, as the engine does): its iterator is haro's own kind.
		if (this.cache.complete) return this.cache.byKey.keys();
		// With every record at hand already, the snapshot's keys; else the kept key list.
		const snap = this.#current();
		if (snap !== null) return this.#keysOf(snap).values();
		const keys = this.keys();
		const list = this.#currentKeys();
		if (list === null || list.keys !== keys) return keys.values();

		return (list.set ??= new Set(keys)).values();
	}

	/**
	 * Calls `fn.call(ctx, rec, key)` for every record in order, what `forEach` hands out: in
	 * immutable mode fresh, unfrozen copies (haro clones each). A store the cache holds is
	 * walked there, and a write `fn` makes shows in the rest of the pass as in haro's Map
	 * (`rest`). A store the cache cannot hold is read from the engine a chunk at a time, and
	 * nothing it reads is cached (a cached record is handed out as cached): a pass holds one
	 * chunk, not the store (what it keeps for the next pass, it keeps weakly). There, a record
	 * `fn` deletes before its chunk is read is skipped; the chunk being handed out goes on as
	 * it was read, and records added are not handed out.
	 */
	each (fn, ctx) {
		if (this.time.next !== Infinity) this.time.fresh();
		if (this.held()) {
			const all = this.#all();
			const {keys, recs} = all;
			const {writes, overrides} = this;
			for (let i = 0; i < keys.length; i++) {
				fn.call(ctx, recs[i], keys[i]);
				if (this.writes !== writes) return this.#restEach(all, i + 1, overrides, fn, ctx, false);
			}

			return;
		}
		// (apart: a larger `each` left the loop above half as fast, Node 20)
		if (this.immutable && this.#fits()) return this.#copies(fn, ctx);
		this.#stream(fn, ctx);
	}

	/**
	 * `each` in immutable mode over a store the cache holds: deep, unfrozen copies of the
	 * cached records (haro clones each), as a read from the engine would give them, without
	 * the read (10k records of the benchmark: ~5x less than decoding them). Apart from the
	 * loop above: one loop copying or not per record left mutable passes 2-20 % slower
	 * (10k records, Node 20, 22, 24, both versions alternating in one process).
	 */
	#copies (fn, ctx) {
		const all = this.#all();
		const {keys, recs} = all;
		const {writes, overrides} = this;
		for (let i = 0; i < keys.length; i++) {
			fn.call(ctx, copy(recs[i]), keys[i]);
			if (this.writes !== writes) return this.#restEach(all, i + 1, overrides, fn, ctx, true);
		}
	}

	// (apart: a closure in `each` itself would put `fn` and `ctx` in a context its loop reads)
	#restEach (all, from, overrides, fn, ctx, copies) {
		this.rest(all, from, overrides, copies ? (v, k) => fn.call(ctx, copy(v), k) : (v, k) => fn.call(ctx, v, k));
	}

	/**
	 * The rest of a pass over `all` (from `from`; `overrides` as the pass began) whose
	 * callback wrote: it goes on as haro's Map iteration does. A record deleted since is
	 * skipped, one changed is handed out as it is now, and the records added during the pass
	 * follow, in order, with those the rest adds. Once the store was overridden, the pass goes
	 * on over the records it began with, as they were then, and ends with them: haro's goes on
	 * over the Map the override replaced, as the pass's writes before it had left it. (A key
	 * deleted and set again stays in its old place, where a Map moves it to the end.)
	 */
	rest (all, from, overrides, fn) {
		const {keys, recs} = all;
		const known = new Set(keys);
		for (let i = from; i < keys.length; i++) {
			const rec = this.overrides === overrides ? this.record(keys[i]) : recs[i];
			if (rec !== undefined) fn(rec, keys[i]);
		}
		// The records added: the cache's own Map, while it holds the store, walked live (it
		// meets what the callback adds meanwhile, as haro's does); else the keys, again after
		// each round that handed out any.
		for (let added = true; added && this.overrides === overrides;) {
			added = false;
			const live = this.cache.complete;
			for (const key of live ? this.cache.byKey.keys() : this.keys().slice()) {
				if (known.has(key)) continue;
				known.add(key);
				const rec = this.record(key);
				if (rec === undefined) continue;
				added = !live;
				fn(rec, key);
				if (this.overrides !== overrides || (live && !this.cache.complete)) {
					added = this.overrides === overrides; // (the cache let go of the store: the keys go on)
					break;
				}
			}
		}
	}

	/**
	 * `each` past the cache (in immutable mode too). Mutable mode hands out the records haro
	 * holds, the same objects every pass: what a pass decoded is kept weakly, a chunk per
	 * WeakRef, and the next pass reuses what the GC left while nothing was written (immutable
	 * mode hands out fresh copies).
	 */
	#stream (fn, ctx) {
		const immutable = this.immutable;
		let pass = this.#pass;
		if (immutable) {
			pass = null;
		} else if (pass === null || pass.writes !== this.writes) {
			// (the pass before, if it was of these stamps' epoch, lends what it decoded of
			// records unwritten since: `#redecoded`; let go once this one ends)
			const ids = this.engine.ids();
			const stamps = this.engine.stamps(ids);
			const before = sameEpoch(pass, stamps) ?? sameEpoch(this.#passed?.deref()?.all, stamps);
			pass = this.#pass = {writes: this.writes, ids, stamps, chunks: [], before, at: null};
		}
		try {
			this.#streamIn(pass, fn, ctx);
		} finally {
			// (ended, or left part way by a write or a throw: it lends nothing more)
			if (pass !== null) pass.before = null;
		}
	}

	#streamIn (pass, fn, ctx) {
		const immutable = this.immutable;
		const ids = pass === null ? this.engine.ids() : pass.ids;
		const cache = this.cache;
		const frozen = this.frozen;
		for (let start = 0, c = 0; start < ids.length; start += READ_CHUNK, c++) {
			// (a pass `fn` wrote to goes on as it began, reading the engine: nothing is kept)
			const reuse = pass !== null && pass.writes === this.writes;
			let flat = reuse ? pass.chunks[c]?.deref() : undefined;
			if (flat === undefined) {
				const end = Math.min(ids.length, start + READ_CHUNK);
				const lends = reuse && pass.before !== null;
				flat = lends ? this.#redecoded(pass, start, end) : this.engine.records(ids, start, end);
				const lent = lends && this.#misses < end - start; // (shared a record at least)
				if (reuse) pass.chunks[c] = lent ? keepWeakly(flat, shared(this.#misses, end - start), true) : keepWeakly(flat, end - start);
			}
			for (let j = 0; j < flat.length; j += 3) {
				const key = flat[j + 1];
				let rec = flat[j + 2];
				if (!immutable) {
					// (an empty cache, as with recordCacheSize 0, is not looked up)
					const cached = cache.byKey.size === 0 ? undefined : cache.record(flat[j]);
					if (cached !== undefined) rec = cached;
					else if (frozen !== null && frozen.has(key)) Object.freeze(rec);
				}
				fn.call(ctx, rec, key);
			}
		}
	}

	/**
	 * `[id, key, record, …]` of the ids at `start…end` of `pass`, as `engine.records` reads
	 * them, but for those an earlier pass (`pass.before`: the pass of `each` before it, or a
	 * snapshot of `#all`) decoded, unwritten since and kept still: those as it had them.
	 */
	#redecoded (pass, start, end) {
		const {ids, stamps, before} = pass;
		const flat = new Array(3 * (end - start));
		let want = null;
		let wantAt = null;
		for (let i = start; i < end; i++) {
			const p = unwritten(before, ids[i], stamps[i]);
			const old = p === -1 ? undefined : lent(before, p);
			const o = 3 * (i - start);
			if (old === undefined) {
				(want ??= []).push(ids[i]);
				(wantAt ??= []).push(o);
				continue;
			}
			flat[o] = ids[i];
			flat[o + 1] = lentKey;
			flat[o + 2] = old;
		}
		this.#misses = want === null ? 0 : want.length;
		if (want !== null) {
			const read = this.engine.records(want);
			for (let j = 0; j < want.length; j++) {
				const o = wantAt[j];
				flat[o] = read[3 * j];
				flat[o + 1] = read[3 * j + 1];
				flat[o + 2] = read[3 * j + 2];
			}
		}

		return flat;
	}

	/** Whether a full pass is served by the cache (mutable mode, the store fits it). */
	held () {
		return !this.immutable && this.#fits();
	}

	/**
	 * Whether the cache holds, or can hold, every record. The engine's size is asked once a
	 * write (`writes`): a crossing each cold find was ~1% of it at 1M records.
	 */
	#fits () {
		const cache = this.cache;
		if (cache.complete) return true;
		if (this.#sizedAt !== this.writes) {
			this.#fitsThen = this.engine.size() <= cache.capacity;
			this.#sizedAt = this.writes;
		}

		return this.#fitsThen;
	}

	/** Unfrozen copies of the records `ids`, not cached (what haro's scan through filter gives). */
	copiesOf (ids) {
		const flat = this.engine.records(ids);
		const out = [];
		for (let j = 2; j < flat.length; j += 3) out.push(flat[j]);

		return out;
	}

	/** The record `key`, read from the engine on a miss; undefined: no such record. */
	record (key) {
		const rec = this.cache.byKey.get(key);
		if (rec !== undefined) {
			this.cache.hits++;

			return rec;
		}
		this.cache.misses++;
		if (this.cache.complete || !isKey(key) || this.#keys()?.has(key) === false) return undefined;
		const a = this.engine.get(key);

		return a === null ? undefined : this.admit(a[0], a[1], a[2]);
	}

	has (key) {
		if (this.cache.byKey.has(key)) return true;
		if (this.cache.complete) return false;
		const keys = this.#keys();
		if (keys !== null) return keys.has(key);
		if (!isKey(key)) return false;
		if (++this.#hasCalls >= this.#hasNext) this.#buildKeySet();

		return this.engine.has(key);
	}

	/** Builds the key set once `has` has crossed a quarter of the store's size in calls. */
	#buildKeySet () {
		const size = this.engine.size();
		if (this.#hasCalls > size >> 2) {
			const keys = new Set(this.keys());
			if (size <= this.cache.capacity) {
				this.#keySet = keys;
				this.#keyRef = null;
			} else if ((this.#keyRef = keepWeakly(keys, size)) !== null) {
				this.#hold(keys);
			}
		}
		// (after a build too: a set the GC takes is built again only after as many crossings)
		this.#hasNext = this.#hasCalls + Math.max(64, size >> 2);
	}

	/** The key set, if one is kept (and not collected); else null. */
	#keys () {
		const keys = this.#keySet;
		if (keys !== null || this.#keyRef === null) return keys;

		return this.#hold(this.#keyRef.deref() ?? null);
	}

	/** Holds the weakly kept key set strongly until this task ends (a `deref` costs ~40 ns a `has`). */
	#hold (keys) {
		if (keys !== null) {
			this.#keySet = keys;
			queueMicrotask(() => {
				if (this.#keySet === keys && this.#keyRef !== null) this.#keySet = null;
			});
		}

		return keys;
	}

	/** A write changed which keys exist in ways `written` does not follow: forget them. */
	dropKeys () {
		this.#keySet = this.#keyRef = null;
		this.#hasCalls = 0;
		this.#hasNext = 64;
	}

	/** How many records the store holds. */
	size () {
		if (this.time.next !== Infinity) this.time.fresh();

		return this.cache.complete ? this.cache.byKey.size : this.engine.size();
	}

	/** Every key, as a fresh array (haro's `registry`). */
	registry () {
		return this.keys().slice();
	}
}

module.exports = {Records};
