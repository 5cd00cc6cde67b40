'use strict';
// Values cross to the engine as JSON text. What JSON cannot hold travels as a tagged string:
// NUL then a letter (u undefined, n NaN, i Infinity, j -Infinity, z -0, d Date, s a string
// that itself starts with NUL, r a RegExp or other query-only value). The engine
// (crates/haro-core/src/value/codec.rs) reads and writes the same tags.

const {place} = require('./errors.js');

const MAX_DEPTH = 512;
// A record goes back to JS as one string, which V8 bounds (2^29-24 UTF-16 units, and as many
// bytes of UTF-8 handed to it): a record counted past this is refused, as its text might not
// fit. The count: each string's and key's characters (up to three bytes of UTF-8 each), and
// `PER_VALUE` for each element or property (a number's text, up to 24 bytes, and punctuation).
const MAX_CHARS = 5 * 2 ** 25; // (three bytes a count: 503M, under 2^29; an array of 2^24 numbers fits)
const PER_VALUE = 8;
// JSON writes a control character or a lone surrogate as six characters, a quote or a
// backslash as two: a record within MAX_CHARS can make a text past V8's longest string
// (2^29-24) with them. Its text is at most 25/8 of the count (a number's 24 characters and a
// comma for its 8) plus what `escapes` adds: 5 at most for each character counted, 2 for a
// Date (its tag is up to 26 characters and a comma). Counted only in a record counted past this.
const MAX_TEXT = 2 ** 29 - 24;
const ESCAPES_FROM = Math.floor(MAX_TEXT / (25 / 8 + 5));
// What `scan` or `needsTags` counted of the record they walk.
let chars = 0;
// Arrays longer than this are refused; sparse ones longer than MAX_SPARSE too: each hole
// would be written out (a length of 2**32-1 would never finish).
const MAX_LENGTH = 2 ** 24;
const MAX_SPARSE = 2 ** 16;
const NUL = '\u0000';
const ESCAPED_NUL = '\\u0000'; // a NUL as JSON writes it: every tag opens with one
const T_UNDEF = '\u0000u';
const T_NAN = '\u0000n';
const T_INF = '\u0000i';
const T_NINF = '\u0000j';
const T_NEGZERO = '\u0000z';
const T_OPAQUE = '\u0000r';
const T_HOLE = '\u0000h';
const objectProto = Object.prototype;
const arrayProto = Array.prototype;
const dateProto = Date.prototype;
const hasOwn = Object.hasOwn;
const objectToString = Object.prototype.toString;
const dateTag = d => `${NUL}d${d.getTime()}`;
const getTime = Date.prototype.getTime;

// Whether `v`, which inherits from Date.prototype, is a Date: `Object.create(Date.prototype)`
// or a Proxy of a Date inherits it without a time to keep (their `getTime` throws).
function isDate (v) {
	try {
		getTime.call(v);

		return true;
	} catch {
		return false;
	}
}

// JSON.stringify writes what a `toJSON` answers; the engine keeps the object's own
// enumerable data, as a copy of it would hold (haro's `{...data}` of a record drops a hidden
// `toJSON`; what nests is the caller's, whose `toJSON` haro never calls). A record holding one
// goes through `tagged`, whose copies have none.
const hasToJSON = v => typeof v.toJSON === 'function';

class PathError extends TypeError {
	constructor (reason) {
		super(reason);
		this.segments = [];
		this.reason = reason;
	}
}

function formatPath (segments, root = 'record') {
	let out = root;
	for (let i = segments.length - 1; i >= 0; i--) {
		const s = segments[i];
		out += typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
	}

	return out;
}

function kindOf (v) {
	const proto = Object.getPrototypeOf(v);
	const name = proto?.constructor?.name;
	// (a plain value made in another realm, a `vm` context, inherits that realm's prototypes,
	// whose own constructor is that realm's Object, Array or Date)
	const realms = {Object, Array, Date};
	if (hasOwn(realms, name) && hasOwn(proto, 'constructor') && proto.constructor !== realms[name]) return `an instance of ${name} from another realm (a vm context; structuredClone makes one of this realm)`;

	return name ? `an instance of ${name}` : 'an object with a foreign prototype';
}

