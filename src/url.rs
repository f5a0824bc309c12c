//! URL facts: what a configured URL is made of and where it points, judged
//! against the catalog's hosts and endpoint table. No format, file or rule
//! knowledge: the rules read these facts and decide.
//!
//! Parsing is lenient and keeps the text as written (the `url` crate
//! normalises, which would lose the bytes a fix must preserve).

use crate::catalog::Catalog;

/// The pieces of a URL as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    pub scheme: String,
    /// `user:pass@` if present, without the `@`.
    pub userinfo: Option<String>,
    pub host: String,
    pub port: Option<String>,
    /// Path as written, `""` when absent; may end with `/`.
    pub path: String,
    /// Text after `?`, without it.
    pub query: Option<String>,
    pub fragment: Option<String>,
}

impl UrlParts {
    /// Parses `scheme://[userinfo@]host[:port][/path][?query][#fragment]`.
    pub fn parse(text: &str) -> Option<UrlParts> {
        let (scheme, rest) = text.split_once("://")?;
        if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
            return None;
        }
        let (rest, fragment) = match rest.split_once('#') {
            Some((r, f)) => (r, Some(f.to_string())),
            None => (rest, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q.to_string())),
            None => (rest, None),
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u.to_string()), h),
            None => (None, authority),
        };
        let (host, port) = split_host_port(hostport);
        let port = port.map(str::to_string);
        if host.is_empty() || host.contains(char::is_whitespace) {
            return None;
        }
        Some(UrlParts {
            scheme: scheme.to_string(),
            userinfo,
            host: host.to_string(),
            port,
            path: path.to_string(),
            query,
            fragment,
        })
    }

    pub fn render(&self) -> String {
        let mut s = format!("{}://", self.scheme);
        if let Some(u) = &self.userinfo {
            s.push_str(u);
            s.push('@');
        }
        s.push_str(&self.host);
        if let Some(p) = &self.port {
            s.push(':');
            s.push_str(p);
        }
        s.push_str(&self.path);
        if let Some(q) = &self.query {
            s.push('?');
            s.push_str(q);
        }
        if let Some(f) = &self.fragment {
            s.push('#');
            s.push_str(f);
        }
        s
    }

    /// The path's segments, without empty ones.
    pub fn segments(&self) -> Vec<&str> {
        self.path.split('/').filter(|s| !s.is_empty()).collect()
    }

    pub fn has_trailing_slash(&self) -> bool {
        self.path.ends_with('/')
    }
}

/// `host[:port]` cut at its last `:` (unless that `:` is inside an IPv6
/// literal's brackets), as `UrlParts::parse` reads it.
pub fn split_host_port(hostport: &str) -> (&str, Option<&str>) {
    match hostport.rsplit_once(':') {
        Some((h, p)) if !h.contains(']') || h.ends_with(']') => (h, Some(p)),
        _ => (hostport, None),
    }
}

/// Whether `bytes` (a file's, any bytes) may hold a URL whose host the rules
/// judge, or a one-click link: what the readers of free text (docs, scripts'
/// curl lines, code) need before they are worth running. See `gateway_url_at`.
pub fn may_hold_gateway_url(catalog: &Catalog, bytes: &[u8]) -> bool {
    let mut marks = Vec::new();
    let scheme = catalog.needles.mark_hosts(bytes, &mut marks);
    scheme || gateway_url_at(catalog, bytes, &marks)
}

