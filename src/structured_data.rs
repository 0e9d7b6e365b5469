//! Structured data (schema.org JSON-LD) for search engines: the clinic as a `MedicalClinic` on
//! every page, and on each post a `BlogPosting` and a `MedicalWebPage` tied together by `@id`.
//! Only what the page shows is marked up: the theme prints every author, reviewer and date that
//! appears here, and dates are written exactly as in the page's `<time datetime>` attributes.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::config::{Address, Hours, Location, Person};
use crate::content::PostDate;
use crate::pages::LOCATIONS_PATH;
use crate::site::{RenderedPost, Site};

/// The clinic's node as JSON text, or `None` without a `clinic` in the config. It is the same
/// on every page, so it is made once and spliced into each page's graph.
pub fn clinic_json(site: &Site) -> Option<String> {
    clinic_node(site).map(|node| node.to_string())
}

fn clinic_node(site: &Site) -> Option<Value> {
    let clinic = site.config.clinic.as_ref()?;
    let mut node = object(&[
        ("@type", json!("MedicalClinic")),
        ("@id", json!(clinic_id(site))),
        ("name", json!(clinic.name)),
        ("url", json!(site.urls.absolute("/"))),
    ]);
    insert_some(
        &mut node,
        "telephone",
        clinic.phone.as_ref().map(|p| json!(p)),
    );
    insert_some(&mut node, "email", clinic.email.as_ref().map(|e| json!(e)));
    insert_some(&mut node, "address", clinic.address.as_ref().map(address));
    let hours = opening_hours(&clinic.hours);
    if !hours.is_empty() {
        node.insert("openingHoursSpecification".into(), Value::Array(hours));
    }
    if !clinic.locations.is_empty() {
        node.insert(
            "department".into(),
            clinic
                .locations
                .iter()
                .map(|location| location_node(site, location))
                .collect(),
        );
    }
    if !clinic.medical_specialty.is_empty() {
        node.insert(
            "medicalSpecialty".into(),
            clinic
                .medical_specialty
                .iter()
                .map(|s| json!(s.0))
                .collect(),
        );
    }
    if !site.config.social.is_empty() {
        node.insert(
            "sameAs".into(),
            site.config.social.iter().map(|s| json!(s.url.0)).collect(),
        );
    }
    Some(Value::Object(node))
}

/// The JSON-LD of a page that is not a post: the clinic alone.
pub fn site_graph(clinic: Option<&str>) -> String {
    graph(clinic, &[])
}

// A post's nodes are written from typed views rather than built as `serde_json::Value` trees:
// every post has them, and a tree of owned keys and values cost more than the rest of the
// post's template value. Fields are declared in the order of their keys, as a JSON object
// built with `json!` writes them.

/// `{"@id": ...}`: a reference to a node of the graph.
#[derive(Serialize)]
struct NodeRef<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
}

/// `{"@type": ...}`.
#[derive(Serialize)]
struct Typed {
    #[serde(rename = "@type")]
    kind: &'static str,
}

/// Who publishes a post: the clinic when there is one, else the blog as an organisation.
#[derive(Serialize)]
#[serde(untagged)]
enum Publisher<'a> {
    Clinic(NodeRef<'a>),
    Organization {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'a str,
        url: String,
    },
}

/// A post's `BlogPosting` node.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Article<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Vec<PersonNode<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    description: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<Vec<&'a str>>,
    main_entity_of_page: NodeRef<'a>,
    publisher: Publisher<'a>,
    url: &'a str,
}

/// A post's `MedicalWebPage` node: review, audience, conditions and citations.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MedicalWebPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<Vec<ConditionNode<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    citation: Option<Vec<Citation<'a>>>,
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    main_entity: NodeRef<'a>,
    medical_audience: Typed,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<Vec<PersonNode<'a>>>,
    url: &'a str,
}

/// A condition a post is about.
#[derive(Serialize)]
struct ConditionNode<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<MedicalCode<'a>>,
    name: &'a str,
}

/// A condition's code in a coding system (ICD-10, SNOMED CT...).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MedicalCode<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    code_value: &'a str,
    coding_system: &'a str,
}

