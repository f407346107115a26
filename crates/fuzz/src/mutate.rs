//! Mutations and generators: byte-level edits, JSON-aware edits of parsed values, and
//! grammar-based generators for header lists, `Link` values, query strings and error responses.

use serde_json::{Map, Number, Value};

use crate::rng::Rng;

/// Inputs never grow past this many bytes (bigger ones are truncated), so each stays cheap.
pub const MAX_INPUT: usize = 64 * 1024;

/// Numbers at the edges of every integer and float type, and things that are almost numbers.
pub const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "-0",
    "255",
    "256",
    "65535",
    "65536",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4000000000",
    "4294967295",
    "4294967296",
    "9007199254740993",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "99999999999999999999999999999999999999999999",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e309",
    "5e-324",
    "1e-400",
    "0.5",
    "1.0",
    "1E2",
    "00",
    "+5",
    " 7 ",
    "0x10",
    "1_000",
    "\u{0663}",
    "NaN",
    "Infinity",
    "",
];

/// Strings that mean something to some parser.
pub const STRINGS: &[&str] = &[
    "",
    " ",
    "2024-06-01T12:00:00Z",
    "2024-06-01T12:00:00.123456789+14:00",
    "2024-06-01T12:00:00.1234567891234-23:59",
    "+262142-12-31T23:59:59Z",
    "-262143-01-01T00:00:00Z",
    "+262143-12-31T23:59:59.999999999-23:59",
    "9999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "2024-02-30T25:61:61Z",
    "2024-06-01",
    "1970-01-01T00:00:00Z",
    "https://gitlab.example.com/group/project/-/pipelines/1",
    "https://gitlab.example.com/pipelines/",
    "https://api.github.com/repos/o/r",
    "https://api.github.com/repos/",
    "https://ghe.example/api/v3/repos/o/r",
    "HTTPS://X",
    "http://",
    "https://@:",
    "https://x\\y",
    "https://x y",
    "javascript:alert(1)",
    "//x",
    "/repos/",
    "/pipelines/",
    "review/app",
    "review/",
    "/",
    "created",
    "running",
    "success",
    "failed",
    "canceled",
    "skipped",
    "blocked",
    "in_progress",
    "queued",
    "pending",
    "inactive",
    "error",
    "failure",
    "approved",
    "rejected",
    "User",
    "Team",
    "wait_timer",
    "required_reviewers",
    "branch_policy",
    "production",
    "staging",
    "available",
    "stopped",
    "gitlab",
    "github",
    "\u{0}",
    "\u{202e}\u{ff}\u{1d11e}",
    "\u{feff}",
    "e\u{301}",
    "#18446744073709551615",
    "#",
    "rate limit",
    "API rate limit exceeded",
    "<html>",
    "400 Bad request - x",
    "401",
    "404 Not found - ",
];

/// Keys of the payload models and of `config.json`, so edits often hit a real field.
pub const KEYS: &[&str] = &[
    "id",
    "iid",
    "ref",
    "sha",
    "tag",
    "status",
    "state",
    "created_at",
    "updated_at",
    "finished_at",
    "started_at",
    "auto_stop_at",
    "duration",
    "user",
    "username",
    "login",
    "name",
    "title",
    "environment",
    "environments",
    "deployable",
    "pipeline",
    "commit",
    "web_url",
    "html_url",
    "external_url",
    "repository_url",
    "log_url",
    "target_url",
    "environment_url",
    "last_deployment",
    "tier",
    "approvals",
    "approval_summary",
    "rules",
    "required_approvals",
    "deployment_approvals",
    "pending_approval_count",
    "protection_rules",
    "reviewers",
    "reviewer",
    "type",
    "wait_timer",
    "payload",
    "message",
    "errors",
    "error",
    "error_description",
    "documentation_url",
    "field",
    "code",
    "resource",
    "base",
    "sources",
    "users",
    "kind",
    "api_url",
    "token",
    "projects",
    "repos",
    "source",
    "total_count",
];

