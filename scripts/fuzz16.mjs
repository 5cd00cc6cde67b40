// Seeded random differential fuzz: haro@16 against haro-rs, the same random operations on
// both (odd keys and values, composite indexes, delimiters, immutable, versioning, record
// caches small enough that reads come from the engine, the query cache, writes between the
// steps of an iteration), every answer, error and frozen-ness compared after each operation
// and the whole state (size, registry, records, dumps, indexes, versions) after many. A
// failing seed is shrunk to a short standalone repro. `__test__/fuzz16.test.mjs` runs a range
// of seeds in `npm test`. Beside random.test.mjs (fast-check, a model of its own): this one
// compares with haro@16 itself, with the odd values and configs named below, and stands alone
// as a command. Its shuffles sort by random comparisons: V8's TimSort (every Node since 12)
// makes them the same for a seed on every version.
//   node scripts/fuzz16.mjs <seed> [ops]               one seed: its first difference, shrunk
//   node scripts/fuzz16.mjs --range <from> <to> [ops]  many seeds, a line per failing seed
// env: NOSHRINK=1 (no shrinking), PROGRESS=1
import {Haro as RefHaro, haro as refHaro} from 'haro';
import {Haro as RsHaro, haro as rsHaro} from '../index.mjs';
import {inspect} from 'node:util';
import {fileURLToPath} from 'node:url';
import {dropOps, makeRng, seedRange} from './fuzzing.mjs';

process.env.TZ = process.env.TZ || 'UTC';

// ---------------- value pools ----------------
const LONG = 'L'.repeat(3000) + 'é|x';
const keyPool = () => [5e-324, 1e-7, 0.30000000000000004, 4294967295, 2 ** 31, -(2 ** 53), 'ß', 'ss', '\u0000', '😀', 1, '1', 0, -0, '0', 2 ** 53, 2 ** 53 + 2, 1e21, '1e+21', -5, 1.5, NaN, '', 'a|b', '|', '||', 'k', 'K', 'é', 'e\u0301', 'x\0', 'constructor', '__proto__', 'toString', LONG.slice(0, 300), ' 1', '01', 'NaN', 'undefined', 'null', 'Infinity', Infinity];
function pickKey (rng, st) {
	// a mix of odd keys, plain string keys and integers, drifting so that sizes cross the cache bound
	const r = rng.f();
	if (r < 0.25) return rng.pick(keyPool());
	if (r < 0.6) return 'k' + rng.int(st.keySpan);
	return rng.int(st.keySpan);
}
const STR_EXTRA = ['ß', 'ss', 'Æ', 'ae', 'ø', 'o', 'ö', 'Å', 'å', 'aa', 'ﬁ', 'fi', '①', '١', 'ｱ', 'ア', 'あ', '가', '\u0000', '\u200b', 'a\u200bb', '\t', ' ', '-', '–', '_a', 'a_', 'A1', 'a1', 'a10', 'a9', '😀', '😁', '\uFFFF', '\uD83D', 'İ', 'i', 'ı', 'I', 'Σ', 'σ', 'ς', 'a\u0308', 'ä', 'x', 'y', 'abc', 'abd', '0', '00', '1a', 'a1b'];
const NUM_EXTRA = [1e-7, 1e-6, 123456789012345680000, 1e20, 5e-324, 1.7976931348623157e308, 0.30000000000000004, -1e-7, 2 ** 31, 2 ** 32, -(2 ** 31), 4294967295, 1 / 3, -1.5, 2 ** 53 - 1, -(2 ** 53), 100, 1e2 + 0.5];
const HUGE = 'Y'.repeat(70000);
function scalar (rng) {
	const r = rng.f();
	if (r < 0.12) return rng.pick(STR_EXTRA);
	if (r < 0.2) return rng.pick(NUM_EXTRA);
	if (r < 0.202) return HUGE;
	return rng.pick([1, '1', 0, -0, '0', '-0', 2 ** 53, 2 ** 53 + 2, -1, 1.5, NaN, Infinity, -Infinity, '', 'a', 'A', 'b', 'B', 'a|b', '|', 'é', 'e\u0301', 'É', '\uD800x', 'x\uDC00', 'x\0y', LONG, true, false, null, undefined, 'true', 'null', 'undefined', '[object Object]', 1e21, '1e+21', 'a b', 'a-b', 'ab', '_', 'Z', 'z', '10', '9', 10, 9, 'NaN']);
}
let NOOBJ = false; // immutable stores: haro's reindex indexes clones, so object keys go stale (difference 19)
function fieldValue (rng, depth = 0) {
	const r = rng.f();
	if (r < 0.55 || (NOOBJ && r < 0.69)) return scalar(rng);
	if (r < 0.62) return new Date(rng.pick([0, -1, 86400000, 1e12, NaN]));
	if (r < 0.67) return rng.pick([() => ({}), () => ({p: 1}), () => ({p: scalar(rng), q: [1, 2]})])();
	if (r < 0.69) {
		const a = [];
		a[1] = scalar(rng);
		return a; // sparse
	}
	// array
	const n = rng.int(4);
	const a = [];
	for (let i = 0; i < n; i++) a.push(!NOOBJ && depth < 1 && rng.chance(0.15) ? fieldValue(rng, depth + 1) : scalar(rng));
	return a;
}
function nestedValue (rng, depth = 0) {
	const r = rng.f();
	if (r < 0.5 || depth > 2) return scalar(rng);
	if (r < 0.6) return new Date(rng.pick([0, 5, NaN]));
	if (r < 0.8) {
		const o = {};
		const n = rng.int(3);
		for (let i = 0; i < n; i++) o[rng.pick(['p', 'q', 'r', '0', '1', ...ODD_FIELDS])] = nestedValue(rng, depth + 1);
		return o;
	}
	const n = rng.int(3);
	const a = [];
	for (let i = 0; i < n; i++) a.push(nestedValue(rng, depth + 1));
	return a;
}
const ODD_FIELDS = ['5', '10', '4294967294', '4294967295', '9007199254740993', '-1', '01', '1.5', '-0', ' 1', 'a b', '', 'é', 'length', 'valueOf'];
const FIELDS = ['a', 'b', 'c', 'tags', 'n', 's', 'd', 'o'];
function makeRecord (rng, cfg, key, withKey) {
	const rec = {};
	const order = [...FIELDS].sort(() => rng.f() - 0.5);
	if (withKey && rng.chance(0.5)) rec[cfg.key] = key;
	for (const f of order) {
		if (f === cfg.key) continue;
		if (rng.chance(0.35)) continue; // missing field
		switch (f) {
			case 'tags': {
				const n = rng.int(4);
				const a = [];
				for (let i = 0; i < n; i++) a.push(rng.pick(['x', 'y', 'z', 1, '1', 'x|y', '', null]));
				rec.tags = rng.chance(0.1) ? scalar(rng) : a;
				break;
			}
			case 'n': rec.n = rng.pick([0, -0, 1, 2, 3, -1, NaN, Infinity, -Infinity, 1.5, 10, 2 ** 53, '2', undefined]); break;
			case 's': rec.s = rng.chance(0.4) ? rng.pick(STR_EXTRA) : rng.pick(['', 'a', 'ab', 'b', 'A', 'é', 'ä', 'a\0', '\uD83D\uDE00', '\uD800', 'aa', 'Ab', 'a-b', 'ab', ' a', '10', '9', LONG]); break;
			case 'd': rec.d = new Date(rng.pick([0, -1, 1e12, NaN, 86400000])); break;
			case 'o': rec.o = nestedValue(rng); break;
			default: rec[f] = fieldValue(rng);
		}
	}
	if (rng.chance(0.15)) { const n = 1 + rng.int(3); for (let i = 0; i < n; i++) rec[rng.pick(ODD_FIELDS)] = nestedValue(rng); }
	if (withKey && !(cfg.key in rec)) rec[cfg.key] = key;
	return rec;
}

