// Workload definitions. Every workload is written once against the haro@16 API and run,
// unchanged, against each implementation (haro@16 and haro-rs).
//
// A workload has:
//   name, family, desc      what the tables show
//   unit                    what one timed operation is ("key", "call", "run", ...)
//   kind                    "loop": run() is repeated (warm-up, then samples, median per op)
//                           "once": run() mutates/consumes the store and is timed once per
//                                   process, after a warm-up on a small throwaway store
//   ops(ctx)                operations per run(), so per-op time = run time / ops
//   setup(ctx)              builds the state (not timed); ctx = {mod, cfg, size, records}
//   run(state)              the timed part; returns a check string (result count, a sum of a
//                           field, shape flags) that must agree across implementations
//
// Work an implementation might defer (lazy index builds, queued writes) is forced inside the
// timed region: load/write workloads end with a search on every index and a read of `size`.
// Results are touched (a numeric field of every returned record is summed), so lazily
// materialized results are paid for too.

import {rmSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {CITIES, DEPTS, TAGS, keyOf, rng, shuffled} from "./data.mjs";

/** Indexes for the write workloads (the issue's set; note 'dept|city' is never used by find). */
export const WRITE_INDEX = ["name", "dept", "age", "dept|city"];
const WINDOW = 1000; // the records a `set-window` store holds
/**
 * Indexes for the query workloads. haro@16's `find` only uses a composite index declared with
 * its fields in sorted order, so the composite here is 'city|dept' (a 'dept|city' index would make
 * find({dept, city}) return [] on haro); 'tags' is indexed for `where` on an array-valued field.
 */
export const QUERY_INDEX = ["name", "dept", "age", "city|dept", "tags"];
/** Indexes for the memory workload. */
export const MEMORY_INDEX = ["name", "dept"];

const NONE = "\u0000__none__";

/** Force any deferred work: a search on every index plus size. Cheap on haro (no match). */
function force (store, index) {
	let n = store.size;
	for (const i of index) n += store.search(NONE, i).length;

	return n;
}

const rec = x => Array.isArray(x) ? x[1] : x;

/** Touch every returned record: count, sum of a numeric field, shape and frozenness. */
function touch (arr, field = "age") {
	let s = 0;
	let pairs = 0;
	const len = arr.length;
	for (let i = 0; i < len; i++) {
		const x = arr[i];
		if (Array.isArray(x)) {
			pairs++;
			s += x[1][field];
		} else {
			s += x[field];
		}
	}

	return `${len}:${Math.round(s * 100)}:${pairs === len ? "p" : pairs === 0 ? "r" : "mixed"}${Object.isFrozen(arr) ? "F" : ""}`;
}

function loadStore (ctx, index) {
	return ctx.mod.haro(ctx.records, {...ctx.cfg, index});
}

function keysOf (ctx) {
	const keys = new Array(ctx.size);
	for (let i = 0; i < ctx.size; i++) keys[i] = keyOf(i);

	return keys;
}

// ---------------------------------------------------------------------------------------------
// write
// ---------------------------------------------------------------------------------------------

function setLoad (index) {
	return {
		kind: "once",
		unit: "load",
		ops: ctx => ctx.size,
		setup: ctx => ({store: new ctx.mod.Haro({...ctx.cfg, index}), records: ctx.records, index}),
		run: ({store, records, index}) => {
			const len = records.length;
			for (let i = 0; i < len; i++) store.set(null, records[i]);

			return `${force(store, index)}`;
		}
	};
}

const write = [
	{
		name: "set",
		desc: `set() one by one into an empty store, index [${WRITE_INDEX.join(", ")}]`,
		...setLoad(WRITE_INDEX)
	},
	{
		name: "set-noidx",
		desc: "set() one by one into an empty store, no index",
		...setLoad([])
	},
	{
		name: "set-noidx-landed",
		desc: "set() one by one into an empty store, no index, then stats() where there is one: haro-rs's deferred writes land inside it, so this is their whole cost (haro has no stats())",
		kind: "once",
		unit: "load",
		ops: ctx => ctx.size,
		setup: ctx => ({store: new ctx.mod.Haro({...ctx.cfg, index: []}), records: ctx.records}),
		run: ({store, records}) => {
			const len = records.length;
			for (let i = 0; i < len; i++) store.set(null, records[i]);
			// (not a delete: one of a record not landed yet takes it out of the queue, landing nothing)
			const held = typeof store.stats === "function" ? store.stats().records : store.size;

			return `${store.size}:${held}`;
		}
	},
	{
		name: "set-merge",
		desc: "set(key, patch) deep-merge update of every existing key (age, score, meta.visits), shuffled order",
		kind: "once",
		unit: "load",
		ops: ctx => ctx.size,
		setup: ctx => {
			const store = loadStore(ctx, WRITE_INDEX);
			const r = rng(777);
			const keys = shuffled(keysOf(ctx));
			const patches = keys.map(() => ({
				age: 18 + Math.floor(r() * 62),
				score: Math.round(r() * 100000) / 100,
				meta: {visits: Math.floor(r() * 500)}
			}));

			return {store, keys, patches};
		},
		run: ({store, keys, patches}) => {
			const len = keys.length;
			let s = 0;
			for (let i = 0; i < len; i++) s += rec(store.set(keys[i], patches[i])).age;

			return `${s}:${force(store, WRITE_INDEX)}`;
		}
	},
	{
		name: "batch",
		desc: `batch(records) into an empty store, index [${WRITE_INDEX.join(", ")}]`,
		kind: "once",
		unit: "load",
		ops: ctx => ctx.size,
		setup: ctx => ({store: new ctx.mod.Haro({...ctx.cfg, index: WRITE_INDEX}), records: ctx.records}),
		run: ({store, records}) => {
			const res = store.batch(records);

			return `${res.length}:${force(store, WRITE_INDEX)}`;
		}
	},
	{
		name: "factory",
		desc: `haro(records, config) bulk load, index [${WRITE_INDEX.join(", ")}]`,
		kind: "once",
		unit: "load",
		ops: ctx => ctx.size,
		setup: ctx => ({mod: ctx.mod, cfg: {...ctx.cfg, index: WRITE_INDEX}, records: ctx.records}),
		run: state => {
			const store = state.mod.haro(state.records, state.cfg);
			state.keep = store;

			return `${force(store, WRITE_INDEX)}`;
		}
	},
	{
		name: "delete",
		desc: "delete() every key, one call each, shuffled order",
		kind: "once",
		unit: "load",
		ops: ctx => ctx.size,
		setup: ctx => ({store: loadStore(ctx, WRITE_INDEX), keys: shuffled(keysOf(ctx))}),
		run: ({store, keys}) => {
			const len = keys.length;
			for (let i = 0; i < len; i++) store.delete(keys[i]);

			return `${force(store, WRITE_INDEX)}`;
		}
	},
	{
		name: "set-window",
		desc: `a window of ${WINDOW} records in a store without indexes: set() of a new record, then delete() of the oldest, once per record`,
		kind: "once",
		unit: "step",
		ops: ctx => ctx.size,
		setup: ctx => {
			const store = new ctx.mod.Haro({...ctx.cfg, index: []});
			for (let i = 0; i < WINDOW; i++) store.set(`w${i}`, ctx.records[i % ctx.size]);
			// (haro-rs: the window lands before the timed loop, which starts from a store in the engine)
			if (typeof store.stats === "function") store.stats();

			return {store, records: ctx.records};
		},
		run: ({store, records}) => {
			const len = records.length;
			for (let i = 0; i < len; i++) {
				store.set(null, records[i]);
				store.delete(i < WINDOW ? `w${i}` : keyOf(i - WINDOW));
			}

			return `${store.size}:${store.has(keyOf(len - 1))}`;
		}
	},
	{
		name: "clear",
		desc: "clear() of a loaded store",
		kind: "once",
		unit: "call",
		ops: () => 1,
		setup: ctx => ({store: loadStore(ctx, WRITE_INDEX)}),
		run: ({store}) => {
			store.clear();

			return `${force(store, WRITE_INDEX)}:${store.has(keyOf(0))}`;
		}
	}
];

// ---------------------------------------------------------------------------------------------
// read
// ---------------------------------------------------------------------------------------------

const read = [
	{
		name: "get",
		desc: "get(key) of 1,000 random keys of a loaded store, called repeatedly, a field of each record read",
		kind: "loop",
		unit: "op",
		ops: ctx => Math.min(1000, ctx.size),
		setup: ctx => ({store: loadStore(ctx, QUERY_INDEX), keys: shuffled(keysOf(ctx)).slice(0, 1000)}),
		run: ({store, keys}) => {
			const len = keys.length;
			let s = 0;
			for (let i = 0; i < len; i++) s += store.get(keys[i])[1].age;

			return `${s}`;
		}
	},
	{
		name: "has",
		desc: "has(key) of 1,000 keys of a loaded store (10% missing), called repeatedly",
		kind: "loop",
		unit: "op",
		ops: ctx => Math.min(900, ctx.size) + 100,
		setup: ctx => {
			const keys = shuffled(keysOf(ctx)).slice(0, 900);
			for (let i = 0; i < 100; i++) keys.push(`x${i}`);

			return {store: loadStore(ctx, QUERY_INDEX), keys: shuffled(keys)};
		},
		run: ({store, keys}) => {
			const len = keys.length;
			let n = 0;
			for (let i = 0; i < len; i++) if (store.has(keys[i])) n++;

			return `${n}`;
		}
	}
];

// ---------------------------------------------------------------------------------------------
// query (indexed, no user code)
// ---------------------------------------------------------------------------------------------

function queryStore (ctx, extra = {}) {
	return {store: loadStore(ctx, QUERY_INDEX), ...extra};
}

/** Values that occur in the data set: taken from the first records, deterministically. */
function sample (ctx, fn, count) {
	const out = [];
	const seen = new Set();
	const step = Math.max(1, Math.floor(ctx.records.length / (count * 3)));
	for (let i = 0; i < ctx.records.length && out.length < count; i += step) {
		const v = fn(ctx.records[i]);
		const k = JSON.stringify(v);
		if (!seen.has(k)) {
			seen.add(k);
			out.push(v);
		}
	}

	return out;
}

const query = [
	{
		name: "find",
		desc: "find({dept}) for each of the 20 depts (single-field index)",
		kind: "loop",
		unit: "call",
		ops: () => DEPTS.length,
		setup: ctx => queryStore(ctx),
		run: ({store}) => {
			const out = [];
			for (const dept of DEPTS) out.push(touch(store.find({dept})));

			return out.join(",");
		}
	},
	{
		name: "find-composite",
		desc: "find({city, dept}) for 50 pairs that occur (composite index 'city|dept')",
		kind: "loop",
		unit: "call",
		ops: () => 50,
		setup: ctx => queryStore(ctx, {pairs: sample(ctx, r => ({city: r.city, dept: r.dept}), 50)}),
		run: ({store, pairs}) => {
			const out = [];
			for (const p of pairs) out.push(touch(store.find(p)));

			return out.join(",");
		}
	},
	{
		name: "where-or",
		desc: "where({dept: [a, b]}, '||') for 10 dept pairs",
		kind: "loop",
		unit: "call",
		ops: () => 10,
		setup: ctx => queryStore(ctx),
		run: ({store}) => {
			const out = [];
			for (let i = 0; i < 10; i++) out.push(touch(store.where({dept: [DEPTS[i], DEPTS[(i + 7) % DEPTS.length]]}, "||")));

			return out.join(",");
		}
	},
	{
		name: "where-and",
		desc: "where({tags: [a, b]}, '&&') on the array-valued indexed field, 10 tag pairs",
		kind: "loop",
		unit: "call",
		ops: () => 10,
		setup: ctx => queryStore(ctx),
		run: ({store}) => {
			const out = [];
			for (let i = 0; i < 10; i++) out.push(touch(store.where({tags: [TAGS[i], TAGS[(i + 3) % TAGS.length]]}, "&&")));

			return out.join(",");
		}
	},
	{
		name: "search-value",
		desc: "search(name, 'name') for 20 names that occur",
		kind: "loop",
		unit: "call",
		ops: () => 20,
		setup: ctx => queryStore(ctx, {names: sample(ctx, r => r.name, 20)}),
		run: ({store, names}) => {
			const out = [];
			for (const n of names) out.push(touch(store.search(n, "name")));

			return out.join(",");
		}
	}
];

// search with RegExp / function calls user code: the facade's side, per DESIGN.md
const userQuery = [
	{
		name: "search-regex",
		desc: "search(/^Al/, 'name') and search(/son$/, 'name')",
		kind: "loop",
		unit: "call",
		ops: () => 2,
		setup: ctx => queryStore(ctx),
		run: ({store}) => `${touch(store.search(/^Al/, "name"))},${touch(store.search(/son$/, "name"))}`
	},
	{
		name: "search-fn",
		desc: "search(fn, 'age') for 30 <= age < 33 and search(fn, 'dept') for one dept",
		kind: "loop",
		unit: "call",
		ops: () => 2,
		setup: ctx => queryStore(ctx),
		run: ({store}) => `${touch(store.search(v => v >= 30 && v < 33, "age"))},${touch(store.search(v => v === "Sales", "dept"))}`
	},
	{
		name: "filter",
		desc: "filter(r => 30 <= r.age < 33)",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => touch(store.filter(r => r.age >= 30 && r.age < 33))
	},
	{
		name: "map",
		desc: "map(r => ({id, score}))",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => touch(store.map(r => ({id: r.id, score: r.score})), "score")
	},
	{
		name: "reduce",
		desc: "reduce((a, r) => a + r.score, 0)",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => `${Math.round(store.reduce((a, r) => a + r.score, 0) * 100)}`
	},
	{
		name: "forEach",
		desc: "forEach(r => sum += r.age)",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => {
			let s = 0;
			store.forEach(r => {
				s += r.age;
			});

			return `${s}`;
		}
	}
];

// ---------------------------------------------------------------------------------------------
// sort / paging
// ---------------------------------------------------------------------------------------------

const sorting = [
	{
		name: "sortBy",
		desc: "sortBy('age') (indexed field), every record",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => touch(store.sortBy("age"))
	},
	{
		name: "sortBy-raw",
		desc: "sortBy('age', true), every record, bare (LokiJS: simplesort on its binary index)",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		peers: ["lokijs"],
		setup: ctx => queryStore(ctx),
		run: ({store}) => touch(store.sortBy("age", true))
	},
	{
		name: "range",
		desc: "30 <= age <= 40, bare records: haro@16 filter(fn, true); haro-rs range('age', {gte: 30, lte: 40}, {raw: true}); LokiJS $between",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		peers: ["lokijs"],
		setup: ctx => queryStore(ctx),
		run: ({store}) => touch(typeof store.range === "function"
			? store.range("age", {gte: 30, lte: 40}, {raw: true})
			: store.filter(r => r.age >= 30 && r.age <= 40, true))
	},
	{
		name: "range-top",
		desc: "the 20 highest ages: haro@16 sortBy('age', true) tail; haro-rs range('age', {}, {desc, limit: 20, raw}); LokiJS simplesort desc, limit",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		peers: ["lokijs"],
		setup: ctx => queryStore(ctx),
		run: ({store}) => touch(typeof store.range === "function"
			? store.range("age", {}, {desc: true, limit: 20, raw: true})
			: store.sortBy("age", true).slice(-20).reverse())
	},
	{
		name: "sort",
		desc: "sort((a, b) => a.score - b.score), every record",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => touch(store.sort((a, b) => a.score - b.score), "score")
	},
	{
		name: "limit",
		desc: "limit(offset, 20) for 50 pages spread over the store",
		kind: "loop",
		unit: "call",
		ops: () => 50,
		setup: ctx => {
			const pages = [];
			const span = Math.max(1, ctx.size - 20);
			for (let i = 0; i < 50; i++) pages.push(Math.floor(i * span / 50));

			return queryStore(ctx, {pages});
		},
		run: ({store, pages}) => {
			const out = [];
			for (const p of pages) out.push(touch(store.limit(p, 20)));

			return out.join(",");
		}
	}
];

// ---------------------------------------------------------------------------------------------
// export / iteration
// ---------------------------------------------------------------------------------------------

const exporting = [
	{
		name: "toArray",
		desc: "toArray(), every record touched",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => touch(store.toArray())
	},
	{
		name: "keys",
		desc: "for (const k of keys())",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => {
			let n = 0;
			let last;
			for (const k of store.keys()) {
				n++;
				last = k;
			}

			return `${n}:${last}`;
		}
	},
	{
		name: "values",
		desc: "for (const r of values()), a field of each read",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => {
			let s = 0;
			for (const r of store.values()) s += r.age;

			return `${s}`;
		}
	},
	{
		name: "entries",
		desc: "for (const [k, r] of entries()), a field of each read",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => {
			let s = 0;
			let n = 0;
			for (const [k, r] of store.entries()) {
				s += r.age;
				if (k !== undefined) n++;
			}

			return `${n}:${s}`;
		}
	},
	{
		name: "dump-override",
		desc: "dump() of a loaded store, override(dump) into a second store, a key read back",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => ({store: loadStore(ctx, QUERY_INDEX), other: new ctx.mod.Haro({...ctx.cfg, index: QUERY_INDEX}), k: keyOf(ctx.size - 1)}),
		run: ({store, other, k}) => {
			const d = store.dump();
			other.override(d);

			// haro's override(records) drops the indexes without rebuilding them (find gives [] until
			// reindex); the check includes that, and a read of the last key
			return `${d.length}:${other.size}:${other.get(k)[1].age}:${other.find({dept: DEPTS[0]}).length}`;
		}
	},
	restoring("restore", "dump('records') and dump('indexes') of a loaded store, both overridden into a new store without an index list, a key read back (haro-rs: its records land at the next call that reads the engine, or when the event loop turns)", false),
	restoring("restore-find", "restore, then a find on an index the override gave (haro-rs: which lands the records: the whole cost)", true)
];

/** The workload `name`: a restore of a loaded store's two dumps; with `find`, then a find. */
function restoring (name, desc, find) {
	return {
		name,
		desc,
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => ({ctx, store: loadStore(ctx, QUERY_INDEX), k: keyOf(ctx.size - 1)}),
		run: ({ctx, store, k}) => {
			const t = restored(ctx, store);

			return `${t.size}:${t.get(k)[1].age}${find ? `:${t.find({dept: DEPTS[0]}).length}` : ""}`;
		}
	};
}

/** A new store without an index list, made of `store`'s two dumps. */
function restored (ctx, store) {
	const t = new ctx.mod.Haro(ctx.cfg);
	t.override(store.dump("records"), "records");
	t.override(store.dump("indexes"), "indexes");

	return t;
}

// ---------------------------------------------------------------------------------------------
// index maintenance
// ---------------------------------------------------------------------------------------------

const indexing = [
	{
		name: "reindex",
		desc: `reindex() of all ${QUERY_INDEX.length} indexes [${QUERY_INDEX.join(", ")}]`,
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => {
			store.reindex();

			return `${force(store, QUERY_INDEX)}:${store.find({dept: DEPTS[1]}).length}`;
		}
	},
	{
		name: "reindex-new",
		desc: "reindex('city'): build an index on a field not indexed before",
		kind: "once",
		unit: "call",
		ops: () => 1,
		setup: ctx => queryStore(ctx),
		run: ({store}) => {
			store.reindex("city");

			return `${store.find({city: CITIES[3]}).length}:${store.index.length}`;
		}
	}
];

// ---------------------------------------------------------------------------------------------
// snapshot: haro-rs's save/load against haro@16's way of persisting a store
// (JSON.stringify(store.dump()) to a file; haro(JSON.parse(text), config) back)
// ---------------------------------------------------------------------------------------------

const snapFiles = new Set();
let snapN = 0;

function snapPath () {
	const p = join(tmpdir(), `haro-bench-${process.pid}-${snapN++}.snap`);
	if (snapFiles.size === 0) process.once("exit", () => snapFiles.forEach(f => rmSync(f, {force: true})));
	snapFiles.add(p);

	return p;
}

/** Whether the implementation has snapshots (haro-rs), else haro@16's way is used. */
const native = mod => typeof mod.Haro.load === "function" && typeof mod.Haro.prototype.save === "function";

function snapSave (mod, store, path) {
	if (native(mod)) store.save(path);
	else writeFileSync(path, JSON.stringify(store.dump()));
}

const snapshot = [
	{
		name: "snapshot-save",
		desc: "save the store to a file: haro-rs store.save(path); haro@16 writeFileSync(path, JSON.stringify(store.dump()))",
		kind: "once",
		unit: "load",
		ops: ctx => ctx.size,
		setup: ctx => ({mod: ctx.mod, store: loadStore(ctx, QUERY_INDEX), path: snapPath()}),
		run: ({mod, store, path}) => {
			snapSave(mod, store, path);

			return `${store.size}`;
		}
	},
	{
		name: "snapshot-load",
		desc: "load a saved store: haro-rs Haro.load(path); haro@16 haro(JSON.parse(readFileSync(path, 'utf8')).map(e => e[1]), config)",
		kind: "once",
		unit: "load",
		ops: ctx => ctx.size,
		setup: ctx => {
			const path = snapPath();
			snapSave(ctx.mod, loadStore(ctx, QUERY_INDEX), path);

			return {mod: ctx.mod, cfg: ctx.cfg, path};
		},
		run: ({mod, cfg, path}) => {
			// haro@16's dump() is [key, record] pairs: its records are the second elements.
			const store = native(mod) ? mod.Haro.load(path, cfg) : mod.haro(JSON.parse(readFileSync(path, "utf8")).map(e => e[1]), {...cfg, index: QUERY_INDEX});

			return `${force(store, QUERY_INDEX)}:${store.find({dept: DEPTS[1]}).length}`;
		}
	}
];

// ---------------------------------------------------------------------------------------------
// memory (special-cased by the worker)
// ---------------------------------------------------------------------------------------------

export const MEMORY = {
	name: "memory",
	family: "memory",
	desc: `haro(records, {index: [${MEMORY_INDEX.join(", ")}]}), then RSS and V8 heap after forced GC, one full GC, load time`,
	kind: "memory",
	unit: "load"
};

// ---------------------------------------------------------------------------------------------
// haro 17's capabilities: haro-rs runs them, haro@16 runs what a haro 16 user writes instead
// ---------------------------------------------------------------------------------------------

const bulk = store => typeof store.setMany === "function";
const modern = [
	{
		name: "setMany",
		desc: `setMany(records) into an empty store (haro@16: batch(records)), index [${WRITE_INDEX.join(", ")}]`,
		kind: "once",
		unit: "load",
		ops: ctx => ctx.size,
		setup: ctx => ({store: new ctx.mod.Haro({...ctx.cfg, index: WRITE_INDEX}), records: ctx.records}),
		run: ({store, records}) => {
			const res = bulk(store) ? store.setMany(records) : store.batch(records);

			return `${res.length}:${force(store, WRITE_INDEX)}`;
		}
	},
	{
		name: "deleteMany",
		desc: "deleteMany(every key), shuffled order (haro@16: delete() one call each)",
		kind: "once",
		unit: "load",
		ops: ctx => ctx.size,
		setup: ctx => ({store: loadStore(ctx, WRITE_INDEX), keys: shuffled(keysOf(ctx))}),
		run: ({store, keys}) => {
			if (bulk(store)) {
				store.deleteMany(keys);
			} else {
				for (let i = 0; i < keys.length; i++) store.delete(keys[i]);
			}

			return `${force(store, WRITE_INDEX)}`;
		}
	},
	{
		name: "find-deep",
		desc: "find({'meta.source': v}) on a deep index (haro@16: filter(r => r.meta.source === v))",
		kind: "loop",
		unit: "call",
		ops: () => 1,
		setup: ctx => {
			const store = loadStore(ctx, [...QUERY_INDEX, "meta.source"]);

			return {store, value: ctx.records[0].meta.source};
		},
		run: ({store, value}) => touch(bulk(store) ? store.find({"meta.source": value}) : store.filter(r => r.meta.source === value))
	}
];

function tag (family, list) {
	return list.map(w => ({family, ...w}));
}

export const WORKLOADS = [
	...tag("write", write),
	...tag("read", read),
	...tag("query", query),
	...tag("callback", userQuery),
	...tag("sort", sorting),
	...tag("export", exporting),
	...tag("index", indexing),
	...tag("haro17", modern),
	...tag("snapshot", snapshot),
	MEMORY
];

export const BY_NAME = new Map(WORKLOADS.map(w => [w.name, w]));

/** Workloads of the --quick run: at least one of every family. */
export const QUICK = ["set", "get", "find", "where-and", "filter", "sortBy", "toArray", "reindex-new"];