/// Short byte sequences that upset parsers: JSON punctuation and escapes, header and query
/// syntax, invalid UTF-8.
const TOKENS: &[&[u8]] = &[
    b"null",
    b"true",
    b"false",
    b"\"\"",
    b"[]",
    b"{}",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b":",
    b"\"",
    b"\\",
    b"\\u0000",
    b"\"\\ud800\"",
    b"\"\\udc00\\ud800\"",
    b"\\uD83D\\uDE00",
    b"\"\\u0000\"",
    b"1e999",
    b"-",
    b".",
    b"<",
    b">",
    b";",
    b"rel=",
    b"rel=\"next\"",
    b"rel=\"last\"",
    b"page=",
    b"per_page=",
    b"%",
    b"%ff",
    b"%E2%82",
    b"+",
    b"&",
    b"=",
    b"?",
    b"#",
    b"\r\n",
    b"\n",
    b"\t",
    b" ",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc0\x80",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xe2\x80\xae",
    b"\xf0\x9d\x84\x9e",
];

fn random_string(rng: &mut Rng) -> String {
    match rng.below(6) {
        0..=2 => (*rng.pick(STRINGS)).to_owned(),
        3 => (*rng.pick(NUMBERS)).to_owned(),
        4 => {
            // Long text: many copies of one character.
            let c = *rng.pick(&['a', ' ', '/', '\u{e9}', '\u{1f600}', '"', '\\', '<']);
            let n = if rng.one_in(16) {
                rng.range(4096, 40_000)
            } else {
                rng.range(1, 400)
            };
            std::iter::repeat_n(c, n).collect()
        }
        _ => {
            // Random code points (any scalar value).
            let n = rng.below(12);
            (0..n)
                .map(|_| {
                    let cp = match rng.below(4) {
                        0 => rng.below(0x80) as u32,
                        1 => rng.below(0x800) as u32,
                        2 => rng.below(0x1_0000) as u32,
                        _ => rng.below(0x11_0000) as u32,
                    };
                    char::from_u32(cp).unwrap_or('\u{fffd}')
                })
                .collect()
        }
    }
}

fn random_number(rng: &mut Rng) -> Value {
    match rng.below(5) {
        0 => Value::from(rng.next_u64()),
        1 => Value::from(rng.next_u64() as i64),
        2 => Value::from(rng.below(1000) as u64),
        3 => Number::from_f64(f64::from_bits(rng.next_u64())).map_or(Value::Null, Value::Number),
        _ => {
            let text = *rng.pick(NUMBERS);
            serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::from(u64::MAX))
        }
    }
}

/// A random leaf value of any JSON type.
pub fn random_leaf(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 | 3 => random_number(rng),
        _ => Value::String(random_string(rng)),
    }
}

/// A random JSON value, at most `depth` containers deep.
pub fn random_value(rng: &mut Rng, depth: usize) -> Value {
    if depth == 0 || rng.one_in(2) {
        return random_leaf(rng);
    }
    let n = rng.below(5);
    if rng.one_in(2) {
        Value::Array((0..n).map(|_| random_value(rng, depth - 1)).collect())
    } else {
        let mut map = Map::new();
        for _ in 0..n {
            map.insert(random_key(rng), random_value(rng, depth - 1));
        }
        Value::Object(map)
    }
}

fn random_key(rng: &mut Rng) -> String {
    if rng.one_in(8) {
        random_string(rng)
    } else {
        (*rng.pick(KEYS)).to_owned()
    }
}

fn children(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        _ => 0,
    }
}

fn child(v: &mut Value, i: usize) -> &mut Value {
    match v {
        Value::Array(a) => &mut a[i],
        Value::Object(o) => o.values_mut().nth(i).expect("index below the length"),
        _ => unreachable!("leaves have no children"),
    }
}