// ---------------- function tables ----------------
const FILTERS = [
	r => r.a === 1,
	r => typeof r.n === 'number' && r.n > 0,
	r => Array.isArray(r.tags),
	() => true,
	r => r.b === undefined
];
const MAPS = [
	r => r.a,
	(r, k) => ({k, n: r.n}),
	(r, k) => k,
	r => ({...r}),
	r => [r.tags]
];
const SORTS = [
	(a, b) => (typeof a.n === 'number' && typeof b.n === 'number') ? a.n - b.n : 0,
	() => 0,
	(a, b) => String(a.a) < String(b.a) ? -1 : String(a.a) > String(b.a) ? 1 : 0,
	(a, b) => (a.s ?? '').localeCompare(b.s ?? '')
];
const SEARCHFNS = [
	(k) => typeof k === 'string' && k.length > 1,
	(k) => k === 1 || k === '1',
	(k) => k == null,
	(k, i) => i === 'a' && k !== undefined,
	(k) => typeof k === 'number'
];

// ---------------- configs ----------------
function makeConfig (rng) {
	const key = rng.pick(['id', 'id', 'id', 'uid', 'a']);
	const immutable = rng.chance(0.4);
	const delimiter = rng.pick(['|', '|', '|', ':', '::', ',', '-', '|', ':', '::', ',', '-', '', 'a', ' ']);
	const d = delimiter;
	const idxPool = ['a', 'b', 'c', 'tags', 'n', 's', 'd', 'o', `a${d}b`, `a${d}b${d}c`, `b${d}a`, `tags${d}a`, `c${d}n`, `a${d}zz`, 'zz'];
	const index = rng.chance(0.25) ? [] : idxPool.filter(() => rng.chance(0.4)).filter(i => !(immutable && (i === 'd' || i === 'o')));
	const cfg = {key, delimiter, index, immutable, versioning: rng.chance(0.4)};
	const rc = rng.pick([undefined, 0, 1, 2, 5, 5, 5, 10]);
	if (rc !== undefined) cfg.recordCacheSize = rc;
	if (rng.chance(0.4)) cfg.cache = true;
	if (delimiter === '|' && rng.chance(0.7)) delete cfg.delimiter;
	return cfg;
}

