// Differential tests of creating, reading, updating and deleting records: construction and
// properties, set, get/has, delete, batch, clear, the haro() factory, and the module's
// surface. Every call runs against haro@16 (REF) and haro-rs (IMPL), and every observable
// outcome is compared (values, shapes, key order, frozenness, errors, state), in every mode
// and shape (helpers/suite.mjs). HARO_IMPL=haro compares haro with itself (validates the suite).
import './helpers/testing-addon.mjs'; // the test build packs every record (crates/haro-core/src/shape.rs): first, before the addon loads
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {Pair, REF, IMPL, UUID_RE, batchDel, snapshot, compare, makeContext, loadImplCjs, SELF_CHECK, fail} from './helpers/compare.mjs';
import {eachSuite} from './helpers/suite.mjs';

eachSuite(({mode, shape, K, D, title, INDEX, cfg, R, people, fresh, loaded}) => {
	describe(`differential: ${title}`, () => {
		describe('construction and properties', () => {
			it('constructor stores the config and builds empty indexes', () => {
				const p = fresh();
				p.state('new Haro(config)');
				p.run('index is a copy', (s) => s.index);
				p.run('registry of empty store', s => s.registry);
				p.run('size of empty store', s => s.size);
			});
			it('defaults: new Haro() and new Haro({})', () => {
				for (const arg of [undefined, {}]) {
					const p = new Pair(M => new M.Haro(arg), {title});
					p.run('defaults', s => ({delimiter: s.delimiter, immutable: s.immutable, index: s.index, key: s.key,
						versioning: s.versioning, size: s.size, idIsUuid: UUID_RE.test(s.id)}));
				}
			});
			it('non-array index config is ignored; index config is copied', () => {
				const p = new Pair(M => new M.Haro({...cfg(), index: 'name'}), {title});
				p.state('index: "name"');
				const p2 = new Pair(M => {
					const index = ['name'];
					const s = new M.Haro({...cfg(), index});
					index.push('age');

					return s;
				}, {title});
				p2.run('index after mutating config array', s => s.index);
				p2.state();
			});
			it('duplicate index names', () => {
				const p = new Pair(M => new M.Haro({...cfg(), index: ['name', 'name']}), {title});
				p.run('batch', s => s.batch(people()));
				p.state();
				p.run('delete u1', s => s.delete('u1'));
				p.state();
			});
			it('data is Map-like (get/has/size/keys/values/entries/forEach/iteration)', () => {
				const p = loaded();
				p.run('data.size', s => s.data.size);
				p.run('data.get(u1)', s => s.data.get('u1'));
				p.run('data.get(missing)', s => s.data.get('missing'));
				p.run('data.has(u2)', s => s.data.has('u2'));
				p.run('data.has(missing)', s => s.data.has('missing'));
				p.run('data.keys()', s => s.data.keys());
				p.run('data.values()', s => s.data.values());
				p.run('data.entries()', s => s.data.entries());
				p.run('[...data]', s => [...s.data]);
				p.run('data.forEach', s => {
					const out = [];
					s.data.forEach((v, k) => out.push([k, v]));

					return out;
				});
				p.run('for..of data', s => {
					const out = [];
					for (const [k, v] of s.data) out.push(k, v);

					return out;
				});
			});
			it('indexes are Map-like of Set-like values', () => {
				const p = loaded();
				p.run('indexes.size', s => s.indexes.size);
				p.run('indexes.has(name)', s => s.indexes.has('name'));
				p.run('indexes.get(name).size', s => s.indexes.get('name').size);
				p.run('indexes.get(name).get(Alice)', s => Array.from(s.indexes.get('name').get('Alice')));
				p.run('Set has/size', s => {
					const set = s.indexes.get('name').get('Alice');

					return [set.size, set.has('u1'), set.has('u4'), set.has('u2'), [...set]];
				});
				p.run('indexes.get(tags) keys', s => [...s.indexes.get('tags').keys()]);
				p.run('composite index keys', s => [...s.indexes.get(`age${D}name`).keys()]);
				p.run('reversed composite index keys', s => [...s.indexes.get(`name${D}age`).keys()]);
				p.run('indexes.get(missing)', s => s.indexes.get('missing'));
				p.run('index value missing', s => s.indexes.get('name').get('Nobody'));
				p.run('for..of indexes', s => {
					const out = [];
					for (const [name, idx] of s.indexes) {
						for (const [v, set] of idx) out.push([name, v, [...set]]);
					}

					return out;
				});
			});
			it('versions is Map-like of Sets of frozen old records', () => {
				const p = loaded();
				p.run('update u1', s => s.set('u1', {age: 31, tags: ['x']}));
				p.run('update u1 again', s => s.set('u1', {name: 'Alicia'}));
				p.run('versions.size', s => s.versions.size);
				p.run('versions.has(u1)', s => s.versions.has('u1'));
				p.run('versions.get(u1)', s => s.versions.get('u1'));
				p.run('versions.get(u1) items', s => s.versions.get('u1') && [...s.versions.get('u1')]);
				p.run('versions.get(u2)', s => s.versions.get('u2') && [...s.versions.get('u2')]);
				p.run('versions.get(missing)', s => s.versions.get('missing'));
				p.state();
			});
			it('registry and size track data; registry is a fresh array', () => {
				const p = loaded();
				p.run('registry', s => s.registry);
				p.run('size', s => s.size);
				p.run('mutating a registry copy', s => {
					const r = s.registry;
					r.push('zzz');

					return [s.registry, r === s.registry, Object.isFrozen(r)];
				});
				p.run('delete u3', s => s.delete('u3'));
				p.run('registry after delete', s => s.registry);
				p.run('size after delete', s => s.size);
			});
			it('scalar properties', () => {
				const p = fresh();
				p.run('props', s => ({delimiter: s.delimiter, id: s.id, immutable: s.immutable, index: s.index,
					key: s.key, versioning: s.versioning}));
			});
			it('own enumerable property names of the instance', () => {
				const p = fresh();
				p.run('Object.keys(store)', s => Object.keys(s));
			});
		});
		describe('set', () => {
			it('new records: key from record, explicit key, key field written last', () => {
				const p = fresh();
				p.run('set(null, rec with key)', s => s.set(null, R('n1', {name: 'A', age: 1})));
				p.run('set(key, rec without key field)', s => s.set('n2', {name: 'B', age: 2}));
				p.run('set(key, rec with a different key field)', s => s.set('n3', {name: 'C', [K]: 'other', age: 3}));
				p.run('set(undefined, rec) uses the key field', s => s.set(undefined, R('n4', {name: 'D'})));
				p.run('set(null, rec with key 0)', s => s.set(null, R(0, {name: 'zero'})));
				p.run('set(null, rec with key "")', s => s.set(null, R('', {name: 'empty'})));
				p.run('set with batch flag', s => s.set('n5', {name: 'E'}, true));
				p.state();
			});
			it('records without a key get a uuid', () => {
				const p = fresh({}, {uuids: true});
				p.run('set(null, rec)', s => s.set(null, {name: 'NoKey', age: 5}));
				p.run('set()', s => s.set());
				p.run('set(null, rec with null key field)', s => s.set(null, R(null, {name: 'nullkey'})));
				p.run('uuid format', s => s.registry.map(k => UUID_RE.test(k)));
				p.run('find uuid record', s => s.find({name: 'NoKey'}));
				p.state();
			});
			it('merge-update: nested objects merge, arrays concatenate, order kept', () => {
				const p = loaded();
				p.run('update 1', s => s.set('u1', {tags: ['x'], meta: {a: {b: 1}, list: [1]}}));
				p.run('update 2', s => s.set('u1', {meta: {a: {c: 2}, list: [2, 3]}, tags: ['y'], age: 31}));
				p.run('update 3 with key field', s => s.set('u1', R('u1', {extra: true})));
				p.run('update via null key', s => s.set(null, R('u2', {name: 'Bobby'})));
				p.run('get u1', s => s.get('u1'));
				p.run('find old name', s => s.find({name: 'Bob'}));
				p.run('find new name', s => s.find({name: 'Bobby'}));
				p.run('find by new tag', s => s.find({tags: 'y'}));
				p.state();
			});
			it('merge-update of an object with index keys into an array: holes up to the last index, as a[i] = v leaves', () => {
				const p = loaded();
				p.run('set tags', s => s.set('u1', {tags: [3, 'z']}, false, true));
				p.run('merge past the end', s => s.set('u1', {tags: {4: 'B', 2: 1}}));
				p.run('merge into a hole, then at the end', s => s.set('u1', {tags: {3: 'h', 5: {n: 1}}}));
				p.run('merge just past the end', s => s.set('u2', {tags: {9: 'far'}}));
				p.run('get both', s => [s.get('u1'), s.get('u2')]);
				p.state();
			});
			it('override=true replaces the record', () => {
				const p = loaded();
				p.run('set override', s => s.set('u1', {name: 'Zed'}, false, true));
				p.run('set override with key field first', s => s.set('u2', R('u2', {name: 'Bo', tags: ['q']}), false, true));
				p.run('find Alice', s => s.find({name: 'Alice'}));
				p.run('find Zed', s => s.find({name: 'Zed'}));
				p.state();
			});
			// Intended difference (README "Differences from haro" #1), shown in differences.test.mjs.
			it('non-object data is spread like haro does', {skip: SELF_CHECK ? false : 'intended difference #1: haro-rs refuses non-object records (differences.test.mjs)'}, () => {
				const p = fresh({}, {uuids: true});
				p.run('set(key, null)', s => s.set('n', null));
				p.run('set(key, string)', s => s.set('str', 'ab'));
				p.run('set(key, number)', s => s.set('num', 5));
				p.run('set(key, array)', s => s.set('arr', ['x', 'y']));
				p.run('set(null, {key: undefined}) gets a uuid', s => UUID_RE.test(s.set(null, R(undefined, {name: 'u'}))[0]));
				p.state();
			});
			it('numeric keys: 1 and "1" are distinct', () => {
				const p = fresh();
				p.run('set(1)', s => s.set(1, {name: 'num'}));
				p.run('set("1")', s => s.set('1', {name: 'str'}));
				p.run('set(null, {key: 2})', s => s.set(null, R(2, {name: 'two'})));
				p.run('get(1)', s => s.get(1));
				p.run('get("1")', s => s.get('1'));
				p.run('has(2), has("2")', s => [s.has(2), s.has('2')]);
				p.run('registry', s => s.registry);
				p.run('update 1', s => s.set(1, {age: 9}));
				p.run('find name num', s => s.find({name: 'num'}));
				p.run('delete(1)', s => s.delete(1));
				p.run('get("1") after delete(1)', s => s.get('1'));
				p.run('delete("2") missing', s => s.delete('2'));
				p.state();
			});
			it('set returns a pair; mutable vs immutable freezing', () => {
				const p = fresh();
				p.run('set result', s => s.set('a', {name: 'A', nested: {x: [1]}}));
				p.run('stored raw', s => s.get('a', true));
				p.run('stored raw frozen?', s => [Object.isFrozen(s.get('a', true)), Object.isFrozen(s.get('a', true).nested)]);
			});
		});
		describe('get / has', () => {
			it('get raw and non-raw, missing keys', () => {
				const p = loaded();
				p.run('get(u1)', s => s.get('u1'));
				p.run('get(u1, true)', s => s.get('u1', true));
				p.run('get(missing)', s => s.get('missing'));
				p.run('get(missing, true)', s => s.get('missing', true));
				p.run('get()', s => s.get());
				p.run('get(null)', s => s.get(null));
				p.run('has', s => [s.has('u1'), s.has('missing'), s.has(), s.has(1), s.has('u6')]);
			});
		});
		describe('delete', () => {
			it('delete existing, then missing', () => {
				const p = loaded();
				p.run('update u1 (versions)', s => s.set('u1', {age: 99}));
				p.run('delete u1', s => s.delete('u1'));
				p.state('after delete');
				p.run('delete u1 again', s => s.delete('u1'));
				p.run('delete()', s => s.delete());
				p.run('delete(missing)', s => s.delete('missing'));
				p.run('find Alice', s => s.find({name: 'Alice'}));
				p.run('set u1 again', s => s.set('u1', {name: 'New'}));
				p.state('after re-set');
			});
			it('delete a record with array and composite index values', () => {
				const p = loaded();
				p.run('delete u5', s => s.delete('u5'));
				p.run('delete u6', s => s.delete('u6'));
				p.state();
			});
		});
		describe('batch', () => {
			it('batch set returns pairs and replaces (override) existing records', () => {
				const p = loaded();
				p.run('batch update', s => s.batch([R('u1', {name: 'Al'}), R('u7', {name: 'New', age: 1})]));
				p.run('batch empty', s => s.batch([]));
				p.run('batch with unknown type goes through set', s => s.batch([R('u8', {name: 'T'})], 'upsert'));
				p.state();
			});
			it('batch del', () => {
				const p = loaded();
				p.run('batch del', s => s.batch(['u1', 'u2'], 'del'));
				p.state('after batch del');
				// all or nothing (README): nothing is deleted
				p.run('batch del with a missing key in the middle', (s, M) => batchDel(s, ['u3', 'missing', 'u4'], M));
				p.state('after refused batch del');
			});
			it('batch set with duplicate keys inside one batch', () => {
				const p = fresh();
				p.run('batch dup', s => s.batch([R('a', {name: 'x', tags: [1]}), R('a', {age: 2, tags: [2]}), R('b', {name: 'x'})]));
				p.state();
			});
		});
		describe('clear', () => {
			it('clear empties data, indexes, versions and returns the store', () => {
				const p = loaded();
				p.run('update', s => s.set('u1', {age: 1}));
				p.run('clear', s => s.clear());
				p.state('after clear');
				p.run('set after clear', s => s.set('u1', {name: 'Again'}));
				p.run('find after clear', s => s.find({name: 'Alice'}));
				p.state('after set');
			});
		});
		describe('factory', () => {
			it('haro(data, config)', () => {
				const p = new Pair(M => M.haro(people(), cfg()), {title});
				p.run('instanceof Haro', (s, M) => s instanceof M.Haro);
				p.state();
				p.run('find', s => s.find({name: 'Alice'}));
			});
			it('haro with duplicate keys replaces (override) and versions', () => {
				const p = new Pair(M => M.haro([R('a', {name: 'x', tags: [1]}), R('a', {age: 1, tags: [2]})], cfg()), {title});
				p.state();
			});
			it('haro() / haro(null, config) / haro(non-array, config)', () => {
				new Pair(M => M.haro(), {title}).run('haro()', s => [s.size, s.index, s.key, s.immutable]);
				new Pair(M => M.haro(null, cfg()), {title}).state('haro(null)');
				new Pair(M => M.haro({a: 1}, cfg()), {title}).state('haro(object)');
			});
		});
	});
});