/// A random node: a random walk from the root that stops with probability 1/3 at each level.
fn random_node<'a>(rng: &mut Rng, mut v: &'a mut Value) -> &'a mut Value {
    loop {
        let n = children(v);
        if n == 0 || rng.one_in(3) {
            return v;
        }
        let i = rng.below(n);
        v = child(v, i);
    }
}

/// A random container node (the root when nothing else qualifies), for removing and adding.
fn random_container<'a>(rng: &mut Rng, v: &'a mut Value) -> &'a mut Value {
    let mut here = v;
    loop {
        let n = children(here);
        if n == 0 || rng.one_in(3) {
            return here;
        }
        let i = rng.below(n);
        if children(child(here, i)) == 0 {
            return here;
        }
        here = child(here, i);
    }
}

/// One JSON-aware edit of `v`.
pub fn mutate_value(rng: &mut Rng, v: &mut Value) {
    match rng.below(11) {
        // Another type, or another value of the same type.
        0 | 1 => *random_node(rng, v) = random_leaf(rng),
        2 => *random_node(rng, v) = random_value(rng, 3),
        // Remove a key or an element.
        3 => {
            let c = random_container(rng, v);
            let n = children(c);
            if n > 0 {
                let i = rng.below(n);
                match c {
                    Value::Array(a) => drop(a.remove(i)),
                    Value::Object(o) => {
                        let key = o.keys().nth(i).cloned().expect("index below the length");
                        o.remove(&key);
                    }
                    _ => {}
                }
            }
        }
        // Copy a node somewhere else (possibly under another key).
        4 => {
            let copy = random_node(rng, v).clone();
            let key = random_key(rng);
            match random_container(rng, v) {
                Value::Array(a) => a.insert(rng.below(a.len() + 1), copy),
                Value::Object(o) => drop(o.insert(key, copy)),
                other => *other = copy,
            }
        }
        // Nest: wrap a node in up to 140 arrays or objects (serde_json stops at 128).
        5 => {
            let node = random_node(rng, v);
            let depth = if rng.one_in(4) {
                rng.range(120, 140)
            } else {
                rng.range(1, 8)
            };
            let mut inner = std::mem::take(node);
            for _ in 0..depth {
                inner = if rng.one_in(2) {
                    Value::Array(vec![inner])
                } else {
                    let mut m = Map::new();
                    m.insert(random_key(rng), inner);
                    Value::Object(m)
                };
            }
            *node = inner;
        }
        // Extreme numbers where numbers are.
        6 => {
            let node = random_node(rng, v);
            *node = random_number(rng);
        }
        // Long or odd strings where strings are.
        7 => {
            let node = random_node(rng, v);
            *node = Value::String(random_string(rng));
        }
        // Rename a key.
        8 => {
            if let Value::Object(o) = random_container(rng, v) {
                if !o.is_empty() {
                    let i = rng.below(o.len());
                    let key = o.keys().nth(i).cloned().expect("index below the length");
                    let value = o.remove(&key).expect("present");
                    let new_key = match rng.below(3) {
                        0 => key.to_uppercase(),
                        1 => format!("{key} "),
                        _ => random_key(rng),
                    };
                    o.insert(new_key, value);
                }
            }
        }
        // Grow a list (long pages) or shrink it.
        9 => {
            if let Value::Array(a) = random_container(rng, v) {
                if !a.is_empty() {
                    if rng.one_in(2) {
                        let item = a[rng.below(a.len())].clone();
                        let n = rng.range(1, 60);
                        a.extend(std::iter::repeat_n(item, n));
                    } else {
                        a.truncate(rng.below(a.len()));
                    }
                }
            }
        }
        // Splice in a random sub-tree of a fresh random value.
        _ => *random_node(rng, v) = random_value(rng, 5),
    }
}

