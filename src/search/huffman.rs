//! Gzip (RFC 1952) of data that has few repeated strings, such as the index's lists of small
//! numbers: deflate blocks (RFC 1951) of Huffman-coded bytes only, no search for repeats.
//! zlib's Huffman-only strategy makes the same blocks, but slowly, a symbol at a time through
//! its general machinery; this writes each block in two passes over its bytes, one to count
//! them and one to write their codes.

/// Bytes per deflate block: each block has codes of its own, fitted to its bytes.
const BLOCK: usize = 64 * 1024;

/// The end-of-block symbol, after the 256 byte values.
const END_OF_BLOCK: usize = 256;

/// The longest code deflate allows for bytes, and for the code lengths' own code.
const MAX_BITS: u8 = 15;
const MAX_LENGTH_BITS: u8 = 7;

/// The order in which a block's header gives the code lengths' code (RFC 1951, 3.2.7).
const LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// `data` with gzip's header and trailer, Huffman-coded, appended to `out`.
pub fn gzip(data: &[u8], out: &mut Vec<u8>) {
    // Magic, deflate, no flags, no time, no extra flags, operating system unknown.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    let mut bits = Bits::new(out);
    let mut blocks = data.chunks(BLOCK).peekable();
    if blocks.peek().is_none() {
        block(&[], true, &mut bits);
    }
    while let Some(bytes) = blocks.next() {
        block(bytes, blocks.peek().is_none(), &mut bits);
    }
    bits.finish();
    out.extend_from_slice(&zlib_rs::crc32::crc32(0, data).to_le_bytes());
    // The length modulo 2^32, as gzip's trailer has it.
    let length = u32::try_from(data.len() & 0xffff_ffff).unwrap_or(0);
    out.extend_from_slice(&length.to_le_bytes());
}

/// One dynamic-Huffman block of `bytes`.
fn block(bytes: &[u8], last: bool, bits: &mut Bits<'_>) {
    let mut counts = [0u32; END_OF_BLOCK + 1];
    for &byte in bytes {
        counts[usize::from(byte)] += 1;
    }
    counts[END_OF_BLOCK] = 1;
    let lengths = code_lengths(&counts, MAX_BITS);
    let codes = canonical_codes(&lengths);

    bits.put(u64::from(last), 1);
    bits.put(2, 2);
    write_lengths(&lengths, bits);
    for &byte in bytes {
        let symbol = usize::from(byte);
        bits.put(codes[symbol], lengths[symbol]);
    }
    bits.put(codes[END_OF_BLOCK], lengths[END_OF_BLOCK]);
}

/// The block header after its type: how many codes there are, the code lengths' code, and
/// the lengths of the byte codes (run-length coded) and of two distance codes, which no
/// byte uses but which decoders expect, as zlib writes them.
fn write_lengths(lengths: &[u8], bits: &mut Bits<'_>) {
    let mut all = lengths.to_vec();
    all.extend([1, 1]);
    let runs = runs(&all);
    let mut counts = [0u32; 19];
    for &(symbol, _) in &runs {
        counts[usize::from(symbol)] += 1;
    }
    let length_lengths = code_lengths(&counts, MAX_LENGTH_BITS);
    let length_codes = canonical_codes(&length_lengths);
    let sent = LENGTH_ORDER
        .iter()
        .rposition(|&symbol| length_lengths[symbol] != 0)
        .map_or(4, |last| (last + 1).max(4));

    // Byte codes beyond 257 (none), distance codes beyond 1 (one), code lengths beyond 4.
    bits.put(0, 5);
    bits.put(1, 5);
    bits.put(small(sent - 4), 4);
    for &symbol in &LENGTH_ORDER[..sent] {
        bits.put(u64::from(length_lengths[symbol]), 3);
    }
    for (symbol, extra) in runs {
        let symbol = usize::from(symbol);
        bits.put(length_codes[symbol], length_lengths[symbol]);
        match symbol {
            16 => bits.put(u64::from(extra), 2),
            17 => bits.put(u64::from(extra), 3),
            18 => bits.put(u64::from(extra), 7),
            _ => {}
        }
    }
}

