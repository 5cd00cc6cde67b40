'use strict';
// Snapshots (haro-rs only): `store.save(path)`, `Haro.load(path, config)` and their async
// forms. The engine writes and reads the file (crates/haro-core/src/snapshot.rs); this module checks
// arguments, reconciles a caller's config with the file's, and names errors.

const {resolve} = require('node:path');
const {fileURLToPath} = require('node:url');
const {Engine} = require('./engine.js');

// Fields a snapshot records; a load config may repeat them but not contradict them.
const FIELDS = ['key', 'delimiter', 'index', 'versioning', 'immutable', 'ttl', 'expireAt', 'versionLimit', 'versionTtl'];
// The timing options (lib/expiry.js): null when not set, in the file as in a config.
const TIMED = new Set(['ttl', 'expireAt', 'versionLimit', 'versionTtl']);

function snapshotError (message, code, path) {
	const e = new Error(`haro-rs: ${message}${path === undefined ? '' : ` (${path})`}`);
	e.code = code;
	if (path !== undefined) e.path = path;

	return e;
}

/**
 * The absolute path `path` names, which Node's permission model (`--permission`) must let this
 * process read or write (`scope`: 'fs.read', 'fs.write'): the engine does its own file I/O, which
 * the model does not see.
 */
function toPath (path, what, scope) {
	let p;
	if (path instanceof URL) {
		p = fileURLToPath(path);
	} else if (typeof path !== 'string' || path.length === 0 || !path.isWellFormed()) {
		throw new TypeError(`haro-rs: ${what} needs a file path (a non-empty string or a file: URL)`);
	} else {
		p = resolve(path);
	}
	if (process.permission !== undefined && !process.permission.has(scope, p)) {
		throw snapshotError(`${what}: Node's permission model does not grant ${scope} for this file`, 'ERR_ACCESS_DENIED', p);
	}

	return p;
}

// The engine reports `[kind] message`; the kind becomes the code.
function rethrow (e, path) {
	const m = /^\[([a-z-]+)\] ([\s\S]*)$/.exec(e?.message ?? '');
	if (m === null) throw e;
	throw snapshotError(m[2], `ERR_HARO_SNAPSHOT_${m[1].toUpperCase().replace(/-/g, '_')}`, path);
}

function str (v, field) {
	const s = String(v);
	if (!s.isWellFormed()) throw new TypeError(`haro-rs: save: ${field} has a lone surrogate`);

	return s;
}

/**
 * What `save` records of a store: its public configuration and its timing options
 * (`time`, from lib/expiry.js). The engine saves each record's due time and each
 * version's superseded time with it.
 */
function configOf (store, time) {
	const index = Array.isArray(store.index) ? store.index.map((i, n) => str(i, `index[${n}]`)) : [];

	return {
		key: str(store.key, 'key'),
		delimiter: str(store.delimiter, 'delimiter'),
		index,
		versioning: Boolean(store.versioning),
		immutable: Boolean(store.immutable),
		ttl: time.ttl ?? undefined,
		expireAt: time.expireAt === null ? undefined : str(time.expireAt, 'expireAt'),
		versionLimit: time.versionLimit ?? undefined,
		versionTtl: time.versionTtl ?? undefined
	};
}

function save (engine, path, store, time) {
	const p = toPath(path, 'save', 'fs.write');
	const config = configOf(store, time);
	try {
		engine.snapshotSave(p, config);
	} catch (e) {
		rethrow(e, p);
	}
}

async function saveAsync (engine, path, store, time) {
	const p = toPath(path, 'saveAsync', 'fs.write');
	const config = configOf(store, time);
	try {
		// The copy is taken in this call, synchronously; the promise settles after the write.
		await engine.snapshotSaveAsync(p, config);
	} catch (e) {
		rethrow(e, p);
	}
}

function show (v) {
	return JSON.stringify(v) ?? String(v);
}

/**
 * The constructor config for a snapshot: the file's recorded fields, the caller's other
 * options (`id`, `cacheSize`…) passed through. A recorded field the caller gives must agree.
 */
function configFor (header, config, p) {
	if (config === undefined || config === null) config = {};
	if (typeof config !== 'object') throw new TypeError('haro-rs: load: config must be an object');
	for (const field of FIELDS) {
		const given = config[field];
		// A timing option given as null is not set, as in the constructor.
		if (given === undefined || (given === null && TIMED.has(field) && header[field] === null)) continue;
		const want = header[field];
		let same;
		if (field === 'index') {
			same = Array.isArray(given) && given.length === want.length && given.every((v, i) => String(v) === want[i]);
		} else if (field === 'versioning' || field === 'immutable') {
			same = Boolean(given) === want;
		} else {
			same = given === want;
		}
		if (!same) {
			throw snapshotError(`load: config.${field} is ${show(given)} but the snapshot has ${show(want)}`, 'ERR_HARO_SNAPSHOT_CONFIG', p);
		}
	}
	const out = {...config};
	for (const field of FIELDS) out[field] = field === 'index' ? [...header.index] : header[field];

	return out;
}

/**
 * Throws where the store a constructor built does not hold what the snapshot records (a
 * subclass's constructor may set its own `key`, `index`…): the file's records would be read
 * under another key field. `time`: the store's timing options (lib/expiry.js).
 */
function agrees (store, time, header, p) {
	const built = configOf(store, time);
	for (const field of FIELDS) {
		const have = built[field] ?? null;
		const want = header[field];
		const same = field === 'index' ? have.length === want.length && have.every((v, i) => v === want[i]) : have === want;
		if (!same) {
			throw snapshotError(`load: the constructor of ${store.constructor.name} set ${field} to ${show(have)} but the snapshot has ${show(want)}`, 'ERR_HARO_SNAPSHOT_CONFIG', p);
		}
	}
}

/** The store `Class` builds for the snapshot whose header is `text` (`timeOf(store)`: its timing options). */
function build (Class, text, config, p, timeOf) {
	const header = JSON.parse(text);
	const store = new Class(configFor(header, config, p));
	agrees(store, timeOf(store), header, p);

	return store;
}

/**
 * `Class.load(path, config)`: the file is read, checked and decoded whole (a damaged one is
 * refused before a constructor runs), then the store its header describes is built and
 * `fill(store, pending)` loads the records into it. `timeOf(store)` is its timing options.
 */
function load (Class, path, config, fill, timeOf) {
	const p = toPath(path, 'load', 'fs.read');
	let pending;
	let text;
	try {
		pending = Engine.snapshotRead(p);
		text = Engine.snapshotHeader(pending);
	} catch (e) {
		rethrow(e, p);
	}
	const store = build(Class, text, config, p, timeOf);
	try {
		fill(store, pending);
	} catch (e) {
		rethrow(e, p);
	}

	return store;
}

async function loadAsync (Class, path, config, fill, timeOf) {
	const p = toPath(path, 'loadAsync', 'fs.read');
	let pending;
	let text;
	try {
		pending = await Engine.snapshotReadAsync(p);
		text = Engine.snapshotHeader(pending);
	} catch (e) {
		rethrow(e, p);
	}
	const store = build(Class, text, config, p, timeOf);
	try {
		await fill(store, pending);
	} catch (e) {
		rethrow(e, p);
	}

	return store;
}

module.exports = {save, saveAsync, load, loadAsync};
