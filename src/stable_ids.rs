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

            /// What it means and why it matters, for `--explain`, `--help` and the README.
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