// Walks a record: throws a TypeError naming the path of what the store cannot keep, and
// returns whether the text needs tags. `lenient` (queries) turns what cannot be stored
// into a value that equals nothing instead of throwing.
function needsTags (v, depth, ancestors, lenient) {
	switch (typeof v) {
		case 'string':
			chars += v.length;

			return v.length > 0 && v.charCodeAt(0) === 0;
		case 'number':
			return v - v !== 0 || (v === 0 && 1 / v < 0);
		case 'boolean':
			return false;
		case 'undefined':
			return true;
		case 'object':
			break;
		default:
			if (lenient) return true;
			throw new PathError(`cannot store a ${typeof v}`);
	}
	if (v === null) return false;
	const proto = Object.getPrototypeOf(v);
	if (proto === dateProto) {
		if (!isDate(v)) {
			if (lenient) return true;
			throw new PathError('cannot store an object that inherits from Date.prototype without being a Date');
		}
		// The engine keeps a Date's time alone: its own properties would not come back, so
		// they are refused, as an array's named ones are.
		for (const k in v) {
			if (!hasOwn(v, k)) continue;
			if (lenient) return true;
			throw new PathError(`cannot store the named property "${k}" of a Date`);
		}
		if (!lenient && Object.getOwnPropertySymbols(v).some(s => objectProto.propertyIsEnumerable.call(v, s))) {
			throw new PathError('cannot store a symbol-keyed property');
		}

		return true;
	}
	if (depth >= MAX_DEPTH) throw new PathError(`nested deeper than ${MAX_DEPTH} levels`);
	if (ancestors.includes(v)) throw new PathError('cannot store a circular reference');
	let tags = hasToJSON(v);
	ancestors.push(v);
	try {
		if (Array.isArray(v)) {
			if (proto !== arrayProto) {
				if (lenient) return true;
				throw new PathError(`cannot store ${kindOf(v)}`);
			}
			if (v.length > MAX_LENGTH) throw new PathError(`cannot store an array of ${v.length} elements (at most ${MAX_LENGTH})`);
			if (v.length > MAX_SPARSE && Object.keys(v).length !== v.length) {
				throw new PathError(`cannot store a sparse array of length ${v.length} (at most ${MAX_SPARSE})`);
			}
			chars += PER_VALUE * v.length;
			for (let i = 0; i < v.length; i++) {
				try {
					if (needsTags(v[i], depth + 1, ancestors, lenient)) tags = true;
				} catch (e) {
					if (e instanceof PathError) e.segments.push(i);
					throw e;
				}
			}
			const named = Object.keys(v).find(k => String(k >>> 0) !== k || k >>> 0 >= v.length);
			if (named !== undefined) {
				if (lenient) return true;
				throw new PathError(`cannot store the named property "${named}" of an array`);
			}
		} else if (proto === objectProto || proto === null) {
			const keys = Object.keys(v);
			for (let i = 0; i < keys.length; i++) {
				chars += keys[i].length + PER_VALUE;
				try {
					if (needsTags(v[keys[i]], depth + 1, ancestors, lenient)) tags = true;
				} catch (e) {
					if (e instanceof PathError) e.segments.push(keys[i]);
					throw e;
				}
			}
			const symbols = Object.getOwnPropertySymbols(v);
			if (symbols.length > 0 && !lenient && symbols.some(s => objectProto.propertyIsEnumerable.call(v, s))) {
				throw new PathError('cannot store a symbol-keyed property');
			}
		} else {
			if (lenient) return true;
			throw new PathError(`cannot store ${kindOf(v)}`);
		}
	} finally {
		ancestors.pop();
	}

	return tags;
}

// `needsTags` of a record (what a store keeps), and what `MAX_CHARS` bounds.
function recordTags (record) {
	chars = 0;
	const tags = needsTags(record, 0, [], false);
	if (chars > MAX_CHARS) throw new PathError(`cannot store a record this long: its strings and keys, counting ${PER_VALUE} for each value, come to ${chars} characters (at most ${MAX_CHARS}: a record is read back as one string, which V8 bounds)`);
	if (chars > ESCAPES_FROM && chars * 25 / 8 + escapes(record, 0) > MAX_TEXT) throw new PathError(`cannot store a record this long: its JSON text, with its escapes (a control character or a lone surrogate written as six characters), may pass V8's longest string, ${MAX_TEXT} characters`);

	return tags;
}

/**
 * What the text of `v` adds past 25/8 of its count (walked by `needsTags` already: no cycle,
 * bounded depth): JSON's escapes, and a Date's longest tags.
 */
