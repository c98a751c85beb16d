//! The timeline's reader of a v2 envelope's JSON text by the shared scanner
//! (`timeline::scan`): hands the fields the timeline uses to [`V2Facts::take`] in
//! the order they come, as the serde reader (`V2Facts::from_json_by_serde`) does,
//! without its tokenising and visiting of every value. Where the scanner gives up
//! (an escape, a key the timeline reads twice, anything unusual), serde reads.

use super::{Field, Scalar, Target, V2Facts};
use crate::timeline::scan::{Scan, Scanned};

// Ids of the keys read within that are not fields, past every field's and leg
// field's variant (a test checks): `payload`, `legs`, `data`, a leg's `agent`,
// `data.context` and its `link`.
const PAYLOAD: usize = 63;
const LEGS: usize = 62;
const DATA: usize = 61;
const AGENT: usize = 63;
const CONTEXT: usize = 63;
const LINK: usize = 62;

/// The facts of a v2 envelope, or `None` when the scan gives up or the text is not
/// an envelope (no `event_type` text, no `payload` object).
pub(super) fn envelope(text: &str) -> Option<V2Facts> {
    let mut scan = Scan::of(text)?;
    let mut facts = V2Facts::new();
    let (mut typed, mut payload) = (false, false);
    scan.space();
    scan.object(|scan, key| {
        if key == "payload" {
            payload = scan.byte() == Some(b'{');
            return payload_of(scan, &mut facts).map(|()| Some(PAYLOAD));
        }
        let (id, text) = field(scan, &mut facts, Target::of_envelope_key(key))?;
        if key == "event_type" {
            typed = text;
        }
        Ok(id)
    })
    .ok()?;
    (scan.at_end() && typed && payload).then(|| facts.sealed())
}

/// A value as [`V2Facts::take`] reads it; a list or object is checked and skipped.
fn scalar<'a>(scan: &mut Scan<'a>) -> Scanned<Scalar<'a>> {
    Ok(match scan.byte() {
        Some(b'"') => Scalar::Text(scan.string()?.into()),
        Some(b'{' | b'[') => {
            scan.skip()?;
            Scalar::Compound
        }
        Some(b'-' | b'0'..=b'9') => Scalar::Number(scan.number()?),
        _ => {
            scan.literal()?;
            Scalar::Other
        }
    })
}

/// Reads the value of a key as `target`, when the timeline reads that key: the
/// key's id if it does, and whether the value is text.
fn field(scan: &mut Scan<'_>, facts: &mut V2Facts, target: Option<Target>) -> Scanned<(Option<usize>, bool)> {
    let value = scalar(scan)?;
    let text = matches!(value, Scalar::Text(_));
    if let Some(target) = target {
        facts.take(target, &value);
    }
    Ok((target.map(Target::key_id), text))
}

/// The payload: its fields, legs and message data. Anything but an object is not
/// read, as the serde reader does not read it.
fn payload_of(scan: &mut Scan<'_>, facts: &mut V2Facts) -> Scanned<()> {
    if scan.byte() != Some(b'{') {
        return scan.skip();
    }
    scan.object(|scan, key| match key {
        "legs" => legs(scan, facts).map(|()| Some(LEGS)),
        "data" => data(scan, facts).map(|()| Some(DATA)),
        _ => field(scan, facts, Target::of_payload_key(key)).map(|(id, _)| id),
    })
}

fn legs(scan: &mut Scan<'_>, facts: &mut V2Facts) -> Scanned<()> {
    if scan.byte() != Some(b'[') {
        return scan.skip();
    }
    scan.array(|scan, leg| {
        if scan.byte() != Some(b'{') {
            return scan.skip();
        }
        scan.object(|scan, key| {
            if key == "agent" {
                if scan.byte() != Some(b'{') {
                    return scan.skip().map(|()| Some(AGENT));
                }
                return scan
                    .object(|scan, key| field(scan, facts, Target::of_agent_key(key, leg)).map(|(id, _)| id))
                    .map(|()| Some(AGENT));
            }
            field(scan, facts, Target::of_leg_key(key, leg)).map(|(id, _)| id)
        })
    })
}

/// `payload.data`: only `context.link` is read.
fn data(scan: &mut Scan<'_>, facts: &mut V2Facts) -> Scanned<()> {
    if scan.byte() != Some(b'{') {
        return scan.skip();
    }
    scan.object(|scan, key| {
        if key != "context" {
            return scan.skip().map(|()| None);
        }
        if scan.byte() != Some(b'{') {
            return scan.skip().map(|()| Some(CONTEXT));
        }
        scan.object(|scan, key| {
            if key != "link" {
                return scan.skip().map(|()| None);
            }
            let value = scalar(scan)?;
            facts.take(Target::Event(Field::MediaLink), &value);
            Ok(Some(LINK))
        })
        .map(|()| Some(CONTEXT))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::v2::{FIELDS, LEG_FIELDS};

    /// Keys the timeline reads that may meet in one object have distinct ids, so
    /// that a record with all of them is still the scan's, and a key sent twice is
    /// not.
    #[test]
    fn the_keys_read_have_distinct_ids() {
        let ids = FIELDS.iter().map(|&(id, _)| id);
        let leg_ids = LEG_FIELDS.iter().map(|&(id, _)| id);
        let envelope = ids.clone().filter(|f| !f.starts_with("payload."));
        let payload = ids.filter_map(|f| f.strip_prefix("payload."));
        let id = |target: Option<Target>, key: &str| target.unwrap_or_else(|| panic!("{key}")).key_id();
        let levels: [Vec<usize>; 4] = [
            envelope
                .map(|k| id(Target::of_envelope_key(k), k))
                .chain([PAYLOAD])
                .collect(),
            payload
                .filter(|k| !matches!(*k, "legs" | "data") && !k.contains(['.', '[']))
                .map(|k| id(Target::of_payload_key(k), k))
                .chain([LEGS, DATA])
                .collect(),
            leg_ids
                .clone()
                .filter(|k| !k.starts_with("agent."))
                .map(|k| id(Target::of_leg_key(k, 0), k))
                .chain([AGENT])
                .collect(),
            leg_ids
                .filter_map(|f| f.strip_prefix("agent."))
                .map(|k| id(Target::of_agent_key(k, 0), k))
                .collect(),
        ];
        for level in levels {
            let mut distinct = level.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), level.len(), "{level:?}");
            assert!(level.iter().all(|&i| i < crate::timeline::scan::KEY_IDS));
        }
        assert_ne!(CONTEXT, LINK);
    }
}
