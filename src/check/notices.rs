//! The `notices` rule over the site's pages: each notice listed in `notices` (by default the
//! ones US health providers post) has a page, and no page still holds the outline `salve init`
//! wrote. Whether every page's footer links to them is checked with the built pages
//! ([`super::pages`]).

use super::{Raw, post_file};
use crate::config::{CONFIG_FILE, RuleId};
use crate::files::Output;
use crate::scaffold::OUTLINE_MARKER;
use crate::site::Site;

pub(super) fn check(sites: &[&Site], outputs: &[Output]) -> Vec<Raw> {
    let site = sites[0];
    let pages = sites.iter().flat_map(|site| &site.pages);
    let outlines = pages.filter_map(|page| {
        let offset = page.post.source.body().find(OUTLINE_MARKER)?;
        Some(Raw::new(
            RuleId::Notices,
            post_file(page),
            super::post_position(page, offset),
            "this page is still the outline `salve init` wrote: replace it with your clinic's own text, then delete the outline's comment and box",
        ))
    });
    let exists = |path: &str| outputs.iter().any(|output| output.path == path);
    let missing = site.config.notices().into_iter().filter_map(|notice| {
        let inside = notice.0.trim_start_matches('/');
        if crate::pages::file_for_site_path(inside, exists).is_some() {
            return None;
        }
        Some(Raw::new(
            RuleId::Notices,
            CONFIG_FILE,
            (1, 1),
            format!(
                "no page at `{}`, a notice the site should post: add it to `{}` (`salve init` writes outlines of the usual notices), or take it out of `notices` in {CONFIG_FILE}",
                notice.0,
                site.config.pages_dir.display()
            ),
        ))
    });
    outlines.chain(missing).collect()
}
