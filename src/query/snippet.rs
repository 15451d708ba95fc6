//! Snippet selection for explanations: the body passage (about 250 characters, cut at word
//! boundaries, inside one paragraph) holding the densest run of matched terms, and the ranges of
//! those terms inside it so the digest can highlight them.

use super::text::Tokens;

/// Aimed-for snippet length in characters.
const TARGET: usize = 250;
/// Matched terms further apart than this do not count as one dense passage.
const WINDOW: usize = 230;

/// `hits` are code-point ranges into `body`, sorted. Returns the snippet (a substring of `body`)
/// and the hits inside it as code-point ranges relative to the snippet.
pub(crate) fn build(
    body: &str,
    toks: &Tokens,
    hits: &[(usize, usize)],
) -> (String, Vec<(usize, usize)>) {
    let t = &toks.toks;
    if t.is_empty() {
        return (String::new(), Vec::new());
    }
    let tok_at = |cp: usize| {
        t.partition_point(|k| (k.cp_start as usize) <= cp)
            .saturating_sub(1)
    };
    let para_of = |cp: usize| t.get(tok_at(cp)).map_or(0, |k| k.para);
    // The densest run of hits within one paragraph.
    let mut best: Option<(usize, usize)> = None;
    for (i, h) in hits.iter().enumerate() {
        let p = para_of(h.0);
        let mut j = i;
        while let Some(n) = hits.get(j + 1) {
            if n.1.saturating_sub(h.0) > WINDOW || para_of(n.0) != p {
                break;
            }
            j += 1;
        }
        if best.is_none_or(|(bi, bj)| j - i > bj - bi) {
            best = Some((i, j));
        }
    }
    let (ws, we) = match best.and_then(|(i, j)| Some((hits.get(i)?.0, hits.get(j)?.1))) {
        Some(w) => w,
        None => {
            let first = t.first().map_or(0, |k| k.cp_start as usize);
            (first, first)
        }
    };
    let anchor = tok_at(ws);
    let para = t.get(anchor).map_or(0, |k| k.para);
    // Paragraph numbers never decrease along the tokens: binary search the paragraph's ends.
    let p_first = t.partition_point(|k| k.para < para);
    let p_last = t
        .partition_point(|k| k.para <= para)
        .saturating_sub(1)
        .max(p_first);
    let pstart = t.get(p_first).map_or(0, |k| k.cp_start as usize);
    let pend = t.get(p_last).map_or(0, |k| k.cp_end as usize);
    let slack = TARGET.saturating_sub(we - ws);
    let mut left = ws.saturating_sub(slack / 2).max(pstart);
    let right = (we + slack.saturating_sub(ws - left)).min(pend).max(we);
    left = left.min(right.saturating_sub(TARGET).max(pstart)).min(ws);
    // Start at a sentence start when one lies before the first hit, else at a word start.
    // Token offsets increase along the text: binary searches, not scans of the paragraph.
    let mut s_tok = t
        .get(p_first..=anchor)
        .map(|r| p_first + r.partition_point(|x| (x.cp_start as usize) < left))
        .filter(|&k| k <= anchor)
        .unwrap_or(anchor);
    if let Some(k) = (s_tok..=anchor).find(|&k| {
        k == p_first || (t.get(k).map(|x| x.sent) != t.get(k.wrapping_sub(1)).map(|x| x.sent))
    }) {
        s_tok = k;
    }
    let e_tok = t
        .get(anchor..=p_last)
        .map(|r| anchor + r.partition_point(|x| x.cp_end as usize <= right))
        .filter(|&k| k > anchor)
        .map_or(anchor, |k| k - 1);
    let (Some(st), Some(et)) = (t.get(s_tok), t.get(e_tok)) else {
        return (String::new(), Vec::new());
    };
    let start_b = st.byte_start as usize;
    let mut end_b = et.byte_end as usize;
    let mut end_cp = et.cp_end as usize;
    // Keep the punctuation that closes the last word ("talks." or "deal”").
    for c in body.get(end_b..).unwrap_or("").chars().take(3) {
        if c.is_whitespace() || c.is_alphanumeric() {
            break;
        }
        end_b += c.len_utf8();
        end_cp += 1;
    }
    let snippet = body.get(start_b..end_b).unwrap_or("").to_string();
    let start_cp = st.cp_start as usize;
    let highlights = hits
        .iter()
        .filter(|h| h.0 >= start_cp && h.1 <= end_cp)
        .map(|h| (h.0 - start_cp, h.1 - start_cp))
        .collect();
    (snippet, highlights)
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    #[test]
    fn picks_densest_passage_and_highlights_inside_it() {
        let body = "A hostage was seen.\n\nNothing here at all for a while. Then talks on hostages and a hostage deal began in Doha. More words follow.";
        let toks = tokenize(body, false);
        let find = |w: &str, from: usize| {
            let cps: Vec<char> = body.chars().collect();
            let wc: Vec<char> = w.chars().collect();
            (from..cps.len())
                .find(|&i| cps[i..].starts_with(&wc))
                .map(|i| (i, i + wc.len()))
        };
        let h1 = find("hostage", 0).unwrap_or((0, 0));
        let h2 = find("hostages", 30).unwrap_or((0, 0));
        let h3 = find("hostage deal", 60)
            .map(|(s, _)| (s, s + 7))
            .unwrap_or((0, 0));
        let (snip, hl) = build(body, &toks, &[h1, h2, h3]);
        assert!(snip.starts_with("Nothing here"), "{snip}");
        assert!(snip.ends_with("follow."), "{snip}");
        let chars: Vec<char> = snip.chars().collect();
        let words: Vec<String> = hl
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect())
            .collect();
        assert_eq!(words, ["hostages", "hostage"]);
    }

    #[test]
    fn long_paragraph_is_cut_at_word_boundaries() {
        let body = format!("{} ceasefire {}", "word ".repeat(200), "more ".repeat(200));
        let toks = tokenize(&body, false);
        let s = 1001;
        let (snip, hl) = build(&body, &toks, &[(s, s + 9)]);
        assert!(
            snip.chars().count() <= 300 && snip.chars().count() >= 200,
            "{}",
            snip.len()
        );
        assert!(snip.starts_with("word") && snip.ends_with("more"));
        let chars: Vec<char> = snip.chars().collect();
        let (a, b) = hl[0];
        assert_eq!(chars[a..b].iter().collect::<String>(), "ceasefire");
    }
}
