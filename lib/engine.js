'use strict';
// The one object that talks to the Rust engine: the only module that loads the native
// binding (lib/binding.js) and the only one that builds or reads wire messages (lib/codec.js).
// One `Engine` per store; it owns the store's handle, the string/number key dispatch, the
// mapping of the engine's argument errors to TypeErrors, and the sync of the `index` list.
// src/wire.rs opens with the layout of each of these messages, seen from the Rust side.
//
// | method                     | native call              | JS → engine                         | engine → JS                        |
// | -------------------------- | ------------------------ | ----------------------------------- | ---------------------------------- |
// | new Engine(delim, versions)| create                   | delimiter, versioning flag, ARG     | external handle; number in ARG[0]  |
// | configure(delim, versions) | configure                | delimiter string, flag              | -                                  |
// | retain(limit, ttl)         | configureRetention       | f64s (NaN: none)                    | -                                  |
// | size() / generation()      | size / generation        | -                                   | number                             |
// | has(key)                   | has / hasN               | key (string or number)              | bool                               |
// | get(key)                   | get / getN               | key                                 | JSON [id, key, record] or null     |
// | set(key, rec, replace)     | set / setN               | key, record as JSON (codec.encode)  | id, or JSON [id, merged record]    |
// | delete(key, versions)      | delete / deleteN         | key, flag                           | the record's id, or -1 (not found) |
// | dropVersions(key)          | dropVersions             | key                                 | -                                  |
// | clear()                    | clear                    | -                                   | -                                  |
// | stage(key, rec, at, m) …   | (held; override: stageRecords or stageChunk) | as commit's chunks, SET_CHUNK a call | -                  |
// | commit(replace)            | expect(n) … expect(0) around them (more than a chunk), setRecords or setChunk; more than a chunk: setRecordsLater … settleChunks (set off the JS thread); override: commitStaged | keys joined, their lengths, and [record, …] as one JSON text (or keys and texts joined, two lengths each); a view of the ids array (later: the whole array, and where the chunk starts) | the ids, written into that view (later: each chunk's at the next crossing) |
// | copyFrom(engine, n, gen)   | copyRecords              | the two stores' numbers, a count, the source's generation, keysOnly | ids (Uint32Array), or null |
// | deferCopy(items, engine, gen)| (JS only; lands as copyRecords) | -                          | -                                  |
// | #copyKeys(q)               | copyRecords (keysOnly: each record `{}`) | as copyFrom         | ids (Uint32Array), or null         |
// | #copyIndexes(data)         | copyIndexes              | the two stores' numbers, the source's generation | bool (false: nothing done) |
// | deleteMany(keys, versions) | bulkDelete (Parts)       | JSON [key, …] (parts past V8's limit)| their ids, or null (one missing)   |
// | ids(start, end)            | ids                      | positions in insertion order        | Uint32Array of ids                 |
// | records(ids, start, end)   | records                  | ids, ≤ READ_CHUNK (an array: in ARG)| JSON [id, key, record, …] (flat)   |
// | keys()                     | keys / keysOf + ids      | -                                   | JSON [key, …], KEY_CHUNK at a time |
// | sync(index, delim, cmp)    | setSpecs                 | JSON [[name, fields or null], …]    | -                                  |
// | reindex(i, delim, cmp)     | reindex                  | JSON [name, fields] or null (all)   | -                                  |
// | indexRecord / unindexRecord| indexRecord/unindexRecord| key, JSON record, JSON spec or null | -                                  |
// | find(name, fields, where, d, record)| find; findKey (strings, numbers, booleans) | JSON [name, fields, where]; the index name, the key, `record` | ids (an array read out of `IDS`, or a Uint32Array past its 4,096); one id as a number, or with `record` as `[id, key, record]` (a `Found`); findKey: null, no such index (`#missing`, until the generation moves) |
// | search(names, value, record)| search; findKey (one name) | JSON [[name, …], value]             | as find                            |
// | whereIds(names, p, and, e) | whereIds                 | JSON [[name, …], predicate], flags  | ids, or null: no index serves it   |
// | scanWhere(p, and)          | scanWhere                | JSON predicate, flag                | ids                                |
// | hasIndex(name)             | hasIndex                 | name                                | bool                               |
// | indexKeys(name)            | indexKeys (From)         | name (From: a place, a byte budget) | JSON [index key, …] or null (From: [next place, key…]) |
// | indexIds(name, ords, uniq) | indexIds                 | name, key ordinals (a view of ARG)  | ids                                |
// | indexPostings(name)        | indexPostings            | name                                | Uint32Array [count, id…]… or null  |
// | sortedIds(name)            | sortedIds                | name                                | ids, or null: keys not all numbers |
// | sortByOrdinals(name, ords) | sortByOrdinals           | name, key ordinals (a view of ARG)  | ids                                |
// | dumpIndexes(name)          | dumpIndexes              | name or null (every index)          | JSON [[name, [[key, [keys]], …]]…] |
// | overrideIndexes(data, idsOf)| overrideIndexesIds; overrideIndexes (Parts) | JSON [[name, [value, …]], …] and a Uint32Array of ids (record keys by the cache); else JSON as dumpIndexes gives (parts) | - |
// | indexNames / indexSize …   | indexNames, indexSize, indexLookup, dropIndex, clearIndexes (lib/views.js)             |
// | versionedKeys / versions   | versionedKeys (From), versions | - (From: as indexKeys) / key  | JSON [key, …] / [record, …] or null|
// | textOrder… / range…        | textOrder, textOrderLog, textOrderApply, rangeNum, rangeText (lib/range.js); forgetSortOrders (another sortKeys) |
// | tick(now)                  | tick                     | epoch ms                            | next due time, or JSON [next, [id…], key…]|
// | expireIds / expireId       | expireIds / expireId     | ids, Float64Array of due times      | next due time                      |
// | stats()                    | stats                    | -                                   | JSON [reported, [counts…, indexes]]|
// | snapshot…                  | snapshotSave(Async), snapshotRead(Async), snapshotHeader, snapshotLoad(Async), snapshotDiscard (lib/snapshot.js) |
// | watch(items)               | relieveMemory (once V8 collects `items`) | -                   | bool (false: V8's symbols absent)  |

// | defer(Override), undefer   | (none: JS only)          | -                                   | -                                  |
// | land()                     | as commit (setRecords or setChunk; an override: stageRecords or stageChunk, commitStaged) | the deferred records | ids, handed to `landed` |
//
// size, generation, has(N), get(N), set(N), delete(N), findKey, find, search, whereIds and clear are
// called through `hot` (plain N-API callbacks, src/binding/hot.rs), the rest through `native`.
//
// Deferred writes: while a store has no index, a `set` of a new record, a bulk write of new
// records and an override that fit the record cache are checked at once (a store's dump given
// back: when it lands, or copied engine to engine, `deferCopy`) but encoded and sent
// later, together, by `land()`: on the first call that needs the engine (every native call
// takes the handle through the `h` getter, which lands first), or when the event loop turns
// (for the stores last written: `Engine.#idle`), whichever comes first. Until then the record
// cache (lib/records.js), which holds every record while the store fits it, answers reads,
// `limit` pages through it, and a `delete` of a record still queued takes it out of the queue
// (`undefer`). An index override lands a queue's keys alone where it can (`#landKeys`).

const native = require('./binding.js');
const {isProxy} = require('node:util').types;
// The calls made per record, read or query, without napi-rs's per-call wrapper (src/binding/hot.rs).
const hot = native.hot();
const {check, checkJoinable, decode, encode, encodeChecked, encodeKey, encodeLookup, encodeQuery, lenient, textMany} = require('./codec.js');
const {textOf, tooLong, tooLongHere} = require('./errors.js');
const {decodeRecords} = require('./forms.js');
const NO_IDS = new Uint32Array(0);
// The empty Map an engine's lookup tables start as, shared, never written: each engine makes a
// Map of its own at its first entry (three Maps fewer for a store never asked for them).
const NONE = new Map();
// Queries write the ids they answer here, `[count, id…]`, when they fit, and `true` crosses
// (src/wire.rs `ids_out`): a Uint32Array made by the engine for each answer cost more than
// the answer (README, "A query's ids").
const IDS = new Uint32Array(1 + 4096);

// Arrays of numbers (key ordinals, record ids) cross in a view of this buffer: a typed array
// of 16 or fewer is kept on V8's heap, and N-API gives its data only after moving it to a
// buffer of its own (a `malloc` here and a `free` on the sweeper's thread, as above).
const ARG = new Uint32Array(4096);

/** `xs[start…end)` (an array of numbers) as a Uint32Array to cross at once: a view of `ARG` while they fit (no defaults: they cost `search` by a function ~8%). */
function crossing (xs, start, end) {
	const n = end - start;
	if (n > ARG.length) return Uint32Array.from(xs.slice(start, end));
	for (let i = 0; i < n; i++) ARG[i] = xs[start + i];

	return ARG.subarray(0, n);
}

/** The ids a query's call answered: read out of `IDS` (`true`), or the array it crossed as. */
function idsOf (r) {
	if (r !== true) return r;
	const n = IDS[0];
	const ids = new Array(n);
	for (let i = 0; i < n; i++) ids[i] = IDS[i + 1];

	return ids;
}
// What `dumpIndexes` gave (the outer array) → {from, gen, shared}: WeakRefs to its Engine and to the decoded dump, the generation: `#copyIndexes`.
const indexDumps = new WeakMap();
const MISSING_MAX = 64; // index names `#missing` holds before it starts again

const SET_CHUNK = 256; // records per `setRecords` or `setChunk` call
// Bulk reads cross in slices of this many records: one string per slice stays far below
// V8's string length limit (~512 MiB) whatever the store holds, and small enough (~60 KB of
// the benchmark's records) for V8's young generation. A slice of 32,768 records made a 7 MB
// string in the large-object space, mapped afresh each time: a full `filter` pass over 1M
// records took 2.3 s with those slices, 1.36 s with these.
const READ_CHUNK = 256;
const DROPPED = -2; // the id of a queued item deleted before it landed (`undefer`): not written
const NOT_FOUND = -1; // what `delete` answers for a key the store does not hold (src/binding/writes.rs)
const HELD = Object.freeze({}); // a record sent as `{}`: one whose key landed alone (`#landKeys`), or one the engine refused
const SETTLED = Promise.resolve(); // what `clear` lands by, a reaction to it
const NO_NAMES = Object.freeze([]); // what `sync` reads an `index` that is no array as
const INDEX_PART = 65536; // index keys a part of an override of indexes too long for one text
const KEY_CHUNK = 32768; // keys alone are short: a slice is a few hundred KB
const SLICE_BYTES = 2 ** 26; // text of a slice of a key list read past V8's longest string

