//! Validating `[player]`.

use std::time::Duration;

use super::spec::{parse_rate, time_shape_pattern, ControlKind, PlayerFile, PlayerSpec};
use crate::scenario::Validator;

/// `[player]`.
pub(crate) fn player(v: &mut Validator<'_>, p: &PlayerFile) -> PlayerSpec {
    let root = v.selector(&p.root, "`player.root`");
    let media = p.media.as_ref().map(|m| v.selector(m, "`player.media`"));
    let mut selectors = Vec::new();
    for (name, sel) in &p.selectors {
        let value = v.selector(sel, &format!("`player.selectors.{name}`"));
        match ControlKind::ALL.iter().find(|k| k.name() == name) {
            Some(kind) => selectors.push((*kind, value)),
            None => {
                let known: Vec<String> = ControlKind::ALL
                    .iter()
                    .map(|k| format!("`{}`", k.name()))
                    .collect();
                let e = v
                    .at(
                        sel.span(),
                        format!("unknown player control `{name}` in `player.selectors`"),
                        "this control",
                    )
                    .with_help(format!("known controls: {}", known.join(", ")));
                v.push(e);
            }
        }
    }
    let speed = p
        .speed
        .as_ref()
        .and_then(|s| match parse_rate(s.get_ref()) {
            Some(r) => Some((s.get_ref().clone(), r)),
            None => {
                v.error(
                    s.span(),
                    format!(
                        "`player.speed` must be a rate such as \"1.0x\", got `{}`",
                        s.get_ref()
                    ),
                    "this rate",
                );
                None
            }
        });
    PlayerSpec {
        root,
        controls: p.controls.clone(),
        time_pattern: p.time_format.as_deref().map(time_shape_pattern),
        time_format: p.time_format.clone(),
        speed,
        behaviour: p.behaviour,
        tolerance: v
            .duration(p.tolerance.as_ref(), "player.tolerance")
            .unwrap_or(Duration::from_millis(500)),
        media,
        selectors,
    }
}

#[cfg(test)]
mod tests {
    use super::super::spec::ControlKind;
    use super::*;
    use crate::scenario::run_table as with;
    use std::time::Duration;

    #[test]
    fn player_tables_name_unknown_controls_and_bad_rates() {
        let text = "page = \"p\"\n[player]\nroot = \"#p\"\ncontrols = [\"play\"]\nspeed = \"fast\"\n[player.selectors]\nplay = \".play\"\nrewind = \".rw\"\n";
        let (p, errors) = with(text, |v, f| player(v, f.player.as_ref().unwrap()));
        assert_eq!(p.selectors, [(ControlKind::Play, ".play".to_owned())]);
        assert_eq!(p.tolerance, Duration::from_millis(500));
        assert_eq!(
            errors,
            [
                "unknown player control `rewind` in `player.selectors`",
                "`player.speed` must be a rate such as \"1.0x\", got `fast`",
            ]
        );
    }
}
