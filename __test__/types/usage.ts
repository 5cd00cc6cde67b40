// Type test: every public member of haro@16's API, used correctly, through haro-rs's own
// typings (the package resolves itself by name through its "exports" map). Lines marked
// `@ts-expect-error` are misuse that must NOT compile. Checked by __test__/typings.test.mjs
// with `tsc --strict --noEmit`.
import {Haro, haro} from 'haro-rs';
import type {AnyRecord, Entry, FindQuery, HaroConfig, HaroIndexStats, HaroStats, IndexDump, IndexesView, Key, KeyOf, SnapshotError, WherePredicate} from 'haro-rs';

// Compile-time equality.
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true : false;
function expectType<A> (value: A): A {
	return value;
}
function assertType<_ extends true> (): void {}

interface User {
	id: number;
	name: string;
	age: number;
	tags: string[];
	dept?: string;
}

// ---- construction -----------------------------------------------------------------------
const config: HaroConfig = {
	delimiter: '|',
	id: 'users',
	immutable: false,
	index: ['name', 'age', 'tags', 'age|name'],
	key: 'id',
	versioning: true,
	recordCacheSize: 10_000
};
const store = new Haro<User>(config);
const untyped = new Haro();
const fromFactory = haro<User>([{id: 1, name: 'a', age: 30, tags: ['x']}], {index: ['name']});
const inferred = haro([{id: 1, name: 'a', age: 30, tags: ['x']}]);
const empty = haro();
const nullData = haro(null, {immutable: true});
assertType<Equal<typeof store, Haro<User>>>();
assertType<Equal<typeof fromFactory, Haro<User>>>();
assertType<Equal<typeof empty, Haro<any>>>();
expectType<Haro>(nullData);
// the record type is not inferred from the data (mixed records compile, as with haro)
assertType<Equal<typeof inferred, Haro<any>>>();
// @ts-expect-error explicit record type: data must match it
haro<User>([{id: 1, name: 2}]);
expectType<Haro<AnyRecord>>(untyped);
// An untyped store's index names do not make its record type: it holds any record, as haro's.
const indexedUntyped = new Haro({index: ['email', 'dept', 'user.email']});
expectType<Haro>(indexedUntyped);
indexedUntyped.set(null, {id: 1, email: 'e', dept: 'd', name: 'n'});
indexedUntyped.setMany([{id: 2, email: 'f'}]);
indexedUntyped.batch([{id: 3, other: true}]);

// @ts-expect-error recordCacheSize is a number
new Haro<User>({recordCacheSize: '10'});
// @ts-expect-error unknown option
new Haro<User>({indexes: ['name']});
// @ts-expect-error index is a string array
new Haro<User>({index: 'name'});

// ---- properties ------------------------------------------------------------------------
const data: ReadonlyMap<Key, User> = store.data;
const delimiter: string = store.delimiter;
const id: string = store.id;
const immutable: boolean = store.immutable;
const index: string[] = store.index;
const indexes: IndexesView = store.indexes;
const indexesMap: ReadonlyMap<string, ReadonlyMap<unknown, ReadonlySet<Key>>> = store.indexes;
const keyField: string = store.key;
const registry: Key[] = store.registry;
const size: number = store.size;
const versions: ReadonlyMap<Key, ReadonlySet<Readonly<User>>> = store.versions;
const versioning: boolean = store.versioning;
expectType<User | undefined>(data.get(1));
expectType<ReadonlySet<Key> | undefined>(indexes.get('name')?.get('a'));
expectType<number | undefined>(versions.get(1)?.size);
void [delimiter, id, immutable, index, indexesMap, keyField, registry, size, versioning];

// @ts-expect-error data is a read-only view
store.data.set(1, {id: 1, name: 'a', age: 1, tags: []});
// @ts-expect-error the view itself cannot be replaced
store.data = new Map();
// indexes can only be dropped, as through haro's map
expectType<boolean>(store.indexes.delete('age'));
store.indexes.clear();
// @ts-expect-error indexes cannot be written
store.indexes.set('name', new Map());
// @ts-expect-error one index is a read-only view
store.indexes.get('name')?.delete('a');
// @ts-expect-error versions is a read-only view
store.versions.delete(1);
// @ts-expect-error size is read-only
store.size = 3;
// @ts-expect-error registry is read-only
store.registry = [];

