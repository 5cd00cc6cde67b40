'use strict';
// Records a read hands over without their keys. The engine writes a packed record (a store's
// records from 131,072 on) as its form's number and its values, flat, in the `records`
// answer: `[id, key, form, value, …, id, key, record, …]` (crates/haro-core/src/shape/
// forms.rs; form 0: a record that is no object, the next value as it is). A form is the
// record's key list and those of the objects it holds directly (up to three levels down);
// here each becomes constructors that build such a record from the values, so `JSON.parse`
// reads no key and every record of a form shares its hidden classes (0.5–0.9x the time of
// `JSON.parse` of the text: bench/read-decode.mjs). A key Object.prototype holds when a form
// is compiled is defined; one given a setter or made read-only there later is assigned
// (JSON.parse defines every key).
// Form numbers are unique in the process and never reused: what is compiled for one holds
// for every store.

const native = require('./binding.js');
const {decode} = require('./codec.js');

// Form number → {make(a, i), width}, and description → the same (stores shaped alike share
// their functions). Dropped whole when big: a number asked again is described again.
const BY_NUMBER = new Map();
const BY_DESC = new Map();
const KEEP_MAX = 4096;

/** Sets own property `key` of `o` as JSON.parse does: defined, whatever Object.prototype holds. */
function define (o, key, value) {
	Object.defineProperty(o, key, {value, writable: true, enumerable: true, configurable: true});
}

/**
 * `make(a, i)` from a form's description (`[[key, …], [[place, form], …]]`) and how many
 * values it reads. Each object is made by a constructor whose prototype is Object.prototype
 * (an object literal's allocation site is pretenured once its objects survive, and a later
 * pass over records made so read them ~2x slower). A key Object.prototype holds
 * (`__proto__`, `toString`, …) is defined, not assigned: an assignment would reach its
 * setter, or fail on a frozen prototype.
 */
function compile (desc) {
	let width = 0;
	const ctors = [];
	const ctor = ([keys, inner]) => {
		const n = ctors.length;
		ctors.push('');
		const at = new Map(inner);
		const body = keys.map((k, j) => {
			const v = at.has(j) ? `new C${ctor(at.get(j))}(a, i)` : `a[i + ${width++}]`;

			return k in Object.prototype ? `D(this, ${JSON.stringify(k)}, ${v});` : `this[${JSON.stringify(k)}] = ${v};`;
		});
		// (each named Object: what a debugger or a heap snapshot names a record by, as JSON.parse's)
		ctors[n] = `const C${n} = function Object (a, i) {\n${body.join('\n')}\n};\nC${n}.prototype = P;`;

		return n;
	};
	ctor(desc);
	let make;
	try {
		make = new Function('D', 'P', `'use strict';\n${ctors.join('\n')}\nreturn (a, i) => new C0(a, i);`)(define, Object.prototype); // eslint-disable-line no-new-func
	} catch {
		make = builder(desc); // code generation refused (--disallow-code-generation-from-strings)
	}

	return {make, width};
}

/** `make` without compiling: each property defined in turn. */
function builder (desc) {
	const build = ([keys, inner], a, at) => {
		const nested = new Map(inner);
		const o = {};
		for (let j = 0; j < keys.length; j++) {
			let v;
			if (nested.has(j)) [v, at] = build(nested.get(j), a, at);
			else v = a[at++];
			define(o, keys[j], v);
		}

		return [o, at];
	};

	return (a, i) => build(desc, a, i)[0];
}

/** What form `n` makes, described by store `h`'s engine when not known yet. */
function formOf (n, h) {
	let form = BY_NUMBER.get(n);
	if (form !== undefined) return form;
	const text = native.form(h, n);
	if (text === null) throw new Error(`haro-rs: the engine no longer describes record form ${n}`);
	form = BY_DESC.get(text);
	if (form === undefined) {
		if (BY_DESC.size >= KEEP_MAX) BY_DESC.clear();
		form = compile(JSON.parse(text));
		BY_DESC.set(text, form);
	}
	if (BY_NUMBER.size >= KEEP_MAX) BY_NUMBER.clear();
	BY_NUMBER.set(n, form);

	return form;
}

/** `[id, key, record, …]` of store `h`'s `records` answer. */
function decodeRecords (text, h) {
	const a = decode(text);
	for (let i = 2; i < a.length; i += 3) {
		if (typeof a[i] === 'number') return unflatten(a, i - 2, h);
	}

	return a;
}

/** `a` from `start` on holds formed records: the triples, with each built. */
function unflatten (a, start, h) {
	const out = a.slice(0, start);
	for (let i = start; i < a.length;) {
		const id = a[i];
		const key = a[i + 1];
		const r = a[i + 2];
		if (r === 0) {
			// form 0: a record that is no object (an override may store one), the next value
			out.push(id, key, a[i + 3]);
			i += 4;
		} else if (typeof r === 'number') {
			const form = formOf(r, h);
			out.push(id, key, form.make(a, i + 3));
			i += 3 + form.width;
		} else {
			out.push(id, key, r);
			i += 3;
		}
	}

	return out;
}

module.exports = {decodeRecords, compile, builder};