function escapes (v, depth) {
	if (typeof v === 'string') return escapesIn(v);
	if (typeof v !== 'object' || v === null || depth > MAX_DEPTH) return 0;
	if (Object.getPrototypeOf(v) === dateProto) return 2;
	let n = 0;
	if (Array.isArray(v)) {
		for (let i = 0; i < v.length; i++) n += escapes(v[i], depth + 1);
	} else {
		for (const k of Object.keys(v)) n += escapesIn(k) + escapes(v[k], depth + 1);
	}

	return n;
}

function escapesIn (s) {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x20) {
			n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 1 : 5;
		} else if (c === 0x22 || c === 0x5c) {
			n += 1;
		} else if (c >= 0xd800 && c <= 0xdfff) {
			const next = s.charCodeAt(i + 1);
			if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
			else n += 5;
		}
	}

	return n;
}

// What `scan` finds, as bits: TAGS (a value JSON cannot hold but a Date), DATES (a Date,
// a value of the record itself), DEEP_DATES (a Date nested deeper), BAD (what the slow walk
// must decide). Below BAD, the record can be written as it is, but for a string that opens
// with NUL: `scan` reads no string (`text` finds those in the text it wrote). Reading a string's
// first character flattens a string built by concatenation (a template literal's `${a}.${b}`),
// a copy and an allocation: in a first load of the benchmark's records (an email and a date
// each) that was ~1.5 µs of the ~3 µs a `set` took, where haro reads no string at all.
const OK = 0;
const TAGS = 1;
const DATES = 2;
const DEEP_DATES = 4;
const BAD = 8;

// The common case, kept cheap: no paths, no cycle list (a cycle shows up as depth),
// no exceptions. BAD sends the caller to `needsTags`, which says what and where.
// Each `typeof x === '…'` is written out whole: V8 compiles that form to a type check, where
// `const t = typeof x` (or a `switch`) calls a builtin for the type's name (Node 24, checks of
// benchmark records: 230 -> 210 ns).
function scan (v, depth, syms = true) {
	if (typeof v === 'object') {
		if (v === null) return OK;
		if (depth !== 0) return scanObject(v, depth, syms);
		chars = 0;
		const state = scanObject(v, 0, syms);

		return chars > ESCAPES_FROM ? state | BAD : state; // (`recordTags` decides)
	}
	if (typeof v === 'string' || typeof v === 'boolean') return OK;
	// NaN, ±Infinity, or -0 (1 / -0 is -Infinity; so is 1 / a negative number below
	// 2^-1024, tagged needlessly, which the tagged copy writes as it is). Every number
	// runs the division: code optimized while no zero had come by would otherwise
	// throw its optimization away at the first zero (a deopt in the first big load).
	if (typeof v === 'number') return v - v !== 0 || 1 / v === -Infinity ? TAGS : OK;

	return typeof v === 'undefined' ? TAGS : BAD;
}

// `scan` of an object. Its strings, numbers and booleans are judged in the loop, as `scan`
// judges them, without a call each: code not yet optimized (a store's first big load) pays
// for every call (10k benchmark records, Node 20 without TurboFan: 1,300 -> 1,050 ns each).
function scanObject (v, depth, syms) {
	if (depth >= MAX_DEPTH) return BAD;
	const proto = Object.getPrototypeOf(v);
	let out = OK;
	if (proto === arrayProto) {
		const n = v.length;
		if (n > MAX_SPARSE && (n > MAX_LENGTH || Object.keys(v).length !== n)) return BAD;
		chars += PER_VALUE * n;
		for (let i = 0; i < n; i++) {
			const x = v[i];
			if (typeof x === 'string') {
				chars += x.length; // (its length is no read of its characters: see OK)
			} else if (typeof x === 'number') {
				if (x - x !== 0 || 1 / x === -Infinity) out |= TAGS;
			} else if (typeof x === 'object') {
				if (x !== null) out |= scanObject(x, depth + 1, syms);
			} else if (typeof x !== 'boolean') {
				out |= scan(x, depth + 1, syms);
			}
		}
		// Named properties (a RegExp match's index, input) or holes: the slow path decides;
		// a hidden `toJSON` too (`hasToJSON`).
		if (Object.keys(v).length !== n || v.toJSON !== undefined) out |= BAD;
	} else if (proto === objectProto || proto === null) {
		// for-in walks the enum cache without allocating a key array; an inherited
		// enumerable property can only make this say BAD, which the slow path rechecks.
		for (const k in v) {
			const x = v[k];
			chars += k.length + PER_VALUE;
			if (typeof x === 'string') {
				chars += x.length; // (its length is no read of its characters: see OK)
			} else if (typeof x === 'number') {
				if (x - x !== 0 || 1 / x === -Infinity) out |= TAGS;
			} else if (typeof x === 'object') {
				if (x !== null) out |= scanObject(x, depth + 1, syms);
			} else if (typeof x !== 'boolean') {
				out |= scan(x, depth + 1, syms);
			}
		}
		if (v.toJSON !== undefined || (syms && Object.getOwnPropertySymbols(v).length > 0)) out |= BAD;
	} else {
		if (proto !== dateProto || !isDate(v)) return BAD;
		const dates = depth === 1 ? DATES : DEEP_DATES;
		// A Date with properties of its own (a toJSON too): the slow path refuses them (a
		// landing, lenient, writes the Date: `dates` stays).
		for (const k in v) return BAD | dates; // eslint-disable-line no-unreachable-loop, no-unused-vars
		if (syms && Object.getOwnPropertySymbols(v).length > 0) return BAD | dates;

		return dates;
	}

	return out;
}

