//! What a browser session is opened with, and so which pages it can serve: the network
//! policy, and the reader's locale and time zone. The main type here is [`Profile`]; the
//! session pool keeps one session per profile at a time and the queue prefers scenarios a
//! slot's session can serve.

use crate::network::NetworkPolicy;

/// A session's fixed settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// The hosts its pages may reach.
    pub policy: NetworkPolicy,
    /// The reader's language (`de-AT`): `Accept-Language`, `navigator.language`, and how the
    /// browser formats dates and numbers. `None`: the browser's own.
    pub locale: Option<String>,
    /// The reader's time zone (`Europe/Vienna`). `None`: the machine's.
    pub timezone: Option<String>,
}

impl From<NetworkPolicy> for Profile {
    fn from(policy: NetworkPolicy) -> Self {
        Profile {
            policy,
            locale: None,
            timezone: None,
        }
    }
}

impl Profile {
    /// The `Accept-Language` value for a locale: the locale, then its language
    /// (`de-AT,de;q=0.9`).
    pub fn accept_language(&self) -> Option<String> {
        let locale = self.locale.as_deref()?;
        match locale.split_once('-') {
            Some((language, _)) => Some(format!("{locale},{language};q=0.9")),
            None => Some(locale.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_names_the_locale_then_its_language() {
        let with = |l: &str| Profile {
            locale: Some(l.into()),
            ..Profile::default()
        };
        assert_eq!(
            with("de-AT").accept_language().as_deref(),
            Some("de-AT,de;q=0.9")
        );
        assert_eq!(with("en").accept_language().as_deref(), Some("en"));
        assert_eq!(Profile::default().accept_language(), None);
    }
}
