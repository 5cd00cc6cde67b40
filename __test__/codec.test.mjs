// The record codec (lib/codec.js): its fast paths (a tagged copy through plain
// JSON.stringify) write byte for byte what the replacer writes, on random values of every
// kind the store keeps: holes, named array properties, own `__proto__` keys, Dates, -0...
import {it} from 'node:test';
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';

const {check, copy, encode, encodeChecked, encodeQuery, decode, replacerText, textMany} = createRequire(import.meta.url)('../lib/codec.js');

function values (seed) {
	const r = () => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;

		return seed / 0x7fffffff;
	};
	// Strings with a NUL (leading: tagged; inside, or an escaped backslash before "u0000": not),
	// and one built by concatenation (a cons string, which `scan` must not need to read).
	const prims = () => [undefined, null, NaN, -0, 0, Infinity, -Infinity, 1.5, 's', '\u0000t', '', true, false, new Date(Math.floor(r() * 1e12)), new Date(NaN), /re/g, new Map(), 'a\u0000b', '\\u0000c', `${r() < 0.5 ? '\u0000' : 'x'}${'long enough to be a cons string'.slice(Math.floor(r() * 4))}`];
	const gen = d => {
		const x = r();
		if (d > 3 || x < 0.5) {
			const p = prims();

			return p[Math.floor(r() * p.length)];
		}
		if (x < 0.75) {
			const a = [];
			const l = Math.floor(r() * 4);
			for (let i = 0; i < l; i++) a.push(gen(d + 1));
			if (r() < 0.2) a[l + 1] = gen(d + 1);
			if (r() < 0.1) delete a[0];
			if (r() < 0.05) a.named = 1;

			return a;
		}
		const o = r() < 0.1 ? Object.create(null) : {};
		const l = Math.floor(r() * 4);
		for (let i = 0; i < l; i++) {
			const k = ['a', 'b', '__proto__', '1', 'constructor', 'é', '\u0000k'][Math.floor(r() * 7)];
			Object.defineProperty(o, k, {value: gen(d + 1), enumerable: true, writable: true, configurable: true});
		}

		return o;
	};

	return gen;
}

it('encode and encodeQuery write what the replacer writes, on 50,000 random values', () => {
	const gen = values(20261202);
	let encoded = 0;
	let tagged = 0;
	for (let i = 0; i < 50000; i++) {
		const v = {x: gen(0)};
		const want = replacerText(v);
		assert.equal(encodeQuery(v), want);
		let text;
		try {
			text = encode(v, 'record', 'set');
		} catch (e) {
			assert.ok(e instanceof TypeError && /^haro-rs: set\(\): cannot store /.test(e.message), e.message);
			continue;
		}
		encoded++;
		if (text.includes('\\u0000')) tagged++;
		assert.equal(text, want);
		// And it reads back: the text is the engine's own form.
		assert.doesNotThrow(() => decode(text));
	}
	// The run covers both paths, and refusals.
	assert.ok(encoded > 20000 && tagged > 10000 && encoded < 50000, `${encoded} encoded, ${tagged} tagged`);
});

it('textMany writes a chunk as the array of what encodeChecked writes for each record, or leaves it to them', () => {
	// Chunks of 1 to 8 random records (every kind of value, Dates at the top and deeper),
	// among them records changed since their check (a toJSON added, a NUL-led string or an
	// undefined value put in): textMany's text is exactly the records' own texts joined, or null.
	const gen = values(20261204);
	let whole = 0;
	let left = 0;
	for (let c = 0; c < 6000; c++) {
		const recs = [];
		const states = [];
		const n = 1 + (c % 8);
		while (recs.length < n) {
			const v = c % 3 === 0 ? {x: gen(0)} : {a: 'plain', n: recs.length, d: new Date(c * 1e6), deep: {d: new Date(c)}, ...(c % 3 === 1 ? {x: gen(2)} : {})};
			let state;
			try {
				state = check(v, recs.length, 'set');
			} catch {
				continue;
			}
			recs.push(v);
			states.push(state);
		}
		if (c % 50 === 1) recs[n - 1].toJSON = () => 'not an object';
		if (c % 50 === 2) recs[n - 1].late = '\u0000led';
		if (c % 50 === 3) recs[n - 1].late = undefined;
		const from = c % 2;
		const t = textMany(recs, states, from, n);
		if (t === null) {
			left++;
			continue;
		}
		whole++;
		assert.equal(t, `[${recs.slice(from).map((r, i) => encodeChecked(r, states[from + i])).join(',')}]`);
		assert.ok(c % 50 !== 1, 'a record with a toJSON is left to encodeChecked');
	}
	assert.ok(whole > 1500 && left > 1500, `${whole} whole, ${left} left`);
});

