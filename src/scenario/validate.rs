//! The validator every table of a scenario file is checked with. The main type here is
//! [`Validator`]: it knows the file's path and text, turns spans into positioned
//! [`LoadError`]s, and checks the values that recur across tables (CSS selectors, durations,
//! regular expressions), collecting every problem instead of stopping at the first.

use std::ops::Range;
use std::time::Duration;

use toml::Spanned;

use super::diagnostic::LoadError;

/// The hint every bad duration gets.
const DURATION_HELP: &str = "write a number and a unit, such as \"500ms\", \"10s\" or \"1m\"";

/// Checks the values of one scenario file and collects what is wrong with them.
pub(crate) struct Validator<'a> {
    path: &'a str,
    text: &'a str,
    /// Every problem found so far.
    pub errors: Vec<LoadError>,
}

impl<'a> Validator<'a> {
    /// A validator for the file at `path` with this text.
    pub fn new(path: &'a str, text: &'a str) -> Self {
        Validator {
            path,
            text,
            errors: Vec::new(),
        }
    }

    /// A positioned error (not yet recorded: add a hint, then [`Validator::push`] it).
    pub fn at(&self, span: Range<usize>, message: impl Into<String>, label: &str) -> LoadError {
        LoadError::at(self.path, self.text, span, message, label)
    }

    /// Records an error.
    pub fn push(&mut self, error: LoadError) {
        self.errors.push(error);
    }

    /// Records an error at a span.
    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>, label: &str) {
        let e = self.at(span, message, label);
        self.push(e);
    }

    /// Host patterns (`*.example.com`), checked and lowercased; each bad one is an error at
    /// its own position and left out.
    pub fn host_patterns(&mut self, list: &[Spanned<String>]) -> Vec<String> {
        list.iter()
            .filter_map(|h| match crate::network::pattern_error(h.get_ref()) {
                None => Some(h.get_ref().to_ascii_lowercase()),
                Some(message) => {
                    self.error(h.span(), message, "this host");
                    None
                }
            })
            .collect()
    }

    /// A CSS selector, checked; `what` names it in the message (`` `player.root` ``).
    pub fn selector(&mut self, sel: &Spanned<String>, what: &str) -> String {
        if let Err(msg) = check_selector(sel.get_ref()) {
            self.error(
                sel.span(),
                format!("invalid CSS selector in {what}: {msg}"),
                "this selector",
            );
        }
        sel.get_ref().clone()
    }

    /// A duration (`"500ms"`), when given and valid.
    pub fn duration(&mut self, d: Option<&Spanned<String>>, key: &str) -> Option<Duration> {
        let d = d?;
        match humantime::parse_duration(d.get_ref()) {
            Ok(v) => Some(v),
            Err(e) => {
                let e = self
                    .at(
                        d.span(),
                        format!("invalid duration for `{key}`: {e}"),
                        "this duration",
                    )
                    .with_help(DURATION_HELP);
                self.push(e);
                None
            }
        }
    }

    /// A duration that must be longer than zero, when given and valid.
    pub fn positive_duration(
        &mut self,
        d: Option<&Spanned<String>>,
        key: &str,
    ) -> Option<Duration> {
        let value = self.duration(d, key)?;
        if value.is_zero() {
            let span = d.map(Spanned::span).unwrap_or_default();
            self.error(
                span,
                format!("`{key}` must be longer than zero"),
                "this duration",
            );
            return None;
        }
        Some(value)
    }

    /// A regular expression (Rust `regex` syntax), when valid; `what` names it.
    pub fn regex(&mut self, pattern: &Spanned<String>, what: &str) -> Option<regex::Regex> {
        match regex::Regex::new(pattern.get_ref()) {
            Ok(re) => Some(re),
            Err(e) => {
                let e = self
                    .at(
                        pattern.span(),
                        format!("invalid regular expression in {what}"),
                        "this pattern",
                    )
                    .with_help(regex_help(&e));
                self.push(e);
                None
            }
        }
    }
}

/// The regex crate's error already draws its own caret under the pattern; keep it as the hint.
fn regex_help(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(s) => s.trim().to_owned(),
        other => other.to_string(),
    }
}