// The text of a record `scan` passed (`state` < BAD): Dates alone need no deep tagged copy.
// `dated` copies the objects on the way to each Date, holding its tag, so JSON.stringify meets
// no toJSON at all (any toJSON takes it off V8's fast path: haro's suite's records with one
// nested Date, Node 22 and 24, 1,650 -> 1,150 ns). Dates that are values of the record itself
// (a `createdAt`) need no walk below them: a shallow copy (10k records of haro's suite's test
// data, one Date each: Node 22 1,078 -> 817 ns a record, Node 24 1,072 -> 838).
function text (record, state) {
	if ((state & TAGS) === 0) {
		// JSON writes a NUL as `\u0000`: a text with no more of those than the Date tags
		// `dated` wrote (each holds one) has no string that opens with NUL. Where there are
		// more for another reason (a NUL inside a string, in a key, or an escaped backslash
		// before "u0000"), the tagged copy writes the record, rightly too. Backslashes are rare
		// in records, so the search skips along at memory speed.
		const tally = state === OK ? NO_DATES : new Tally();
		const written = plain(record, state, tally);
		if (written !== null) {
			const t = JSON.stringify(written);
			if (nuls(t) === tally.dates) return t;
		}
	}

	return JSON.stringify(tagged(record));
}

/**
 * The texts of `records[start…end)` (`check` passed them with `states`) as one array's
 * JSON, each element what `text` writes for it; null where a record needs its own text
 * (a value JSON cannot hold, or anything `text` would write otherwise), and the caller
 * encodes them one by one. One `JSON.stringify` for a chunk costs less than one a record
 * with their join (flat benchmark records, Node 24: 1,970 -> 1,430 ns a record; Node 20:
 * 2,910 -> 1,770).
 */
function textMany (records, states, start, end) {
	const written = new Array(end - start);
	const tally = new Tally();
	try {
		for (let i = start; i < end; i++) {
			// A toJSON (one given since the check, or an inherited one) may write a record as
			// something other than an object, which the engine would refuse for the whole chunk.
			if ((states[i] & TAGS) !== 0 || records[i].toJSON !== undefined) return null;
			const w = plain(records[i], states[i], tally);
			if (w === null) return null;
			written[i - start] = w;
		}
		const t = JSON.stringify(written);

		// (Counted over the chunk: `plain` refused every copy that could leave a counted tag out.)
		return nuls(t) === tally.dates ? t : null;
	} catch {
		return null; // (a record changed since its check) each is written as `encodeChecked` writes it
	}
}

// What `dated` wrote for one text: its Date tags (each holds one NUL), and whether a copy it
// made has a `toJSON` (its own, given since the record's check, or an inherited one), which
// could leave a counted tag out of the text. One a text, passed down: a getter run meanwhile
// that encodes another record counts in its own.
class Tally {
	constructor () {
		this.dates = 0;
		this.toJSON = false;
	}
}

const NO_DATES = Object.freeze(new Tally());

/**
 * `record` as JSON may write it as it is (`state` below BAD, without TAGS): itself, or a
 * copy with its Dates as tags, counted in `tally`; null where the text could not be trusted
 * to hold every tag counted (a copy with a `toJSON`), or `state` says the slow path decides.
 */
