//! Live refresh, the pure parts: which interval applies (`?refresh=N`, else the setting, else
//! [`DEFAULT_REFRESH_SECS`]), the timer's state machine ([`Pacer`]: paused while the tab is
//! hidden, a refresh at once when it is shown again), and the quiet merge of a re-read list into
//! what is shown ([`merge_by_id`]: rows replaced by id, new ones added at their place, the
//! changed ones named for a brief highlight).

use std::collections::HashMap;
use std::hash::Hash;

use crate::route::refresh_secs;

/// The interval when neither the URL nor the settings say (seconds).
pub const DEFAULT_REFRESH_SECS: u32 = 30;

/// The intervals Settings offers besides a number typed in (seconds; `0` = off).
pub const REFRESH_CHOICES: [u32; 5] = [0, 15, 30, 60, 300];

/// The interval in force, in seconds (`0` = off): the URL's `refresh`, else the saved setting,
/// else [`DEFAULT_REFRESH_SECS`]. Both are already bounded ([`parse_setting`], `Route`).
pub fn interval_secs(route: Option<u32>, setting: Option<u32>) -> u32 {
    route.or(setting).unwrap_or(DEFAULT_REFRESH_SECS)
}

/// A setting as typed or stored: `0` (off), or seconds clamped to 5..=86400 like `?refresh=`;
/// `None` for anything that is not a number.
pub fn parse_setting(text: &str) -> Option<u32> {
    refresh_secs(text)
}

/// What the timer should do after an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arm {
    /// Leave it as it is.
    Keep,
    /// Stop it (hidden tab, or live refresh off).
    Stop,
    /// (Re)start it to fire every this many seconds.
    Every(u32),
}

/// The outcome of one event: refresh now or not, and what to do with the timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Refresh the view now.
    pub refresh: bool,
    /// The timer.
    pub arm: Arm,
}

/// Something that happened to the live refresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The interval came (seconds, `0` = off): at start, and whenever the URL or setting changes.
    Interval(u32),
    /// The timer fired.
    Timer,
    /// The tab was hidden (`document.hidden`).
    Hidden,
    /// The tab was shown again.
    Shown,
}

/// The timer's state machine: runs only while the tab is visible and the interval is not off;
/// fires a refresh on each period and once at once when a hidden tab is shown again (then
/// counts a full period from there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pacer {
    secs: u32,
    hidden: bool,
}

impl Pacer {
    /// A pacer, off, for a tab that is `hidden` or not.
    pub fn new(hidden: bool) -> Pacer {
        Pacer { secs: 0, hidden }
    }

    /// Whether the timer should be running now.
    pub fn running(&self) -> bool {
        self.secs > 0 && !self.hidden
    }

    fn arm(&self) -> Arm {
        if self.running() {
            Arm::Every(self.secs)
        } else {
            Arm::Stop
        }
    }

    /// Handles one event.
    pub fn on(&mut self, event: Event) -> Step {
        match event {
            Event::Interval(secs) => {
                if secs == self.secs {
                    return Step {
                        refresh: false,
                        arm: Arm::Keep,
                    };
                }
                self.secs = secs;
                Step {
                    refresh: false,
                    arm: self.arm(),
                }
            }
            Event::Timer => Step {
                refresh: self.running(),
                arm: if self.running() { Arm::Keep } else { Arm::Stop },
            },
            Event::Hidden => {
                let was = self.hidden;
                self.hidden = true;
                Step {
                    refresh: false,
                    arm: if was { Arm::Keep } else { Arm::Stop },
                }
            }
            Event::Shown => {
                let was = self.hidden;
                self.hidden = false;
                if !was {
                    return Step {
                        refresh: false,
                        arm: Arm::Keep,
                    };
                }
                Step {
                    refresh: self.running(),
                    arm: self.arm(),
                }
            }
        }
    }
}

