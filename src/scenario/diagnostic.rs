//! Positioned errors for scenario files. The main type here is [`LoadError`], a
//! `miette::Diagnostic` that carries the file's text and a byte span, so the rendered error
//! names the file, line and column and draws a caret under the offending text.

use std::fmt;
use std::ops::Range;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource, SourceSpan};

/// One problem in one scenario file (or with the suite as a whole).
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
pub struct LoadError {
    /// What is wrong, as a lowercase fragment.
    pub message: String,
    /// The file's text, named by its path.
    #[source_code]
    pub src: Option<NamedSource<String>>,
    /// Where in the file.
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    /// The text under the caret.
    pub label: String,
    /// A hint such as "did you mean `regions`?".
    #[help]
    pub help: Option<String>,
}

impl LoadError {
    /// An error at a byte range of a file.
    pub fn at(
        path: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        let start = span.start.min(text.len());
        let len = span.end.min(text.len()).saturating_sub(start);
        LoadError {
            message: message.into(),
            src: Some(NamedSource::new(path, text.to_owned())),
            span: Some(SourceSpan::new(start.into(), len)),
            label: label.into(),
            help: None,
        }
    }

    /// An error about a file or the suite as a whole, with no position.
    pub fn whole(message: impl Into<String>) -> Self {
        LoadError {
            message: message.into(),
            src: None,
            span: None,
            label: String::new(),
            help: None,
        }
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Renders the error the way the terminal shows it: message, `file:line:col`, the line
    /// and a caret.
    pub fn render(&self, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_links(false);
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, self);
        out
    }
}

/// Every problem found while loading a suite; loading goes on past a bad file so that all
/// of them are reported at once.
#[derive(Debug, Default)]
pub struct LoadErrors {
    /// The problems, in file order.
    pub errors: Vec<LoadError>,
}

impl LoadErrors {
    /// Renders every error, separated by blank lines.
    pub fn render(&self, color: bool) -> String {
        self.errors
            .iter()
            .map(|e| e.render(color))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(
            f,
            "{n} problem{} in the scenario files",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for LoadErrors {}