function plain (record, state, tally) {
	if (state === OK) return record;
	if (state >= BAD) return null;
	const w = dated(record, state !== DATES, tally);

	return tally.toJSON ? null : w;
}

function nuls (t) {
	let n = 0;
	for (let i = t.indexOf(ESCAPED_NUL); i !== -1; i = t.indexOf(ESCAPED_NUL, i + ESCAPED_NUL.length)) n++;

	return n;
}

// `v` with its Dates as tags (`deep`: at any depth, else only its own values): the arrays and
// plain objects that hold one are copied, the rest is shared. Only own properties are
// replaced in a copy (JSON writes no inherited one). Anything else (only a record changed
// since its check has any) throws, and `encodeChecked` writes the record leniently.
function dated (v, deep, tally) {
	const proto = Object.getPrototypeOf(v);
	if (proto === dateProto) {
		tally.dates++;

		return dateTag(v);
	}
	let out = null;
	if (proto === arrayProto) {
		if (v.length > MAX_LENGTH) throw new RangeError('too long');
		for (let i = 0; i < v.length; i++) {
			const x = v[i];
			if (typeof x !== 'object' || x === null) continue;
			const y = deep || Object.getPrototypeOf(x) === dateProto ? dated(x, deep, tally) : x;
			if (y === x) continue;
			if (out === null) {
				out = v.slice();
				if (out.toJSON !== undefined) tally.toJSON = true;
			}
			out[i] = y;
		}
	} else if (proto === objectProto || proto === null) {
		for (const k in v) {
			const x = v[k];
			// (An inherited one is not written: its Dates must not count in `tally`.)
			if (typeof x !== 'object' || x === null || !hasOwn(v, k)) continue;
			const y = deep || Object.getPrototypeOf(x) === dateProto ? dated(x, deep, tally) : x;
			if (y === x) continue;
			if (out === null) {
				out = {...v};
				if (out.toJSON !== undefined) tally.toJSON = true;
			}
			out[k] = y; // an own property of the copy: `__proto__` too is replaced, not set
		}
	} else {
		throw new TypeError('not plain');
	}

	return out ?? v;
}

// The tag of a number or string JSON cannot hold as it is (NaN, -0, a leading NUL…), or the
// value itself: one rule for the replacer and for the tagged copy.
function scalar (v) {
	if (typeof v === 'string') return v.length > 0 && v.charCodeAt(0) === 0 ? `${NUL}s${v}` : v;
	if (v !== v) return T_NAN; // eslint-disable-line no-self-compare
	if (v === Infinity) return T_INF;
	if (v === -Infinity) return T_NINF;

	return v === 0 && 1 / v < 0 ? T_NEGZERO : v;
}

function replacer (k, v) {
	const o = this[k];
	switch (typeof o) {
		case 'undefined':
			return Array.isArray(this) && !(k in this) ? T_HOLE : T_UNDEF;
		case 'number':
		case 'string':
			return scalar(o);
		case 'boolean':
			return o;
		case 'object':
			if (o === null) return o;
			if (Object.getPrototypeOf(o) === dateProto) return isDate(o) ? dateTag(o) : T_OPAQUE;
			if (!Array.isArray(o) && !isPlain(o)) return T_OPAQUE;

			return v;
		default:
			return T_OPAQUE;
	}
}

function isPlain (o) {
	const proto = Object.getPrototypeOf(o);

	return proto === objectProto || proto === null;
}

function fail (e, root, method) {
	if (e instanceof PathError) {
		throw new TypeError(`haro-rs: ${method ? `${method}(): ` : ''}${e.reason} at ${formatPath(e.segments, recordAt(root, method))}`);
	}
	throw e;
}

/**
 * A bulk call names its records by position (`place`): `records[3]`, or `records[3][1]` in
 * `override`, whose entries are `[key, record]`.
 */
function recordAt (root, method) {
	return typeof root === 'number' && method === 'override' ? `${place(root)}[1]` : place(root);
}

/**
 * A record as tagged JSON text; throws a TypeError naming what cannot be stored and where
 * (`root` names the record: `records[3]` in a batch, or its position, 3: `recordAt`).
 */