/// Merges `fresh` (a re-read of part or all of a list, in the server's order) into `old`:
/// a row whose id is already there is replaced in place; a new row is inserted before the next
/// fresh row already shown (or after the previous one, or at the start when none is). With
/// `whole`, `fresh` is everything shown (one page, a full list): rows it no longer has leave and
/// the order becomes its order. Returns the merged list and the ids of rows that are new or
/// differ from what was shown (to highlight); an unchanged re-read returns `old` as it was and
/// no id.
pub fn merge_by_id<T: Clone + PartialEq, K: Eq + Hash + Clone>(
    old: &[T],
    fresh: Vec<T>,
    id: impl Fn(&T) -> K,
    whole: bool,
) -> (Vec<T>, Vec<K>) {
    let before: HashMap<K, &T> = old.iter().map(|r| (id(r), r)).collect();
    let changed: Vec<K> = fresh
        .iter()
        .filter(|r| before.get(&id(r)).is_none_or(|o| *o != *r))
        .map(&id)
        .collect();
    if whole {
        return (fresh, changed);
    }
    let mut merged: Vec<T> = old.to_vec();
    // Replace in place, and remember where each fresh row now is.
    let mut pending: Vec<T> = Vec::new();
    let mut last_known: Option<usize> = None;
    for row in fresh {
        let key = id(&row);
        match merged.iter().position(|r| id(r) == key) {
            Some(at) => {
                // New rows seen before this known one go just before it.
                let n = pending.len();
                merged.splice(at..at, pending.drain(..));
                let at = at + n;
                merged[at] = row;
                last_known = Some(at);
            }
            None => pending.push(row),
        }
    }
    // New rows after the last known one follow it (or open the list when none was known).
    let at = last_known.map_or(0, |i| i + 1);
    merged.splice(at..at, pending);
    (merged, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_url_then_setting_then_default() {
        assert_eq!(interval_secs(None, None), DEFAULT_REFRESH_SECS);
        assert_eq!(interval_secs(None, Some(60)), 60);
        assert_eq!(interval_secs(Some(5), Some(60)), 5);
        assert_eq!(interval_secs(Some(0), Some(60)), 0);
        assert_eq!(interval_secs(None, Some(0)), 0);
        assert_eq!(parse_setting("0"), Some(0));
        assert_eq!(parse_setting("2"), Some(5));
        assert_eq!(parse_setting("90"), Some(90));
        assert_eq!(parse_setting("9999999"), Some(86_400));
        assert_eq!(parse_setting("x"), None);
        assert_eq!(parse_setting(""), None);
    }

    #[test]
    fn the_timer_runs_only_while_visible_and_on() {
        let mut p = Pacer::new(false);
        assert_eq!(
            p.on(Event::Interval(30)),
            Step {
                refresh: false,
                arm: Arm::Every(30)
            }
        );
        assert_eq!(p.on(Event::Interval(30)).arm, Arm::Keep);
        assert!(p.on(Event::Timer).refresh);
        // Hidden: the timer stops, a stray tick does nothing.
        assert_eq!(p.on(Event::Hidden).arm, Arm::Stop);
        assert_eq!(p.on(Event::Hidden).arm, Arm::Keep);
        assert!(!p.on(Event::Timer).refresh);
        // Shown again: a refresh at once and a full period from there.
        assert_eq!(
            p.on(Event::Shown),
            Step {
                refresh: true,
                arm: Arm::Every(30)
            }
        );
        // Shown while shown: nothing.
        assert_eq!(
            p.on(Event::Shown),
            Step {
                refresh: false,
                arm: Arm::Keep
            }
        );
        // A new interval restarts the timer; off stops it and nothing refreshes.
        assert_eq!(p.on(Event::Interval(5)).arm, Arm::Every(5));
        assert_eq!(p.on(Event::Interval(0)).arm, Arm::Stop);
        assert!(!p.on(Event::Timer).refresh);
        p.on(Event::Hidden);
        assert_eq!(
            p.on(Event::Shown),
            Step {
                refresh: false,
                arm: Arm::Stop
            }
        );
    }

    #[test]
    fn a_hidden_tab_starts_paused() {
        let mut p = Pacer::new(true);
        assert_eq!(p.on(Event::Interval(30)).arm, Arm::Stop);
        assert!(!p.running());
        let step = p.on(Event::Shown);
        assert!(step.refresh);
        assert_eq!(step.arm, Arm::Every(30));
    }

    fn ids(rows: &[(u64, &str)]) -> Vec<u64> {
        rows.iter().map(|r| r.0).collect()
    }

    #[test]
    fn a_whole_reread_replaces_and_names_what_changed() {
        let old = vec![(3, "a"), (2, "b"), (1, "c")];
        let fresh = vec![(4, "new"), (3, "a"), (2, "B")];
        let (merged, changed) = merge_by_id(&old, fresh.clone(), |r| r.0, true);
        assert_eq!(merged, fresh);
        assert_eq!(changed, vec![4, 2]);
        let (same, none) = merge_by_id(&old, old.clone(), |r| r.0, true);
        assert_eq!(same, old);
        assert!(none.is_empty());
    }

    #[test]
    fn a_partial_reread_keeps_the_rest_and_inserts_at_place() {
        // Everything loaded (newest first), page 1 re-read: one new on top, one changed.
        let old = vec![(5, "e"), (4, "d"), (3, "c"), (2, "b"), (1, "a")];
        let fresh = vec![(7, "g"), (6, "f"), (5, "E"), (4, "d")];
        let (merged, changed) = merge_by_id(&old, fresh, |r| r.0, false);
        assert_eq!(ids(&merged), vec![7, 6, 5, 4, 3, 2, 1]);
        assert_eq!(merged[2], (5, "E"));
        assert_eq!(changed, vec![7, 6, 5]);
        // A new row between known ones, and one after the last known one.
        let fresh = vec![(4, "d"), (35, "x"), (3, "c"), (25, "y")];
        let (merged, changed) = merge_by_id(&old, fresh, |r| r.0, false);
        assert_eq!(ids(&merged), vec![5, 4, 35, 3, 25, 2, 1]);
        assert_eq!(changed, vec![35, 25]);
        // Nothing known: the new rows open the list.
        let (merged, _) = merge_by_id(&old, vec![(9, "z")], |r| r.0, false);
        assert_eq!(ids(&merged), vec![9, 5, 4, 3, 2, 1]);
        // Unchanged: the same list, nothing to highlight.
        let (merged, changed) = merge_by_id(&old, old[..2].to_vec(), |r| r.0, false);
        assert_eq!(merged, old);
        assert!(changed.is_empty());
    }
}
