//! Turning site paths (relative to the site root, like `cong-dan-uu-tu/2023/`) into the URLs
//! pages link to. Every link of the site goes through here, so where a site is hosted (a
//! domain root or a sub-path) is decided in one place.

use crate::config::Config;

/// The site's addresses.
#[derive(Debug, Clone)]
pub struct Urls {
    origin: String,
    /// The published path of the site root (`/vinh-danh/`), for absolute URLs.
    base: String,
    /// What links start with: `base`, or `../…` on a portable site.
    root: String,
    /// `--portable`: links relative to the page, with explicit `index.html`, so the site
    /// works opened from a folder or USB stick (file://).
    portable: bool,
}

impl Urls {
    /// From the configured base URL.
    pub fn new(config: &Config) -> Urls {
        Urls {
            origin: config.origin().to_string(),
            base: config.root().to_string(),
            root: if config.portable {
                "./".to_string()
            } else {
                config.root().to_string()
            },
            portable: config.portable,
        }
    }

    /// The addresses as seen from the page at `page_path`. Only portable sites depend on
    /// it: their links climb back to the root with `../`.
    pub fn for_page(&self, page_path: &str) -> Urls {
        if !self.portable {
            return self.clone();
        }
        let depth = page_path.matches('/').count();
        let root = if depth == 0 {
            "./".to_string()
        } else {
            "../".repeat(depth)
        };
        Urls {
            root,
            ..self.clone()
        }
    }

    /// The link to `path` from any page (`/vinh-danh/cong-dan-uu-tu/`).
    pub fn href(&self, path: &str) -> String {
        if self.portable && (path.is_empty() || path.ends_with('/')) {
            format!("{}{}index.html", self.root, path)
        } else {
            format!("{}{}", self.root, path)
        }
    }

    /// The absolute URL of `path`, for sitemaps, feeds and share tags. Without an origin in
    /// the base URL this is the same as [`Urls::href`].
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}{}", self.origin, self.base, path)
    }

    /// The path prefix of every link (`/` or `/vinh-danh/`).
    pub fn root(&self) -> &str {
        &self.root
    }
}
