//! Which hosts a page may reach. The main type here is [`NetworkPolicy`]: a scenario's
//! `[network]` table, the page's origin and the command line resolve to one, and the browser
//! session enforces it (Chromium with host resolver rules, Firefox with a proxy
//! auto-configuration script), so a request to a host outside it fails at once instead of
//! waiting on a server that never answers.
//!
//! A page served from the suite folder is hermetic by default: it reaches its own server and
//! this machine's loopback names, nothing else. A remote page keeps the network unless its
//! scenario allows only some hosts or blocks some. The page's own host is always reachable.
//!
//! Host patterns are host names or IPv4 addresses, where `*` stands for any run of
//! characters: `*.example.com` matches `cdn.example.com`, not `example.com`.

use serde_json::{json, Value as Json};

/// Hosts every policy lets through: the embedded server and this machine's loopback names.
pub const LOOPBACK: [&str; 2] = ["127.0.0.1", "localhost"];

/// Where blocked requests are sent in Firefox: a loopback port nothing listens on, so they
/// are refused at once.
const REFUSING_PROXY: &str = "PROXY 127.0.0.1:1";

/// The hosts a page may reach.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct NetworkPolicy {
    /// When set, the only hosts reachable (besides [`LOOPBACK`]); `None` lets every host
    /// through that `block` does not name.
    allow: Option<Vec<String>>,
    /// Hosts never reached.
    block: Vec<String>,
}

/// How a run overrides the scenarios' policies (`--network`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum NetworkMode {
    /// Each scenario's `[network]` table and the page's origin decide.
    #[default]
    Scenario,
    /// Every page reaches only its own host and loopback.
    Hermetic,
    /// Every page reaches every host its scenario does not block.
    Open,
}

impl NetworkPolicy {
    /// Every host may be reached.
    pub fn open() -> NetworkPolicy {
        NetworkPolicy::default()
    }

    /// Only the page's own host and loopback.
    pub fn hermetic() -> NetworkPolicy {
        NetworkPolicy {
            allow: Some(Vec::new()),
            block: Vec::new(),
        }
    }

    /// The policy of one page: the scenario's `allow` (or, without one, `hermetic` for a page
    /// from the suite folder and everything for a remote one), its `block` list and the
    /// run's `extra_block`, with the page's own host always reachable.
    pub fn resolve(
        allow: Option<&[String]>,
        block: &[String],
        extra_block: &[String],
        local_page: bool,
        page_host: Option<&str>,
        mode: NetworkMode,
    ) -> NetworkPolicy {
        let allow = match mode {
            NetworkMode::Hermetic => Some(Vec::new()),
            NetworkMode::Open => None,
            NetworkMode::Scenario => match allow {
                Some(hosts) if hosts.iter().any(|h| h == "*") => None,
                Some(hosts) => Some(hosts.to_vec()),
                None if local_page => Some(Vec::new()),
                None => None,
            },
        };
        let allow = allow.map(|mut hosts| {
            hosts.extend(
                page_host
                    .map(str::to_ascii_lowercase)
                    .filter(|h| !LOOPBACK.contains(&h.as_str())),
            );
            normalise(hosts)
        });
        let mut block = block.to_vec();
        block.extend_from_slice(extra_block);
        let mut block = normalise(block);
        // Where only some hosts are allowed, every other one is blocked already.
        if allow.is_some() {
            block.clear();
        }
        if let Some(host) = page_host {
            block.retain(|b| !matches(b, host));
        }
        NetworkPolicy { allow, block }
    }

    /// Whether every host may be reached (the browser needs no rules at all).
    pub fn is_open(&self) -> bool {
        self.allow.is_none() && self.block.is_empty()
    }

