//! vinhdanh: a static-site generator for public honour rolls.
//!
//! The build reads as a story, one module per step: [`config`] reads `site.yaml`,
//! [`content`] loads profiles and pages and [`theme`] the templates, [`validate`] checks
//! what spans files, [`site`] arranges the content into the indexes pages need (with the
//! photo plan of [`images`]), [`stats`] and [`search`] compute the facts about the site,
//! [`render`] fills the templates, and [`output`] swaps the finished site in. [`build`]
//! tells that story; [`serve`], [`linkcheck`] and [`scaffold`] are the other commands.
//!
//! # Layers
//!
//! Data flows one way. Each line below is a layer, from the ground up: a module may use the
//! modules of the lines above its own, and those of its own line one way (never two that
//! use each other), but nothing of a line below. `tests/site/layers.rs` reads these lines
//! and every `crate::` path in `src/`, and fails on a use against them.
//!
//! - ground: `diagnostics`, `yaml`, `slug`, `collate`, `locale`, `markdown`, `paths`, `pdf`, `qr`, `script`, `timings`, `progress`, `output`, `kept`, `bodies` (problems, work kept for the next build, YAML with positions, the URL scheme, minified scripts, where files go, stories put aside while building)
//! - settings: `targets`, `config` (`site.yaml`, the places the site is published to)
//! - load: `content`, `theme` (profiles, pages, templates and UI strings, each file checked on its own)
//! - validate: `validate` (what spans files: one URL, one page)
//! - arrange: `images`, `register`, `consult`, `site` (the site model: stories in Markdown, in memory or put aside in a file, sections, years, terms, related profiles, the photo plan, consultation rounds with their candidates)
//! - facts: `stats`, `search`, `opendata` (numbers, the search index and the open data's files, computed from the model)
//! - render: `reuse`, `render` (pages from templates; unchanged pages kept from the last build)
//! - commands: `linkcheck`, `build`, `deploy`, `serve`, `scaffold` (what the command line runs)
//! - cli: `main`, `cli` (the `vinhdanh` binary: parsing arguments, printing outcomes)

#![warn(missing_docs, unreachable_pub)]

pub mod bodies;
pub mod build;
pub mod collate;
pub mod config;
pub mod consult;
pub mod content;
pub mod deploy;
pub mod diagnostics;
pub mod images;
pub mod kept;
pub mod linkcheck;
pub mod locale;
pub mod markdown;
pub mod opendata;
pub mod output;
pub mod paths;
pub mod pdf;
pub mod progress;
pub mod qr;
pub mod register;
pub mod render;
pub mod reuse;
pub mod scaffold;
pub mod script;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod stats;
pub mod targets;
pub mod theme;
pub mod timings;
pub mod validate;
pub mod yaml;