/// Whether a URL in `bytes` (any bytes) may have a host the rules judge (a gateway host,
/// the console, a look-alike), given `marks`: where host and piece needles
/// start (at least one in each run of non-space bytes that holds one). The
/// answer `UrlFacts` would give for every URL any reader could cut out of the
/// text, or `true` when unsure.
///
/// A mark counts when the run of bytes before it without a space or a `/` starts
/// right after a `://`. A reader's URL value starts at its scheme and may end
/// anywhere after the `://`; its host (`UrlParts::parse`) is what lies before the
/// first `/`, `?` or `#`, after the last `@` and before the port's `:`. Every end
/// is tried, and each host so cut is classified as the rules classify it. A host
/// part with user information, percent escapes, a backslash or bytes that are
/// not printable ASCII (which CR206 and other readers decode), or one too long to
/// try every end of, counts as a mention. Each byte is walked back over once.
pub fn gateway_url_at(catalog: &Catalog, bytes: &[u8], marks: &[usize]) -> bool {
    /// Longer host parts are not cut every way (a quadratic cost): parsed.
    const MAX_TRIED: usize = 512;
    url_runs(bytes, marks).any(|slash| {
        let after = &bytes[slash + 1..];
        let end = after
            .iter()
            .position(|&b| b.is_ascii_whitespace() || matches!(b, b'/' | b'?' | b'#'))
            .unwrap_or(after.len());
        let part = &after[..end];
        if part.len() > MAX_TRIED
            || part.iter().any(|&b| !b.is_ascii_graphic() || matches!(b, b'@' | b'%' | b'\\'))
        {
            return true;
        }
        let Ok(part) = std::str::from_utf8(part) else { return true };
        let gw = &catalog.gateway;
        let brand = gw.lookalike.brand_label.as_bytes();
        if !brand.is_empty() && part.as_bytes().windows(brand.len()).any(|w| w.eq_ignore_ascii_case(brand)) {
            return true; // a branded host (or a port that names the brand): parsed
        }
        // Unbranded, a host is the gateway's only within `max_edit_distance` edits of
        // one of its hosts, so of about the same length (`classify_host`).
        let max = gw.lookalike.max_edit_distance;
        let lengths = gw.entries.iter().map(|e| e.host.len()).chain(gw.console.hosts.iter().map(String::len));
        let (shortest, longest) = lengths.fold((usize::MAX, 0), |(lo, hi), n| (lo.min(n), hi.max(n)));
        (0..=part.len()).any(|cut| {
            let (host, _) = split_host_port(&part[..cut]);
            let n = host.trim_end_matches('.').len();
            n + max >= shortest && n <= longest + max && classify_host(catalog, host).is_gateway_related()
        })
    })
}

/// Whether the scanners' URL prefilter (`Catalog::mention_regex`) matches
/// `bytes`, given the same `marks` as `gateway_url_at` and whether a link
/// scheme occurs: the regex runs only where a mark's run of bytes starts after
/// a `://`, on that run alone.
pub fn prefilter_matches(catalog: &Catalog, bytes: &[u8], marks: &[usize], scheme: bool) -> bool {
    let regex = catalog.mention_regex();
    if scheme {
        return regex.is_match(bytes); // rare: the whole text
    }
    url_runs(bytes, marks).any(|slash| {
        let start = slash - 2;
        let end = bytes[slash + 1..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/')
            .map_or(bytes.len(), |i| slash + 1 + i);
        regex.find_at(&bytes[..end], start).is_some_and(|m| m.start() == start)
    })
}

/// For each run of bytes without a space or a `/` that holds a mark and starts
/// right after a `://`, the index of that `://`'s last `/`, once per run. Each
/// byte is walked back over once.
fn url_runs<'a>(bytes: &'a [u8], marks: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let mut floor = 0; // bytes before it were walked back over already
    marks.iter().filter_map(move |&mark| {
        if mark < floor {
            return None;
        }
        let run =
            bytes[floor..mark].iter().rposition(|&b| b.is_ascii_whitespace() || b == b'/').map(|i| floor + i);
        floor = mark;
        // No space or `/` since the last mark: the same run, already given.
        let slash = run?;
        (slash >= 2 && &bytes[slash - 2..=slash] == b"://").then_some(slash)
    })
}

/// The gateway host name (an API entry, the console or a look-alike) that a
/// URL's user information spells, percent-encoded or not: `api.crazyrouter.com`,
/// `api.crazyrouter.com%2f`, `api.crazyrouter.com:443`.
pub fn gateway_name_in_userinfo(catalog: &Catalog, userinfo: &str) -> Option<String> {
    let decoded = percent_decode(userinfo);
    decoded
        .split(|c: char| matches!(c, ':' | '/' | '\\' | '@' | '?' | '#') || c.is_whitespace())
        .filter(|piece| !piece.is_empty())
        .find(|piece| classify_host(catalog, piece).is_gateway_related())
        .map(str::to_string)
}

/// `%XX` escapes decoded (as bytes, then as UTF-8, lossily); anything else as is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where a host points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostClass {
    /// One of the gateway's API entries.
    Entry { region: String },
    /// The web console: never an API base.
    Console,
    /// Close to a gateway host but not one of them; `nearest` is the API entry it most likely meant.
    Lookalike { nearest: String },
    /// Anything else: another provider, a proxy, localhost. Never judged.
    Foreign,
}