it('textMany: a Date tag a toJSON leaves out of one record cannot hide another record\'s NUL-led string', () => {
	// The NULs of a chunk are counted together: a record that lost a counted tag (a toJSON on
	// the copy holding its Date) beside one with a NUL-led string would balance the count.
	const nested = {m: {d: new Date(0)}};
	const plainNull = Object.assign(Object.create(null), {d: new Date(0)});
	const led = {s: '\u0000d5'};
	const cases = [
		// a toJSON given to a nested object after the record's check (a deferred set)
		[nested, () => {
			nested.m.toJSON = () => ({});
		}, () => delete nested.m.toJSON],
		// an inherited one, met by the copy of a null-prototype record
		[plainNull, () => Object.defineProperty(Object.prototype, 'toJSON', {value: () => ({}), configurable: true, writable: true}), () => delete Object.prototype.toJSON]
	];
	// The same within one record: its own lost tag must not hide its own NUL-led string.
	const both = {m: {d: new Date(0)}, s: '\u0000d5'};
	const state = check(both, 0, 'set');
	both.m.toJSON = () => ({});
	assert.equal(decode(encodeChecked(both, state)).s, '\u0000d5');
	for (const [rec, spoil, restore] of cases) {
		const states = [check(rec, 0, 'set'), check(led, 1, 'set')];
		spoil();
		try {
			const t = textMany([rec, led], states, 0, 2);
			const each = `[${[rec, led].map((r, i) => encodeChecked(r, states[i])).join(',')}]`;
			assert.ok(t === null || t === each, `${t} against ${each}`);
		} finally {
			restore();
		}
	}
});

it('records whose only tags are Dates: the same text, and Date.prototype.toJSON left as it was', () => {
	const builtin = Date.prototype.toJSON;
	const own = new Date(5);
	own.toJSON = () => 'own';
	const cases = [
		{d: new Date(0)},
		{a: [new Date(-1), {b: new Date(NaN)}], s: 'x'},
		{d: new Date(1), n: NaN} // another tag too: the tagged copy
	];
	for (const v of cases) assert.equal(encode(v, 'record', 'set'), replacerText(v));
	// A Date's own toJSON is a property of its own, which the store cannot keep (its time alone)
	assert.throws(() => encode({d: own}, 'record', 'set'), {name: 'TypeError', message: /named property "toJSON" of a Date at record\.d/});
	assert.equal(Date.prototype.toJSON, builtin);
	assert.equal(JSON.stringify(new Date(0)), '"1970-01-01T00:00:00.000Z"');
	// A getter JSON.stringify calls may write a record of its own: the outer text keeps its tags.
	const inner = {get g () {
		return encode({d: new Date(2)}, 'record', 'set');
	}, d: new Date(3)};
	assert.equal(encode(inner, 'record', 'set'), replacerText(inner));
	assert.equal(Date.prototype.toJSON, builtin);
	// An encoding that throws part way leaves it as it was too.
	let reads = 0;
	const bad = {d: new Date(4), get boom () {
		if (++reads > 1) throw new Error('boom'); // the walk passes; the stringify throws

		return 1;
	}};
	assert.throws(() => encode(bad, 'record', 'set'), /boom/);
	assert.equal(Date.prototype.toJSON, builtin);
});

it('a frozen Date.prototype (a locked-down realm): Dates are still written as tags', async () => {
	const {execFileSync} = await import('node:child_process');
	const src = `Object.freeze(Date.prototype);
		const {encode, replacerText} = require(${JSON.stringify(new URL('../lib/codec.js', import.meta.url).pathname)});
		const v = {d: new Date(7), e: [new Date(8)]};
		process.stdout.write(String(encode(v, 'record', 'set') === replacerText(v)));`;
	assert.equal(execFileSync(process.execPath, ['-e', src], {encoding: 'utf8'}), 'true');
});

