// Type test: the ESM entry ("import" condition) resolves to the same typings (index.d.mts
// re-exports index.d.ts), without a default export: index.mjs has none, nor has haro@16.
import {Haro, haro} from 'haro-rs';
// @ts-expect-error no default export
import haroDefault from 'haro-rs';
import type {HaroConfig, Key, KeyOf} from 'haro-rs';

const config: HaroConfig = {index: ['name'], cacheSize: 0};
const store: Haro<{id: Key; name: string}> = haro<{id: Key; name: string}>([{id: 1, name: 'a'}], config);
const found: Array<[Key, {id: Key; name: string}]> = store.find({name: 'a'});
const record: {id: Key; name: string} | null = store.get(1, true);
// @ts-expect-error get(key) is a pair
const wrong: {name: string} | null = store.get(1);
// keys follow the key field
const byUid = new Haro<{uid: string; n: number}, 'uid'>({key: 'uid'});
const uid: string = byUid.set(null, {uid: 'u1', n: 1})[0];
const uidKey: KeyOf<{uid: string}, 'uid'> = uid;
// @ts-expect-error a string-keyed store takes string keys
byUid.get(42);
void [found, record, wrong, new Haro(), uidKey, haroDefault];
