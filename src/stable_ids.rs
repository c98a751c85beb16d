//! One macro for every table of stable ids (findings, anomalies, validation rules):
//! an enum whose variants have a kebab-case id users grep for, an explanation, and,
//! where the table has them, a severity. The id strings are a public interface.

/// `stable_ids! { /// doc  pub enum Name { Variant = "id", [Severity,] "explanation"; ... } }`
macro_rules! stable_ids {
    // With a severity per id.
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = $id:literal, $severity:ident, $explain:literal;)* }) => {
        $crate::stable_ids::stable_ids! { @enum $(#[$meta])* $name { $($variant = $id, $explain;)* } }

        impl $name {
            pub fn severity(self) -> $crate::findings::Severity {
                match self { $(Self::$variant => $crate::findings::Severity::$severity),* }
            }
        }
    };
    // Without.
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = $id:literal, $explain:literal;)* }) => {
        $crate::stable_ids::stable_ids! { @enum $(#[$meta])* $name { $($variant = $id, $explain;)* } }
    };
    (@enum $(#[$meta:meta])* $name:ident { $($variant:ident = $id:literal, $explain:literal;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$(Self::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $id),* }
            }

            /// What it means and why it matters, for `--explain`, `--help` and docs/reference.md.
            pub fn explain(self) -> &'static str {
                match self { $(Self::$variant => $explain),* }
            }

            pub fn from_id(id: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == id)
            }
        }
    };
}
pub(crate) use stable_ids;

#[cfg(test)]
mod tests {
    use crate::findings::FindingId;
    use crate::timeline::anomaly::AnomalyId;
    use crate::validate::Rule;

    /// Every table's ids are unique, kebab-case, and read back to their variant.
    fn check<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        as_str: fn(T) -> &'static str,
        from_id: fn(&str) -> Option<T>,
    ) {
        let mut seen = std::collections::HashSet::new();
        for &variant in all {
            let s = as_str(variant);
            assert!(seen.insert(s), "duplicate {s}");
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{s}"
            );
            assert_eq!(from_id(s), Some(variant));
        }
    }

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        check(FindingId::ALL, FindingId::as_str, FindingId::from_id);
        check(AnomalyId::ALL, AnomalyId::as_str, AnomalyId::from_id);
        check(Rule::ALL, Rule::as_str, Rule::from_id);
    }
}