    /// Whether a page under this policy may reach `host`.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        if LOOPBACK.contains(&host.as_str()) {
            return true;
        }
        if self.block.iter().any(|b| matches(b, &host)) {
            return false;
        }
        self.allow
            .as_ref()
            .is_none_or(|allow| allow.iter().any(|a| matches(a, &host)))
    }

    /// The policy in a few words, for reports.
    pub fn describe(&self) -> String {
        match &self.allow {
            Some(allow) if allow.is_empty() => "hermetic: loopback only".into(),
            Some(allow) => format!("only {} and loopback", allow.join(", ")),
            None if self.block.is_empty() => "open".into(),
            None => format!("open except {}", self.block.join(", ")),
        }
    }

    /// Chromium's `--host-resolver-rules` switch for this policy, if it needs one: hosts
    /// outside it resolve to nothing, so requests to them fail before any connection.
    pub fn chromium_switch(&self) -> Option<String> {
        let rules: Vec<String> = match &self.allow {
            Some(allow) => std::iter::once("MAP * ~NOTFOUND".to_owned())
                .chain(
                    LOOPBACK
                        .iter()
                        .map(|h| (*h).to_owned())
                        .chain(allow.iter().cloned())
                        .map(|h| format!("EXCLUDE {h}")),
                )
                .collect(),
            None => self
                .block
                .iter()
                .map(|b| format!("MAP {b} ~NOTFOUND"))
                .collect(),
        };
        (!rules.is_empty()).then(|| format!("--host-resolver-rules={}", rules.join(", ")))
    }

    /// Firefox preferences for this policy, if it needs any: a proxy auto-configuration
    /// script that sends requests to hosts outside it to a proxy that refuses them. The host
    /// lists reach the script as JSON data.
    pub fn firefox_prefs(&self) -> Option<Json> {
        if self.is_open() {
            return None;
        }
        let loopback = json!(LOOPBACK).to_string();
        let allow = json!(self.allow).to_string();
        let block = json!(self.block).to_string();
        let script = format!(
            "function FindProxyForURL(url, host) {{\n\
             var loopback = {loopback}, allow = {allow}, block = {block};\n\
             host = host.toLowerCase();\n\
             function any(list) {{ for (var i = 0; i < list.length; i++) if (shExpMatch(host, list[i])) return true; return false; }}\n\
             if (any(loopback)) return 'DIRECT';\n\
             if (any(block) || (allow !== null && !any(allow))) return '{REFUSING_PROXY}';\n\
             return 'DIRECT';\n}}\n"
        );
        use base64::Engine as _;
        let encoded = base64::engine::general_purpose::STANDARD.encode(script);
        Some(json!({
            "network.proxy.type": 2,
            "network.proxy.autoconfig_url": format!("data:application/x-ns-proxy-autoconfig;base64,{encoded}"),
            // Loopback addresses other than 127.0.0.1 go through the script too.
            "network.proxy.allow_hijacking_localhost": true,
            // A refused request fails; it is not retried without the proxy.
            "network.proxy.failover_direct": false,
        }))
    }
}

/// Why a host pattern cannot be used, if it cannot.
pub fn pattern_error(pattern: &str) -> Option<String> {
    if pattern == "*" {
        return None;
    }
    let valid = !pattern.is_empty()
        && pattern
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '*' | '_'))
        && !pattern.starts_with('.')
        && !pattern.ends_with('.');
    (!valid).then(|| {
        format!(
            "`{pattern}` is not a host pattern: write a host name or IPv4 address, with `*` for any part (`*.example.com`), and no scheme, port or path"
        )
    })
}