// ---- writes ----------------------------------------------------------------------------
const pair = store.set(null, {id: 1, name: 'Jason', age: 30, tags: ['a', 'b']});
assertType<Equal<typeof pair, Entry<User>>>();
assertType<Equal<typeof pair, [number, User]>>();
const [pairKey, pairRecord] = pair;
expectType<number>(pairKey);
expectType<string>(pairRecord.name);
store.set(1, {age: 31});
store.set(2, {name: 'b'}, false, true);
store.set(7, {name: 'c'}, true);
store.set();
// @ts-expect-error wrong field type
store.set(1, {age: 'thirty'});
// @ts-expect-error unknown field
store.set(1, {nmae: 'typo'});
// @ts-expect-error keys are strings or numbers
store.set(true, {name: 'x'});
// @ts-expect-error the result is a pair, not a record
store.set(null, {name: 'x'}).name;

const batchSet = store.batch([{id: 3, name: 'c', age: 3, tags: []}, {id: 4, name: 'd', age: 4, tags: []}]);
assertType<Equal<typeof batchSet, Array<[number, User]>>>();
store.batch([{id: 5, name: 'e', age: 5, tags: []}], 'set');
const batchDel = store.batch([3, 4], 'del');
expectType<void[]>(batchDel);
const typeName: string = 'set';
expectType<unknown[]>(store.batch([{id: 6}], typeName));
// @ts-expect-error wrong field type in a batch
store.batch([{id: 3, age: '3'}]);

store.delete(5);
store.delete(7, true);
store.delete();
// @ts-expect-error delete returns nothing
store.delete(1).length;

expectType<Haro<User>>(store.clear());
expectType<boolean>(store.override([[1, {id: 1, name: 'a', age: 1, tags: []}]]));
expectType<boolean>(store.override([[1, {id: 1, name: 'a', age: 1, tags: []}]], 'records'));
const indexDump: IndexDump<number> = store.dump('indexes');
expectType<boolean>(store.override(indexDump, 'indexes'));
// @ts-expect-error records must be [key, record] pairs of User
store.override([[1, {id: 1, name: 2}]]);
// @ts-expect-error an index dump is not records
store.override(indexDump);

// ---- reads -----------------------------------------------------------------------------
const got = store.get(1);
assertType<Equal<typeof got, [number, User] | null>>();
const gotRaw = store.get(1, true);
assertType<Equal<typeof gotRaw, User | null>>();
const gotFalse = store.get(1, false);
assertType<Equal<typeof gotFalse, [number, User] | null>>();
const rawFlag: boolean = Math.random() > 0.5;
const gotEither = store.get(1, rawFlag);
assertType<Equal<typeof gotEither, User | [number, User] | null>>();
if (got) expectType<number>(got[1].age);
if (gotRaw) expectType<string[]>(gotRaw.tags);
// @ts-expect-error get(key, true) is a record, not a pair
store.get(1, true)?.[1];
// @ts-expect-error get(key) is a pair, not a record
store.get(1)?.name;
// @ts-expect-error the result may be null
store.get(1, true).name;
// @ts-expect-error keys are strings or numbers
store.get({id: 1});
expectType<boolean>(store.has(1));
expectType<boolean>(store.has(2));

const query: FindQuery<User> = {name: 'a', tags: 'x'};
const found = store.find(query);
assertType<Equal<typeof found, Array<[number, User]>>>();
const foundRaw = store.find({name: 'a'}, true);
assertType<Equal<typeof foundRaw, User[]>>();
store.find({tags: ['x', 'y']});
store.find({age: [30, 31]}, false);
store.find();
store.find(undefined, true);
expectType<User[] | Array<[number, User]>>(store.find({name: 'a'}, rawFlag));
// @ts-expect-error wrong field type in a query
store.find({age: 'thirty'});
// @ts-expect-error find(..., true) returns records
store.find({name: 'a'}, true)[0][1];

