// Type test: the ESM entry ("import" condition) resolves to the same typings.
import {Haro, haro} from 'haro-rs';
import type {HaroConfig, Key} from 'haro-rs';

const config: HaroConfig = {index: ['name'], cacheSize: 0};
const store: Haro<{id: Key; name: string}> = haro<{id: Key; name: string}>([{id: 1, name: 'a'}], config);
const found: Array<[Key, {id: Key; name: string}]> = store.find({name: 'a'});
const record: {id: Key; name: string} | null = store.get(1, true);
// @ts-expect-error get(key) is a pair
const wrong: {name: string} | null = store.get(1);
void [found, record, wrong, new Haro()];