/// A reference a post cites.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Citation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_part_of: Option<Periodical<'a>>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    same_as: Option<String>,
}

/// The journal a reference appeared in.
#[derive(Serialize)]
struct Periodical<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// An author or reviewer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PersonNode<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    honorific_suffix: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
    url: String,
}

/// The JSON-LD of a post: the clinic, the article and the medical web page.
pub fn post_graph(
    site: &Site,
    post: &RenderedPost,
    clinic: Option<&str>,
    description: &str,
    image: Option<&str>,
) -> String {
    let front = &post.post.front;
    let permalink = site.urls.absolute(&post.post.url);
    let article_id = format!("{permalink}#article");
    let page_id = format!("{permalink}#webpage");
    let clinic_id = clinic_id(site);
    let publisher = match clinic {
        Some(_) => Publisher::Clinic(NodeRef { id: &clinic_id }),
        None => Publisher::Organization {
            kind: "Organization",
            name: &site.config.title,
            url: site.urls.absolute("/"),
        },
    };
    let article = Article {
        id: &article_id,
        kind: "BlogPosting",
        author: (!front.author.0.is_empty()).then(|| people(site, &front.author.0)),
        date_modified: front
            .updated
            .as_ref()
            .or(post.post.date())
            .map(PostDate::html_datetime),
        date_published: post.post.date().map(PostDate::html_datetime),
        description,
        headline: &front.title,
        image,
        in_language: &site.config.language.0,
        keywords: (!post.tags.is_empty()).then(|| {
            post.tags
                .iter()
                .map(|&t| site.tags[t].name.as_str())
                .collect()
        }),
        main_entity_of_page: NodeRef { id: &page_id },
        publisher,
        url: &permalink,
    };
    let page = medical_web_page(site, post, &permalink, &page_id, &article_id);
    let mut nodes = vec![to_json(&article), to_json(&page)];
    nodes.extend(faq_page(post, &permalink));
    graph(clinic, &nodes)
}

/// The `FAQPage` node of a post or page with a FAQ section: each question with the text of
/// its answer, as the page shows them.
fn faq_page(post: &RenderedPost, permalink: &str) -> Option<String> {
    let faq = &post.markdown.faq;
    if faq.is_empty() {
        return None;
    }
    let questions: Vec<Value> = faq
        .iter()
        .map(|entry| {
            json!({
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": entry.answer},
            })
        })
        .collect();
    Some(
        json!({
            "@type": "FAQPage",
            "@id": format!("{permalink}#faq"),
            "mainEntity": questions,
            "url": permalink,
        })
        .to_string(),
    )
}

/// The `MedicalWebPage` node of a post.
fn medical_web_page<'a>(
    site: &'a Site,
    post: &'a RenderedPost,
    permalink: &'a str,
    page_id: &'a str,
    article_id: &'a str,
) -> MedicalWebPage<'a> {
    let front = &post.post.front;
    let conditions = front.conditions.iter().map(|condition| ConditionNode {
        kind: "MedicalCondition",
        code: match (&condition.code, &condition.code_system) {
            (Some(code), Some(system)) => Some(MedicalCode {
                kind: "MedicalCode",
                code_value: code,
                coding_system: system,
            }),
            _ => None,
        },
        name: &condition.name,
    });
    let citations = front.references.iter().map(|reference| Citation {
        kind: "ScholarlyArticle",
        author: (!reference.authors.0.is_empty()).then(|| reference.authors.0.join(", ")),
        date_published: reference.year.map(|year| year.to_string()),
        is_part_of: reference.journal.as_deref().map(|name| Periodical {
            kind: "Periodical",
            name,
        }),
        name: &reference.title,
        same_as: reference_url(reference),
    });
    MedicalWebPage {
        id: page_id,
        kind: "MedicalWebPage",
        about: (!front.conditions.is_empty()).then(|| conditions.collect()),
        citation: (!front.references.is_empty()).then(|| citations.collect()),
        in_language: &site.config.language.0,
        last_reviewed: front.last_reviewed.as_ref().map(PostDate::html_datetime),
        main_entity: NodeRef { id: article_id },
        medical_audience: Typed { kind: "Patient" },
        name: &front.title,
        reviewed_by: (!front.reviewed_by.0.is_empty()).then(|| people(site, &front.reviewed_by.0)),
        url: permalink,
    }
}

