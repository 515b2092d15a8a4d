//! The WebAssembly binding (filled in by the browser work).
