//! One finding per URL value. Runs every URL rule over a base-URL setting,
//! lets each move a draft of the URL towards what the client needs, then
//! reports the first code that applies (registry::URL_PRECEDENCE) with a
//! message naming every problem and a fix that writes the fully corrected value.

use super::url_case::UrlCase;
use super::{host, malformed, query, shape, FileFacts, LintContext, Problem};
use crate::catalog::{Catalog, Role};
use crate::codes::{Code, URL_PRECEDENCE};
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Proposal};
use crate::redact::redact;
use crate::settings::Setting;
use crate::url::{classify_host, path_facts, HostClass, UrlParts};

/// What the URL rules concluded about one value.
pub struct Finding {
    pub code: Code,
    pub message: String,
    /// The fully corrected value, when there is one.
    pub corrected: Option<String>,
    pub applicability: Applicability,
}

pub fn check(
    catalog: &Catalog,
    ctx: &LintContext,
    file: &FileFacts,
    setting: &Setting,
) -> Option<Diagnostic> {
    let f = analyse(catalog, ctx, setting)?;
    let scalar = &setting.entry.scalar;
    let proposal =
        f.corrected.as_ref().map(|c| Proposal::replace(f.applicability, scalar, setting.part_of_value, c));
    let mut d = Diagnostic::new(f.code, file.path.clone(), scalar.content.clone(), redact(&f.message));
    d.help = f.corrected.map(|c| redact(&crate::tr!("rule.use_value", value = c)));
    Some(d.with_proposal(proposal))
}

/// The shape rules' problems with the value, for the case's shape.
fn shape_problems_of(case: &UrlCase) -> Vec<Problem> {
    [
        shape::doubled(case),
        shape::endpoint_in_base(case),
        shape::unexpected_version(case),
        shape::missing_version(case),
        shape::not_full_endpoint(case),
        shape::trailing_slash(case),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Runs every URL rule over a base-URL setting's value.
pub fn analyse(catalog: &Catalog, ctx: &LintContext, setting: &Setting) -> Option<Finding> {
    let scalar = &setting.entry.scalar;
    let raw = scalar.value.as_str();
    let shape = setting.rule.shape?;
    let cleaned = malformed::check(raw);
    let finding = |code: Code, message: String, corrected: Option<String>, applicability| Finding {
        code,
        message,
        corrected,
        applicability,
    };
    if !cleaned.parseable {
        let brand = &catalog.gateway.lookalike.brand_label;
        let problem = cleaned.problem.filter(|_| raw.to_ascii_lowercase().contains(brand.as_str()))?;
        let message =
            crate::tr!("rule.read_by", message = problem.message, client = setting.rule.client_name);
        return Some(finding(problem.code, message, None, Applicability::Safe));
    }
    let parts = UrlParts::parse(&cleaned.text)?;
    if let Some(problem) = host::gateway_in_userinfo(catalog, &parts) {
        return Some(finding(problem.code, problem.message, None, Applicability::Safe));
    }
    let host_class = classify_host(catalog, &parts.host);
    if !host_class.is_gateway_related() {
        return None;
    }
    let free_url = setting.rule.role == Role::EndpointUrl;
    // A console root (or root + a version segment: `/v1`) where a name or label
    // says "base URL" is an API base (CR201).
    let base_root = setting.rule.root_is_base && is_bare_base(&parts.path);
    if free_url
        && !matches!(host_class, HostClass::Entry { .. })
        && !catalog.routes.is_api_path(&parts.path)
        && !base_root
    {
        return None; // a link to the website (`https://crazyrouter.com/pricing`), not an API call
    }
    let default_region = catalog.gateway.default_region.clone();
    let target_region = ctx
        .region
        .clone()
        .or_else(|| setting.region_hint.clone())
        .or_else(|| ctx.fallback_region.clone())
        .unwrap_or(default_region);
    let target_host = match &host_class {
        HostClass::Entry { .. } | HostClass::Console => {
            catalog.host_for_region(&target_region).unwrap_or_default().to_string()
        }
        HostClass::Lookalike { nearest } => nearest.clone(),
        HostClass::Foreign => return None,
    };
    let mut case = UrlCase {
        catalog,
        path: path_facts(catalog, &parts.segments()),
        parts,
        host: host_class,
        shape,
        who: setting.rule.client_name.clone(),
        protocol: setting.rule.protocol.clone(),
        slash_breaks: setting.rule.slash_breaks,
        accepts_full: setting.rule.accepts_full,
        default_endpoint: setting.rule.default_endpoint.clone(),
        chosen_region: ctx.region.clone(),
        free_url,
        target_host,
    };

    let mut draft = case.parts.clone();
    let mut problems: Vec<Problem> = cleaned.problem.into_iter().collect();
    problems.extend(query::query_in_base(&case, &mut draft));
    problems.extend(host::console_host(&case, &mut draft));
    problems.extend(host::insecure_scheme(&case, &mut draft));
    problems.extend(host::lookalike_host(&case, &mut draft));
    let mut shape_problems = shape_problems_of(&case);
    // A client that takes either of two shapes (OpenClaw's Anthropic provider strips
    // a trailing `/v1`): a value that fits one of the others has no shape problem.
    if !shape_problems.is_empty() {
        for &other in &setting.rule.also_accepts {
            case.shape = other;
            if shape_problems_of(&case).is_empty() {
                shape_problems.clear();
                break;
            }
        }
        case.shape = shape;
    }
    if !shape_problems.is_empty() {
        // `https://host/v1/?utm_source=…`: a link copied from a browser, its `/` goes with the query.
        let carried_query = case.parts.query.is_some() || case.parts.fragment.is_some();
        let keep_slash = case.parts.has_trailing_slash() && !case.slash_breaks && !carried_query;
        draft.path = shape::target_path(&case) + if keep_slash { "/" } else { "" };
    }
    problems.extend(shape_problems.iter().cloned());
    problems.extend(host::region_mismatch(&case, &mut draft));
    if problems.is_empty() {
        return None;
    }
    problems.sort_by_key(|p| URL_PRECEDENCE.iter().position(|c| *c == p.code));
    let code = problems[0].code;

    let mut message =
        problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join(&crate::tr!("list.semi"));
    if !shape_problems.is_empty() {
        if let Some(requested) = case.requested_path() {
            message.push_str(&crate::tr!("rule.would_request", path = requested));
        }
    }
    let corrected = draft.render();
    // A URL in running prose: the sentence around it may explain it (unsafe).
    let applicability = if problems.iter().any(|p| p.code == Code::CR205) || setting.rule.prose {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    Some(finding(code, message, (corrected != raw).then_some(corrected), applicability))
}

/// `""`, `/`, `/v1`, `/v1beta`, `/v2/`: a path that is only a version segment, if any.
fn is_bare_base(path: &str) -> bool {
    let p = path.trim_matches('/');
    let Some(rest) = p.strip_prefix('v') else { return p.is_empty() };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0 && matches!(&rest[digits..], "" | "beta" | "alpha")
}