/// The JSON-LD of a person's page: a `ProfilePage` about a `Person`, or a `Physician` when
/// their credentials are a physician's, with the languages they speak, what they treat and
/// whether they take new patients.
pub fn person_graph(site: &Site, id: &str, person: &Person, clinic: Option<&str>) -> String {
    let permalink = site.urls.absolute(&site.person_url(id));
    let mut entity = match serde_json::to_value(person_node(site, id, person)) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    if person.is_physician() {
        entity.insert("@type".into(), json!("Physician"));
        insert_some(
            &mut entity,
            "isAcceptingNewPatients",
            person
                .accepting_new_patients
                .map(|accepting| json!(accepting)),
        );
    }
    if !person.languages.is_empty() {
        entity.insert("knowsLanguage".into(), json!(person.languages));
    }
    if !person.specialties.is_empty() {
        entity.insert("knowsAbout".into(), json!(person.specialties));
    }
    let page = json!({
        "@id": format!("{permalink}#page"),
        "@type": "ProfilePage",
        "mainEntity": entity,
        "url": permalink,
    });
    graph(clinic, &[page.to_string()])
}

/// The best link for a reference: DOI, else PubMed, else its URL.
pub fn reference_url(reference: &crate::content::Reference) -> Option<String> {
    reference
        .doi
        .as_ref()
        .map(|doi| format!("https://doi.org/{}", doi.0))
        .or_else(|| {
            reference
                .pmid
                .as_ref()
                .map(|pmid| format!("https://pubmed.ncbi.nlm.nih.gov/{}/", pmid.0))
        })
        .or_else(|| reference.url.as_ref().map(|url| url.0.clone()))
}

fn people<'a>(site: &'a Site, ids: &'a [String]) -> Vec<PersonNode<'a>> {
    ids.iter()
        .filter_map(|id| {
            site.config
                .people
                .get(id)
                .map(|person| person_node(site, id, person))
        })
        .collect()
}

fn person_node<'a>(site: &Site, id: &str, person: &'a Person) -> PersonNode<'a> {
    PersonNode {
        kind: "Person",
        honorific_suffix: person.credentials.as_deref(),
        job_title: person.role.as_deref(),
        name: &person.name,
        url: site.urls.absolute(&site.person_url(id)),
    }
}

/// A postal address.
fn address(address: &Address) -> Value {
    let mut node = object(&[("@type", json!("PostalAddress"))]);
    for (key, value) in [
        ("streetAddress", &address.street),
        ("addressLocality", &address.city),
        ("addressRegion", &address.region),
        ("postalCode", &address.postal_code),
        ("addressCountry", &address.country),
    ] {
        insert_some(&mut node, key, value.as_ref().map(|v| json!(v)));
    }
    Value::Object(node)
}

/// One of the clinic's sites, as a `MedicalClinic` of its own.
fn location_node(site: &Site, location: &Location) -> Value {
    let mut node = object(&[
        ("@type", json!("MedicalClinic")),
        (
            "@id",
            json!(format!(
                "{}#{}",
                site.urls.absolute(LOCATIONS_PATH),
                location.id()
            )),
        ),
        ("name", json!(location.name)),
        ("address", address(&location.address)),
    ]);
    insert_some(
        &mut node,
        "telephone",
        location.phone.as_ref().map(|p| json!(p)),
    );
    insert_some(
        &mut node,
        "email",
        location.email.as_ref().map(|e| json!(e)),
    );
    if let (Some(latitude), Some(longitude)) = (location.latitude, location.longitude) {
        node.insert(
            "geo".into(),
            json!({"@type": "GeoCoordinates", "latitude": latitude.0, "longitude": longitude.0}),
        );
    }
    let hours = opening_hours(&location.hours);
    if !hours.is_empty() {
        node.insert("openingHoursSpecification".into(), Value::Array(hours));
    }
    Value::Object(node)
}

