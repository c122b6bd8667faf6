//! Seeing a lost peer: timely's network threads panic when a connection
//! drops ("timely communication error: …"), which its workers never see.
//! A panic hook, installed once and passing every panic on to the hook
//! before it, tells every run in progress.

use std::sync::{Arc, Mutex, Once, PoisonError, Weak};

/// Why a run lost a peer, once it has.
pub(super) type Lost = Arc<Mutex<Option<String>>>;

static INSTALL: Once = Once::new();
static WATCHERS: Mutex<Vec<Weak<Mutex<Option<String>>>>> = Mutex::new(Vec::new());

/// A new run's flag, set when any timely network thread panics.
pub(super) fn watch() -> Lost {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = info
                .payload()
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| info.payload().downcast_ref::<&str>().copied())
                .unwrap_or("");
            let network = message.starts_with("timely communication error")
                || std::thread::current()
                    .name()
                    .is_some_and(|name| name.starts_with("timely:"));
            if network {
                let watchers = WATCHERS.lock().unwrap_or_else(PoisonError::into_inner);
                for watcher in watchers.iter().filter_map(Weak::upgrade) {
                    let mut lost = watcher.lock().unwrap_or_else(PoisonError::into_inner);
                    lost.get_or_insert_with(|| message.to_string());
                }
            }
            previous(info);
        }));
    });
    let lost: Lost = Arc::new(Mutex::new(None));
    let mut watchers = WATCHERS.lock().unwrap_or_else(PoisonError::into_inner);
    watchers.retain(|w| w.strong_count() > 0);
    watchers.push(Arc::downgrade(&lost));
    lost
}

/// Why the run lost a peer, if it did.
pub(super) fn lost(lost: &Lost) -> Option<String> {
    lost.lock().unwrap_or_else(PoisonError::into_inner).clone()
}

/// The run is over: its flag is no longer set.
pub(super) fn unwatch(lost: &Lost) {
    let mut watchers = WATCHERS.lock().unwrap_or_else(PoisonError::into_inner);
    watchers.retain(|w| w.strong_count() > 0 && !std::ptr::eq(w.as_ptr(), Arc::as_ptr(lost)));
}
