//! Structured data (schema.org JSON-LD) for search engines: the clinic as a `MedicalClinic` on
//! every page, and on each post a `BlogPosting` and a `MedicalWebPage` tied together by `@id`.
//! Only what the page shows is marked up: the theme prints every author, reviewer and date that
//! appears here, and dates are written exactly as in the page's `<time datetime>` attributes.

use serde_json::{Map, Value, json};

use crate::config::{Clinic, Hours, Person};
use crate::site::{RenderedPost, Site};

/// The clinic's node, or `None` without a `clinic` in the config.
pub fn clinic_node(site: &Site) -> Option<Value> {
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
    insert_some(
        &mut node,
        "address",
        clinic.address.as_ref().map(|a| {
            let mut address = object(&[("@type", json!("PostalAddress"))]);
            for (key, value) in [
                ("streetAddress", &a.street),
                ("addressLocality", &a.city),
                ("addressRegion", &a.region),
                ("postalCode", &a.postal_code),
                ("addressCountry", &a.country),
            ] {
                insert_some(&mut address, key, value.as_ref().map(|v| json!(v)));
            }
            Value::Object(address)
        }),
    );
    let hours = opening_hours(clinic);
    if !hours.is_empty() {
        node.insert("openingHoursSpecification".into(), Value::Array(hours));
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
pub fn site_graph(clinic: Option<&Value>) -> String {
    graph(clinic.into_iter().cloned().collect())
}

/// The JSON-LD of a post: the clinic, the article and the medical web page.
pub fn post_graph(
    site: &Site,
    post: &RenderedPost,
    clinic: Option<&Value>,
    description: &str,
    image: Option<&str>,
) -> String {
    let front = &post.post.front;
    let permalink = site.urls.absolute(&post.post.url);
    let article_id = format!("{permalink}#article");
    let page_id = format!("{permalink}#webpage");
    let publisher = match clinic {
        Some(_) => json!({ "@id": clinic_id(site) }),
        None => {
            json!({ "@type": "Organization", "name": site.config.title, "url": site.urls.absolute("/") })
        }
    };
    let mut article = object(&[
        ("@type", json!("BlogPosting")),
        ("@id", json!(article_id)),
        ("headline", json!(front.title)),
        ("description", json!(description)),
        ("url", json!(permalink)),
        ("datePublished", json!(post.post.date.html_datetime())),
        (
            "dateModified",
            json!(
                front
                    .updated
                    .as_ref()
                    .unwrap_or(&post.post.date)
                    .html_datetime()
            ),
        ),
        ("inLanguage", json!(site.config.language.0)),
        ("mainEntityOfPage", json!({ "@id": page_id })),
        ("publisher", publisher),
    ]);
    insert_some(&mut article, "image", image.map(|i| json!(i)));
    if !front.author.0.is_empty() {
        article.insert("author".into(), people(site, &front.author.0));
    }
    if !post.tags.is_empty() {
        article.insert(
            "keywords".into(),
            post.tags
                .iter()
                .map(|&t| json!(site.tags[t].name))
                .collect(),
        );
    }

    let page = medical_web_page(site, post, &permalink, &page_id, &article_id);
    let mut nodes: Vec<Value> = clinic.into_iter().cloned().collect();
    nodes.push(Value::Object(article));
    nodes.push(Value::Object(page));
    graph(nodes)
}

/// The `MedicalWebPage` node of a post: review, audience, conditions and citations.
fn medical_web_page(
    site: &Site,
    post: &RenderedPost,
    permalink: &str,
    page_id: &str,
    article_id: &str,
) -> Map<String, Value> {
    let front = &post.post.front;
    let mut page = object(&[
        ("@type", json!("MedicalWebPage")),
        ("@id", json!(page_id)),
        ("url", json!(permalink)),
        ("name", json!(front.title)),
        ("inLanguage", json!(site.config.language.0)),
        ("mainEntity", json!({ "@id": article_id })),
        ("medicalAudience", json!({ "@type": "Patient" })),
    ]);
    insert_some(
        &mut page,
        "lastReviewed",
        front
            .last_reviewed
            .as_ref()
            .map(|d| json!(d.html_datetime())),
    );
    if !front.reviewed_by.0.is_empty() {
        page.insert("reviewedBy".into(), people(site, &front.reviewed_by.0));
    }
    if !front.conditions.is_empty() {
        let conditions = front.conditions.iter().map(|condition| {
            let mut node = object(&[
                ("@type", json!("MedicalCondition")),
                ("name", json!(condition.name)),
            ]);
            if let (Some(code), Some(system)) = (&condition.code, &condition.code_system) {
                node.insert(
                    "code".into(),
                    json!({ "@type": "MedicalCode", "codeValue": code, "codingSystem": system }),
                );
            }
            Value::Object(node)
        });
        page.insert("about".into(), conditions.collect());
    }
    if !front.references.is_empty() {
        let citations = front.references.iter().map(|reference| {
            let mut node = object(&[
                ("@type", json!("ScholarlyArticle")),
                ("name", json!(reference.title)),
            ]);
            if !reference.authors.0.is_empty() {
                node.insert("author".into(), json!(reference.authors.0.join(", ")));
            }
            insert_some(
                &mut node,
                "isPartOf",
                reference
                    .journal
                    .as_ref()
                    .map(|j| json!({ "@type": "Periodical", "name": j })),
            );
            insert_some(
                &mut node,
                "datePublished",
                reference.year.map(|y| json!(y.to_string())),
            );
            insert_some(
                &mut node,
                "sameAs",
                reference_url(reference).map(|u| json!(u)),
            );
            Value::Object(node)
        });
        page.insert("citation".into(), citations.collect());
    }
    page
}

/// The JSON-LD of a person's page.
pub fn person_graph(site: &Site, id: &str, person: &Person, clinic: Option<&Value>) -> String {
    let mut nodes: Vec<Value> = clinic.into_iter().cloned().collect();
    let permalink = site.urls.absolute(&Site::person_url(id));
    nodes.push(json!({ "@type": "ProfilePage", "@id": format!("{permalink}#page"), "url": permalink, "mainEntity": person_node(site, id, person) }));
    graph(nodes)
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

fn people(site: &Site, ids: &[String]) -> Value {
    ids.iter()
        .filter_map(|id| {
            site.config
                .people
                .get(id)
                .map(|person| person_node(site, id, person))
        })
        .collect()
}

fn person_node(site: &Site, id: &str, person: &Person) -> Value {
    let mut node = object(&[
        ("@type", json!("Person")),
        ("name", json!(person.name)),
        ("url", json!(site.urls.absolute(&Site::person_url(id)))),
    ]);
    insert_some(
        &mut node,
        "honorificSuffix",
        person.credentials.as_ref().map(|c| json!(c)),
    );
    insert_some(
        &mut node,
        "jobTitle",
        person.role.as_ref().map(|r| json!(r)),
    );
    Value::Object(node)
}

fn opening_hours(clinic: &Clinic) -> Vec<Value> {
    clinic
        .hours
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

/// Serializes a graph for a `<script type="application/ld+json">` element. `<`, `>` and `&`
/// are written as `\u003c`, `\u003e` and `\u0026`, which JSON reads as the same characters
/// but which cannot end the script element (`</script>`) or open a comment (`<!--`).
fn graph(nodes: Vec<Value>) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let document = json!({ "@context": "https://schema.org", "@graph": nodes });
    escape_for_script(&document.to_string())
}

/// Makes JSON text safe inside an HTML `<script>` element.
pub fn escape_for_script(json: &str) -> String {
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
        let escaped = escape_for_script(&hostile);
        assert!(!escaped.contains("</script"));
        assert!(!escaped.contains("<!--"));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(
            back["headline"],
            "</script><script>alert(1)</script> <!-- & -->"
        );
    }
}