it('Dates that are values of the record itself: the same text as the replacer, the record left as it was', () => {
	const d = new Date(7);
	const withGetter = {a: 1};
	Object.defineProperty(withGetter, 'g', {get: () => new Date(9), enumerable: true});
	Object.defineProperty(withGetter, 'hidden', {value: new Date(3), enumerable: false});
	const proto = {};
	Object.defineProperty(proto, '__proto__', {value: new Date(11), enumerable: true, writable: true, configurable: true});
	const bare = Object.assign(Object.create(null), {at: new Date(12), n: 1});
	const cases = [
		{created: d},
		{a: 'x', created: d, nested: {v: 1}, list: [1, 'y'], updated: new Date(-8)},
		{created: new Date(NaN)},
		withGetter,
		proto,
		bare,
		{created: d, deep: {at: new Date(4)}} // also a nested one: `dated` writes both
	];
	for (const rec of cases) {
		assert.equal(encode(rec, 'record', 'set'), replacerText(rec));
		assert.equal(encodeQuery(rec), replacerText(rec));
	}
	assert.equal(encodeQuery(['name', ['f'], d]), replacerText(['name', ['f'], d]));
	assert.equal(encodeQuery([d, {x: d}]), replacerText([d, {x: d}]));
	// The record itself is not changed, and reads back with its Dates.
	assert.equal(cases[1].created, d);
	const back = decode(encode(cases[1], 'record', 'set'));
	assert.ok(back.created instanceof Date && back.created.getTime() === 7 && back.updated.getTime() === -8);
});

it('Dates nested deeper: the same text, written from copies of their containers, the record left as it was', () => {
	const {check, encodeChecked, lenient} = createRequire(import.meta.url)('../lib/codec.js');
	const shared = {k: 'no Date here'};
	const meta = {created: new Date(1), score: 2, list: [shared, new Date(3), [{at: new Date(4)}]]};
	// A getter run while the record is written sees Date.prototype.toJSON as it always is.
	let seen = null;
	const rec = {id: 1, meta, shared, tags: ['a'], get probe () {
		seen = JSON.stringify(new Date(0));

		return 1;
	}};
	const before = JSON.stringify(rec);
	assert.equal(encode(rec, 'record', 'set'), replacerText(rec));
	assert.equal(seen, '"1970-01-01T00:00:00.000Z"');
	assert.equal(encodeQuery(['f', rec]), replacerText(['f', rec]));
	// Nothing of the record was replaced or tagged in place.
	assert.equal(rec.meta, meta);
	assert.ok(rec.shared === shared && meta.list[0] === shared && shared.k === 'no Date here');
	assert.ok(meta.created instanceof Date && meta.list[1] instanceof Date && meta.list[2][0].at instanceof Date);
	assert.equal(JSON.stringify(rec), before);
	assert.equal(Date.prototype.toJSON.call(new Date(0)), '1970-01-01T00:00:00.000Z');
	// A deferred write (checked at the call, checked again as it lands): a Date, NaN, -0 or
	// undefined its caller put deeper meanwhile is written as itself.
	const later1 = {a: {b: 1}, d: new Date(5)};
	check(later1, 'record', 'set');
	later1.a.b = [{when: new Date(6), n: NaN, z: -0, u: undefined}];
	assert.equal(encodeChecked(later1, lenient(later1)), replacerText(later1));
	// ... and one that gained what no check would pass (a class instance) is written leniently.
	later1.a.b = [new (class Point {})(), {when: new Date(8)}];
	assert.equal(encodeChecked(later1, lenient(later1)), encodeQuery(later1));
	// A Date as the whole value (an override's record, a query's value) is a tag too.
	const whole = new Date(5);
	assert.equal(encode(whole, 'record', 'set'), replacerText(whole));
	assert.equal(encodeQuery(whole), replacerText(whole));
	assert.equal(encodeChecked(whole, lenient(whole)), replacerText(whole));
	// An own `__proto__` key on the way to a Date stays an own key of the copy.
	const p = {};
	Object.defineProperty(p, '__proto__', {value: {at: new Date(7)}, enumerable: true, writable: true, configurable: true});
	const outer = {p};
	assert.equal(encode(outer, 'record', 'set'), replacerText(outer));
	assert.equal(Object.getPrototypeOf(p), Object.prototype);
});

