//! Integration tests: real sites on disk, built through the library as the CLI does.

mod common;
mod contract;
mod decisions;
mod editor;
mod example_site;
mod fuzz;
mod http;
mod images;
mod layers;
mod linkcheck;
mod load;
mod paper;
mod portable;
mod progress;
mod reliability;
mod rendering;
mod reuse;
mod safety;
mod scaffold;
mod scale;
mod search;
mod serve;
mod sheets;
mod statistics;
mod subpath;
mod validation;