const filtered = store.filter(u => u.age > 18);
assertType<Equal<typeof filtered, Array<[number, User]>>>();
const filteredRaw = store.filter(u => u.tags.includes('x'), true);
assertType<Equal<typeof filteredRaw, User[]>>();
expectType<User[] | Array<[number, User]>>(store.filter(u => u.name, rawFlag));
// @ts-expect-error the predicate gets a User
store.filter((u: {missing: number}) => u.missing > 1);

const limited = store.limit(0, 10);
assertType<Equal<typeof limited, Array<[number, User]>>>();
const limitedRaw = store.limit(10, 10, true);
assertType<Equal<typeof limitedRaw, User[]>>();
store.limit();
store.limit(undefined, undefined, true);
// @ts-expect-error offset is a number
store.limit('0', 10);

const searched = store.search('a');
assertType<Equal<typeof searched, Array<[number, User]>>>();
const searchedRaw = store.search(/^a/, 'name', true);
assertType<Equal<typeof searchedRaw, User[]>>();
store.search((value, indexName) => indexName === 'age' && value > 18, ['age']);
store.search(30, undefined, true);
store.search('x', ['tags', 'name'], false);
// @ts-expect-error search(..., true) returns records
store.search('a', 'name', true)[0][0].toFixed();

const byAge = store.sortBy('age');
assertType<Equal<typeof byAge, Array<[number, User]>>>();
const byNameRaw = store.sortBy('name', true);
assertType<Equal<typeof byNameRaw, User[]>>();
store.sortBy('age|name');
// @ts-expect-error sortBy() throws `Invalid field` (haro's default field is '')
store.sortBy();
// @ts-expect-error sortBy(..., true) returns records
store.sortBy('age', true)[0][1];

const inRange = store.range('age', {gte: 30, lt: 40});
assertType<Equal<typeof inRange, Array<[number, User]>>>();
const inRangeRaw = store.range('name', {gt: 'a'}, {raw: true, limit: 10, offset: 2, desc: true});
assertType<Equal<typeof inRangeRaw, User[]>>();
store.range('age');
store.range('age', {gte: 1}, {limit: null, offset: null});
// @ts-expect-error bounds are numbers or strings
store.range('age', {gt: true});
const purged: Key[] = store.purgeExpired();
assertType<Equal<ReturnType<typeof store.purgeExpired>, number[]>>();
store.onexpire = (keys: Key[]) => void keys;
store.onexpire = (keys: number[]) => void keys;
new Haro<User>({ttl: 60_000, expireAt: 'until', versionLimit: 5, versionTtl: 3_600_000, now: () => Date.now()});
// @ts-expect-error ttl is a number of ms
new Haro<User>({ttl: '1m'});
void purged;

const predicate: WherePredicate<User> = {tags: ['a', 'b'], name: /^J/};
const matched = store.where(predicate, '&&');
expectType<Array<User | [number, User]>>(matched);
store.where({age: 30});
store.where({tags: 'a'}, '||');
store.where();
// @ts-expect-error wrong field type in a predicate
store.where({age: 'x'});
expectType<boolean>(store.matchesPredicate({id: 1, name: 'a', age: 1, tags: []}, {name: 'a'}, '||'));

const sorted = store.sort((a, b) => a.age - b.age);
assertType<Equal<typeof sorted, User[]>>();
store.sort((a, b) => a.name.localeCompare(b.name), true);
// without a comparator: Array.prototype.sort's default order, as in haro
expectType<User[]>(store.sort());
expectType<User[]>(store.sort(undefined, true));
// @ts-expect-error null is not a comparator (Array.prototype.sort throws)
store.sort(null);
// @ts-expect-error the comparator returns a number
store.sort((a, b) => a.name > b.name);

const all = store.toArray();
assertType<Equal<typeof all, User[]>>();
const dumped = store.dump();
assertType<Equal<typeof dumped, Array<[number, User]>>>();
expectType<Array<[number, User]>>(store.dump('records'));
expectType<Array<[number, User]> | IndexDump<number>>(store.dump(typeName));