/// Code lengths as deflate sends them: each length (0–15), or a run of the previous length
/// (16, 3–6 more), or of zeros (17, 3–10; 18, 11–138), with the run's extra bits.
fn runs(lengths: &[u8]) -> Vec<(u8, u8)> {
    let mut runs = Vec::new();
    let mut index = 0;
    while index < lengths.len() {
        let length = lengths[index];
        let same = lengths[index..]
            .iter()
            .take_while(|&&other| other == length)
            .count();
        if length == 0 && same >= 3 {
            let run = same.min(138);
            runs.push(if run >= 11 {
                (18, small_u8(run - 11))
            } else {
                (17, small_u8(run - 3))
            });
            index += run;
        } else if length != 0 && same >= 4 {
            runs.push((length, 0));
            let run = (same - 1).min(6);
            runs.push((16, small_u8(run - 3)));
            index += 1 + run;
        } else {
            runs.push((length, 0));
            index += 1;
        }
    }
    runs
}

/// Huffman code lengths for symbols seen `counts` times, none longer than `limit` bits. At
/// least two symbols get a code (a decoder wants a complete code); unseen ones get none.
/// When the best code is too deep, the counts are flattened and the code made again.
fn code_lengths<const N: usize>(counts: &[u32; N], limit: u8) -> [u8; N] {
    let mut counts = *counts;
    let mut seen = counts.iter().filter(|&&count| count > 0).count();
    for count in &mut counts {
        if seen >= 2 {
            break;
        }
        if *count == 0 {
            *count = 1;
            seen += 1;
        }
    }
    loop {
        let lengths = huffman_lengths(&counts);
        if lengths.iter().all(|&length| length <= limit) {
            return lengths;
        }
        for count in counts.iter_mut().filter(|count| **count > 0) {
            *count = (*count >> 1) | 1;
        }
    }
}

/// The lengths of an optimal (unlimited) Huffman code for `counts`, by merging the two
/// least counts, leaves and merged nodes kept in two queues that stay sorted.
fn huffman_lengths<const N: usize>(counts: &[u32; N]) -> [u8; N] {
    let mut leaves: Vec<(u64, usize)> = counts
        .iter()
        .enumerate()
        .filter(|&(_, &count)| count > 0)
        .map(|(symbol, &count)| (u64::from(count), symbol))
        .collect();
    leaves.sort_unstable();
    // Nodes: leaves first (0..leaves), then merged ones; each has a parent once merged.
    let mut parent = vec![usize::MAX; 2 * leaves.len()];
    let mut merged: Vec<(u64, usize)> = Vec::with_capacity(leaves.len());
    let (mut next_leaf, mut next_merged) = (0, 0);
    for merge in 0..leaves.len().saturating_sub(1) {
        let (first, a) = least(&leaves, &mut next_leaf, &merged, &mut next_merged);
        let (second, b) = least(&leaves, &mut next_leaf, &merged, &mut next_merged);
        let node = leaves.len() + merge;
        parent[a] = node;
        parent[b] = node;
        merged.push((first + second, node));
    }
    // Depths from the root down: a merged node comes after its children.
    let mut depth = vec![0u8; parent.len()];
    for node in (0..parent.len()).rev() {
        if parent[node] != usize::MAX {
            depth[node] = depth[parent[node]].saturating_add(1);
        }
    }
    let mut lengths = [0u8; N];
    for (node, &(_, symbol)) in leaves.iter().enumerate() {
        lengths[symbol] = depth[node];
    }
    lengths
}

/// Takes the node of least count from the fronts of the two queues, leaves (numbered by
/// their place) and merged nodes: its count and number. A leaf wins a tie.
fn least(
    leaves: &[(u64, usize)],
    next_leaf: &mut usize,
    merged: &[(u64, usize)],
    next_merged: &mut usize,
) -> (u64, usize) {
    let leaf = leaves.get(*next_leaf);
    match merged.get(*next_merged) {
        Some(&node) if leaf.is_none_or(|&(count, _)| node.0 < count) => {
            *next_merged += 1;
            node
        }
        _ => {
            *next_leaf += 1;
            (leaves[*next_leaf - 1].0, *next_leaf - 1)
        }
    }
}

/// Each symbol's code from the code lengths (RFC 1951, 3.2.2), bit-reversed, as deflate
/// writes codes from their most significant bit into a stream read from the least.
fn canonical_codes<const N: usize>(lengths: &[u8; N]) -> [u64; N] {
    let mut per_length = [0u32; 16];
    for &length in lengths {
        per_length[usize::from(length)] += 1;
    }
    per_length[0] = 0;
    let mut next = [0u32; 16];
    let mut code = 0;
    for bits in 1..16 {
        code = (code + per_length[bits - 1]) << 1;
        next[bits] = code;
    }
    let mut codes = [0u64; N];
    for (symbol, &length) in lengths.iter().enumerate() {
        if length > 0 {
            let code = next[usize::from(length)];
            next[usize::from(length)] += 1;
            codes[symbol] = u64::from(code.reverse_bits() >> (32 - u32::from(length)));
        }
    }
    codes
}