describe('differential: module surface', () => {
	it('exports and prototype method names', () => {
		const names = M => {
			const out = new Set();
			for (let p = M.Haro.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
				for (const n of Object.getOwnPropertyNames(p)) if (n !== 'constructor' && typeof p[n] === 'function') out.add(n);
			}

			return [...out].sort();
		};
		const missing = names(REF).filter(n => !names(IMPL).includes(n));
		assert.deepEqual(missing, [], `${IMPL.name} lacks prototype methods`);
		assert.equal(typeof IMPL.haro, 'function');
		assert.equal(IMPL.Haro.name, 'Haro');
	});
	it('method arities', () => {
		const ar = M => Object.getOwnPropertyNames(REF.Haro.prototype).map(n => [n, typeof M.Haro.prototype[n] === 'function' ? M.Haro.prototype[n].length : null]);
		const diffs = compare(ar(REF), ar(IMPL), 'arity', makeContext());
		if (diffs.length) fail('method arities differ', diffs);
	});
	it('options as haro takes them: any delimiter (as its string), a key field that is not a string, flags as given', () => {
		// haro joins and splits with the delimiter as its string (an empty one splits a name
		// into its characters), reads record[key] with the key given, and keeps the flags given.
		for (const delimiter of ['', 1, null, 0, '||', 'ab']) {
			const D = String(delimiter);
			const p = new Pair(M => new M.Haro({delimiter, key: delimiter === 0 ? 0 : 'id', immutable: 1, versioning: 'yes', index: ['a', 'b', `a${D}b`, 'ab', `a${D}c`]}), {title: `delimiter ${JSON.stringify(delimiter)}`, uuids: true});
			p.run('properties', s => [s.delimiter, s.key, s.immutable, s.versioning]);
			p.run('batch', s => s.batch([{id: 'x', 0: 'x', a: 'A', b: 'B', c: 'C'}, {id: 'y', 0: 'y', a: 'A1', b: ['B', 'B2']}, {id: 'z', 0: 'z', a: 'A', b: 'B', ab: 'Q'}]));
			p.run('find', s => [s.find({a: 'A', b: 'B'}), s.find({b: 'B', a: 'A'}), s.find({ab: 'Q'}), s.find({a: 'A', c: 'C'})]);
			p.run('search, sortBy', s => [s.search('A', `a${D}b`), s.sortBy(`a${D}b`)]);
			p.run('indexKeys', s => s.indexKeys(`a${D}b`, D, {a: 'q', b: ['r', 's']}));
			p.run('set, delete', s => [s.set('x', {a: 'A2'}), s.delete('z')]);
			p.run('flags set again', s => {
				s.immutable = 0;
				s.versioning = '';

				return [s.immutable, s.versioning];
			});
			p.state();
		}
		// haro 17's deleteMany (haro-rs only) passes the flag on as a boolean too
		const s = new IMPL.Haro({versioning: 'yes'});
		if (typeof s.deleteMany === 'function') {
			s.set('a', {v: 1});
			s.set('a', {v: 2});
			s.deleteMany(['a']);
			assert.equal(s.size, 0);
			assert.equal(s.versions.size, 0);
		}
	});
	it('haro() returns a Haro instance', () => {
		assert.ok(IMPL.haro() instanceof IMPL.Haro);
	});
	it('CommonJS entry behaves like the ESM entry', () => {
		const cjs = loadImplCjs();
		assert.equal(typeof cjs.Haro, 'function');
		assert.equal(typeof cjs.haro, 'function');
		if (!SELF_CHECK) assert.equal(cjs.Haro, IMPL.Haro, 'CJS and ESM export the same class');
		const run = M => {
			const s = M.haro([{id: 'a', name: 'x', tags: ['t']}, {id: 'b', name: 'y'}], {index: ['name', 'tags'], immutable: true});
			s.set('a', {tags: ['u']});

			return [s.find({tags: 'u'}), s.sortBy('name'), s.dump('indexes'), s.where({name: ['x', 'y']})];
		};
		const diffs = compare(run(REF), run(cjs), 'cjs', makeContext());
		if (diffs.length) fail('CJS entry differs', diffs);
	});
});

