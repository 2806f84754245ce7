// The shared session model derives `Arbitrary` only under `cfg(fuzzing)`, which cargo-fuzz sets;
// setting it here as well lets `cargo check` and `cargo clippy` build this crate on their own.
fn main() {
    println!("cargo::rustc-cfg=fuzzing");
}
