//! The one loader primitive every page uses for its data: a generation counter, cancellation of
//! in-flight requests when the page or its key goes away, and guarded writes into signals.
//!
//! A page creates one [`Loader`] (owned by the page's reactive owner). Each (re)load calls
//! [`Loader::next`], which aborts every request of the previous generation and returns a
//! [`Ticket`]. Spawned futures never read reactive values: they only hold a ticket and write
//! through it ([`Ticket::set`], [`Ticket::update`]), which does nothing once the ticket is stale
//! or the page is gone. When the owner is cleaned up the loader is marked dead and its requests
//! are aborted, so leaving a page mid-load cannot touch a disposed signal.
//!
//! Sub-tasks that can be cancelled on their own ("load all") take a [`Ticket::child`].

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use shipboard_core::response::ApiError;
use web_sys::{AbortController, AbortSignal};

struct Inner {
    generation: Cell<u64>,
    alive: Cell<bool>,
    controller: RefCell<Option<AbortController>>,
}

impl Inner {
    fn abort_current(&self) {
        if let Some(c) = self.controller.borrow_mut().take() {
            c.abort();
        }
    }
}

/// A page's loader; cheap to clone (all clones share one generation counter).
#[derive(Clone)]
pub struct Loader {
    inner: Rc<Inner>,
}

impl Loader {
    /// A loader owned by the current reactive owner: when that owner is cleaned up (the page
    /// goes away), every ticket becomes stale and in-flight requests are aborted.
    pub fn new() -> Loader {
        let loader = Loader {
            inner: Rc::new(Inner {
                generation: Cell::new(0),
                alive: Cell::new(true),
                controller: RefCell::new(None),
            }),
        };
        let inner = SendWrapper::new(loader.inner.clone());
        on_cleanup(move || {
            inner.alive.set(false);
            inner.abort_current();
        });
        loader
    }

    /// Starts a new generation: aborts the previous one's requests and returns its ticket.
    pub fn next(&self) -> Ticket {
        self.inner.abort_current();
        let generation = self.inner.generation.get().wrapping_add(1);
        self.inner.generation.set(generation);
        let controller = new_controller();
        let signal = controller.as_ref().map(AbortController::signal);
        *self.inner.controller.borrow_mut() = controller;
        Ticket {
            generation,
            inner: self.inner.clone(),
            signal,
            own: None,
        }
    }

    /// A ticket for more work in the current generation (e.g. loading the rest of a list).
    pub fn current(&self) -> Ticket {
        Ticket {
            generation: self.inner.generation.get(),
            inner: self.inner.clone(),
            signal: self
                .inner
                .controller
                .borrow()
                .as_ref()
                .map(AbortController::signal),
            own: None,
        }
    }

    /// Runs `work` in the background for `ticket`; it is dropped (without touching anything)
    /// if the ticket is stale when it would start.
    pub fn spawn<F>(&self, ticket: &Ticket, work: F)
    where
        F: Future<Output = ()> + 'static,
    {
        if ticket.live() {
            leptos::task::spawn_local(work);
        }
    }

    /// Like [`Loader::spawn`], but runs `work` up to its first wait before returning, so its
    /// request is sent now, while the caller goes on rendering, not after the render (a cold
    /// load's first page: the round trip then overlaps the page's first render).
    pub fn start<F>(&self, ticket: &Ticket, work: F)
    where
        F: Future<Output = ()> + 'static,
    {
        if !ticket.live() {
            return;
        }
        let mut work = Box::pin(work);
        // A poll with a waker that does nothing is sound here: every future wakes the waker of
        // its latest poll, and the task below polls it again with its own before it waits.
        let mut cx = std::task::Context::from_waker(futures::task::noop_waker_ref());
        if untrack(|| work.as_mut().poll(&mut cx)).is_pending() {
            leptos::task::spawn_local(work);
        }
    }

    /// Starts a new generation running `work` with its ticket: a re-read (e.g. after a write)
    /// that a newer one replaces and that leaving the component aborts.
    pub fn run<F>(&self, work: impl FnOnce(Ticket) -> F)
    where
        F: Future<Output = ()> + 'static,
    {
        let ticket = self.next();
        self.spawn(&ticket, work(ticket.clone()));
    }

    /// Aborts the current generation's requests (the page stays; nothing more is written).
    pub fn stop(&self) {
        self.inner.abort_current();
        self.inner
            .generation
            .set(self.inner.generation.get().wrapping_add(1));
    }
}

impl Default for Loader {
    fn default() -> Self {
        Loader::new()
    }
}

fn new_controller() -> Option<AbortController> {
    AbortController::new().ok()
}

/// Permission to write the results of one generation; stale once a newer load started, the
/// page is gone, or (for a child) it was cancelled.
#[derive(Clone)]
pub struct Ticket {
    generation: u64,
    inner: Rc<Inner>,
    /// Aborted when this ticket's generation ends (or, for a child, when it is cancelled).
    signal: Option<AbortSignal>,
    /// A child's own controller.
    own: Option<AbortController>,
}

impl Ticket {
    /// Whether results may still be written.
    pub fn live(&self) -> bool {
        self.inner.alive.get()
            && self.inner.generation.get() == self.generation
            && !self.signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// The signal that aborts this ticket's requests.
    pub fn abort_signal(&self) -> Option<&AbortSignal> {
        self.signal.as_ref()
    }

    /// A sub-task of this generation that can be cancelled alone ([`Ticket::cancel`]); it also
    /// ends with its parent.
    pub fn child(&self) -> Ticket {
        let own = new_controller();
        let signal = match (&self.signal, &own) {
            (Some(parent), Some(own)) => {
                let both = js_sys::Array::of2(parent, &own.signal());
                Some(AbortSignal::any(&both))
            }
            (parent, own) => own
                .as_ref()
                .map(AbortController::signal)
                .or_else(|| parent.clone()),
        };
        Ticket {
            generation: self.generation,
            inner: self.inner.clone(),
            signal,
            own,
        }
    }

    /// Cancels a child ticket's requests (no effect on a generation's own ticket).
    pub fn cancel(&self) {
        if let Some(own) = &self.own {
            own.abort();
        }
    }

    /// Sets `signal` to `value` if the ticket is live.
    pub fn set<T: Send + Sync + 'static>(&self, signal: RwSignal<T>, value: T) {
        if self.live() {
            signal.try_set(value);
        }
    }

    /// Updates `signal` if the ticket is live.
    pub fn update<T: Send + Sync + 'static>(&self, signal: RwSignal<T>, f: impl FnOnce(&mut T)) {
        if self.live() {
            signal.try_update(f);
        }
    }

    /// Reads `signal` without tracking, if the ticket is live and the signal still exists.
    pub fn read<T: Send + Sync + 'static, U>(
        &self,
        signal: RwSignal<T>,
        f: impl FnOnce(&T) -> U,
    ) -> Option<U> {
        if self.live() {
            signal.try_with_untracked(f)
        } else {
            None
        }
    }

    /// Sets `error` if the ticket is live (the transport already kept the token out of it).
    pub fn fail(&self, error: RwSignal<Option<ApiError>>, e: ApiError) {
        self.set(error, Some(e));
    }
}