impl HostClass {
    pub fn is_gateway_related(&self) -> bool {
        !matches!(self, HostClass::Foreign)
    }
}

/// The longest name DNS can hold; anything longer is no real host.
const MAX_HOST_LEN: usize = 253;

pub fn classify_host(catalog: &Catalog, host: &str) -> HostClass {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let gw = &catalog.gateway;
    if let Some(e) = gw.entries.iter().find(|e| e.host == host) {
        return HostClass::Entry { region: e.region.clone() };
    }
    if gw.console.hosts.contains(&host) {
        return HostClass::Console;
    }
    let max = gw.lookalike.max_edit_distance;
    // The edit distance is at least the difference in length: only hosts of about
    // the right length are measured (the distance costs length × length in time
    // and memory; a 3 MB "host" in a config took seconds and 100 MB).
    let close = gw
        .entries
        .iter()
        .map(|e| e.host.as_str())
        .chain(gw.console.hosts.iter().map(String::as_str))
        .filter(|k| k.len().abs_diff(host.len()) <= max)
        .filter(|k| letters_apart(k, &host) <= 2 * max)
        .any(|k| strsim::damerau_levenshtein(k, &host) <= max);
    let branded = host.contains(&gw.lookalike.brand_label);
    if !(close || branded) {
        return HostClass::Foreign;
    }
    // The entry it meant: one whose first label it keeps (cn.… → cn.crazyrouter.com),
    // else the nearest entry (measured only for a host DNS could hold: 253 bytes).
    let first_label = host.split('.').next().unwrap_or("");
    let nearest = gw
        .entries
        .iter()
        .find(|e| e.host.split('.').next() == Some(first_label))
        .or_else(|| {
            let measurable = host.len() <= MAX_HOST_LEN;
            gw.entries.iter().min_by_key(|e| {
                if measurable {
                    strsim::damerau_levenshtein(&e.host, &host)
                } else {
                    0
                }
            })
        })
        .map(|e| e.host.clone())
        .unwrap_or_default();
    HostClass::Lookalike { nearest }
}

/// How far apart the letters of `a` and `b` are, counted as bags of bytes (the
/// sum over each byte of the difference of its counts). One edit changes that sum
/// by at most 2 (a substitution 2, an insertion or deletion 1, a transposition
/// 0), so the edit distance is at least half of it: a cheap, exact way to rule
/// out most hosts before the distance itself (which on a tree of Markdown links
/// was a quarter of the run).
fn letters_apart(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 256];
    a.bytes().for_each(|c| counts[usize::from(c)] += 1);
    b.bytes().for_each(|c| counts[usize::from(c)] -= 1);
    counts.iter().map(|c| c.unsigned_abs() as usize).sum()
}

/// What a gateway URL's path holds, once repeats are collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFacts {
    /// A run of segments written twice in a row (`v1`, `v1/messages`), as text.
    pub doubled: Option<String>,
    /// The path with such repeats collapsed, no trailing slash (`""` for the root).
    pub collapsed: String,
    /// The leading version segment of the collapsed path: `v1` or `v1beta`.
    pub version: Option<String>,
    /// The endpoint the collapsed path holds after its version, e.g. `/chat/completions`,
    /// `/models/gemini-2.5-flash:generateContent`.
    pub endpoint: Option<String>,
    /// Segments after the version that are no known endpoint.
    pub extra: Option<String>,
}

pub fn path_facts(catalog: &Catalog, segments: &[&str]) -> PathFacts {
    let (collapsed, doubled) = collapse_repeats(segments);
    let version = collapsed.first().filter(|s| **s == "v1" || **s == "v1beta").map(|s| s.to_string());
    let after: Vec<&str> = collapsed.iter().skip(usize::from(version.is_some())).copied().collect();
    let rest = if after.is_empty() { String::new() } else { format!("/{}", after.join("/")) };
    let is_endpoint = catalog.base_suffixes.is_endpoint(&rest);
    let (endpoint, extra) = match (rest.is_empty(), is_endpoint) {
        (true, _) => (None, None),
        (false, true) => (Some(rest), None),
        (false, false) => (None, Some(rest)),
    };
    PathFacts {
        doubled,
        collapsed: if collapsed.is_empty() { String::new() } else { format!("/{}", collapsed.join("/")) },
        version,
        endpoint,
        extra,
    }
}

