// Type test: code written against haro@16's own typings, without a record type (as most haro
// code is), with a subclass overriding hooks and reads. It must compile against haro@16's
// typings and, unchanged, against haro-rs's: __test__/typings.test.mjs compiles it with each
// (tsconfig.haro16.json, tsconfig.haro16-rs.json). Left out: assigning `store.data` (README,
// "Differences from haro", 10: the views are read-only getters).
import {Haro, haro} from 'haro';
import type {HaroConfig} from 'haro';

interface User { id: string; name: string; dept: string; age: number; tags?: string[] }

// factory
const users = haro([{id: 'a', name: 'Ada', dept: 'eng', age: 36, tags: ['x']}], {index: ['name', 'dept', 'age', 'dept|name'], versioning: true});
const cfg: HaroConfig = {key: 'id', index: ['name'], immutable: false, delimiter: '|', id: 'users', versioning: false};
const s2 = new Haro(cfg);
s2.set(null, {id: 'b', name: 'Bob'});

// set / get / has / delete
const rec = users.set('b', {id: 'b', name: 'Bob', dept: 'ops', age: 41});
const key1: string = rec[0];
const got = users.get('a');
const name1: string = got[1].name;                 // haro16: any
const raw = users.get('a', true);
console.log(raw.name, users.has('a'), key1, name1);
users.delete('b');

// keys/values/entries/registry
const ks: string[] = [...users.keys()];
for (const [k, v] of users.entries()) console.log(k.toUpperCase(), v.name);
for (const v of users.values()) console.log(v.age + 1);
const reg: string[] = users.registry;
console.log(ks, reg, users.size);

// find / where / search / filter / map / reduce / forEach
const engs = users.find({dept: 'eng'});
engs.forEach(([k, r]) => console.log(k, r.name));
const engNames: string[] = users.find({dept: 'eng'}, true).map(r => r.name);
const w = users.where({dept: 'eng', tags: ['x']}, '&&');
const wNames = w.map(r => r.name);
const found = users.search(/ad/i, 'name');
const f2 = users.search((v: any) => v === 'eng', ['dept']);
const old = users.filter(r => r.age > 30);
const oldRaw = users.filter(r => r.age > 30, true);
const mapped = users.map((r, k) => ({k, n: r.name}), true);
const total: number = users.reduce((a, r) => a + r.age, 0);
const all = users.reduce((a: any[], r) => { a.push(r); return a; });
users.forEach(function (this: {n: number}, r, k) { this.n += r.age; console.log(k); }, {n: 0});
console.log(engNames, wNames, found, f2, old, oldRaw, mapped, total, all);

// limit / sort / sortBy / toArray / dump / override / batch
const page = users.limit(0, 10);
const sorted = users.sort((a, b) => a.age - b.age, true);
const byName = users.sortBy('name');
const byNameRaw = users.sortBy('name', true);
const arr = users.toArray();
const dumped = users.dump();
const idx = users.dump('indexes');
users.override(dumped, 'records');
users.override(idx, 'indexes');
users.reindex(); users.reindex('age'); users.reindex(['name', 'dept']);
const res = users.batch([{id: 'c', name: 'Cy', dept: 'eng', age: 20}], 'set');
users.batch(['c'], 'del');
const t: string = 'set';
users.batch([{id: 'd', name: 'Di'}], t);
console.log(page, sorted, byName, byNameRaw, arr, res);

// maps
const d = users.data.get('a');
console.log(d.name, users.data.size);
const vers = users.versions.get('a');
vers?.forEach(v => console.log(v.name));
const eng = users.indexes.get('dept')?.get('eng');
eng?.forEach(k => console.log(k.length));
users.data.forEach((v, k) => console.log(k.length, v));