function encode (record, root, method) {
	const state = scan(record, 0);
	// A replacer function makes JSON.stringify several times slower (2.6x on records with
	// Dates): what `scan` passed, a tagged copy serves, byte for byte the same text.
	if (state < BAD) return text(record, state);
	// What `scan` could not vouch for (holes, a cycle, a deep nest…): the slow walk says
	// what cannot be stored and where, and the replacer writes the rest.
	let tags;
	try {
		tags = recordTags(record);
	} catch (e) {
		fail(e, root, method);
	}

	// (`tagged` writes what `replacer` writes, from copies that hold no `toJSON`)
	return tags ? JSON.stringify(tagged(record)) : JSON.stringify(record);
}

/** Whether `check(record)` passes on its quick walk (false: the slow walk would decide, or refuse). */
function fits (record) {
	try {
		return scan(record, 0) < BAD;
	} catch {
		return false; // (a getter threw)
	}
}

/**
 * Throws what `encode(record, root, method)` would throw, without writing text: the check
 * of a write whose encoding is deferred (lib/engine.js `defer`). Returns what `encodeChecked`
 * needs to write the text later without walking the record again.
 */
function check (record, root, method) {
	const state = scan(record, 0);
	if (state < BAD) return state;
	try {
		recordTags(record);
	} catch (e) {
		fail(e, root, method);
	}

	return BAD; // storable, but only `encode`'s slow path writes it
}

/**
 * Throws what haro throws where a composite index joins a field's value into its key (a
 * template literal): an object whose `toString` is not a function (one of its own that is
 * data, or none: no prototype), alone or inside an array, cannot be converted. haro throws it
 * after storing the record; here nothing is stored. One whose string form is its own (a
 * hidden `toString` or a `Symbol.toPrimitive`), which the engine cannot keep, is refused too.
 * So is a record whose array fields multiply past what an index of haro holds (a key for
 * each combination of their elements: two arrays of 5,000 made 25M keys, ~3.5 GB, where
 * haro throws "Map maximum size exceeded"). `composites`: each composite index's name and fields.
 */
function checkJoinable (record, composites, root, method) {
	for (let c = 0; c < composites.length; c++) {
		const [name, fields] = composites[c];
		let keys = 1;
		for (let f = 0; f < fields.length; f++) {
			const v = record[fields[f]];
			if (Array.isArray(v)) keys *= v.length;
			const how = typeof v === 'object' && v !== null ? joinable(v, 0) : JOINS;
			if (how !== JOINS) {
				const why = how === NO_STRING ? 'Cannot convert object to primitive value' : 'its string form is its own (a toString, Symbol.toPrimitive or Symbol.toStringTag), which the engine does not keep';
				const e = new PathError(`cannot join the value into a key of the index ${JSON.stringify(name)}: ${why}`);
				e.segments.push(fields[f]);
				fail(e, root, method);
			}
		}
		if (keys > MAX_INDEX_KEYS) {
			const where = root === undefined ? 'the record' : recordAt(root, method);
			throw new RangeError(`haro-rs: ${method ? `${method}(): ` : ''}${where} makes ${keys} keys of the index ${JSON.stringify(name)} (its array fields' lengths multiplied), past the ${MAX_INDEX_KEYS} a haro index holds`);
		}
	}
}

const MAX_INDEX_KEYS = 2 ** 24; // (V8's most entries in a Map)

const JOINS = 0;
const NO_STRING = 1;
const OWN_STRING = 2;

function joinable (v, depth) {
	if (typeof v !== 'object' || v === null) return JOINS;
	const proto = Object.getPrototypeOf(v);
	if (proto === dateProto) return JOINS; // (written in UTC: README, difference 9)
	if (v[Symbol.toPrimitive] !== undefined) return OWN_STRING;
	if (proto === arrayProto) {
		if (v.toString !== arrayProto.toString || v.join !== arrayProto.join) return OWN_STRING;
		// (Array#join writes each element's string form; holes and nulls write nothing)
		for (let i = 0; i < v.length && depth < MAX_DEPTH; i++) {
			const how = joinable(v[i], depth + 1);
			if (how !== JOINS) return how;
		}

		return JOINS;
	}
	if (typeof v.toString !== 'function') return NO_STRING;
	if (v.toString !== objectProto.toString) return OWN_STRING;

	// (`[object Math]`, `[object Arguments]`: a Symbol.toStringTag or a built-in tag names it)
	return objectToString.call(v) === '[object Object]' ? JOINS : OWN_STRING;
}

