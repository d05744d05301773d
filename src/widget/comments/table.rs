//! Validating `[comments]`.

use super::spec::{CommentsExpectation, CommentsFile, CommentsSpec, LockoutAge};
use crate::scenario::Validator;

/// `[comments]`.
pub(crate) fn comments(v: &mut Validator<'_>, c: &CommentsFile) -> CommentsSpec {
    let root = v.selector(&c.root, "`comments.root`");
    let message_pattern = c
        .message_pattern
        .as_ref()
        .and_then(|p| v.regex(p, "`comments.message_pattern`"));
    let lockout_after = c.lockout_after.as_ref().and_then(|a| {
        let age = LockoutAge::parse(a.get_ref());
        if age.is_none() {
            let e = v
                .at(
                    a.span(),
                    format!("invalid age `{}` for `comments.lockout_after`", a.get_ref()),
                    "this age",
                )
                .with_help(
                    "write a number and days, weeks, months or years, such as \"18 months\"",
                );
            v.push(e);
        }
        age
    });
    if *c.expect.get_ref() == CommentsExpectation::ByAge && c.lockout_after.is_none() {
        let e = v
            .at(
                c.expect.span(),
                "`expect = \"by_age\"` needs `lockout_after`",
                "here",
            )
            .with_help("add `lockout_after = \"18 months\"` (or the site's rule) to `[comments]`");
        v.push(e);
    }
    let today = c.today.as_ref().and_then(|t| {
        match chrono::NaiveDate::parse_from_str(t.get_ref(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(err) => {
                let e = v
                    .at(
                        t.span(),
                        format!("invalid date `{}` for `comments.today`: {err}", t.get_ref()),
                        "this date",
                    )
                    .with_help("write the date as YYYY-MM-DD");
                v.push(e);
                None
            }
        }
    });
    let published_visible = match (&c.published_selector, &c.published_format) {
        (Some(sel), Some(fmt)) => Some((
            v.selector(sel, "`comments.published_selector`"),
            fmt.clone(),
        )),
        (Some(sel), None) => {
            let e = v
                .at(
                    sel.span(),
                    "`published_selector` needs `published_format`",
                    "this selector",
                )
                .with_help("add a chrono format such as `published_format = \"%d.%m.%Y\"`");
            v.push(e);
            None
        }
        _ => None,
    };
    CommentsSpec {
        root,
        form: c.form.as_ref().map(|f| v.selector(f, "`comments.form`")),
        expect: *c.expect.get_ref(),
        message: c.message.clone(),
        message_pattern,
        links: c.links.clone(),
        lockout_after,
        today,
        published_visible,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::run_table as with;

    #[test]
    fn comments_tables_need_what_their_expectation_needs() {
        let text = "page = \"p\"\n[comments]\nroot = \"#c\"\nexpect = \"by_age\"\ntoday = \"2020-13-01\"\npublished_selector = \".date\"\n";
        let (_, errors) = with(text, |v, f| comments(v, f.comments.as_ref().unwrap()));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("needs `lockout_after`"), "{errors:?}");
        let text = "page = \"p\"\n[comments]\nroot = \"#c\"\nexpect = \"by_age\"\nlockout_after = \"18 months\"\nmessage_pattern = \"kein.*möglich\"\n";
        let (c, errors) = with(text, |v, f| comments(v, f.comments.as_ref().unwrap()));
        assert!(errors.is_empty() && c.lockout_after.is_some() && c.message_pattern.is_some());
    }
}