// String keys and index values cross to the engine through a 256-byte stack buffer
// (src/binding.rs `StrArg`); N-API writes no part of a character that does not fit, so a
// longer string can arrive cut short of the buffer. Around that length, with 1- to 4-byte
// characters at the cut, every read finds what haro finds.
describe('keys and index values around the 256-byte buffer', () => {
	const tails = ['', 'é', '€', '😀', 'x€'];
	const keys = [];
	for (let n = 246; n <= 258; n++) for (const t of tails) keys.push('a'.repeat(n) + t);
	for (const recordCacheSize of [undefined, 0]) {
		it(`set, has, get, find, search, delete (recordCacheSize ${recordCacheSize ?? 'default'})`, () => {
			const p = new Pair(M => M.haro(null, {id: 'long', index: ['name'], ...(recordCacheSize === undefined ? {} : {recordCacheSize})}));
			// Every other key is stored: a lookup of its neighbour must not find it.
			p.run('set every other key', s => keys.filter((_, i) => i % 2 === 0).map(k => s.set(k, {name: k})[0] === k));
			p.run('has', s => keys.map(k => s.has(k)));
			p.run('get', s => keys.map(k => s.get(k)?.[1]?.name === k));
			p.run('find', s => keys.map(k => s.find({name: k}).length));
			p.run('search', s => keys.map(k => s.search(k, 'name').length));
			p.run('delete the odd ones', s => keys.map(k => {
				try {
					s.delete(k);

					return true;
				} catch {
					return false;
				}
			}));
			p.state('after deletes');
		});
	}
});

