//! Every Webhook v2 event type MyOperator is known to send, as data: its meaning,
//! channel, place in a call's life, how it is known, and which v1 webhook it
//! replaces. `validate` checks subscriptions against it, `migrate` picks a v1
//! webhook's events from it; decode, timeline and `fields` read the same table.
//!
//! Sources: MyOperator's payload article ("Six Call sub-events and eight WhatsApp
//! sub-events"), its Postman collection as public consumer code quotes it, and the
//! samples in that code. The article writes the disposition event
//! `call.disposition`; the Postman collection and every consumer write
//! `disposition`. Both spellings name one entry.

use super::provenance::Provenance;

/// Which kind of conversation an event belongs to (the envelope's `channel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Call,
    WhatsApp,
}

impl Channel {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::WhatsApp => "WhatsApp",
        }
    }

    /// The envelope's `channel` value: `call`, or WhatsApp in any case (how it is
    /// spelt on the wire is not known).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        if text == "call" {
            Some(Self::Call)
        } else if text.eq_ignore_ascii_case("whatsapp") {
            Some(Self::WhatsApp)
        } else {
            None
        }
    }
}

/// The channel an `event_type` belongs to: a known event's, or by its name's prefix
/// (`call.`, `message.`, `conversation.`), so that an event no source lists is still
/// read as what it names.
#[must_use]
pub fn channel_of(event_type: &str) -> Option<Channel> {
    if let Some(known) = event(event_type) {
        return Some(known.channel);
    }
    if event_type.starts_with("call.") {
        Some(Channel::Call)
    } else if event_type.starts_with("message.") || event_type.starts_with("conversation.") {
        Some(WhatsApp)
    } else {
        None
    }
}

/// The three v1 webhooks, each configured on its own panel page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum V1WebhookType {
    /// Sent during the call, once per call state (the In-Call document).
    InCall,
    /// Sent once after the call, with the short-key call log.
    AfterCall,
    /// Sent when an agent submits a disposition for the call.
    Disposition,
}

impl V1WebhookType {
    pub const ALL: [Self; 3] = [Self::InCall, Self::AfterCall, Self::Disposition];

    /// The spelling in configuration files.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InCall => "in_call",
            Self::AfterCall => "after_call",
            Self::Disposition => "disposition",
        }
    }

    /// As MyOperator's pages name it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::InCall => "In-Call",
            Self::AfterCall => "After-Call",
            Self::Disposition => "Disposition",
        }
    }

    /// `in_call`, `In-Call`, `incall`, `in call`...: case, `-`, `_` and spaces aside.
    pub fn parse(text: &str) -> Option<Self> {
        let squashed: String = text
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect();
        Self::ALL.into_iter().find(|t| t.as_str().replace('_', "") == squashed)
    }
}

/// One v2 event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V2Event {
    /// The `event_type` value, as the Postman collection writes it.
    pub name: &'static str,
    /// Other spellings the sources use for the same event.
    pub other_spellings: &'static [&'static str],
    pub channel: Channel,
    /// One line, for tables.
    pub meaning: &'static str,
    /// The checkbox label in the v2 panel, where a source quotes it.
    pub panel_label: Option<&'static str>,
    /// Position in a call's life, for ordering events of one call when times tie.
    /// No source numbers the events: this is the life cycle their names and the
    /// consumers' handling describe (`call.initiated` -> `call.dial_begin` ->
    /// `call.answered` -> `call.end` -> `call.summary`, plus the disposition).
    /// `None` on WhatsApp events, which follow no call.
    pub order: Option<u8>,
    /// Whether the envelope carries `event_sequence` (absent on the disposition).
    pub sequenced: bool,
    pub provenance: Provenance,
    /// The v1 webhooks whose job this event does.
    pub replaces: &'static [V1WebhookType],
    /// Where the sources disagree or are thin, said plainly.
    pub note: &'static str,
}

const BASE: V2Event = V2Event {
    name: "",
    other_spellings: &[],
    channel: Channel::Call,
    meaning: "",
    panel_label: None,
    order: None,
    sequenced: true,
    provenance: Provenance::SeenInSamples,
    replaces: &[],
    note: "",
};

use Channel::WhatsApp;
use Provenance::{Documented, Inferred};
use V1WebhookType::{AfterCall, Disposition, InCall};

