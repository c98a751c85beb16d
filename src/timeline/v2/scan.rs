//! The timeline's reader of a v2 envelope's JSON text by the shared scanner
//! (`timeline::scan`): hands the fields the timeline uses to [`V2Facts::take`] in
//! the order they come, as the serde reader (`V2Facts::from_json_by_serde`) does,
//! without its tokenising and visiting of every value. Where the scanner gives up
//! (an escape, a key the timeline reads twice, anything unusual), serde reads.

use super::{Field, Scalar, Target, V2Facts};
use crate::timeline::scan::{Scan, Scanned};

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
            return payload_of(scan, &mut facts).map(|()| true);
        }
        let (known, text) = field(scan, &mut facts, Target::of_envelope_key(key))?;
        if key == "event_type" {
            typed = text;
        }
        Ok(known)
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

/// Reads the value of a key as `target`, when the timeline reads that key: whether
/// it does, and whether the value is text.
fn field(scan: &mut Scan<'_>, facts: &mut V2Facts, target: Option<Target>) -> Scanned<(bool, bool)> {
    let value = scalar(scan)?;
    let text = matches!(value, Scalar::Text(_));
    match target {
        Some(target) => {
            facts.take(target, &value);
            Ok((true, text))
        }
        None => Ok((false, text)),
    }
}

/// The payload: its fields, legs and message data. Anything but an object is not
/// read, as the serde reader does not read it.
fn payload_of(scan: &mut Scan<'_>, facts: &mut V2Facts) -> Scanned<()> {
    if scan.byte() != Some(b'{') {
        return scan.skip();
    }
    scan.object(|scan, key| match key {
        "legs" => legs(scan, facts).map(|()| true),
        "data" => data(scan, facts).map(|()| true),
        _ => field(scan, facts, Target::of_payload_key(key)).map(|(known, _)| known),
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
                    return scan.skip().map(|()| true);
                }
                return scan
                    .object(|scan, key| field(scan, facts, Target::of_agent_key(key, leg)).map(|(known, _)| known))
                    .map(|()| true);
            }
            field(scan, facts, Target::of_leg_key(key, leg)).map(|(known, _)| known)
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
            return scan.skip().map(|()| false);
        }
        if scan.byte() != Some(b'{') {
            return scan.skip().map(|()| true);
        }
        scan.object(|scan, key| {
            if key != "link" {
                return scan.skip().map(|()| false);
            }
            let value = scalar(scan)?;
            facts.take(Target::Event(Field::MediaLink), &value);
            Ok(true)
        })
        .map(|()| true)
    })
}

#[cfg(test)]
mod tests {
    use crate::timeline::scan::signature;
    use crate::timeline::v2::{FIELDS, LEG_FIELDS};

    /// Keys the timeline reads that may meet in one object have distinct
    /// signatures, so that a record with all of them is still the scan's.
    #[test]
    fn the_keys_read_have_distinct_signatures() {
        let ids = FIELDS.iter().map(|&(id, _)| id);
        let leg_ids = LEG_FIELDS.iter().map(|&(id, _)| id);
        let envelope = ids.clone().filter(|f| !f.starts_with("payload."));
        let payload = ids.filter_map(|f| f.strip_prefix("payload."));
        for keys in [
            envelope.chain(["payload"]).collect::<Vec<_>>(),
            payload.chain(["legs", "data"]).collect(),
            leg_ids.clone().chain(["agent"]).collect(),
            leg_ids.filter_map(|f| f.strip_prefix("agent.")).collect(),
        ] {
            let mut signatures: Vec<u64> = keys.iter().map(|k| signature(k)).collect();
            signatures.sort_unstable();
            signatures.dedup();
            assert_eq!(signatures.len(), keys.len(), "{keys:?}");
        }
    }
}