// ---- iteration -------------------------------------------------------------------------
for (const [k, u] of store.entries()) {
	expectType<number>(k);
	expectType<User>(u);
}
for (const k of store.keys()) expectType<number>(k);
for (const u of store.values()) expectType<number>(u.age);
expectType<Array<[number, User]>>([...store.entries()]);

const ctx = {count: 0};
expectType<Haro<User>>(store.forEach(function (u, k) {
	expectType<{count: number}>(this);
	this.count += u.age;
	expectType<number>(k);
}, ctx));
store.forEach(u => void u.name);

const names = store.map(u => u.name, true);
assertType<Equal<typeof names, string[]>>();
const summaries = store.map((u, k) => ({id: k, label: u.name}));
assertType<Equal<typeof summaries, Array<[unknown, {id: number; label: string}]>>>();
// @ts-expect-error not raw, map's results must be objects (haro reads result[key])
store.map(() => undefined);

const total = store.reduce((sum, u) => sum + u.age, 0);
assertType<Equal<typeof total, number>>();
const collected = store.reduce((acc, u, k, self) => {
	expectType<Haro<User>>(self);
	acc.push([k, u]);

	return acc;
});
expectType<any[]>(collected);
// @ts-expect-error the reducer must return the accumulator's type
store.reduce((sum: number, u) => u.name, 0);

// ---- indexes and utilities -------------------------------------------------------------
expectType<Haro<User>>(store.reindex());
expectType<Haro<User>>(store.reindex('dept'));
expectType<Haro<User>>(store.reindex(['name', 'age']));
expectType<Haro<User>>(store.setIndex(1, {id: 1, name: 'a', age: 1, tags: []}, 'name'));
expectType<Haro<User>>(store.setIndex(1, {id: 1, name: 'a', age: 1, tags: []}, null));
expectType<Haro<User>>(store.deleteIndex(1, {id: 1, name: 'a', age: 1, tags: []}));
expectType<unknown[]>(store.indexKeys('age|name', '|', {age: 1, name: 'a'}));
expectType<unknown[]>(store.indexKeys());
expectType<[number, User]>(store.list({id: 1, name: 'a', age: 1, tags: []}));
expectType<number>(store.sortKeys('a', 1));
expectType<string>(store.uuid());
expectType<{a: number[]}>(store.clone({a: [1]}));
expectType<readonly [number, string]>(store.freeze(1, 'a'));
expectType<number[]>(store.each([1, 2], (v, i) => void (v + i)));
store.merge({a: [1]}, {a: [2]}, true);
// @ts-expect-error each's callback gets the element type
store.each([1, 2], (v: string) => v);
// @ts-expect-error list takes a record
store.list('a');

// ---- keys typed by the key field ------------------------------------------------------
// `User.id` is a number, so `store` above takes and returns number keys; a string key there is
// a mistake (haro would write it into `id`).
// @ts-expect-error a number-keyed store takes number keys
store.get('1');
// @ts-expect-error a number-keyed store takes number keys
store.set('k', {name: 'c'});
// @ts-expect-error a number-keyed store takes number keys
store.batch(['3'], 'del');

