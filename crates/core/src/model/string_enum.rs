//! `string_enum!`: a string-valued enum that keeps unknown values as `Unknown(String)`.
//!
//! It generates the enum, `ALL`, `as_str()`, `parse()`, [`Display`](std::fmt::Display), `From<&str>`,
//! `Serialize`/`Deserialize` (as a JSON string) and the [`StringEnum`](super::StringEnum) impl.

/// Declares a string enum: `string_enum! { /// doc  pub enum Name { Variant = "text", … } }`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// Every known value, in declaration order (never `Unknown`).
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The wire text of the value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Unknown(text) => text,
                }
            }

            /// Parses wire text; text it does not know becomes `Unknown(text)`.
            pub fn parse(text: &str) -> Self {
                match text {
                    $( $text => Self::$variant, )+
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// Whether this is a value this version does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl $crate::model::StringEnum for $name {
            const ALL: &'static [Self] = $name::ALL;
            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
            fn parse(text: &str) -> Self {
                $name::parse(text)
            }
            fn is_unknown(&self) -> bool {
                $name::is_unknown(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::parse(text)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(text))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visit;
                impl ::serde::de::Visitor<'_> for Visit {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> Result<$name, E> {
                        Ok($name::parse(text))
                    }
                }
                deserializer.deserialize_str(Visit)
            }
        }
    };
}