/// The JSON-LD of a page of the pages folder: a `MedicalWebPage` when it is medically
/// reviewed, else an `AboutPage` or `ContactPage` by its address, else a `WebPage`.
pub fn page_graph(
    site: &Site,
    page: &RenderedPost,
    clinic: Option<&str>,
    description: &str,
) -> String {
    let front = &page.post.front;
    let permalink = site.urls.absolute(&page.post.url);
    let reviewed = !front.reviewed_by.0.is_empty() || front.last_reviewed.is_some();
    let kind = match page.post.slug.as_str() {
        _ if reviewed => "MedicalWebPage",
        "about" | "about-us" => "AboutPage",
        "contact" | "contact-us" => "ContactPage",
        _ => "WebPage",
    };
    let mut node = object(&[
        ("@type", json!(kind)),
        ("@id", json!(format!("{permalink}#webpage"))),
        ("name", json!(front.title)),
        ("description", json!(description)),
        ("inLanguage", json!(site.config.language.0)),
        ("url", json!(permalink)),
    ]);
    if site.config.clinic.is_some() {
        node.insert("publisher".into(), json!({"@id": clinic_id(site)}));
    }
    if !front.author.0.is_empty() {
        node.insert("author".into(), json!(people(site, &front.author.0)));
    }
    if reviewed {
        node.insert("medicalAudience".into(), json!({"@type": "Patient"}));
    }
    if !front.reviewed_by.0.is_empty() {
        node.insert(
            "reviewedBy".into(),
            json!(people(site, &front.reviewed_by.0)),
        );
    }
    insert_some(
        &mut node,
        "lastReviewed",
        front
            .last_reviewed
            .as_ref()
            .map(|date| json!(date.html_datetime())),
    );
    let mut nodes = vec![Value::Object(node).to_string()];
    nodes.extend(faq_page(page, &permalink));
    graph(clinic, &nodes)
}

fn opening_hours(hours: &[Hours]) -> Vec<Value> {
    hours
        .iter()
        .filter_map(|hours| match hours {
            Hours::Open(open) => Some(json!({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": open.days.0.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "opens": open.opens.0,
                "closes": open.closes.0,
            })),
            Hours::Text(_) => None,
        })
        .collect()
}

fn clinic_id(site: &Site) -> String {
    format!("{}#clinic", site.urls.absolute("/"))
}

fn object(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(key, value)| ((*key).to_owned(), value.clone()))
        .collect()
}

fn insert_some(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        map.insert(key.to_owned(), value);
    }
}

/// A node as JSON text.
fn to_json(node: &impl Serialize) -> String {
    // Serialising typed views into a string cannot fail: every key is a string.
    serde_json::to_string(node).unwrap_or_default()
}

/// The graph of the clinic's node (JSON text, see [`clinic_json`]) and `nodes`, for a
/// `<script type="application/ld+json">` element; empty when there are no nodes. `<`, `>` and
/// `&` are written as `\u003c`, `\u003e` and `\u0026`, which JSON reads as the same
/// characters but which cannot end the script element (`</script>`) or open a comment
/// (`<!--`).
fn graph(clinic: Option<&str>, nodes: &[String]) -> String {
    let mut parts = clinic.into_iter().chain(nodes.iter().map(String::as_str));
    let Some(first) = parts.next() else {
        return String::new();
    };
    let mut json = String::from(r#"{"@context":"https://schema.org","@graph":["#);
    json.push_str(first);
    for part in parts {
        json.push(',');
        json.push_str(part);
    }
    json.push_str("]}");
    escape_for_script(json)
}

/// Makes JSON text safe inside an HTML `<script>` element. Most graphs have nothing to
/// escape, and are returned as they are.
pub fn escape_for_script(json: String) -> String {
    // U+2028 and U+2029 are the only escaped characters whose UTF-8 starts with 0xE2.
    if !json.bytes().any(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2)) {
        return json;
    }
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_for_script;

    #[test]
    fn script_breakouts_are_escaped_and_the_json_still_parses() {
        let hostile =
            serde_json::json!({ "headline": "</script><script>alert(1)</script> <!-- & -->" })
                .to_string();
        let escaped = escape_for_script(hostile);
        assert!(!escaped.contains("</script"));
        assert!(!escaped.contains("<!--"));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(
            back["headline"],
            "</script><script>alert(1)</script> <!-- & -->"
        );
    }
}