/** An engine error about a malformed argument, as the TypeError haro-rs throws. */
function mapped (e) {
	return e && e.code === 'InvalidArg' ? new TypeError(`haro-rs: ${e.message}`) : e;
}

// Where a `findPlan` trie node keeps its plan (a field name can be any string), and how many
// nodes the trie may hold.
const PLAN = Symbol('plan');
const PLAN_NODES = 4096;

// A slice of an index's keys read for its first few (`indexKeysFirst`: `util.inspect` shows 100).
const FIRST_BYTES = 16384;

/**
 * A list read from the engine a slice at a time: `read(from, maxBytes)` gives `[next place,
 * item…]`, as many items from place `from` on as fit `bytes` of text (one at least); its
 * first `most` items alone, where given.
 */
function bySlices (read, most = Infinity, bytes = SLICE_BYTES) {
	const out = [];
	for (let from = 0; out.length < most;) {
		const part = decode(read(from, bytes));
		for (let i = 1; i < part.length && out.length < most; i++) out.push(part[i]);
		if (part.length === 1) break;
		from = part[0];
	}

	return out;
}

/**
 * `send(start, end)` over `start…end` in pieces of at most `size`, a piece sent again in halves
 * where V8 refuses to make its string (`send` pushes nothing before it has its text).
 */
function inPieces (start, end, size, send) {
	const halves = (a, b) => {
		try {
			send(a, b);
		} catch (e) {
			if (!tooLongHere(e) || b - a < 2) throw e;
			const mid = a + ((b - a) >> 1);
			halves(a, mid);
			halves(mid, b);
		}
	};
	for (let a = start; a < end; a += size) halves(a, Math.min(end, a + size));
}

// How a part of an override of indexes begins (Rust `Continues`).
const FRESH = 0;
const ENTRY_GOES_ON = 1;
const KEY_GOES_ON = 2;

/** Whether an override of indexes goes in parts at once: an entry or a key too long for one text (or for `encodeQuery`). */
function partsWanted (data) {
	for (const entry of data) {
		const keys = Array.isArray(entry) ? entry[1] : undefined;
		if (!Array.isArray(keys)) continue;
		if (keys.length > INDEX_PART) return true;
		for (const kv of keys) if (Array.isArray(kv) && Array.isArray(kv[1]) && kv[1].length > INDEX_PART) return true;
	}

	return false;
}

/**
 * An `override(data, 'indexes')` entry with each value's record keys left out (`[]`), the rest
 * of its shape as it is: what the engine refuses in it, it still refuses.
 */
function withoutKeys (entry) {
	if (!Array.isArray(entry) || !Array.isArray(entry[1])) return entry;
	const out = entry.slice();
	out[1] = entry[1].map(kv => {
		if (!Array.isArray(kv) || !Array.isArray(kv[1])) return kv;
		const e = kv.slice();
		e[1] = [];

		return e;
	});

	return out;
}

/**
 * The texts of an `override(data, 'indexes')` entry `[name, [[value, keys]…]]` in parts of at
 * most INDEX_PART index keys, a key's record keys cut too where a part of one key cannot be
 * one string (or holds more than INDEX_PART of them), pushed onto `parts`; `continues` says
 * how each part goes on from the one before. An object value (a Date, which the index keys by
 * identity) is never cut: its record keys stay in one part.
 */
function indexParts (entry, parts, continues) {
	const keys = Array.isArray(entry) ? entry[1] : undefined;
	if (!Array.isArray(keys)) {
		parts.push(encodeQuery([entry])); // (the engine says what is wrong with it)
		continues.push(FRESH);

		return;
	}
	const name = entry[0];
	const push = (list, how) => {
		parts.push(encodeQuery([[name, list]]));
		continues.push(how);
	};
	// Keys `start…end`, the first of them going on as `how`.
	const put = (start, end, how) => {
		const kv = keys[start];
		const cut = end - start === 1 && Array.isArray(kv) && Array.isArray(kv[1]) && (typeof kv[0] !== 'object' || kv[0] === null);
		if (cut && kv[1].length > INDEX_PART) return recs(kv, how);
		try {
			push(keys.slice(start, end), how);
		} catch (e) {
			if (!tooLongHere(e) || (end - start < 2 && !cut)) throw e;
			if (end - start < 2) return recs(kv, how);
			const mid = start + ((end - start) >> 1);
			put(start, mid, how);
			put(mid, end, ENTRY_GOES_ON);
		}
	};
	// One key's record keys, the first part going on as `how`, the rest with the key.
	const recs = (kv, how) => inPieces(0, kv[1].length, INDEX_PART, (a, b) => push([[kv[0], kv[1].slice(a, b)]], a === 0 ? how : KEY_GOES_ON));
	if (keys.length === 0) push([], FRESH);
	for (let start = 0; start < keys.length; start += INDEX_PART) put(start, Math.min(keys.length, start + INDEX_PART), start === 0 ? FRESH : ENTRY_GOES_ON);
}

/**
 * Puts key `k` at `parts[j]` as a set chunk carries it (src/wire.rs): its text, and at
 * `lens[j]` its length in UTF-16 units, bit 31 set for a number key (written as `String(k)`).
 */
function chunkKey (k, parts, lens, j) {
	const ks = typeof k === 'number' ? String(k) : k;
	parts[j] = ks;
	lens[j] = typeof k === 'number' ? (ks.length | 0x80000000) >>> 0 : ks.length;
}

/** haro's index name for a find on the fields `names` (sorted in place), and its field list. */
function plan (names, delimiter, cmp) {
	const key = names.sort(cmp).join(delimiter);

	return [key, key.split(delimiter).sort(cmp)];
}

/**
 * One record a lookup found, with its record: the text of `[id, key, record]` as `records`
 * answers, parsed only when the record cache does not hold that id (`record`); a store past
 * the cache gets every such find's record, cached or not (1M records, each find of a cached
 * record parsed its record again: ~1 µs of its 4.5).
 */
class Found {
	constructor (text, h) {
		this.text = text;
		this.h = h; // the store's number (its engine describes the record's form)
		this.length = 1; // as the ids it stands for
	}

	/** The id the text opens with (`[id,`); -1 (none: the text is parsed) without one. */
	get id () {
		const t = this.text;
		let id = 0;
		let i = 1;
		for (; i < t.length; i++) {
			const d = t.charCodeAt(i) - 48;
			if (d < 0 || d > 9) break;
			id = id * 10 + d;
		}

		return i === 1 ? -1 : id;
	}

	/** `[id, key, record]`. */
	record () {
		return decodeRecords(this.text, this.h);
	}
}

// At most this many engines are held for their queue to land when the event loop turns: each
// holds its store's records, and a program that fills and drops many stores in one task (a
// test suite, a benchmark, a store per request) kept them all until the turn (100 dropped
// stores of 1k records: 28.6 MB, a full GC 19 ms against 5.4; ARCHITECTURE.md).
const IDLE_MAX = 4;
const UNSENT = 0xffffffff; // an id not written by the engine yet (`commit`)
const COMPACT_FROM = 1024; // deleted items a queue of sets holds before `compact` may run

/**
 * A queue of deferred writes (`Engine`'s `#queue`): every queue made here, its fields in one order
 * (one hidden class). `from`, `gen`: `deferCopy`; `dumpOf`: `#copyKeys`; `cleared`: `clear`.
 */
function queue (replace, items, unique, from = null, gen = 0, dumpOf = null, cleared = null) {
	return {replace, items, unique, dropped: 0, failed: false, from, gen, keyed: false, dumpOf, byKey: null, cleared};
}

/**
 * Takes the items deleted before they landed out of a queue of sets, once they are most of it:
 * a task that sets and deletes many records without a call that needs the engine would
 * otherwise hold every one until the queue lands.
 */
function compact (q) {
	const byKey = q.byKey;
	let n = 0;
	for (let i = 0; i < q.items.length; i++) {
		const item = q.items[i];
		if (item.id === DROPPED) continue;
		if (byKey !== null && n !== i) byKey.set(item.key, n); // (its new place; no entry is added)
		q.items[n++] = item;
	}
	q.items.length = n;
	q.dropped = 0;
}

/**
 * Whether a queued item's record can land later as a set of its key (`#landKeys`): a plain
 * object without a `toJSON` (an override also takes a Date, or anything a `toJSON` writes,
 * which a set would refuse and write as `{}`).
 */
function setsAlone (item) {
	const r = item.rec;
	const proto = Object.getPrototypeOf(r);

	return (proto === Object.prototype || proto === null) && r.toJSON === undefined;
}

/**
 * Whether `data` still holds what `shared` (the decoded dump it was made of) holds: each
 * index's name and keys, each key's record keys, in order (a Map's SameValueZero). Not where
 * an index key is an object (a Date, an array…): every dump of that generation hands out that
 * very object, so one changed in place would still be "the same", where the long way (and
 * haro) would take it as it is now.
 */
function sameDump (data, shared) {
	if (data.length !== shared.length) return false;
	for (let i = 0; i < shared.length; i++) {
		const entry = data[i];
		const [name, list] = shared[i];
		if (!Array.isArray(entry) || entry[0] !== name) return false;
		const given = entry[1];
		if (!Array.isArray(given) || given.length !== list.length) return false;
		for (let j = 0; j < list.length; j++) {
			const kv = given[j];
			const [k, keys] = list[j];
			if (!Array.isArray(kv) || !same(kv[0], k) || (typeof k === 'object' && k !== null)) return false;
			const rkeys = kv[1];
			if (!Array.isArray(rkeys) || rkeys.length !== keys.length) return false;
			for (let m = 0; m < keys.length; m++) if (!same(rkeys[m], keys[m])) return false;
		}
	}

	return true;
}

/** SameValueZero. */
function same (a, b) {
	return a === b || (a !== a && b !== b); // eslint-disable-line no-self-compare
}

/**
 * `data` of `override(data, 'indexes')` as the engine takes it by ids (`overrideIndexesIds`):
 * `[[name, [value, …]], …]`, and for each value its count of ids then the ids of the record
 * keys `idOf` (every record's engine id by key) holds; a key it does not hold is left out, as
 * the engine drops it (README, difference 5). 10k records under five indexes: 50k record
 * keys that crossed as JSON, each read and looked up in the engine (three cache misses each,
 * `perf`). Null where `data` is not of that shape, holes included (the engine then reads it
 * whole and says what is wrong), or `idOf` is null (the cache cannot name every id).
 */
