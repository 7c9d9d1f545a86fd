//! A big stack for the recursive stages: the parser and the checker walk expressions
//! recursively, and run on a thread of their own with room for the deepest expression the
//! parser's limits admit, whatever the caller's stack.

/// The stack the parser and the checker run on, whatever the caller's: enough for the
/// deepest expressions the limits admit.
pub(crate) const STACK_BYTES: usize = 64 * 1024 * 1024;

/// Runs `f` on a thread with [`STACK_BYTES`] of stack (on the caller's own stack when no
/// thread can be started).
pub(crate) fn with_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let mut slot = Some(f);
    let mut out = None;
    std::thread::scope(|scope| {
        let (slot_ref, out_ref) = (&mut slot, &mut out);
        let spawned = std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, move || {
                if let Some(f) = slot_ref.take() {
                    *out_ref = Some(f());
                }
            });
        if let Ok(handle) = spawned
            && let Err(panic) = handle.join()
        {
            std::panic::resume_unwind(panic);
        }
    });
    match (out, slot.take()) {
        (Some(v), _) => v,
        (None, Some(f)) => f(),
        // The thread took `f` and returned without a value: only a panic does that, and a
        // panic was resumed above.
        (None, None) => std::process::abort(),
    }
}
