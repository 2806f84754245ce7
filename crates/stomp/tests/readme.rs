//! The README's browser example is `examples/browser_chat.rs` (which CI builds for wasm32),
//! copied verbatim: this keeps the two from drifting apart.

#[test]
fn readme_shows_the_compiled_example_verbatim() {
    let readme = include_str!("../README.md");
    let example = include_str!("../examples/browser_chat.rs");
    let block = format!("```rust\n{example}```\n");
    assert!(
        readme.contains(&block),
        "README.md must contain examples/browser_chat.rs verbatim in a ```rust block"
    );
}