/**
 * What `encodeChecked` needs to write `record` as it is now: a deferred write as it lands (its
 * caller may have changed it in place since the call's check: a Date, NaN, -0 or undefined
 * added is written as itself), or a record no call checked (a store's dump given back). Where
 * the check throws (changed since into what a store cannot keep), what `scan` found but BAD:
 * `encodeChecked` then writes it as JSON writes it, its Dates tagged (README, difference 4).
 */
function lenient (record) {
	try {
		// Symbol-keyed properties do not change what this returns (a record holding one ends
		// as `scan` found it, BAD taken off, below), so the common case does not look for
		// them: `getOwnPropertySymbols` on a benchmark record and its `meta` was ~100 of the
		// ~230 ns of its check.
		const state = scan(record, 0, false);
		if (state < BAD) return state;
		// (what `check` does past its scan, which would say BAD again)
		recordTags(record);

		return BAD;
	} catch {
		try {
			return scan(record, 0) & ~BAD;
		} catch {
			return BAD; // (a getter that throws now: `encodeChecked` writes what it can, or `{}`)
		}
	}
}

/**
 * `encode(record)` for a record `check` passed with `state`. A record its caller changed
 * since (the cache holds the caller's object) is written as JSON writes it, or leniently;
 * one that cannot be written at all (changed into a cycle) is kept as `{}` by the engine.
 */
function encodeChecked (record, state) {
	try {
		return state < BAD ? text(record, state) : encode(record);
	} catch {
		try {
			return encodeQuery(record);
		} catch {
			return '{}';
		}
	}
}

/**
 * A deep copy of a value `check` passed, as a read from the engine would give it back:
 * plain objects (a null prototype too) become `{}`, Dates new Dates, holes stay holes.
 */
function copy (v) {
	if (typeof v !== 'object' || v === null) return v;
	if (Object.getPrototypeOf(v) === dateProto) return new Date(v.getTime());
	// A shallow copy first (slice keeps holes, spread keeps the key order and writes
	// `__proto__` as an own property): V8 clones a whole object at once, where adding its
	// keys one by one walks a map transition per key (Node 24: 375 -> 128 ns a record).
	// Then what nests is copied in place: each key is an own property of the copy already,
	// so a plain assignment replaces it, `__proto__` too.
	if (Array.isArray(v)) {
		const out = v.slice();
		for (let i = 0; i < out.length; i++) {
			const x = out[i];
			if (typeof x === 'object' && x !== null) out[i] = copy(x);
		}

		return out;
	}
	const out = {...v};
	const keys = Object.keys(out); // own keys: for-in would copy inherited ones in
	for (let i = 0; i < keys.length; i++) {
		const x = out[keys[i]];
		if (typeof x === 'object' && x !== null) out[keys[i]] = copy(x);
	}

	return out;
}

// What `replacer` makes of a value `scan` passed as TAGS (plain objects and arrays, Dates,
// primitives), as a copy that plain JSON.stringify writes the same way.
function tagged (v) {
	switch (typeof v) {
		case 'string':
		case 'number':
			return scalar(v);
		case 'undefined':
			return T_UNDEF;
		case 'object':
			break;
		default:
			return v;
	}
	if (v === null) return v;
	if (Object.getPrototypeOf(v) === dateProto) return dateTag(v);
	if (Array.isArray(v)) {
		const out = new Array(v.length);
		// `scan` can miss a hole (a named property makes up the count): checked here.
		for (let i = 0; i < v.length; i++) out[i] = v[i] === undefined && !(i in v) ? T_HOLE : tagged(v[i]);

		return out;
	}
	const out = {};
	const keys = Object.keys(v);
	for (let i = 0; i < keys.length; i++) set(out, keys[i], tagged(v[keys[i]]));

	return out;
}

/**
 * Any value as tagged JSON text for the engine to compare with what it holds (an index
 * override's values, a spec); what cannot be stored becomes a value equal to nothing, but a
 * cycle or nesting past the depth a record may hold throws a TypeError naming it.
 */
function encodeQuery (value) {
	return queryText(value, false);
}

/**
 * `encodeQuery` of a lookup's value (`find`, `where`, `search`): a cycle, or nesting past the
 * depth a record may hold, is a value no record holds, so it equals nothing, as haro's lookup
 * of an object by identity finds nothing.
 */
function encodeLookup (value) {
	return queryText(value, true);
}