// ---------------- op generation ----------------
function genOps (rng, cfg, nops) {
	const big = rng.chance(0.15);
	const st = {keySpan: big ? 700 : rng.pick([8, 20, 45])};
	const ops = [];
	let index = [...cfg.index];
	const d = cfg.delimiter ?? '|';
	const idxPool = ['a', 'b', 'c', 'tags', 'n', 's', ...(NOOBJ ? [] : ['d']), `a${d}b`, `a${d}b${d}c`, `b${d}a`, `tags${d}a`, 'zz'];
	const crit = () => {
		const o = {};
		const fields = [...new Set([rng.pick([...index, 'a', 'b']), ...(rng.chance(0.5) ? [rng.pick(['a', 'b', 'c', 'tags', 'n'])] : []), ...(rng.chance(0.2) ? [rng.pick(['a', 'b', 'c'])] : [])])];
		for (const f of fields.sort(() => rng.f() - 0.5)) {
			o[f] = rng.chance(0.2) ? [scalar(rng), scalar(rng)] : rng.chance(0.15) ? new RegExp(rng.pick(['^a', 'a', '1', 'x', '^$', '\\d']), rng.pick(['', 'i', 'g'])) : f === 'tags' ? rng.pick(['x', 'y', 'z', 1, '1']) : scalar(rng);
		}
		return o;
	};
	const pickFields = () => {
		const c = rng.f();
		if (c < 0.5 && index.length) { const i = rng.pick(index); return i.split(d).sort(() => rng.f() - 0.5); }
		return [...new Set([rng.pick(['a', 'b', 'c', 'tags', 'n', 's']), ...(rng.chance(0.4) ? [rng.pick(['a', 'b', 'c', 'tags'])] : [])])];
	};
	for (let i = 0; i < nops; i++) {
		if (!big && rng.chance(0.05)) st.keySpan = rng.pick([5, 8, 20, 45]);
		const kind = rng.weighted([
			['set', 30], ['batchSet', 6], ['batchDel', 3], ['del', 8], ['clear', 0.7], ['overrideRecords', 1.5], ['overrideSelfDump', 1.2], ['overrideIndexesSelf', 0.8],
			['find', 8], ['where', 7], ['search', 6], ['sortBy', 3], ['sort', 2], ['limit', 3], ['filter', 2], ['map', 2], ['reduce', 1.5], ['forEach', 1.5],
			['requery', 5], ['tick', 2], ['bigBatch', big ? 1.5 : 0], ['iterNew', 2], ['iterNext', 4], ['has', 3], ['get', 5], ['merge', 2], ['toArray', 1], ['dump', 1], ['setIndexList', 1.2], ['reindexField', 1], ['reindexAll', 0.8]
		]);
		const op = {kind};
		switch (kind) {
			case 'set': {
				const k = pickKey(rng, st);
				const mode = rng.weighted([['explicit', 5], ['null', 4], ['undef', 1]]);
				op.key = mode === 'explicit' ? k : mode === 'null' ? null : undefined;
				op.keyMode = mode;
				op.rec = makeRecord(rng, cfg, k, mode !== 'explicit' || rng.chance(0.3));
				if (mode === 'explicit' && rng.chance(0.15)) op.rec[cfg.key] = pickKey(rng, st);
				op.override = rng.chance(0.3) ? true : rng.chance(0.1) ? false : undefined;
				break;
			}
			case 'batchSet': {
				const n = 1 + rng.int(8);
				op.recs = [];
				for (let j = 0; j < n; j++) op.recs.push(makeRecord(rng, cfg, pickKey(rng, st), true));
				break;
			}
			case 'bigBatch': {
				const n = 50 + rng.int(300);
				op.kind = 'batchSet';
				op.recs = [];
				for (let j = 0; j < n; j++) op.recs.push(makeRecord(rng, cfg, pickKey(rng, st), true));
				break;
			}
			case 'batchDel': op.pick = Array.from({length: 1 + rng.int(4)}, () => rng.f()); break;
			case 'del': op.pick = rng.f(); op.missing = rng.chance(0.15) ? pickKey(rng, st) : undefined; break;
			case 'overrideRecords': {
				if (cfg.versioning) { op.kind = 'overrideSelfDump'; break; } // difference 6
				const n = rng.int(10);
				op.pairs = [];
				op.frozen = rng.chance(0.4);
				const variant = rng.int(5);
				for (let j = 0; j < n; j++) {
					const k = pickKey(rng, st);
					const rec = makeRecord(rng, cfg, k, true);
					if (variant === 1 && rng.chance(0.5)) rec[cfg.key] = pickKey(rng, st);
					if (variant === 2 && rng.chance(0.5)) delete rec[cfg.key];
					op.pairs.push([k, rec]);
					if (variant === 3 && rng.chance(0.4)) op.pairs.push([k, makeRecord(rng, cfg, k, true)]);
				}
				break;
			}
			case 'overrideSelfDump': op.viaJson = false; break;
			case 'find': op.where = crit(); op.raw = rng.chance(0.2); if (rng.chance(0.6)) op.fromRec = {p: rng.f(), fields: pickFields()}; break;
			case 'where': op.pred = crit(); op.op = rng.pick([undefined, '||', '&&', 'x']); if (rng.chance(0.6)) op.fromRec = {p: rng.f(), fields: pickFields(), wrap: rng.chance(0.3)}; break;
			case 'search': {
				const t = rng.f();
				op.valueKind = t < 0.45 ? 'val' : t < 0.8 ? 're' : 'fn';
				if (op.valueKind === 'val') { op.value = scalar(rng); if (rng.chance(0.6)) op.fromIdx = rng.f(); }
				else if (op.valueKind === 're') op.value = new RegExp(rng.pick(['^a', 'a', '1', 'x', '^$', '\\d', 'é', '\\|', 'null', 'Object', '1970']), rng.pick(['', 'i', 'g']));
				else op.fn = rng.int(SEARCHFNS.length);
				const ic = rng.f();
				op.index = ic < 0.3 ? undefined : ic < 0.7 ? rng.pick([...index, 'a', 'zz']) : [rng.pick(idxPool), rng.pick(idxPool)];
				op.raw = rng.chance(0.2);
				break;
			}
			case 'sortBy': op.index = rng.pick([...index, ...index, 'a', 'n', 's', 'tags', ...(NOOBJ ? [] : ['d']), `a${d}b`]); op.raw = rng.chance(0.3); break;
			case 'sort': op.fn = rng.int(SORTS.length); op.frozen = rng.chance(0.3); break;
			case 'limit': op.offset = rng.pick([undefined, 0, 1, 2, 3, 5, -2, 1.5, NaN, 30, '1', '0', null]); op.max = rng.pick([undefined, 0, 1, 2, 4, 10, 100, -1, '2', 2.5, Infinity]); op.raw = rng.chance(0.3); break;
			case 'filter': op.fn = rng.int(FILTERS.length); op.raw = rng.chance(0.3); break;
			case 'map': op.fn = rng.int(MAPS.length); op.raw = rng.chance(0.3); break;
			case 'reduce': op.init = rng.pick(['none', 'zero']); break;
			case 'forEach': break;
			case 'iterNew': op.which = rng.pick(['entries', 'keys', 'values']); op.slot = rng.int(2); break;
			case 'iterNext': op.slot = rng.int(2); op.n = 1 + rng.int(4); break;
			case 'has': op.key = rng.chance(0.7) ? 'pick' : pickKey(rng, st); op.pick = rng.f(); break;
			case 'get': op.key = rng.chance(0.7) ? 'pick' : pickKey(rng, st); op.pick = rng.f(); op.raw = rng.chance(0.3); break;
			case 'merge': op.a = nestedValue(rng); op.b = nestedValue(rng); op.override = rng.chance(0.3); break;
			case 'toArray': break;
			case 'dump': op.type = rng.pick([undefined, 'records', 'indexes']); break;
			case 'setIndexList': {
				index = idxPool.filter(() => rng.chance(0.35));
				op.index = [...index];
				op.reindex = true; // a list change without reindex: difference 5
				break;
			}
			case 'reindexField': op.field = rng.pick(idxPool); if (!index.includes(op.field)) index.push(op.field); break;
			case 'reindexAll': break;
			case 'requery': op.variant = rng.int(8); op.p = rng.f(); op.q = rng.f(); break;
		}
		ops.push(op);
		if ((kind === 'find' || kind === 'where' || kind === 'search') && rng.chance(cfg.cache ? 0.6 : 0.2)) {
			const n = 1 + rng.int(3);
			for (let j = 0; j < n; j++) ops.push({kind: 'requery', variant: rng.int(8), p: rng.f(), q: rng.f()});
		}
	}
	return ops;
}