interface Account {
	id: string;
	owner: string;
	balance: number;
}
const accounts = new Haro<Account>({key: 'id', index: ['owner'], versioning: true});
const account: Account = {id: 'a1', owner: 'ann', balance: 10};
const accountKey: string = accounts.set(null, account)[0];
assertType<Equal<ReturnType<typeof accounts.set>, [string, Account]>>();
assertType<Equal<typeof accounts.registry, string[]>>();
assertType<Equal<typeof accounts.data, ReadonlyMap<string, Account>>>();
assertType<Equal<typeof accounts.versions, ReadonlyMap<string, ReadonlySet<Readonly<Account>>>>>();
assertType<Equal<typeof accounts.indexes, IndexesView<string>>>();
assertType<Equal<ReturnType<typeof accounts.keys>, IterableIterator<string>>>();
assertType<Equal<ReturnType<typeof accounts.entries>, IterableIterator<[string, Account]>>>();
assertType<Equal<Parameters<typeof accounts.has>, [key: string]>>();
assertType<Equal<Parameters<typeof accounts.delete>, [key?: string, batch?: boolean]>>();
const accountPair = accounts.get('a1');
assertType<Equal<typeof accountPair, [string, Account] | null>>();
expectType<Account | null>(accounts.get(accountKey, true));
expectType<boolean>(accounts.has('a1'));
accounts.delete('a1');
expectType<Array<[string, Account]>>(accounts.find({owner: 'ann'}));
expectType<Array<[string, Account]>>(accounts.batch([account]));
expectType<void[]>(accounts.batch(['a1'], 'del'));
expectType<IndexDump<string>>(accounts.dump('indexes'));
expectType<Array<[string, Account]>>(accounts.dump());
expectType<[string, Account]>(accounts.list(account));
accounts.forEach((a, k) => expectType<string>(k));
expectType<string[]>(accounts.map((a, k) => k, true));
expectType<string>(accounts.reduce((acc, a, k) => acc + k, ''));
expectType<Array<Account | [string, Account]>>(accounts.where({owner: 'ann'}));
for (const k of accounts.keys()) expectType<string>(k);
for (const k of accounts.registry) expectType<string>(k);
assertType<Equal<ReturnType<typeof accounts.purgeExpired>, string[]>>();
expectType<Array<[string, Account]>>(accounts.range('balance', {gte: 0}));
accounts.onexpire = keys => keys.forEach(k => expectType<string>(k));
// @ts-expect-error a string-keyed store takes string keys
accounts.get(42);
// @ts-expect-error a string-keyed store takes string keys
accounts.delete(1);
// @ts-expect-error a string-keyed store's keys are strings
const notNumber: number = accounts.set(null, account)[0];
// @ts-expect-error the key field holds the key: its type is the key type
accounts.set(null, {id: 7});

// Another key field: name it in the type too (TypeScript infers no type argument once one is
// written). `new Haro<Order>({key: 'uid'})` also compiles, with the keys typed `Order['id']`.
interface Order {
	uid: string;
	id: number;
	total: number;
}
const orders = new Haro<Order, 'uid'>({key: 'uid', index: ['total']});
assertType<Equal<typeof orders.registry, string[]>>();
assertType<Equal<ReturnType<typeof orders.set>, [string, Order]>>();
const ordersFromFactory = haro<Order, 'uid'>([{uid: 'o1', id: 1, total: 3}], {key: 'uid'});
assertType<Equal<typeof ordersFromFactory, Haro<Order, 'uid'>>>();
expectType<Entry<Order, 'uid'> | null>(ordersFromFactory.get('o1'));
// inferred from the expected type
const ordersInferred: Haro<Order, 'uid'> = new Haro({key: 'uid'});
void ordersInferred;
// @ts-expect-error a store typed Haro<Order, 'uid'> must be keyed by 'uid'
new Haro<Order, 'uid'>({key: 'id'});
// @ts-expect-error ... and a config typed HaroConfig (key: string) does not say so
new Haro<Order, 'uid'>(config);
// @ts-expect-error keys of Haro<Order, 'uid'> are Order['uid']
orders.get(1);

// Without a record type a store is typed as haro@16 types it: keys and reads are `any`. Keys are
// `string | number` with a record type that lacks the key field or types it otherwise, and when
// the field may be missing (`set` gives a UUID then).
assertType<Equal<typeof untyped.registry, any[]>>();
assertType<Equal<typeof empty.registry, any[]>>();
const byName = new Haro<{name: string}>({key: 'name'});
assertType<Equal<typeof byName.registry, Key[]>>();
byName.get(1);
byName.get('a');
assertType<Equal<KeyOf<{name: string}, 'name'>, string>>();
assertType<Equal<KeyOf<{id?: number}>, Key>>();
assertType<Equal<KeyOf<{id: number | null}>, Key>>();
assertType<Equal<KeyOf<{id?: string}>, string>>();
assertType<Equal<KeyOf<{id: string[]}>, Key>>();
assertType<Equal<KeyOf<{id: 'a' | 'b' | 7}>, 'a' | 'b' | 7>>();
assertType<Equal<KeyOf<AnyRecord>, Key>>();
assertType<Equal<KeyOf<any>, any>>();
assertType<Equal<Entry<User>, [number, User]>>();
assertType<Equal<Entry, [Key, AnyRecord]>>();
const optionalKey = new Haro<{id?: number; n: number}>();
assertType<Equal<typeof optionalKey.registry, Key[]>>();

