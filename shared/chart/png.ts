/**
 * A PNG encoder with no dependency: n8n's verified packages may not import `zlib`, so the
 * zlib stream inside the image is built here. Charts are drawn with a handful of colours,
 * so images are indexed (one byte a pixel, palette of at most 256 colours); long runs of the
 * background and rows repeated from the row above are what the compressor finds.
 */

export type Rgb = readonly [number, number, number];

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

export function crc32(bytes: Uint8Array, crc = 0): number {
	let c = ~crc >>> 0;
	for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return ~c >>> 0;
}

export function adler32(bytes: Uint8Array): number {
	let a = 1;
	let b = 0;
	// 5552 is the longest run of additions that cannot overflow before the modulo.
	for (let start = 0; start < bytes.length; start += 5552) {
		const end = Math.min(start + 5552, bytes.length);
		for (let index = start; index < end; index++) {
			a += bytes[index];
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	return ((b << 16) | a) >>> 0;
}

/** Bits go out least significant first, as DEFLATE packs them. */
class BitWriter {
	private bytes = new Uint8Array(1 << 16);

	private length = 0;

	private buffer = 0;

	private count = 0;

	write(value: number, bits: number): void {
		this.buffer |= value << this.count;
		this.count += bits;
		while (this.count >= 8) {
			this.push(this.buffer & 0xff);
			this.buffer >>>= 8;
			this.count -= 8;
		}
	}

	/** Huffman codes are defined most significant bit first, so they go out reversed. */
	writeCode(code: number, bits: number): void {
		let reversed = 0;
		for (let bit = 0; bit < bits; bit++) reversed |= ((code >>> bit) & 1) << (bits - 1 - bit);
		this.write(reversed, bits);
	}

	finish(): Uint8Array {
		if (this.count > 0) this.push(this.buffer & 0xff);
		this.buffer = 0;
		this.count = 0;
		return this.bytes.slice(0, this.length);
	}

	private push(byte: number): void {
		if (this.length === this.bytes.length) {
			const grown = new Uint8Array(this.bytes.length * 2);
			grown.set(this.bytes);
			this.bytes = grown;
		}
		this.bytes[this.length++] = byte;
	}
}

// RFC 1951, 3.2.5: the first match length (or distance) of each code, and its extra bits.
const LENGTH_BASE = [
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
	163, 195, 227, 258,
];
const LENGTH_EXTRA = [
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DISTANCE_BASE = [
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
	3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];

/** RFC 1951, 3.2.6: the fixed Huffman code of a literal/length symbol. */
function writeSymbol(out: BitWriter, symbol: number): void {
	if (symbol < 144) out.writeCode(0x30 + symbol, 8);
	else if (symbol < 256) out.writeCode(0x190 + symbol - 144, 9);
	else if (symbol < 280) out.writeCode(symbol - 256, 7);
	else out.writeCode(0xc0 + symbol - 280, 8);
}

function codeIndex(bases: number[], value: number): number {
	let index = bases.length - 1;
	while (bases[index] > value) index--;
	return index;
}

function writeMatch(out: BitWriter, length: number, distance: number): void {
	const lengthCode = codeIndex(LENGTH_BASE, length);
	writeSymbol(out, 257 + lengthCode);
	out.write(length - LENGTH_BASE[lengthCode], LENGTH_EXTRA[lengthCode]);
	const distanceCode = codeIndex(DISTANCE_BASE, distance);
	out.writeCode(distanceCode, 5);
	out.write(distance - DISTANCE_BASE[distanceCode], DISTANCE_EXTRA[distanceCode]);
}

const WINDOW = 32_768;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
const HASH_BITS = 15;
/** How many earlier places of the same three bytes are tried: enough for charts, bounded for speed. */
const MAX_CHAIN = 48;

/**
 * DEFLATE (RFC 1951) with LZ77 matching over a 32 KiB window and the fixed Huffman code, as
 * one final block: a flat background collapses to a few bits a row.
 */
export function deflate(data: Uint8Array): Uint8Array {
	const out = new BitWriter();
	out.write(1, 1); // final block
	out.write(1, 2); // fixed Huffman codes
	const head = new Int32Array(1 << HASH_BITS).fill(-1);
	const previous = new Int32Array(WINDOW);
	const hashAt = (at: number) =>
		((data[at] << 10) ^ (data[at + 1] << 5) ^ data[at + 2]) & ((1 << HASH_BITS) - 1);
	const remember = (at: number) => {
		if (at + MIN_MATCH > data.length) return;
		const hash = hashAt(at);
		previous[at % WINDOW] = head[hash];
		head[hash] = at;
	};
	let at = 0;
	while (at < data.length) {
		let bestLength = 0;
		let bestDistance = 0;
		if (at + MIN_MATCH <= data.length) {
			const limit = Math.min(MAX_MATCH, data.length - at);
			let candidate = head[hashAt(at)];
			for (
				let tries = 0;
				candidate >= 0 && at - candidate <= WINDOW && tries < MAX_CHAIN;
				tries++
			) {
				let length = 0;
				while (length < limit && data[candidate + length] === data[at + length]) length++;
				if (length > bestLength) {
					bestLength = length;
					bestDistance = at - candidate;
					if (length === limit) break;
				}
				const next = previous[candidate % WINDOW];
				if (next >= candidate) break;
				candidate = next;
			}
		}
		if (bestLength >= MIN_MATCH) {
			writeMatch(out, bestLength, bestDistance);
			for (let step = 0; step < bestLength; step++) remember(at + step);
			at += bestLength;
		} else {
			writeSymbol(out, data[at]);
			remember(at);
			at++;
		}
	}
	writeSymbol(out, 256);
	return out.finish();
}

/** A zlib stream (RFC 1950): header, DEFLATE data, Adler-32 of the uncompressed bytes. */
export function zlibCompress(data: Uint8Array): Uint8Array {
	const body = deflate(data);
	const stream = new Uint8Array(body.length + 6);
	stream[0] = 0x78; // deflate, 32 KiB window
	stream[1] = 0x01; // makes the header a multiple of 31, as RFC 1950 asks
	stream.set(body, 2);
	new DataView(stream.buffer).setUint32(body.length + 2, adler32(data));
	return stream;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
	const bytes = new Uint8Array(data.length + 12);
	const view = new DataView(bytes.buffer);
	view.setUint32(0, data.length);
	for (let index = 0; index < 4; index++) bytes[4 + index] = type.charCodeAt(index);
	bytes.set(data, 8);
	view.setUint32(8 + data.length, crc32(bytes.subarray(4, 8 + data.length)));
	return bytes;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** An indexed-colour PNG: `pixels` holds one palette index per pixel, row after row. */
export function encodeIndexedPng(
	width: number,
	height: number,
	palette: readonly Rgb[],
	pixels: Uint8Array,
): Uint8Array {
	const header = new Uint8Array(13);
	const view = new DataView(header.buffer);
	view.setUint32(0, width);
	view.setUint32(4, height);
	header[8] = 8; // bits per index
	header[9] = 3; // indexed colour
	const rows = new Uint8Array((width + 1) * height);
	for (let y = 0; y < height; y++) {
		// Each row starts with its filter type; 0 (none) is what PNG advises for indexed images.
		rows.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
	}
	const parts = [
		Uint8Array.from(SIGNATURE),
		chunk('IHDR', header),
		chunk('PLTE', Uint8Array.from(palette.flat())),
		chunk('IDAT', zlibCompress(rows)),
		chunk('IEND', new Uint8Array(0)),
	];
	const png = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		png.set(part, offset);
		offset += part.length;
	}
	return png;
}
