//! Turning site paths (relative to the site root, like `cong-dan-uu-tu/2023/`) into the URLs
//! pages link to. Every link of the site goes through here, so where a site is hosted (a
//! domain root or a sub-path) is decided in one place.

use crate::config::Config;

/// The site's addresses.
#[derive(Debug, Clone)]
pub struct Urls {
    origin: String,
    root: String,
}

impl Urls {
    /// From the configured base URL.
    pub fn new(config: &Config) -> Urls {
        Urls {
            origin: config.origin().to_string(),
            root: config.root().to_string(),
        }
    }

    /// The link to `path` from any page (`/vinh-danh/cong-dan-uu-tu/`).
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.root, path)
    }

    /// The absolute URL of `path`, for sitemaps, feeds and share tags. Without an origin in
    /// the base URL this is the same as [`Urls::href`].
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}{}", self.origin, self.root, path)
    }

    /// The path prefix of every link (`/` or `/vinh-danh/`).
    pub fn root(&self) -> &str {
        &self.root
    }
}
