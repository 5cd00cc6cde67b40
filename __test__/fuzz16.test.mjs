// A seeded random differential fuzz against haro@16 (scripts/fuzz16.mjs): each seed a random
// config and 150 random operations on both, compared after every one. A failing seed is
// shrunk, and the assertion carries its standalone repro. FUZZ16_SEED moves the range (CI
// runs the default one; a run with another finds what this one does not reach).
import './helpers/testing-addon.mjs'; // the test build packs every record (crates/haro-core/src/shape.rs): first, before the addon loads
import {it} from 'node:test';
import assert from 'node:assert/strict';
import {setup, runSetup, runSeq, shrink, repro} from '../scripts/fuzz16.mjs';

const FROM = Number(process.env.FUZZ16_SEED ?? 1);
const SEEDS = Number(process.env.FUZZ16_SEEDS ?? 40);
const OPS = 150;

it(`${SEEDS} seeds from ${FROM}, ${OPS} operations each: haro-rs answers as haro@16`, async () => {
	for (let seed = FROM; seed < FROM + SEEDS; seed++) {
		const s = setup(seed, OPS);
		const fail = await runSetup(s);
		if (fail === null) continue;
		const small = await shrink(s, fail);
		const trace = [];
		await runSeq(small.cfg, small.ops, {useFactory: small.useFactory, trace});
		assert.fail(`seed ${seed}: step ${fail.step} (${s.ops[fail.step]?.kind}) ${fail.what}: ${String(fail.detail).slice(0, 500)}\nshrunk:\n${repro(small.cfg, trace, small.useFactory)}`);
	}
});