/// Paths longer than this are not searched for repeats: the search is cubic in
/// the number of segments (a 200,000-segment URL took 20 s), and no base URL a
/// client is given has more than a handful.
const MAX_COLLAPSED_SEGMENTS: usize = 64;

/// Collapses runs written twice in a row (`a/b/a/b/c` → `a/b/c`), longest first.
fn collapse_repeats<'a>(segments: &[&'a str]) -> (Vec<&'a str>, Option<String>) {
    let mut segs = segments.to_vec();
    if segs.len() > MAX_COLLAPSED_SEGMENTS {
        return (segs, None);
    }
    let mut first_doubled = None;
    'outer: loop {
        for len in (1..=segs.len() / 2).rev() {
            for start in 0..=segs.len() - 2 * len {
                if segs[start..start + len] == segs[start + len..start + 2 * len] {
                    first_doubled.get_or_insert_with(|| segs[start..start + len].join("/"));
                    segs.drain(start + len..start + 2 * len);
                    continue 'outer;
                }
            }
        }
        break;
    }
    (segs, first_doubled)
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_gateway_url_test_keeps_every_look_alike_and_nothing_else() {
        let c = Catalog::embedded().unwrap();
        for host in [
            "api.crazyrouter.com",
            "CN.CRAZYROUTER.COM",
            "api.crazyroutr.com",
            "api.crzyrouter.co",
            "crazyrouter.cn",
            "api.krazyrooter.com",
            "api.crazyrouter.com.",
            "api.crazyroutr.com:8443",
        ] {
            for text in [
                format!("x = 'https://{host}/v1'"),
                format!("x = https://{host}"),
                format!("[a](https://{host}?q=1)"),
                format!("\"url\": \"https://{host}\","),
                format!("**https://{host}**"),
            ] {
                assert!(may_hold_gateway_url(&c, text.as_bytes()), "{text}");
            }
        }
        for text in [
            "fetch('https://api.openai.com/v1/models') // the router",
            "see https://reactrouter.com/docs and https://twitter.com/x, the router's route",
            "https://docker.com https://example.org/crazyrouter.com",
            // No `://`: no URL a reader cuts, whatever the bytes.
            "crazyrouter.com api.crazyrouter.com/v1",
        ] {
            assert!(!may_hold_gateway_url(&c, text.as_bytes()), "{text}");
        }
        assert!(!may_hold_gateway_url(&c, b"crazyrouter.com \xff\x00 api.crazyrouter.com/v1"));
        assert!(may_hold_gateway_url(&c, b"\xff\x00 see http://api.crazyrouter.com"));
        // User information, escapes, a backslash: readers decode them; counted.
        for text in
            ["https://api.crazyroutr.com@evil.test/v1", "https://route%2e.example/", "https://x\\route.y"]
        {
            assert!(may_hold_gateway_url(&c, text.as_bytes()), "{text}");
        }
        // A one-click link.
        assert!(may_hold_gateway_url(&c, b"<a href=\"ccswitch://v1/import?resource=provider\">"));
    }

    use super::*;

    fn catalog() -> Catalog {
        Catalog::embedded().unwrap()
    }

    #[test]
    fn parses_and_renders_unchanged() {
        for text in [
            "https://api.crazyrouter.com",
            "https://api.crazyrouter.com/v1/",
            "http://user:pw@cn.crazyrouter.com:8443/v1beta?key=x#frag",
            "https://[::1]:8080/v1",
        ] {
            assert_eq!(UrlParts::parse(text).unwrap().render(), text);
        }
        assert!(UrlParts::parse("api.crazyrouter.com/v1").is_none());
        assert!(UrlParts::parse("https://").is_none());
    }

    #[test]
    fn finds_a_gateway_name_in_user_information() {
        let c = catalog();
        let named = |url: &str| {
            let parts = UrlParts::parse(url).unwrap();
            gateway_name_in_userinfo(&c, parts.userinfo.as_deref()?)
        };
        for url in [
            "https://api.crazyrouter.com@evil.test/v1",
            "https://api.crazyrouter.com%2f@evil.test/v1",
            "https://api.crazyrouter.com%2F@evil.test/v1",
            "https://api.crazyrouter.com:443@evil.test/v1",
            "https://api.crazyrouter.com\\@evil.test/v1",
            "https://x:api.crazyrouter.com@evil.test",
        ] {
            assert_eq!(named(url).as_deref(), Some("api.crazyrouter.com"), "{url}");
        }
        assert_eq!(named("https://crazyrouter.com@evil.test").as_deref(), Some("crazyrouter.com"));
        assert_eq!(named("https://user:pw@evil.test/v1"), None);
        assert_eq!(named("https://evil.test/v1"), None);
        assert_eq!(percent_decode("a%2fb%zz%4"), "a/b%zz%4");
    }

    #[test]
    fn classifies_hosts() {
        let c = catalog();
        assert_eq!(classify_host(&c, "api.crazyrouter.com"), HostClass::Entry { region: "intl".into() });
        assert_eq!(classify_host(&c, "CN.crazyrouter.com."), HostClass::Entry { region: "east-asia".into() });
        assert_eq!(classify_host(&c, "www.crazyrouter.com"), HostClass::Console);
        assert_eq!(
            classify_host(&c, "api.crazyroutr.com"),
            HostClass::Lookalike { nearest: "api.crazyrouter.com".into() }
        );
        assert_eq!(
            classify_host(&c, "cn.crazyrouter.cn"),
            HostClass::Lookalike { nearest: "cn.crazyrouter.com".into() }
        );
        assert_eq!(classify_host(&c, "api.openai.com"), HostClass::Foreign);
        assert_eq!(classify_host(&c, "localhost"), HostClass::Foreign);
    }

    #[test]
    fn path_facts_collapse_doubles_and_find_endpoints() {
        let c = catalog();
        let f = path_facts(&c, &["v1", "v1"]);
        assert_eq!(
            (f.doubled.as_deref(), f.collapsed.as_str(), f.version.as_deref()),
            (Some("v1"), "/v1", Some("v1"))
        );
        let f = path_facts(&c, &["v1", "messages", "v1", "messages"]);
        assert_eq!((f.doubled.as_deref(), f.endpoint.as_deref()), (Some("v1/messages"), Some("/messages")));
        let f = path_facts(&c, &["v1", "chat", "completions"]);
        assert_eq!((f.doubled, f.endpoint.as_deref()), (None, Some("/chat/completions")));
        let f = path_facts(&c, &["v1beta", "models", "gemini-2.5-pro:generateContent"]);
        assert_eq!(f.endpoint.as_deref(), Some("/models/gemini-2.5-pro:generateContent"));
        let f = path_facts(&c, &["openai", "v1"]);
        assert_eq!((f.version, f.extra.as_deref()), (None, Some("/openai/v1")));
        assert_eq!(path_facts(&c, &[]).collapsed, "");
    }

    #[test]
    fn huge_hosts_and_paths_are_judged_in_bounded_time() {
        // Regression (hostile suite): seconds and 100 MB for a 3 MB host, 20 s
        // for a 200,000-segment path.
        let c = catalog();
        let start = std::time::Instant::now();
        assert_eq!(classify_host(&c, &"a".repeat(3_000_000)), HostClass::Foreign);
        let branded = format!("x{}.crazyrouter.com", "a".repeat(3_000_000));
        assert_eq!(
            classify_host(&c, &branded),
            HostClass::Lookalike { nearest: "api.crazyrouter.com".into() }
        );
        let names: Vec<String> = (0..200_000).map(|i| format!("s{i}")).collect();
        let segments: Vec<&str> = names.iter().map(String::as_str).collect();
        let f = path_facts(&c, &segments);
        assert_eq!((f.doubled, f.version), (None, None));
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
        // Near the length of a gateway host, look-alikes are still found.
        assert_eq!(
            classify_host(&c, "api.crazyrouter.co"),
            HostClass::Lookalike { nearest: "api.crazyrouter.com".into() }
        );
    }
}

#[cfg(test)]
mod letters_tests {
    use super::letters_apart;

    #[test]
    fn letters_apart_is_at_most_twice_the_edit_distance() {
        let words = [
            "crazyrouter.com",
            "crazryoutre.com",
            "api.crazyrouter.com",
            "api.crzyrouter.co",
            "docs.github.com",
            "cn.crazyrouter.com",
            "crazyrouter.cn",
            "a",
            "",
            "moc.retuoryzarc",
        ];
        for a in words {
            for b in words {
                let d = strsim::damerau_levenshtein(a, b);
                assert!(letters_apart(a, b) <= 2 * d, "{a} {b}: {} > 2 × {d}", letters_apart(a, b));
            }
        }
        assert_eq!(letters_apart("docs.github.com", "crazyrouter.com"), 14);
    }
}
