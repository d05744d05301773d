//! TOML and serde errors, said so that a scenario author can fix them: the first line of
//! the parser's message at its position, and a hint for the usual slips (a misspelt key, a
//! top-level key written below a `[table]`, a duration without quotes, no `page`).

use super::diagnostic::LoadError;

/// The parser's error as a positioned diagnostic with the best hint there is.
pub(super) fn toml_error(path: &str, text: &str, e: &toml::de::Error) -> LoadError {
    let message = e.message().trim().to_owned();
    let mut span = e.span().unwrap_or(0..0);
    // `page` written below a `[table]` is that table's key, so serde finds no `page`: point
    // at the line where it is.
    if message.starts_with("missing field `page`") {
        if let Some(at) = key_line_in_a_table(text, "page") {
            span = at..at;
        }
    }
    let mut err = LoadError::at(path, text, span.clone(), first_line(&message), "here");
    let hint = misplaced_key_hint(text, span.start)
        .or_else(|| missing_page_hint(&message))
        .or_else(|| unknown_key_hint(&message))
        .or_else(|| duration_type_hint(text, span.start, &message));
    if let Some(hint) = hint {
        err = err.with_help(hint);
    }
    err
}

fn missing_page_hint(message: &str) -> Option<String> {
    message.starts_with("missing field `page`").then(|| {
        "every scenario needs `page = \"pages/article.html\"`: a path in the suite folder or an http(s):// or file:// URL".to_owned()
    })
}

/// `timeout = 10` is a common slip: durations are strings with a unit.
fn duration_type_hint(text: &str, at: usize, message: &str) -> Option<String> {
    let before = text.get(..at)?;
    let line = text[before.rfind('\n').map_or(0, |i| i + 1)..]
        .lines()
        .next()?;
    let key = line.split('=').next()?.trim();
    let number = line.split('=').nth(1)?.trim();
    (matches!(key, "timeout" | "stable_for") && message.contains("expected a string")).then(|| {
        format!("durations are strings with a unit: `{key} = \"{number}s\"` or `\"{number}ms\"`")
    })
}

/// In TOML every key after a `[table]` header belongs to that table, a classic trap:
/// `ignore = [..]` written below `[regions]` is read as a region. Say so when it happens.
fn misplaced_key_hint(text: &str, at: usize) -> Option<String> {
    const TOP_LEVEL: [&str; 4] = ["page", "description", "ignore", "redact"];
    let before = text.get(..at)?;
    let line = text[before.rfind('\n').map_or(0, |i| i + 1)..]
        .lines()
        .next()?;
    let key = line.split('=').next()?.trim();
    let table = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.starts_with("[["))?
        .trim_matches(['[', ']']);
    TOP_LEVEL.contains(&key).then(|| {
        format!("`{key}` is read as part of the `[{table}]` table above it; move `{key}` above the first `[table]` header")
    })
}

/// Where a line `key = …` stands below a `[table]` header, if one does.
fn key_line_in_a_table(text: &str, key: &str) -> Option<usize> {
    let mut in_table = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('[') {
            in_table = true;
        } else if in_table
            && t.split('=').next().is_some_and(|k| k.trim() == key)
            && t.contains('=')
        {
            return Some(offset + (line.len() - t.len()));
        }
        offset += line.len();
    }
    None
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).to_owned()
}

/// serde reports an unknown key as "unknown field `x`, expected one of `a`, `b`"; turn the
/// closest known key into a "did you mean" hint.
fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (unknown, rest) = rest.split_once('`')?;
    let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let best = known
        .iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), *k))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    Some(match best {
        Some((_, k)) => format!("did you mean `{k}`?"),
        None => format!(
            "known keys here: {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_slips_get_a_hint() {
        let cases = [
            (
                "page = \"p.html\"\nregoins = {}\n",
                "did you mean `regions`?",
            ),
            ("description = \"x\"\n", "every scenario needs `page ="),
            (
                "page = \"p.html\"\n[regions]\nmain = \"main\"\nignore = [\".ad\"]\n",
                "`ignore` is read as part of the `[regions]` table above it",
            ),
            (
                "page = \"p.html\"\n[ready]\ntimeout = 10\n",
                "durations are strings with a unit",
            ),
            (
                "description = \"x\"\n[regions]\nmain = \"main\"\npage = \"p.html\"\n",
                "`page` is read as part of the `[regions]` table above it",
            ),
        ];
        for (text, want) in cases {
            let e = toml::from_str::<super::super::model::ScenarioFile>(text).unwrap_err();
            let diagnostic = toml_error("s.toml", text, &e);
            let help = diagnostic.help.unwrap_or_default();
            assert!(help.contains(want), "{text:?}: {help}");
        }
    }
}
