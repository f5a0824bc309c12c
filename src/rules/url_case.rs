//! The facts of one URL value as the URL rules (`host`, `shape`, `url_value`)
//! see it: its parts, where its host points, the shape and protocol its reader
//! wants, and where a host that must move goes.

use crate::catalog::{Catalog, RouteMatch, Shape};
use crate::url::{HostClass, PathFacts, UrlParts};

/// The facts of one URL value, as the rules see them.
pub struct UrlCase<'a> {
    pub catalog: &'a Catalog,
    /// The URL as written (after CR107's trivial repairs).
    pub parts: UrlParts,
    pub host: HostClass,
    pub path: PathFacts,
    pub shape: Shape,
    /// Who reads the value, for messages: "Claude Code", "`OPENAI_BASE_URL` (read by …)".
    pub who: String,
    pub protocol: Option<String>,
    pub slash_breaks: bool,
    pub accepts_full: bool,
    pub default_endpoint: Option<String>,
    pub chosen_region: Option<String>,
    /// A URL written out in text or code rather than a client's base-URL setting:
    /// a bare base is fine, and only API-looking paths on the console host are judged.
    pub free_url: bool,
    /// Where a host that must move goes: the chosen region's entry, else the default region's.
    pub target_host: String,
}

impl UrlCase<'_> {
    pub fn routes_lookup(&self, path: &str) -> Option<RouteMatch<'_>> {
        (!path.is_empty()).then(|| self.catalog.routes.lookup(path))
    }

    /// The endpoint a FULL setting is given when it holds only a base.
    pub fn full_endpoint(&self) -> Option<String> {
        self.default_endpoint
            .clone()
            .or_else(|| self.protocol.as_ref().and_then(|p| self.catalog.protocols.get(p).cloned()))
    }

    /// The request path the client makes with the value as written, e.g. `/v1/v1/messages`.
    pub fn requested_path(&self) -> Option<String> {
        let route = self.catalog.protocols.get(self.protocol.as_ref()?)?;
        let appended = match self.shape {
            Shape::Root => route.as_str(),
            Shape::V1 => route.strip_prefix("/v1")?,
            Shape::V1beta => route.strip_prefix("/v1beta")?,
            Shape::Full => return None,
        };
        // A client that does not trim a trailing `/` requests `//…`.
        let base =
            if self.slash_breaks { self.parts.path.as_str() } else { self.parts.path.trim_end_matches('/') };
        Some(format!("{base}{appended}"))
    }
}
