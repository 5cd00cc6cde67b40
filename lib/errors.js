'use strict';
// Argument checks, argument reading, and error messages. haro's own error strings are named once here, so
// that haro-rs throws exactly what haro@16 throws; everything haro itself would crash on
// (`find(null)`…) gets a TypeError that says what was expected.

/** haro@16's error messages, thrown as `new Error(message)`. */
const HARO = Object.freeze({
	notFound: 'Record not found', // delete, batch 'del', deleteMany
	invalidFunction: 'Invalid function', // filter, map
	invalidType: 'Invalid type', // override
	invalidField: 'Invalid field' // sortBy('')
});

function isKey (key) {
	return typeof key === 'string' ? key.isWellFormed() : typeof key === 'number';
}

/** How an error message names a value of the wrong kind. */
function what (v) {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'an array';
	switch (typeof v) {
		case 'object': return 'an object';
		case 'function': return 'a function';
		case 'symbol': return 'a symbol';
		case 'undefined': return 'undefined';
		default: return typeof v;
	}
}

/** The TypeError for an argument haro itself would crash on (`find(null)`…). */
function argError (method, expected, v, cause) {
	return new TypeError(`haro-rs: ${method}() takes ${expected}, not ${what(v)}`, cause === undefined ? undefined : {cause});
}

/** `String(v)`, or the TypeError naming `method` for a value without a string form (an object whose `toString` throws, or which has none and no `valueOf` either). */
function textOf (v, method, expected) {
	try {
		return String(v);
	} catch (e) {
		throw argError(method, expected, v, e);
	}
}

/**
 * `v` as a number (ToNumber, as `Array#slice` converts its bounds: a BigInt throws, where
 * `Number(v)` would convert it), or the TypeError naming `method` for a value without one.
 */
function numberOf (v, method) {
	try {
		return +v;
	} catch (e) {
		throw argError(method, 'a number', v, e);
	}
}

/**
 * `v` as `+` converts an operand (ToPrimitive, the default hint), each conversion function
 * called once: a value with no primitive form is the TypeError naming `method` (V8's would
 * not say which operand), a conversion function's own error goes through.
 */
function primitiveOf (v, method) {
	if (isPrimitive(v)) return v;
	const exotic = v[Symbol.toPrimitive];
	if (exotic !== undefined && exotic !== null) {
		const r = typeof exotic === 'function' ? exotic.call(v, 'default') : v;
		if (!isPrimitive(r)) throw argError(method, 'a number', v);

		return r;
	}
	for (const name of ['valueOf', 'toString']) {
		const f = v[name];
		if (typeof f !== 'function') continue;
		const r = f.call(v);
		if (isPrimitive(r)) return r;
	}
	throw argError(method, 'a number', v);
}

function isPrimitive (v) {
	return (typeof v !== 'object' || v === null) && typeof v !== 'function';
}

// `at`: where the value sits, for the message: a string, or the position of a record (or
// of an override's entry) in a bulk call's list, formatted only when an error needs it.
function place (at) {
	return typeof at === 'number' ? `records[${at}]` : at;
}

function where (at) {
	return typeof at === 'number' || at ? `${place(at)}: ` : '';
}

function checkKey (key, method = 'set', at = '') {
	if (!isKey(key)) {
		const kind = typeof key === 'string' ? 'a string with lone surrogates' : what(key);
		throw new TypeError(`haro-rs: ${method}(): ${where(at)}a key must be a string or a number, not ${kind}`);
	}
}

function checkRecord (data, method = 'set', at = '') {
	if (data === null || typeof data !== 'object' || Array.isArray(data)) {
		throw new TypeError(`haro-rs: ${method}(): ${where(at)}a record must be an object, not ${data === null || Array.isArray(data) ? what(data) : typeof data}`);
	}
}

// haro takes any delimiter and key field: a delimiter is joined and split as its string, a
// key field names a property. A symbol can be neither here: haro's split and join throw on
// one, and a record holding a symbol-keyed property is refused (README, difference 3).
/** The text of delimiter `d` (what haro's join and split use), or a TypeError. */
function delimiterText (d) {
	if (typeof d === 'symbol') throw new TypeError('haro-rs: delimiter must not be a symbol');

	return String(d); // (throws for what has no string)
}

/**
 * The key field check haro-rs adds to haro's constructor, and to each write (`method`): a
 * `key` assigned a symbol since would write a symbol-keyed property, which no record holds.
 */
function checkKeyField (key, method) {
	if (typeof key === 'symbol') throw new TypeError(`haro-rs: ${method === undefined ? '' : `${method}(): `}key must not be a symbol`);
}

function checkCacheSize (cacheSize) {
	if (typeof cacheSize !== 'number') throw new TypeError('haro-rs: cacheSize must be a number');
	if (!(cacheSize >= 0)) throw new RangeError(`haro-rs: cacheSize must be 0 (no bound) or more, not ${cacheSize}`);
}

/**
 * What V8 throws in strict code for an assignment to `name` of a frozen `store`, whose
 * haro properties are data properties there (haro assigns `data` and `indexes` in `override`).
 */
function readOnly (store, name) {
	const kind = Object.getPrototypeOf(store)?.constructor?.name || 'Object';

	return new TypeError(`Cannot assign to read only property '${name}' of object '#<${kind}>'`);
}

// ToIntegerOrInfinity of a number, then clamped as Array.prototype.slice clamps.
function bound (v, len) {
	let n = Math.trunc(v);
	if (n !== n) n = 0; // eslint-disable-line no-self-compare
	if (n < 0) return Math.max(len + n, 0);

	return Math.min(n, len);
}

/** Whether `e` is napi-rs's refusal of a text past V8's longest string (a read from the engine). */
function tooLong (e) {
	return typeof e?.message === 'string' && e.message.includes('into napi `string`');
}

/** Whether `e` is V8's refusal to make a string past its longest (JSON.stringify, join). */
function tooLongHere (e) {
	return e instanceof RangeError && e.message === 'Invalid string length';
}

module.exports = {HARO, isKey, what, argError, textOf, numberOf, primitiveOf, checkKey, checkRecord, checkKeyField, delimiterText, checkCacheSize, bound, readOnly, place, tooLong, tooLongHere};