it('a record that gained symbol-keyed properties since its check lands as JSON writes it, its tags kept', () => {
	// (`lenient` does not look for symbols in its common case: a landing cannot refuse the
	// record, and JSON writes none of them)
	const {check, encodeChecked, lenient} = createRequire(import.meta.url)('../lib/codec.js');
	const s = Symbol('s');
	const made = [
		() => ({id: 1, n: 2}),
		() => ({id: 1, meta: {at: new Date(3), n: NaN}}),
		() => ({id: 1, list: [1, -0, undefined]}),
		() => ({id: 1, d: new Date(4), deep: {d: new Date(5)}}),
		() => ({id: 1, holes: [1, 2, 3]})
	];
	for (const make of made) {
		for (const where of ['top', 'nested', 'date', 'holes']) {
			const r = make();
			check(r, 'record', 'set');
			if (where === 'top') r[s] = 1;
			if (where === 'nested') r.inner = {[s]: 2, x: NaN};
			if (where === 'date') r.when = Object.assign(new Date(6), {[s]: 3});
			if (where === 'holes') {
				r[s] = 4;
				r.sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
			}
			const text = encodeChecked(r, lenient(r));
			assert.deepEqual(decode(text), decode(replacerText(r)), `${JSON.stringify(make())}, a symbol ${where}`);
		}
	}
});

it('an enumerable property inherited from Object.prototype is not written into records', () => {
	// With a string that opens with NUL too: the inherited Dates, not written, must not be
	// counted as Date tags in the text (which would pass the NUL for one of them, untagged).
	const cases = [{created: new Date(3), n: 1}, {a: {b: [1, {c: new Date(4)}]}}, {created: new Date(3), s: '\u0000x'}, {a: {c: new Date(4), s: '\u0000y'}}];
	for (const pollution of [new Date(5), {inherited: new Date(6)}]) {
		// eslint-disable-next-line no-extend-native
		Object.prototype.polluted = pollution;
		try {
			for (const rec of cases) {
				assert.equal(encode(rec, 'record', 'set'), replacerText(rec), 'the own keys only');
				assert.ok(!Object.hasOwn(copy(rec), 'polluted'));
				assert.ok(!Object.hasOwn(copy(rec).a ?? {}, 'polluted'));
				assert.ok(!Object.hasOwn(decode(encode(rec, 'record', 'set')), 'polluted'));
			}
		} finally {
			delete Object.prototype.polluted;
		}
	}
});

it('copy keeps an own `__proto__` key as an own property, copied, and the prototype as it was', () => {
	const o = {};
	Object.defineProperty(o, '__proto__', {value: {a: 1, d: new Date(2)}, enumerable: true, writable: true, configurable: true});
	const c = copy(o);
	assert.ok(Object.hasOwn(c, '__proto__'));
	assert.equal(Object.getPrototypeOf(c), Object.prototype);
	assert.notEqual(c.__proto__, o.__proto__); // eslint-disable-line no-proto
	assert.equal(c.__proto__.d.getTime(), 2); // eslint-disable-line no-proto
	assert.equal(encode(c, 'record', 'set'), replacerText(o));
});

it('a getter that writes another record with Dates while one is encoded does not let a NUL-led string pass untagged', () => {
	// `text` counts the Date tags `dated` wrote; a nested encoding (here by the getter, while
	// `dated` copies the object) must not change the count of the outer one.
	const inner = {p: new Date(2), q: new Date(3)};
	let nested = 0;
	const n = {
		d: new Date(1),
		s: '\u0000x',
		get g () {
			nested++;
			encode(inner, 'record', 'set');

			return 0;
		}
	};
	const rec = {id: 'x', n};
	assert.equal(encode(rec, 'record', 'set'), replacerText(rec));
	assert.ok(nested > 0);
});