function byIds (data, idOf) {
	if (idOf === null) return null;
	const values = new Array(data.length);
	const ids = [];
	for (let i = 0; i < data.length; i++) {
		const entry = data[i];
		if (!Array.isArray(entry) || !Array.isArray(entry[1]) || !(0 in entry)) return null;
		const given = entry[1];
		const vals = new Array(given.length);
		for (let j = 0; j < given.length; j++) {
			const kv = given[j];
			if (!Array.isArray(kv) || !Array.isArray(kv[1]) || !(0 in kv)) return null;
			vals[j] = kv[0];
			const keys = kv[1];
			const at = ids.length;
			ids.push(0);
			for (let m = 0; m < keys.length; m++) {
				const id = idOf.get(keys[m]);
				if (id !== undefined) ids.push(id);
			}
			ids[at] = ids.length - at - 1;
		}
		values[i] = [entry[0], vals];
	}

	return {values, ids: new Uint32Array(ids)};
}

/**
 * The fields of index `i` where haro joins them into a key (a name holding the delimiter), or
 * null. One field alone (a one-character name split by an empty delimiter) is no composite:
 * haro's `indexKeys` keeps the first field's values as they are.
 */
function compositeFields (i, delimiter) {
	if (typeof i !== 'string') return null;
	const d = String(delimiter);
	if (!i.includes(d)) return null;
	const fields = i.split(d);

	return fields.length === 1 ? null : fields;
}

/**
 * Throws unless index name `i` has a string the engine can hold: a lone surrogate would not
 * cross as itself (README, difference 2), and what has no string (a null-prototype object) no
 * index name at all. Called before the name changes anything; `method`: the call that gave
 * it, which the error names (none: the `index` list).
 */
function checkName (i, method = null) {
	let name;
	if (method !== null) {
		name = textOf(i, method, 'an index name');
	} else {
		try {
			name = String(i);
		} catch (e) {
			throw new TypeError('haro-rs: the index list holds a name with no string form', {cause: e});
		}
	}
	if (!name.isWellFormed()) throw new TypeError(`haro-rs: an index name must not hold a lone surrogate: ${JSON.stringify(name)}`);
}

/**
 * What a read of `ids` that failed with `e` answers read in two halves (`again(half)`), down
 * to one id: the engine's text for them could not cross as one string (past V8's longest: a
 * few records of hundreds of MB each).
 */
function halved (e, ids, again) {
	if (ids.length < 2) throw e;
	const mid = ids.length >> 1;

	return [...again(ids.slice(0, mid)), ...again(ids.slice(mid))];
}

/**
 * Records `start…end` as one crossing takes them: the chunk as one array's JSON (`textMany`,
 * `texts`) beside its keys joined, or, where a record needs its own text (`texts` null), each
 * entry's key and text joined; `lens` cuts `joined`.
 */
function chunked (keys, recs, states, start, end) {
	const texts = textMany(recs, states, start, end);
	if (texts !== null) {
		const lens = new Uint32Array(end - start);
		const parts = new Array(end - start);
		for (let i = start; i < end; i++) chunkKey(keys[i], parts, lens, i - start);

		return {joined: parts.join(''), lens, texts};
	}
	const lens = new Uint32Array(2 * (end - start));
	const parts = new Array(2 * (end - start));
	for (let i = start, j = 0; i < end; i++, j += 2) {
		chunkKey(keys[i], parts, lens, j);
		const text = encodeChecked(recs[i], states[i]);
		parts[j + 1] = text;
		lens[j + 1] = text.length;
	}

	return {joined: parts.join(''), lens, texts: null};
}

/** Sets records `start…end` in one crossing (`chunked`, unless `c` is made of them); their ids go into `ids`. */
function sendChunk (h, keys, recs, states, start, end, ids, c = chunked(keys, recs, states, start, end)) {
	if (c.texts !== null) native.setRecords(h, c.joined, c.lens, c.texts, ids);
	else native.setChunk(h, c.joined, c.lens, ids);
}

// Whether the engine sets a write's chunks on a thread of its own while the next is
// encoded (src/ingest.rs): two CPUs or more, and not `HARO_RS_INGEST=0`.
const LATER = native.ingestsLater();
// A chunk whose records' text is shorter than this is set here: the engine's part of it is
// below what handing it to the ingest thread costs, a wake-up each way (an override of
// indexes lands its store's keys, each record `{}`: 1,000 keys of haro's suite's
// `OVERRIDE indexes` 1.8-2.1 -> 0.7 ms on a busy machine, Node 24).
const LATER_TEXT = 2048;

/**
 * Records `start…end` of a write (`ids`: its whole array) handed to the engine's ingest
 * thread: `SENT`. Or `chunked`'s output, to send here: a record needs a text of its own, or
 * (`failed`) the chunk sent before it stopped at a record the engine refused (its ids are in
 * `ids`: the caller sets the rest of it first). Or undefined: nothing made (the encoding
 * threw, or the arguments did not cross), which the crossing here meets again.
 */
function sendLater (h, keys, recs, states, start, end, ids) {
	let c;
	try {
		c = chunked(keys, recs, states, start, end);
	} catch {
		return undefined;
	}
	if (c.texts === null || c.texts.length < LATER_TEXT) return c;
	try {
		if (native.setRecordsLater(h, c.joined, c.lens, c.texts, ids, start)) return SENT;
	} catch {
		return undefined; // (the chunk before it is still under way)
	}
	c.failed = true;

	return c;
}
const SENT = {};

/** Stages records `start…end` for an override in one crossing (`chunked`). */
function stageChunk (h, keys, recs, states, start, end) {
	const c = chunked(keys, recs, states, start, end);
	if (c.texts !== null) native.stageRecords(h, c.joined, c.lens, c.texts);
	else native.stageChunk(h, c.joined, c.lens);
}

/**
 * Sets records `start…end` a crossing each, after their chunk failed: a record the engine
 * still refuses (changed since its check into what it cannot hold, as nesting past its
 * depth) is set as `{}`, as one that cannot be written at all is (README, difference 4).
 */
function setEach (h, keys, recs, states, start, end, ids) {
	const lens = new Uint32Array(2);
	const parts = new Array(2);
	for (let i = start; i < end; i++) {
		chunkKey(keys[i], parts, lens, 0);
		const one = ids.subarray(i, i + 1);
		let text = encodeChecked(recs[i], states[i]);
		for (;;) {
			parts[1] = text;
			lens[1] = text.length;
			try {
				native.setChunk(h, parts.join(''), lens, one);
				break;
			} catch (e) {
				if (text === '{}') throw e;
				text = '{}';
			}
		}
	}
}

// Node 22 and later keep the pages of collected objects in V8's page pool, resident, until V8's
// memory reducer runs (after a while of an idle event loop, or never on a busy one). The
// records given to a big bulk write are usually dropped by their caller afterwards, the store
// keeping them off V8's heap: 1M loaded and dropped left ~900 MB of RSS beside a store of ~300.
// So such an array is watched (`Engine#watch`), and once V8 collects it, V8 is asked to give
// the freed pages back (src/relief.rs: an incremental collection). Node 20 gives them back itself.
// At most once every RELIEF_EVERY ms, the later ones of a burst joined in one: a program
// that loads big batches one after another must not pay a collection for each.
const WATCH_MIN = 65536; // a shorter array frees too little to be worth a collection
const RELIEF_EVERY = 10000;
const POOLED = Number(process.versions.node.split('.')[0]) >= 22;
let dropped = null; // the FinalizationRegistry of the arrays watched, made at the first
const watched = new WeakSet(); // (an array loaded again is registered once)
let reliefAt = -Infinity; // when V8 was last asked (`performance.now()`: a faked Date moves it not)
let reliefLater = null; // the timer of the one asked for meanwhile

function relieve () {
	const now = performance.now();
	const wait = Math.min(reliefAt + RELIEF_EVERY - now, RELIEF_EVERY);
	if (wait <= 0) {
		reliefAt = now;
		native.relieveMemory();
	} else if (reliefLater === null) {
		reliefLater = setTimeout(() => {
			reliefLater = null;
			relieve();
		}, wait);
		reliefLater.unref(); // (nothing to give back once the program ends)
	}
}

/**
 * Whether `value` is found by one index key lookup: a string (well-formed: it crosses as
 * UTF-8), a boolean or a number but NaN (haro compares each key with ===, which a Map lookup
 * matches but for NaN, which === finds nowhere).
 */
function isOneKey (value) {
	const t = typeof value;

	return t === 'boolean' || (t === 'string' && value.isWellFormed()) || (t === 'number' && value === value); // eslint-disable-line no-self-compare
}

class Engine {
	// Engines whose queue lands when the event loop turns, newest last, each once (`#listed`).
	// One pushed out lands when its store next needs the engine, or when a later write of its
	// store lists it again; a store dropped meanwhile never lands at all.
	static #idle = [];
	#listed = false;
	#clearing = false; // a reaction that lands a queued clear is pending (`clear`)
	#ext; // owns the engine's store: when this object is collected, so is the store
	#h; // the store's number, what every call passes (through `h`)
	#queue = null; // deferred writes: {replace, items, unique, dropped, failed, from, gen, keyed, dumpOf, byKey, cleared} (`from`, `gen`: `deferCopy`; `keyed`: `#landKeys`; `dumpOf`: `#copyKeys`; `byKey`: each waiting item's place by key, for `#undefer`, `waits`, `requeue`; `cleared`: `clear`), or null
	#indexFree = true; // no index was ever asked of the engine: writes may be deferred
	#staging = false; // a bulk write is being staged: nothing is deferred meanwhile
	#versioning;
	landed = null; // (tokens, ids): told the engine ids of landed records (lib/records.js)
	#synced = null; // [delimiter, ...index] as last sent by `sync`
	#syncedCmp = null; // the sortKeys that ordered the composites' fields `sync` sent
	#composites = []; // the specs ([name, fields]) of the composites of the list last sent: `checkJoinable`
	#names = NONE; // engine name → `index` entry, for entries that are not strings (a Map of its own once one is)
	#held = {keys: [], recs: [], states: [], native: false}; // `stage`: checked records not yet sent (`native`: some in the engine's staging area)
	#busy = false; // records are being encoded and sent: getters and toJSON of theirs run
	#lkeys = NONE; // index name → {gen, keys}: `indexKeysKept` (a Map of its own once one is kept)
	#dumped = null; // the last dumpIndexes, decoded: {gen, name, dump: a WeakRef of it}
	#plans = NONE; // delimiter → field names → … → [index name, fields] under PLAN: `findPlan` (a Map of its own once one is)
	#planNodes = 0;
	#missing = null; // index name → the engine generation at which `findKey` found no such index
	#reindexedAt = 0; // the engine's generation when every index was last rebuilt (0: a new store, which has none)
	#skipped = 0; // full reindexes skipped since (`viewGeneration`)