/// The events, call events in their order, then WhatsApp's.
// Every entry ends in `..BASE` so that a new column needs one default.
#[allow(clippy::needless_update)]
pub static V2_EVENTS: &[V2Event] = &[
    V2Event {
        name: "call.initiated",
        meaning: "a call started: incoming on the server, or placed by click to call or OBD",
        order: Some(1),
        provenance: Documented,
        replaces: &[InCall],
        note: "No payload sample is known. The payload article says to capture `system_identifier` from this event.",
        ..BASE
    },
    V2Event {
        name: "call.ivr_started",
        meaning: "the caller reached the IVR",
        order: Some(2),
        provenance: Inferred,
        replaces: &[InCall],
        note: "Named by one public research note only; MyOperator counts six call events without it. No payload sample is known.",
        ..BASE
    },
    V2Event {
        name: "call.dial_begin",
        meaning: "agents are being dialled",
        order: Some(3),
        replaces: &[InCall],
        note: "No payload sample is known; consumers read agent legs being dialled from `payload.legs[]`.",
        ..BASE
    },
    V2Event {
        name: "call.answered",
        meaning: "an agent answered",
        order: Some(4),
        replaces: &[InCall],
        note: "No payload sample is known; consumers read the answering leg's `answered_at`.",
        ..BASE
    },
    V2Event {
        name: "call.end",
        meaning: "the call ended: the whole call record, legs included",
        panel_label: Some("Call Ended"),
        order: Some(5),
        replaces: &[AfterCall, InCall],
        note: "Does the job of After-Call, and of In-Call's \"call finished\" state (2) and outcome states (4, 7, 9). Carries no agent names.",
        ..BASE
    },
    V2Event {
        name: "call.summary",
        meaning: "the call record after the end, with agents, departments and comments",
        panel_label: Some("Call Summary"),
        order: Some(6),
        provenance: Documented,
        replaces: &[AfterCall],
        note: "Arrives after `call.end`; the only call event with agent names. `system_identifier` is empty or null on it.",
        ..BASE
    },
    V2Event {
        name: "disposition",
        other_spellings: &["call.disposition"],
        meaning: "an agent submitted a disposition for the call",
        order: Some(7),
        sequenced: false,
        replaces: &[Disposition],
        note: "MyOperator's payload article writes `call.disposition`; its Postman collection and consumer code write `disposition`. No payload sample is known; v1 sent a `_dsp` list.",
        ..BASE
    },
    V2Event {
        name: "message.received",
        channel: WhatsApp,
        meaning: "a WhatsApp message arrived from the customer",
        panel_label: Some("Message Received"),
        note: "Inbound media can arrive twice with the same `payload.id`: first with a blank link, then with it filled.",
        ..BASE
    },
    V2Event {
        name: "message.sent",
        channel: WhatsApp,
        meaning: "a WhatsApp message was sent to the customer",
        panel_label: Some("Sent"),
        note: "No payload sample is known.",
        ..BASE
    },
    V2Event {
        name: "message.delivered",
        channel: WhatsApp,
        meaning: "a sent WhatsApp message was delivered",
        panel_label: Some("Delivered"),
        note: "No payload sample is known.",
        ..BASE
    },
    V2Event {
        name: "message.read",
        channel: WhatsApp,
        meaning: "a sent WhatsApp message was read",
        panel_label: Some("Read"),
        note: "No payload sample is known.",
        ..BASE
    },
    V2Event {
        name: "message.failed",
        channel: WhatsApp,
        meaning: "a WhatsApp message could not be delivered",
        panel_label: Some("Failed"),
        note: "No payload sample is known.",
        ..BASE
    },
    V2Event {
        name: "message.link_tracking",
        channel: WhatsApp,
        meaning: "the customer opened a tracked link",
        panel_label: Some("Track-URL"),
        note: "No payload sample is known.",
        ..BASE
    },
    V2Event {
        name: "conversation.assign",
        channel: WhatsApp,
        meaning: "a WhatsApp conversation was assigned to an agent",
        note: "`direction` is empty on conversation events. No payload sample is known.",
        ..BASE
    },
    V2Event {
        name: "conversation.close",
        channel: WhatsApp,
        meaning: "a WhatsApp conversation was closed",
        note: "`direction` is empty on conversation events. No payload sample is known.",
        ..BASE
    },
];

impl V2Event {
    /// Every spelling this event is sent or written under, its name first.
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.name).chain(self.other_spellings.iter().copied())
    }
}

