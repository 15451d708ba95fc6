//! Story identity for the digest: the same story syndicated by several feeds is shown once.
//!
//! Two signals: a canonical URL (tracking parameters, fragment and default port removed, query
//! sorted) and a 64-bit SimHash over word 3-shingles of the body. SimHash with a Hamming distance
//! of at most 3 is the classic near-duplicate test, but on article-sized bodies a couple of edited
//! words already flip 2-4 bits, so [`same_story`] confirms moderately close hashes with the exact
//! Jaccard similarity of the shingle sets. The hash is written here (FNV-1a plus a SplitMix64
//! finalizer) rather than `DefaultHasher`, whose output may change between Rust releases: stored
//! hashes must stay comparable across upgrades.

use url::Url;

/// Query keys dropped from canonical URLs (compared case-insensitively): click ids and analytics
/// that differ per share or per feed but never change the page.
const TRACKING_KEYS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "yclid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "mkt_tok",
    "_hsenc",
    "_hsmi",
    "_ga",
    "_gl",
    "ref_src",
    "ref_url",
    "cmpid",
    "cmp",
    "ocid",
    "smid",
    "s_cid",
];

/// Query key prefixes dropped from canonical URLs: Google Analytics campaigns (`utm_`), Alibaba
/// `spm*`, AT Internet (`at_medium`, `at_campaign`, … as used in BBC feeds).
const TRACKING_PREFIXES: &[&str] = &["utm_", "spm", "at_"];

/// Bodies shorter than this many words are not compared by content: short teasers share too much
/// boilerplate to say anything.
pub const MIN_WORDS: usize = 40;

/// Hamming distance at or below which two long bodies are the same story outright.
pub const SIMHASH_MAX_DISTANCE: u32 = 3;

/// Up to this distance, the shingle sets are compared exactly (see module doc).
const SIMHASH_CANDIDATE_DISTANCE: u32 = 18;

/// Jaccard similarity of 3-shingle sets above which two bodies are the same story.
const MIN_JACCARD: f64 = 0.7;

/// Shingles considered per body (about 50,000 words, far beyond any article): bounds time and
/// memory on hostile input. Both the SimHash and the exact comparison see only these.
const MAX_SHINGLES: usize = 50_000;

/// The URL as used to recognise the same page: lowercase scheme and host, no fragment, no default
/// port, no tracking parameters, remaining query parameters sorted. A string that does not parse
/// as a URL is returned trimmed, so it still compares equal to itself.
pub fn canonical_url(url: &str) -> String {
    let trimmed = url.trim();
    let Ok(mut parsed) = Url::parse(trimmed) else {
        return trimmed.to_string();
    };
    parsed.set_fragment(None);
    if let Some(query) = parsed.query() {
        // Raw `key=value` pieces are kept as written so percent-encoding is not altered.
        let mut kept: Vec<String> = query
            .split('&')
            .filter(|piece| !piece.is_empty() && !is_tracking_key(piece))
            .map(str::to_string)
            .collect();
        kept.sort();
        kept.dedup();
        if kept.is_empty() {
            parsed.set_query(None);
        } else {
            parsed.set_query(Some(&kept.join("&")));
        }
    }
    parsed.to_string()
}