/// One byte-level edit of `data`; `other` is another input to splice from.
pub fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    let len = data.len();
    match rng.below(12) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            data[i] = rng.next_u64() as u8;
        }
        2 => {
            let i = rng.below(len + 1);
            let token = *rng.pick(TOKENS);
            data.splice(i..i, token.iter().copied());
        }
        3 if len > 0 => {
            let start = rng.below(len);
            let end = (start + rng.small(64)).min(len);
            data.drain(start..end);
        }
        4 if len > 0 => {
            // Duplicate a range in place.
            let start = rng.below(len);
            let end = (start + rng.range(1, 256)).min(len);
            let piece = data[start..end].to_vec();
            let at = rng.below(len + 1);
            data.splice(at..at, piece);
        }
        5 if !other.is_empty() => {
            // Splice: a range of another input replaces a range of this one.
            let from = rng.below(other.len());
            let to = (from + rng.range(1, 512)).min(other.len());
            let start = rng.below(len + 1);
            let end = (start + rng.below(256)).min(len);
            data.splice(start..end, other[from..to].iter().copied());
        }
        6 | 7 => replace_number(rng, data),
        8 => {
            let i = rng.below(len + 1);
            let s = random_string(rng);
            data.splice(i..i, s.into_bytes());
        }
        9 if len > 0 => data.truncate(rng.below(len)),
        10 => {
            // A JSON string literal (quoted, escaped) somewhere.
            let i = rng.below(len + 1);
            let s = Value::String(random_string(rng)).to_string();
            data.splice(i..i, s.into_bytes());
        }
        _ => {
            let i = rng.below(len + 1);
            let b = rng.next_u64() as u8;
            data.insert(i, b);
        }
    }
    data.truncate(MAX_INPUT);
}

/// Replaces the number nearest after a random position with an extreme one.
fn replace_number(rng: &mut Rng, data: &mut Vec<u8>) {
    let start = rng.below(data.len() + 1);
    let Some(first) = data[start..]
        .iter()
        .position(|b| b.is_ascii_digit())
        .map(|p| start + p)
    else {
        let at = rng.below(data.len() + 1);
        data.splice(at..at, rng.pick(NUMBERS).bytes());
        return;
    };
    let in_number = |b: &u8| matches!(b, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-');
    let begin = data[..first]
        .iter()
        .rposition(|b| !in_number(b))
        .map_or(0, |p| p + 1);
    let end = data[first..]
        .iter()
        .position(|b| !in_number(b))
        .map_or(data.len(), |p| first + p);
    let number = *rng.pick(NUMBERS);
    data.splice(begin..end, number.bytes());
}

/// Header names the parsers read, in odd spellings, and others.
pub const HEADER_NAMES: &[&str] = &[
    "x-page",
    "X-Page",
    "x-per-page",
    "X-PER-PAGE",
    "x-total",
    "x-total-pages",
    "x-next-page",
    "x-prev-page",
    "link",
    "Link",
    "retry-after",
    "Retry-After",
    "x-ratelimit-remaining",
    "X-RateLimit-Remaining",
    "x-ratelimit-reset",
    "content-type",
    "",
    " x-page",
];

const HTTP_DATES: &[&str] = &[
    "Wed, 21 Oct 2015 07:28:00 GMT",
    "Sat, 01 Jun 2024 12:00:10 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Mon, 01 Jan 0001 00:00:00 +2359",
    "Tue, 31 Feb 2024 00:00:00 GMT",
    "Thu, 01 Jan 1970 00:00:00 -2359",
];

const SEPARATORS: &[&str] = &[", ", ",", " ,  ", ""];

const RELS: &[&str] = &[
    "next",
    "prev",
    "previous",
    "first",
    "last",
    "NEXT last",
    "next\tprev",
    "",
    "\"",
    " ",
    "nofollow",
];

/// A `Link` header value: well-formed links with odd URLs and rels, or near misses.
pub fn link_value(rng: &mut Rng) -> String {
    let n = rng.below(5);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push_str(rng.pick::<&str>(SEPARATORS));
        }
        let url = match rng.below(3) {
            0 => format!(
                "https://x/api?page={}&per_page={}",
                rng.pick(NUMBERS),
                rng.pick(NUMBERS)
            ),
            1 => format!("https://x/?per_page=1&page={}#page=2", rng.pick(NUMBERS)),
            _ => random_string(rng),
        };
        let rel = if rng.one_in(5) {
            random_string(rng)
        } else {
            (*rng.pick(RELS)).to_owned()
        };
        match rng.below(5) {
            0 => out.push_str(&format!("<{url}>; rel={rel}")),
            1 => out.push_str(&format!("<{url}>;REL=\"{rel}\";title=\"<x>\"")),
            2 => out.push_str(&format!("<{url}; rel=\"{rel}\"")),
            _ => out.push_str(&format!("<{url}>; rel=\"{rel}\"")),
        }
    }
    out
}

