//! Live refresh: one timer for the whole app, provided as context by [`crate::App`]
//! ([`provide`]). The interval is the URL's `?refresh=N`, else the one saved in Settings, else
//! 30 s (`shipboard_core::live::interval_secs`); `0` is off. The timer stops while the tab is
//! hidden (Page Visibility) and fires at once when it is shown again (the state machine is
//! `shipboard_core::live::Pacer`). Each firing bumps [`use_tick`]; the views re-read what they
//! show quietly and merge it in (see each page), so scroll, an open drawer, a running "load all"
//! and anything typed stay. The timer and the `visibilitychange` listener end with the owner.

use std::collections::HashSet;
use std::hash::Hash;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use shipboard_core::live::{interval_secs, Arm, Event, Pacer};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::state::use_state;
use crate::storage;

/// How long a new or changed row or card stays highlighted (the CSS fade takes as long).
pub const HIGHLIGHT_MS: u64 = 4_000;

/// The interval to use when neither the URL nor Settings gives one (seconds, `0` = off): the
/// `refresh` attribute of `<shipboard-dashboard>`, provided as context by `crate::embed`.
#[derive(Clone, Copy, Debug)]
pub struct DefaultSecs(pub u32);

/// The live refresh state shared by every view.
#[derive(Clone, Copy)]
pub struct Live {
    tick: RwSignal<u64>,
    /// The interval saved in Settings (seconds, `0` = off); `None` = the default.
    pub setting: RwSignal<Option<u32>>,
    /// The interval in force (seconds, `0` = off).
    pub secs: Memo<u32>,
    pacer: StoredValue<Pacer>,
    timer: StoredValue<Option<IntervalHandle>>,
}

fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

impl Live {
    /// Feeds one event to the state machine and does what it says.
    fn handle(self, event: Event) {
        let Some(step) = self.pacer.try_update_value(|p| p.on(event)) else {
            return;
        };
        match step.arm {
            Arm::Keep => {}
            Arm::Stop => self.stop(),
            Arm::Every(secs) => {
                self.stop();
                let every = std::time::Duration::from_secs(u64::from(secs));
                if let Ok(handle) =
                    set_interval_with_handle(move || self.handle(Event::Timer), every)
                {
                    self.timer.try_set_value(Some(handle));
                }
            }
        }
        if step.refresh {
            self.tick.try_update(|n| *n = n.wrapping_add(1));
        }
    }

    fn stop(self) {
        if let Some(Some(handle)) = self.timer.try_update_value(Option::take) {
            handle.clear();
        }
    }
}

/// Starts the live refresh for the app (call once, in [`crate::App`], after the state is
/// provided) and provides it as context; everything stops when the owner is cleaned up.
pub fn provide() {
    let state = use_state();
    let setting = RwSignal::new(storage::load_refresh());
    // An embedder's default (`<shipboard-dashboard refresh>`) comes after the URL and Settings.
    let fallback = use_context::<DefaultSecs>().map(|d| d.0);
    let secs = Memo::new(move |_| {
        interval_secs(state.route.with(|r| r.refresh), setting.get().or(fallback))
    });
    let live = Live {
        tick: RwSignal::new(0),
        setting,
        secs,
        pacer: StoredValue::new(Pacer::new(hidden())),
        timer: StoredValue::new(None),
    };
    provide_context(live);
    Effect::new(move |_| live.handle(Event::Interval(secs.get())));
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(document) = document {
        let listener = Closure::<dyn Fn()>::new(move || {
            live.handle(if hidden() {
                Event::Hidden
            } else {
                Event::Shown
            })
        });
        let target: &web_sys::EventTarget = document.as_ref();
        let _ = target.add_event_listener_with_callback(
            "visibilitychange",
            listener.as_ref().unchecked_ref(),
        );
        let kept = SendWrapper::new((document, listener));
        on_cleanup(move || {
            let (document, listener) = &*kept;
            let target: &web_sys::EventTarget = document.as_ref();
            let _ = target.remove_event_listener_with_callback(
                "visibilitychange",
                listener.as_ref().unchecked_ref(),
            );
        });
    }
    on_cleanup(move || live.stop());
}

/// The live refresh provided by [`provide`].
pub fn use_live() -> Live {
    expect_context::<Live>()
}

/// Bumped on each live refresh (starts at 0): a view re-reads what it shows when it changes.
pub fn use_tick() -> Signal<u64> {
    let live = use_live();
    live.tick.into()
}

/// The ids a quiet refresh found new or changed, highlighted for [`HIGHLIGHT_MS`] (then cleared,
/// unless a later refresh marked them again).
pub struct Changed<K: Send + Sync + 'static> {
    ids: RwSignal<HashSet<K>>,
    round: StoredValue<u64>,
}

impl<K: Send + Sync + 'static> Clone for Changed<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Send + Sync + 'static> Copy for Changed<K> {}

impl<K: Eq + Hash + Clone + Send + Sync + 'static> Changed<K> {
    /// An empty set, owned by the current owner.
    pub fn new() -> Changed<K> {
        Changed {
            ids: RwSignal::new(HashSet::new()),
            round: StoredValue::new(0),
        }
    }

    /// Highlights `ids` now and clears them after [`HIGHLIGHT_MS`].
    pub fn mark(self, ids: Vec<K>) {
        if ids.is_empty() {
            return;
        }
        let Some(round) = self.round.try_update_value(|r| {
            *r += 1;
            *r
        }) else {
            return;
        };
        self.ids.try_set(ids.into_iter().collect());
        set_timeout(
            move || {
                if self.round.try_get_value() == Some(round) {
                    self.ids.try_set(HashSet::new());
                }
            },
            std::time::Duration::from_millis(HIGHLIGHT_MS),
        );
    }

    /// Whether `id` is highlighted (tracked).
    pub fn has(self, id: &K) -> bool {
        self.ids.with(|s| s.contains(id))
    }

    /// The highlighted set, as a signal.
    pub fn signal(self) -> Signal<HashSet<K>> {
        self.ids.into()
    }
}

impl<K: Eq + Hash + Clone + Send + Sync + 'static> Default for Changed<K> {
    fn default() -> Self {
        Changed::new()
    }
}

/// Runs `refresh` on each live tick after the first render (never for the tick already there
/// when the view was created).
pub fn on_tick(refresh: impl Fn() + 'static) {
    let tick = use_tick();
    let start = tick.get_untracked();
    Effect::new(move |_| {
        let n = tick.get();
        if n != start {
            untrack(&refresh);
        }
    });
}
