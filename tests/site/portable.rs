//! `--portable`: a site that works opened from a folder or USB stick (file://), where a
//! link to a folder shows a directory listing and an absolute path leaves the site.

use std::path::Path;

use crate::common::repo;
use scraper::{Html, Selector};
use vinhdanh::build::{self, Options};

#[test]
fn every_link_of_a_portable_site_resolves_to_a_file_in_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("usb");
    let opts = Options {
        root: repo(),
        output: Some(out.clone()),
        portable: true,
        ..Options::default()
    };
    build::build(&opts).unwrap_or_else(|e| panic!("{}", vinhdanh::diagnostics::report(&e, None)));
    let sel =
        Selector::parse("a[href], link[href], script[src], img[src], source[srcset], img[srcset]")
            .unwrap();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let page = entry.path();
        if page.extension().is_none_or(|e| e != "html")
            || page.file_name().is_some_and(|n| n == "404.html")
        {
            continue;
        }
        let html = std::fs::read_to_string(page).unwrap();
        for el in Html::parse_document(&html).select(&sel) {
            let v = el.value();
            let mut urls: Vec<&str> = Vec::new();
            urls.extend(v.attr("href"));
            urls.extend(v.attr("src"));
            if let Some(set) = v.attr("srcset") {
                urls.extend(set.split(',').filter_map(|c| c.split_whitespace().next()));
            }
            for url in urls {
                if url.starts_with("https://")
                    || url.starts_with("http://")
                    || url.starts_with('#')
                    || url.starts_with("mailto:")
                    || url.starts_with("tel:")
                {
                    continue;
                }
                assert!(
                    !url.starts_with('/'),
                    "{}: absolute link {url}",
                    page.display()
                );
                assert!(
                    !url.ends_with('/'),
                    "{}: folder link {url} (file:// shows a listing)",
                    page.display()
                );
                let target = resolve(page.parent().unwrap(), url.split('#').next().unwrap());
                assert!(
                    target.is_file(),
                    "{}: {url} -> {} does not exist",
                    page.display(),
                    target.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
}

fn resolve(dir: &Path, url: &str) -> std::path::PathBuf {
    let mut p = dir.to_path_buf();
    for part in url.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                p.pop();
            }
            other => p.push(other),
        }
    }
    p
}
