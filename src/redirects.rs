//! `/_redirects`: each old address of a post or page (its `aliases`) with a permanent (301)
//! redirect to its page, in the format Netlify and Cloudflare Pages read. Hosts that do not read
//! it still have the redirect page salve writes at each old address; hosts that do answer with a
//! real 301, which search engines follow best. A `_redirects` of the site's own (in `static/`)
//! wins.

use std::fmt::Write as _;

use crate::files::{Contents, Output};
use crate::pages::Page;
use crate::site::Site;

/// The file's name in the output folder.
pub const REDIRECTS_FILE: &str = "_redirects";

/// The redirects file, when the site has aliases and no file of that name of its own.
pub fn output(sites: &[(&Site, &[Page])], has_own: bool) -> Option<Output> {
    if has_own {
        return None;
    }
    let mut text = String::new();
    for &(site, pages) in sites {
        write_redirects(&mut text, site, pages);
    }
    (!text.is_empty()).then(|| Output {
        path: REDIRECTS_FILE.to_owned(),
        contents: Contents::Bytes(text.into()),
    })
}

/// The lines of one language's aliases.
fn write_redirects(text: &mut String, site: &Site, pages: &[Page]) {
    for page in pages {
        let Page::Alias(document, _) = *page else {
            continue;
        };
        let from = site.urls.path(&page.site_path(site));
        let to = site.urls.path(&document.of(site).post.url);
        // A space in an address would split its line.
        if !from.contains(char::is_whitespace) && !to.contains(char::is_whitespace) {
            let _ = writeln!(text, "{from} {to} 301");
        }
    }
}
