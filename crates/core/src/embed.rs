//! Shipboard inside a host page (`<shipboard-dashboard param-prefix="sb_">`): which of the page's
//! query parameters are Shipboard's ([`ours`]), and the page's query with Shipboard's replaced
//! and every other parameter kept byte for byte, in its place ([`merge`]).
//!
//! With a prefix (`sb_`), Shipboard's parameters are exactly those whose (decoded) name starts
//! with it: `sb_view=deployments` is the route's `view`. With no prefix, they are the names the
//! route reads ([`is_route_param`]) and everything else is the host's.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::route::FILTER_NAMES;

/// What stays literal in a parameter name we write (the prefix and the route's names).
const NAME: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The route's own parameter names besides the server-side filters ([`FILTER_NAMES`]), and
/// `theme` (read once at load by the app).
const ROUTE_PARAMS: [&str; 13] = [
    "source",
    "project",
    "view",
    "q",
    "page",
    "per_page",
    "deployment",
    "col",
    "dir",
    "days",
    "refresh",
    "by",
    "theme",
];

/// Whether `name` (decoded) is a parameter the route reads.
pub fn is_route_param(name: &str) -> bool {
    ROUTE_PARAMS.contains(&name) || FILTER_NAMES.contains(&name)
}

fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

fn pairs(query: &str) -> impl Iterator<Item = &str> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query.split('&').filter(|_| !query.is_empty())
}

/// The route's name for the raw pair `pair` when it is Shipboard's, else `None` (the host's).
fn our_name(pair: &str, prefix: &str) -> Option<String> {
    if pair.is_empty() {
        return None;
    }
    let raw_name = pair.split_once('=').map_or(pair, |(n, _)| n);
    let name = decode(raw_name);
    if prefix.is_empty() {
        is_route_param(&name).then_some(name)
    } else {
        name.strip_prefix(prefix)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
    }
}

/// Shipboard's parameters of the page's query `query` (with or without `?`), prefix removed and
/// values as they were: the query string `Route::from_query` reads (empty when there are none).
pub fn ours(query: &str, prefix: &str) -> String {
    let mine: Vec<String> = pairs(query)
        .filter_map(|pair| {
            let name = our_name(pair, prefix)?;
            let value = pair.split_once('=').map(|(_, v)| v);
            let name = utf8_percent_encode(&name, NAME).to_string();
            Some(match value {
                Some(v) => format!("{name}={v}"),
                None => name,
            })
        })
        .collect();
    if mine.is_empty() {
        String::new()
    } else {
        format!("?{}", mine.join("&"))
    }
}

/// The page's query `current` with Shipboard's parameters replaced by `route_query` (a route's
/// `to_query()`, names without the prefix), each named with `prefix`. Every other parameter stays
/// exactly as it was (bytes and order); Shipboard's go where its first one was, else at the end.
/// Returns `?…`, or an empty string when nothing is left.
pub fn merge(current: &str, prefix: &str, route_query: &str) -> String {
    let prefix = utf8_percent_encode(prefix, NAME).to_string();
    let new: Vec<String> = pairs(route_query)
        .filter(|p| !p.is_empty())
        .map(|p| format!("{prefix}{p}"))
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut placed = false;
    for pair in pairs(current) {
        if our_name(pair, &decode(&prefix)).is_some() {
            if !placed {
                out.extend(new.iter().cloned());
                placed = true;
            }
        } else {
            out.push(pair.to_owned());
        }
    }
    if !placed {
        out.extend(new);
    }
    if out.is_empty() {
        String::new()
    } else {
        format!("?{}", out.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Sort, SortDir, SortKey};
    use crate::route::Route;

    #[test]
    fn ours_takes_only_prefixed_names_and_strips_the_prefix() {
        let q = "?tab=ops&sb_view=deployments&sb_status=failed&view=host&sb_q=a%20b&x";
        assert_eq!(ours(q, "sb_"), "?view=deployments&status=failed&q=a%20b");
        let route = Route::from_query(&ours(q, "sb_"));
        assert_eq!(route.q, "a b");
        assert_eq!(route.filter("status"), Some("failed"));
        assert_eq!(ours("?tab=ops", "sb_"), "");
        assert_eq!(ours("", "sb_"), "");
        // A bare prefix is nobody's name.
        assert_eq!(ours("?sb_=1", "sb_"), "");
        // Encoded names are compared decoded.
        assert_eq!(ours("?sb%5Fview=approvals", "sb_"), "?view=approvals");
    }

    #[test]
    fn without_a_prefix_ours_are_the_routes_names() {
        let q = "?tab=ops&view=approvals&status=failed&theme=dark&other=1";
        assert_eq!(ours(q, ""), "?view=approvals&status=failed&theme=dark");
        assert_eq!(
            merge(q, "", "?view=deployments&q=x"),
            "?tab=ops&view=deployments&q=x&other=1"
        );
    }

    #[test]
    fn merge_keeps_every_host_parameter_exactly_and_in_place() {
        let current = "?tab=ops&sb_view=environments&a=%41+b&sb_q=old&&flag&z=1";
        assert_eq!(
            merge(current, "sb_", "?view=deployments&col=status&dir=asc"),
            "?tab=ops&sb_view=deployments&sb_col=status&sb_dir=asc&a=%41+b&&flag&z=1"
        );
        // None of ours yet: appended.
        assert_eq!(
            merge("?tab=ops", "sb_", "?view=deployments"),
            "?tab=ops&sb_view=deployments"
        );
        assert_eq!(merge("", "sb_", "?view=overview"), "?sb_view=overview");
        assert_eq!(merge("?sb_view=x", "sb_", ""), "");
        // Round trip: what merge writes, ours reads back.
        let route = Route {
            view: crate::route::View::Deployments,
            q: "fix & test".into(),
            filters: vec![("status".into(), "failed".into())],
            sort: Some(Sort {
                key: SortKey::Status,
                dir: SortDir::Desc,
            }),
            deployment: Some(7),
            ..Route::from_query("")
        };
        let merged = merge("?tab=ops", "sb_", &route.to_query());
        assert!(merged.starts_with("?tab=ops&sb_"), "{merged}");
        assert_eq!(Route::from_query(&ours(&merged, "sb_")), route);
    }

    #[test]
    fn a_prefix_with_other_characters_is_encoded_and_read_back() {
        let merged = merge("?tab=ops", "sb:", "?view=approvals");
        assert_eq!(merged, "?tab=ops&sb%3Aview=approvals");
        assert_eq!(ours(&merged, "sb:"), "?view=approvals");
    }

    #[test]
    fn every_name_the_route_writes_is_a_route_param() {
        let route = Route::from_query(
            "?source=a&project=b&view=deployments&status=failed&environment=p&order_by=id&sort=asc\
             &updated_after=x&updated_before=y&finished_after=x&finished_before=y&ref=r&sha=s\
             &task=t&states=s&search=s&name=n&col=status&dir=desc&q=x&page=2&per_page=5\
             &deployment=3&days=7&by=activity&refresh=60",
        );
        let query = route.to_query();
        for pair in pairs(&query) {
            let name = pair.split_once('=').map_or(pair, |(n, _)| n);
            assert!(is_route_param(name), "{name} is missing from ROUTE_PARAMS");
        }
    }
}
