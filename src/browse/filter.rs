//! The `/` filter of the call list: words that must all match, each anywhere in a
//! call (its uid, caller, agents, type, outcome, states, event labels and anomaly
//! ids) or, with a prefix, in one of them: `uid:`, `caller:`, `agent:`, `state:`,
//! `event:`, `anomaly:`, `type:`, `outcome:`. A leading `-` keeps the calls that do
//! not match. Case does not matter; a state matches by its number exactly.

use crate::timeline::Timeline;
use crate::timeline::call::Call;
use crate::timeline::event::{Event, EventKind};
use crate::vocabulary::call_states::flow_of;

/// Where a word is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Anywhere,
    Uid,
    Caller,
    Agent,
    State,
    Event,
    Anomaly,
    Type,
    Outcome,
}

/// The prefixes, as typed.
const SCOPES: &[(&str, Scope)] = &[
    ("uid", Scope::Uid),
    ("caller", Scope::Caller),
    ("agent", Scope::Agent),
    ("state", Scope::State),
    ("event", Scope::Event),
    ("anomaly", Scope::Anomaly),
    ("type", Scope::Type),
    ("outcome", Scope::Outcome),
];

#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    scope: Scope,
    /// Lowercase.
    text: String,
    /// The text as a call state, where it is one.
    state: Option<i16>,
    negated: bool,
}

/// A parsed filter; the empty one keeps every call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    text: String,
    words: Vec<Word>,
}

impl Filter {
    /// Reads a filter as typed; an unknown prefix is an error that names the known.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let mut words = Vec::new();
        for word in text.split_whitespace() {
            let (negated, word) = match word.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest),
                _ => (false, word),
            };
            let (scope, text) = match word.split_once(':') {
                Some((prefix, rest)) => {
                    let scope = SCOPES
                        .iter()
                        .find(|(name, _)| name.eq_ignore_ascii_case(prefix))
                        .map(|(_, scope)| *scope)
                        .ok_or_else(|| {
                            let known: Vec<String> = SCOPES.iter().map(|(n, _)| format!("{n}:")).collect();
                            format!("unknown filter `{prefix}:`; use {}", known.join(" "))
                        })?;
                    (scope, rest)
                }
                None => (Scope::Anywhere, word),
            };
            if scope == Scope::State && !text.is_empty() && text.parse::<i64>().is_err() {
                return Err(format!("`state:` takes a call state number, not `{text}`"));
            }
            words.push(Word {
                scope,
                text: text.to_lowercase(),
                state: text.parse().ok(),
                negated,
            });
        }
        Ok(Filter {
            text: text.trim().to_owned(),
            words,
        })
    }

    /// The filter as typed, trimmed.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every call this filter keeps is one `before` keeps: the same words,
    /// each at least as long, and maybe more of them; so a filter typed a key at a
    /// time is applied to what the last one kept, not to every call again.
    pub fn narrows(&self, before: &Filter) -> bool {
        self.words.len() >= before.words.len()
            && self.words.iter().zip(&before.words).all(|(now, was)| {
                now.scope == was.scope
                    && now.negated == was.negated
                    && if now.negated || now.scope == Scope::State {
                        now.text == was.text
                    } else {
                        now.text.contains(&was.text)
                    }
            })
    }

    pub fn matches(&self, timeline: &Timeline, call: &Call) -> bool {
        self.words
            .iter()
            .all(|word| word_matches(word, timeline, call) != word.negated)
    }
}

fn word_matches(word: &Word, timeline: &Timeline, call: &Call) -> bool {
    let text = word.text.as_str();
    if text.is_empty() {
        return true;
    }
    let has = |haystack: &str| contains_ignoring_case(haystack, text);
    let strings = &timeline.strings;
    let events = timeline.events(call);
    let in_scope = |scope: Scope| match scope {
        Scope::Anywhere => false,
        Scope::Uid => strings.of(call.uid()).is_some_and(has),
        Scope::Caller => events.iter().any(|e| strings.of(e.caller()).is_some_and(has)),
        Scope::Agent => events.iter().any(|e| strings.of(e.agents()).is_some_and(has)),
        Scope::State => events.iter().any(|e| e.state().is_some() && e.state() == word.state),
        Scope::Event => events.iter().any(|e| label_matches(e, word)),
        Scope::Anomaly => call.anomalies.iter().any(|a| has(a.id.as_str())),
        Scope::Type => has(call.kind.as_str()),
        Scope::Outcome => has(call.outcome.as_str()),
    };
    match word.scope {
        Scope::Anywhere => SCOPES.iter().any(|(_, scope)| in_scope(*scope)),
        scope => in_scope(scope),
    }
}

/// Whether an event's label, as the timeline's messages say it (`state 6 (user
/// answered)`, `the After-Call log`), holds the word; without making the label,
/// since this runs for every event on every key typed.
fn label_matches(e: &Event, word: &Word) -> bool {
    let has = |haystack: &str| contains_ignoring_case(haystack, &word.text);
    match (e.kind(), e.state()) {
        (EventKind::Summary, _) => has("the After-Call log"),
        (_, None) => has("an event with no call_state"),
        (_, Some(state)) => {
            has("state") || word.state == Some(state) || flow_of(i64::from(state)).is_some_and(|flow| has(flow.label()))
        }
    }
}

/// Whether `haystack` contains `needle` (already lowercase), ignoring ASCII case
/// without allocating: called for every call on every key typed.
fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_prefixes_and_negation_are_read() {
        let f = Filter::parse("  uid:N2 -anomaly:dup answered ").unwrap();
        assert_eq!(f.text(), "uid:N2 -anomaly:dup answered");
        assert_eq!(
            f.words,
            [
                Word {
                    scope: Scope::Uid,
                    text: "n2".into(),
                    state: None,
                    negated: false
                },
                Word {
                    scope: Scope::Anomaly,
                    text: "dup".into(),
                    state: None,
                    negated: true
                },
                Word {
                    scope: Scope::Anywhere,
                    text: "answered".into(),
                    state: None,
                    negated: false
                },
            ]
        );
        assert!(Filter::parse("").unwrap().is_empty());
    }

    #[test]
    fn bad_words_say_what_is_known() {
        assert_eq!(
            Filter::parse("colour:red").unwrap_err(),
            "unknown filter `colour:`; use uid: caller: agent: state: event: anomaly: type: outcome:"
        );
        assert_eq!(
            Filter::parse("state:six").unwrap_err(),
            "`state:` takes a call state number, not `six`"
        );
    }

    #[test]
    fn longer_words_and_more_words_narrow_and_others_do_not() {
        let f = |text: &str| Filter::parse(text).unwrap();
        assert!(f("uid:n1.21").narrows(&f("uid:n1.2")));
        assert!(f("dial n1").narrows(&f("dial")));
        assert!(f("x").narrows(&f("")));
        assert!(!f("uid:").narrows(&f("uid")), "another scope");
        assert!(
            !f("state:12").narrows(&f("state:1")),
            "a state is a number, not a substring"
        );
        assert!(!f("-dup").narrows(&f("-du")), "a longer negated word keeps more");
        assert!(!f("n1").narrows(&f("n1 x")));
    }

    #[test]
    fn case_is_ignored_without_allocating() {
        assert!(contains_ignoring_case("Out-Of-Order-Delivery", "order"));
        assert!(!contains_ignoring_case("dup", "duplicate"));
        assert!(contains_ignoring_case("x", ""));
    }
}
