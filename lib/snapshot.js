'use strict';
// Snapshots (haro-rs only): `store.save(path)`, `Haro.load(path, config)` and their async
// forms. The engine writes and reads the file (crates/haro-core/src/snapshot.rs); this module checks
// arguments, reconciles a caller's config with the file's, and names errors.

const {dirname, resolve, sep} = require('node:path');
const {fileURLToPath} = require('node:url');
const {Engine} = require('./engine.js');

// A path that names no file: ending in a separator, `.` or `..` (Windows takes `\` too).
const NO_FILE = sep === '\\' ? /(^|[\\/])\.{0,2}$/ : /(^|\/)\.{0,2}$/;

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
 * process read (`write` false) or write: the engine's own file I/O is out of the model's sight.
 * A save also writes a temporary file beside the target, renames it over the target and lists
 * the directory (for stale temporary files): the directory must be writable and readable too.
 */
function toPath (path, what, write) {
	let given;
	if (path instanceof URL) {
		given = fileURLToPath(path);
	} else if (typeof path !== 'string' || path.length === 0 || !path.isWellFormed()) {
		throw new TypeError(`haro-rs: ${what} needs a file path (a non-empty string or a file: URL)`);
	} else {
		given = path;
	}
	// (`resolve` drops a trailing separator, `.` or `..`: another file would be read or written,
	// where fs refuses such a path)
	if (NO_FILE.test(given)) throw new TypeError(`haro-rs: ${what} needs a file path, not a directory's (${given})`);
	const p = resolve(given);
	const permission = process.permission;
	if (permission !== undefined) {
		const needs = write ? [['fs.write', p], ['fs.write', dirname(p)], ['fs.read', dirname(p)]] : [['fs.read', p]];
		for (const [scope, at] of needs) {
			if (!permission.has(scope, at)) {
				throw snapshotError(`${what}: Node's permission model does not grant ${scope} for ${at === p ? 'this file' : `its directory ${at}`}`, 'ERR_ACCESS_DENIED', p);
			}
		}
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

/** What a save writes to: the path, checked, and the store's config; due records go first. */
function saving (path, what, store, time) {
	const p = toPath(path, what, true);
	if (time.next !== Infinity) time.fresh(); // (a record due is not written: it goes, with onexpire)

	return {p, config: configOf(store, time)};
}

function save (engine, path, store, time) {
	const {p, config} = saving(path, 'save', store, time);
	try {
		engine.snapshotSave(p, config);
	} catch (e) {
		rethrow(e, p);
	}
}

async function saveAsync (engine, path, store, time) {
	const {p, config} = saving(path, 'saveAsync', store, time);
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

/** A load's config, checked before the file is read: `{}` for none. */
function loadConfig (config) {
	if (config === undefined || config === null) return {};
	if (typeof config !== 'object') throw new TypeError('haro-rs: load: config must be an object');

	return config;
}

/**
 * The store `Class` builds for the snapshot read (`pending`), as its header describes it
 * (`timeOf(store)`: its timing options). Where that fails (a constructor that throws, a config
 * the file contradicts) the snapshot is freed at once, not a turn of the event loop later.
 */
function build (Class, pending, config, p, timeOf) {
	try {
		const header = JSON.parse(Engine.snapshotHeader(pending));
		const store = new Class(configFor(header, config, p));
		agrees(store, timeOf(store), header, p);

		return store;
	} catch (e) {
		Engine.snapshotDiscard(pending);
		throw e;
	}
}

/**
 * `Class.load(path, config)`: the file is read, checked and decoded whole (a damaged one is
 * refused before a constructor runs), then the store its header describes is built and
 * `fill(store, pending)` loads the records into it. `timeOf(store)` is its timing options.
 */
function load (Class, path, config, fill, timeOf) {
	const p = toPath(path, 'load', false);
	const given = loadConfig(config);
	let pending;
	try {
		pending = Engine.snapshotRead(p);
	} catch (e) {
		rethrow(e, p);
	}
	const store = build(Class, pending, given, p, timeOf);
	try {
		fill(store, pending);
	} catch (e) {
		rethrow(e, p);
	}

	return store;
}

async function loadAsync (Class, path, config, fill, timeOf) {
	const p = toPath(path, 'loadAsync', false);
	const given = loadConfig(config);
	let pending;
	try {
		pending = await Engine.snapshotReadAsync(p);
	} catch (e) {
		rethrow(e, p);
	}
	const store = build(Class, pending, given, p, timeOf);
	try {
		await fill(store, pending);
	} catch (e) {
		rethrow(e, p);
	}

	return store;
}

module.exports = {save, saveAsync, load, loadAsync};