// misc
const c = users.clone({a: 1});
const fz = users.freeze({a: 1}, {b: 2});
const ik = users.indexKeys('dept|name', '|', {dept: 'eng', name: 'Ada'});
const lst = users.list({id: 'z', name: 'Z'});
const mrg = users.merge({a: [1]}, {a: [2]});
const mp = users.matchesPredicate({dept: 'eng'}, {dept: 'eng'}, '||');
const u: string = users.uuid();
users.each([1, 2, 3], (v, i) => console.log(v, i));
users.setIndex('a', {id: 'a', dept: 'eng'}, 'dept'); users.deleteIndex('a', {id: 'a', dept: 'eng'});
users.clear().set(null, {id: 'e'});
console.log(c, fz, ik, lst, mrg, mp, u, users.sortKeys('a', 'b'), users.id, users.key, users.delimiter, users.immutable, users.index, users.versioning);

// subclass with hooks
class Audited extends Haro {
  log: string[] = [];
  constructor (config: HaroConfig = {}) { super({...config, versioning: true}); }
  beforeBatch (arg: any, type = '') { this.log.push(`bb ${type}`); return arg; }
  beforeClear () { this.log.push('bc'); }
  beforeDelete (key = '', batch = false) { this.log.push(`bd ${key} ${batch}`); }
  beforeSet (key = '', data: any = {}, batch = false, override = false) { this.log.push(`bs ${key} ${data.id} ${batch} ${override}`); }
  onbatch (arg: any, type = '') { this.log.push(`ob ${type}`); return arg; }
  onclear () { this.log.push('oc'); }
  ondelete (key = '', batch = false) { this.log.push(`od ${key} ${batch}`); }
  onoverride (type = '') { this.log.push(`oo ${type}`); }
  onset (arg: any = {}, batch = false) { this.log.push(`os ${arg[0]} ${batch}`); }
  get (key: string, raw = false) { this.log.push(`get ${key}`); return super.get(key, raw); }
  find (where: Record<string, any> = {}, raw = false) { return super.find(where, raw); }
  set (key: string | null = null, data: any = {}, batch = false, override = false) { return super.set(key, data, batch, override); }
}
const a = new Audited({index: ['name']});
a.set(null, {id: 'x', name: 'X'});
const ax = a.get('x');
a.index = ['name', 'dept'];
const store: Haro = a;
const fn = (h: Haro): Haro => h.reindex();
fn(store);
console.log(ax, a.log);

// a store made from a HaroConfig variable, or keyed by another field, where `Haro` is expected
const cfgAny: HaroConfig = {index: ['name'], versioning: true};
const fromCfg: Haro = new Haro(cfgAny);
const fromFactory: Haro = haro(null, cfgAny);
const make = (config: HaroConfig): Haro => new Haro(config);
const byEmail = new Haro({key: 'email', index: ['name']});
const register = (h: Haro): number => h.size;
register(byEmail);
const several: Haro[] = [new Haro(), byEmail, fromCfg, fromFactory, make({})];
console.log(several.length);

// haro's README reduce examples: an array and an object as the accumulator
const emailList = users.reduce((emails, record) => { emails.push(record.email); return emails; }, []);
const byDept = users.reduce((acc, record) => { acc[record.dept] = (acc[record.dept] || 0) + 1; return acc; }, {});
console.log(emailList, byDept);

// index values are any, as haro types them
for (const [value, keys] of users.indexes.get('name') ?? []) console.log(value.toUpperCase(), keys.size);
console.log([...(users.indexes.get('age')?.keys() ?? [])].map(v => v + 1));

// a subclass overriding methods with haro's declared signatures
class Overrides extends Haro {
  clear (): Haro { return super.clear(); }
  reindex (index?: string | string[]): Haro { return super.reindex(index); }
  forEach (fn: (value: any, key: string) => void, ctx?: any): Haro { return super.forEach(fn, ctx); }
  setIndex (key: string, data: any, indice?: string | null): Haro { return super.setIndex(key, data, indice); }
  deleteIndex (key: string, data: any): Haro { return super.deleteIndex(key, data); }
  list (arg: any): any[] { return super.list(arg); }
  freeze (...args: any[]): readonly any[] { return super.freeze(...args); }
  reduce (fn: (accumulator: any, value: any, key: string, store: Haro) => any, accumulator?: any): any { return super.reduce(fn, accumulator); }
}
const overridden: Haro = new Overrides();
console.log(overridden.size);
