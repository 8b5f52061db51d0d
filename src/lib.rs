//! vinhdanh: a static-site generator for public honour rolls.
//!
//! The build reads as a story, one module per step: [`config`] reads `site.yaml`,
//! [`content`] loads profiles and pages, [`validate`] checks what spans files, [`site`]
//! arranges the content into the indexes pages need, [`render`] fills the [`theme`]'s
//! templates, and [`output`] swaps the finished site in. [`build`] tells that story.
//!
//! Around it: [`linkcheck`] makes `vinhdanh check` verify every internal link of the
//! rendered pages, [`serve`] is the preview server that rebuilds on every change, and
//! [`scaffold`] writes new profiles and new sites.

#![warn(missing_docs, unreachable_pub)]

pub mod build;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod images;
pub mod linkcheck;
pub mod locale;
pub mod markdown;
pub mod output;
pub mod render;
pub mod reuse;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod stats;
pub mod theme;
pub mod validate;
pub mod yaml;