// ---- subclass with lifecycle hooks -----------------------------------------------------
// The hooks below take the wider `Key` (as written before keys were typed): still accepted.
class Audited extends Haro<User> {
	log: string[] = [];

	override beforeBatch (arg: Array<Partial<User> | Key>, type?: string): Array<Partial<User> | Key> {
		this.log.push(`beforeBatch ${type}`);

		return arg;
	}

	override onbatch (arg: unknown[], type?: string): unknown[] {
		this.log.push(`onbatch ${type} ${arg.length}`);

		return arg;
	}

	override beforeClear (): void {
		this.log.push('beforeClear');
	}

	override onclear (): void {
		this.log.push('onclear');
	}

	override beforeDelete (key?: Key, batch?: boolean): void {
		this.log.push(`beforeDelete ${key} ${batch}`);
	}

	override ondelete (key?: Key, batch?: boolean): void {
		this.log.push(`ondelete ${key} ${batch}`);
	}

	override beforeSet (key?: Key, data?: Partial<User>, batch?: boolean, override?: boolean): void {
		if (data) data.dept ??= 'none';
		this.log.push(`beforeSet ${key} ${batch} ${override}`);
	}

	override onset (arg?: Entry<User>, batch?: boolean): void {
		this.log.push(`onset ${arg?.[1].name} ${batch}`);
	}

	override onoverride (type?: string): void {
		this.log.push(`onoverride ${type}`);
	}

	adults (): User[] {
		return this.filter(u => u.age >= 18, true);
	}
}
const audited = new Audited({index: ['name']});
// haro's declared return type (a subclass overriding them as haro's typings declare them compiles)
expectType<Haro<User>>(audited.clear());
expectType<Haro<User>>(audited.reindex());
expectType<User[]>(audited.adults());
expectType<Haro<User>>(audited);

class AccountLog extends Haro<Account> {
	override ondelete (key?: string): void {
		void key?.toUpperCase();
	}

	override onset (arg?: Entry<Account>): void {
		void arg?.[0].toUpperCase();
	}
}
void AccountLog;

class Broken extends Haro<User> {
	// @ts-expect-error hooks keep haro's signatures: onset gets a pair, not a string
	override onset (arg: string): void {
		void arg;
	}
}
void Broken;

// A loosely typed store (haro's default) accepts any fields.
const loose = haro([{anything: 1}, {other: 'x'}]);
loose.set(null, {whatever: true});
expectType<any>(loose.get(1, true)?.whatever);

