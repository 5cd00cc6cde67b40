// The seeded PRNG of the differential fuzzes (scripts/fuzz16.mjs, scripts/hookfuzz16.mjs):
// sfc32, the same numbers for a seed on every Node version.
export function makeRng (seed) {
	let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = (seed >>> 0) ^ 0xdeadbeef;
	const next = () => {
		a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
		const t = (a + b | 0) + d | 0;
		d = d + 1 | 0;
		a = b ^ b >>> 9;
		b = c + (c << 3) | 0;
		c = c << 21 | c >>> 11;
		c = c + t | 0;
		return (t >>> 0) / 4294967296;
	};
	for (let i = 0; i < 20; i++) next();

	return {
		f: next,
		int: n => Math.floor(next() * n),
		pick: arr => arr[Math.floor(next() * arr.length)],
		chance: p => next() < p,
		weighted: pairs => {
			const tot = pairs.reduce((s, p) => s + p[1], 0);
			let x = next() * tot;
			for (const [v, w] of pairs) { if ((x -= w) < 0) return v; }
			return pairs[pairs.length - 1][0];
		}
	};
}