fn is_tracking_key(piece: &str) -> bool {
    let key = piece
        .split('=')
        .next()
        .unwrap_or(piece)
        .to_ascii_lowercase();
    TRACKING_KEYS.contains(&key.as_str()) || TRACKING_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// Number of differing bits.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// 64-bit SimHash of `text` over word 3-shingles (words are runs of letters and digits,
/// lowercased), over at most the first 50,000 shingles. Text with fewer than three words hashes its words as one shingle; empty text
/// hashes to 0.
pub fn simhash(text: &str) -> u64 {
    let mut hashes = Vec::new();
    for_each_shingle(text, MAX_SHINGLES, |h| hashes.push(h));
    simhash_of(&hashes)
}

/// SimHash of a multiset of feature hashes: bit `b` is set when most hashes have it set.
fn simhash_of(hashes: &[u64]) -> u64 {
    if hashes.is_empty() {
        return 0;
    }
    // Counting set bits (rather than +1/-1 with a branch) lets the compiler vectorize the loop.
    let mut ones = [0u32; 64];
    for h in hashes {
        for (bit, count) in ones.iter_mut().enumerate() {
            *count += ((h >> bit) & 1) as u32;
        }
    }
    let total = hashes.len();
    ones.iter()
        .enumerate()
        .filter(|(_, c)| (**c as usize) * 2 > total)
        .fold(0u64, |acc, (bit, _)| acc | (1u64 << bit))
}

/// Number of words as [`simhash`] sees them.
pub fn word_count(text: &str) -> usize {
    words(text).count()
}

/// What [`same_story`] needs to know about one body; compute once per article.
#[derive(Debug, Clone)]
pub struct BodyFingerprint {
    pub simhash: u64,
    pub words: usize,
    /// Sorted, deduplicated shingle hashes.
    shingles: Vec<u64>,
}

impl BodyFingerprint {
    pub fn new(text: &str) -> Self {
        let mut shingles = Vec::new();
        for_each_shingle(text, MAX_SHINGLES, |h| shingles.push(h));
        let simhash = simhash_of(&shingles);
        // A body of n >= 3 words has n - 2 shingles.
        let words = if shingles.len() <= 1 {
            word_count(text)
        } else {
            shingles.len() + 2
        };
        shingles.sort_unstable();
        shingles.dedup();
        BodyFingerprint {
            simhash,
            words,
            shingles,
        }
    }
}

/// True when two bodies are long enough and near-identical: SimHash distance within
/// [`SIMHASH_MAX_DISTANCE`], or close and with shingle-set Jaccard similarity of at least 0.7.
pub fn same_story(a: &BodyFingerprint, b: &BodyFingerprint) -> bool {
    if a.words < MIN_WORDS || b.words < MIN_WORDS {
        return false;
    }
    let distance = hamming(a.simhash, b.simhash);
    if distance <= SIMHASH_MAX_DISTANCE {
        return true;
    }
    distance <= SIMHASH_CANDIDATE_DISTANCE && jaccard(&a.shingles, &b.shingles) >= MIN_JACCARD
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Calls `f` with the hash of each word 3-shingle (at most `limit` of them).
fn for_each_shingle(text: &str, limit: usize, mut f: impl FnMut(u64)) {
    let mut window = [0u64; 3];
    let mut seen = 0usize;
    let mut emitted = 0usize;
    for word in words(text) {
        if emitted >= limit {
            return;
        }
        let [_, second, third] = window;
        window = [second, third, word_hash(word)];
        seen += 1;
        if seen >= 3 {
            f(shingle_hash(window));
            emitted += 1;
        }
    }
    if (1..3).contains(&seen) {
        // Too short for a full shingle: the words present form one.
        f(shingle_hash(window));
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn word_hash(word: &str) -> u64 {
    let mut h = FNV_OFFSET;
    let mut buf = [0u8; 4];
    for c in word.chars().flat_map(char::to_lowercase) {
        for byte in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(*byte);
            h = h.wrapping_mul(FNV_PRIME);
        }
    }
    h
}

fn shingle_hash(window: [u64; 3]) -> u64 {
    // Rotations make the combination order-sensitive ("a b c" differs from "c b a").
    let [a, b, c] = window;
    mix(a ^ b.rotate_left(21).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ c.rotate_left(42))
}

/// SplitMix64 finalizer: FNV's low bits are poorly distributed, SimHash needs every bit fair.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("fixtures/seed-article-us-hamas-talks.txt");

    #[test]
    fn canonical_url_strips_tracking_and_normalizes() {
        assert_eq!(
            canonical_url(
                "HTTPS://News.Example.COM:443/world/story-1?utm_source=rss&b=2&fbclid=XYZ&a=1&UTM_Medium=x#comments"
            ),
            "https://news.example.com/world/story-1?a=1&b=2"
        );
        assert_eq!(
            canonical_url("http://example.com:80/a?gclid=1&mc_cid=2&mc_eid=3&spm=a.b&igshid=4"),
            "http://example.com/a"
        );
        // Non-default port and meaningful parameters survive.
        assert_eq!(
            canonical_url("https://example.com:8443/a?id=7&page=2"),
            "https://example.com:8443/a?id=7&page=2"
        );
        assert_eq!(
            canonical_url("https://www.bbc.co.uk/news/x?at_medium=RSS&at_campaign=rss"),
            "https://www.bbc.co.uk/news/x"
        );
        // Percent-encoding in kept values is not rewritten.
        assert_eq!(
            canonical_url("https://e.com/s?q=a%20b&utm_term=x"),
            "https://e.com/s?q=a%20b"
        );
        assert_eq!(canonical_url("  not a url "), "not a url");
    }

    #[test]
    fn same_page_shared_twice_has_one_canonical_url() {
        let a = canonical_url("https://example.com/story?utm_source=twitter&utm_medium=social");
        let b = canonical_url("https://EXAMPLE.com/story?fbclid=abc#top");
        assert_eq!(a, b);
    }

    #[test]
    fn simhash_is_stable_and_case_insensitive() {
        // A fixed value guards against accidental changes of the hash (stored hashes must stay
        // comparable across releases).
        let h = simhash("The quick brown fox jumps over the lazy dog");
        assert_eq!(h, simhash("the QUICK brown fox, jumps over the lazy dog!"));
        assert_ne!(h, 0);
        assert_eq!(simhash(""), 0);
        assert_eq!(simhash("  ,,, "), 0);
        assert_ne!(simhash("one"), simhash("two"));
    }

    #[test]
    fn small_edits_keep_the_story_and_other_text_does_not() {
        let edited = SEED
            .replace("In a pivotal shift", "In a major shift")
            .replace("Many experts see", "Several experts see")
            .replace("Reference: Source Article", "(Reporting by the wire desk)");
        let a = BodyFingerprint::new(SEED);
        let b = BodyFingerprint::new(&edited);
        assert!(
            same_story(&a, &b),
            "distance {}",
            hamming(a.simhash, b.simhash)
        );

        let other_text = "Central bank officials said on Tuesday that interest rates would stay \
            unchanged for the rest of the quarter, citing stable inflation and a labour market \
            that has cooled only slightly. Analysts had expected the decision, and markets moved \
            little after the announcement, with bond yields holding near their recent lows while \
            equities edged higher in afternoon trading across Europe and Asia.";
        let c = BodyFingerprint::new(other_text);
        assert!(c.words >= MIN_WORDS);
        assert!(!same_story(&a, &c));
        assert!(hamming(a.simhash, c.simhash) > SIMHASH_CANDIDATE_DISTANCE);
    }

    #[test]
    fn any_two_word_edit_of_the_seed_is_the_same_story() {
        let words: Vec<&str> = SEED.split(' ').collect();
        let original = BodyFingerprint::new(SEED);
        for k in 0..40 {
            let (x, y) = ((k * 37 + 5) % words.len(), (k * 91 + 11) % words.len());
            let edited: Vec<&str> = words
                .iter()
                .enumerate()
                .map(|(i, w)| if i == x || i == y { "edited" } else { *w })
                .collect();
            let b = BodyFingerprint::new(&edited.join(" "));
            assert!(same_story(&original, &b), "variant {k}");
        }
    }

    #[test]
    fn different_halves_of_one_article_are_different_stories() {
        let paras: Vec<&str> = SEED.lines().collect();
        let (first, second) = paras.split_at(paras.len() / 2);
        let a = BodyFingerprint::new(&first.join("\n"));
        let b = BodyFingerprint::new(&second.join("\n"));
        assert!(a.words >= MIN_WORDS && b.words >= MIN_WORDS);
        assert!(!same_story(&a, &b));
    }

    #[test]
    fn short_bodies_are_never_merged_by_content() {
        let a = BodyFingerprint::new("Ceasefire talks resume in Cairo.");
        let b = BodyFingerprint::new("Ceasefire talks resume in Cairo.");
        assert!(!same_story(&a, &b));
    }

    #[test]
    fn hamming_counts_bits() {
        assert_eq!(hamming(0, 0), 0);
        assert_eq!(hamming(0b1011, 0b0001), 2);
        assert_eq!(hamming(u64::MAX, 0), 64);
    }
}