/// A header value: an extreme number, a date, a link, or anything.
pub fn header_value(rng: &mut Rng) -> String {
    match rng.below(8) {
        0..=2 => (*rng.pick(NUMBERS)).to_owned(),
        3 => rng.next_u64().to_string(),
        4 => (rng.next_u64() as i64).to_string(),
        5 => (*rng.pick(HTTP_DATES)).to_owned(),
        6 => link_value(rng),
        _ => random_string(rng),
    }
}

/// A header list as the harness reads it: `name: value` lines.
pub fn header_lines(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(10) {
        let name = if rng.one_in(10) {
            random_string(rng)
        } else {
            (*rng.pick(HEADER_NAMES)).to_owned()
        };
        let value = header_value(rng);
        out.push_str(&format!("{name}: {value}\n"));
    }
    out
}

/// Statuses with a meaning, and others.
const STATUSES: &[u16] = &[
    0, 100, 200, 201, 204, 299, 300, 304, 400, 401, 403, 404, 405, 409, 410, 422, 429, 500, 501,
    502, 503, 504, 505, 599, 600, 999, 65535,
];

/// An error response as the harness reads it: `status`, header lines, a blank line, the body.
pub fn error_response(rng: &mut Rng, body_seed: &[u8]) -> Vec<u8> {
    let status = if rng.one_in(6) {
        rng.below(1000) as u16
    } else {
        *rng.pick(STATUSES)
    };
    let mut out = format!("{status}\n{}\n", header_lines(rng)).into_bytes();
    let body = match rng.below(4) {
        0 => error_body(rng).into_bytes(),
        1 => random_value(rng, 3).to_string().into_bytes(),
        2 => random_string(rng).into_bytes(),
        _ => {
            let mut b = body_seed.to_vec();
            for _ in 0..rng.small(4) {
                mutate_bytes(rng, &mut b, &[]);
            }
            b
        }
    };
    out.extend(body);
    out
}

/// An error body in one of the forges' shapes, with random parts.
fn error_body(rng: &mut Rng) -> String {
    let mut o = Map::new();
    let message = match rng.below(4) {
        0 => Value::String(random_string(rng)),
        1 => {
            let mut fields = Map::new();
            for _ in 0..rng.below(4) {
                let key = if rng.one_in(3) {
                    (*rng.pick(&["error", "base"])).to_owned()
                } else {
                    random_key(rng)
                };
                fields.insert(key, random_value(rng, 2));
            }
            Value::Object(fields)
        }
        2 => Value::Array((0..rng.below(4)).map(|_| random_value(rng, 2)).collect()),
        _ => random_value(rng, 2),
    };
    o.insert("message".into(), message);
    if rng.one_in(2) {
        let errors = (0..rng.below(4))
            .map(|_| {
                if rng.one_in(3) {
                    return random_leaf(rng);
                }
                let mut e = Map::new();
                for key in ["resource", "field", "code", "message"] {
                    if rng.one_in(2) {
                        let v = match key {
                            "code" => Value::from(*rng.pick(&[
                                "missing",
                                "missing_field",
                                "invalid",
                                "already_exists",
                                "unprocessable",
                                "custom_thing",
                            ])),
                            _ => random_leaf(rng),
                        };
                        e.insert(key.into(), v);
                    }
                }
                Value::Object(e)
            })
            .collect();
        o.insert("errors".into(), Value::Array(errors));
    }
    if rng.one_in(3) {
        o.insert("error".into(), random_leaf(rng));
        o.insert("error_description".into(), random_leaf(rng));
    }
    if rng.one_in(3) {
        o.insert(
            "documentation_url".into(),
            Value::String(random_string(rng)),
        );
    }
    Value::Object(o).to_string()
}