function queryText (value, bound) {
	// The common case first, as in `encode`; what `scan` refuses, the lenient walk decides.
	const state = scan(value, 0);
	if (state < BAD) return text(value, state);
	let tags;
	try {
		tags = needsTags(value, 0, [], true);
	} catch (e) {
		if (!bound || !(e instanceof PathError)) fail(e);
		tags = true;
	}

	return tags ? JSON.stringify(bounded(value, 0, []), queryReplacer) : JSON.stringify(value);
}

// A copy of query value `v` whose cyclic or too deeply nested objects, and objects that
// inherit from Date.prototype without being Dates (whose `toJSON` JSON.stringify would call,
// and which throws), are `NOTHING`, which `queryReplacer` writes as the value that equals
// nothing, as it writes an object with a `toJSON` or a class instance (kept as they are).
function bounded (v, depth, ancestors) {
	if (typeof v !== 'object' || v === null) return v;
	if (Object.getPrototypeOf(v) === dateProto) return isDate(v) ? v : NOTHING;
	if ((!Array.isArray(v) && !isPlain(v)) || hasToJSON(v)) return v;
	if (depth >= MAX_DEPTH || ancestors.includes(v)) return NOTHING;
	ancestors.push(v);
	let out;
	if (Array.isArray(v)) {
		out = new Array(v.length); // (holes stay holes; no species constructor is called)
		for (let i = 0; i < v.length; i++) if (i in v) out[i] = bounded(v[i], depth + 1, ancestors);
	} else {
		out = {};
		for (const k of Object.keys(v)) set(out, k, bounded(v[k], depth + 1, ancestors));
	}
	ancestors.pop();

	return out;
}

// `replacer`, but an object with a `toJSON` of its own making (not a Date's, which is tagged)
// is written as what equals nothing: haro looks a query's objects up by identity (README,
// difference 19), where JSON would write what the `toJSON` answers, and find a record by it.
const NOTHING = Object.freeze(Object.create(null));

function queryReplacer (k, v) {
	const o = this[k];
	if (o === NOTHING) return T_OPAQUE;
	if (typeof o === 'object' && o !== null && typeof o.toJSON === 'function' && Object.getPrototypeOf(o) !== dateProto) return T_OPAQUE;

	return replacer.call(this, k, v);
}

/** A key as JSON text. */
function encodeKey (key) {
	if (typeof key === 'number') return key - key === 0 ? String(key) : JSON.stringify(key, replacer);

	return key.length > 0 && key.charCodeAt(0) === 0 ? JSON.stringify(`${NUL}s${key}`) : JSON.stringify(key);
}

function untag (s) {
	switch (s.charCodeAt(1)) {
		case 117: return undefined; // u
		case 110: return NaN; // n
		case 105: return Infinity; // i
		case 106: return -Infinity; // j
		case 122: return -0; // z
		case 100: return new Date(Number(s.slice(2))); // d
		case 115: return s.slice(2); // s
		case 104: return HOLE; // h
		default: return undefined;
	}
}

function set (o, k, v) {
	if (k === '__proto__') {
		Object.defineProperty(o, k, {value: v, writable: true, enumerable: true, configurable: true});
	} else {
		o[k] = v;
	}
}

const HOLE = Symbol('hole');

// Replaces tagged strings in a parsed value, in place.
function revive (v) {
	if (typeof v === 'string') return v.length > 1 && v.charCodeAt(0) === 0 ? untag(v) : v;
	if (v === null || typeof v !== 'object') return v;
	if (Array.isArray(v)) {
		for (let i = 0; i < v.length; i++) {
			const x = v[i];
			if (typeof x === 'object' ? x !== null : typeof x === 'string' && x.charCodeAt(0) === 0) {
				const y = revive(x);
				if (y === HOLE) delete v[i];
				else v[i] = y;
			}
		}
	} else {
		for (const k of Object.keys(v)) {
			const x = v[k];
			if (typeof x === 'object' ? x !== null : typeof x === 'string' && x.charCodeAt(0) === 0) set(v, k, revive(x));
		}
	}

	return v;
}

/** Parses engine text, restoring tagged values. */
function decode (text) {
	const v = JSON.parse(text);

	return text.includes(ESCAPED_NUL) ? revive(v) : v;
}

// `replacerText`: the replacer's text of any value, the reference the tests hold `encode` to.
module.exports = {check, checkJoinable, copy, decode, encode, encodeChecked, encodeKey, encodeLookup, encodeQuery, fits, isPlain, lenient, textMany, MAX_DEPTH, replacerText: v => JSON.stringify(v, replacer)};
