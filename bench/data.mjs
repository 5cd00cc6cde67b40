// Seeded, deterministic record generator shared by every benchmark worker.
// The same (seed, count) always yields the same records, in the same order,
// whichever implementation is being measured.

export const DEFAULT_SEED = 0x5eed1234;

export const DEPTS = [
	"Engineering", "Sales", "Marketing", "Finance", "Support", "Legal", "Operations", "Research",
	"Design", "Product", "Security", "Data", "Facilities", "Procurement", "Training", "Quality",
	"Logistics", "Partnerships", "Compliance", "Communications"
];

export const CITIES = [
	"Amsterdam", "Athens", "Atlanta", "Auckland", "Austin", "Bangalore", "Barcelona", "Berlin",
	"Bogota", "Boston", "Brussels", "Budapest", "Buenos Aires", "Cairo", "Cape Town", "Chicago",
	"Copenhagen", "Dallas", "Denver", "Dublin", "Dubai", "Edinburgh", "Helsinki", "Hong Kong",
	"Istanbul", "Jakarta", "Lagos", "Lima", "Lisbon", "London", "Los Angeles", "Madrid",
	"Melbourne", "Mexico City", "Miami", "Milan", "Montreal", "Mumbai", "Munich", "Nairobi",
	"New York", "Oslo", "Paris", "Prague", "Rome", "Santiago", "Seoul", "Singapore", "Tokyo",
	"Toronto"
];

export const TAGS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"];

export const FIRST = [
	"Aaron", "Abigail", "Adam", "Adrian", "Aisha", "Alan", "Albert", "Alice", "Amara", "Amelia",
	"Andre", "Anna", "Arjun", "Ben", "Bianca", "Bruno", "Carla", "Carlos", "Chen", "Chloe",
	"Daniel", "Dara", "David", "Diana", "Dmitri", "Elena", "Eli", "Emma", "Ethan", "Fatima",
	"Felix", "Freya", "Gabriel", "Grace", "Hana", "Hassan", "Ines", "Isaac", "Ivy", "Jack",
	"Jana", "Jonas", "Julia", "Kai", "Kenji", "Lara", "Leo", "Lina", "Lucas", "Maya",
	"Mia", "Mohamed", "Nadia", "Noah", "Nora", "Olga", "Omar", "Oscar", "Paula", "Pedro",
	"Priya", "Quinn", "Rafael", "Rosa", "Ruth", "Sam", "Sara", "Sofia", "Stefan", "Tariq",
	"Tess", "Theo", "Uma", "Victor", "Vera", "Wei", "Will", "Xena", "Yara", "Yusuf",
	"Zara", "Zoe", "Ahmed", "Beatriz", "Cyrus", "Delia", "Emil", "Flora", "Goran", "Helga",
	"Igor", "Joan", "Kofi", "Lotte", "Mateo", "Nils", "Otto", "Pia", "Rina", "Sven"
];

export const LAST = [
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
	"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
	"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
	"Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
	"Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
	"Kim", "Singh", "Patel", "Kumar", "Chen", "Wang", "Zhang", "Li", "Liu", "Yamamoto",
	"Tanaka", "Suzuki", "Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
	"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Dubois", "Moreau", "Laurent", "Simon", "Michel",
	"Novak", "Horvat", "Kowalski", "Nowak", "Ivanov", "Petrov", "Jensen", "Hansen", "Nielsen", "Larsen",
	"Silva", "Santos", "Oliveira", "Costa", "Pereira", "Okafor", "Mensah", "Haddad", "Cohen", "Murphy"
];

export const SOURCES = ["web", "mobile", "api", "import", "referral"];

/** mulberry32: small, fast, good-enough seeded PRNG returning floats in [0, 1). */
export function rng (seed = DEFAULT_SEED) {
	let a = seed >>> 0;

	return function next () {
		a = a + 0x6D2B79F5 >>> 0;
		let t = a;
		t = Math.imul(t ^ t >>> 15, t | 1);
		t ^= t + Math.imul(t ^ t >>> 7, t | 61);

		return ((t ^ t >>> 14) >>> 0) / 4294967296;
	};
}

const ZEROS = ["", "0", "00", "000", "0000", "00000", "000000", "0000000"];

export function keyOf (i) {
	const s = `${i}`;

	return s.length >= 7 ? `u${s}` : `u${ZEROS[7 - s.length]}${s}`;
}

const BASE_TIME = Date.UTC(2020, 0, 1);
const DAYS = 4 * 365;
const DAY_MS = 86400000;
let dayStrings = null;
const LOWER_FIRST = FIRST.map(s => s.toLowerCase());
const LOWER_LAST = LAST.map(s => s.toLowerCase());
const pad2 = n => n < 10 ? `0${n}` : `${n}`;
const pad3 = n => n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;

/** Same text as `new Date(BASE_TIME + ms).toISOString()`, without a Date per record. */
function isoAt (ms) {
	if (dayStrings === null) {
		dayStrings = [];
		for (let d = 0; d <= DAYS; d++) dayStrings.push(new Date(BASE_TIME + d * DAY_MS).toISOString().slice(0, 11));
	}
	const day = Math.floor(ms / DAY_MS);
	let rest = ms - day * DAY_MS;
	const h = Math.floor(rest / 3600000);
	rest -= h * 3600000;
	const m = Math.floor(rest / 60000);
	rest -= m * 60000;
	const s = Math.floor(rest / 1000);

	return `${dayStrings[day]}${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(rest - s * 1000)}Z`;
}

/**
 * One record. Fields (in this property order): id, name, email, age, dept, city, active,
 * tags (2-3 distinct of 10), score, meta {created, visits, source, verified}.
 */
export function makeRecord (i, r) {
	const fi = Math.floor(r() * FIRST.length);
	const li = Math.floor(r() * LAST.length);
	const ntags = 2 + Math.floor(r() * 2);
	const tags = [];
	while (tags.length < ntags) {
		const t = TAGS[Math.floor(r() * TAGS.length)];
		if (!tags.includes(t)) tags.push(t);
	}

	return {
		id: keyOf(i),
		name: `${FIRST[fi]} ${LAST[li]}`,
		email: `${LOWER_FIRST[fi]}.${LOWER_LAST[li]}${i}@example.com`,
		age: 18 + Math.floor(r() * 62),
		dept: DEPTS[Math.floor(r() * DEPTS.length)],
		city: CITIES[Math.floor(r() * CITIES.length)],
		active: r() < 0.7,
		tags,
		score: Math.round(r() * 100000) / 100,
		meta: {
			created: isoAt(Math.floor(r() * DAYS * DAY_MS)),
			visits: Math.floor(r() * 500),
			source: SOURCES[Math.floor(r() * SOURCES.length)],
			verified: r() < 0.5
		}
	};
}

/** `count` records, ids u0000000 … in order. Deterministic for a given seed. */
export function generate (count, seed = DEFAULT_SEED) {
	const r = rng(seed);
	const out = new Array(count);
	for (let i = 0; i < count; i++) out[i] = makeRecord(i, r);

	return out;
}

/** Deterministic Fisher-Yates shuffle of a copy of `arr`. */
export function shuffled (arr, seed = DEFAULT_SEED ^ 0xabcdef) {
	const r = rng(seed);
	const out = arr.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(r() * (i + 1));
		const t = out[i];
		out[i] = out[j];
		out[j] = t;
	}

	return out;
}