// ---- haro 17's capabilities (setMany/deleteMany, deep indexes, query cache) --------------
interface Member {
	id: string;
	user: {email: string; profile?: {department: string}};
	tags: string[];
	joined: Date;
}
const members = new Haro<Member>({
	index: ['user.email', 'user.profile.department', 'user.email|user.profile.department', 'tags'],
	cache: true,
	cacheSize: 500,
	recordCacheSize: 0,
	warnOnFullScan: true
});
expectType<Array<Entry<Member>>>(members.setMany([{id: 'a', user: {email: 'a@x'}, tags: [], joined: new Date()}]));
expectType<undefined[]>(members.deleteMany(['a']));
// keys follow the key field here too
const setManyResult = members.setMany([]);
assertType<Equal<typeof setManyResult, Array<[string, Member]>>>();
// @ts-expect-error Member keys are strings
members.deleteMany([1]);
const memberOrders = new Haro<Order, 'uid'>({key: 'uid', index: ['total'], cache: true});
assertType<Equal<ReturnType<typeof memberOrders.setMany>, Array<[string, Order]>>>();
expectType<Array<Entry<Member>>>(members.find({'user.email': 'a@x'}));
expectType<Member[]>(members.find({'user.profile.department': 'IT', 'user.email': 'a@x'}, true));
members.where({'user.profile.department': ['IT', 'HR']}, '||');
members.where({'user.email': /@x$/});
// @ts-expect-error a deep path's value has the nested field's type
members.find({'user.email': 1});
// an array's elements by position, and paths below an index signature (its values untyped)
interface Ledger {
	id: string;
	tags: string[];
	lines: Array<{sku: string; qty: number}>;
	data: {[year: string]: {value: string}};
	byNum: Record<number, {v: string}>;
}
const ledgers = new Haro<Ledger>({index: ['tags.0', 'lines.0.sku', 'data.2024.value', 'tags.0|lines.0.sku']});
ledgers.find({'tags.0': 'x', 'lines.0.sku': 'a1'});
ledgers.where({'lines.1.qty': [1, 2]}, '||');
ledgers.find({'data.2024.value': 'current'});
ledgers.find({'data.2024': {value: 'current'}});
ledgers.find({'byNum.5.v': 'x'});
// @ts-expect-error an element has the array's element type
ledgers.find({'tags.0': 1});
// @ts-expect-error and an element's field its own
ledgers.find({'lines.0.qty': 'many'});
const stats = members.getCacheStats();
expectType<number | undefined>(stats?.hits);
expectType<Haro<Member>>(members.clearCache());
expectType<number>(members.getCacheSize());
expectType<boolean>(members.isBatching);
members.warnOnFullScan = false;
// @ts-expect-error cacheSize is a number
new Haro<Member>({cacheSize: 'lots'});

// haro-rs's stats()
const storeStats: HaroStats = loose.stats();
expectType<number>(storeStats.bytes.total + storeStats.bytes.records + storeStats.bytes.indexes + storeStats.bytes.versions);
expectType<number>(storeStats.recordCache.hits - storeStats.recordCache.misses);
const nameStats: HaroIndexStats | undefined = storeStats.indexes['name'];
expectType<number | undefined>(nameStats?.keys);
if (storeStats.queryCache !== null) expectType<number>(storeStats.queryCache.hits + storeStats.queryCache.size);
// @ts-expect-error stats() takes no argument
loose.stats(true);

// ---- snapshots (haro-rs only) -----------------------------------------------------------
const snapStore = new Haro<User>({index: ['name']});
expectType<Haro<User>>(snapStore.save('/tmp/users.snap'));
expectType<Promise<Haro<User>>>(snapStore.saveAsync(new URL('file:///tmp/users.snap')));
// A store of any records, as `new Haro()` is: what a variable typed `Haro` takes.
expectType<Haro>(Haro.load('/tmp/users.snap'));
expectType<Haro>(Haro.load('/tmp/users.snap', {recordCacheSize: 0}));
expectType<Promise<Haro>>(Haro.loadAsync('/tmp/users.snap'));
const loadedPlain: Haro = Haro.load('/tmp/users.snap');
void loadedPlain;
class Users extends Haro<User> {}
expectType<Users>(Users.load('/tmp/users.snap'));
expectType<Promise<Users>>(Users.loadAsync('/tmp/users.snap', {index: ['name']}));
expectType<Audited>(Audited.load('/tmp/users.snap'));
// A generic subclass keeps its own type.
class Keyed<T extends AnyRecord = AnyRecord, K extends string = 'id'> extends Haro<T, K> {
	label (): string {
		return `${this.size}`;
	}
}
expectType<string>(Keyed.load('/tmp/users.snap').label());
void Keyed.loadAsync('/tmp/users.snap').then(k => expectType<string>(k.label()));
try {
	Users.load('/tmp/users.snap');
} catch (e) {
	const err = e as SnapshotError;
	if (err.code === 'ERR_HARO_SNAPSHOT_TRUNCATED') void err.path;
}
// @ts-expect-error a path is a string or a URL
snapStore.save(1);
// @ts-expect-error load's config is a HaroConfig
Haro.load('/tmp/users.snap', {index: 'name'});
