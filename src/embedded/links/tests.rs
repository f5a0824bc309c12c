//! Tests of the link extractor: where a link starts and ends in its
//! container, what it decodes to, and that re-encoding the unchanged document
//! gives back the very same link.

use super::*;

fn forms() -> Vec<LinkForm<'static>> {
    vec![
        LinkForm {
            scheme: "ccswitch",
            path: "v1/import",
            requires: vec![("resource", "provider")],
            app_param: Some("app"),
            first_item: vec![("endpoint", ",")],
            targets: vec![LinkTarget {
                app: "claude",
                name: "Claude Code",
                file: ".claude/settings.json",
                format: Format::Json,
                template: Some(r#"{"env": {"ANTHROPIC_BASE_URL": "{endpoint}"}}"#),
                params: vec![("endpoint", "env.ANTHROPIC_BASE_URL")],
                payload: Some("config"),
            }],
        },
        LinkForm {
            scheme: "cherrystudio",
            path: "providers/api-keys",
            requires: vec![],
            app_param: None,
            first_item: vec![],
            targets: vec![LinkTarget {
                app: "",
                name: "Cherry Studio",
                file: "cherry-studio/provider-import.json",
                format: Format::Json,
                template: None,
                params: vec![],
                payload: Some("data"),
            }],
        },
    ]
}

fn extract(text: &str) -> Extraction {
    let forms = forms();
    let v = Vocabulary { counterexample_labels: &[], counterexample_marks: &[], links: &forms };
    Links.extract(text, &v)
}