	constructor (delimiter, versioning) {
		this.#ext = native.create(delimiter, versioning, ARG); // (its number in ARG[0])
		this.#h = ARG[0];
		this.#versioning = versioning;
	}

	/** The store's number; deferred writes land first, so every call sees them. */
	get h () {
		if (this.#queue !== null) this.land();

		return this.#h;
	}

	// ---- deferred writes ---------------------------------------------------------------------

	/** Whether a write of a new record may be deferred now. */
	deferrable () {
		return this.#indexFree && !this.#staging;
	}

	/**
	 * Throws what encoding `rec` would throw (`at`, `method` name it), sending nothing: a
	 * write that `defer` queues is refused at the call (`land` checks it again, leniently).
	 */
	check (rec, at, method) {
		check(rec, at, method);
	}

	/**
	 * Queues a write of a new record (checked) for the next `land`: `item` is any object with the record's `key`, `rec` and `id` (-1: `undefer`
	 * makes it -2); `landed` gets it back with its id.
	 */
	defer (item) {
		this.writable();
		// A versioned store's override lands before a set queued after it: the override keeps
		// every history as it was, where a set of a new key starts that key's afresh.
		// So does a copy (`deferCopy`): the sets after it cannot join it.
		if (this.#queue !== null && this.#queue.replace && (this.#versioning || this.#queue.from !== null)) this.land();
		if (this.#queue === null) this.#open(queue(false, [], true));
		else if (!this.#listed) this.#landWhenIdle(); // (pushed out of the list by other stores' queues)
		const q = this.#queue;
		q.byKey?.set(item.key, q.items.length);
		q.items.push(item);
	}

	/**
	 * The `n` items just queued by `defer` are the whole queue: `byKey` (each one's key → its
	 * place, as a bulk write found them new) becomes the queue's places by key, which the
	 * queue's first delete would otherwise build (10k records: 1.7-2.2 ms on Node 24; a Map
	 * set costs ~100 ns here, the bulk write made this one anyway to see a key twice).
	 */
	deferred (n, byKey) {
		const q = this.#queue;
		if (q !== null && q.byKey === null && q.dropped === 0 && q.items.length === n) q.byKey = byKey;
	}

	/**
	 * Queues an override: the store becomes exactly these items' records (checked) at the
	 * next `land`. `unique`: no key is given twice. `dumpOf`: {from, writes}, a WeakRef to the
	 * Records whose dump the items are, unchanged, and its write count then (`#copyKeys`).
	 */
	deferOverride (items, unique, dumpOf = null) {
		this.writable();
		// Writes deferred before land first in a versioned store: it keeps their (empty) histories.
		// So does a clear: it drops every history, an override none.
		if (this.#queue !== null && (this.#versioning || this.#queue.cleared !== null)) this.land();
		this.#open(queue(true, items, unique, null, 0, dumpOf));
	}

	/**
	 * Queues an override by the records store `from` (an Engine) holds, as they rest in its
	 * engine at generation `gen`: `items` are their records here (`Entry`s), in its order. It lands
	 * as a copy from engine to engine while `from`'s engine is still at `gen`; else (changed,
	 * or collected) as `deferOverride`'s would, from the items' records.
	 */
	deferCopy (items, from, gen) {
		this.writable();
		if (this.#queue !== null && (this.#versioning || this.#queue.cleared !== null)) this.land(); // (as `deferOverride`)
		this.#open(queue(true, items, true, new WeakRef(from), gen));
	}

	/** Whether writes wait in the queue (a call that needs the engine lands them first). */
	get pending () {
		return this.#queue !== null;
	}

	/**
	 * Takes the queued record `key` out of the queue (it was deleted before it landed), so no
	 * landing is needed to delete it: true if it was. Not in a versioned store (the engine
	 * may hold a history of that key to drop), nor out of an override that names a key twice
	 * (an earlier item of that key would land in its place).
	 */
	#undefer (key) {
		const q = this.#queue;
		const item = this.#waiting(key, false);
		if (item === null) return false;
		q.byKey.delete(key);
		item.id = DROPPED;
		// A queue of sets left with nothing to send is gone (an override or a clear still empties
		// the store). A clear's items are all sets: compacted as a queue of sets is.
		if (++q.dropped === q.items.length && !q.replace) this.#queue = null;
		else if (q.dropped >= COMPACT_FROM && q.dropped * 2 > q.items.length && (!q.replace || q.cleared !== null)) compact(q);

		return true;
	}

	/**
	 * Whether record `key` waits in a queue of sets, where `requeue` can replace it: not in a
	 * versioned store (haro keeps the record replaced in its history), nor while the queue's
	 * records are being sent.
	 */
	waits (key) {
		return !this.#busy && this.#waiting(key, true) !== null;
	}

	/** Record `key`, waiting in a queue of sets (`waits`), is `rec` now (a `set` merged it): true if it was. */
	requeue (key, rec) {
		const item = this.#busy ? null : this.#waiting(key, true);
		if (item === null) return false;
		item.rec = rec;
		if (!this.#listed) this.#landWhenIdle(); // (as `defer`: pushed out of the list by other stores' queues)

		return true;
	}

	/**
	 * The queue's item of record `key` while it waits to land, or null: none, or a queue that
	 * cannot give it up (`undefer`) or take another record in its place (`sets`: only a queue
	 * of sets can). The queue's items by key are found once its first such call comes, and
	 * kept with it (a set per queued write cost every store's loop of `set`s).
	 */
	#waiting (key, sets) {
		const q = this.#queue;
		if (q === null || !this.#listsKeys(q, sets)) return null;
		if (q.byKey === null) {
			const byKey = q.byKey = new Map();
			for (let i = 0; i < q.items.length; i++) if (q.items[i].id === -1) byKey.set(q.items[i].key, i);
		}
		const at = q.byKey.get(key);
		const item = at === undefined ? undefined : q.items[at];

		return item === undefined || item.id !== -1 ? null : item;
	}

	/**
	 * Whether queue `q`'s waiting items are found by key (`#waiting`): not in a versioned store,
	 * a copy, a queue whose landing failed, nor an override naming a key twice (or any override,
	 * for `sets`). `delete` reads a miss as "not waiting" only where this holds.
	 */
	#listsKeys (q, sets) {
		return !q.failed && !this.#versioning && q.from === null && !(q.replace && (sets || !q.unique));
	}

	/**
	 * Starts a queue. It lands on the first call that needs the engine, or when the event loop
	 * turns if its store is among the last few written (`#idle`): a program that fills a store
	 * and yields does not pay for the whole queue inside one later call.
	 */
	#open (queue) {
		this.#queue = queue;
		this.#landWhenIdle();
	}

	#landWhenIdle () {
		if (this.#listed) return;
		const idle = Engine.#idle;
		if (idle.length === 0) setImmediate(Engine.#landIdle).unref();
		idle.push(this);
		this.#listed = true;
		if (idle.length > IDLE_MAX) idle.shift().#listed = false;
	}

	static #landIdle () {
		for (const engine of Engine.#idle.splice(0)) {
			engine.#listed = false;
			try {
				engine.land();
			} catch {
				// Kept: the next call that needs the engine lands it, and reports what failed.
			}
		}
	}

	/** Sends every deferred write (but those deleted meanwhile) in one commit; `landed` learns their ids. */
	land () {
		const q = this.#queue;
		if (q === null) return;
		if (q.cleared !== null && this.#cleared(q)) return;
		if (q.from !== null && this.#landCopy(q)) return;
		this.#queue = null;
		this.#send(q, false);
	}

	/**
	 * An index override names records by key, so the engine must hold those a queue holds. In
	 * a store that never had an index (no index of its reads a record: the engine's `own_key`)
	 * and keeps no histories, their keys land now, each record held there as `{}`; the records
	 * stay queued, as sets of those keys, to land as any queue does (`h`: before any call that
	 * reads the engine; or when the event loop turns). A restore (records, then indexes) that
	 * is dropped, or read from the cache alone, never encodes them. True when the engine holds
	 * every key the store holds and only records wait (`h` would land them; `#h` does not).
	 */
	#landKeys () {
		const q = this.#queue;
		if (q === null || (q.cleared !== null && this.#cleared(q))) return false;
		if (q.keyed) return true;
		if (!this.#indexFree || this.#versioning || q.from !== null || q.failed || !q.unique || !q.items.every(setsAlone)) return false;
		if (!this.#copyKeys(q)) {
			this.#queue = null;
			this.#send(q, true); // (a failure puts the queue back, marked failed: it lands whole)
		}
		q.keyed = true;
		q.replace = false; // (an override's emptying of the store is done)
		this.#queue = q;

		return true;
	}

	/** Whether another store's engine, `from`, may be copied from now: nothing of its own waits or is being sent. */
	#readable (from) {
		return from !== this && from.#queue === null && !from.#busy;
	}

	/**
	 * The keys of queue `q`, an unchanged dump of another store (`dumpOf`), copied from that
	 * store's engine, each record held as `{}` there as `#send` would: true if done. The
	 * store must not have been written since, nor wait to land (then the engine holds the
	 * dump's keys, in its order). Its indexes may then follow (`#copyIndexes`).
	 */
	#copyKeys (q) {
		const src = q.dumpOf;
		const records = src === null || q.dropped !== 0 ? undefined : src.from.deref();
		if (records === undefined || records.writes !== src.writes) return false;
		const from = records.engine;
		if (!this.#readable(from)) return false;
		// (the write count above is what says the keys are the dump's: an index change moves
		// the generation, not them, so the one passed is the source's now)
		const ids = native.copyRecords(this.#h, from.#h, q.items.length, hot.generation(from.#h), true);
		if (ids === null) return false;
		this.landed(q.items, ids);

		return true;
	}

	/**
	 * `land` of queue `q` (taken out of `#queue`), or of its keys alone (`keysOnly`: each
	 * record sent as `{}`). The queue goes the way a bulk write goes: held, then set one by
	 * one, or staged and committed whole for an override (all or nothing). It has a staging
	 * area of its own: a landing can come inside a bulk write's (a call from one of its hooks).
	 * Each record is checked again, leniently, for how to write it: its caller may have changed
	 * it in place since (a Date, NaN, -0 or undefined added is written as itself; README,
	 * difference 4), and a dump given back, or a copy that could not be made, was not checked
	 * at all. No write may come from their getters meanwhile (`#busy`).
	 */
	#send (q, keysOnly) {
		const outer = this.begin();
		const held = this.#held;
		const items = q.dropped === 0 ? q.items : [];
		let ids;
		try {
			this.#busy = true;
			try {
				for (const item of q.items) {
					if (q.dropped !== 0) {
						if (item.id === DROPPED) continue;
						items.push(item);
					}
					held.keys.push(item.key);
					held.recs.push(keysOnly ? HELD : item.rec);
					held.states.push(keysOnly ? 0 : lenient(item.rec));
				}
			} finally {
				this.#busy = false;
			}
			if (q.replace) this.staged(true, true);
			ids = this.commit(q.replace);
		} catch (e) {
			this.unstage();
			// (not a record: one the engine refuses, or whose getter now throws, lands as
			// `{}`; an error of the engine's own) the next call retries. A set cut short may
			// have written some of them: none is taken out of the queue from now on
			// (`#undefer`), so a delete goes to the engine, after the retry.
			q.failed = true;
			this.#queue = q;
			throw e;
		} finally {
			this.end(outer);
		}
		this.landed(items, ids);
	}

	/** `land` of a queue `deferCopy` made, by a copy: false (nothing done) where it cannot be. */
	#landCopy (q) {
		const from = q.from.deref();
		const ids = from === undefined ? null : Engine.#copy(this.#h, from, q.items.length, q.gen);
		if (ids === null) return false;
		this.#queue = null;
		this.landed(q.items, ids);

		return true;
	}

	/**
	 * Store `to` (a number) takes the `n` records `from` (an Engine) held at generation `gen`,
	 * or null (nothing done): `from` moved since, or sends records itself. (`#h`, not `h`:
	 * writes queued there since are not the override's.)
	 */
	static #copy (to, from, n, gen) {
		return from.#busy ? null : native.copyRecords(to, from.#h, n, gen, false);
	}

	configure (delimiter, versioning) {
		this.#versioning = versioning;
		native.configure(this.h, delimiter, versioning);
	}

	retain (versionLimit, versionTtl) {
		native.configureRetention(this.h, versionLimit, versionTtl);
	}

	size () {
		return hot.size(this.h);
	}

	generation () {
		return hot.generation(this.h);
	}

	/**
	 * What the index views keep their decoded indexes for: the generation, plus the full
	 * reindexes `reindex` skipped (each moves it, as a reindex that crossed moves the
	 * generation). A caller may have changed a Set a view handed out: haro's `reindex()`
	 * builds every index anew, so the view decodes its index again. Both only grow, so their
	 * sum never comes back to a value it had.
	 */
	viewGeneration () {
		return hot.generation(this.h) + this.#skipped;
	}

	// ---- one record (hot: a string-key and a number-key form each; probing costs more than the call)

	has (key) {
		return typeof key === 'number' ? hot.hasN(this.h, key) : hot.has(this.h, key);
	}

	/** `[id, key, record]`, or null. */
	get (key) {
		const t = typeof key === 'number' ? hot.getN(this.h, key) : hot.get(this.h, key);

		return t === null ? null : decodeRecords(t, this.#h);
	}

	/** Writes `rec` (merged unless `replace`): its id, or `[id, merged record]` when the engine merged. */
	set (key, rec, replace) {
		this.writable();
		const text = encode(rec);
		if (this.#composites.length > 0) {
			try {
				checkJoinable(rec, this.#composites);
			} catch (e) {
				// (a merge joins the merged values, which the engine makes: not checked here)
				if (replace || !this.has(key)) throw e;
			}
		}
		try {
			const h = this.#queue !== null && this.#holds(key) ? this.#h : this.h;
			const r = typeof key === 'number' ? hot.setN(h, key, text, replace) : hot.set(h, key, text, replace);

			return typeof r === 'number' ? r : decode(r);
		} catch (e) {
			throw mapped(e);
		}
	}

	/**
	 * Whether a set or a delete of `key` may leave the queue where it is: the write of a record
	 * the engine holds (asked now, after the record's getters ran) while new records wait. They
	 * are other keys, a queue of sets holds none the engine has, and they land after it in the
	 * order they were set, as they would have before it (their places; after a delete, one may
	 * take the id it freed, whose slot in the record cache it then takes). Not a queue that
	 * replaces the store (a copy is one), one whose keys landed as `{}` (`#landKeys`: the merge
	 * would read that), nor one whose landing failed part way (some of its keys are written).
	 */
	#holds (key) {
		const q = this.#queue;
		if (q.replace || q.keyed || q.failed) return false;

		return typeof key === 'number' ? hot.hasN(this.#h, key) : hot.has(this.#h, key);
	}

	/**
	 * Deletes record `key`: the engine id its record had (the record cache frees that slot),
	 * `DROPPED` for one taken out of the queue before it landed (`#undefer`: it had no id), or
	 * `NOT_FOUND`. For one not waiting, where the queue is a queue of sets `#waiting` lists by
	 * key (`#listsKeys(q, true)`) whose keys did not land alone, that miss says the engine
	 * holds the record or nobody does: the delete goes there without a landing and without
	 * asking it first (a rolling window deletes a landed record while new ones wait: one
	 * crossing, not two). Elsewhere the engine is asked (`#holds`), or the queue lands first.
	 */
	delete (key, versions) {
		const q = this.#queue;
		if (q !== null && this.#undefer(key)) return DROPPED;
		this.writable();
		const h = q !== null && ((!q.keyed && this.#listsKeys(q, true)) || this.#holds(key)) ? this.#h : this.h;

		return typeof key === 'number' ? hot.deleteN(h, key, versions) : hot.delete(h, key, versions);
	}

	dropVersions (key) {
		native.dropVersions(this.h, key);
	}

	/**
	 * Empties the store; `reindex`: its indexes come back empty (haro's `reindex()` after its
	 * clear). The engine's part waits, as a deferred write does: a queue that replaces the
	 * store by nothing (`cleared`, applied first when it lands: `#cleared`), which the sets
	 * that follow join. What was deferred goes with the rest. Meanwhile the record cache,
	 * emptied and complete, answers reads, and lookups answer nothing (`#lookupsEmpty`), so a
	 * `clear` and the reads that follow it cross nothing (a cold crossing was a third of it).
	 */
	clear (reindex) {
		this.writable();
		this.#queue = queue(true, [], true, null, 0, null, reindex);
		// The engine empties the store when the current job ends (the memory goes then), by a
		// promise's reaction (`#landCleared`): `#landWhenIdle`'s setImmediate cost 30-180 µs
		// right after a collection, more than the crossing it saves. One reaction at a time: a
		// loop of clears queues no more. Sets that join the queue list it for the next turn of
		// the event loop, and land then, as any queue's.
		if (this.#clearing) return;
		this.#clearing = true;
		SETTLED.then(() => this.#landCleared());
	}

	/**
	 * The reaction `clear` queued: the engine empties the store; sets queued since stay queued,
	 * a queue of sets now, to land when the event loop turns as any (README, difference 4: a
	 * record changed in place after an `await` lands as changed).
	 */
	#landCleared () {
		this.#clearing = false;
		const q = this.#queue;
		if (q === null || q.cleared === null) return; // (landed meanwhile, or replaced)
		try {
			this.#cleared(q);
		} catch {
			// (kept, as `#landIdle` keeps it: the next call that needs the engine lands it)
		}
	}

	/**
	 * The engine empties the store `clear` queued `q` for; true when nothing else waits (the
	 * queue is gone), else the sets queued since land as sets.
	 */
	#cleared (q) {
		hot.clear(this.#h, q.cleared);
		q.cleared = null;
		q.replace = false; // (the emptying is done)
		if (q.dropped !== q.items.length) return false;
		this.#queue = null;

		return true;
	}

	// ---- many records --------------------------------------------------------------------

	/** Watches `items`, the array a bulk write was given: see `WATCH_MIN`. */
	watch (items) {
		// (not a Proxy: its traps would see reads haro never makes, and a revoked one throws)
		if (!POOLED || isProxy(items) || !Array.isArray(items) || items.length < WATCH_MIN || watched.has(items)) return;
		watched.add(items);
		dropped ??= new FinalizationRegistry(relieve);
		dropped.register(items, undefined);
	}

	/**
	 * Gives a bulk write (or a landing) a staging area of its own, and returns what `end`
	 * gives back: a bulk write started from a hook or a getter of another, while that one
	 * holds records it has not sent, must neither send nor drop them.
	 */
	begin () {
		this.writable();
		const outer = {held: this.#held, staging: this.#staging};
		this.#held = {keys: [], recs: [], states: [], native: false};
		this.#staging = false;

		return outer;
	}

	/**
	 * Throws while this store encodes and sends records (`#busy`): a write from a getter or a
	 * `toJSON` of one of them would land between the engine's part of that write and the
	 * record cache's, which follows it (an override or a clear meanwhile would leave the two
	 * disagreeing). The write being sent goes on; the getter's own write is refused.
	 */
	writable () {
		if (this.#busy) throw new TypeError('haro-rs: a store cannot be written while it sends records to its engine (from a getter or toJSON of one of them)');
	}

	/** The staging area `begin` replaced is back (what this one still held goes with it). */
	end (outer) {
		this.#held = outer.held;
		this.#staging = outer.staging;
	}

	/**
	 * Checks a record for the next `commit` (`at`, `method` name it in an error) and holds
	 * it; it is encoded when it is sent, so no text outlives its own crossing.
	 */
	stage (key, rec, at, method) {
		if (this.#queue !== null) this.land(); // before anything is staged: land commits what is
		this.#staging = true;
		const held = this.#held;
		held.states.push(check(rec, at, method));
		// (an override indexes nothing, in haro too)
		if (this.#composites.length > 0 && method !== 'override') checkJoinable(rec, this.#composites, at, method);
		held.keys.push(key);
		held.recs.push(rec);
	}

	/**
	 * An override sends what `stage` holds to the engine's staging area (`always`: even
	 * nothing). A chunk that cannot cross whole (its text past V8's longest string, or a
	 * record the engine refuses: changed since its check) crosses a record at a time; one the
	 * engine still refuses is staged as `{}` when `lenient` (a landing: the call that made it
	 * has returned), else it throws, and the caller unstages everything (all or nothing).
	 */
	staged (always, lenient = false) {
		if (!always) return;
		const {keys, recs, states} = this.#held;
		// `h` lands first what a hook or a getter of this write queued while it checked its
		// records: it came before. While this write sends, no write can queue (`writable`).
		const h = this.h;
		this.#held.native = true;
		this.#busy = true;
		try {
			for (let start = 0; start < keys.length || start === 0; start += SET_CHUNK) {
				const end = Math.min(keys.length, start + SET_CHUNK);
				try {
					stageChunk(h, keys, recs, states, start, end);
				} catch {
					for (let i = start; i < end; i++) {
						try {
							stageChunk(h, keys, recs, states, i, i + 1);
						} catch (e) {
							if (!lenient) throw mapped(e);
							stageChunk(h, [keys[i]], [HELD], [0], 0, 1);
						}
					}
				}
			}
		} finally {
			this.#busy = false;
		}
		this.#release();
	}

	#release () {
		const held = this.#held;
		held.keys.length = 0;
		held.recs.length = 0;
		held.states.length = 0;
		held.native = false;
	}

	/** Forgets everything staged (a record was refused). */
	unstage () {
		const staged = this.#held.native;
		this.#release();
		this.#staging = false;
		// Only what this write staged there: a write nested in another (from a hook) must not
		// drop the outer one's. (Not `h`: landing a queue now would commit what this write
		// staged there.)
		if (staged) native.unstage(this.#h);
	}

	/**
	 * Applies what was staged; `replace`: the store becomes exactly that (all or nothing, in
	 * the engine). Otherwise the held records are encoded and set in order, SET_CHUNK to a
	 * crossing: the chunk as one array's JSON (`textMany`) beside its keys joined, or, where
	 * a record needs its own text, each entry's key and text joined, cut again by their
	 * lengths (no parse, where staging parsed the joined text twice: 1.6 µs a record), so the
	 * per-call cost of a crossing is paid once a chunk. Every record was checked before the
	 * first set; a chunk that fails even so (a record changed since its check, a text past
	 * V8's longest string) goes on a record at a time from the first one not set (`setEach`),
	 * so a write never stops part way.
	 */
	commit (replace) {
		this.#staging = false;
		try {
			// (not `h` for an override: `staged` landed what came before it, and a landing now
			// would fill the engine's staging area this override filled)
			if (replace) return native.commitStaged(this.#h, true);
			const {keys, recs, states} = this.#held;
			const h = this.h; // (as `staged`)
			const n = keys.length;
			const ids = new Uint32Array(n);
			// More than one crossing: the engine is told how many come (a big load into an
			// empty store is packed whole: `Store::expect`), and when they are in.
			const told = n > SET_CHUNK;
			if (told) native.expect(h, n);
			// The rest of a chunk the engine stopped in, a record at a time (`setEach`).
			const rest = (start, end) => {
				let from = start;
				while (from < end && ids[from] !== UNSENT) from++;
				setEach(h, keys, recs, states, from, end, ids);
			};
			// Where the chunk the ingest thread may still be setting starts (-1: none); its
			// ids are collected, and a stop in it mended (`stopped`: a crossing said so
			// already), before anything else is sent.
			const later = told && LATER;
			let prev = -1;
			const settle = (stopped = false) => {
				const p = prev;
				prev = -1;
				if (p >= 0 && (stopped || !native.settleChunks(h, ids))) rest(p, Math.min(n, p + SET_CHUNK));
			};
			this.#busy = true;
			try {
				for (let start = 0; start < n; start += SET_CHUNK) {
					const end = Math.min(n, start + SET_CHUNK);
					const chunk = ids.subarray(start, end);
					chunk.fill(UNSENT); // the engine writes each id as it sets the record
					let c;
					if (later) {
						c = sendLater(h, keys, recs, states, start, end, ids);
						if (c === SENT) {
							prev = start;
							continue;
						}
						settle(c?.failed === true);
					}
					try {
						sendChunk(h, keys, recs, states, start, end, chunk, c);
					} catch {
						rest(start, end);
					}
				}
				settle();
			} finally {
				this.#busy = false;
				if (prev >= 0) native.settleChunks(h, ids); // (a throw: nothing is left under way)
				if (told) native.expect(h, 0);
			}

			return ids;
		} catch (e) {
			throw mapped(e);
		} finally {
			this.#release();
		}
	}

	/**
	 * `override(dump, 'records')` of a dump store `from` (an Engine) gave, unchanged since:
	 * this store takes the `n` records `from`'s engine held at generation `gen`, nothing
	 * encoded and nothing crossing (their ids, in order). Null, nothing changed, where it
	 * cannot (`#copy`).
	 */
	copyFrom (from, n, gen) {
		return Engine.#copy(this.h, from, n, gen); // (`h` lands this store's queue first, as `staged` does)
	}

	/** Deletes every key, or none: the ids the records had (a Uint32Array, the keys' order), or null where one is missing or named twice. */
	deleteMany (keys, versions) {
		this.writable();
		// Plain keys (no NUL-led string, no NaN/Infinity) need no tags: one stringify.
		const plain = keys.every(k => typeof k === 'number' ? k - k === 0 : k.length === 0 || k.charCodeAt(0) !== 0);
		const text = list => plain ? JSON.stringify(list) : `[${list.map(encodeKey).join(',')}]`;
		try {
			return native.bulkDelete(this.h, text(keys), versions);
		} catch (e) {
			// (a key list whose text passes V8's longest string: in parts, still one call)
			if (!tooLongHere(e)) throw e;
		}
		const parts = [];
		inPieces(0, keys.length, KEY_CHUNK, (a, b) => parts.push(text(keys.slice(a, b))));

		return native.bulkDeleteParts(this.h, parts, versions);
	}

	/**
	 * The write stamps of the records `ids` (a Uint32Array), then the epoch they are of: a
	 * record's moves whenever the engine sets its text (crates/haro-core/src/store/stamps.rs).
	 */
	stamps (ids) {
		return native.stamps(this.h, ids);
	}

	/** Ids of the records at positions `start`…`end` in insertion order. */
	ids (start = 0, end = 0xffffffff) {
		return native.ids(this.h, start, end);
	}

	/**
	 * `[id, key, record, …]` for `ids[start…end)` (a Uint32Array or an array; at most
	 * READ_CHUNK of them: one string).
	 */
	records (ids, start = 0, end = ids.length) {
		const h = this.h; // (a landing that fails is not a read to halve)
		let text;
		try {
			text = native.records(h, ids instanceof Uint32Array ? ids.subarray(start, end) : crossing(ids, start, end));
		} catch (e) {
			return halved(e, ids.slice(start, end), part => this.records(part));
		}

		return decodeRecords(text, h);
	}

	/** Every key in insertion order. */
	keys () {
		const h = this.h;
		const size = hot.size(h);
		if (size <= KEY_CHUNK) {
			try {
				return decode(native.keys(h));
			} catch {
				// (past V8's longest string: read by ids, in halves)
			}
		}
		const list = [];
		for (let start = 0; start < size; start += KEY_CHUNK) {
			const ids = native.ids(h, start, start + KEY_CHUNK);
			for (const k of this.#keysOf(h, ids)) list.push(k);
		}

		return list;
	}

	#keysOf (h, ids) {
		let text;
		try {
			text = native.keysOf(h, ids);
		} catch (e) {
			return halved(e, ids, part => this.#keysOf(h, part));
		}

		return decode(text);
	}

	// ---- indexes ---------------------------------------------------------------------------

	/** The engine spec of one `index` entry: [name, fields] for a composite, [name, null] else. */
	#spec (i, delimiter, cmp) {
		const name = String(i);
		const fields = compositeFields(i, delimiter);

		return [name, fields === null ? null : fields.sort(cmp)];
	}

	/** Whether `list`, `delimiter` and `cmp` are what `sync` last sent. */
	synced (list, delimiter, cmp) {
		const last = this.#synced;
		if (!Array.isArray(list)) list = NO_NAMES; // (an `index` assigned something else lists none, as `sync` reads it)
		// (`cmp`, the store's sortKeys, orders a composite's fields: one given to the instance
		// since orders the keys of later writes, as in haro)
		if (last === null || last.length !== list.length + 1 || last[0] !== delimiter || cmp !== this.#syncedCmp) return false;
		for (let i = 0; i < list.length; i++) {
			if (last[i + 1] !== list[i]) return false;
		}

		return true;
	}

	/**
	 * Sends the `index` list again when it, the delimiter or sortKeys changed since the last
	 * call; true if sent (or, for a new store's empty list, recorded: the engine's is empty
	 * too). With `reindex` (true), every index is rebuilt in the same crossing, as
	 * `reindex(null)` would (which then finds nothing to do).
	 */
	sync (list, delimiter, cmp, reindex) {
		const items = Array.isArray(list) ? list : NO_NAMES;
		if (this.synced(items, delimiter, cmp)) return false;
		for (const i of items) {
			checkName(i);
			if (typeof i !== 'string') (this.#names === NONE ? this.#names = new Map() : this.#names).set(String(i), i);
		}
		if (items.length > 0) this.#indexFree = false;
		const specs = items.map(i => this.#spec(i, delimiter, cmp));
		// (generation 0: the engine's store is as `create` made it, without specs or records)
		if (specs.length > 0 || this.#synced !== null || hot.generation(this.h) !== 0) {
			let gen;
			try {
				gen = native.setSpecs(this.h, encodeQuery(specs), reindex);
			} catch (e) {
				// The engine took the list before its reindex refused (a record making too many
				// keys): the next call sends whatever list is given then, the one before too.
				this.#synced = null;
				throw mapped(e);
			}
			if (reindex) this.#reindexedAt = gen;
		}
		this.#synced = [delimiter, ...items];
		this.#syncedCmp = cmp;
		this.#composites = specs.filter(([, fields]) => fields !== null); // (`compositeFields`: two fields or more)
		// A name neither listed nor held by the engine names nothing any more: it goes (a program
		// that makes and drops number-named indexes one after another grew this map for ever).
		if (this.#names.size > items.length) {
			for (const [n, entry] of this.#names) if (!items.includes(entry) && !this.hasIndex(n)) this.#names.delete(n);
		}

		return true;
	}

	/** The `index` entry an engine index name stands for. */
	name (n) {
		return this.#names.get(n) ?? n;
	}

	/**
	 * The engine name of the index haro's `indexes.get(i)` finds, or null. An `index` entry
	 * that is not a string (a number) and its name's string share the engine's index: the
	 * string finds it unless a number entry named it and the list does not name the string;
	 * the number finds it unless the list names the string.
	 */
	lookupName (i) {
		if (typeof i === 'string') return !this.#names.has(i) || this.#lists(i) ? i : null;
		// (no entry of the list is other than a string: nothing else names an index)
		if (this.#names.size === 0) return null;
		// (a value without a string form names no index: the list's entries all have one,
		// `sync` made sure; haro's Map lookup finds nothing under it either)
		let n;
		try {
			n = String(i);
		} catch {
			return null;
		}
		const entry = this.#names.get(n);

		// (`has`: an entry may be `undefined` itself, which a missing one must not match)
		return this.#names.has(n) && (entry === i || (entry !== entry && i !== i)) && !this.#lists(n) ? n : null; // eslint-disable-line no-self-compare
	}

	/** Whether the `index` list last sent holds `i` (SameValueZero). */
	#lists (i) {
		const s = this.#synced;
		for (let j = 1; s !== null && j < s.length; j++) {
			if (s[j] === i || (s[j] !== s[j] && i !== i)) return true; // eslint-disable-line no-self-compare
		}

		return false;
	}

	/** Rebuilds index `i` (every index when `i` is falsy). */
	reindex (i, delimiter, cmp) {
		// (nothing changed since every index was last rebuilt: they follow the records already)
		if (!i && hot.generation(this.h) === this.#reindexedAt) {
			this.#skipped++;

			return;
		}
		let gen;
		try {
			gen = native.reindex(this.h, i ? encodeQuery(this.#spec(i, delimiter, cmp)) : null);
		} catch (e) {
			throw mapped(e);
		}
		if (!i) this.#reindexedAt = gen;
	}

	indexRecord (key, data, indice, delimiter, cmp) {
		this.#indexFree = false;
		try {
			native.indexRecord(this.h, key, encodeQuery(data), indice === null || indice === undefined ? null : encodeQuery(this.#spec(indice, delimiter, cmp)));
		} catch (e) {
			throw mapped(e);
		}
	}

	unindexRecord (key, data) {
		try {
			native.unindexRecord(this.h, key, encodeQuery(data));
		} catch (e) {
			throw mapped(e);
		}
	}

	hasIndex (name) {
		return native.hasIndex(this.h, name);
	}

	/** The keys of index `name` in the engine's order, or null: no such index. */
	indexKeys (name) {
		const h = this.h;
		let text;
		try {
			text = native.indexKeys(h, name);
		} catch (e) {
			if (!tooLong(e)) throw e;

			return bySlices((from, max) => native.indexKeysFrom(h, name, from, max));
		}

		return text === null ? null : decode(text);
	}

	/** The first `max` keys of index `name` in the engine's order (none for no such index), a slice of its text at a time. */
	indexKeysFirst (name, max) {
		const h = this.h;
		if (native.indexSize(h, name) === null) return [];

		return bySlices((from, bytes) => native.indexKeysFrom(h, name, from, bytes), max, FIRST_BYTES);
	}

	/**
	 * `indexKeys(name)`, decoded once per engine generation: `search` by function or RegExp
	 * and a custom `sortKeys` walk them on every call. Shared: callers do not change it.
	 */
	indexKeysKept (name) {
		const gen = hot.generation(this.h);
		let kept = this.#lkeys.get(name);
		if (kept === undefined || kept.gen !== gen) {
			kept = {gen, keys: this.indexKeys(name)};
			if (this.#lkeys === NONE || this.#lkeys.size > 64) this.#lkeys = new Map();
			this.#lkeys.set(name, kept);
		}

		return kept.keys;
	}

	/** Ids of the records under the index keys at `ordinals` (an array of positions in `indexKeys`). */
	indexIds (name, ordinals, unique) {
		return idsOf(native.indexIds(this.h, name, crossing(ordinals, 0, ordinals.length), unique, IDS));
	}

	/** `[count, id…, count, id…]` per key of index `name`, in `indexKeys` order; null: no such index. */
	indexPostings (name) {
		return native.indexPostings(this.h, name);
	}

	/**
	 * Every index (`name` null) or one, as haro's `dump('indexes')` gives them. `keyById`: every
	 * record's key by engine id, from a record cache that holds them all (see `dumpIndexesShared`).
	 */
	dumpIndexes (name = null, keyById = null) {
		// Each call hands out its own arrays, as haro builds new ones on every dump.
		const names = this.#names;
		const shared = this.dumpIndexesShared(name, keyById);
		const out = shared.map(([n, keys]) => [names.size > 0 ? names.get(n) ?? n : n, keys.map(([k, ids]) => [k, ids.slice()])]);
		// Remembered for `#copyIndexes` where every index is named by a string (its name crosses
		// back as it is), the decoded dump with it: both live as long as the caller keeps `out`
		// (`indexDumps` is keyed by it weakly), as a restore of it needs them.
		if (name === null && names.size === 0) indexDumps.set(out, {from: new WeakRef(this), gen: hot.generation(this.#h), shared});

		return out;
	}

	/**
	 * The same, the decoded dump itself (engine names): callers do not change it. With `keyById`
	 * (every record's key by engine id), each index crosses as its keys and one typed array of
	 * ids, named by those keys, instead of as the JSON of every record key (10k records, 7
	 * indexes, Node 24: a first dump 10-13 ms that way).
	 */
	dumpIndexesShared (name = null, keyById = null) {
		// Decoded once per engine generation (a 10k-record store's dump is ~400 KB of JSON), and
		// kept weakly here: a store of 2M records held 320 MB of V8 heap for a dump dropped long
		// ago (a dump handed out keeps it, through `indexDumps`, for a restore of it).
		const gen = hot.generation(this.h);
		const kept = this.#dumped;
		let dump = kept !== null && kept.gen === gen && kept.name === name ? kept.dump.deref() : undefined;
		if (dump === undefined) {
			dump = (keyById !== null ? this.#dumpFromIds(name, keyById) : null) ?? this.#dumpText(name);
			this.#dumped = {gen, name, dump: new WeakRef(dump)};
		}

		return dump;
	}

	/** The dump as one text; past V8's longest string, from the ids, every record key read in slices. */
	#dumpText (name) {
		let text;
		try {
			text = native.dumpIndexes(this.h, name);
		} catch (e) {
			if (!tooLong(e)) throw e;
			const keyById = [];
			const ids = this.ids();
			const keys = this.keys(); // (insertion order, as `ids`)
			for (let i = 0; i < ids.length; i++) keyById[ids[i]] = keys[i];
			const dump = this.#dumpFromIds(name, keyById);
			if (dump === null) throw e;

			return dump;
		}

		return decode(text);
	}

	/**
	 * Index `name` (an engine name) as the last dump decoded it (`[[index key, record keys], …]`,
	 * shared: callers do not change it), while that dump is held and nothing was written
	 * since; else null. Not an index with an object for a key (a Date): the dumps handed out
	 * hold that very object, which a reader of the index would then share with them.
	 */
	keptIndexDump (name) {
		const kept = this.#dumped;
		if (kept === null || (kept.name !== null && kept.name !== name) || kept.gen !== hot.generation(this.h)) return null;
		const dump = kept.dump.deref();
		const list = dump?.find(([n]) => n === name)?.[1];
		if (list === undefined) return null;
		for (let i = 0; i < list.length; i++) {
			const k = list[i][0];
			if (typeof k === 'object' && k !== null) return null;
		}

		return list;
	}

	/** `dumpIndexesShared` from each index's ids, named through `keyById` (record keys by id); null if one is not there. */
	#dumpFromIds (name, keyById) {
		const out = [];
		for (const n of name === null ? this.indexNames() : [name]) {
			const list = this.indexByIds(n, keyById, false);
			if (list === null) return null;
			out.push([n, list]);
		}

		return out;
	}

	/**
	 * Index `name` as `[[index key, record keys], …]`, read from its ids (one typed array) and
	 * named through `keyById` (every record's key by engine id): the record keys as a Set each
	 * (`sets`, what `store.indexes` holds) or an array (what a dump holds). Null when there is
	 * no such index or `keyById` cannot name an id.
	 */
	indexByIds (name, keyById, sets) {
		const keys = this.indexKeys(name);
		const post = keys === null ? null : this.indexPostings(name);
		if (post === null) return null;
		const list = new Array(keys.length);
		// One loop per form, no test of the form per record: a first read of `store.indexes`
		// runs this before V8 optimizes it.
		for (let i = 0, p = 0; i < keys.length; i++) {
			const n = post[p++];
			let named;
			if (sets) {
				named = new Set();
				for (const end = p + n; p < end; p++) {
					const key = keyById[post[p]];
					if (key === undefined) return null;
					named.add(key);
				}
			} else {
				named = new Array(n);
				for (let j = 0; j < n; j++, p++) {
					const key = keyById[post[p]];
					if (key === undefined) return null;
					named[j] = key;
				}
			}
			list[i] = [keys[i], named];
		}

		return list;
	}

	/**
	 * `overrideIndexes` of what `dumpIndexes` gave (`indexDumps`), unchanged, while its store
	 * stands where it stood then, in a store that took that store's records from its engine
	 * (`copyRecords`, whole or their keys alone) and stands there too (`h`, landed): the
	 * indexes are copied from engine to engine, each id translated by its record's place; no
	 * record key crosses or is looked up (100k records, four indexes: 93-101 ms the long way,
	 * 41-48 this way, Node 24; bench `restore`). True if done.
	 */
	#copyIndexes (h, data) {
		const d = indexDumps.get(data);
		const from = d === undefined ? undefined : d.from.deref();
		if (from === undefined || !this.#readable(from) || hot.generation(from.#h) !== d.gen || !sameDump(data, d.shared)) return false;

		return native.copyIndexes(h, from.#h, d.gen);
	}

	/**
	 * `idsOf`: a function giving every record's engine id by key (a Map), or null where it
	 * cannot: the keys then cross as ids. Asked once the queue has landed (its records' ids known).
	 */
	overrideIndexes (data, idsOf = null) {
		this.writable();
		// The records land first, their keys alone where they can (`#h` then: no index reads
		// the records that still wait), copied from the store whose dump they are where they
		// are one (`#copyKeys`), so that its indexes may be copied too.
		const h = this.#landKeys() ? this.#h : this.h;
		this.#indexFree = false;
		if (this.#copyIndexes(h, data)) return;
		// A store without records keeps no value (each goes with its record keys: README,
		// difference 5), whatever keys are named: the lists cross empty, the shape as given.
		if (hot.size(h) === 0) data = data.map(withoutKeys);
		else if (idsOf !== null) {
			const named = byIds(data, idsOf());
			try {
				if (named !== null) return native.overrideIndexesIds(h, encodeQuery(named.values), named.ids);
			} catch (e) {
				// (values whose text passes V8's longest string: in parts, below)
				if (!tooLongHere(e)) throw mapped(e);
			}
		}
		if (!partsWanted(data)) {
			try {
				native.overrideIndexes(h, encodeQuery(data));

				return;
			} catch (e) {
				// (a dump whose text passes V8's longest string)
				if (!tooLongHere(e)) throw mapped(e);
			}
		}
		const parts = [];
		const continues = [];
		for (const entry of data) indexParts(entry, parts, continues);
		try {
			native.overrideIndexesParts(h, parts, continues);
		} catch (e) {
			throw mapped(e);
		}
	}

	indexNames () {
		return decode(native.indexNames(this.h));
	}

	indexSize (name) {
		return native.indexSize(this.h, name);
	}

	/** The keys under one index key, or null. */
	indexLookup (name, value) {
		const text = native.indexLookup(this.h, name, encodeLookup(value));

		return text === null ? null : decode(text);
	}

	dropIndex (name) {
		return native.dropIndex(this.h, name);
	}

	clearIndexes () {
		native.clearIndexes(this.h);
	}

	// ---- queries ---------------------------------------------------------------------------

	/**
	 * haro's index name and field list for a `find` on the fields `names` (more than one, or
	 * one holding the delimiter: one plain field is its own plan). Its two `cmp` sorts
	 * (`localeCompare`) cost more than the lookup itself, so the answer is kept per field
	 * list and delimiter while `cmp` is haro's own `sortKeys` (`keep`).
	 */
	findPlan (names, delimiter, cmp, keep) {
		if (!keep || names.length > 16) return plan(names, delimiter, cmp);
		// Kept in a trie of Maps by delimiter, then each field name as given: the names are
		// property keys, whose hashes V8 keeps, so a known list is found without building a
		// string (a joined id cost a third of a composite find that missed). At most
		// PLAN_NODES Maps: past that the trie starts again.
		if (this.#plans === NONE || this.#planNodes > PLAN_NODES) {
			this.#plans = new Map();
			this.#planNodes = 0;
		}
		let node = this.#plans.get(delimiter);
		if (node === undefined) this.#plans.set(delimiter, node = new Map());
		for (let i = 0; i < names.length; i++) {
			let next = node.get(names[i]);
			if (next === undefined) {
				node.set(names[i], next = new Map());
				this.#planNodes++;
			}
			node = next;
		}
		let found = node.get(PLAN);
		if (found === undefined) node.set(PLAN, found = plan(names, delimiter, cmp));

		return found;
	}

	/**
	 * Deferred writes index nothing: a store without indexes, or one whose override is
	 * deferred (haro's override empties the indexes), answers no index lookup meanwhile.
	 */
	#lookupsEmpty () {
		return this.#queue !== null && (this.#queue.replace || this.#indexFree);
	}

	/** `record`: one record found may come with its record (a `Found`), saving `records` a crossing. */
	find (name, fields, where, delimiter, record) {
		const q = this.#queue;
		if (q !== null && (q.replace || this.#indexFree)) return NO_IDS; // (`#lookupsEmpty`, inline: a find is hot)
		if (fields.length === 1) {
			// (one field, the commonest find, without the loop below)
			const v = where[fields[0]];
			const t = typeof v;
			if ((t === 'string' && v.isWellFormed()) || t === 'number' || t === 'boolean') return this.#findKey(name, v, record);
		}
		// Strings, numbers and booleans, the common find: the index key crosses as it is, the
		// value of one field, or the values of a composite's fields joined as haro joins them
		// (null and undefined join as words too; a string with a lone surrogate cannot cross
		// as UTF-8: it goes in the query text, as does everything else).
		let key;
		let plain = true;
		for (let i = 0; i < fields.length && plain; i++) {
			const v = where[fields[i]];
			const t = typeof v;
			plain = t === 'string' || t === 'number' || t === 'boolean' || (fields.length > 1 && (v === null || v === undefined));
			// (not joined otherwise: a Symbol, or an object without a string form, would throw
			// here, where haro finds nothing in an index nobody made)
			if (plain) key = i === 0 ? v : `${key}${delimiter}${v}`;
		}
		if (plain && fields.length > 0 && (typeof key !== 'string' || key.isWellFormed())) return this.#findKey(name, key, record);
		try {
			return idsOf(hot.find(this.h, encodeLookup([name, fields, where]), IDS));
		} catch (e) {
			throw mapped(e);
		}
	}

	/**
	 * The ids index `name` holds under `key` (a well-formed string, a number or a boolean);
	 * with `record`, one id comes with its record, as a `Found`.
	 */
	#findKey (name, key, record) {
		// No such index since the engine last changed (`#missing` on this path alone: what only
		// the query text can say may be refused there).
		const at = this.#missing === null ? undefined : this.#missing.get(name);
		if (at !== undefined && at === hot.generation(this.h)) return NO_IDS;
		let ids;
		try {
			ids = hot.findKey(this.#queue === null ? this.#h : this.h, name, key, record, IDS);
		} catch (e) {
			throw mapped(e);
		}
		if (ids === null) {
			// No such index: so it stays while the engine does not change (a find on a composite
			// nobody indexed, haro's suite's `QUERY triple composite`: 230 ns a call, haro's 40-170).
			if (this.#missing === null || this.#missing.size >= MISSING_MAX) this.#missing = new Map();
			this.#missing.set(name, hot.generation(this.#h));

			return NO_IDS;
		}
		if (typeof ids === 'number') return [ids]; // one id crosses as a number
		if (typeof ids === 'string') return new Found(ids, this.#h); // or as `records` answers

		return idsOf(ids);
	}

	search (names, value, record) {
		if (this.#lookupsEmpty()) return NO_IDS;
		if (names.length === 1 && isOneKey(value)) return this.#findKey(names[0], value, record);
		try {
			return idsOf(hot.search(this.h, encodeLookup([names, value]), IDS));
		} catch (e) {
			throw mapped(e);
		}
	}

	/** The ids index `name` holds under `value` where it is one key (`isOneKey`), as `search` finds them; else undefined. */
	keyIds (name, value) {
		if (!isOneKey(value)) return undefined;

		return this.#lookupsEmpty() ? NO_IDS : this.#findKey(name, value, false);
	}

	/** Ids by the indexes `names`; null when they cannot answer (a scan is needed). `inEngine`: match values here. */
	whereIds (names, predicate, and, inEngine) {
		try {
			return idsOf(hot.whereIds(this.h, encodeLookup([names, predicate]), and, inEngine, IDS));
		} catch (e) {
			throw mapped(e);
		}
	}

	scanWhere (predicate, and) {
		try {
			return native.scanWhere(this.h, encodeLookup(predicate), and);
		} catch (e) {
			throw mapped(e);
		}
	}

	sortedIds (name) {
		return native.sortedIds(this.h, name);
	}

	sortByOrdinals (name, ordinals) {
		return native.sortByOrdinals(this.h, name, crossing(ordinals, 0, ordinals.length));
	}

	// lib/range.js: an index's keys in sortBy order, kept by the engine as a generation.
	textOrder (name, ordinals) {
		return native.textOrder(this.h, name, crossing(ordinals, 0, ordinals.length));
	}

	/** `[[joined, key], …]` since generation `gen`, or null: the order is gone. */
	textOrderLog (name, gen) {
		const text = native.textOrderLog(this.h, name, gen);

		return text === null ? null : decode(text);
	}

	textOrderApply (name, gen, positions) {
		return native.textOrderApply(this.h, name, gen, positions);
	}

	/** Forgets the sort answers and key orders kept with another `sortKeys` (index.js `#keyOrder`). */
	forgetSortOrders () {
		native.forgetSortOrders(this.h);
	}

	rangeNum (name, loKind, lo, hiKind, hi, desc, offset, limit) {
		return native.rangeNum(this.h, name, loKind, lo, hiKind, hi, desc, offset, limit);
	}

	rangeText (name, gen, positions, lo, hi, desc, offset, limit) {
		return native.rangeText(this.h, name, gen, positions, lo, hi, desc, offset, limit);
	}

	// ---- versions, expiry, stats -------------------------------------------------------------

	versionedKeys () {
		const h = this.h;
		try {
			return decode(native.versionedKeys(h));
		} catch (e) {
			if (!tooLong(e)) throw e;

			return bySlices((from, max) => native.versionedKeysFrom(h, from, max));
		}
	}

	/** The earlier records of `key`, or null. */
	versions (key) {
		const text = native.versions(this.h, key);

		return text === null ? null : decode(text);
	}

	/** Takes out what is due at `now`: the next due time, or `[next, [id, …], key, …]` when some expired. */
	tick (now) {
		const r = native.tick(this.h, now);

		return typeof r === 'number' ? r : decode(r);
	}

	expireIds (ids, dues) {
		return native.expireIds(this.h, ids, dues);
	}

	expireId (id, due) {
		return native.expireId(this.h, id, due);
	}

	/** What the engine holds (store.stats() without the JS caches): see HaroStats in index.d.ts. */
	stats () {
		const [reported, [records, recordBytes, indexBytes, versionBytes, versionedKeys, versions, list]] = decode(native.stats(this.h));
		const indexes = {};
		for (const [name, keys, entries, bytes] of list) {
			Object.defineProperty(indexes, name, {value: {keys, entries, bytes}, enumerable: true, writable: true, configurable: true});
		}

		return {
			records,
			bytes: {records: recordBytes, indexes: indexBytes, versions: versionBytes, total: recordBytes + indexBytes + versionBytes},
			reportedToV8: reported,
			indexes,
			versions: {keys: versionedKeys, count: versions}
		};
	}

	// ---- snapshots (lib/snapshot.js) -----------------------------------------------------------

	snapshotSave (path, config) {
		native.snapshotSave(this.h, path, config);
	}

	snapshotSaveAsync (path, config) {
		return native.snapshotSaveAsync(this.h, path, config);
	}

	/** Fills this (new, empty) store from a snapshot `Engine.snapshotRead` gave. */
	snapshotLoad (pending) {
		return native.snapshotLoad(this.h, pending);
	}

	async snapshotLoadAsync (pending) {
		const out = await native.snapshotLoadAsync(this.h, pending);
		// The store is the load's until it settles: writes deferred meanwhile (a store without
		// indexes queues them) would land in it, as the writes the engine took were replaced.
		this.#queue = null;

		return out;
	}

	/** The snapshot at `path`, read, checked and decoded, for `snapshotLoad` (its header: `snapshotHeader`). */
	static snapshotRead (path) {
		return native.snapshotRead(path);
	}

	static snapshotReadAsync (path) {
		return native.snapshotReadAsync(path);
	}

	static snapshotHeader (pending) {
		return native.snapshotHeader(pending);
	}

	/** Frees a snapshot read that will not be loaded. */
	static snapshotDiscard (pending) {
		native.snapshotDiscard(pending);
	}
}

module.exports = {Engine, Found, READ_CHUNK, DROPPED, NOT_FOUND, checkName};