// ---------------- deep compare ----------------
function protoKind (v) {
	const p = Object.getPrototypeOf(v);
	if (p === Object.prototype) return 'Object';
	if (p === Array.prototype) return 'Array';
	if (p === Date.prototype) return 'Date';
	if (p === null) return 'null';
	return 'other:' + (v?.constructor?.name);
}
function cmp (a, b, path = '$', seen = new Map(), frozen = true) {
	if (typeof a !== typeof b) return `${path}: typeof ${typeof a} vs ${typeof b} (${show(a)} vs ${show(b)})`;
	if (typeof a === 'number') return Object.is(a, b) ? null : `${path}: ${show(a)} vs ${show(b)}`;
	if (typeof a === 'function') return null;
	if (a === null || b === null || typeof a !== 'object') return a === b ? null : `${path}: ${show(a)} vs ${show(b)}`;
	if (seen.has(a)) return null;
	seen.set(a, b);
	if (frozen && Object.isFrozen(a) !== Object.isFrozen(b)) return `${path}: frozen ${Object.isFrozen(a)} vs ${Object.isFrozen(b)}`;
	const pa = protoKind(a), pb = protoKind(b);
	if (pa !== pb) return `${path}: proto ${pa} vs ${pb}`;
	if (pa === 'Date') {
		if (!Object.is(a.getTime(), b.getTime())) return `${path}: date ${a.getTime()} vs ${b.getTime()}`;
	}
	if (Array.isArray(a)) {
		if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length} (${show(a)} vs ${show(b)})`;
		for (let i = 0; i < a.length; i++) {
			if ((i in a) !== (i in b)) return `${path}[${i}]: hole ${!(i in a)} vs ${!(i in b)}`;
			const r = cmp(a[i], b[i], `${path}[${i}]`, seen, frozen);
			if (r) return r;
		}
		const ka = Object.keys(a).filter(k => !/^\d+$/.test(k)), kb = Object.keys(b).filter(k => !/^\d+$/.test(k));
		if (ka.join() !== kb.join()) return `${path}: extra keys ${ka} vs ${kb}`;
		return null;
	}
	const ka = Reflect.ownKeys(a), kb = Reflect.ownKeys(b);
	if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return `${path}: keys ${show(ka)} vs ${show(kb)}`;
	for (const k of ka) {
		const r = cmp(a[k], b[k], `${path}.${String(k).slice(0, 40)}`, seen, frozen);
		if (r) return r;
	}
	return null;
}
function show (v) {
	return inspect(v, {depth: 3, breakLength: Infinity, maxArrayLength: 12, maxStringLength: 60});
}

// ---------------- canonical views ----------------
function canon (v) { // string for sorting index keys
	if (typeof v === 'number') return 'n:' + (Object.is(v, -0) ? '-0' : String(v));
	if (typeof v === 'string') return 's:' + v;
	if (v instanceof Date) return 'D:' + v.getTime();
	if (v && typeof v === 'object') return 'o:' + inspect(v, {depth: 5});
	return typeof v + ':' + String(v);
}
function indexesSorted (store) {
	const out = [];
	for (const [name, m] of store.indexes) {
		const entries = [];
		for (const [k, set] of m) entries.push([k, [...set].sort((x, y) => canon(x) < canon(y) ? -1 : canon(x) > canon(y) ? 1 : 0)]);
		entries.sort((x, y) => { const cx = canon(x[0]) + JSON.stringify(x[1].map(canon)), cy = canon(y[0]) + JSON.stringify(y[1].map(canon)); return cx < cy ? -1 : cx > cy ? 1 : 0; });
		out.push([canon(name), name, entries]);
	}
	out.sort((x, y) => x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);
	return out;
}
function versionsView (store) {
	const out = [];
	for (const [k, set] of store.versions) out.push([k, [...set]]);
	return out;
}
function stateOf (store, cfg) {
	const s = {};
	const grab = (name, f) => { try { s[name] = {v: f()}; } catch (e) { s[name] = {err: String(e && e.message)}; } };
	grab('size', () => store.size);
	grab('registry', () => store.registry);
	grab('toArray', () => store.toArray());
	grab('dumpRecords', () => store.dump('records'));
	grab('dumpIndexes', () => store.dump('indexes'));
	grab('indexes', () => indexesSorted(store));
	if (cfg.versioning) grab('versions', () => versionsView(store));
	return s;
}

// ---------------- run ----------------
function pickExisting (store, p) {
	const reg = store.registry;
	if (!reg.length) return 'nokey';
	return reg[Math.floor(p * reg.length)];
}
function freezeRecs (pairs) { for (const p of pairs) Object.freeze(p[1]); return pairs; }

function applyOp (store, op, cfg, ctx, side) {
	switch (op.kind) {
		case 'set': {
			const rec = structuredClone(op.rec);
			if (op.override === undefined) return op.keyMode === 'undef' ? store.set(undefined, rec) : store.set(op.key, rec);
			return store.set(op.key, rec, false, op.override);
		}
		case 'batchSet': return store.batch(structuredClone(op.recs), 'set');
		case 'batchDel': {
			const keys = ctx.refRegistry.length ? op.pick.map(p => ctx.refRegistry[Math.floor(p * ctx.refRegistry.length)]) : ['nokey'];
			return store.batch([...new Set(keys)], 'del');
		}
		case 'del': return store.delete(op.missing !== undefined ? op.missing : (ctx.refRegistry.length ? ctx.refRegistry[Math.floor(op.pick * ctx.refRegistry.length)] : 'nokey'));
		case 'clear': return store.clear() === store ? 'self' : 'other';
		case 'overrideRecords': {
			const pairs = structuredClone(op.pairs);
			if (op.frozen || cfg.immutable) freezeRecs(pairs);
			return store.override(pairs, 'records');
		}
		case 'overrideSelfDump': return store.override(store.dump('records'), 'records');
		case 'overrideIndexesSelf': return store.override(store.dump('indexes'), 'indexes');
		case 'find': return op.raw ? store.find(structuredClone(op.where), true) : store.find(structuredClone(op.where));
		case 'where': return op.op === undefined ? store.where(structuredClone(op.pred)) : store.where(structuredClone(op.pred), op.op);
		case 'search': {
			let v;
			const calls = [];
			if (op.valueKind === 'fn') { const f = SEARCHFNS[op.fn]; v = (k, i) => { calls.push([k, i]); return f(k, i); }; }
			else v = structuredClone(op.value);
			const r = store.search(v, structuredClone(op.index), op.raw);
			return op.valueKind === 'fn' ? {r, calls: calls.sort((x, y) => { const a = canon(x[0]) + '/' + x[1], b = canon(y[0]) + '/' + y[1]; return a < b ? -1 : a > b ? 1 : 0; })} : r;
		}
		case 'sortBy': return store.sortBy(op.index, op.raw);
		case 'sort': return store.sort(SORTS[op.fn], op.frozen);
		case 'limit': return store.limit(op.offset, op.max, op.raw);
		case 'filter': return store.filter(FILTERS[op.fn], op.raw);
		case 'map': return store.map(MAPS[op.fn], op.raw);
		case 'reduce': {
			const seen = [];
			const r = op.init === 'none' ? store.reduce((a, v, k) => { seen.push([k, v]); a.push(k); return a; }) : store.reduce((a, v, k) => { seen.push([k, v]); return a + (typeof v.n === 'number' ? 1 : 0); }, 0);
			return {r, seen};
		}
		case 'forEach': {
			const seen = [];
			const r = store.forEach(function (v, k) { seen.push([k, v, this === store]); });
			return {self: r === store, seen};
		}
		case 'iterNew': ctx.iters[op.slot] = store[op.which](); return 'iter';
		case 'iterNext': {
			const it = ctx.iters[op.slot];
			if (!it) return 'noiter';
			const out = [];
			for (let i = 0; i < op.n; i++) out.push(it.next());
			return out;
		}
		case 'has': return store.has(op.key === 'pick' ? (ctx.refRegistry.length ? ctx.refRegistry[Math.floor(op.pick * ctx.refRegistry.length)] : 'x') : op.key);
		case 'get': return store.get(op.key === 'pick' ? (ctx.refRegistry.length ? ctx.refRegistry[Math.floor(op.pick * ctx.refRegistry.length)] : 'x') : op.key, op.raw);
		case 'merge': { const a = structuredClone(op.a); const r = store.merge(a, structuredClone(op.b), op.override); return {r, a}; }
		case 'toArray': return store.toArray();
		case 'dump': return op.type === undefined ? store.dump() : store.dump(op.type);
		case 'setIndexList': {
			// indexes leaving the list are deleted too (haro keeps them stale, difference 5)
			for (const name of [...store.index]) if (!op.index.includes(name)) store.indexes.delete(name);
			store.index = [...op.index]; if (op.reindex) store.reindex(); return 'ok';
		}
		case 'reindexField': return store.reindex(op.field) === store ? 'self' : 'other';
		case 'reindexAll': return store.reindex() === store ? 'self' : 'other';
	}
	throw new Error('unknown op ' + op.kind);
}

// haro's merge, dry run: would it merge an object into a Date, or a non-index key into an array (difference 7)?
function mergeConflict (a, b) {
	if (Array.isArray(a) && Array.isArray(b)) return false;
	if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
		if (a instanceof Date && !(b instanceof Date) && Object.keys(b).length) return true;
		if (Array.isArray(a) && Object.keys(b).some(k => String(Number(k) >>> 0) !== k || Number(k) > 65536)) return true;
		return Object.keys(b).some(k => mergeConflict(a[k], b[k]));
	}
	return false;
}
function knownSkip (ref, op, cfg) {
	if (op.kind === 'set' && op.override !== true) {
		const key = op.keyMode === 'explicit' ? op.key : (op.rec[cfg.key] ?? null);
		if (key === null || !ref.has(key)) return null;
		if (mergeConflict(ref.get(key, true), {...op.rec, [cfg.key]: key})) return 'diff7-merge';
	}
	if (op.kind === 'merge' && mergeConflict(op.a, op.b)) return 'diff7-merge';
	return null;
}
export const stats = {skipped: {}, knownIter: 0, ops: {}, maxSize: {}};

let lastMax = 0;
// criteria taken from a record the store holds (so that queries find something)
function variantOf (v, variant, q) {
	switch (variant) {
		case 0: return typeof v === 'number' ? String(v) : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
		case 1: return Object.is(v, 0) ? -0 : Object.is(v, -0) ? 0 : v;
		case 2: return Array.isArray(v) ? (v.length === 1 ? v[0] : v.slice().reverse()) : [v];
		case 3: return v instanceof RegExp ? new RegExp(v.source, v.flags.includes('i') ? '' : 'i') : v === undefined ? null : v === null ? undefined : v;
		default: return v;
	}
}
function requery (last, op) {
	if (!last) return null;
	const r = structuredClone({...last, resolvedFrom: undefined});
	if (r.kind === 'search') {
		if (r.valueKind !== 'fn') r.value = variantOf(r.value, op.variant % 4, op.q);
		if (op.variant >= 4 && Array.isArray(r.index)) r.index = r.index.slice().reverse();
		return r;
	}
	const obj = r.kind === 'find' ? r.where : r.pred;
	const keys = Object.keys(obj);
	let out = {};
	if (op.variant === 4) for (const k of keys.slice().reverse()) out[k] = obj[k]; // field order
	else if (op.variant === 5) { out = {...obj, c: undefined}; } // an undefined field
	else if (op.variant === 6) { out = {...obj}; if (keys.length) delete out[keys[0]]; }
	else if (op.variant === 7) out = obj; // the same query again
	else { out = {...obj}; if (keys.length) { const k = keys[Math.floor(op.p * keys.length)]; out[k] = variantOf(obj[k], op.variant, op.q); } }
	if (r.kind === 'find') r.where = out; else r.pred = out;
	return r;
}
function resolve (ref, op, ctx) {
	if (op.kind === 'requery') return requery(ctx.lastQuery, op) ?? {kind: 'has', key: 'x'};
	if (op.fromRec) {
		const reg = ref.registry;
		if (!reg.length) return op;
		const rec = ref.get(reg[Math.floor(op.fromRec.p * reg.length)], true);
		const o = {};
		for (const f of op.fromRec.fields) {
			let v = rec[f];
			if (op.kind === 'find' && Array.isArray(v) && v.length) v = v[0];
			if (op.fromRec.wrap) v = [v, 'zz'];
			o[f] = v;
		}
		const r = {...op, fromRec: undefined, resolvedFrom: op.fromRec};
		if (op.kind === 'find') r.where = structuredClone(o); else r.pred = structuredClone(o);
		return r;
	}
	if (op.fromIdx !== undefined) {
		const keys = [];
		for (const [, m] of ref.indexes) for (const [k] of m) if (k === null || typeof k !== 'object') keys.push(k);
		if (!keys.length) return op;
		return {...op, fromIdx: undefined, value: keys[Math.floor(op.fromIdx * keys.length)]};
	}
	return op;
}
const OWN_MSG = new Set(['Record not found', 'Invalid function', 'Invalid field', 'Invalid type']);

// returns null or {step, what, detail}
async function runSeq (cfg, ops, {checkProb = 1, checkRng = null, useFactory = null, trace = null} = {}) {
	let ref, rs;
	const rc = cfg.recordCacheSize ?? 100000;
	const ctxRef = {iters: [], refRegistry: [], iterPast: [false, false]}, ctxRs = {iters: [], refRegistry: []};
	if (useFactory) {
		ref = refHaro(structuredClone(useFactory), {...cfg});
		rs = rsHaro(structuredClone(useFactory), {...cfg});
	} else {
		ref = new RefHaro({...cfg});
		rs = new RsHaro({...cfg});
	}
	const compareState = step => {
		const sa = stateOf(ref, cfg), sb = stateOf(rs, cfg);
		for (const k of Object.keys(sa)) {
			const d = cmp(sa[k], sb[k], k);
			if (d) return {step, what: 'state.' + k, detail: d};
		}
		return null;
	};
	let maxSize = 0;
	for (let i = 0; i < ops.length; i++) {
		let op = ops[i];
		ctxRef.refRegistry = ref.registry;
		ctxRs.refRegistry = ctxRef.refRegistry; // same picks for both
		let ra, rb, ea, eb;
		if (op.kind === 'tick') { await new Promise(setImmediate); if (trace) trace.push(op); continue; }
		const op0 = op;
		op = resolve(ref, op0, ctxRef);
		if (op.kind === 'find' || op.kind === 'where' || op.kind === 'search') ctxRef.lastQuery = op;
		const skip = knownSkip(ref, op, cfg);
		if (trace && !skip) trace.push(op);
		if (skip) { stats.skipped[skip] = (stats.skipped[skip] ?? 0) + 1; continue; }
		try { ra = applyOp(ref, op, cfg, ctxRef, 'ref'); } catch (e) { ea = e; }
		try { rb = applyOp(rs, op, cfg, ctxRs, 'rs'); } catch (e) { eb = e; }
		if (!!ea !== !!eb) return {step: i, what: 'throw', detail: `haro ${ea ? 'threw ' + ea.message : 'returned ' + show(ra)} / haro-rs ${eb ? 'threw ' + eb.message : 'returned ' + show(rb)}`, maxSize};
		{
			const c = stats.ops[op.kind] ??= {n: 0, threw: 0, nonEmpty: 0};
			c.n++;
			if (ea) c.threw++;
			else if (Array.isArray(ra) ? ra.length : ra && typeof ra === 'object' ? (Array.isArray(ra.r) ? ra.r.length : Array.isArray(ra.seen) ? ra.seen.length : true) : ra) c.nonEmpty++;
		}
		if (ea) {
			if (OWN_MSG.has(ea.message) && ea.message !== eb.message) return {step: i, what: 'errmsg', detail: `${ea.message} vs ${eb.message}`, maxSize};
		} else {
			const d = cmp(ra, rb, 'result');
			if (d && op.kind === 'iterNext' && ctxRef.iterPast[op.slot]) {
				// difference 16: past the record cache, iterators are snapshots
				stats.knownIter++;
				ctxRef.iters[op.slot] = ctxRs.iters[op.slot] = undefined;
			} else if (d) return {step: i, what: 'result', detail: d, maxSize};
		}
		if (op.kind === 'iterNew') ctxRef.iterPast[op.slot] = maxSize > rc; // off-heap mode is sticky
		if (ref.size > rc) ctxRef.iterPast = [true, true];
		maxSize = Math.max(maxSize, ref.size);
		lastMax = maxSize;
		if (cfg.cache && i === ops.length - 1) { const cs = rs.getCacheStats(); stats.cacheHits = (stats.cacheHits ?? 0) + cs.hits; }
		if (i === ops.length - 1 || !checkRng || checkRng.f() < checkProb) {
			const d = compareState(i);
			if (d) { d.maxSize = maxSize; return d; }
		}
	}
	return null;
}

function setup (seed, nops) {
	const rng = makeRng(seed);
	const cfg = makeConfig(rng);
	NOOBJ = !!cfg.immutable;
	const checkProb = rng.pick([1, 1, 0.3, 0.05]);
	const useFactory = rng.chance(0.15) ? Array.from({length: rng.int(12)}, () => makeRecord(rng, cfg, 'f' + rng.int(15), true)) : null;
	const ops = genOps(rng, cfg, nops);
	return {cfg, checkProb, useFactory, ops, checkSeed: seed ^ 0x5bd1e995};
}
async function runSetup (s, ops = s.ops) {
	return await runSeq(s.cfg, ops, {checkProb: s.checkProb, checkRng: makeRng(s.checkSeed), useFactory: s.useFactory});
}

// ---------------- shrinking ----------------
function sameFailure (a, b) { return a && b && a.what === b.what; }
async function shrink (s, fail) {
	let ops = s.ops.slice(0, fail.step + 1);
	const full = {...s, checkProb: 1};
	const test = async cand => { const r = await runSeq(s.cfg, cand, {useFactory: full.useFactory}); return sameFailure(r, fail) || (r && fail.what.startsWith('state') && r.what.startsWith('state')) ? r : null; };
	let cur = await test(ops);
	if (!cur) { cur = await runSeq(s.cfg, ops, {useFactory: s.useFactory}); if (!cur) return {ops, fail}; fail = cur; }
	const dropped = await dropOps(ops, test);
	ops = dropped.ops;
	cur = dropped.fail ?? cur;
	// try without factory data
	let useFactory = s.useFactory;
	if (useFactory) {
		const r = await runSeq(s.cfg, ops, {useFactory: null});
		if (sameFailure(r, cur)) { useFactory = null; cur = r; }
	}
	// try shrinking config index list
	let cfg = {...s.cfg};
	for (const idx of [...cfg.index]) {
		const c2 = {...cfg, index: cfg.index.filter(x => x !== idx)};
		const r = await runSeq(c2, ops, {useFactory});
		if (sameFailure(r, cur)) { cfg = c2; cur = r; }
	}
	for (const opt of ['versioning', 'immutable', 'cache']) {
		if (cfg[opt]) { const c2 = {...cfg}; delete c2[opt]; const r = await runSeq(c2, ops, {useFactory}); if (sameFailure(r, cur)) { cfg = c2; cur = r; } }
	}
	if ('recordCacheSize' in cfg) { const c2 = {...cfg}; delete c2.recordCacheSize; const r = await runSeq(c2, ops, {useFactory}); if (sameFailure(r, cur)) { cfg = c2; cur = r; } }
	return {ops, fail: cur, cfg, useFactory};
}

// ---------------- repro printing ----------------
function src (v) {
	if (v === undefined) return 'undefined';
	if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
	if (typeof v === 'string') return v.length > 200 && /^(.)\1+/.test(v) ? `${JSON.stringify(v[0])}.repeat(${v.match(/^(.)\1+/)[0].length}) + ${JSON.stringify(v.slice(v.match(/^(.)\1+/)[0].length))}` : JSON.stringify(v);
	if (v === null || typeof v === 'boolean') return String(v);
	if (v instanceof Date) return `new Date(${src(v.getTime())})`;
	if (v instanceof RegExp) return String(v);
	if (Array.isArray(v)) {
		const parts = [];
		for (let i = 0; i < v.length; i++) parts.push(i in v ? src(v[i]) : '');
		return `[${parts.join(', ')}${v.length && !((v.length - 1) in v) ? ',' : ''}]`;
	}
	return `{${Object.keys(v).map(k => `${/^[a-zA-Z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${src(v[k])}`).join(', ')}}`;
}
function opSrc (op, cfg) {
	switch (op.kind) {
		case 'set': return op.override === undefined ? `s.set(${src(op.key)}, ${src(op.rec)})` : `s.set(${src(op.key)}, ${src(op.rec)}, false, ${op.override})`;
		case 'batchSet': return `s.batch(${src(op.recs)}, 'set')`;
		case 'batchDel': return `s.batch(/*pick*/[...new Set(${JSON.stringify(op.pick)}.map(p => s.registry[Math.floor(p * s.registry.length)]))], 'del')`;
		case 'del': return op.missing !== undefined ? `s.delete(${src(op.missing)})` : `s.delete(s.registry[Math.floor(${op.pick} * s.registry.length)])`;
		case 'clear': return 's.clear()';
		case 'overrideRecords': return `s.override(${src(op.pairs)}${op.frozen || cfg.immutable ? '.map(p => [p[0], Object.freeze(p[1])])' : ''}, 'records')`;
		case 'overrideSelfDump': return `s.override(s.dump('records'), 'records')`;
		case 'overrideIndexesSelf': return `s.override(s.dump('indexes'), 'indexes')`;
		case 'find': return `s.find(${src(op.where)}${op.raw ? ', true' : ''})`;
		case 'where': return `s.where(${src(op.pred)}${op.op !== undefined ? ', ' + src(op.op) : ''})`;
		case 'search': return `s.search(${op.valueKind === 'fn' ? SEARCHFNS[op.fn].toString() : src(op.value)}, ${src(op.index)}, ${op.raw})`;
		case 'sortBy': return `s.sortBy(${src(op.index)}, ${op.raw})`;
		case 'sort': return `s.sort(${SORTS[op.fn].toString()}, ${op.frozen})`;
		case 'limit': return `s.limit(${src(op.offset)}, ${src(op.max)}, ${op.raw})`;
		case 'filter': return `s.filter(${FILTERS[op.fn].toString()}, ${op.raw})`;
		case 'map': return `s.map(${MAPS[op.fn].toString()}, ${op.raw})`;
		case 'reduce': return op.init === 'none' ? `s.reduce((a, v, k) => (a.push(k), a))` : `s.reduce((a, v) => a + (typeof v.n === 'number' ? 1 : 0), 0)`;
		case 'forEach': return `s.forEach((v, k) => seen.push([k, v]))`;
		case 'iterNew': return `it${op.slot} = s.${op.which}()`;
		case 'iterNext': return `[${Array.from({length: op.n}, () => `it${op.slot}.next()`).join(', ')}]`;
		case 'has': return op.key === 'pick' ? `s.has(s.registry[Math.floor(${op.pick} * s.registry.length)])` : `s.has(${src(op.key)})`;
		case 'get': return op.key === 'pick' ? `s.get(s.registry[Math.floor(${op.pick} * s.registry.length)], ${op.raw})` : `s.get(${src(op.key)}, ${op.raw})`;
		case 'merge': return `s.merge(${src(op.a)}, ${src(op.b)}, ${op.override})`;
		case 'toArray': return 's.toArray()';
		case 'dump': return `s.dump(${op.type === undefined ? '' : src(op.type)})`;
		case 'setIndexList': return `for (const n of [...s.index]) if (!${src(op.index)}.includes(n)) s.indexes.delete(n); s.index = ${src(op.index)}${op.reindex ? '; s.reindex()' : ''}`;
		case 'reindexField': return `s.reindex(${src(op.field)})`;
		case 'reindexAll': return 's.reindex()';
		case 'tick': return 'await new Promise(setImmediate)';
	}
}
function repro (cfg, ops, useFactory) {
	const lines = [
		`process.env.TZ = 'UTC';`,
		`const {Haro, haro} = await import(process.argv[2] === 'rs' ? 'haro-rs' : 'haro');`,
		`const {inspect} = await import('node:util');`,
		`const show = v => console.log(inspect(v, {depth: 6, breakLength: 140}));`,
		`const s = ${useFactory ? `haro(${src(useFactory)}, ${src(cfg)})` : `new Haro(${src(cfg)})`};`,
		`let it0, it1; const seen = [];`
	];
	ops.forEach((op, i) => lines.push(`${i === ops.length - 1 ? 'try { show(' : ''}${opSrc(op, cfg)}${i === ops.length - 1 ? '); } catch (e) { console.log("threw", e.message); }' : ';'}`));
	lines.push(`show({size: s.size, registry: s.registry, records: s.dump('records'), indexes: s.dump('indexes')${cfg.versioning ? ', versions: [...s.versions].map(([k, v]) => [k, [...v]])' : ''}});`);
	return lines.join('\n');
}

export {setup, runSetup, runSeq, shrink, repro};

// ---------------- main ----------------
const argv = process.argv.slice(2);
if (process.argv[1] !== fileURLToPath(import.meta.url)) {
	// imported (the test): no command line
} else if (argv[0] === '--range') {
	const from = Number(argv[1]), to = Number(argv[2]), nops = Number(argv[3] ?? 120);
	const {fails, seconds} = await seedRange(from, to, async seed => {
		const s = setup(seed, nops);
		const r = await runSetup(s);
		const b = Math.min(64, 2 ** Math.ceil(Math.log2(1 + lastMax)));
		stats.maxSize[b] = (stats.maxSize[b] ?? 0) + 1;

		return r && `step ${r.step} ${s.ops[r.step]?.kind} ${r.what}: ${String(r.detail).slice(0, 300)} | cfg ${JSON.stringify(s.cfg)} maxSize ${r.maxSize}`;
	});
	console.log('skipped/known:', JSON.stringify(stats));
	console.log(`done ${from}..${to} ops ${nops}: ${fails} failing, ${seconds}s`);
} else {
	const seed = Number(argv[0] ?? 1), nops = Number(argv[1] ?? 120);
	const s = setup(seed, nops);
	const r = await runSetup(s);
	if (!r) { console.log(`seed ${seed}: equal over ${nops} ops (cfg ${JSON.stringify(s.cfg)})`); process.exit(0); }
	console.log(`seed ${seed}: step ${r.step} (${s.ops[r.step].kind}) ${r.what}: ${r.detail}\ncfg ${JSON.stringify(s.cfg)} maxSize ${r.maxSize}`);
	if (process.env.NOSHRINK) { console.log(repro(s.cfg, s.ops.slice(0, r.step + 1), s.useFactory)); process.exit(1); }
	const sh = await shrink(s, r);
	console.log(`shrunk to ${sh.ops.length} ops: ${sh.fail.what}: ${sh.fail.detail}`);
	console.log('----- repro (node --input-type=module - [rs] < file, or save as .mjs) -----');
	const trace = [];
	await runSeq(sh.cfg, sh.ops, {useFactory: sh.useFactory, trace});
	console.log(repro(sh.cfg, trace, sh.useFactory));
	process.exit(1);
}
