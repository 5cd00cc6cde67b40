// RSS of a process that builds the memory workload's 1M source records, then drops them and
// collects. Under Node 20 the RSS falls back (~90 MB); under Node 22 and later V8 keeps the
// freed pages in its page pool (~900 MB) until its memory reducer runs. With --impl=haro-rs
// the records go through a store's load first, which watches the array given and, once V8
// collects it, asks V8 to release the pool (`Engine#watch`, lib/engine.js): the RSS falls to the store's own.
// haro keeps copies of the records, so its RSS does not show the pool.
// Usage: node --expose-gc bench/rss-after-free.mjs [count] [--impl=haro|haro-rs] [--idle=seconds] [--last-resort]
// --impl: load the records into a store of that implementation first (the memory workload's:
// `haro(records, {index: ['name', 'dept']})`), kept to the end: the RSS a program holding that
// store settles at once the reducer has run. Without it, no store is involved.
// --idle: then wait that long, the event loop idle, printing the RSS every 5 s (V8's memory
// reducer gives pooled pages back after a while of low activity: 25-75 s on Node 22, at its
// 100 s watchdog on Node 24).
// --last-resort: then one last-resort collection (what V8 runs before it gives up on memory).
// Figures in MiB (2^20 bytes).
import {setTimeout as sleep} from "node:timers/promises";
import {generate} from "./data.mjs";

if (typeof gc !== "function") throw new Error("run with --expose-gc");
const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const count = process.argv.slice(2).find(a => !a.startsWith('--'));
const idle = Number(process.argv.find(a => a.startsWith('--idle='))?.slice(7) ?? 0);
const impl = process.argv.find(a => a.startsWith('--impl='))?.slice(7);
if (impl !== undefined && impl !== 'haro' && impl !== 'haro-rs') throw new Error(`--impl=haro or --impl=haro-rs, not ${impl}`);
const mod = impl === undefined ? null : impl === 'haro' ? await import('haro') : await import('../index.mjs');
let records = generate(Number(count ?? 1e6));
gc();
console.log(`${process.version}: with the records ${mb()} MiB`);
const store = mod === null ? null : mod.haro(records, {index: ['name', 'dept']});
if (store !== null) console.log(`${process.version}: ${impl}, ${store.size} records (${store.search('\u0000none', 'name').length} found) ${mb()} MiB`);
records = null;
gc();
await sleep(50);
gc();
console.log(`${process.version}: dropped and collected ${mb()} MiB (V8 heap ${Math.round(process.memoryUsage().heapTotal / 2 ** 20)} MiB)`);
for (let t = 5; t <= idle; t += 5) {
	await sleep(5000);
	console.log(`${process.version}: +${t} s idle ${mb()} MiB`);
}
if (process.argv.includes('--last-resort')) {
	gc({type: 'major', execution: 'sync', flavor: 'last-resort'});
	console.log(`${process.version}: after a last-resort collection ${mb()} MiB`);
}
if (store !== null && store.size === 0) throw new Error('the store lost its records');