/// A number below 16, as a header field.
fn small(value: usize) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// A run's extra bits, below 128.
fn small_u8(value: usize) -> u8 {
    u8::try_from(value).unwrap_or(0)
}

/// Bits written from the least significant, into bytes.
struct Bits<'o> {
    out: &'o mut Vec<u8>,
    pending: u64,
    count: u8,
}

impl<'o> Bits<'o> {
    fn new(out: &'o mut Vec<u8>) -> Self {
        Self {
            out,
            pending: 0,
            count: 0,
        }
    }

    /// The low `count` bits of `value` (at most 32).
    fn put(&mut self, value: u64, count: u8) {
        self.pending |= value << self.count;
        self.count += count;
        if self.count >= 32 {
            self.out.extend_from_slice(&self.pending.to_le_bytes()[..4]);
            self.pending >>= 32;
            self.count -= 32;
        }
    }

    /// Writes what is pending, padded to a whole byte.
    fn finish(self) {
        let bytes = usize::from(self.count.div_ceil(8));
        self.out
            .extend_from_slice(&self.pending.to_le_bytes()[..bytes]);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::{BLOCK, code_lengths, gzip};

    fn gunzip(compressed: &[u8]) -> Vec<u8> {
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(compressed)
            .read_to_end(&mut decoded)
            .expect("valid gzip");
        decoded
    }

    fn round_trip(data: &[u8]) -> usize {
        let mut compressed = Vec::new();
        gzip(data, &mut compressed);
        assert_eq!(gunzip(&compressed), data, "{} bytes", data.len());
        compressed.len()
    }

    /// Numbers from a fixed seed, so that the tests are the same each run.
    fn pseudo_random(length: usize, modulo: u32) -> Vec<u8> {
        let mut state = 2_463_534_242u32;
        (0..length)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state % modulo).to_le_bytes()[0]
            })
            .collect()
    }

    #[test]
    fn any_data_reads_back() {
        round_trip(b"");
        round_trip(b"a");
        round_trip(&[7; 1000]);
        round_trip(&pseudo_random(3 * BLOCK + 17, 256));
        round_trip(&pseudo_random(BLOCK, 3));
        round_trip(&(0..=255).collect::<Vec<u8>>());
    }

    /// Guards the limit on code lengths: counts that double from byte to byte make an
    /// optimal code far deeper than deflate's 15 bits.
    #[test]
    fn skewed_data_gets_codes_of_at_most_15_bits() {
        let mut counts = [0u32; 257];
        let mut data = Vec::new();
        for (byte, count) in (0u8..=24).zip(0..) {
            counts[usize::from(byte)] = 1 << count;
            data.extend(std::iter::repeat_n(byte, 1 << (count / 2)));
        }
        assert!(code_lengths(&counts, 15).iter().all(|&length| length <= 15));
        let mut deep = Vec::new();
        for (byte, count) in (0u8..=20).zip(0u32..) {
            deep.extend(std::iter::repeat_n(byte, 1 << count));
        }
        round_trip(&deep);
        round_trip(&data);
    }

    /// Guards the point of it: lists of small numbers come out within a few percent of
    /// their entropy (the least any code of single bytes can do), and smaller than the
    /// fastest level of zlib makes them.
    #[test]
    fn small_numbers_are_coded_near_their_entropy() {
        let data = pseudo_random(200_000, 40);
        let ours = round_trip(&data);
        let mut counts = [0f64; 256];
        for &byte in &data {
            counts[usize::from(byte)] += 1.0;
        }
        let total = f64::from(u32::try_from(data.len()).unwrap());
        let entropy_bytes: f64 = counts
            .iter()
            .filter(|&&count| count > 0.0)
            .map(|&count| -count * (count / total).log2() / 8.0)
            .sum();
        assert!(
            f64::from(u32::try_from(ours).unwrap()) < entropy_bytes * 1.02 + 200.0,
            "{ours} against {entropy_bytes}"
        );
        let mut zlib = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(1));
        std::io::Write::write_all(&mut zlib, &data).unwrap();
        let fastest = zlib.finish().unwrap().len();
        assert!(ours < fastest, "{ours} against {fastest}");
    }
}
