'use strict';
// Read-only, Map-compatible views of the engine's state, for code that reads haro's
// `data`, `indexes` and `versions` maps directly. Built on demand: nothing is copied
// until a method asks for it. They extend Map so `instanceof Map` holds; every Map
// method is answered from the engine, never from the (empty) base map.

const {decode, encodeQuery} = require('./codec.js');

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

/** One index: index key → Set of record keys. */
class IndexView extends View {
	#name;
	#keys = []; // the keys last handed out: object keys are found by identity, as in a Map

	constructor (io, name) {
		super(io);
		this.#name = name;
	}

	get size () {
		return this.io.native.indexSize(this.io.h, this.#name) ?? 0;
	}

	get (value) {
		const {h, native} = this.io;
		if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
			const at = this.#keys.indexOf(value);
			if (at === -1) return undefined;
			const ids = native.indexIds(h, this.#name, Uint32Array.of(at), false);

			return ids.length === 0 ? undefined : new Set(decode(native.keysOf(h, ids)));
		}
		const text = native.indexLookup(h, this.#name, encodeQuery(value));

		return text === null ? undefined : new Set(decode(text));
	}

	keys () {
		this.#keys = decode(this.io.native.indexKeys(this.io.h, this.#name) ?? '[]');

		return this.#keys.values();
	}

	values () {
		return Array.from(this.entries(), e => e[1]).values();
	}

	entries () {
		const dump = decode(this.io.native.dumpIndexes(this.io.h, this.#name));
		const pairs = dump.length === 0 ? [] : dump[0][1];
		this.#keys = pairs.map(p => p[0]);

		return pairs.map(([k, keys]) => [k, new Set(keys)]).values();
	}
}

/** `store.indexes`: index name → IndexView. */
class IndexesView extends View {
	#names () {
		this.io.sync();

		return decode(this.io.native.indexNames(this.io.h));
	}

	get size () {
		return this.#names().length;
	}

	get (name) {
		this.io.sync();

		return this.io.native.hasIndex(this.io.h, String(name)) ? new IndexView(this.io, String(name)) : undefined;
	}

	keys () {
		return this.#names().map(this.io.name).values();
	}

	values () {
		return this.#names().map(n => new IndexView(this.io, n)).values();
	}

	entries () {
		return this.#names().map(n => [this.io.name(n), new IndexView(this.io, n)]).values();
	}

	// haro code (and its tests) drop indexes through the map; the engine does the same.
	delete (name) {
		return this.io.native.dropIndex(this.io.h, String(name));
	}

	clear () {
		this.io.native.clearIndexes(this.io.h);
	}
}

/** `store.versions`: key → Set of frozen earlier records. */
class VersionsView extends View {
	#keys () {
		return decode(this.io.native.versionedKeys(this.io.h));
	}

	get size () {
		return this.#keys().length;
	}

	get (key) {
		if (typeof key !== 'string' && typeof key !== 'number') return undefined;
		if (typeof key === 'string' && !key.isWellFormed()) return undefined;
		const text = this.io.native.versions(this.io.h, key);

		return text === null ? undefined : new Set(decode(text).map(r => Object.freeze(r)));
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
