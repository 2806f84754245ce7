//! Chat payloads (filled in by the dev broker work).