/// Validates a selector with the same CSS parser family browsers use, so a typo fails here
/// instead of inside the page.
fn check_selector(sel: &str) -> Result<(), String> {
    if sel.trim().is_empty() {
        return Err("the selector is empty".into());
    }
    scraper::Selector::parse(sel)
        .map(|_| ())
        .map_err(|e| describe_selector_error(&e))
}

/// The CSS parser's error kinds, said in words a scenario author can act on.
fn describe_selector_error(e: &scraper::error::SelectorErrorKind) -> String {
    use scraper::error::SelectorErrorKind as K;
    match e {
        K::UnexpectedToken => "an unexpected character or token".into(),
        K::EndOfLine => "the selector ends too early (an unclosed `[`, `(` or string?)".into(),
        K::ExpectedColonOnPseudoElement | K::ExpectedIdentityOnPseudoElement => {
            "a pseudo-element needs a name after `::`".into()
        }
        K::UnexpectedSelectorParseError(kind) => match format!("{kind:?}").as_str() {
            "DanglingCombinator" => {
                "the selector ends with a combinator (`>`, `+` or `~`) with nothing after it".into()
            }
            "EmptySelector" => "an empty selector (a stray comma?)".into(),
            "ClassNeedsIdent" => "a `.` must be followed by a class name".into(),
            "NoIdentForPseudo" => "a `:` must be followed by a pseudo-class name".into(),
            "UnsupportedPseudoClassOrElement" => "an unknown pseudo-class or pseudo-element".into(),
            "UnexpectedTokenInAttributeSelector"
            | "BadValueInAttr"
            | "NoQualifiedNameInAttributeSelector" => {
                "a malformed attribute selector; write it like `[name=\"value\"]`".into()
            }
            other => format!("invalid selector ({other})"),
        },
        other => other.to_string(),
    }
}

/// Runs one table's validation over a scenario file's text: the value it gives and the
/// messages of the problems it found. For the tables' tests.
#[cfg(test)]
pub(crate) fn run_table<T>(
    text: &str,
    table: impl FnOnce(&mut Validator<'_>, &super::model::ScenarioFile) -> T,
) -> (T, Vec<String>) {
    let file = toml::from_str(text).expect("the test's TOML parses");
    let mut v = Validator::new("s.toml", text);
    let value = table(&mut v, &file);
    (value, v.errors.into_iter().map(|e| e.message).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spanned(text: &str) -> Spanned<String> {
        #[derive(serde::Deserialize)]
        struct V {
            v: Spanned<String>,
        }
        let v: V = toml::from_str(&format!("v = {text:?}")).unwrap();
        v.v
    }

    #[test]
    fn selectors_are_checked_in_words_an_author_can_act_on() {
        let cases = [
            ("article h1", None),
            ("main >", Some("ends with a combinator")),
            ("div[", Some("ends too early")),
            (".", Some("ends too early")),
            ("", Some("the selector is empty")),
            ("a,,b", Some("an empty selector")),
        ];
        for (sel, want) in cases {
            let got = check_selector(sel).err();
            match want {
                None => assert_eq!(got, None, "{sel}"),
                Some(w) => assert!(
                    got.as_deref().is_some_and(|g| g.contains(w)),
                    "{sel}: {got:?}"
                ),
            }
        }
    }

    #[test]
    fn durations_regexes_and_selectors_are_collected_with_positions() {
        let text = "v = ...";
        let mut v = Validator::new("s.toml", text);
        assert_eq!(
            v.duration(Some(&spanned("2s")), "k"),
            Some(Duration::from_secs(2))
        );
        assert_eq!(v.duration(Some(&spanned("0s")), "k"), Some(Duration::ZERO));
        assert_eq!(v.positive_duration(Some(&spanned("0s")), "k"), None);
        assert_eq!(v.duration(Some(&spanned("soon")), "k"), None);
        assert_eq!(v.duration(None, "k"), None);
        assert!(v.regex(&spanned("(a"), "`redact.pattern`").is_none());
        assert_eq!(v.selector(&spanned("p >"), "`ignore`"), "p >");
        let messages: Vec<&str> = v.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`k` must be longer than zero",
                "invalid duration for `k`: expected number at 0",
                "invalid regular expression in `redact.pattern`",
                "invalid CSS selector in `ignore`: the selector ends with a combinator (`>`, `+` or `~`) with nothing after it",
            ]
        );
        assert_eq!(v.errors[1].help.as_deref(), Some(DURATION_HELP));
    }
}