fn span(inner: &Inner) -> Range<usize> {
    match &inner.placement {
        Placement::Encoded { span, .. } => span.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_link_ends_where_its_container_ends_it() {
    let link = "ccswitch://v1/import?resource=provider&app=claude&endpoint=https%3A%2F%2Fh.test%2Fv1";
    for text in [
        format!("[Import]({link}) and more"),
        format!("<a href=\"{link}\">Import</a>"),
        format!("See {link}."),
        format!("LINK = '{link}'\n"),
        format!("`{link}`"),
    ] {
        let found = extract(&text);
        assert_eq!(found.inners.len(), 1, "{text}");
        assert_eq!(&text[span(&found.inners[0])], link, "{text}");
        assert_eq!(found.inners[0].text, r#"{"env": {"ANTHROPIC_BASE_URL": "https://h.test/v1"}}"#);
        assert_eq!(found.inners[0].file.as_deref(), Some(".claude/settings.json"));
    }
}

#[test]
fn html_escaped_ampersands_and_fragments_are_read() {
    let text =
        "<a href=\"ccswitch://v1/import?resource=provider&amp;app=claude&amp;endpoint=https://h.test#x\">";
    let found = extract(text);
    assert_eq!(found.inners.len(), 1);
    assert!(found.inners[0].text.contains("\"https://h.test\""), "{}", found.inners[0].text);
}

#[test]
fn links_of_other_resources_schemes_or_words_are_not_read() {
    for text in [
        "ccswitch://v1/import?resource=mcp&app=claude&endpoint=https://h.test",
        "ccswitch://v1/import?resource=provider&app=nobody&endpoint=https://h.test",
        "ccswitch://v2/import?resource=provider&app=claude&endpoint=https://h.test",
        "xccswitch://v1/import?resource=provider&app=claude&endpoint=https://h.test",
        "ccswitch://v1/import?resource=provider&app=claude",
    ] {
        let found = extract(text);
        assert!(found.inners.is_empty() && found.problems.is_empty(), "{text}");
    }
}

#[test]
fn unchanged_documents_reencode_to_the_same_link() {
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(r#"{"id":"x","baseUrl":"https://h.test/v1"}"#);
    for link in [
        "ccswitch://v1/import?resource=provider&app=claude&name=A%20B&endpoint=https%3A%2F%2Fh.test"
            .to_string(),
        "ccswitch://v1/import?resource=provider&app=claude&endpoint=https://h.test&apiKey=k".to_string(),
        format!("cherrystudio://providers/api-keys?v=1&data={payload}"),
    ] {
        let found = extract(&link);
        let inner = &found.inners[0];
        let Placement::Encoded { encode: Some(encode), .. } = &inner.placement else { panic!() };
        assert_eq!(encode(&inner.text).as_deref(), Some(link.as_str()));
    }
}

#[test]
fn a_fixed_value_is_written_back_encoded_as_it_was() {
    let link = "ccswitch://v1/import?resource=provider&app=claude&endpoint=https%3A%2F%2Fh.test%2Fv1&name=x";
    let found = extract(link);
    let inner = &found.inners[0];
    let Placement::Encoded { encode: Some(encode), .. } = &inner.placement else { panic!() };
    let fixed = inner.text.replace("https://h.test/v1", "https://h.test");
    assert_eq!(
        encode(&fixed).unwrap(),
        "ccswitch://v1/import?resource=provider&app=claude&endpoint=https%3A%2F%2Fh.test&name=x"
    );
}

#[test]
fn a_list_parameter_gives_its_first_item_and_a_fix_rewrites_only_that_item() {
    for (sep, encoded) in [(",", false), ("%2C", true), ("%2c", true)] {
        let first = if encoded { "https%3A%2F%2Fh.test%2Fv1" } else { "https://h.test/v1" };
        let link = format!(
            "ccswitch://v1/import?resource=provider&app=claude&endpoint={first}{sep}https://cn.h.test&name=x"
        );
        let found = extract(&link);
        let inner = &found.inners[0];
        assert_eq!(inner.text, r#"{"env": {"ANTHROPIC_BASE_URL": "https://h.test/v1"}}"#, "{link}");
        let Placement::Encoded { encode: Some(encode), .. } = &inner.placement else { panic!() };
        assert_eq!(encode(&inner.text).as_deref(), Some(link.as_str()));
        let fixed = inner.text.replace("https://h.test/v1", "https://h.test");
        let want = if encoded { "https%3A%2F%2Fh.test" } else { "https://h.test" };
        assert_eq!(
            encode(&fixed).unwrap(),
            format!("ccswitch://v1/import?resource=provider&app=claude&endpoint={want}{sep}https://cn.h.test&name=x")
        );
    }
    // One item: the whole value, as before.
    let found = extract("ccswitch://v1/import?resource=provider&app=claude&endpoint=https://h.test");
    assert!(found.inners[0].text.contains("\"https://h.test\""));
}

#[test]
fn the_base64_config_form_is_read_when_the_url_has_no_endpoint() {
    let config = base64::engine::general_purpose::STANDARD
        .encode(r#"{"env":{"ANTHROPIC_BASE_URL":"https://h.test"}}"#);
    // CC Switch restores the `+` a query turns into a space.
    let link =
        format!("ccswitch://v1/import?resource=provider&app=claude&config={}", config.replace('+', " "));
    let found = extract(&link);
    assert_eq!(found.inners[0].text, r#"{"env":{"ANTHROPIC_BASE_URL":"https://h.test"}}"#);
}

#[test]
fn broken_links_are_problems_with_their_reason() {
    let cases = [
        ("cherrystudio://providers/api-keys?data=%G1", "invalid percent-encoding `%G1`"),
        ("cherrystudio://providers/api-keys?data=abc%", "invalid percent-encoding `%`"),
        ("cherrystudio://providers/api-keys?data=%FF%FE", "not UTF-8"),
        ("cherrystudio://providers/api-keys?data=***", "not valid base64"),
        ("cherrystudio://providers/api-keys?data=__8", "does not decode to UTF-8 text"),
    ];
    for (text, reason) in cases {
        let found = extract(text);
        assert!(found.inners.is_empty(), "{text}");
        assert_eq!(found.problems.len(), 1, "{text}");
        assert_eq!(found.problems[0].0, 0..text.len());
        assert!(found.problems[0].1.contains(reason), "{text}: {}", found.problems[0].1);
    }
}
