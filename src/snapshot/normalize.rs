//! Normalisation, so that differences a reader cannot see never make a diff.

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