// The instance's own properties are defined without descriptor objects where haro's are
// configurable (index.js `#own`): accessors shared by every store, `id` and `key` assigned as
// haro assigns them; `registry` and `size` neither configurable nor writable, as haro's.
describe('own properties of an instance', () => {
	const descriptors = s => Object.getOwnPropertyDescriptors(s);
	it('every one enumerable, configurable as haro\'s, the accessors the same functions in every store', () => {
		const a = descriptors(new IMPL.Haro({index: ['x']}));
		const b = descriptors(new IMPL.Haro({immutable: true, versioning: true}));
		const ref = descriptors(new REF.Haro());
		assert.deepEqual(Object.keys(a), Object.keys(ref));
		for (const [k, d] of Object.entries(a)) {
			assert.equal(d.enumerable, true, k);
			assert.equal(d.configurable, ref[k].configurable, k);
			assert.equal(d.get, b[k].get, `${k}: one getter for every store`);
			assert.equal(d.set, b[k].set, `${k}: one setter for every store`);
		}
		assert.deepEqual(Object.keys(a).filter(k => 'value' in a[k]), ['id', 'key']);
		// (haro's are writable data properties: the views' setters throw, in sloppy code too)
		assert.deepEqual(Object.keys(a).filter(k => a[k].set !== undefined), ['data', 'delimiter', 'immutable', 'index', 'indexes', 'versions', 'versioning']);
	});
	it('a subclass\'s accessors for id and key are called by the constructor, as haro\'s assignment calls them', () => {
		const seen = M => {
			class S extends M.Haro {
				get id () {
					return this._id;
				}

				set id (v) {
					this._id = `<${v}>`;
				}

				set key (v) {
					this._key = v;
				}
			}
			const s = new S({id: 'x', key: 'k'});

			return [s.id, s._key, Object.hasOwn(s, 'id'), Object.hasOwn(s, 'key'), Object.keys(s)];
		};
		assert.deepEqual(seen(IMPL), seen(REF));
	});
	it('registry and size cannot be deleted, redefined or assigned, as haro\'s', () => {
		const p = new Pair(M => new M.Haro());
		p.run('set', s => s.set('k', {a: 1}));
		p.run('delete size', s => delete s.size);
		p.run('delete registry', s => delete s.registry);
		p.run('redefine size', s => Object.defineProperty(s, 'size', {value: 5}));
		p.run('assign size', s => {
			s.size = 5;
		});
		p.run('read', s => [s.size, s.registry]);
	});
	it('the setters still reach the store', () => {
		const run = M => {
			const s = new M.Haro({index: ['a|b']});
			const out = [];
			s.set('1', {a: 'x', b: 'y'});
			s.delimiter = ':';
			s.reindex();
			out.push(s.find({a: 'x', b: 'y'}).map(([k]) => k), s.dump('indexes'));
			s.index = ['a:b'];
			s.reindex();
			out.push(s.find({a: 'x', b: 'y'}).map(([k]) => k));
			s.immutable = true;
			out.push(Object.isFrozen(s.get('1')));
			s.versioning = true; // (a key set from now on: README, difference 20, for one before)
			s.set('2', {a: 'z'});
			s.set('2', {a: 'w'});
			out.push(s.versions.get('2').size, s.delimiter, s.index, s.immutable, s.versioning);

			return out;
		};
		assert.deepEqual(run(IMPL), run(REF));
	});
});
