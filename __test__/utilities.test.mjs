// Differential tests of haro's utility methods (merge, clone, freeze, each, indexKeys,
// uuid), setIndex/deleteIndex, and what clear returns, against haro@16 in every mode and
// shape (helpers/suite.mjs).
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {Pair, REF, IMPL, UUID_RE, batchDel, snapshot, compare, makeContext, loadImplCjs, SELF_CHECK, fail} from './helpers/compare.mjs';
import {eachSuite} from './helpers/suite.mjs';

eachSuite(({mode, shape, K, D, title, INDEX, cfg, R, people, fresh, loaded}) => {
	describe(`differential: ${title}`, () => {
		describe('utility methods', () => {
			it('merge', () => {
				const p = fresh();
				p.run('objects', s => s.merge({a: 1, n: {x: 1}}, {b: 2, n: {y: 2}}));
				p.run('arrays concat', s => s.merge([1, 2], [3]));
				p.run('arrays override', s => s.merge([1, 2], [3], true));
				p.run('nested arrays override', s => s.merge({a: [1], b: {c: [2]}}, {a: [3], b: {c: [4]}}, true));
				p.run('nested arrays concat', s => s.merge({a: [1], b: {c: [2]}}, {a: [3], b: {c: [4]}}));
				p.run('primitives', s => [s.merge(1, 2), s.merge('a', undefined), s.merge({a: 1}, null), s.merge(null, {a: 1})]);
				p.run('object then array', s => s.merge({a: 1}, [5, 6]));
				p.run('array then object', s => s.merge([1], {x: 2}));
				p.run('undefined values', s => s.merge({a: 1, b: 2}, {a: undefined}));
				p.run('key order', s => s.merge({b: 1, a: 2}, {c: 3, a: 4, 1: 'one'}));
				p.run('merge mutates target', s => {
					const t = {a: {b: 1}};
					const r = s.merge(t, {a: {c: 2}});

					return [r === t, t];
				});
			});
			it('clone, freeze, each, indexKeys, uuid', () => {
				const p = fresh();
				p.run('clone', s => s.clone({a: [1, {b: 2}], d: new Date(5), n: -0, u: undefined, nan: NaN}));
				p.run('clone frozen', s => s.clone(Object.freeze({a: Object.freeze([1])})));
				p.run('clone primitive', s => [s.clone(1), s.clone('x'), s.clone(null), s.clone(undefined)]);
				p.run('freeze', s => s.freeze({a: 1}, [1, 2], 'x', 3));
				p.run('freeze()', s => s.freeze());
				p.run('each', s => {
					const calls = [];
					const arr = [1, 'b', {c: 3}];
					const r = s.each(arr, (v, i, ...rest) => calls.push([v, i, rest.length]));

					return [r === arr, calls];
				});
				p.run('each default', s => s.each(undefined, () => {
					throw new Error('no');
				}));
				p.run('indexKeys composite', s => s.indexKeys(`age${D}name`, D, {name: 'A', age: [1, 2]}));
				p.run('indexKeys reversed fields', s => s.indexKeys(`name${D}age`, D, {name: ['A', 'B'], age: 3}));
				p.run('indexKeys empty array', s => s.indexKeys(`tags${D}name`, D, {name: 'x', tags: []}));
				p.run('indexKeys single', s => s.indexKeys('name', D, {name: 5}));
				p.run('indexKeys defaults', s => s.indexKeys());
				p.run('indexKeys default delimiter', s => s.indexKeys('b|a', undefined, {a: 1, b: 2}));
				p.run('uuid', s => {
					const a = s.uuid();
					const b = s.uuid();

					return [UUID_RE.test(a), UUID_RE.test(b), a !== b, typeof a];
				});
			});
			it('setIndex / deleteIndex', () => {
				const p = loaded();
				// A stored key: for a key the store does not hold, haro-rs does not index
				// (intended difference #5, shown in differences.test.mjs).
				p.run('setIndex one field', s => s.setIndex('u2', {name: 'Ghost', age: 1}, 'name'));
				p.state('after setIndex name');
				p.run('setIndex all', s => s.setIndex('u2', {name: 'Ghost', age: 1, tags: ['g']}, null));
				p.state('after setIndex all');
				p.run('setIndex new field', s => s.setIndex('u1', {city: 'Paris'}, 'city'));
				p.run('index unchanged', s => s.index);
				p.run('deleteIndex', s => s.deleteIndex('u2', {name: 'Ghost', age: 1, tags: ['g']}));
				p.state('after deleteIndex');
				p.run('deleteIndex of a stored record', s => s.deleteIndex('u1', s.get('u1', true)));
				p.run('find Alice', s => s.find({name: 'Alice'}));
				p.run('reindex', s => s.reindex());
				p.state('after reindex');
			});
		});
	});
});