/// Parameter names the route reads, plus unknown and encoded ones.
const ROUTE_NAMES: &[&str] = &[
    "source",
    "project",
    "view",
    "q",
    "page",
    "per_page",
    "deployment",
    "col",
    "dir",
    "status",
    "environment",
    "order_by",
    "sort",
    "updated_after",
    "updated_before",
    "finished_after",
    "finished_before",
    "ref",
    "sha",
    "task",
    "states",
    "search",
    "name",
    "sta%74us",
    "q+",
    "unknown",
    "",
];

const ROUTE_VALUES: &[&str] = &[
    "%",
    "%z",
    "%zz",
    "%ff%fe",
    "%00",
    "+",
    "%2B",
    "%20x%20",
    "a=b",
    "%E2%82",
    "deployments",
    "environments",
    "approvals",
    "settings",
    "id",
    "iid",
    "created_at",
    "updated_at",
    "finished_at",
    "asc",
    "desc",
    "status",
    "duration",
    "2026-11-01",
    "2026-11-01T00:00:00Z",
];

/// A query string: known parameters with odd values, unknown ones, near misses.
pub fn route_query(rng: &mut Rng) -> String {
    let mut parts = Vec::new();
    for _ in 0..rng.below(9) {
        let name = if rng.one_in(8) {
            random_string(rng)
        } else {
            (*rng.pick(ROUTE_NAMES)).to_owned()
        };
        let value = match rng.below(5) {
            0 => (*rng.pick(NUMBERS)).to_owned(),
            1 => (*rng.pick(STRINGS)).to_owned(),
            2 | 3 => (*rng.pick(ROUTE_VALUES)).to_owned(),
            _ => random_string(rng),
        };
        parts.push(if rng.one_in(10) {
            name
        } else {
            format!("{name}={value}")
        });
    }
    let prefix = *rng.pick(&["?", "", "??", "&"]);
    format!("{prefix}{}", parts.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_keep_inputs_bounded_and_values_valid() {
        let mut rng = Rng::new(1);
        let mut value: Value = serde_json::from_str(r#"{"a":[1,{"b":"c"}],"d":null}"#).unwrap();
        let mut bytes = value.to_string().into_bytes();
        for _ in 0..2000 {
            mutate_value(&mut rng, &mut value);
            if value.to_string().len() > MAX_INPUT {
                value = Value::Null;
            }
            mutate_bytes(&mut rng, &mut bytes, b"{\"x\":1}");
            assert!(bytes.len() <= MAX_INPUT);
        }
        for _ in 0..200 {
            let _ = (
                link_value(&mut rng),
                header_lines(&mut rng),
                route_query(&mut rng),
            );
            let _ = error_response(&mut rng, b"{}");
        }
    }

    #[test]
    fn replace_number_swaps_a_whole_number() {
        let mut rng = Rng::new(3);
        for _ in 0..50 {
            let mut data = b"{\"id\":-12.5e3}".to_vec();
            replace_number(&mut rng, &mut data);
            let text = String::from_utf8(data).unwrap();
            // Either the whole number was replaced, or (no number after the position) one was
            // inserted and the original is intact.
            assert!(!text.contains("12.5") || text.contains("-12.5e3"), "{text}");
        }
    }
}