/// Whether `pattern` (with `*` for any run of characters) matches all of `host`.
pub fn matches(pattern: &str, host: &str) -> bool {
    let (p, h) = (pattern.as_bytes(), host.as_bytes());
    let (mut pi, mut hi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while hi < h.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, hi));
            pi += 1;
        } else if pi < p.len() && p[pi].eq_ignore_ascii_case(&h[hi]) {
            pi += 1;
            hi += 1;
        } else if let Some((sp, sh)) = star {
            pi = sp + 1;
            hi = sh + 1;
            star = Some((sp, sh + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

fn normalise(mut hosts: Vec<String>) -> Vec<String> {
    for h in &mut hosts {
        h.make_ascii_lowercase();
    }
    hosts.sort();
    hosts.dedup();
    hosts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn patterns_match_whole_hosts() {
        let cases = [
            ("*.doubleclick.net", "ad.doubleclick.net", true),
            ("*.doubleclick.net", "a.b.doubleclick.net", true),
            ("*.doubleclick.net", "doubleclick.net", false),
            ("*.doubleclick.net", "doubleclick.net.evil.test", false),
            ("cdn.example.com", "CDN.example.com", true),
            ("cdn.example.com", "cdn.example.com.au", false),
            ("ads*.example.com", "ads2.example.com", true),
            ("*", "anything.test", true),
            ("10.0.0.*", "10.0.0.7", true),
        ];
        for (pattern, host, want) in cases {
            assert_eq!(matches(pattern, host), want, "{pattern} vs {host}");
        }
    }

    #[test]
    fn host_patterns_are_validated() {
        let cases = [
            ("*.example.com", true),
            ("127.0.0.2", true),
            ("*", true),
            ("https://example.com", false),
            ("example.com:8080", false),
            ("example.com/ads", false),
            ("a, MAP * 1.2.3.4", false),
            ("", false),
            (".example.com", false),
        ];
        for (pattern, ok) in cases {
            assert_eq!(pattern_error(pattern).is_none(), ok, "{pattern}");
        }
    }

    #[test]
    fn policies_resolve_from_scenario_page_and_command_line() {
        use NetworkMode::*;
        let ads = strings(&["*.ads.test"]);
        let cdn = strings(&["cdn.example.com"]);
        // allow, block, --block, a suite page?, the page's host, --network, the policy.
        type Case = (
            Option<Vec<String>>,
            Vec<String>,
            Vec<String>,
            bool,
            Option<&'static str>,
            NetworkMode,
            &'static str,
        );
        let cases: Vec<Case> = vec![
            // A suite page: hermetic by default, whatever it blocks.
            (
                None,
                vec![],
                vec![],
                true,
                Some("127.0.0.1"),
                Scenario,
                "hermetic: loopback only",
            ),
            (
                None,
                ads.clone(),
                vec![],
                true,
                Some("127.0.0.1"),
                Scenario,
                "hermetic: loopback only",
            ),
            // A suite page that opts into the network.
            (
                Some(strings(&["*"])),
                ads.clone(),
                vec![],
                true,
                Some("127.0.0.1"),
                Scenario,
                "open except *.ads.test",
            ),
            // A remote page: open unless told otherwise.
            (
                None,
                vec![],
                vec![],
                false,
                Some("news.test"),
                Scenario,
                "open",
            ),
            (
                None,
                ads.clone(),
                strings(&["Tracker.test"]),
                false,
                Some("news.test"),
                Scenario,
                "open except *.ads.test, tracker.test",
            ),
            (
                Some(cdn.clone()),
                vec![],
                vec![],
                false,
                Some("news.test"),
                Scenario,
                "only cdn.example.com, news.test and loopback",
            ),
            // The page itself is never blocked.
            (
                None,
                strings(&["*.test"]),
                vec![],
                false,
                Some("news.test"),
                Scenario,
                "open",
            ),
            // The command line overrides.
            (
                None,
                vec![],
                vec![],
                false,
                Some("news.test"),
                Hermetic,
                "only news.test and loopback",
            ),
            (
                None,
                vec![],
                strings(&["*.ads.test"]),
                true,
                None,
                Open,
                "open except *.ads.test",
            ),
        ];
        for (allow, block, extra, local, host, mode, want) in cases {
            let policy =
                NetworkPolicy::resolve(allow.as_deref(), &block, &extra, local, host, mode);
            assert_eq!(
                policy.describe(),
                want,
                "{allow:?} {block:?} {extra:?} {local} {mode:?}"
            );
        }
    }

    #[test]
    fn hermetic_lets_loopback_and_the_page_through() {
        let policy = NetworkPolicy::resolve(
            None,
            &[],
            &[],
            false,
            Some("news.test"),
            NetworkMode::Hermetic,
        );
        for (host, want) in [
            ("127.0.0.1", true),
            ("localhost", true),
            ("news.test", true),
            ("127.0.0.2", false),
            ("cdn.news.test", false),
        ] {
            assert_eq!(policy.allows(host), want, "{host}");
        }
    }

    #[test]
    fn browsers_get_rules_only_when_something_is_blocked() {
        assert_eq!(NetworkPolicy::open().chromium_switch(), None);
        assert_eq!(NetworkPolicy::open().firefox_prefs(), None);
        assert_eq!(
            NetworkPolicy::hermetic().chromium_switch().as_deref(),
            Some("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost")
        );
        let blocking = NetworkPolicy::resolve(
            None,
            &strings(&["*.ads.test"]),
            &[],
            false,
            None,
            NetworkMode::Scenario,
        );
        assert_eq!(
            blocking.chromium_switch().as_deref(),
            Some("--host-resolver-rules=MAP *.ads.test ~NOTFOUND")
        );
        let prefs = blocking.firefox_prefs().expect("prefs");
        assert_eq!(prefs["network.proxy.type"], json!(2));
        let url = prefs["network.proxy.autoconfig_url"].as_str().unwrap();
        let script = url.split("base64,").nth(1).unwrap();
        use base64::Engine as _;
        let script = String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(script)
                .unwrap(),
        )
        .unwrap();
        assert!(script.contains(r#"block = ["*.ads.test"]"#), "{script}");
        assert!(script.contains("allow = null"), "{script}");
    }
}
