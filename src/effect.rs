//! Effects through one instantiation of yew's effect machinery. Each `use_effect_with` call
//! is its own copy of the hook, its `rendered` step and their drop code, generic over the
//! closure; an effect that only runs at mount passes a boxed closure here instead.

use yew::prelude::*;

/// Runs `f` once, after the first render (as `use_effect_with((), …)`).
#[hook]
pub fn use_mount(f: Box<dyn FnOnce()>) {
    use_effect_with((), move |_| f());
}

/// As [`use_mount`], with a teardown run when the component goes.
#[hook]
pub fn use_mount_cleanup(f: Box<dyn FnOnce() -> Box<dyn FnOnce()>>) {
    use_effect_with((), move |_| f());
}

/// Runs `f(flag)` after a render in which `flag` changed (as `use_effect_with(flag, …)`).
#[hook]
pub fn use_flag_effect(flag: bool, f: Box<dyn FnOnce(bool)>) {
    use_effect_with(flag, move |on| f(*on));
}