/// The event an `event_type` names, under any of its spellings (exact, as sent).
#[must_use]
pub fn event(name: &str) -> Option<&'static V2Event> {
    V2_EVENTS.iter().find(|e| e.spellings().any(|s| s == name))
}

/// The event type nearest to `name` (by spelling or panel label), when close enough
/// to be a typo.
#[must_use]
pub fn suggest_event(name: &str) -> Option<&'static str> {
    let candidates = V2_EVENTS
        .iter()
        .flat_map(|e| e.spellings().chain(e.panel_label).map(move |s| (s, e.name)));
    let (spellings, names): (Vec<&str>, Vec<&str>) = candidates.unzip();
    let near = super::lookup::nearest(name, spellings.iter().copied(), 0.8)?;
    spellings.iter().position(|s| *s == near).map(|i| names[i])
}

/// The confirmed events that do the job of a v1 webhook, in call order: what a
/// migrated webhook subscribes to. Events nothing confirms are left out, since
/// the panel may not offer them.
pub fn replacing(kind: V1WebhookType) -> impl Iterator<Item = &'static V2Event> {
    V2_EVENTS
        .iter()
        .filter(move |e| e.replaces.contains(&kind) && e.provenance != Inferred)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn spellings_are_unique_and_lower_case() {
        let mut seen = HashSet::new();
        for e in V2_EVENTS {
            for s in e.spellings() {
                assert!(seen.insert(s), "{s} twice");
                assert!(
                    s.bytes().all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_'),
                    "{s}"
                );
            }
            assert!(!e.meaning.is_empty(), "{}", e.name);
        }
    }

    #[test]
    fn counts_match_the_sources() {
        let calls: Vec<_> = V2_EVENTS.iter().filter(|e| e.channel == Channel::Call).collect();
        let whatsapp = V2_EVENTS.len() - calls.len();
        // Six documented call events, plus the unconfirmed `call.ivr_started`.
        assert_eq!(calls.len(), 7);
        assert_eq!(calls.iter().filter(|e| e.provenance != Inferred).count(), 6);
        assert_eq!(whatsapp, 8);
        assert_eq!(
            V2_EVENTS.iter().filter(|e| e.name.starts_with("conversation.")).count(),
            2
        );
    }

    #[test]
    fn call_events_are_in_order_and_whatsapp_ones_have_none() {
        let orders: Vec<u8> = V2_EVENTS.iter().filter_map(|e| e.order).collect();
        assert_eq!(orders, (1..=7).collect::<Vec<_>>());
        for e in V2_EVENTS {
            assert_eq!(e.order.is_some(), e.channel == Channel::Call, "{}", e.name);
        }
    }

    #[test]
    fn both_disposition_spellings_name_one_event_without_a_sequence() {
        let d = event("disposition").unwrap();
        assert_eq!(event("call.disposition"), Some(d));
        assert!(!d.sequenced);
        assert!(V2_EVENTS.iter().filter(|e| !e.sequenced).count() == 1);
        assert!(event("Call.End").is_none(), "as sent, exactly");
    }

    #[test]
    fn each_v1_webhook_has_its_events() {
        let names = |k| replacing(k).map(|e| e.name).collect::<Vec<_>>();
        assert_eq!(
            names(InCall),
            ["call.initiated", "call.dial_begin", "call.answered", "call.end"]
        );
        assert_eq!(names(AfterCall), ["call.end", "call.summary"]);
        assert_eq!(names(Disposition), ["disposition"]);
        assert!(
            V2_EVENTS
                .iter()
                .filter(|e| e.channel == WhatsApp)
                .all(|e| e.replaces.is_empty())
        );
    }

    #[test]
    fn suggestions_come_from_spellings_and_labels() {
        assert_eq!(suggest_event("call.ended"), Some("call.end"));
        assert_eq!(suggest_event("Call Summary"), Some("call.summary"));
        assert_eq!(suggest_event("call.dial_begins"), Some("call.dial_begin"));
        assert_eq!(suggest_event("zzzz"), None);
    }

    #[test]
    fn v1_types_parse_in_any_spelling() {
        for t in V1WebhookType::ALL {
            assert_eq!(V1WebhookType::parse(t.as_str()), Some(t));
            assert_eq!(V1WebhookType::parse(t.label()), Some(t));
        }
        assert_eq!(V1WebhookType::parse("AFTER CALL"), Some(AfterCall));
        assert_eq!(V1WebhookType::parse("after"), None);
    }
}
