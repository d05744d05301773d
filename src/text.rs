//! Page text as the harness compares it, shared by the checks and the snapshots:
//! normalisation, so that differences a reader cannot see never make a diff; redactions; and
//! mojibake detection.

use unicode_normalization::UnicodeNormalization;

use crate::scenario::Redaction;

/// Normalises extracted text: Unicode NFC; no-break and other special spaces become plain
/// spaces; soft hyphens and zero-width characters go; runs of spaces and tabs become one
/// space; lines are trimmed; runs of blank lines become one blank line; leading and
/// trailing blank lines go.
pub fn normalize_text(raw: &str) -> String {
    let nfc: String = raw.nfc().collect();
    let mut lines: Vec<String> = Vec::new();
    for line in nfc.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let mut out = String::with_capacity(line.len());
        let mut space = false;
        for c in line.chars() {
            match c {
                '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
                c if c.is_whitespace() => space = true,
                c => {
                    if space && !out.is_empty() {
                        out.push(' ');
                    }
                    space = false;
                    out.push(c);
                }
            }
        }
        let blank = out.is_empty();
        if blank && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(out);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// A sample of UTF-8 text read as Windows-1252 (`fÃ¼r`, `â€™`), when the text holds one: the
/// sign of a page whose charset is declared wrong, or not at all.
pub fn mojibake(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).enumerate().find_map(|(i, w)| {
        // A lead byte of a two- or three-byte sequence (Ã, Â, â) read as a character, then a
        // continuation byte read as one (U+0080–U+00BF, or the Windows-1252 letters in 0x80–0x9F).
        let lead = matches!(w[0], 'Ã' | 'Â' | 'â');
        let cont = matches!(
            w[1],
            '\u{80}'
                ..='\u{BF}'
                    | '€'
                    | '‚'
                    | 'ƒ'
                    | '„'
                    | '…'
                    | '†'
                    | '‡'
                    | 'ˆ'
                    | '‰'
                    | 'Š'
                    | '‹'
                    | 'Œ'
                    | 'Ž'
                    | '‘'
                    | '’'
                    | '“'
                    | '”'
                    | '•'
                    | '–'
                    | '—'
                    | '˜'
                    | '™'
                    | 'š'
                    | '›'
                    | 'œ'
                    | 'ž'
                    | 'Ÿ'
        );
        (lead && cont).then(|| {
            let start = i.saturating_sub(3);
            chars[start..(i + 5).min(chars.len())].iter().collect()
        })
    })
}

/// Applies the scenario's redactions in order.
pub fn redact(text: &str, redactions: &[Redaction]) -> String {
    let mut out = text.to_owned();
    for r in redactions {
        out = r
            .pattern
            .replace_all(&out, r.replacement.as_str())
            .into_owned();
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn mojibake_is_spotted_and_real_text_is_not() {
        // Each text, and what the sample shown must hold (`None`: no mojibake).
        let cases: &[(&str, Option<&str>)] = &[
            ("Neu fÃ¼r alle", Some("fÃ¼r")),
            ("Itâ€™s here", Some("â€™")),
            ("Grüße aus Österreich, 5 € – „Zitat“", None),
            ("Ã", None),
            ("CAFÃ‰", Some("CAFÃ‰")),
        ];
        for (text, want) in cases {
            let found = super::mojibake(text);
            match want {
                Some(part) => assert!(
                    found.as_deref().is_some_and(|f| f.contains(part)),
                    "{text}: {found:?}"
                ),
                None => assert_eq!(found, None, "{text}"),
            }
        }
    }

    use super::*;

    #[test]
    fn invisible_differences_vanish() {
        let raw =
            "  Ge\u{00AD}schwin\u{200B}digkeit\u{00A0}1.0x  \n\n\n\nCafe\u{0301}\t\tBar  \n\n";
        assert_eq!(normalize_text(raw), "Geschwindigkeit 1.0x\n\nCafé Bar");
    }

    #[test]
    fn leading_blank_lines_go_and_single_blank_lines_stay() {
        assert_eq!(normalize_text("\n\n a \n\n b\n c"), "a\n\nb\nc");
    }

    #[test]
    fn redactions_apply_in_order() {
        let rs = vec![
            Redaction {
                pattern: regex::Regex::new(r"\d{2}:\d{2}").unwrap(),
                replacement: "[TIME]".into(),
            },
            Redaction {
                pattern: regex::Regex::new(r"\[TIME\] / \[TIME\]").unwrap(),
                replacement: "[CLOCK]".into(),
            },
        ];
        assert_eq!(redact("00:12 / 03:40", &rs), "[CLOCK]");
    }
}
