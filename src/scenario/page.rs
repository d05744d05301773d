//! Where a scenario's page is: an absolute URL, or a path in the suite folder that must
//! exist there (unless `--base-url` serves the suite from elsewhere) and may not leave it.

use std::path::{Component, Path};

use toml::Spanned;
use url::Url;

use super::load::LoadOptions;
use super::model::PageTarget;

/// A message and, maybe, a hint.
pub(super) type PageError = (String, Option<String>);

pub(super) fn check_page(
    page: &Spanned<String>,
    suite: &Path,
    options: &LoadOptions,
) -> Result<PageTarget, PageError> {
    let raw = page.get_ref().trim();
    if raw.is_empty() {
        return Err(("`page` is empty".into(), None));
    }
    match Url::parse(raw) {
        Ok(url) => match url.scheme() {
            "http" | "https" if url.host().is_some() => Ok(PageTarget::Absolute(url)),
            "http" | "https" => Err((format!("page URL `{raw}` has no host"), None)),
            "file" => Ok(PageTarget::Absolute(url)),
            other => Err((
                format!("unsupported URL scheme `{other}` in `page`"),
                Some("use an http://, https:// or file:// URL, or a path relative to the suite folder".into()),
            )),
        },
        Err(url::ParseError::RelativeUrlWithoutBase) => check_relative_page(raw, suite, options),
        Err(e) => Err((format!("invalid page URL `{raw}`: {e}"), None)),
    }
}

fn check_relative_page(
    raw: &str,
    suite: &Path,
    options: &LoadOptions,
) -> Result<PageTarget, PageError> {
    let path_part = raw.split(['?', '#']).next().unwrap_or(raw);
    let rel = Path::new(path_part);
    if rel.is_absolute() || raw.starts_with('\\') {
        return Err((
            format!("page `{raw}` is an absolute path"),
            Some("write the path relative to the suite folder, or use a file:// URL".into()),
        ));
    }
    if rel.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err((
            format!("page `{raw}` leaves the suite folder"),
            Some("pages served by the harness must live inside the suite folder".into()),
        ));
    }
    if options.base_url.is_none() && !suite.join(rel).is_file() {
        return Err((
            format!("page `{raw}` does not exist in the suite folder `{}`", suite.display()),
            Some("relative pages are served from the suite folder; pass --base-url to load them from another server".into()),
        ));
    }
    Ok(PageTarget::SuiteRelative(raw.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_urls_or_files_inside_the_suite() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("page.html"), "<p>x</p>").unwrap();
        let staging = LoadOptions {
            base_url: Some(Url::parse("http://staging.test/").unwrap()),
        };
        let local = LoadOptions::default();
        let cases: [(&str, &LoadOptions, Result<&str, &str>); 9] = [
            ("page.html", &local, Ok("suite")),
            ("page.html?x=1#top", &local, Ok("suite")),
            ("https://example.org/a", &local, Ok("absolute")),
            ("file:///tmp/a.html", &local, Ok("absolute")),
            ("missing.html", &staging, Ok("suite")),
            (
                "missing.html",
                &local,
                Err("does not exist in the suite folder"),
            ),
            ("../etc/passwd", &local, Err("leaves the suite folder")),
            ("/abs.html", &local, Err("is an absolute path")),
            ("ftp://x/y", &local, Err("unsupported URL scheme `ftp`")),
        ];
        for (raw, options, want) in cases {
            #[derive(serde::Deserialize)]
            struct P {
                p: Spanned<String>,
            }
            let page = toml::from_str::<P>(&format!("p = {raw:?}")).unwrap().p;
            let got = check_page(&page, dir.path(), options);
            match (got, want) {
                (Ok(PageTarget::SuiteRelative(_)), Ok("suite")) => {}
                (Ok(PageTarget::Absolute(_)), Ok("absolute")) => {}
                (Err((message, _)), Err(w)) => assert!(message.contains(w), "{raw}: {message}"),
                (got, want) => panic!("{raw}: {got:?}, wanted {want:?}"),
            }
        }
    }
}
